"""Password links: one use, an expiry, only the hash at rest, a refused password changes
nothing, a newer link or a deactivation ends the older; reset requests are held back as
log-ins are; and the password rules refuse short and leaked passwords."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from access import auth, errors, password_links, password_rules, staff
from access.actors import Actor
from access.models import PasswordLink, PasswordLinkKind, Role, StaffMember, StaffSession
from access.schemas import StaffUpdate
from core import clock, passwords, tokens
from tests import factories

SECRET = "a-test-secret-of-at-least-thirty-two-characters"
GOOD = "kahvi-ja-pulla-pihalla"


async def _member(session, *, password: str | None = None) -> StaffMember:
    organisation = await factories.organisation(session, "Kotikunta")
    person = await factories.person(session, organisation.id, Role.ADVISOR)
    member = await session.get(StaffMember, person.id)
    member.password_hash = passwords.hash_password(password) if password else None
    await session.flush()
    return member


async def _issue(session, member, *, kind=PasswordLinkKind.WELCOME, days=7):
    issued = await password_links.issue(
        session,
        member=member,
        kind=kind,
        secret=SECRET,
        lifetime=timedelta(days=days),
        now=clock.now(),
    )
    return issued, password_links.token(SECRET, link_id=issued.link.id, salt=issued.salt)


async def test_only_the_hash_is_kept_and_the_address_carries_the_token_in_its_fragment(
    session,
) -> None:
    member = await _member(session)
    issued, token = await _issue(session, member)
    stored = await session.scalar(select(PasswordLink).where(PasswordLink.id == issued.link.id))
    assert stored.token_hash == tokens.hash_token(token) and token not in stored.token_hash
    address = password_links.address(
        "https://neuvo.example/", SECRET, link_id=issued.link.id, salt=issued.salt
    )
    assert address == f"https://neuvo.example/password#t={token}"
    assert len(token) >= 43  # 256 bits


async def test_a_link_sets_the_password_once_and_the_second_use_changes_nothing(session) -> None:
    member = await _member(session)
    _, token = await _issue(session, member)
    assert (await password_links.look(session, token=token, now=clock.now())).state == "ready"
    await password_links.use(session, token=token, password=GOOD, now=clock.now())
    assert passwords.verify_password(GOOD, member.password_hash)
    with pytest.raises(errors.PasswordLinkUnusable) as used:
        await password_links.use(
            session, token=token, password="toinen-salasana-9", now=clock.now()
        )
    assert used.value.state == "used"
    assert passwords.verify_password(GOOD, member.password_hash)
    assert (await password_links.look(session, token=token, now=clock.now())).state == "used"


async def test_an_expired_link_changes_nothing(session) -> None:
    member = await _member(session)
    issued, token = await _issue(session, member, days=7)
    later = issued.link.expires_at + timedelta(seconds=1)
    assert (await password_links.look(session, token=token, now=later)).state == "expired"
    with pytest.raises(errors.PasswordLinkUnusable) as expired:
        await password_links.use(session, token=token, password=GOOD, now=later)
    assert expired.value.state == "expired"
    assert member.password_hash is None
    link = await session.get(PasswordLink, issued.link.id)
    assert link.used_at is None


async def test_a_refused_password_leaves_the_link_usable(session) -> None:
    member = await _member(session)
    _, token = await _issue(session, member)
    with pytest.raises(errors.PasswordBreached) as refused:
        await password_links.use(session, token=token, password="qwertyuiop", now=clock.now())
    assert refused.value.field == "password"
    with pytest.raises(errors.PasswordTooShort):
        await password_links.use(session, token=token, password="lyhyt", now=clock.now())
    assert (await password_links.look(session, token=token, now=clock.now())).state == "ready"
    assert member.password_hash is None


async def test_a_newer_link_or_a_deactivation_ends_the_older(session) -> None:
    member = await _member(session)
    _, first = await _issue(session, member)
    _, second = await _issue(session, member)
    assert (await password_links.look(session, token=first, now=clock.now())).state == "ended"
    assert (await password_links.look(session, token=second, now=clock.now())).state == "ready"
    admin = await factories.person(session, member.organisation_id, Role.ADMIN)
    actor = Actor(admin.id, member.organisation_id, frozenset({Role.ADMIN}))
    await staff.update(session, actor=actor, staff_id=member.id, data=StaffUpdate(active=False))
    await staff.update(session, actor=actor, staff_id=member.id, data=StaffUpdate(active=True))
    assert (await password_links.look(session, token=second, now=clock.now())).state == "ended"
    unknown = await password_links.look(session, token=tokens.new_token(), now=clock.now())
    assert unknown.state == "unknown" and unknown.member is None


async def test_a_reset_ends_every_session_of_the_account(session) -> None:
    member = await _member(session, password="vanha-salasana-123")
    _, token = await _issue(session, member, kind=PasswordLinkKind.RESET)
    assert await session.scalar(select(StaffSession).where(StaffSession.staff_id == member.id))
    await password_links.use(session, token=token, password=GOOD, now=clock.now())
    assert not await session.scalar(select(StaffSession).where(StaffSession.staff_id == member.id))


async def test_an_invitation_is_sent_again_only_inside_the_organisation(session) -> None:
    member = await _member(session)
    other = await factories.organisation(session, "Naapurikunta")
    stranger = await factories.person(session, other.id, Role.ADMIN)
    actor = Actor(stranger.id, other.id, frozenset({Role.ADMIN}))
    with pytest.raises(errors.StaffNotFound):
        await password_links.invitable(session, actor=actor, staff_id=member.id)
    colleague = await factories.person(session, member.organisation_id, Role.ADVISOR)
    not_admin = Actor(colleague.id, member.organisation_id, frozenset({Role.ADVISOR}))
    with pytest.raises(errors.RoleRequired):
        await password_links.invitable(session, actor=not_admin, staff_id=member.id)
    member.password_hash = passwords.hash_password(GOOD)
    admin = Actor(stranger.id, member.organisation_id, frozenset({Role.ADMIN}))
    with pytest.raises(errors.PasswordAlreadySet):
        await password_links.invitable(session, actor=admin, staff_id=member.id)


async def test_reset_requests_are_held_back_per_address_whether_or_not_it_has_an_account(
    session,
) -> None:
    member = await _member(session, password=GOOD)
    policy = auth.LoginPolicy(max_failures=2, window=timedelta(minutes=15))
    found = await password_links.request_reset(
        session, email=member.email.upper(), address="10.0.0.1", policy=policy
    )
    assert found is not None and found.id == member.id
    assert (
        await password_links.request_reset(
            session, email="nobody@example.fi", address="10.0.0.2", policy=policy
        )
        is None
    )
    await password_links.request_reset(
        session, email=member.email, address="10.0.0.3", policy=policy
    )
    with pytest.raises(errors.TooManyLoginAttempts) as held:
        await password_links.request_reset(
            session, email=member.email, address="10.0.0.4", policy=policy
        )
    assert held.value.retry_after > 0


def test_the_rules_refuse_short_and_leaked_passwords_and_take_a_long_own_one() -> None:
    with pytest.raises(errors.PasswordTooShort):
        password_rules.check("a" * (passwords.MIN_LENGTH - 1))
    for leaked in ("1234567890", "Qwertyuiop", "password123", "manchester"):
        with pytest.raises(errors.PasswordBreached):
            password_rules.check(leaked, field="new_password")
    assert len(password_rules.breached()) > 20_000
    password_rules.check(GOOD)


async def test_changing_ones_own_password_asks_for_the_current_one(session) -> None:
    member = await _member(session, password="vanha-salasana-123")
    actor = Actor(member.id, member.organisation_id, frozenset({Role.ADVISOR}))
    policy = auth.LoginPolicy()
    with pytest.raises(errors.CurrentPasswordWrong) as wrong:
        await auth.change_password(
            session,
            actor=actor,
            current="arvaus-123456",
            new=GOOD,
            address="a",
            keep_token=None,
            policy=policy,
        )
    assert wrong.value.field == "current_password"
    with pytest.raises(errors.PasswordBreached) as leaked:
        await auth.change_password(
            session,
            actor=actor,
            current="vanha-salasana-123",
            new="1q2w3e4r5t",
            address="a",
            keep_token=None,
            policy=policy,
        )
    assert leaked.value.field == "new_password"
    await auth.change_password(
        session,
        actor=actor,
        current="vanha-salasana-123",
        new=GOOD,
        address="a",
        keep_token=None,
        policy=policy,
    )
    assert passwords.verify_password(GOOD, member.password_hash)
