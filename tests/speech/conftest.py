"""Real audio for the speech tests: espeak-ng's WAV, and files that must be refused."""

import io
import math
import struct
import subprocess
import wave

import pytest


def espeak_wav(text: str = "Valitse kieli", voice: str = "fi") -> bytes:
    return subprocess.run(
        ["espeak-ng", "-v", voice, "--stdout", text], check=True, capture_output=True
    ).stdout


def tone_wav(seconds: float, rate: int = 8000) -> bytes:
    """A 300 Hz tone of ``seconds``, mono 16-bit WAV."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 300 * i / rate)))
            for i in range(int(seconds * rate))
        )
        out.writeframes(b"".join(frames))
    return buffer.getvalue()


@pytest.fixture(scope="session")
def speech_wav() -> bytes:
    return espeak_wav()
