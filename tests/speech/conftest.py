"""Real audio for the speech tests: espeak-ng's WAV, and files that must be refused."""

import io
import math
import struct
import subprocess
import wave
from fractions import Fraction

import av
import pytest

# An SDP names an RTP stream to listen on: FFmpeg's probe takes it for a format, binds the UDP
# port and the next one (RTCP), and waits 10 s for packets (issue 25, point 2).
SDP = b"v=0\no=- 0 0 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 8324 RTP/AVP 0\n"
SDP_PORTS = (8324, 8325)


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


def tiny_blocks_matroska(blocks: int = 240_000) -> bytes:
    """A Matroska of ``blocks`` PCM blocks of one sample each (30 s at 8 kHz, under 2 MB):
    cheap to send, and each block a frame for the decoder."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="matroska") as out:
        stream = out.add_stream("pcm_s16le", rate=8000)
        stream.layout = "mono"
        for index in range(blocks):
            packet = av.Packet(struct.pack("<h", 3000 if index % 20 < 10 else -3000))
            packet.stream = stream
            packet.pts = packet.dts = index
            packet.time_base = Fraction(1, 8000)
            out.mux(packet)
    return buffer.getvalue()


def recorded(speech_wav: bytes, format: str, codec: str, rate: int = 48000) -> bytes:
    """``speech_wav`` re-encoded as a browser's recorder (or a phone) would give it."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=format) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        with av.open(io.BytesIO(speech_wav)) as source:
            sample_format = stream.codec_context.codec.audio_formats[0].name
            resampler = av.AudioResampler(format=sample_format, layout="mono", rate=rate)
            frame_size = stream.codec_context.frame_size or 960
            fifo = av.AudioFifo()
            for frame in source.decode(audio=0):
                for ready in resampler.resample(frame):
                    fifo.write(ready)
                    for chunk in fifo.read_many(frame_size):
                        out.mux(stream.encode(chunk))
            for ready in resampler.resample(None):
                fifo.write(ready)
            rest = fifo.read()
            if rest is not None:
                out.mux(stream.encode(rest))
        out.mux(stream.encode(None))
    return buffer.getvalue()


@pytest.fixture(scope="session")
def tiny_blocks_mkv() -> bytes:
    return tiny_blocks_matroska()
