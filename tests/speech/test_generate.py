"""The committed generated files say the current text of each prompt and clip: a prompt
whose text changes without ``neuvo prompts generate`` fails here."""

import hashlib
import io
import statistics

import av
import pytest

from speech import generate, library
from speech.models import RecordingKind


@pytest.mark.parametrize("lang", sorted(generate.VOICES))
def test_every_generated_file_was_made_from_the_current_text(lang: str) -> None:
    entry = library.generated_manifest()[lang]
    assert entry["voice"] == generate.VOICES[lang]
    wanted = library.texts(lang)
    made = {
        (RecordingKind(kind[:-1]), key): facts
        for kind in ("prompts", "clips")
        for key, facts in entry[kind].items()
    }
    assert set(made) == set(wanted), "run: neuvo prompts generate --lang " + lang
    sizes: list[int] = []
    for item, text in wanted.items():
        facts = made[item]
        assert facts["text_sha256"] == library.text_hash(text), (
            f"{lang} {item[1]}: the text changed; run: neuvo prompts generate --lang {lang}"
        )
        data = (library.GENERATED / lang / facts["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == facts["audio_sha256"], facts["file"]
        # A prompt is a short question (20 KB, about 6 s); a help text explains a whole screen.
        assert len(data) <= (48_000 if item[1].startswith("help_") else 20_000), facts["file"]
        sizes.append(len(data))
    assert statistics.median(sizes) <= 20_000  # a typical prompt


def test_dari_is_marked_as_read_by_the_persian_voice() -> None:
    entry = library.generated_manifest()["prs"]
    assert entry["voice"] == "fa"
    assert entry["voice_of_another_language"] is True
    assert entry["machine_translated"] is True
    assert library.generated_manifest()["fi"]["voice_of_another_language"] is False


def test_a_generated_prompt_decodes_to_mono_speech() -> None:
    path = library.generated("fi")[(RecordingKind.PROMPT, "choose_language")].path
    with av.open(io.BytesIO(path.read_bytes())) as container:
        samples = sum(frame.samples for frame in container.decode(audio=0))
        assert container.streams.audio[0].codec_context.channels == 1
    assert samples / 24_000 > 0.3


def test_english_and_finnish_days_are_read_as_ordinals() -> None:
    day = (RecordingKind.CLIP, "d14")
    assert generate.reading("fi", day, "14.") == "neljästoista"
    assert generate.reading("fi", (RecordingKind.CLIP, "d21"), "21.") == (
        "kahdeskymmenesensimmäinen"
    )
    assert generate.reading("en", day, "14") == "14th"
    assert generate.reading("sv", day, "14") == "14"


@pytest.mark.parametrize("lang", sorted(generate.VOICES))
def test_the_demos_names_are_generated_from_their_current_text(lang: str) -> None:
    """The demo's service names (and, in Finnish and Swedish, its municipalities) are heard
    from generated files on a fresh machine; a name changed without regenerating fails here."""
    from api.cli import _spoken_names

    names = library.generated_manifest()[lang].get("names", {})
    wanted = set(_spoken_names(lang, database=False))
    assert wanted, lang
    assert {facts["text"] for facts in names.values()} == wanted, (
        "run: neuvo prompts generate --lang " + lang
    )
    for digest, facts in names.items():
        assert digest == library.text_hash(facts["text"])
        data = (library.GENERATED / lang / facts["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == facts["audio_sha256"], facts["file"]
        assert len(data) <= 20_000, facts["file"]
    assert library.generated_file(lang, (RecordingKind.SERVICE, "any"), next(iter(wanted)))
