"""What a call about a booking says, from the speech library: a greeting ("this is a reminder
of your appointment", or for a confirmation and a move "your appointment is booked"), "your
appointment is on", the date and time composed from clips, how the session happens, then the
question "press 1 to keep, 2 to cancel, 0 to be called by a person", and "thank you" after a
key. A confirmation asks the same question as a reminder: one pattern for a client who
cannot read, and the time just booked (by an operator, perhaps) may not suit.

A call is placed only when every one of its parts has audio in the message's language (an
approved recording or a generated file): half a reminder, or one in the wrong language, is
worse than an SMS, which is sent instead (``MissingAudio``)."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from notifications.errors import MissingAudio
from notifications.models import Message, MessageKind
from notifications.telephony.gateway import AudioPart, Call
from speech import clips, library
from speech.models import RecordingKind

HELLO, THANKS, WHEN = "call_hello", "call_thanks", "when"
BOOKED = "call_booked"  # "Hello. The appointment is booked."
# The greeting of each kind of message that may come as a call.
OPENING = {
    MessageKind.REMINDER: HELLO,
    MessageKind.CONFIRMATION: BOOKED,
    MessageKind.MOVED: BOOKED,
}
ASK = ("call_key1", "call_key2", "call_key0")  # "press 1 to keep, 2 to cancel, 0 for a person"
HOW = {"video": "video", "phone": "phone", "in_person": "in_person"}
KEYS = frozenset("120")  # 1 keep, 2 cancel, 0 a person calls back
PROMPT, CLIP = RecordingKind.PROMPT, RecordingKind.CLIP


@dataclass(frozen=True, slots=True)
class Script:
    audio: list[library.Item]
    question: list[library.Item]
    goodbye: list[library.Item]

    @property
    def items(self) -> list[library.Item]:
        return [*self.audio, *self.question, *self.goodbye]


def reminder(
    lang: str, *, starts_at: datetime, channel: str, kind: MessageKind = MessageKind.REMINDER
) -> Script:
    """The parts of a call about a session at ``starts_at`` held by ``channel``: a reminder,
    or (``kind``) the confirmation of a booking or of a move."""
    when = clips.say_when(lang, starts_at)
    audio = [(PROMPT, OPENING[kind]), (PROMPT, WHEN), *((CLIP, clip) for clip in when.clips)]
    if channel in HOW:
        audio.append((PROMPT, HOW[channel]))
    return Script(audio=audio, question=[(PROMPT, key) for key in ASK], goodbye=[(PROMPT, THANKS)])


def name(item: library.Item) -> str:
    """ "p/when", "c/d14": a part's name in logs and tests."""
    return f"{library.PREFIX[item[0]]}/{item[1]}"


async def resolved(
    session: AsyncSession, *, lang: str, script: Script
) -> dict[library.Item, library.Resolved]:
    """The source of each part; ``MissingAudio`` naming every part without audio."""
    texts = library.texts(lang)
    wanted = {item: texts[item] for item in script.items if item in texts}
    found = await library.resolve(session, lang=lang, items=wanted)
    missing = sorted(
        {
            name(item)
            for item in script.items
            if found.get(item, library.Resolved("none")).audio_hash is None
        }
    )
    if missing:
        raise MissingAudio(f"no audio in {lang} for {', '.join(missing)}")
    return found


async def speakable(
    session: AsyncSession,
    *,
    lang: str,
    starts_at: datetime,
    channel: str,
    kind: MessageKind = MessageKind.REMINDER,
) -> bool:
    """Whether a reminder (or ``kind``) of this session can be spoken in ``lang``, every part."""
    script = reminder(lang, starts_at=starts_at, channel=channel, kind=kind)
    try:
        await resolved(session, lang=lang, script=script)
    except MissingAudio:
        return False
    return True


async def reminder_call(
    session: AsyncSession,
    *,
    message: Message,
    call_id: UUID,
    key_seconds: float,
    ring_seconds: float,
) -> Call:
    """The call that speaks ``message`` (a reminder of a session, a booking's confirmation or
    its move) and asks for a key; ``MissingAudio`` for a kind no call says."""
    lang = message.language
    if message.kind not in OPENING:
        raise MissingAudio(f"no call says a {message.kind} message")
    starts_at = datetime.fromisoformat(message.params["starts_at"])
    channel = str(message.params.get("channel"))
    script = reminder(lang, starts_at=starts_at, channel=channel, kind=message.kind)
    sources = await resolved(session, lang=lang, script=script)
    cache: dict[library.Item, AudioPart] = {}

    async def part(item: library.Item) -> AudioPart:
        if item not in cache:
            digest = sources[item].audio_hash
            assert digest is not None
            data = await library.audio(
                session,
                lang=lang,
                prefix=library.PREFIX[item[0]],
                key=item[1],
                short_hash=digest[:8],
            )
            if data is None:
                raise MissingAudio(f"the audio of {name(item)} in {lang} is gone")
            cache[item] = AudioPart(name(item), library.url(lang, item, digest), data)
        return cache[item]

    return Call(
        call_id=call_id,
        to=message.recipient,
        language=lang,
        audio=tuple([await part(item) for item in script.audio]),
        question=tuple([await part(item) for item in script.question]),
        keys=KEYS,
        goodbyes={key: tuple([await part(item) for item in script.goodbye]) for key in KEYS},
        timeout=key_seconds,
        ring_timeout=ring_seconds,
    )
