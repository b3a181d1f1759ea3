"""The gateway interface's own rules, without a telephone: what a result may say, and the
ask-once-more rule that the SIP driver (and a webhook trail) fold events with."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from notifications.telephony.gateway import Call, CallEvent, CallResult, Collector

AT = datetime(2026, 12, 6, 9, tzinfo=UTC)


def test_a_key_comes_with_digits_and_only_with_it() -> None:
    with pytest.raises(ValueError):
        CallResult(CallEvent.DIGITS)
    with pytest.raises(ValueError):
        CallResult(CallEvent.NO_INPUT, key="1")
    with pytest.raises(ValueError):
        CallResult(CallEvent.ANSWERED)  # an event, never an outcome
    with pytest.raises(ValueError):
        CallResult(CallEvent.BUSY, answered=True)


def test_a_call_takes_only_telephone_keys() -> None:
    with pytest.raises(ValueError):
        Call(uuid4(), "+358401234567", "fi", (), (), keys=frozenset("1a"))


def test_a_wrong_key_asks_once_more_then_no_input() -> None:
    collector = Collector(frozenset("120"), asks=2)
    collector.answered(AT)
    collector.asking()
    assert not collector.pressed("5")
    assert collector.ask_again()
    collector.asking()
    assert not collector.ask_again()  # silence after the second question
    result = collector.result(ended_at=AT)
    assert (result.outcome, result.wrong_keys, result.answered) == (
        CallEvent.NO_INPUT,
        ("5",),
        True,
    )


def test_an_allowed_key_ends_the_collection() -> None:
    collector = Collector(frozenset("120"), asks=2)
    collector.answered(AT)
    collector.asking()
    assert collector.pressed("0")
    assert not collector.ask_again()
    assert (collector.result(ended_at=AT).outcome, collector.key) == (CallEvent.DIGITS, "0")


def test_hanging_up_before_a_key_is_hung_up() -> None:
    collector = Collector(frozenset("120"), asks=2)
    collector.answered(AT)
    collector.asking()
    assert collector.result(ended_at=AT, hung_up=True).outcome == CallEvent.HUNG_UP
