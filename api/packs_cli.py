"""``neuvo prompts export``, ``import``, ``keygen`` and ``public-key``: language packs, one
installation's approved recordings of a language, signed, loaded by another (``speech.packs``).

Exit codes: 0 done; 1 a pack refused (signature, key, hashes, language: nothing loaded);
2 a wrong argument (an unknown language, no signing key configured)."""

import asyncio
import os
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.table import Table

import core.db
from core import languages
from core.config import get_settings
from flows import prompts
from speech import packs
from speech.errors import PackRefused

REFUSED = 1


async def _in_session(work):  # type: ignore[no-untyped-def]
    engine = core.db.create_engine(get_settings().database_url, pool_size=1)
    try:
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            return await work(session)
    finally:
        await engine.dispose()


def _signing_key():  # type: ignore[no-untyped-def]
    path = get_settings().pack_signing_key_file
    if path is None:
        raise typer.BadParameter(
            "no signing key: run `neuvo prompts keygen FILE` and set NEUVO_PACK_SIGNING_KEY_FILE"
        )
    try:
        return packs.signing_key(path)
    except PackRefused as exc:
        raise typer.BadParameter(str(exc)) from exc


def _signer_name() -> str:
    """The name a pack gives its signer: this installation's host."""
    return urlsplit(get_settings().base_url).hostname or "neuvo"


def export(
    lang: Annotated[str, typer.Option("--lang", help="The language, e.g. so")],
    out: Annotated[Path, typer.Argument(help="The pack file to write")],
) -> None:
    """Write a signed pack of a language's approved recordings (texts, hashes, who recorded
    and approved them, their licence)."""
    if not languages.is_known(lang):
        raise typer.BadParameter(f"{lang!r} is not a language of Neuvo's", param_hint="--lang")
    key = _signing_key()

    async def work(session):  # type: ignore[no-untyped-def]
        names = await prompts.names(session, lang=lang)
        return await packs.export(session, lang=lang, key=key, signer=_signer_name(), names=names)

    done = asyncio.run(_in_session(work))
    out.write_bytes(done.data)
    console = Console()
    console.print(f"{lang}: {done.count} recordings in {out} ({len(done.data) / 1024:.0f} KiB)")
    if done.left:
        table = Table(title="Approved but not in the pack")
        for column in ("kind", "key", "why"):
            table.add_column(column)
        for left in done.left:
            table.add_row(left.kind.value, left.key, left.reason)
        console.print(table)


def import_(
    pack: Annotated[Path, typer.Argument(help="The pack file to load", exists=True)],
) -> None:
    """Load a pack: its recordings wait for a reviewer here (or are approved at once with
    NEUVO_PACK_IMPORT_APPROVED); those made for texts changed since are kept as stale."""
    settings = get_settings()
    console = Console(stderr=True)
    try:
        trusted = packs.trusted_keys(settings.pack_trusted_keys_file)
        own = settings.pack_signing_key_file
        if own is not None:  # an installation trusts its own packs
            trusted.setdefault(packs.public_text(packs.signing_key(own)), _signer_name())
        found = packs.read(pack.read_bytes(), trusted=trusted)
    except PackRefused as exc:
        console.print(f"[bold red]Refused:[/] {exc}", highlight=False)
        raise typer.Exit(REFUSED) from exc

    async def work(session):  # type: ignore[no-untyped-def]
        names = await prompts.names(session, lang=found.lang)
        return await packs.load(session, found, names=names, approve=settings.pack_import_approved)

    loaded = asyncio.run(_in_session(work))
    table = Table(title=f"{found.lang} from {found.signer} (made {found.made_at})")
    for column in ("kind", "key", "outcome", "why"):
        table.add_column(column)
    colours = {"imported": "green", "approved": "green", "stale": "yellow", "skipped": "dim"}
    for entry in loaded:
        outcome = f"[{colours[entry.outcome]}]{entry.outcome}[/]"
        table.add_row(entry.kind.value, entry.key, outcome, entry.reason)
    out = Console()
    out.print(table)
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(packs.counts(loaded).items()))
    out.print(f"{found.lang}: {summary or 'nothing'}", highlight=False)


def keygen(
    out: Annotated[Path, typer.Argument(help="The private key file to write (PEM)")],
) -> None:
    """Make this installation's signing key; print the line another installation puts into
    its trusted keys file."""
    if out.exists():
        raise typer.BadParameter(f"{out} exists already; a key is never overwritten")
    pem = packs.new_key()
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    typer.echo(f"Signing key written to {out}; set NEUVO_PACK_SIGNING_KEY_FILE={out}.")
    typer.echo("Give the receivers this line for their NEUVO_PACK_TRUSTED_KEYS_FILE:")
    typer.echo(f"{_signer_name()} {packs.public_text(packs.signing_key(out))}")


def public_key() -> None:
    """Print the trusted-keys line of this installation's signing key."""
    typer.echo(f"{_signer_name()} {packs.public_text(_signing_key())}")


def register(prompts_app: typer.Typer) -> None:
    """Add the pack commands to ``neuvo prompts``."""
    prompts_app.command("export")(export)
    prompts_app.command("import")(import_)
    prompts_app.command("keygen")(keygen)
    prompts_app.command("public-key")(public_key)
