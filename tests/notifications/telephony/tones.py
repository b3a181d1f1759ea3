"""Short, distinct sounds for the SIP tests: a tone per part, so that the phone's side can
tell which part it heard, and in which order, from the RTP it received."""

import math
import warnings

from notifications.telephony import sound
from notifications.telephony.gateway import AudioPart

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop  # G.711 mu-law, as the phone hears it (in the standard library until 3.13)


def tone(name: str, hertz: float, seconds: float = 0.3) -> AudioPart:
    """A WAV of a sine tone, as a part of a call (the library's parts are MP3; both decode)."""
    count = int(sound.RATE * seconds)
    samples = b"".join(
        int(8000 * math.sin(2 * math.pi * hertz * n / sound.RATE)).to_bytes(
            2, "little", signed=True
        )
        for n in range(count)
    )
    return AudioPart(name, f"/test/{name}.wav", sound.wav(samples))


def mu_law(part: AudioPart) -> bytes:
    """The part as the phone receives it: its samples, G.711 mu-law."""
    return audioop.lin2ulaw(sound.pcm(part.data), 2)


def same_sound(heard: bytes, expected: bytes) -> bool:
    """Whether two mu-law stretches are one sound: encoders may round a sample to the next
    code, or write silence as "negative zero" (baresip's table and ``audioop`` differ so on
    a few samples), so the samples are compared decoded, each within one code's step."""
    if len(heard) != len(expected):
        return False
    a = memoryview(audioop.ulaw2lin(heard, 2)).cast("h")
    b = memoryview(audioop.ulaw2lin(expected, 2)).cast("h")
    off = sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > max(16, abs(y) // 8))
    return off <= len(expected) // 50


def find_part(received: bytes, part: AudioPart, start: int = 0) -> int:
    """Where ``part`` begins, whole, in ``received`` at or after ``start``; -1 if nowhere."""
    expected = mu_law(part)
    for offset in range(0, min(len(expected) - 16, 400), 16):
        at = start
        while (found := received.find(expected[offset : offset + 16], at)) >= 0:
            begin = found - offset
            if begin >= start and same_sound(received[begin : begin + len(expected)], expected):
                return begin
            at = found + 1
    return -1


def heard_in_order(received: bytes, parts: list[AudioPart]) -> list[str]:
    """The names of ``parts`` found whole in ``received``, one after the other, in order."""
    found, at = [], 0
    for part in parts:
        where = find_part(received, part, at)
        if where < 0:
            break
        found.append(part.name)
        at = where + len(mu_law(part))
    return found
