"""The SIP gateway against real software on loopback: baresip driven over its control socket,
sipp phones that answer and press a key, stay silent, are busy or never answer; what the
phone heard is read from the RTP it received."""

import asyncio
import time
from uuid import uuid4

from notifications.telephony import sound
from notifications.telephony.gateway import Call, CallEvent
from notifications.telephony.sip import LOOPBACK_ACCOUNT, SipGateway
from tests.notifications.telephony.phones import Phone
from tests.notifications.telephony.tones import find_part, heard_in_order, mu_law, tone

PARTS = [tone("hello", 440), tone("date", 550), tone("how", 660)]
QUESTION = tone("question", 880)
THANKS = tone("thanks", 990, 0.2)


def call(**change) -> Call:
    fields = {
        "call_id": uuid4(),
        "to": "+358401234567",
        "language": "fi",
        "audio": tuple(PARTS),
        "question": (QUESTION,),
        "goodbyes": {"1": (THANKS,)},
        "timeout": 1.0,
        "ring_timeout": 2.0,
        "max_seconds": 20.0,
        **change,
    }
    return Call(**fields)


def seconds_heard(phone: Phone) -> float:
    return len(phone.ear.mu_law()) / sound.RATE


async def test_a_call_plays_every_part_in_order_then_takes_the_key(phone, sip) -> None:
    await phone.start("answer", keys=((1600, "1"),))  # pressed after the question
    result = await sip.place(call())
    assert await phone.finished() == 0  # the phone's scenario ran to its BYE
    assert (result.outcome, result.key, result.answered) == (CallEvent.DIGITS, "1", True)
    heard = phone.ear.mu_law()
    assert heard_in_order(heard, [*PARTS, QUESTION, THANKS]) == [
        "hello",
        "date",
        "how",
        "question",
        "thanks",
    ]
    # audio of the expected length: every part, the question and the thanks, whole
    assert seconds_heard(phone) >= sum(len(mu_law(p)) for p in [*PARTS, QUESTION, THANKS]) / 8000


async def test_a_key_during_the_reminder_is_taken_at_once(phone, sip) -> None:
    await phone.start("answer", keys=((300, "2"),))
    started = time.monotonic()
    result = await sip.place(call(goodbyes={}))
    assert (result.outcome, result.key) == (CallEvent.DIGITS, "2")
    assert time.monotonic() - started < 5  # loose: no waiting for the question to end
    assert await phone.finished() == 0


async def test_a_wrong_key_asks_once_more_then_no_answer_given(phone, sip) -> None:
    await phone.start("answer", keys=((1600, "5"),))
    result = await sip.place(call())
    assert (result.outcome, result.key, result.wrong_keys) == (CallEvent.NO_INPUT, None, ("5",))
    heard = phone.ear.mu_law()
    first = find_part(heard, QUESTION)
    assert first >= 0 and find_part(heard, QUESTION, first + len(mu_law(QUESTION))) > first
    assert find_part(heard, THANKS) < 0  # no thanks for no answer
    assert await phone.finished() == 0


async def test_silence_asks_twice_then_no_input(phone, sip) -> None:
    await phone.start("answer")
    result = await sip.place(call())
    assert (result.outcome, result.answered, result.wrong_keys) == (CallEvent.NO_INPUT, True, ())
    heard = phone.ear.mu_law()
    first = find_part(heard, QUESTION)
    assert find_part(heard, QUESTION, first + len(mu_law(QUESTION))) > first
    assert await phone.finished() == 0


async def test_a_busy_phone_is_busy(phone, sip) -> None:
    await phone.start("busy")
    result = await sip.place(call())
    assert (result.outcome, result.answered) == (CallEvent.BUSY, False)
    assert result.detail and result.detail.startswith("486")
    assert await phone.finished() == 0


async def test_a_phone_that_rings_on_is_cancelled_at_the_ring_timeout(phone, sip) -> None:
    await phone.start("no_answer")
    started = time.monotonic()
    result = await sip.place(call(ring_timeout=1.5))
    assert result.outcome == CallEvent.NO_ANSWER
    assert time.monotonic() - started < 10  # loose
    assert await phone.finished() == 0  # it saw the CANCEL and acknowledged the 487


class Garbage(asyncio.DatagramProtocol):
    """A "peer" that answers every datagram with bytes that are no SIP at all."""

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        self.transport.sendto(b"\x00\xffSIP/9.9 nonsense\r\n\r\n" + bytes(range(256)), addr)


async def test_a_peer_sending_garbage_ends_at_the_timeout_and_the_next_call_works(
    phone, sip
) -> None:
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(Garbage, local_addr=("127.0.0.1", 0))
    port = transport.get_extra_info("sockname")[1]
    broken = SipGateway(account=LOOPBACK_ACCOUNT, dial_uri=f"sip:{{number}}@127.0.0.1:{port}")
    try:
        result = await broken.place(call(ring_timeout=1.5))
        assert result.outcome == CallEvent.FAILED and not result.answered
        # the same gateway (its baresip) goes on calling
        broken.dial_uri = phone.dial_uri
        await phone.start("answer", keys=((300, "1"),))
        assert (await broken.place(call())).key == "1"
    finally:
        transport.close()
        await broken.aclose()


async def test_baresip_dying_mid_call_fails_that_call_and_the_next_one_works(phone, sip) -> None:
    await phone.start("answer")

    async def kill_when_answered(call_id, what) -> None:
        if what == "answered":
            for process in sip.busy.values():
                assert process.process is not None
                process.process.kill()

    sip.on_event = kill_when_answered
    result = await sip.place(call())
    assert result.outcome == CallEvent.FAILED
    await phone.stop()
    sip.on_event = None
    await phone.start("answer", keys=((300, "1"),))
    assert (await sip.place(call())).key == "1"


async def test_one_baresip_places_call_after_call(phone, sip) -> None:
    await phone.start("answer", keys=((300, "1"),), calls=3)
    for _ in range(3):  # each call plays its own files, though the last ones are gone
        assert (await sip.place(call())).key == "1"
    assert await phone.finished() == 0
