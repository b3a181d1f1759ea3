"""Plain-text fields as people type them: trimmed, bounded, and free of control characters."""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _no_control_characters(value: str) -> str:
    for char in value:
        if (
            unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}
            and char not in "\u200c\u200d"
        ):
            raise ValueError(f"must not contain control characters (found U+{ord(char):04X})")
    return unicodedata.normalize("NFC", value)


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_control_characters),
]
"""A person's, an organisation's or a service's name: 1 to 200 printable characters."""

ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_no_control_characters),
]
"""A short free text such as a reason: 1 to 500 printable characters."""
