"""A call's audio as the telephone carries it: 8 kHz, mono, 16-bit WAV, one file per stretch
that is played without a pause (the reminder and its question; the question again; a
goodbye), composed from the speech library's files (MP3 as it keeps them) with PyAV."""

import io
import wave
from collections.abc import Sequence
from pathlib import Path

import av

from notifications.telephony.gateway import AudioPart

RATE = 8000
WIDTH = 2  # bytes a sample
OPEN_OPTIONS = {"protocol_whitelist": "none"}  # decoded from memory; nothing else is opened


def pcm(data: bytes) -> bytes:
    """The samples of one encoded file, as 8 kHz mono 16-bit little-endian PCM (each file
    resampled on its own, so that a part sounds the same wherever it stands)."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    out = bytearray()
    with av.open(io.BytesIO(data), mode="r", container_options=OPEN_OPTIONS) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            for ready in resampler.resample(frame):
                out += bytes(ready.planes[0])[: ready.samples * WIDTH]
        for ready in resampler.resample(None):
            out += bytes(ready.planes[0])[: ready.samples * WIDTH]
    return bytes(out)


def silence(seconds: float) -> bytes:
    return bytes(int(seconds * RATE) * WIDTH)


def seconds(samples: bytes) -> float:
    return len(samples) / (RATE * WIDTH)


def compose(parts: Sequence[AudioPart]) -> bytes:
    """The parts' samples one after the other."""
    return b"".join(pcm(part.data) for part in parts)


def wav(samples: bytes) -> bytes:
    """A WAV file of ``samples``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(WIDTH)
        out.setframerate(RATE)
        out.writeframes(samples)
    return buffer.getvalue()


def write(path: Path, samples: bytes) -> float:
    """Write ``samples`` as a WAV file at ``path``; its length in seconds."""
    path.write_bytes(wav(samples))
    return seconds(samples)
