"""A real local SMS gateway, and a dispatcher that sends to it (e-mail stays in the outbox)."""

from collections.abc import AsyncIterator

import pytest

from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from tests.api import scheduling_world as sw
from tests.notifications.gateway import TOKEN, Gateway


async def book(client, network, day: str, at: str, **change) -> dict:
    """Book the slot at ``at`` (local HH:MM) on ``day`` as a client; return the answer."""
    params = sw.search_params(network, **{"from": day, "to": day})
    slots = (await client.get("/api/v1/slots", params=params)).json()["slots"]
    slot = next(s for s in slots if s["starts_at"][11:16] == at)
    response = await client.post("/api/v1/bookings", json=sw.client_body(slot["slot"], **change))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def gateway() -> AsyncIterator[Gateway]:
    server = await Gateway().start()
    yield server
    await server.stop()


@pytest.fixture
def delivery_settings(settings: Settings, gateway: Gateway) -> Settings:
    return settings.model_copy(
        update={
            "sms_gateway_url": gateway.url,
            "sms_gateway_token": TOKEN,
            "sms_gateway_timeout": 2,
        }
    )


@pytest.fixture
async def dispatcher(sessions, delivery_settings: Settings) -> AsyncIterator[Dispatcher]:
    found = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(delivery_settings),
        base_url=delivery_settings.base_url,
        secret=delivery_settings.secret_key,
    )
    yield found
    await found.aclose()
