"""The ``neuvo`` command line: serve, worker, migrate, demo, create-admin, prompts, outreach,
municipalities."""

import asyncio
import os
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy import select

import core.db
import migrations
from access import password_rules, staff
from access.errors import PasswordBreached, PasswordTooShort
from access.models import Role, StaffMember
from access.schemas import StaffCreate
from api import logs, municipalities_cli, outreach_cli, packs_cli
from core.config import get_settings
from interpreters import demo as interpreter_demo
from scheduling import classification, demo
from scheduling.models import Organisation, OrganisationKind

app = typer.Typer(help="Neuvo: guidance sessions across municipal borders.", no_args_is_help=True)
app.add_typer(outreach_cli.app, name="outreach")
app.add_typer(municipalities_cli.app, name="municipalities")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    reload: bool = False,
) -> None:
    """Serve the API and the pages."""
    import uvicorn

    base = f"http://{host}:{port}"
    # Browsers send this origin on log-in: unless told otherwise, it is the address served.
    os.environ.setdefault("NEUVO_BASE_URL", base)
    typer.echo(f"Client page:   {base}/")
    typer.echo(f"Staff console: {base}/console")
    typer.echo(f"API docs:      {base}/docs")
    uvicorn.run(
        "api.main:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        log_level="info",
        log_config=logs.config(),  # tokens, codes and phone numbers never reach a log line
    )


@app.command()
def worker() -> None:
    """Run the arq worker (needs REDIS_URL); it waits for Redis when Redis goes away."""
    from api import worker

    worker.run()


@app.command()
def migrate(revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest), then load the built-in list of
    municipalities (Statistics Finland's classification) into it."""
    url = get_settings().database_url
    migrations.upgrade(url, revision)
    typer.echo(f"Database at {_safe(url)} is at {revision}.")
    if revision == "head":
        found = classification.builtin()
        typer.echo(municipalities_cli.summary(found, municipalities_cli.load(found)))


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


async def _with_session(work):  # type: ignore[no-untyped-def]
    settings = get_settings()
    engine = core.db.create_engine(settings.database_url, pool_size=1)
    try:
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            return await work(session)
    finally:
        await engine.dispose()


@app.command("demo")
def load_demo(
    if_empty: Annotated[bool, typer.Option(help="Load only into an empty database.")] = False,
) -> None:
    """Load demo data modelled on Northern Ostrobothnia and the Jakobstad region."""
    if get_settings().environment == "production":
        raise typer.BadParameter("demo data is never loaded in production")

    async def work(session):  # type: ignore[no-untyped-def]
        if not await demo.is_empty(session):
            if not if_empty:
                raise typer.BadParameter("the database holds data already; demo data not loaded")
            return None
        summary = await demo.load(session)
        await interpreter_demo.load(session)  # profiles for the demo's interpreters
        return summary

    summary = asyncio.run(_with_session(work))
    if summary is None:
        typer.echo("The database holds data already; demo data not loaded again.")
    else:
        typer.echo(
            f"Demo data loaded: {summary.organisations} organisations, {summary.municipalities} "
            f"municipalities, {summary.services} services, {summary.staff} staff, "
            f"{summary.agreements} agreements."
        )
    typer.echo(f"Demo log-ins (password {demo.DEMO_PASSWORD!r}):")
    for description, email in demo.LOGINS:
        typer.echo(f"  {description:<28} {email}")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True)],
    name: Annotated[str, typer.Option(prompt=True)],
    organisation: Annotated[str, typer.Option(prompt=True, help="Organisation name")],
    kind: OrganisationKind = OrganisationKind.MUNICIPALITY,
    platform: Annotated[bool, typer.Option(help="Administer the whole platform")] = True,
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, envvar=None)
    ] = "",
) -> None:
    """Create an admin account (and its organisation, if new). Asks for the password."""
    try:
        data = StaffCreate(email=email, display_name=name, roles=[Role.ADMIN], password=password)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise typer.BadParameter(problems) from exc
    try:  # the same rules as a password set from an invitation or the Profile tab
        password_rules.check(password)
    except (PasswordTooShort, PasswordBreached) as exc:
        raise typer.BadParameter(exc.message, param_hint="'--password'") from exc

    async def work(session):  # type: ignore[no-untyped-def]
        org = await session.scalar(select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = Organisation(name=organisation, kind=kind)
            session.add(org)
            await session.flush()
        if await session.scalar(select(StaffMember.id).where(StaffMember.email == email.lower())):
            raise typer.BadParameter(f"an account for {email} exists already")
        return await staff.add(session, data=data, organisation_id=org.id, platform_admin=platform)

    view = asyncio.run(_with_session(work))
    typer.echo(f"Admin {view.email} created in organisation {organisation!r}.")
    console = f"{get_settings().base_url.rstrip('/')}/console"
    typer.echo(f"Next: log in at {console} (`neuvo serve` serves it); the console shows the")
    typer.echo("steps until the first client can book: a service, an agreement, staff, hours.")


prompts = typer.Typer(
    help="Prompt audio: generated files, coverage, language packs.", no_args_is_help=True
)
app.add_typer(prompts, name="prompts")
packs_cli.register(prompts)


# Municipality names are Finnish or Swedish words: only those voices say them rightly.
NAME_VOICES_OF_PLACES = ("fi", "sv")


def _spoken_names(lang: str, *, database: bool) -> list[str]:
    """The service and municipality names to generate in ``lang``: the demo's services and every
    municipality of the built-in list (committed, so ``make run`` has them), and with
    ``database`` those of the configured database too."""
    from flows import prompts
    from speech.models import RecordingKind

    found = [service.names[lang] for _, service in demo.SERVICES if service.names.get(lang)]
    if lang in NAME_VOICES_OF_PLACES:
        places = classification.builtin().entries  # every municipality, as migrate loads them
        found += [place.name_sv if lang == "sv" else place.name_fi for place in places]
    if database:
        named = asyncio.run(_with_session(lambda session: prompts.names(session, lang=lang)))
        found += [
            text
            for (kind, _), text in named.items()
            if kind == RecordingKind.SERVICE or lang in NAME_VOICES_OF_PLACES
        ]
    return found


@prompts.command("generate")
def prompts_generate(
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Only these languages")] = None,
    database: Annotated[
        bool, typer.Option("--database", help="Also the names of the database's services")
    ] = False,
) -> None:
    """Make the generated audio (espeak-ng) of every prompt and clip, of the demo's service
    and municipality names (with --database, the database's too), and its manifest."""
    from speech import generate

    if not generate.available():
        raise typer.BadParameter("espeak-ng is not installed (apt-get install espeak-ng)")
    wanted = lang or list(generate.VOICES)
    unknown = [code for code in wanted if code not in generate.VOICES]
    if unknown:
        raise typer.BadParameter(f"no voice for {', '.join(unknown)}; record them in the console")
    for code in wanted:
        done = generate.generate(code, _spoken_names(code, database=database))
        typer.echo(
            f"{code}: {done.made} made, {done.kept} unchanged, {done.removed} removed, "
            f"{done.bytes / 1024:.0f} KiB"
        )


@prompts.command("coverage")
def prompts_coverage() -> None:
    """Per language: how close it is to "a non-reader can book" (the booking path heard) and
    to "everything heard", then prompts and clips recorded, generated or missing."""
    from rich.console import Console
    from rich.table import Table

    from flows import prompts as prompt_flows
    from speech import library

    async def both(session):  # type: ignore[no-untyped-def]
        return await library.coverage(session), await prompt_flows.readiness(session)

    table_, ready = asyncio.run(_with_session(both))
    table = Table(title="Prompt audio")
    columns = ("language", "can book", "everything", "prompts rec.", "gen.", "missing")
    for column in (*columns, "clips rec.", "gen.", "missing"):
        table.add_column(column, justify="left" if column == "language" else "right")
    for row in ready:
        p, c = table_[row.lang]["prompt"], table_[row.lang]["clip"]
        book, every = row.booking, row.everything
        table.add_row(
            row.lang,
            "yes" if book.complete else f"{book.heard}/{book.total}",
            "yes" if every.complete else f"{every.heard}/{every.total}",
            *(str(x) for x in (p["recorded"], p["generated"], p["none"])),
            *(str(x) for x in (c["recorded"], c["generated"], c["none"])),
        )
    Console().print(table)
