"""Demo profiles: every interpreter and peer counsellor of the demo network gets one, built
from the languages the scheduling demo gave them, so that offers work after ``make run``."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role, StaffLanguage, StaffRole
from interpreters.models import HelperKind, InterpreterLanguage, InterpreterProfile, Mode

NATIONAL = ("fi", "sv", "en")  # the languages interpreted into
DEMO_REGIONS = ["564", "615", "598"]  # Oulu, Pudasjärvi, Pietarsaari


async def load(session: AsyncSession) -> int:
    """Add a profile for each interpreter and peer counsellor who has none; return how many."""
    helpers = dict(
        (
            await session.execute(
                select(StaffRole.staff_id, StaffRole.role).where(
                    StaffRole.role.in_([Role.INTERPRETER, Role.PEER_COUNSELLOR])
                )
            )
        ).all()
    )
    have = set(await session.scalars(select(InterpreterProfile.staff_id)))
    made = 0
    for staff_id, role in helpers.items():
        if staff_id in have:
            continue
        spoken = list(
            await session.scalars(
                select(StaffLanguage.language).where(StaffLanguage.staff_id == staff_id)
            )
        )
        into = [code for code in NATIONAL if code in spoken]
        clients = [code for code in spoken if code not in NATIONAL]
        if not into or not clients:
            continue
        profile = InterpreterProfile(
            staff_id=staff_id,
            kind=HelperKind.INTERPRETER if role == Role.INTERPRETER else HelperKind.PEER_COUNSELLOR,
            into_languages=into,
            modes=[Mode.PHONE.value, Mode.VIDEO.value, Mode.ON_SITE.value],
            regions=DEMO_REGIONS,
            # Made-up numbers in the 555 range, which no Finnish subscriber has.
            phone_e164=f"+3584055502{made:02d}",
        )
        session.add(profile)
        await session.flush()
        session.add_all(
            InterpreterLanguage(profile_id=profile.id, language=code) for code in clients
        )
        made += 1
    await session.flush()
    return made
