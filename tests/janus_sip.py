"""Real telephony on loopback for the phone bridge's tests: Janus (Debian's, its own config
folder: only the HTTP transport on 127.0.0.1 and the SIP plugin) and a `sipp` phone that
answers and echoes the RTP it receives, and a `sipp` registrar for a trunk that asks Janus to
REGISTER with a digest. Between Janus and the phone's media port sits a counting relay, so that
a test can say how much audio the phone received (what sipp echoed back, it received) and how
much it sent. Janus's admin API (on 127.0.0.1 too) tells what sessions it still holds. The sipp
scenarios' pieces are shared with the reminder calls' phones (``tests/sipp.py``).

For a three-way call a phone may instead speak: its relay plays a tone of its own (G.711
mu-law RTP, 20 ms frames) instead of sipp's echo, and keeps what it hears, decoded, so that a
test can say at which frequencies the phone heard how much. A ``trunk`` routes each INVITE to
the phone of the number dialled, as an operator's trunk would."""

import math
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiortc import RTCConfiguration, RTCPeerConnection
from aiortc.contrib.media import MediaPlayer

from tests import sipp

JANUS = shutil.which("janus")
SIPP = sipp.SIPP
ADMIN_SECRET = "neuvo-tests"
LIB = Path("/usr/lib/x86_64-linux-gnu/janus")
OTHER_PLUGINS = (
    "audiobridge duktape echotest lua nosip recordplay streaming textroom videocall videoroom "
    "voicemail"
)
OTHER_TRANSPORTS = "mqtt nanomsg pfunix rabbitmq websockets"


free_port = sipp.free_port


def _ports(width: int) -> str:
    """A range of ``width`` UDP ports that were free a moment ago (Janus binds within it)."""
    while True:
        start = free_port(socket.SOCK_DGRAM) // width * width
        if start + width < 65000 and start > 10000:
            return f"{start}-{start + width - 1}"


def _listed(names: str) -> str:
    return ",".join(f"libjanus_{name}.so" for name in names.split())


@dataclass(frozen=True)
class Server:
    """A running Janus: its ``/janus`` URL and its admin API's."""

    url: str
    admin: str

    def sessions(self) -> list[int]:
        """The sessions Janus holds now (its admin API's ``list_sessions``)."""
        body = {"janus": "list_sessions", "transaction": "t", "admin_secret": ADMIN_SECRET}
        answer = httpx.post(self.admin, json=body, timeout=5).json()
        assert answer["janus"] == "success", answer
        return list(answer["sessions"])


@contextmanager
def janus(folder: Path) -> Iterator[str]:
    """Janus with only HTTP on 127.0.0.1 (a free port) and the SIP plugin on loopback; its
    ``/janus`` URL. Stopped, and its folder left for reading, afterwards."""
    with janus_server(folder) as server:
        yield server.url


@contextmanager
def janus_server(folder: Path) -> Iterator[Server]:
    """``janus``, with its admin API (on 127.0.0.1 as well) beside its URL."""
    assert JANUS, "janus is not installed (apt-get install janus)"
    folder.mkdir(parents=True, exist_ok=True)
    port, admin_port = free_port(), free_port()
    (folder / "janus.jcfg").write_text(
        f"""general: {{
  configs_folder = "{folder}"
  plugins_folder = "{LIB}/plugins"
  transports_folder = "{LIB}/transports"
  events_folder = "{LIB}/events"
  loggers_folder = "{LIB}/loggers"
  debug_level = 4
  session_timeout = 60
  admin_secret = "{ADMIN_SECRET}"
}}
media: {{ rtp_port_range = "{_ports(200)}" }}
nat: {{ ice_ignore_list = "vmnet" }}
plugins: {{ disable = "{_listed(OTHER_PLUGINS)}" }}
transports: {{ disable = "{_listed(OTHER_TRANSPORTS)}" }}
loggers: {{ disable = "libjanus_jsonlog.so" }}
events: {{ broadcast = false }}
"""
    )
    (folder / "janus.transport.http.jcfg").write_text(
        f"""general: {{ json = "compact" base_path = "/janus" http = true port = {port}
  ip = "127.0.0.1" https = false }}
admin: {{ admin_base_path = "/admin" admin_http = true admin_port = {admin_port}
  admin_ip = "127.0.0.1" admin_https = false }}
"""
    )
    (folder / "janus.plugin.sip.jcfg").write_text(
        f"""general: {{ local_ip = "127.0.0.1" sdp_ip = "127.0.0.1" keepalive_interval = 0
  behind_nat = false register_ttl = 3600 rtp_port_range = "{_ports(200)}"
  sip_timer_t1x64 = 32000 }}
"""
    )
    log = open(folder / "janus.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [JANUS, "-F", str(folder), "-C", str(folder / "janus.jcfg")],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/janus"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/info", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "janus.log").read_text()[-2000:])
            time.sleep(0.1)
        yield Server(url=url, admin=f"http://127.0.0.1:{admin_port}/admin")
    finally:
        _stop(process, wait=10)
        log.close()


@dataclass
class Relay:
    """UDP between Janus and the phone's media port, counting both ways."""

    port: int
    phone: int
    to_phone: int = 0  # packets Janus sent the phone
    from_phone: int = 0  # packets the phone sent back (sipp echoes what it received)
    bytes_from_phone: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    tone_hz: float | None = None  # a speaking phone's own tone (no echo)
    heard: list[tuple[float, list[int]]] = field(default_factory=list)  # (when, samples)

    def since(self, moment: float) -> list[int]:
        """The linear samples the phone heard from ``moment`` (time.monotonic()) on."""
        return [x for when, samples in list(self.heard) if when >= moment for x in samples]


def ulaw_decode(byte: int) -> int:
    """One G.711 mu-law byte as a linear 16-bit sample."""
    byte = ~byte & 0xFF
    magnitude = (((byte & 0x0F) << 3) + 0x84) << ((byte >> 4) & 7)
    return -(magnitude - 0x84) if byte & 0x80 else magnitude - 0x84


def alaw_decode(byte: int) -> int:
    """One G.711 A-law byte as a linear 16-bit sample."""
    byte ^= 0x55
    exponent, mantissa = (byte >> 4) & 7, byte & 0x0F
    magnitude = (
        (mantissa << 4) + 8 if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)
    )
    return magnitude if byte & 0x80 else -magnitude


def ulaw_encode(sample: int) -> int:
    """One linear 16-bit sample as a G.711 mu-law byte."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = max((magnitude >> 7).bit_length() - 1, 0)
    return ~(sign | (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0F)) & 0xFF


def rms(samples: list[int]) -> float:
    return math.sqrt(sum(x * x for x in samples) / len(samples)) if samples else 0.0


def level_at(samples: list[int], hz: float, rate: int = 8000) -> float:
    """The amplitude of the ``hz`` component of ``samples`` (Goertzel): about the tone's own
    amplitude when it is there, near 0 when it is not."""
    if not samples:
        return 0.0
    coeff = 2 * math.cos(2 * math.pi * hz / rate)
    before = earlier = 0.0
    for x in samples:
        before, earlier = x + coeff * before - earlier, before
    power = before * before + earlier * earlier - coeff * before * earlier
    return 2 * math.sqrt(max(power, 0.0)) / len(samples)


def _decoded(packet: bytes) -> list[int] | None:
    """The samples of one G.711 RTP packet (PCMU 0, PCMA 8), or None for anything else."""
    if len(packet) < 12 or packet[0] >> 6 != 2:
        return None
    kind, count = packet[1] & 0x7F, packet[0] & 0x0F
    payload = packet[12 + 4 * count :]
    if kind == 0:
        return [ulaw_decode(b) for b in payload]
    if kind == 8:
        return [alaw_decode(b) for b in payload]
    return None


def _speak(sock: socket.socket, relay: Relay, janus_at: list) -> None:
    """Send the phone's tone to Janus, 20 ms of PCMU at a time, once Janus has sent to us."""
    assert relay.tone_hz is not None
    second = bytes(
        ulaw_encode(int(8000 * math.sin(2 * math.pi * relay.tone_hz * n / 8000)))
        for n in range(8000)
    )
    ssrc, sequence, started = int(time.time()) & 0xFFFFFFFF, 0, None
    while not relay.stop.is_set():
        if not janus_at:
            time.sleep(0.01)
            continue
        started = started or time.monotonic()
        at = sequence * 160 % 8000
        header = struct.pack("!BBHII", 0x80, 0, sequence & 0xFFFF, sequence * 160, ssrc)
        try:
            sock.sendto(header + second[at : at + 160], janus_at[0])
        except OSError:
            return
        relay.from_phone += 1
        sequence += 1
        time.sleep(max(0.0, started + sequence * 0.02 - time.monotonic()))


def _relay(sock: socket.socket, relay: Relay) -> None:
    janus_at = None
    heard_from: list = []  # a speaking phone's Janus address, for _speak
    if relay.tone_hz is not None:
        threading.Thread(target=_speak, args=(sock, relay, heard_from), daemon=True).start()
    sock.settimeout(0.2)
    while not relay.stop.is_set():
        try:
            data, source = sock.recvfrom(4096)
        except TimeoutError:
            continue
        except OSError:
            return
        if relay.tone_hz is not None:  # a speaking phone keeps what it hears, echoes nothing
            relay.to_phone += 1
            samples = _decoded(data)
            if samples is not None:
                relay.heard.append((time.monotonic(), samples))
            if not heard_from:
                heard_from.append(source)
            continue
        if source == ("127.0.0.1", relay.phone):
            relay.from_phone += 1
            relay.bytes_from_phone += len(data)
            if janus_at is not None:
                sock.sendto(data, janus_at)
        else:
            janus_at = source
            relay.to_phone += 1
            sock.sendto(data, ("127.0.0.1", relay.phone))


def uas(*, ring_ms: int, media_port: int) -> str:
    """The phone's scenario: it rings for ``ring_ms``, answers with PCMU at ``media_port``
    (the relay), and waits for the BYE."""
    return sipp.scenario(
        "a phone that answers and echoes",
        sipp.INVITE,
        sipp.RINGING,
        f'  <pause milliseconds="{ring_ms}"/>\n',
        sipp.answer(media_port),
        sipp.BYE,
        '  <timewait milliseconds="500"/>\n',
        variables=sipp.INVITE_VARIABLES,
    )


@dataclass
class Phone:
    """A sipp phone: where to dial it, its media relay, and its process."""

    port: int
    relay: Relay
    process: subprocess.Popen
    output: Path

    def wait(self, timeout: float = 20) -> int:
        """sipp's exit status once its one call is over (0: the call went as scripted)."""
        return self.process.wait(timeout=timeout)

    @property
    def invited(self) -> int:
        """How many INVITEs the phone received (sipp's message trace)."""
        return sipp.invited(self.output.parent)


@contextmanager
def phone(folder: Path, *, ring_ms: int = 300, tone_hz: float | None = None) -> Iterator[Phone]:
    """A phone at 127.0.0.1 that rings, answers one call with PCMU and echoes its RTP; or,
    given ``tone_hz``, plays that tone and keeps what it hears instead of echoing it."""
    assert SIPP, "sipp is not installed (apt-get install sip-tester)"
    folder.mkdir(parents=True, exist_ok=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    echo = free_port(socket.SOCK_DGRAM)
    relay = Relay(port=sock.getsockname()[1], phone=echo, tone_hz=tone_hz)
    scenario = folder / "uas.xml"
    scenario.write_text(uas(ring_ms=ring_ms, media_port=relay.port))
    port = free_port(socket.SOCK_DGRAM)
    output = folder / "sipp.out"
    command = sipp.command(scenario, port=port, media_port=echo, echo=True)
    with _running(command, output) as process:
        sipp.wait_bound(port)
        thread = threading.Thread(target=_relay, args=(sock, relay), daemon=True)
        thread.start()
        try:
            yield Phone(port=port, relay=relay, process=process, output=output)
        finally:
            relay.stop.set()
            thread.join(timeout=2)
            sock.close()


@dataclass
class Registrar:
    """A sipp registrar that asks for a digest: ``proxy`` is Janus's ``NEUVO_SIP_PROXY``."""

    port: int
    folder: Path
    process: subprocess.Popen

    @property
    def proxy(self) -> str:
        return f"sip:127.0.0.1:{self.port}"

    def answers(self) -> list[str]:
        """The status lines it answered REGISTERs with, in order."""
        return [line for way, line in sipp.trace(self.folder) if way == "sent"]

    def authorised_as(self) -> list[str]:
        """The user names of the digests the REGISTERs carried (none on the first)."""
        text = (self.folder / "messages.log").read_text(errors="replace")
        return re.findall(r'^Authorization: Digest username="([^"]*)"', text, re.MULTILINE)


@contextmanager
def registrar(
    folder: Path, *, user: str, password: str, rechallenge: bool = False
) -> Iterator[Registrar]:
    """A registrar at 127.0.0.1 for one registration: challenged, then 200 OK when the digest
    was made with ``user`` and ``password``, else 403 Forbidden (or a new challenge)."""
    folder.mkdir(parents=True, exist_ok=True)
    scenario = folder / "registrar.xml"
    steps = sipp.registrar(user=user, password=password, rechallenge=rechallenge)
    scenario.write_text(sipp.scenario("registrar", steps))
    port = free_port(socket.SOCK_DGRAM)
    with _running(sipp.command(scenario, port=port), folder / "sipp.out") as process:
        sipp.wait_bound(port)
        yield Registrar(port=port, folder=folder, process=process)


@contextmanager
def _running(command: list[str], output: Path) -> Iterator[subprocess.Popen]:
    """A sipp process, its output in ``output``; stopped afterwards if still running."""
    with open(output, "wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=output.parent,
        )
    try:
        yield process
    finally:
        _stop(process, wait=5)


def _stop(process: subprocess.Popen, *, wait: float) -> None:
    """Ask ``process`` to end, and end it if it has not within ``wait`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def offer() -> RTCPeerConnection:
    """The advisor's browser, as an aiortc peer playing a tone, with its offer made."""
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTrack(MediaPlayer("sine=frequency=440", format="lavfi").audio)
    await pc.setLocalDescription(await pc.createOffer())
    return pc


@dataclass
class Trunk:
    """A SIP trunk on loopback that routes each call to the phone of the number dialled (the
    INVITE's user part), and keeps each INVITE as the phone got it."""

    port: int
    invites: dict[str, list[str]] = field(default_factory=dict)  # number -> INVITEs
    stop: threading.Event = field(default_factory=threading.Event)


def _header(message: str, *names: str) -> str | None:
    for line in message.split("\r\n"):
        name, _, value = line.partition(":")
        if name.strip().lower() in names:
            return value.strip()
    return None


def _route(sock: socket.socket, trunk: Trunk, phones: dict[str, Phone]) -> None:
    """Forward requests to the phone dialled (later ones by Call-ID) and whatever a phone sends
    back to the caller of that call."""
    calls: dict[str, tuple[tuple, tuple]] = {}  # Call-ID -> (caller, phone)
    sock.settimeout(0.2)
    while not trunk.stop.is_set():
        try:
            data, source = sock.recvfrom(65535)
        except TimeoutError:
            continue
        except OSError:
            return
        message = data.decode("utf-8", "replace")
        call_id = _header(message, "call-id", "i") or ""
        if source in {("127.0.0.1", found.port) for found in list(phones.values())}:
            if call_id in calls:
                sock.sendto(data, calls[call_id][0])
            continue
        dialled = re.match(r"INVITE sip:([^@;>\s]+)@", message)
        if dialled and dialled.group(1) in phones and call_id not in calls:
            calls[call_id] = (source, ("127.0.0.1", phones[dialled.group(1)].port))
            trunk.invites.setdefault(dialled.group(1), []).append(message)
        if call_id in calls:
            sock.sendto(data, calls[call_id][1])


@contextmanager
def trunk(phones: dict[str, Phone]) -> Iterator[Trunk]:
    """A trunk at 127.0.0.1 (dial ``sip:{number}@127.0.0.1:{port}``) to these phones by number
    (a number added to ``phones`` later is routed too)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    found = Trunk(port=sock.getsockname()[1])
    thread = threading.Thread(target=_route, args=(sock, found, phones), daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.stop.set()
        thread.join(timeout=2)
        sock.close()
