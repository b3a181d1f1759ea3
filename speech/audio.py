"""Audio in and out: an upload (whatever container a browser's MediaRecorder gives: WebM or
Ogg with Opus, MP4 with AAC, WAV) is checked and normalised into the one format phones get.

An upload is untrusted: its container is told from its first bytes and forced on FFmpeg (whose
own probe also takes SDP descriptions and playlists, which open network streams), only audio
codecs of recorders are decoded, a file cut into absurdly many blocks is refused, and the
server decodes in a child process under limits (``normalise_async``, see ``speech.sandbox``).

The format: MP3, mono, 24 kHz, 24 kbit/s CBR. MP3 plays in every browser, Chrome on Android
and Safari on iOS 15+ alike (Opus in WebM does not play on iOS 15, AAC needs an MP4 muxer that
browsers stream less reliably); 24 kbit/s keeps a three-second prompt near 9 KB.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

import av
import av.error
from av.audio.frame import AudioFrame

from speech import sandbox
from speech.errors import AudioRejected

MAX_BYTES = 2 * 1024 * 1024
MAX_SECONDS = 30.0
MIN_SECONDS = 0.2
RATE = 24_000
BIT_RATE = 24_000
MEDIA_TYPE = "audio/mpeg"
SUFFIX = "mp3"
# Leading and trailing silence below this level is cut; speech in between is left alone.
SILENCE = "-45dB"
# EBU R128 integrated loudness a prompt is brought to, and the true peak it may not pass.
LOUDNESS = "loudnorm=I=-18:TP=-2:LRA=11"
# Codecs of recorders and phones (by FFmpeg's canonical name); pcm_* is WAV's.
CODECS = frozenset({"opus", "vorbis", "aac", "mp3"})
# A recorder's block (an Opus or AAC frame, a page of WAV) lasts 2.5 ms or more: a file whose
# blocks are shorter on average is built to make the decoder allocate a frame per sample (a
# 1.9 MB Matroska of one-sample blocks grew a server by 415 MB), and is refused after a few.
MIN_BLOCK_SECONDS = 0.002
MAX_BLOCKS = int(MAX_SECONDS / MIN_BLOCK_SECONDS)
MAX_STREAMS = 8
# No protocol at all: the bytes are read from memory, and nothing a file names is opened.
OPEN_OPTIONS = {"protocol_whitelist": "none"}


@dataclass(frozen=True, slots=True)
class Encoded:
    data: bytes
    seconds: float


def normalise(data: bytes) -> Encoded:
    """Check an uploaded or generated file and give it back as the served format: mono,
    silence trimmed at both ends, loudness-normalised. Raise ``AudioRejected`` (with the
    reason) for anything that is not audio, longer than 30 s or larger than 2 MB."""
    frames = _decode(data, container_of(data))
    seconds = sum(frame.samples for frame in frames) / RATE
    if seconds > MAX_SECONDS:
        raise AudioRejected(
            f"the recording lasts {seconds:.1f} s; at most {MAX_SECONDS:.0f} s", field="audio"
        )
    cleaned = _filter(frames)
    kept = sum(frame.samples for frame in cleaned) / RATE
    if kept < MIN_SECONDS:
        raise AudioRejected("the recording holds no speech (only silence)", field="audio")
    return Encoded(_encode(cleaned), kept)


async def normalise_async(data: bytes) -> Encoded:
    """``normalise`` in a child process under CPU, memory and wall-time limits, awaited: the
    event loop serves other requests meanwhile, and a hostile file is cut off. What is refused
    by its bytes alone (size, emptiness, container) is refused at once, without a process."""
    container_of(data)
    encoded, seconds = await sandbox.run_async(_normalised, data)
    return Encoded(encoded, seconds)


def _normalised(data: bytes) -> tuple[bytes, float]:
    """``normalise`` as the sandbox's child gives it back: the file and its seconds."""
    encoded = normalise(data)
    return encoded.data, encoded.seconds


def container_of(data: bytes) -> str:
    """The demuxer for ``data``, told by its first bytes: Matroska (and WebM), Ogg, MP4,
    WAV or MP3. Raise ``AudioRejected`` for anything else, and for an empty or too large file."""
    if len(data) > MAX_BYTES:
        raise AudioRejected(
            f"the file has {len(data)} bytes; at most {MAX_BYTES} are taken", field="audio"
        )
    if not data:
        raise AudioRejected("the file is empty", field="audio")
    if data.startswith(b"\x1a\x45\xdf\xa3"):  # EBML
        return "matroska"
    if data.startswith(b"OggS"):
        return "ogg"
    if data[4:8] == b"ftyp":  # ISO base media: MP4, M4A, 3GP
        return "mp4"
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "wav"
    # An ID3 tag, or an MPEG audio frame: 11 sync bits, then a layer (ADTS AAC has none).
    frame = len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06 != 0
    if data.startswith(b"ID3") or frame:
        return "mp3"
    raise AudioRejected(
        "the file is not audio that can be read: WebM, Ogg, MP4, WAV or MP3 are taken",
        field="audio",
    )


def duration(data: bytes) -> float:
    """Seconds of audio in ``data`` (an encoded file), decoded to the end."""
    return sum(frame.samples for frame in _decode(data, container_of(data))) / RATE


def _decode(data: bytes, format: str) -> list[AudioFrame]:
    """Every frame of the first audio stream, resampled to mono 16-bit at ``RATE``."""
    try:
        container = av.open(
            io.BytesIO(data), mode="r", format=format, container_options=OPEN_OPTIONS
        )
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise AudioRejected("the file is not audio that can be read", field="audio") from exc
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    frames: list[AudioFrame] = []
    try:
        decoded = 0.0
        for frame in _frames(container):
            decoded += frame.samples / (frame.sample_rate or RATE)
            if decoded > MAX_SECONDS + 1:
                raise AudioRejected(
                    f"the recording lasts over {MAX_SECONDS:.0f} s; at most {MAX_SECONDS:.0f} s",
                    field="audio",
                )
            frames.extend(resampler.resample(frame))
        frames.extend(resampler.resample(None))
    except MemoryError:  # av.error.MemoryError too: out of the memory the sandbox allows
        raise
    except av.error.FFmpegError as exc:
        raise AudioRejected("the audio in the file is damaged", field="audio") from exc
    finally:
        container.close()
    if not frames:
        raise AudioRejected("the file holds no audio", field="audio")
    return frames


def _frames(container: av.container.InputContainer) -> Iterator[AudioFrame]:
    """The decoded frames of the first audio stream, once its codec is one of ``CODECS`` and
    while its blocks are not absurdly many or short."""
    if len(container.streams) > MAX_STREAMS:
        raise AudioRejected(
            f"the file holds {len(container.streams)} streams; a recording has one",
            field="audio",
        )
    if not container.streams.audio:
        raise AudioRejected("the file holds no audio", field="audio")
    stream = container.streams.audio[0]
    codec = stream.codec_context.codec.canonical_name
    if codec not in CODECS and not codec.startswith("pcm_"):
        raise AudioRejected(
            f"the audio is {codec}; Opus, Vorbis, AAC, MP3 or PCM are taken", field="audio"
        )
    seconds = 0.0
    for blocks, packet in enumerate(container.demux(stream), start=1):
        if blocks > MAX_BLOCKS or (blocks > 500 and seconds < blocks * MIN_BLOCK_SECONDS):
            raise AudioRejected(
                f"the file is cut into {blocks} blocks for {seconds:.2f} s of audio; a"
                f" recording's blocks last {MIN_BLOCK_SECONDS * 1000:.0f} ms or more",
                field="audio",
            )
        for frame in packet.decode():
            seconds += frame.samples / (frame.sample_rate or RATE)
            yield frame


def _filter(frames: list[AudioFrame]) -> list[AudioFrame]:
    """Trim silence at both ends (trim the start, reverse, trim again, reverse back), then
    normalise loudness, back to mono 16-bit at ``RATE``."""
    graph = av.filter.Graph()
    source = graph.add_abuffer(format="s16", sample_rate=RATE, layout="mono", time_base=f"1/{RATE}")
    trim = f"start_periods=1:start_threshold={SILENCE}:start_silence=0.05"
    chain = [
        ("silenceremove", trim),
        ("areverse", None),
        ("silenceremove", trim),
        ("areverse", None),
        ("loudnorm", LOUDNESS.split("=", 1)[1]),
        ("aresample", str(RATE)),
        ("aformat", f"sample_fmts=s16:channel_layouts=mono:sample_rates={RATE}"),
    ]
    previous = source
    for name, arguments in chain:
        node = graph.add(name, arguments)
        previous.link_to(node)
        previous = node
    sink = graph.add("abuffersink")
    previous.link_to(sink)
    graph.configure()
    pts = 0
    for frame in frames:
        frame.pts = pts
        pts += frame.samples
        source.push(frame)
    source.push(None)
    out: list[AudioFrame] = []
    while True:
        try:
            out.append(sink.pull())
        except (av.error.BlockingIOError, av.error.EOFError):
            break
    return out


def _encode(frames: list[AudioFrame]) -> bytes:
    """MP3 (libmp3lame), mono, ``RATE``, ``BIT_RATE``."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=RATE)
        stream.bit_rate = BIT_RATE
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16p", layout="mono", rate=RATE)
        for frame in frames:
            frame.pts = None
            for ready in resampler.resample(frame):
                container.mux(stream.encode(ready))
        for ready in resampler.resample(None):
            container.mux(stream.encode(ready))
        container.mux(stream.encode(None))
    return buffer.getvalue()
