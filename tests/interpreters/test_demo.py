"""The demo's interpreters and peer counsellors get profiles, so that offers work at once."""

from sqlalchemy import select

from access.models import StaffMember
from interpreters import demo as interpreter_demo
from interpreters.models import InterpreterLanguage, InterpreterProfile
from scheduling import demo


async def test_every_demo_interpreter_gets_a_profile_once(session) -> None:
    await demo.load(session)
    made = await interpreter_demo.load(session)
    assert made >= 10
    assert await interpreter_demo.load(session) == 0  # nothing twice
    somali = await session.scalar(
        select(InterpreterProfile)
        .join(StaffMember, StaffMember.id == InterpreterProfile.staff_id)
        .where(StaffMember.email.like("interpreter.so@%"))
    )
    assert somali.kind == "interpreter" and somali.into_languages == ["fi", "en"]
    spoken = set(
        await session.scalars(
            select(InterpreterLanguage.language).where(InterpreterLanguage.profile_id == somali.id)
        )
    )
    assert spoken == {"so"}
