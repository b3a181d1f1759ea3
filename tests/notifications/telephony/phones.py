"""Phones for the SIP tests: ``sipp`` scenarios on loopback (answer and press keys, stay
silent, busy, never answer), and an ear: the UDP port the phone's SDP names for its audio,
where the test reads the RTP the phone received.

sipp answers the call and sends the keys (its recorded RFC 4733 packets); its SDP names the
ear's port, so the audio Neuvo sends lands where the test can decode it (G.711 mu-law)."""

import asyncio
import struct
from dataclasses import dataclass, field
from pathlib import Path

from tests import sipp

PCAPS = Path("/usr/share/sip-tester")
KEY_FILES = {**{str(d): f"dtmf_2833_{d}.pcap" for d in range(10)}, "*": "dtmf_2833_star.pcap"}
KEY_FILES["#"] = "dtmf_2833_pound.pcap"

_BUSY = sipp.reply("486 Busy Here") + '  <recv request="ACK"/>\n'
_CANCELLED = (
    '  <recv request="CANCEL"/>\n'
    + sipp.reply("200 OK")
    + sipp.reply("487 Request Terminated", cseq="CSeq: [$invite_cseq] INVITE")
    + '  <recv request="ACK"/>\n'
)


def scenario(kind: str, *, ear: int, keys: tuple[tuple[int, str], ...] = ()) -> str:
    """A sipp UAS scenario: ``answer`` (then each key after its pause in ms, then wait for
    the BYE), ``busy``, ``no_answer`` (rings until cancelled)."""
    body = [sipp.INVITE]
    if kind == "busy":
        body.append(_BUSY)
    elif kind == "no_answer":
        body += [sipp.RINGING, _CANCELLED]
    else:
        body += [sipp.RINGING, sipp.answer(ear, keys=True)]
        # One key a call: baresip takes a second replay of sipp's recorded packets for a
        # repeat of the first (the same RTP source), so a scenario presses at most one.
        for pause, key in keys:
            body.append(f'  <pause milliseconds="{pause}"/>\n')
            pcap = PCAPS / KEY_FILES[key]
            body.append(f'  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>\n')
        body.append(sipp.BYE)
    return sipp.scenario(kind, *body, variables=sipp.INVITE_VARIABLES)


free_udp_port = sipp.free_udp_port  # the kit's tests and bench.voice_calls take it from here


@dataclass
class Ear(asyncio.DatagramProtocol):
    """The phone's audio port: every RTP packet it receives, by payload type."""

    packets: list[tuple[int, int, bytes]] = field(default_factory=list)  # (pt, seq, payload)

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        if len(data) < 12:
            return
        marker_pt, seq = data[1], struct.unpack("!H", data[2:4])[0]
        count = data[0] & 0x0F
        self.packets.append((marker_pt & 0x7F, seq, data[12 + 4 * count :]))

    def mu_law(self) -> bytes:
        """The PCMU audio received, in sequence order."""
        audio = sorted((seq, payload) for pt, seq, payload in self.packets if pt == 0)
        return b"".join(payload for _, payload in audio)


@dataclass
class Phone:
    """One sipp phone on loopback: ``uri`` to dial it, ``ear`` for what it heard."""

    folder: Path
    port: int
    ear_port: int
    ear: Ear
    process: asyncio.subprocess.Process | None = None
    transport: asyncio.DatagramTransport | None = None

    @property
    def dial_uri(self) -> str:
        return f"sip:{{number}}@127.0.0.1:{self.port}"

    async def start(
        self, kind: str, keys: tuple[tuple[int, str], ...] = (), calls: int = 1
    ) -> None:
        path = self.folder / f"{kind}.xml"
        path.write_text(scenario(kind, ear=self.ear_port, keys=keys))
        self.ear.packets.clear()
        if self.transport is None:
            loop = asyncio.get_running_loop()
            self.transport, _ = await loop.create_datagram_endpoint(
                lambda: self.ear, local_addr=("127.0.0.1", self.ear_port)
            )
        command = sipp.command(
            path, port=self.port, calls=calls, media_port=free_udp_port(), timeout=60 * calls
        )
        self.process = await asyncio.create_subprocess_exec(
            *command,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            cwd=self.folder,
        )
        await self._bound()

    async def _bound(self, wait: float = 15.0) -> None:
        """Wait until sipp holds its SIP port (a busy machine starts it slowly, and a call
        sent before would find nobody), read from the kernel's table of UDP sockets."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while loop.time() < deadline:
            if sipp.udp_listening(self.port):
                return
            await asyncio.sleep(0.05)
        raise RuntimeError("sipp did not bind its port")

    @property
    def invited(self) -> int:
        """How many INVITEs the phone received (sipp's message trace)."""
        return sipp.invited(self.folder)

    async def finished(self, wait: float = 15.0) -> int | None:
        """sipp's exit status once its calls are done (0: the scenario ran to its end;
        ``None``: still running after ``wait`` seconds, then killed)."""
        assert self.process is not None
        try:
            return await asyncio.wait_for(self.process.wait(), wait)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            return None

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        if self.transport is not None:
            self.transport.close()
            self.transport = None
            await asyncio.sleep(0.01)  # the socket closes on the loop's next turn
