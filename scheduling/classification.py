"""Statistics Finland's classification of municipalities: the year Neuvo ships
(``data/municipalities_<year>.json``) and the files the classification service publishes for the
next year, read into one shape. Pure: no database, nothing fetched.

The service's correspondence table *municipalities to regions* (``kunta_1_YYYY0101#maakunta_1_
YYYY0101``, "maps") is read as the service exports it, once per language:

- JSON (``.../maps?content=data&meta=max&lang=fi&format=json``): a list of maps, each
  ``{"source": {"localId": "kunta_1_20270101/005", "code": "005", "classificationItemNames":
  [{"lang": "fi", "name": "Alajärvi"}], ...}, "target": {"localId": "maakunta_1_20270101/14",
  "code": "14", "classificationItemNames": [{"lang": "fi", "name": "Etelä-Pohjanmaa"}], ...}}``;
  a name's language is its ``lang``.
- CSV (``format=csv``): UTF-8 (a BOM allowed), ``;`` or ``,`` between fields, a header naming the
  columns ``sourceCode``, ``sourceName``, ``targetCode`` and ``targetName`` (any order, any case,
  more columns ignored); the names are in the language the file is given as.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

LANGUAGES = ("fi", "sv")


class ClassificationError(ValueError):
    """A file is not the classification in a shape this module reads."""


@dataclass(frozen=True)
class Entry:
    """One municipality of a year's classification, with the region (maakunta) it belongs to."""

    code: str
    name_fi: str
    name_sv: str
    region_code: str
    region_fi: str
    region_sv: str


@dataclass(frozen=True)
class Classification:
    year: int | None
    source: str
    entries: tuple[Entry, ...]

    def by_code(self) -> dict[str, Entry]:
        return {entry.code: entry for entry in self.entries}


@cache
def builtin() -> Classification:
    """The classification Neuvo ships: the newest ``data/municipalities_<year>.json``."""
    files = [
        item
        for item in resources.files("scheduling").joinpath("data").iterdir()
        if re.fullmatch(r"municipalities_\d{4}\.json", item.name)
    ]
    newest = max(files, key=lambda item: item.name)
    return from_data_file(newest.read_text(encoding="utf-8"))


def from_data_file(text: str) -> Classification:
    """Read Neuvo's own data file (the shape ``to_data_file`` writes)."""
    data = json.loads(text)
    regions = data["regions"]
    entries = tuple(
        Entry(
            code=row["code"],
            name_fi=row["fi"],
            name_sv=row["sv"],
            region_code=row["region"],
            region_fi=regions[row["region"]]["fi"],
            region_sv=regions[row["region"]]["sv"],
        )
        for row in data["municipalities"]
    )
    return Classification(year=data.get("year"), source=data["source"], entries=entries)


def to_data_file(classification: Classification, *, note: str = "") -> str:
    """Neuvo's data file for ``classification``: one municipality a line, by code."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    regions = {e.region_code: (e.region_fi, e.region_sv) for e in classification.entries}
    lines = ["{", f'  "source": {dump(classification.source)},']
    if classification.year is not None:
        lines += [f'  "year": {classification.year},']
        lines += [f'  "valid_from": "{classification.year}-01-01",']
    if note:
        lines += [f'  "note": {dump(note)},']
    lines += ['  "regions": {']
    lines += [
        ",\n".join(
            f'    {dump(code)}: {{"fi": {dump(fi)}, "sv": {dump(sv)}}}'
            for code, (fi, sv) in sorted(regions.items())
        ),
        "  },",
        '  "municipalities": [',
        ",\n".join(
            f'    {{"code": {dump(e.code)}, "fi": {dump(e.name_fi)}, "sv": {dump(e.name_sv)}, '
            f'"region": {dump(e.region_code)}}}'
            for e in sorted(classification.entries, key=lambda e: e.code)
        ),
        "  ]",
        "}",
    ]
    return "\n".join(lines) + "\n"


# A map as read from one file: municipality code -> (its name, region code, region name).
_Rows = dict[str, tuple[str | None, str, str | None]]


def read_export(
    fi_file: Path, sv_file: Path | None = None, *, known: Classification | None = None
) -> Classification:
    """Read the service's municipality-to-region export in Finnish (``fi_file``) and, if given,
    in Swedish (``sv_file``). A name missing in Swedish is taken from ``known`` (the list in
    use) for a code it has, else the Finnish one (most municipalities have one name)."""
    names: dict[str, dict[str, _Rows]] = {lang: {} for lang in LANGUAGES}
    years: set[int] = set()
    for path, lang in ((fi_file, "fi"), (sv_file, "sv")):
        if path is not None:
            _read_one(path, lang, names, years)
    fi = names["fi"]
    if not fi:
        raise ClassificationError(f"{fi_file}: no municipality with a Finnish name")
    old = known.by_code() if known else {}
    entries = []
    for code, (name_fi, region_code, region_fi) in sorted(fi.items()):
        sv = names["sv"].get(code)
        before = old.get(code)
        name_sv = (sv and sv[0]) or (before.name_sv if before else None) or name_fi
        region_sv = _region_sv(region_code, names["sv"], old) or region_fi
        if name_fi is None or region_fi is None:
            raise ClassificationError(f"{fi_file}: municipality {code} has no Finnish name")
        entries.append(Entry(code, name_fi, name_sv, region_code, region_fi, region_sv))
    year = years.pop() if len(years) == 1 else None
    source = (
        "Statistics Finland, classification of municipalities"
        + (f" {year} (kunta_1_{year}0101)" if year else "")
        + " and its correspondence to regions"
        + (f" (kunta_1_{year}0101#maakunta_1_{year}0101)" if year else "")
    )
    return Classification(year=year, source=source, entries=tuple(entries))


def _region_sv(code: str, sv: _Rows, old: dict[str, Entry]) -> str | None:
    for _, region_code, region_name in sv.values():
        if region_code == code and region_name:
            return region_name
    return next((e.region_sv for e in old.values() if e.region_code == code), None)


_CODE = re.compile(r"^\d{3}$")
_REGION = re.compile(r"^\d{2}$")
_YEAR = re.compile(r"kunta_\d+_(\d{4})0101")


def _read_one(path: Path, lang: str, names: dict[str, dict[str, _Rows]], years: set[int]) -> None:
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith(("[", "{")):
        rows = _json_rows(path, text, lang, years)
    else:
        rows = _csv_rows(path, text, lang)
    for row_lang, code, name, region_code, region_name in rows:
        if not _CODE.match(code):
            raise ClassificationError(f"{path}: {code!r} is not a three-digit municipality code")
        if not _REGION.match(region_code):
            raise ClassificationError(f"{path}: {region_code!r} is not a two-digit region code")
        if row_lang in names:  # fi and sv; a name in another language is not kept
            names[row_lang][code] = (name, region_code, region_name)


def _json_rows(path: Path, text: str, lang: str, years: set[int]) -> Iterable[tuple]:
    try:
        maps = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClassificationError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(maps, list):
        raise ClassificationError(f"{path}: expected the list of maps the service exports")
    out = []
    for item in maps:
        try:
            source, target = item["source"], item["target"]
            code, region_code = str(source["code"]), str(target["code"])
        except (KeyError, TypeError) as exc:
            raise ClassificationError(f"{path}: a map without source and target codes") from exc
        if found := _YEAR.search(str(source.get("localId", ""))):
            years.add(int(found.group(1)))
        source_names = _names(source, lang)
        target_names = _names(target, lang)
        for name_lang in source_names.keys() | target_names.keys():
            out.append(
                (
                    name_lang,
                    code,
                    source_names.get(name_lang),
                    region_code,
                    target_names.get(name_lang),
                )
            )
    return out


def _names(item: dict, lang: str) -> dict[str, str]:
    """The item's names by language; a name without ``lang`` is in the file's language."""
    found = {}
    for name in item.get("classificationItemNames") or []:
        if isinstance(name, dict) and name.get("name"):
            found[name.get("lang") or lang] = name["name"].strip()
    return found


def _csv_rows(path: Path, text: str, lang: str) -> Iterable[tuple]:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader, [])]
    wanted = ("sourcecode", "sourcename", "targetcode", "targetname")
    if not all(column in header for column in wanted):
        raise ClassificationError(
            f"{path}: the header must name sourceCode, sourceName, targetCode and targetName"
        )
    at = [header.index(column) for column in wanted]
    out = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        code, name, region_code, region_name = (row[i].strip() for i in at)
        out.append((lang, code, name, region_code, region_name))
    return out
