"""The matching table: who serves a client, in which case, and why nobody when nobody."""

from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interpreters.matching import (
    MODE_FOR_CHANNEL,
    Advisor,
    Case,
    Interpreter,
    Match,
    Need,
    Prepared,
    Spoken,
    match,
)


def _id(name: str) -> UUID:
    return UUID(int=sum(ord(c) << (8 * i) for i, c in enumerate(name[:15])))


ADVISORS = {
    "aino": Advisor(_id("aino"), frozenset({"fi", "en"}), load=2),
    "bilal": Advisor(_id("bilal"), frozenset({"fi", "ar"}), load=5),
    "saga": Advisor(_id("saga"), frozenset({"sv"}), load=0),
}
HELPERS = {
    # Arabic of Iraq into Finnish, remote only, lightly loaded.
    "huda": Interpreter(
        _id("huda"),
        frozenset({Spoken("ar", "IQ")}),
        frozenset({"fi"}),
        frozenset({"phone", "video"}),
        gender="female",
        load=1,
    ),
    # Arabic (no dialect noted) into Finnish and English, also on site in Oulu, busier.
    "omar": Interpreter(
        _id("omar"),
        frozenset({Spoken("ar")}),
        frozenset({"fi", "en"}),
        frozenset({"phone", "video", "on_site"}),
        regions=frozenset({"564"}),
        gender="male",
        load=4,
    ),
    # Syrian Arabic into Finnish, least loaded of all.
    "rami": Interpreter(
        _id("rami"),
        frozenset({Spoken("ar", "SY")}),
        frozenset({"fi"}),
        frozenset({"video"}),
        gender="male",
        load=0,
    ),
    # Dari into Swedish only.
    "zarmina": Interpreter(
        _id("zarmina"), frozenset({Spoken("prs")}), frozenset({"sv"}), frozenset({"video"})
    ),
    # A Somali peer counsellor of an NGO.
    "hodan": Interpreter(
        _id("hodan"),
        frozenset({Spoken("so")}),
        frozenset({"fi"}),
        frozenset({"phone", "video", "on_site"}),
        regions=frozenset({"564", "615"}),
        peer=True,
    ),
}


def _need(language: str, channel: str = "video", **change) -> Need:
    return Need(language=language, channel=channel, municipality_code="615", **change)


def _names(ids) -> list[str]:
    by_id = {person.id: name for name, person in {**ADVISORS, **HELPERS}.items()}
    return [by_id[i] for i in ids]


CASES = [
    # (a) own language: Bilal speaks Arabic, so no interpreter, although Aino is less loaded.
    ("own language", _need("ar"), ADVISORS, HELPERS, Case.OWN_LANGUAGE, "bilal", []),
    # (b) Bilal is not free: Aino (the fairest) with an interpreter into Finnish; Rami and Huda
    # are remote Arabic interpreters by video, Omar too; least load first.
    (
        "interpreter needed",
        _need("ar"),
        {"aino": ADVISORS["aino"], "saga": ADVISORS["saga"]},
        HELPERS,
        Case.INTERPRETER,
        "aino",
        ["rami", "huda", "omar"],
    ),
    # The client speaks Arabic of Iraq: Huda first, then Omar (no dialect noted), then Rami.
    (
        "dialect first",
        _need("ar", dialect="IQ"),
        {"aino": ADVISORS["aino"]},
        HELPERS,
        Case.INTERPRETER,
        "aino",
        ["huda", "omar", "rami"],
    ),
    # Dari: only Zarmina, who interprets into Swedish, so Saga serves although Aino is free.
    (
        "bridge language",
        _need("prs"),
        {"aino": ADVISORS["aino"], "saga": ADVISORS["saga"]},
        HELPERS,
        Case.INTERPRETER,
        "saga",
        ["zarmina"],
    ),
    # (c) peer guidance in Somali: the peer counsellor, no advisor.
    (
        "peer guidance",
        _need("so", peer_guidance=True),
        ADVISORS,
        HELPERS,
        Case.PEER,
        None,
        ["hodan"],
    ),
    # The client wishes a female interpreter: Huda alone.
    (
        "gender wish",
        _need("ar", gender="female"),
        {"aino": ADVISORS["aino"]},
        HELPERS,
        Case.INTERPRETER,
        "aino",
        ["huda"],
    ),
    # The client excluded Rami (he knows the family).
    (
        "excluded interpreter",
        _need("ar", excluded=frozenset({_id("rami")})),
        {"aino": ADVISORS["aino"]},
        HELPERS,
        Case.INTERPRETER,
        "aino",
        ["huda", "omar"],
    ),
    # On site in Oulu: only Omar comes.
    (
        "on site",
        Need("ar", "in_person", "564"),
        {"aino": ADVISORS["aino"]},
        HELPERS,
        Case.INTERPRETER,
        "aino",
        ["omar"],
    ),
]


@pytest.mark.parametrize(
    ("need", "advisors", "helpers", "case", "advisor", "ranked"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_matching_table(need, advisors, helpers, case, advisor, ranked) -> None:
    found = match(need, advisors.values(), helpers.values())
    assert found.case == case
    assert (_names([found.advisor_id]) if found.advisor_id else [None]) == [advisor]
    assert _names(found.helpers) == ranked
    assert found.reason is None


NO_MATCH = [
    ("nobody speaks it", _need("ti"), "no interpreter of ti is free then"),
    (
        "not by this channel",
        _need("prs", channel="phone"),
        "no interpreter of prs works by phone",
    ),
    (
        "not on site here",
        Need("ar", "in_person", "615"),
        "no interpreter of ar comes on site to 615",
    ),
    (
        "all excluded",
        _need("prs", excluded=frozenset({_id("zarmina")})),
        "every interpreter of prs free then is one the client does not want",
    ),
    (
        "wished gender",
        _need("prs", gender="male"),
        "no interpreter of prs of the wished gender is free then",
    ),
    ("no peer", _need("ar", peer_guidance=True), "no peer counsellor of ar is free then"),
]


@pytest.mark.parametrize(
    ("need", "reason"), [c[1:] for c in NO_MATCH], ids=[c[0] for c in NO_MATCH]
)
def test_no_match_says_why(need, reason) -> None:
    found = match(need, [ADVISORS["aino"], ADVISORS["saga"]], HELPERS.values())
    assert found == Match(Case.NONE, reason=reason)


def test_no_advisor_speaking_a_bridge_language_is_no_match() -> None:
    found = match(_need("prs"), [ADVISORS["aino"]], HELPERS.values())  # Zarmina: Swedish only
    assert found.case == Case.NONE
    assert found.reason == "no interpreter of prs works into a language of the advisors free then"


def test_a_peer_counsellor_never_stands_in_for_an_interpreter() -> None:
    found = match(_need("so"), [ADVISORS["aino"]], HELPERS.values())
    assert found == Match(Case.NONE, reason="no interpreter of so is free then")


def test_every_advisor_who_could_serve_is_listed_fairest_first() -> None:
    found = match(_need("fi"), ADVISORS.values(), HELPERS.values())
    assert found.case == Case.OWN_LANGUAGE
    assert _names(found.advisors) == ["aino", "bilal"]


# Properties over random networks: whatever comes back obeys every rule, and "nobody" is said
# only when a brute-force search finds nobody either.

LANGUAGES = ["fi", "sv", "en", "ar", "so", "prs"]
languages = st.frozensets(st.sampled_from(LANGUAGES), min_size=1, max_size=3)
advisor_strategy = st.builds(Advisor, id=st.uuids(), languages=languages, load=st.integers(0, 5))
helper_strategy = st.builds(
    Interpreter,
    id=st.uuids(),
    spoken=st.frozensets(
        st.builds(Spoken, st.sampled_from(LANGUAGES), st.sampled_from([None, "IQ", "SY"])),
        min_size=1,
        max_size=2,
    ),
    into=st.frozensets(st.sampled_from(["fi", "sv", "en"]), min_size=1, max_size=2),
    modes=st.frozensets(st.sampled_from(["phone", "video", "on_site"]), min_size=1),
    regions=st.frozensets(st.sampled_from(["564", "615"])),
    gender=st.sampled_from([None, "female", "male"]),
    peer=st.booleans(),
    load=st.integers(0, 5),
)
need_strategy = st.builds(
    Need,
    language=st.sampled_from(LANGUAGES),
    channel=st.sampled_from(["video", "phone", "in_person"]),
    municipality_code=st.sampled_from(["564", "615"]),
    peer_guidance=st.booleans(),
    dialect=st.sampled_from([None, "IQ"]),
    gender=st.sampled_from([None, "female", "male"]),
)


def _allowed(need: Need, helper: Interpreter) -> bool:
    mode = MODE_FOR_CHANNEL[need.channel]
    return (
        helper.speaks(need.language)
        and mode in helper.modes
        and (mode != "on_site" or need.municipality_code in helper.regions)
        and helper.id not in need.excluded
        and (need.gender is None or helper.gender == need.gender)
    )


@settings(max_examples=300, deadline=None)
@given(
    need=need_strategy,
    advisors=st.lists(advisor_strategy, max_size=4),
    helpers=st.lists(helper_strategy, max_size=6),
)
def test_every_match_obeys_the_rules(need, advisors, helpers) -> None:
    found = match(need, advisors, helpers)
    by_id = {a.id: a for a in advisors}
    helper_by_id = {h.id: h for h in helpers}
    if need.peer_guidance:
        possible = any(h.peer and _allowed(need, h) for h in helpers)
        assert (found.case == Case.PEER) == possible
        assert all(helper_by_id[i].peer and _allowed(need, helper_by_id[i]) for i in found.helpers)
        return
    if any(need.language in a.languages for a in advisors):
        assert found.case == Case.OWN_LANGUAGE
        assert need.language in by_id[found.advisor_id].languages
        chosen = by_id[found.advisor_id].load
        assert chosen == min(a.load for a in advisors if need.language in a.languages)
        return
    possible = any(
        not h.peer and _allowed(need, h) and h.into & a.languages for a in advisors for h in helpers
    )
    assert (found.case == Case.INTERPRETER) == possible, found.reason
    if found.case == Case.INTERPRETER:
        advisor = by_id[found.advisor_id]
        for helper_id in found.helpers:
            helper = helper_by_id[helper_id]
            assert not helper.peer and _allowed(need, helper) and helper.into & advisor.languages
    else:
        assert found.reason


@settings(max_examples=400, deadline=None)
@given(
    need=need_strategy,
    advisors=st.lists(advisor_strategy, max_size=6, unique_by=lambda a: a.id),
    helpers=st.lists(helper_strategy, max_size=8, unique_by=lambda h: h.id),
    data=st.data(),
)
def test_prepared_matching_gives_what_match_gives(need, advisors, helpers, data) -> None:
    """The joint search's fast path, prepared once for many times, against the plain rules."""
    prepared = Prepared(need, advisors, helpers)
    for _ in range(3):  # several times, as a search asks for many slots
        free_advisors = data.draw(st.sets(st.sampled_from([a.id for a in advisors] or [None])))
        free_helpers = data.draw(st.sets(st.sampled_from([h.id for h in helpers] or [None])))
        free_advisors.discard(None)
        free_helpers.discard(None)
        expected = match(
            need,
            [a for a in advisors if a.id in free_advisors],
            [h for h in helpers if h.id in free_helpers],
        )
        assert prepared.at(free_advisors, free_helpers) == expected
