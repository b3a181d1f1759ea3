"""The placeholder language: only whole ``{name}``, refused with its position otherwise, and
rendered without ``str.format`` (no growth, no conversions, no attribute access)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import placeholders


def test_names_lists_the_placeholders_in_order():
    assert placeholders.names("Varaa {service}, {municipality}: {link}") == [
        "service",
        "municipality",
        "link",
    ]
    assert placeholders.names("no placeholders at all") == []


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("{service:>60000} {municipality}", 1),
        ("Hello {link!r}", 7),
        ("{service:d}", 1),
        ("{service:{municipality}}", 1),
        ("{service.__class__}", 1),
        ("{service[0]}", 1),
        ("{ service }", 1),
        ("{Service}", 1),
        ("ok {service} then {", 19),
        ("ok } then", 4),
        ("{{service}}", 1),
        ("{}", 1),
        ("{" + "a" * 33 + "}", 1),
    ],
)
def test_anything_but_a_whole_name_is_refused_with_its_position(text, position):
    with pytest.raises(placeholders.PlaceholderError) as refused:
        placeholders.names(text)
    assert refused.value.position == position
    assert f"at character {position}" in str(refused.value)


def test_render_fills_only_whole_names_and_leaves_the_rest_as_written():
    values = {"service": "Neuvonta", "municipality": "Oulu"}
    assert placeholders.render("{service} in {municipality}", values) == "Neuvonta in Oulu"
    # What the old str.format templates would have grown or converted stays literal.
    assert placeholders.render("{service:>60000}", values) == "{service:>60000}"
    assert placeholders.render("{link!r} {unknown}", values) == "{link!r} {unknown}"


@given(
    st.text(max_size=200),
    st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), st.text(max_size=20)),
)
def test_render_never_fails_and_grows_only_by_the_values(template, values):
    out = placeholders.render(template, values)
    fields = template.count("{")
    assert len(out) <= len(template) + fields * max((len(v) for v in values.values()), default=0)


def test_every_built_in_text_is_in_the_placeholder_language():
    from notifications.texts import TEXTS
    from outreach import texts as outreach_texts

    for language, texts in TEXTS.items():
        for kind, text in texts["kinds"].items():
            assert placeholders.names(text), (language, kind)
    for language, entry in outreach_texts.SMS.items():
        assert placeholders.names(entry["text"]) == ["link"], language
    for entry in outreach_texts.LETTER.values():
        assert set(placeholders.names(entry.get("body", ""))) <= {"service", "municipality"}
