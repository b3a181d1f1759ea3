"""Uploads are checked (type, length, size) and normalised to the one format phones get."""

import io
import time

import av
import av.error
import pytest

from speech import audio
from speech.errors import AudioRejected
from tests.speech.conftest import SDP, recorded, tone_wav


def test_normalise_turns_espeak_wav_into_mono_mp3(speech_wav: bytes) -> None:
    encoded = audio.normalise(speech_wav)
    with av.open(io.BytesIO(encoded.data)) as container:
        stream = container.streams.audio[0]
        assert container.format.name == "mp3"
        assert stream.codec_context.channels == 1
        assert stream.codec_context.sample_rate == audio.RATE
        assert stream.codec_context.bit_rate <= 32_000
    assert 0.5 < encoded.seconds < 2.0
    assert len(encoded.data) < 20_000


def test_normalise_reads_webm_opus_as_browsers_record_it(speech_wav: bytes) -> None:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm") as out:
        stream = out.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        with av.open(io.BytesIO(speech_wav)) as source:
            resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
            for frame in source.decode(audio=0):
                for ready in resampler.resample(frame):
                    out.mux(stream.encode(ready))
        out.mux(stream.encode(None))
    assert audio.normalise(buffer.getvalue()).seconds > 0.5


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is a text file, not audio\n" * 20, "not audio"),
        (tone_wav(40), "30 s"),
        (tone_wav(70, rate=16000), "bytes"),
        (b"", "empty"),
        (tone_wav(0.05) + b"", "silence|no speech|not audio"),
    ],
)
def test_normalise_refuses_what_is_not_a_short_recording(data: bytes, reason: str) -> None:
    with pytest.raises(AudioRejected, match=reason):
        audio.normalise(data)


@pytest.mark.parametrize(
    ("format", "codec", "rate"),
    [
        ("webm", "libopus", 48000),  # Chrome's and Edge's MediaRecorder
        ("ogg", "libopus", 48000),  # Firefox's
        ("mp4", "aac", 44100),  # Safari's
        ("mp3", "libmp3lame", 44100),  # a file chosen instead of recording
    ],
)
def test_normalise_reads_what_browsers_record_and_mp3(
    speech_wav: bytes, format: str, codec: str, rate: int
) -> None:
    assert audio.normalise(recorded(speech_wav, format, codec, rate)).seconds > 0.5


@pytest.mark.parametrize(
    "data",
    [
        SDP,
        b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/a.ts\n",
        b"ffconcat version 1.0\nfile /etc/passwd\n",
        b"[playlist]\nFile1=http://127.0.0.1:9/stream\nNumberOfEntries=1\n",
    ],
    ids=["sdp", "hls", "concat", "pls"],
)
def test_normalise_refuses_descriptions_and_playlists_before_any_demuxer_reads_them(
    data: bytes,
) -> None:
    started = time.monotonic()
    with pytest.raises(AudioRejected, match="not audio") as refused:
        audio.normalise(data)
    assert refused.value.field == "audio"
    assert time.monotonic() - started < 2.0


def test_demuxers_open_no_protocol_even_when_a_description_gets_through() -> None:
    started = time.monotonic()
    with pytest.raises(av.error.FFmpegError):
        av.open(io.BytesIO(SDP), format="sdp", container_options=audio.OPEN_OPTIONS)
    assert time.monotonic() - started < 2.0


def test_normalise_refuses_a_codec_outside_the_whitelist(speech_wav: bytes) -> None:
    with pytest.raises(AudioRejected, match="flac"):
        audio.normalise(recorded(speech_wav, "matroska", "flac", 44100))


def test_normalise_refuses_a_matroska_of_one_sample_blocks(tiny_blocks_mkv: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(AudioRejected, match="blocks"):
        audio.normalise(tiny_blocks_mkv)
    assert time.monotonic() - started < 2.0
