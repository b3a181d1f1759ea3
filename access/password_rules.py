"""The rules a new password must meet: at least ``MIN_LENGTH`` characters, and not one of the
passwords leaked in data breaches that attackers try first.

The list is zxcvbn's (Dropbox's password-strength estimator, MIT, maintained on PyPI as
``zxcvbn``): its ``passwords`` frequency list holds the 30,000 commonest passwords of leaked
corpora, lower-cased. It ships inside the package, so nothing is fetched at run time, and it
moves with the library's releases. A password is refused when it, lower-cased, is on it.
"""

from functools import cache

from access.errors import PasswordBreached, PasswordTooShort
from core.passwords import MIN_LENGTH

MAX_LENGTH = 200


@cache
def breached() -> frozenset[str]:
    """The leaked passwords, lower-cased (read once, on first use)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def check(password: str, *, field: str = "password") -> None:
    """Raise ``PasswordTooShort`` or ``PasswordBreached`` (naming ``field``) unless
    ``password`` meets the rules."""
    if len(password) < MIN_LENGTH:
        raise PasswordTooShort(
            f"a password needs at least {MIN_LENGTH} characters", field=field, minimum=MIN_LENGTH
        )
    if password.lower() in breached():
        raise PasswordBreached(
            "this password is on a list of passwords leaked in data breaches; choose another",
            field=field,
        )
