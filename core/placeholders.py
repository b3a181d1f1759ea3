"""The placeholder language of every text that people write and Neuvo fills in (letters,
SMS, e-mail): ``{name}`` and nothing else.

A name is 1 to 32 lowercase letters or underscores. There are no format specifications, no
conversions, no attribute or index access and no escapes: ``str.format`` would let a text
such as ``{service:>3000000}`` grow without bound or ``{link!r}`` change what is sent. A text
is checked when it is saved (``names`` says where it is malformed) and filled in by
``render``, which only ever puts a value where a whole ``{name}`` stands.
"""

import re
from collections.abc import Mapping

MAX_NAME = 32  # the longest name, as in _FIELD
_FIELD = re.compile(r"\{([a-z_]{1,32})\}")
_BRACE = re.compile(r"[{}]")


class PlaceholderError(ValueError):
    """A text that is not in the placeholder language; ``position`` counts characters from 1."""

    def __init__(self, message: str, *, position: int) -> None:
        super().__init__(f"{message} (at character {position})")
        self.message = message
        self.position = position


def names(template: str) -> list[str]:
    """The placeholders of ``template`` in order; ``PlaceholderError`` at the first curly
    bracket that is not part of a whole ``{name}``."""
    found: list[str] = []
    at = 0
    for brace in _BRACE.finditer(template):
        if brace.start() < at:
            continue
        field = _FIELD.match(template, brace.start())
        if field is None:
            raise PlaceholderError(_why(template, brace.start()), position=brace.start() + 1)
        found.append(field.group(1))
        at = field.end()
    return found


def _why(template: str, start: int) -> str:
    if template[start] == "}":
        return "a closing curly bracket without its opening one"
    end = template.find("}", start)
    if end < 0:
        return "an opening curly bracket without its closing one"
    inside = template[start + 1 : end]
    return (
        f"{{{inside[:40]}}} is not a placeholder: write only a name in curly brackets, "
        "such as {service}, with no colon, exclamation mark, dot or space"
    )


def render(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each whole ``{name}`` that ``values`` knows replaced by its value;
    anything else, a malformed bracket saved before checks existed included, stays as written
    (so rendering never fails, runs nothing, and grows the text only by the values)."""
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)
