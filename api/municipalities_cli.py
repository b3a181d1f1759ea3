"""``neuvo municipalities``: the official list of municipalities (Statistics Finland): load the
built-in year, import the next year's classification files, write the data file from them."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer

import core.db
from core.config import get_settings
from scheduling import classification, municipalities
from scheduling.classification import Classification, ClassificationError

app = typer.Typer(
    help="The official list of municipalities (Statistics Finland's classification).",
    no_args_is_help=True,
)


def load(found: Classification) -> municipalities.Loaded:
    """Bring the configured database's municipalities to ``found``; committed."""

    async def work() -> municipalities.Loaded:
        engine = core.db.create_engine(get_settings().database_url, pool_size=1)
        try:
            async with core.db.transaction(core.db.session_factory(engine)) as session:
                return await municipalities.load(session, found.entries)
        finally:
            await engine.dispose()

    return asyncio.run(work())


def summary(found: Classification, done: municipalities.Loaded) -> str:
    """One line of what was loaded, and a line naming each municipality no longer listed."""
    year = f" {found.year}" if found.year else ""
    lines = [
        f"Municipalities{year}: {len(done.added)} added, {len(done.updated)} updated, "
        f"{done.unchanged} unchanged ({len(found.entries)} in the list)."
    ]
    if done.gone:
        lines.append(
            f"Not in the list any more (merged?), kept because records may name them: "
            f"{', '.join(done.gone)}."
        )
    return "\n".join(lines)


FORMAT = """
FI_FILE and SV_FILE are Statistics Finland's correspondence table "municipalities to regions"
(kunta_1_YYYY0101#maakunta_1_YYYY0101, its "maps"), exported by the classification service in
Finnish and in Swedish (lang=fi, lang=sv), either as

\b
- JSON (format=json): a list of {"source": {"localId": "kunta_1_20270101/005", "code": "005",
  "classificationItemNames": [{"lang": "fi", "name": "Alajärvi"}]}, "target": {"code": "14",
  "classificationItemNames": [{"lang": "fi", "name": "Etelä-Pohjanmaa"}]}}; the year is read
  from localId;
- CSV (format=csv): UTF-8, ";" or "," between fields, a header with the columns sourceCode,
  sourceName, targetCode, targetName (any order; other columns ignored).

Without SV_FILE a Swedish name is the built-in list's (a new municipality gets its Finnish one).
Municipalities that are not in the file any more (mergers) are reported, never deleted.
"""


@app.command(
    "import", help="Update the municipalities from the next year's classification.\n" + FORMAT
)
def import_(
    fi_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="In Finnish")],
    sv_file: Annotated[
        Path | None, typer.Argument(exists=True, dir_okay=False, help="In Swedish")
    ] = None,
    write_data: Annotated[
        Path | None,
        typer.Option(
            "--write-data",
            help="Write Neuvo's data file (scheduling/data/municipalities_<year>.json) from "
            "the files instead of updating the database.",
        ),
    ] = None,
) -> None:
    try:
        found = classification.read_export(fi_file, sv_file, known=classification.builtin())
    except ClassificationError as exc:
        raise typer.BadParameter(str(exc)) from exc
    if write_data is not None:
        write_data.write_text(classification.to_data_file(found), encoding="utf-8")
        typer.echo(f"Wrote {len(found.entries)} municipalities to {write_data}.")
        return
    typer.echo(summary(found, load(found)))


@app.command("load")
def load_builtin() -> None:
    """Load the built-in list (as `neuvo migrate` does)."""
    found = classification.builtin()
    typer.echo(summary(found, load(found)))
