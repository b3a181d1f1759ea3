"""Phone numbers: parsed one way for every package (Finnish unless they say otherwise)."""

import phonenumbers

MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def parse(value: str) -> phonenumbers.PhoneNumber:
    """Return the valid number ``value`` writes; ``ValueError`` saying why otherwise."""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return number


def e164(number: phonenumbers.PhoneNumber) -> str:
    """The international form, +358401234567."""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    """Whether the number can receive SMS."""
    return phonenumbers.number_type(number) in MOBILE


def national(value_e164: str) -> str:
    """The form one dials inside Finland, as it is read out: ``08 5550100``, ``040 1234567``;
    a foreign number stays international."""
    try:
        number = phonenumbers.parse(value_e164, "FI")
    except phonenumbers.NumberParseException:
        return value_e164
    form = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 358
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, form)
