"""Invitation SMS: once per person, outside quiet hours, with the personal link; bounces
counted; do not contact removes the person and keeps them out."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from notifications import dispatch
from notifications.models import Message, MessageKind, MessageStatus
from outreach import funnel, imports, invitations, links
from outreach.models import Newcomer
from tests.outreach.conftest import TODAY, OutreachWorld, csv_bytes, person_row

SECRET = "test-secret-" + "x" * 40
ZONE = "Europe/Helsinki"


async def _imported(session, world, rows):  # type: ignore[no-untyped-def]
    await imports.run(
        session, campaign=world.campaign, data=csv_bytes(rows), secret=SECRET, today=TODAY
    )
    return list(
        await session.scalars(select(Newcomer).where(Newcomer.campaign_id == world.campaign.id))
    )


async def test_each_person_with_a_mobile_gets_one_sms_outside_quiet_hours(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    rows = [person_row(1, mother_tongue="ar"), person_row(2, phone=""), person_row(3)]
    await _imported(session, outreach_world, rows)
    late = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC).replace(hour=20)  # 22 local
    first = await invitations.queue_sms(
        session, campaign=outreach_world.campaign, now=late, zone=ZONE
    )
    second = await invitations.queue_sms(
        session, campaign=outreach_world.campaign, now=late, zone=ZONE
    )
    assert (first, second) == (2, 0)
    messages = list(
        await session.scalars(select(Message).where(Message.kind == MessageKind.INVITATION))
    )
    assert len(messages) == 2
    assert all(m.due_at.astimezone(ZoneInfo(ZONE)).hour == 8 for m in messages)
    arabic = await session.scalar(select(Newcomer).where(Newcomer.language == "ar"))
    message = next(m for m in messages if m.recipient == arabic.phone_e164)
    text = dispatch.render(
        message, link=links.link("http://x", SECRET, newcomer_id=arabic.id, salt=arabic.link_salt)
    ).text
    assert text.startswith("Neuvo: أهلاً")
    assert "http://x/i/" in text
    assert "[link]" in dispatch.preview(message)
    message.status = MessageStatus.UNDELIVERABLE
    await session.flush()
    counts = {
        row["language"]: row
        for row in await funnel.counts(session, campaign=outreach_world.campaign)
    }
    assert counts["ar"]["sms_bounced"] == 1 and counts["all"]["sms_bounced"] == 1


async def test_do_not_contact_removes_the_person_and_keeps_them_out(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    rows = [person_row(1), person_row(3)]
    newcomers = await _imported(session, outreach_world, rows)
    await invitations.queue_sms(
        session, campaign=outreach_world.campaign, now=clock.now(), zone=ZONE
    )
    target = newcomers[0]
    await invitations.do_not_contact(
        session, campaign=outreach_world.campaign, newcomer_id=target.id, now=clock.now()
    )
    await session.refresh(target)
    assert (target.first_names, target.phone_e164, target.token_hash) == (None, None, None)
    message = await session.get(Message, target.sms_message_id)
    assert message.status == MessageStatus.CANCELLED and message.recipient == ""
    again = await imports.run(
        session, campaign=outreach_world.campaign, data=csv_bytes(rows), secret=SECRET, today=TODAY
    )
    assert "asked not to be contacted" in again.rejected[0].reason
