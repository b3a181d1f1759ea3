"""``neuvo outreach``: import a register file into a campaign, print a batch of letters,
queue the invitation SMS, remove non-responders' data."""

import asyncio
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select

import core.db
from core import clock
from core.config import get_settings
from outreach import campaigns, imports, invitations, letters, records, retention
from outreach.errors import OutreachError
from outreach.models import Campaign
from outreach.schemas import CampaignCreate
from scheduling import demo
from scheduling.models import Agreement, Organisation, Service

app = typer.Typer(help="Outreach campaigns to newcomers.", no_args_is_help=True)
console = Console()

DEMO_ORGANISATION = demo.ORGANISATIONS[0][1]
CampaignOpt = Annotated[str, typer.Option("--campaign", help="The campaign's name")]
OrganisationOpt = Annotated[
    str, typer.Option("--organisation", help="The organisation's name (default: the demo's)")
]


async def _session_run(work):  # type: ignore[no-untyped-def]
    settings = get_settings()
    engine = core.db.create_engine(settings.database_url, pool_size=1)
    try:
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            return await work(session, settings)
    except OutreachError as exc:
        raise typer.BadParameter(exc.message) from exc
    finally:
        await engine.dispose()


def _today(zone: str) -> date:
    """Today where the municipality is (a newcomer who moved in today is not in the future)."""
    return clock.now().astimezone(ZoneInfo(zone)).date()


async def _organisation(session, name: str) -> Organisation:  # type: ignore[no-untyped-def]
    found = await session.scalar(select(Organisation).where(Organisation.name == name))
    if found is None:
        raise typer.BadParameter(f"no organisation named {name!r}")
    return found


async def _campaign(session, organisation: str, name: str) -> Campaign:  # type: ignore[no-untyped-def]
    org = await _organisation(session, organisation)
    found = await campaigns.by_name(session, organisation_id=org.id, name=name)
    if found is None:
        raise typer.BadParameter(f"no campaign named {name!r} in {organisation!r}")
    return found


async def _new_campaign(
    session, org: Organisation, name: str, service: str, days: int, today: date
):  # type: ignore[no-untyped-def]
    found = await session.scalar(
        select(Service).where(Service.organisation_id == org.id, Service.slug == service)
    )
    if found is None:
        raise typer.BadParameter(f"{org.name!r} has no service {service!r}")
    codes = set(
        await session.scalars(
            select(Agreement.municipality_code).where(Agreement.organisation_id == org.id)
        )
    )
    if org.municipality_code:
        codes.add(org.municipality_code)
    if not codes:
        raise typer.BadParameter(
            f"{org.name!r} serves no municipality: make the campaign in the console"
        )
    data = CampaignCreate(
        name=name,
        service_id=found.id,
        municipality_codes=sorted(codes),
        sends_from=today,
        ends_on=today + timedelta(days=days),
    )
    return await campaigns.create(session, actor=None, organisation_id=org.id, data=data)


@app.command("import")
def import_file(
    file: Path,
    campaign: CampaignOpt,
    organisation: OrganisationOpt = DEMO_ORGANISATION,
    service: Annotated[str, typer.Option(help="Service slug, for a new campaign")] = "guidance",
    mapping: Annotated[Path | None, typer.Option(help="Mapping file (TOML)")] = None,
    days: Annotated[int, typer.Option(help="A new campaign's length in days")] = 60,
) -> None:
    """Import newcomers from a register CSV file (the campaign is made if new)."""
    file_format = records.read_mapping(mapping.read_text("utf-8")) if mapping else records.DEFAULT
    data = file.read_bytes()

    async def work(session, settings):  # type: ignore[no-untyped-def]
        org = await _organisation(session, organisation)
        target = await campaigns.by_name(session, organisation_id=org.id, name=campaign)
        if target is None:
            target = await _new_campaign(
                session, org, campaign, service, days, _today(settings.timezone)
            )
            console.print(f"Campaign {campaign!r} made.")
        columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("import", total=None)
            return await imports.run(
                session,
                campaign=target,
                data=data,
                file_format=file_format,
                secret=settings.secret_key,
                today=_today(settings.timezone),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )

    report = asyncio.run(_session_run(work))
    console.print(f"{report.imported} imported, {len(report.rejected)} rejected of {report.rows}.")
    if report.rejected:
        table = Table("line", "reason")
        for row in report.rejected:
            table.add_row(str(row.line), row.reason)
        console.print(table)


@app.command("letters")
def print_letters(
    campaign: CampaignOpt,
    out: Annotated[Path, typer.Option("--out", help="The PDF to write")],
    organisation: OrganisationOpt = DEMO_ORGANISATION,
) -> None:
    """Write the letters not yet printed as one PDF, with a cover count, and mark them."""

    async def work(session, settings):  # type: ignore[no-untyped-def]
        target = await _campaign(session, organisation, campaign)
        return await letters.batch(
            session, campaign=target, base_url=settings.base_url, secret=settings.secret_key
        )

    batch = asyncio.run(_session_run(work))
    out.write_bytes(batch.pdf)
    console.print(f"{batch.count} letters written to {out}.")


@app.command("sms")
def queue_sms(campaign: CampaignOpt, organisation: OrganisationOpt = DEMO_ORGANISATION) -> None:
    """Put the invitation SMS in the outbox for everyone with a mobile number (once each)."""

    async def work(session, settings):  # type: ignore[no-untyped-def]
        target = await _campaign(session, organisation, campaign)
        return await invitations.queue_sms(
            session, campaign=target, now=clock.now(), zone=settings.timezone
        )

    console.print(f"{asyncio.run(_session_run(work))} SMS put in the outbox.")


@app.command("purge")
def purge() -> None:
    """Remove the personal data of non-responders whose campaign's retention has passed."""

    async def work(session, settings):  # type: ignore[no-untyped-def]
        return await retention.purge(session, now=clock.now(), zone=settings.timezone)

    console.print(f"{asyncio.run(_session_run(work))} newcomers' personal data removed.")
