"""Which audio a client hears: an approved recording of the current text, else a generated
file of the current text, else nothing; a recording of an older text is stale."""

from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from speech import audio, library
from speech.models import Recording, RecordingKind, RecordingStatus
from tests import factories

CHOOSE = (RecordingKind.PROMPT, "choose_language")


async def _approved(session: AsyncSession, lang: str, text: str, wav: bytes) -> Recording:
    org = await factories.organisation(session, f"Äänet {uuid4().hex[:8]}")
    person = await factories.person(session, org.id, Role.VOICE)
    data = audio.normalise(wav).data
    take = Recording(
        lang=lang,
        kind=CHOOSE[0],
        key=CHOOSE[1],
        text=text,
        text_hash=library.text_hash(text),
        audio=data,
        audio_hash=library.file_hash(data),
        seconds=1.0,
        status=RecordingStatus.APPROVED,
        recorded_by=person.id,
    )
    session.add(take)
    await session.flush()
    return take


async def test_generated_file_is_heard_for_the_current_text_only(session: AsyncSession) -> None:
    text = library.prompt_texts("fi")["choose_language"]
    found = await library.resolve(session, lang="fi", items={CHOOSE: text})
    assert found[CHOOSE].source == "generated"
    changed = await library.resolve(session, lang="fi", items={CHOOSE: text + " nyt"})
    assert changed[CHOOSE].source == "none"


async def test_an_approved_recording_comes_before_the_generated_file(
    session: AsyncSession, speech_wav: bytes
) -> None:
    text = library.prompt_texts("fi")["choose_language"]
    take = await _approved(session, "fi", text, speech_wav)
    found = await library.resolve(session, lang="fi", items={CHOOSE: text})
    assert found[CHOOSE] == library.Resolved("recorded", take.audio_hash)


async def test_a_stale_recording_gives_way_to_the_generated_file(
    session: AsyncSession, speech_wav: bytes
) -> None:
    text = library.prompt_texts("fi")["choose_language"]
    await _approved(session, "fi", "Valitse kielesi", speech_wav)
    found = await library.resolve(session, lang="fi", items={CHOOSE: text})
    assert found[CHOOSE].source == "generated"
    somali = library.prompt_texts("so")["choose_language"]
    await _approved(session, "so", "Dooro luqadda", speech_wav)
    nothing = await library.resolve(session, lang="so", items={CHOOSE: somali})
    assert nothing[CHOOSE].source == "none"


async def test_manifest_lists_only_files_that_exist(session: AsyncSession) -> None:
    somali = await library.manifest(session, lang="so")
    assert somali["voice"] == "none"
    assert somali["prompts"] == {} and somali["clips"] == {}
    finnish = await library.manifest(session, lang="fi")
    assert finnish["voice"] == "generated"
    assert finnish["prompts"]["choose_language"].startswith("/audio/fi/p/choose_language.")
    assert "minutes" not in finnish["prompts"]  # "{n} min" is composed, never a file


def test_a_prompt_with_a_placeholder_at_its_end_is_heard_without_it() -> None:
    assert library.spoken("Aikasi on {when}") == "Aikasi on"
    assert library.spoken("ቆጸራኹም፦ {when}") == "ቆጸራኹም"
    assert library.spoken("{n} min") is None


def test_the_booking_path_is_its_screens_prompts_in_order_then_every_clip_then_the_names() -> None:
    names = {(RecordingKind.MUNICIPALITY, "564"): "Oulu"}
    path = list(library.booking_path("so", names))
    prompts = [key for kind, key in path if kind == RecordingKind.PROMPT]
    assert prompts == [key for key in library.BOOKING_PROMPTS if key in prompts]
    assert prompts[0] == "language_name" and "cancel" not in prompts  # not needed to book
    clips = {key for kind, key in path if kind == RecordingKind.CLIP}
    assert clips == set(library.clips.clip_texts("so"))  # dates, times and digits need them all
    assert path[-1] == (RecordingKind.MUNICIPALITY, "564")
    order = library.in_booking_order("so", names)
    assert order[: len(path)] == path and len(order) == len(library.texts("so", names))


async def test_readiness_counts_the_booking_path_and_everything_and_says_what_is_next(
    session: AsyncSession,
) -> None:
    path, every = await library.readiness(session, lang="so")
    assert (path.heard, path.complete) == (0, False)
    assert path.missing[0] == (RecordingKind.PROMPT, "language_name")
    assert every.total == len(library.texts("so")) > path.total
    finnish, _ = await library.readiness(session, lang="fi")
    assert finnish.complete and finnish.missing == []  # generated files say it all
