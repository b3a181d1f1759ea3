"""Generated audio: espeak-ng reads every prompt and clip of a language that has a voice, the
files are normalised like an upload and committed under ``speech/generated/<lang>/`` with a
manifest of the text each was made from, so a fresh machine has them without espeak-ng.

Names (of services and municipalities) are generated from the texts the caller gives, kept by
the text's hash under ``n/``: the same name is the same file whichever service carries it.

Dari has no voice of its own: it is read by the Persian voice, and the manifest says so.
Pashto, Somali, Tigrinya and Sorani have no espeak-ng voice: they are recorded in the studio.
"""

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from speech import audio, library
from speech.errors import AudioRejected
from speech.models import RecordingKind

VOICES = {
    "fi": "fi",
    "sv": "sv",
    "en": "en-gb",
    "ar": "ar",
    "uk": "uk",
    "ru": "ru",
    "prs": "fa",
    "et": "et",
    "fa": "fa",
    "kmr": "ku",  # espeak-ng's Kurdish is Kurmanji, in Latin script
    "zh": "cmn",  # Mandarin, reading the simplified characters of the prompts
    "sq": "sq",
    "vi": "vi",
    "th": "th",
    "tr": "tr",
    "es": "es",
    "fr": "fr-fr",
    "am": "am",
}
# espeak-ng's code of a voice that is the language itself under another name.
SAME_LANGUAGE = {"ku": "kmr", "cmn": "zh"}
ESPEAK = "espeak-ng"
SPEED = "150"  # words a minute; espeak's default 175 is hurried for a newcomer
SLOW = "100"  # for one clipped syllable (Vietnamese "Tốt") that is too short at SPEED
# espeak-ng counts each Chinese syllable as a word: 150 a minute is half a speaker's pace.
VOICE_SPEED = {"cmn": "210"}

# What espeak-ng should read where the written clip is not how it is said.
_FI_ORDINALS = [
    "ensimmäinen",
    "toinen",
    "kolmas",
    "neljäs",
    "viides",
    "kuudes",
    "seitsemäs",
    "kahdeksas",
    "yhdeksäs",
    "kymmenes",
    "yhdestoista",
    "kahdestoista",
    "kolmastoista",
    "neljästoista",
    "viidestoista",
    "kuudestoista",
    "seitsemästoista",
    "kahdeksastoista",
    "yhdeksästoista",
    "kahdeskymmenes",
]


# Estonian ordinals: the genitive stem of each unit ("nelja-") makes the teens and twenties.
_ET_ORDINALS = [
    "esimene",
    "teine",
    "kolmas",
    "neljas",
    "viies",
    "kuues",
    "seitsmes",
    "kaheksas",
    "üheksas",
    "kümnes",
]
_ET_STEMS = ["ühe", "kahe", "kolme", "nelja", "viie", "kuue", "seitsme", "kaheksa", "üheksa"]


def _estonian_ordinal(day: int) -> str:
    tens, unit = divmod(day, 10)
    if day <= 10:
        return _ET_ORDINALS[day - 1]
    if tens == 1:
        return _ET_STEMS[unit - 1] + "teistkümnes"
    decade = _ET_STEMS[tens - 1] + "kümne"
    return decade + "s" if unit == 0 else f"{decade} {_ET_ORDINALS[unit - 1]}"


def _english_ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _finnish_ordinal(day: int) -> str:
    if day <= 20:
        return _FI_ORDINALS[day - 1]
    tens = "kahdeskymmenes" if day < 30 else "kolmaskymmenes"
    return tens + (_FI_ORDINALS[day % 10 - 1] if day % 10 else "")


def reading(lang: str, item: library.Item, text: str) -> str:
    """The text espeak-ng is given for ``item``: ordinal days where the language says them."""
    kind, key = item
    if kind == RecordingKind.CLIP and key.startswith("d"):
        day = int(key[1:])
        if lang == "fi":
            return _finnish_ordinal(day)
        if lang == "en":
            return _english_ordinal(day)
        if lang in ("ru", "uk"):
            return f"{day}-е"
        if lang == "et":
            return _estonian_ordinal(day)
        if lang == "fr" and day == 1:
            return "premier"
    if kind == RecordingKind.CLIP and key in ("am", "pm") and lang == "en":
        return "a m" if key == "am" else "p m"
    return text


def available() -> bool:
    return shutil.which(ESPEAK) is not None


def synthesise(voice: str, text: str, speed: str | None = None) -> bytes:
    """WAV of ``text`` read by espeak-ng's ``voice``."""
    speed = speed or VOICE_SPEED.get(voice, SPEED)
    done = subprocess.run(  # noqa: S603
        [ESPEAK, "-v", voice, "-s", speed, "--stdout", text],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return done.stdout


@dataclass(frozen=True, slots=True)
class Outcome:
    lang: str
    made: int
    kept: int
    removed: int
    bytes: int


def _made(lang: str, voice: str, text: str, reading_: str, path: Path, before: dict | None):
    """The manifest entry of one file: kept when made from ``text`` already, else made now."""
    digest = library.text_hash(text)
    if before and before["text_sha256"] == digest and path.exists():
        return before, False
    try:
        encoded = audio.normalise(synthesise(voice, reading_))
    except AudioRejected:  # shorter than a word can be once its silence is trimmed
        encoded = audio.normalise(synthesise(voice, reading_, SLOW))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encoded.data)
    name = path.relative_to(library.GENERATED / lang).as_posix()
    entry = {"file": name, "text": text, "text_sha256": digest}
    return entry | {"audio_sha256": hashlib.sha256(encoded.data).hexdigest()}, True


def generate(lang: str, names: Iterable[str] = ()) -> Outcome:
    """Make (or keep, when its text is unchanged) the file of every prompt and clip of
    ``lang`` and of each of ``names``, drop files no longer wanted, and write the manifest."""
    voice = VOICES[lang]
    everything = library.generated_manifest()
    old = everything.get(lang, {})
    entry: dict[str, object] = {
        "voice": voice,
        "voice_of_another_language": SAME_LANGUAGE.get(voice, voice.split("-")[0]) != lang,
        "machine_translated": library.machine_translated(lang),
    }
    made = kept = 0
    folder = library.GENERATED / lang
    wanted: set[Path] = set()
    groups: dict[str, dict[str, dict[str, str]]] = {"prompts": {}, "clips": {}, "names": {}}
    for item, text in library.texts(lang).items():
        kind, key = item
        group = f"{kind.value}s"
        path = folder / library.PREFIX[kind] / f"{key}.{audio.SUFFIX}"
        before = old.get(group, {}).get(key)
        groups[group][key], new = _made(lang, voice, text, reading(lang, item, text), path, before)
        wanted.add(path)
        made, kept = made + new, kept + (not new)
    for text in sorted({name.strip() for name in names if name.strip()}):
        digest = library.text_hash(text)
        path = folder / "n" / f"{digest[:16]}.{audio.SUFFIX}"
        before = old.get("names", {}).get(digest)
        groups["names"][digest], new = _made(lang, voice, text, text, path, before)
        wanted.add(path)
        made, kept = made + new, kept + (not new)
    removed = 0
    for path in folder.rglob(f"*.{audio.SUFFIX}"):
        if path not in wanted:
            path.unlink()
            removed += 1
    everything[lang] = entry | groups
    (library.GENERATED / "manifest.json").write_text(
        json.dumps(everything, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    library.generated.cache_clear()
    library.generated_names.cache_clear()
    size = sum(path.stat().st_size for path in folder.rglob(f"*.{audio.SUFFIX}"))
    return Outcome(lang, made, kept, removed, size)
