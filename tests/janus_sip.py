"""Real telephony on loopback for the phone bridge's tests: Janus (Debian's, its own config
folder: only the HTTP transport on 127.0.0.1 and the SIP plugin) and a `sipp` phone that
answers and echoes the RTP it receives, and a `sipp` registrar for a trunk that asks Janus to
REGISTER with a digest. Between Janus and the phone's media port sits a counting relay, so that
a test can say how much audio the phone received (what sipp echoed back, it received) and how
much it sent. Janus's admin API (on 127.0.0.1 too) tells what sessions it still holds. The sipp
scenarios' pieces are shared with the reminder calls' phones (``tests/sipp.py``)."""

import re
import shutil
import socket
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


def _relay(sock: socket.socket, relay: Relay) -> None:
    janus_at = None
    sock.settimeout(0.2)
    while not relay.stop.is_set():
        try:
            data, source = sock.recvfrom(4096)
        except TimeoutError:
            continue
        except OSError:
            return
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
def phone(folder: Path, *, ring_ms: int = 300) -> Iterator[Phone]:
    """A phone at 127.0.0.1 that rings, answers one call with PCMU and echoes its RTP."""
    folder.mkdir(parents=True, exist_ok=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    echo = free_port(socket.SOCK_DGRAM)
    relay = Relay(port=sock.getsockname()[1], phone=echo)
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
