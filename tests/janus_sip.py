"""Real telephony on loopback for the phone bridge's tests: Janus (Debian's, its own config
folder: only the HTTP transport on 127.0.0.1 and the SIP plugin) and a `sipp` phone that
answers and echoes the RTP it receives. Between Janus and the phone's media port sits a
counting relay, so that a test can say how much audio the phone received (what sipp echoed
back, it received) and how much it sent."""

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

JANUS = shutil.which("janus")
SIPP = shutil.which("sipp")
LIB = Path("/usr/lib/x86_64-linux-gnu/janus")
OTHER_PLUGINS = (
    "audiobridge duktape echotest lua nosip recordplay streaming textroom videocall videoroom "
    "voicemail"
)
OTHER_TRANSPORTS = "mqtt nanomsg pfunix rabbitmq websockets"


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ports(width: int) -> str:
    """A range of ``width`` UDP ports that were free a moment ago (Janus binds within it)."""
    while True:
        start = free_port(socket.SOCK_DGRAM) // width * width
        if start + width < 65000 and start > 10000:
            return f"{start}-{start + width - 1}"


def _listed(names: str) -> str:
    return ",".join(f"libjanus_{name}.so" for name in names.split())


@contextmanager
def janus(folder: Path) -> Iterator[str]:
    """Janus with only HTTP on 127.0.0.1 (a free port) and the SIP plugin on loopback; its
    ``/janus`` URL. Stopped, and its folder left for reading, afterwards."""
    assert JANUS, "janus is not installed (apt-get install janus)"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "janus.jcfg").write_text(
        f"""general: {{
  configs_folder = "{folder}"
  plugins_folder = "{LIB}/plugins"
  transports_folder = "{LIB}/transports"
  events_folder = "{LIB}/events"
  loggers_folder = "{LIB}/loggers"
  debug_level = 4
  session_timeout = 60
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
admin: {{ admin_http = false admin_https = false }}
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
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
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


UAS = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="a phone that answers and echoes">
  <recv request="INVITE" crlf="true"/>
  <send><![CDATA[

      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]neuvo[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]></send>
  <pause milliseconds="{ring_ms}"/>
  <send retrans="500"><![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]neuvo[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=phone 53655765 2353687637 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio {media_port} RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=sendrecv

    ]]></send>
  <recv request="ACK" optional="true" crlf="true"/>
  <recv request="BYE"/>
  <send><![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>
  <timewait milliseconds="500"/>
</scenario>
"""


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


@contextmanager
def phone(folder: Path, *, ring_ms: int = 300) -> Iterator[Phone]:
    """A phone at 127.0.0.1 that rings, answers one call with PCMU and echoes its RTP."""
    assert SIPP, "sipp is not installed (apt-get install sip-tester)"
    folder.mkdir(parents=True, exist_ok=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    echo = free_port(socket.SOCK_DGRAM)
    relay = Relay(port=sock.getsockname()[1], phone=echo)
    scenario = folder / "uas.xml"
    script = UAS.replace("{ring_ms}", str(ring_ms)).replace("{media_port}", str(relay.port))
    scenario.write_text(script)
    port = free_port(socket.SOCK_DGRAM)
    output = folder / "sipp.out"
    with open(output, "wb") as out:
        process = subprocess.Popen(
            [
                SIPP,
                "-sf",
                str(scenario),
                "-i",
                "127.0.0.1",
                "-p",
                str(port),
                "-mi",
                "127.0.0.1",
                "-mp",
                str(echo),
                "-rtp_echo",
                "-m",
                "1",
                "-nostdin",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=folder,
        )
    thread = threading.Thread(target=_relay, args=(sock, relay), daemon=True)
    thread.start()
    try:
        yield Phone(port=port, relay=relay, process=process, output=output)
    finally:
        relay.stop.set()
        thread.join(timeout=2)
        sock.close()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
