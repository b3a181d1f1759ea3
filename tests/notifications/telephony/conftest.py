"""The real SIP stack on loopback: a baresip that Neuvo drives (``SipGateway``) and a sipp
phone on free ports, both stopped (and their folders removed) after each test. The app's
settings name a SIP account, so that bookings write voice messages (none without one)."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.config import Settings
from notifications.telephony.sip import LOOPBACK_ACCOUNT, SipGateway
from tests.conftest import missing
from tests.notifications.telephony.phones import Ear, Phone, free_udp_port


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"sip_account": LOOPBACK_ACCOUNT})


@pytest.fixture
async def phone(tmp_path: Path) -> AsyncIterator[Phone]:
    if shutil.which("sipp") is None or shutil.which("baresip") is None:
        missing("the SIP stack", "apt-get install sip-tester baresip")
    found = Phone(tmp_path, free_udp_port(), free_udp_port(), Ear())
    yield found
    await found.stop()


@pytest.fixture
async def sip(phone: Phone) -> AsyncIterator[SipGateway]:
    gateway = SipGateway(account=LOOPBACK_ACCOUNT, dial_uri=phone.dial_uri)
    yield gateway
    await gateway.aclose()
