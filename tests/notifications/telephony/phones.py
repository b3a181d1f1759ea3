"""Phones for the SIP tests: ``sipp`` scenarios on loopback (answer and press keys, stay
silent, busy, never answer), and an ear: the UDP port the phone's SDP names for its audio,
where the test reads the RTP the phone received.

sipp answers the call and sends the keys (its recorded RFC 4733 packets); its SDP names the
ear's port, so the audio Neuvo sends lands where the test can decode it (G.711 mu-law)."""

import asyncio
import socket
import struct
from dataclasses import dataclass, field
from pathlib import Path

PCAPS = Path("/usr/share/sip-tester")
KEY_FILES = {**{str(d): f"dtmf_2833_{d}.pcap" for d in range(10)}, "*": "dtmf_2833_star.pcap"}
KEY_FILES["#"] = "dtmf_2833_pound.pcap"

_INVITE = """  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="([0-9]+)" search_in="hdr" header="CSeq:" assign_to="cseq_all,invite_cseq"/>
    </action>
  </recv>
"""
_OK_TO_INVITE = """  <send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=phone 53655765 2353687637 IN IP4 [local_ip]
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio {ear} RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15

    ]]></send>
  <recv request="ACK" crlf="true"/>
"""
_RINGING = """  <send><![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]></send>
"""
_BYE = """  <recv request="BYE"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>
"""
_BUSY = """  <send><![CDATA[
      SIP/2.0 486 Busy Here
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>
  <recv request="ACK"/>
"""
_CANCELLED = """  <recv request="CANCEL"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>
  <send><![CDATA[
      SIP/2.0 487 Request Terminated
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      CSeq: [$invite_cseq] INVITE
      Content-Length: 0

    ]]></send>
  <recv request="ACK"/>
"""


def scenario(kind: str, *, ear: int, keys: tuple[tuple[int, str], ...] = ()) -> str:
    """A sipp UAS scenario: ``answer`` (then each key after its pause in ms, then wait for
    the BYE), ``busy``, ``no_answer`` (rings until cancelled)."""
    body = [_INVITE]
    if kind == "busy":
        body.append(_BUSY)
    elif kind == "no_answer":
        body += [_RINGING, _CANCELLED]
    else:
        body += [_RINGING, _OK_TO_INVITE.replace("{ear}", str(ear))]
        # One key a call: baresip takes a second replay of sipp's recorded packets for a
        # repeat of the first (the same RTP source), so a scenario presses at most one.
        for pause, key in keys:
            body.append(f'  <pause milliseconds="{pause}"/>\n')
            pcap = PCAPS / KEY_FILES[key]
            body.append(f'  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>\n')
        body.append(_BYE)
    return (
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
        f'<scenario name="{kind}">\n{"".join(body)}'
        '  <Reference variables="cseq_all,invite_cseq"/>\n</scenario>\n'
    )


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
        log = self.folder
        self.process = await asyncio.create_subprocess_exec(
            "sipp",
            *("-sf", str(path), "-i", "127.0.0.1", "-p", str(self.port)),
            *("-mp", str(free_udp_port()), "-m", str(calls), "-timeout", "60s", "-nostdin"),
            *("-trace_err", "-error_file", str(log / "errors.log")),
            *("-trace_msg", "-message_file", str(log / "messages.log")),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            cwd=self.folder,
        )
        await asyncio.sleep(0.2)  # sipp binds its port

    @property
    def invited(self) -> int:
        """How many INVITEs the phone received (sipp's message trace)."""
        trace = self.folder / "messages.log"
        text = trace.read_text(errors="replace") if trace.exists() else ""
        return text.count("\nINVITE sip:")

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
