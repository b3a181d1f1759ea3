"""Uploads are checked (type, length, size) and normalised to the one format phones get."""

import io

import av
import pytest

from speech import audio
from speech.errors import AudioRejected
from tests.speech.conftest import tone_wav


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
