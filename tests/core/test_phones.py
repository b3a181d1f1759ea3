"""Phone numbers as a person in Finland dials and hears them."""

from core import phones


def test_a_finnish_number_is_written_as_dialled_in_finland() -> None:
    assert phones.national("+35885550100") == "08 5550100"
    assert phones.national("+358401112223") == "040 1112223"


def test_a_foreign_number_stays_international() -> None:
    assert phones.national("+46701234567") == "+46 70 123 45 67"


def test_something_that_is_no_number_is_left_as_it_was() -> None:
    assert phones.national("not a number") == "not a number"
