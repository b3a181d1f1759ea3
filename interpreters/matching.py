"""Who serves a client at a time: pure code over the people free then, in a fixed order.

(a) an advisor who speaks the client's language: no interpreter at all, the cheapest case;
(b) otherwise an advisor and an interpreter between the client's language and a language the
    advisor speaks;
(c) for peer-guidance services, a peer counsellor who speaks the client's language.

The client's wishes are rules, not hints: an interpreter of the wished gender only, and never
an interpreter the client has excluded (in a small community the interpreter may know the
family). Among those who qualify, the one with the least recent load comes first, so offers
spread; a client's dialect (Arabic of Iraq, say) puts those who speak it ahead of the rest.
When nobody qualifies, the answer says why in plain words.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

# The ways of meeting as the scheduling domain names them, and the interpreter modes that
# serve them.
MODE_FOR_CHANNEL = {"video": "video", "phone": "phone", "in_person": "on_site"}


class Case(StrEnum):
    OWN_LANGUAGE = "own_language"
    INTERPRETER = "interpreter"
    PEER = "peer"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Advisor:
    id: UUID
    languages: frozenset[str]
    load: int = 0  # sessions in the recent window


@dataclass(frozen=True, slots=True)
class Spoken:
    language: str  # ISO 639 code
    dialect: str | None = None  # a region (IQ, SY) or variety the person names


@dataclass(frozen=True, slots=True)
class Interpreter:
    id: UUID
    spoken: frozenset[Spoken]
    into: frozenset[str]  # the languages interpreted into (fi, sv, en)
    modes: frozenset[str]  # phone, video, on_site
    regions: frozenset[str] = frozenset()  # municipality codes served on site
    gender: str | None = None  # self-declared, only to honour a client's wish
    peer: bool = False  # a peer counsellor (gives guidance) rather than an interpreter
    load: int = 0  # offers and sessions in the recent window

    def speaks(self, language: str) -> bool:
        return any(item.language == language for item in self.spoken)

    def dialect_rank(self, language: str, dialect: str | None) -> int:
        """0: speaks the client's dialect; 1: no dialect noted; 2: another dialect."""
        if dialect is None:
            return 0
        noted = {item.dialect for item in self.spoken if item.language == language}
        if dialect in noted:
            return 0
        return 1 if None in noted else 2


@dataclass(frozen=True, slots=True)
class Need:
    """What the client needs: their language, the way of meeting, and their wishes."""

    language: str
    channel: str
    municipality_code: str
    peer_guidance: bool = False
    dialect: str | None = None
    gender: str | None = None
    excluded: frozenset[UUID] = frozenset()


@dataclass(frozen=True, slots=True)
class Match:
    case: Case
    advisor_id: UUID | None = None
    # Ranked: the best first; offers go to them in tiers.
    helpers: tuple[UUID, ...] = ()
    reason: str | None = None  # why nobody qualifies (case NONE)
    advisors: tuple[UUID, ...] = field(default=())  # every advisor who could serve, fairest first


def match(need: Need, advisors: Iterable[Advisor], helpers: Iterable[Interpreter]) -> Match:
    """The best way to serve ``need`` with the people free at one time."""
    advisors = sorted(advisors, key=lambda a: (a.load, str(a.id)))
    helpers = list(helpers)
    if need.peer_guidance:
        return _peer(need, helpers)
    own = [a.id for a in advisors if need.language in a.languages]
    if own:
        return Match(Case.OWN_LANGUAGE, advisor_id=own[0], advisors=tuple(own))
    return _interpreted(need, advisors, [h for h in helpers if not h.peer])


def _peer(need: Need, helpers: Sequence[Interpreter]) -> Match:
    peers = [h for h in helpers if h.peer]
    found, reason = _qualified(need, peers, "peer counsellor")
    if not found:
        return Match(Case.NONE, reason=reason)
    return Match(Case.PEER, helpers=_ranked(need, found))


def _interpreted(need: Need, advisors: Sequence[Advisor], helpers: Sequence[Interpreter]) -> Match:
    found, reason = _qualified(need, helpers, "interpreter")
    if not found:
        return Match(Case.NONE, reason=reason)
    if not advisors:
        return Match(Case.NONE, reason="no advisor is free then")
    # Advisors share a few language sets: find each set's bridging interpreters once.
    bridges: dict[frozenset[str], list[Interpreter]] = {}
    pairs = []
    for advisor in advisors:
        bridging = bridges.get(advisor.languages)
        if bridging is None:
            bridging = bridges[advisor.languages] = [h for h in found if h.into & advisor.languages]
        if bridging:
            pairs.append((advisor, bridging))
    if not pairs:
        return Match(
            Case.NONE,
            reason=(
                f"no interpreter of {need.language} works into a language of the advisors free then"
            ),
        )
    advisor, bridging = pairs[0]  # the fairest advisor that someone can interpret for
    return Match(
        Case.INTERPRETER,
        advisor_id=advisor.id,
        helpers=_ranked(need, bridging),
        advisors=tuple(a.id for a, _ in pairs),
    )


def _qualified(
    need: Need, people: Sequence[Interpreter], role: str
) -> tuple[list[Interpreter], str | None]:
    """Those who may serve ``need``; else the first rule that left nobody, in plain words."""
    mode = MODE_FOR_CHANNEL.get(need.channel, need.channel)
    steps = (
        (lambda h: h.speaks(need.language), f"no {role} of {need.language} is free then"),
        (lambda h: mode in h.modes, f"no {role} of {need.language} works by {need.channel}"),
        (
            lambda h: mode != "on_site" or need.municipality_code in h.regions,
            f"no {role} of {need.language} comes on site to {need.municipality_code}",
        ),
        (
            lambda h: h.id not in need.excluded,
            f"every {role} of {need.language} free then is one the client does not want",
        ),
        (
            lambda h: need.gender is None or h.gender == need.gender,
            f"no {role} of {need.language} of the wished gender is free then",
        ),
    )
    found = list(people)
    for keep, reason in steps:
        found = [person for person in found if keep(person)]
        if not found:
            return [], reason
    return found, None


def _ranked(need: Need, people: Iterable[Interpreter]) -> tuple[UUID, ...]:
    ordered = sorted(
        people, key=lambda h: (h.dialect_rank(need.language, need.dialect), h.load, str(h.id))
    )
    return tuple(person.id for person in ordered)


class Prepared:
    """``match`` for many times over the same people, as the joint slot search needs it.

    What does not depend on the time is worked out once: who qualifies (language, mode,
    region, the client's wishes), the advisors' fairness order, which qualified interpreters
    work into each set of advisor languages, and the interpreters' ranking. ``at`` then gives
    for the people free at one time exactly what ``match`` gives (a property test holds them
    equal); when nobody fits it asks ``match`` itself, for the reason in plain words.
    """

    def __init__(
        self, need: Need, advisors: Iterable[Advisor], helpers: Iterable[Interpreter]
    ) -> None:
        self.need = need
        self.advisors = {a.id: a for a in advisors}
        self.helpers = {h.id: h for h in helpers}
        order = sorted(self.advisors.values(), key=lambda a: (a.load, str(a.id)))
        self.rank = {a.id: index for index, a in enumerate(order)}  # fairest first
        self.own = frozenset(a.id for a in order if need.language in a.languages)
        # Advisors share a few language sets: who has each.
        groups: dict[frozenset[str], set[UUID]] = {}
        for advisor in order:
            groups.setdefault(advisor.languages, set()).add(advisor.id)
        self.groups = {languages: frozenset(ids) for languages, ids in groups.items()}
        interpreters = [h for h in self.helpers.values() if not h.peer]
        qualified, _ = _qualified(need, interpreters, "interpreter")
        self.qualified = frozenset(h.id for h in qualified)
        self.key = {
            h.id: (h.dialect_rank(need.language, need.dialect), h.load, str(h.id))
            for h in qualified
        }
        self._bridges: dict[frozenset[str], frozenset[UUID]] = {}

    def _bridging(self, languages: frozenset[str]) -> frozenset[UUID]:
        found = self._bridges.get(languages)
        if found is None:
            found = self._bridges[languages] = frozenset(
                h for h in self.qualified if self.helpers[h].into & languages
            )
        return found

    def _slow(self, advisor_ids: set[UUID], helper_ids: set[UUID]) -> Match:
        return match(
            self.need,
            [self.advisors[a] for a in advisor_ids],
            [self.helpers[h] for h in helper_ids],
        )

    def at(self, advisor_ids: Iterable[UUID], helper_ids: Iterable[UUID]) -> Match:
        """The match with ``advisor_ids`` and ``helper_ids`` free (all among those prepared)."""
        advisor_ids, helper_ids = set(advisor_ids), set(helper_ids)
        if self.need.peer_guidance:
            return self._slow(advisor_ids, helper_ids)
        own = self.own & advisor_ids
        if own:
            ordered = tuple(sorted(own, key=self.rank.__getitem__))
            return Match(Case.OWN_LANGUAGE, advisor_id=ordered[0], advisors=ordered)
        qualified = self.qualified & helper_ids
        if not qualified or not advisor_ids:
            return self._slow(advisor_ids, helper_ids)
        serving: set[UUID] = set()
        bridges: dict[frozenset[str], frozenset[UUID]] = {}
        for languages, ids in self.groups.items():
            free = ids & advisor_ids
            if free:
                bridging = bridges[languages] = self._bridging(languages) & qualified
                if bridging:
                    serving |= free
        if not serving:
            return self._slow(advisor_ids, helper_ids)
        ordered = tuple(sorted(serving, key=self.rank.__getitem__))
        first = bridges[self.advisors[ordered[0]].languages]
        return Match(
            Case.INTERPRETER,
            advisor_id=ordered[0],
            helpers=tuple(sorted(first, key=self.key.__getitem__)),
            advisors=ordered,
        )
