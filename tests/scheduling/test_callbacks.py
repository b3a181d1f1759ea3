"""Call-back requests in the domain: one open per number and service, caps, bad numbers."""

import pytest
from sqlalchemy import func, select

from core import clock
from scheduling import callbacks
from scheduling.errors import CallbackAlreadyOpen, InvalidValue, TooManyCallbacks
from scheduling.models import CallbackRequest, CallbackSource, CallbackStatus
from tests.api import scheduling_world as sw

MOBILE = "040 123 4567"


async def _open(session, network: sw.Network, phone: str = MOBILE, **change):
    values = {
        "organisation_id": network.oulu.id,
        "phone_e164": phone,
        "language": "ti",
        "source": CallbackSource.CLIENT_PAGE,
        "now": clock.now(),
        **change,
    }
    return await callbacks.open_request(session, **values)


async def test_open_request_keeps_the_number_in_e164_and_waits_to_be_called(session, network):
    request = await _open(session, network, topic="housing")
    assert request.phone_e164 == "+358401234567"
    assert request.status == CallbackStatus.OPEN
    assert request.attempts == 0
    assert request.next_attempt_at == request.created_at


async def test_open_request_refuses_a_second_open_request_for_the_same_number_and_service(
    session, network
):
    await _open(session, network)
    with pytest.raises(CallbackAlreadyOpen):
        await _open(session, network, phone="+358401234567")
    await _open(session, network, service_id=network.service.id)  # another service: its own
    with pytest.raises(CallbackAlreadyOpen):
        await _open(session, network, service_id=network.service.id)


@pytest.mark.parametrize("phone", ["12", "08 5550100", "+358 9 1234 56789 0", "abc"])
async def test_open_request_refuses_malformed_and_non_mobile_numbers(session, network, phone):
    with pytest.raises(InvalidValue):
        await _open(session, network, phone=phone)
    count = await session.scalar(select(func.count()).select_from(CallbackRequest))
    assert count == 0


async def test_open_request_caps_open_requests_per_address(session, network):
    for n in range(callbacks.OPEN_PER_SOURCE):
        await _open(session, network, phone=f"+35840{n:07d}", source_hash="x")
    with pytest.raises(TooManyCallbacks):
        await _open(session, network, phone="+358501112222", source_hash="x")
    await _open(session, network, phone="+358501112222", source_hash="y")
