"""Reading a register CSV file: its encoding, the header mapping, the columns, and each row's
checks. Pure functions, no database: ``imports`` feeds them what it knows.

The default header is ``first_names,last_name,street_address,postcode,municipality_code,
mother_tongue,citizenship,moving_date,phone,email`` (UTF-8, comma, ISO dates); a mapping file
(TOML) names other headers, another delimiter, date format or an 8-bit fallback encoding.
"""

import csv
import hashlib
import hmac
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from babel import Locale

from core import languages, phones
from outreach.errors import ImportRefused

COLUMNS = (
    "first_names",
    "last_name",
    "street_address",
    "postcode",
    "municipality_code",
    "mother_tongue",
    "citizenship",
    "moving_date",
    "phone",
    "email",
)
OPTIONAL = frozenset({"phone", "email", "citizenship", "post_office"})
REQUIRED = tuple(name for name in COLUMNS if name not in OPTIONAL)
MAX_BYTES = 20 * 1024 * 1024  # a year's newcomers of the largest city fit many times over
FALLBACKS = {
    "latin-1": "latin-1",
    "iso-8859-1": "latin-1",
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class FileFormat:
    """How a municipality's file differs from the default one."""

    columns: Mapping[str, str]  # our column name -> the header in their file
    delimiter: str = ","
    date_format: str | None = None  # strptime format; ISO 8601 when None
    encoding_fallback: str | None = None  # tried only when the file is not UTF-8


DEFAULT = FileFormat(columns={name: name for name in (*COLUMNS, "post_office")})


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    first_names: str
    last_name: str
    street_address: str
    postcode: str
    post_office: str | None
    municipality_code: str
    language: str
    citizenship: str | None
    moving_date: date
    phone_e164: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    reason: str


def read_mapping(text: str) -> FileFormat:
    """A mapping file (TOML): ``[columns]`` ours = theirs, ``delimiter``, ``date_format``,
    ``encoding_fallback`` ("windows-1252" or "latin-1")."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(f"the mapping file is not TOML: {exc}", field="mapping") from exc
    columns = dict(DEFAULT.columns)
    given = data.get("columns", {})
    unknown = sorted(set(given) - set(columns))
    if unknown:
        raise ImportRefused(
            f"the mapping names unknown columns: {', '.join(unknown)}", field="mapping"
        )
    columns.update({key: str(value) for key, value in given.items()})
    fallback = data.get("encoding_fallback")
    if fallback is not None and str(fallback).lower() not in FALLBACKS:
        raise ImportRefused(
            f"encoding_fallback must be one of {', '.join(sorted(FALLBACKS))}", field="mapping"
        )
    delimiter = str(data.get("delimiter", ","))
    if len(delimiter) != 1:
        raise ImportRefused("delimiter must be one character", field="mapping")
    return FileFormat(
        columns=columns,
        delimiter=delimiter,
        date_format=data.get("date_format"),
        encoding_fallback=FALLBACKS[str(fallback).lower()] if fallback else None,
    )


def decode(data: bytes, mapping: FileFormat = DEFAULT, *, max_bytes: int = MAX_BYTES) -> str:
    """The file's text: UTF-8 (a BOM is dropped), else the mapping's 8-bit fallback, else
    refused as a whole."""
    if len(data) > max_bytes:
        raise ImportRefused(
            f"the file is {len(data)} bytes, over the limit of {max_bytes}", field="file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if mapping.encoding_fallback is None:
            raise ImportRefused(
                f"the file is not UTF-8 (byte {exc.start}); if it is Windows-1252 or Latin-1, "
                "say so in the mapping file (encoding_fallback)",
                field="file",
            ) from exc
        return data.decode(mapping.encoding_fallback)


def rows(text: str, mapping: FileFormat = DEFAULT) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as (line number, our column -> value); refuses a header that lacks a
    required column."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    header = next(reader, None)
    if header is None:
        raise ImportRefused("the file is empty", field="file")
    header = [name.strip() for name in header]
    position = {name: index for index, name in enumerate(header)}
    missing = [mapping.columns[name] for name in REQUIRED if mapping.columns[name] not in position]
    if missing:
        raise ImportRefused(f"required columns missing: {', '.join(missing)}", field="file")
    wanted = [
        (ours, position[theirs]) for ours, theirs in mapping.columns.items() if theirs in position
    ]
    for record in reader:
        line = reader.line_num
        if not any(value.strip() for value in record):
            continue
        yield (
            line,
            {ours: record[index].strip() if index < len(record) else "" for ours, index in wanted},
        )


def check(
    line: int,
    raw: Mapping[str, str],
    *,
    municipalities: frozenset[str],
    campaign_municipalities: frozenset[str],
    today: date,
    date_format: str | None = None,
) -> Row | Rejected:
    """The row's values checked one by one; the first fault rejects it with its reason."""
    names = {}
    for column in ("first_names", "last_name", "street_address"):
        value = unicodedata.normalize("NFC", raw.get(column, ""))
        if not value:
            return Rejected(line, f"{column} is empty")
        if _CONTROL.search(value):
            return Rejected(line, f"{column} holds control characters")
        if len(value) > 200:
            return Rejected(line, f"{column} is longer than 200 characters")
        names[column] = value
    postcode = raw.get("postcode", "")
    if not re.fullmatch(r"\d{5}", postcode):
        return Rejected(line, f"postcode {postcode!r} is not five digits")
    code = raw.get("municipality_code", "")
    if code not in municipalities:
        return Rejected(line, f"unknown municipality code {code!r}")
    if code not in campaign_municipalities:
        return Rejected(line, f"municipality {code} is not one of this campaign's")
    language = raw.get("mother_tongue", "").lower()
    if not is_language(language):
        return Rejected(line, f"unknown language code {raw.get('mother_tongue', '')!r}")
    citizenship = raw.get("citizenship", "").upper() or None
    if citizenship is not None and citizenship not in _territories():
        return Rejected(line, f"unknown citizenship code {citizenship!r}")
    moved = _date(raw.get("moving_date", ""), date_format)
    if moved is None:
        return Rejected(line, f"moving_date {raw.get('moving_date', '')!r} is not a date")
    if moved > today:
        return Rejected(line, f"moving_date {moved.isoformat()} is in the future")
    phone = None
    if raw.get("phone"):
        try:
            phone = phones.e164(phones.parse(raw["phone"]))
        except ValueError:
            return Rejected(line, f"malformed phone number {raw['phone']!r}")
    email = raw.get("email") or None
    if email is not None and (len(email) > 254 or not _EMAIL.match(email)):
        return Rejected(line, f"malformed e-mail address {email!r}")
    post_office = raw.get("post_office") or None
    return Row(
        line=line,
        postcode=postcode,
        post_office=post_office[:100] if post_office else None,
        municipality_code=code,
        language=language,
        citizenship=citizenship,
        moving_date=moved,
        phone_e164=phone,
        email=email,
        **names,
    )


def person_key(secret: str, row: Row) -> str:
    """Who the row is, as a keyed hash of the name and the address: the same person in the
    same file twice, or again in a later file, gives the same key; the key reveals nothing."""
    parts = (row.first_names, row.last_name, row.street_address, row.postcode)
    text = "\x1f".join(" ".join(part.casefold().split()) for part in parts)
    return hmac.new(secret.encode(), f"outreach-person:{text}".encode(), hashlib.sha256).hexdigest()


def is_language(code: str) -> bool:
    """An ISO 639 code Babel's CLDR data or our own language list knows."""
    return languages.is_known(code) or code in _languages()


@cache
def _languages() -> frozenset[str]:
    return frozenset(code for code in Locale("en").languages if code.isalpha())


@cache
def _territories() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


def _date(value: str, date_format: str | None) -> date | None:
    try:
        if date_format:
            return datetime.strptime(value, date_format).date()
        return date.fromisoformat(value)
    except ValueError:
        return None
