"""Every package's ``__init__.py`` docstring is its map: one ``- ``module``: ...`` line per
module (and subpackage), and no line for a module that does not exist."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "api",
    "api.routes",
    "core",
    "access",
    "speech",
    "notifications",
    "scheduling",
    "interpreters",
    "video",
    "outreach",
    "flows",  # the use-case layer, once it exists
]
# A map line names one module: "- ``name``: ..." ("``name.py``" and "``name/``" read alike).
ENTRY = re.compile(r"^- ``(\w+)(?:\.py|/)?``", re.MULTILINE)


def _directory(package: str) -> Path:
    return ROOT.joinpath(*package.split("."))


def _modules(directory: Path) -> set[str]:
    files = {path.stem for path in directory.glob("*.py") if path.stem != "__init__"}
    packages = {path.parent.name for path in directory.glob("*/__init__.py")}
    return files | packages


def _listed(directory: Path) -> list[str]:
    docstring = ast.get_docstring(ast.parse((directory / "__init__.py").read_text())) or ""
    return ENTRY.findall(docstring)


PRESENT = [package for package in PACKAGES if (_directory(package) / "__init__.py").exists()]


@pytest.mark.parametrize("package", PRESENT)
def test_package_docstring_maps_every_module_once(package: str) -> None:
    directory = _directory(package)
    listed = _listed(directory)
    modules = _modules(directory)
    assert not (missing := sorted(modules - set(listed))), f"{package}: not in its map: {missing}"
    assert not (gone := sorted(set(listed) - modules)), f"{package}: map names no module: {gone}"
    twice = sorted({name for name in listed if listed.count(name) > 1})
    assert not twice, f"{package}: listed more than once: {twice}"


def test_the_map_reader_sees_one_module_per_line() -> None:
    docstring = "P.\n\n- ``a``: one; ``b`` named.\n- ``c.py``, ``d``: two.\n- ``e/``: sub\n"
    assert ENTRY.findall(docstring) == ["a", "c", "e"]
