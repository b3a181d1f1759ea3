"""``sipp`` on loopback, shared by the two telephony test kits (``tests/janus_sip.py`` for the
phone bridge, ``tests/notifications/telephony/phones.py`` for spoken reminders): the pieces of
its UAS scenarios (take an INVITE, ring, answer with PCMU, take the BYE; a registrar that asks
for a digest), its command line, free ports, and whether sipp holds its port yet.

A piece is the XML of one or more scenario steps; ``scenario`` puts pieces together. Replies
answer the last request received, as sipp's ``[last_*:]`` keywords do."""

import shutil
import socket
import time
from pathlib import Path

SIPP = shutil.which("sipp")
TAG = "[pid]neuvo[call_number]"  # our side's To tag: one per call
CONTACT = "Contact: <sip:[local_ip]:[local_port];transport=[transport]>"


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A port on 127.0.0.1 that was free a moment ago (TCP unless ``kind`` says UDP)."""
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def free_udp_port() -> int:
    return free_port(socket.SOCK_DGRAM)


def udp_listening(port: int) -> bool:
    """Whether some socket holds UDP ``port`` (the kernel's table; probing would race)."""
    wanted = f":{port:04X}"
    rows = Path("/proc/net/udp").read_text().splitlines()[1:]
    return any(row.split()[1].endswith(wanted) for row in rows if len(row.split()) > 1)


def wait_bound(port: int, wait: float = 15.0) -> None:
    """Wait until sipp holds its SIP port: a busy machine starts it slowly, and a request
    sent before would find nobody."""
    deadline = time.monotonic() + wait
    while not udp_listening(port):
        if time.monotonic() > deadline:
            raise RuntimeError("sipp did not bind its port")
        time.sleep(0.05)


def reply(
    status: str,
    *,
    tag: bool = True,
    cseq: str = "[last_CSeq:]",
    headers: tuple[str, ...] = (),
    sdp: str = "",
    attributes: str = "",
) -> str:
    """A ``<send>`` of the response ``status`` ("180 Ringing") to the last request: with our
    To tag unless the dialog has one already (``tag=False``, as for a BYE), extra header lines,
    and an SDP body. ``attributes`` go on the ``<send>`` element (``retrans="500"``)."""
    lines = ["[last_Via:]", "[last_From:]", f"[last_To:];tag={TAG}" if tag else "[last_To:]"]
    lines += ["[last_Call-ID:]", cseq, *headers]
    if sdp:
        lines += ["Content-Type: application/sdp", "Content-Length: [len]", "", sdp]
    else:
        lines += ["Content-Length: 0", ""]
    head = f"<send {attributes}>" if attributes else "<send>"
    text = "\n".join(f"      {line}" if line else "" for line in [f"SIP/2.0 {status}", *lines])
    return f"  {head}<![CDATA[\n{text}\n    ]]></send>\n"


# The INVITE, its CSeq number kept (a 487 after a CANCEL answers the INVITE, not the CANCEL).
INVITE = """  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="([0-9]+)" search_in="hdr" header="CSeq:" assign_to="cseq_all,invite_cseq"/>
    </action>
  </recv>
"""
INVITE_VARIABLES = "cseq_all,invite_cseq"
RINGING = reply("180 Ringing", headers=(CONTACT,))
BYE = '  <recv request="BYE"/>\n' + reply("200 OK", tag=False)


def answer(media_port: int, *, keys: bool = False) -> str:
    """The 200 OK to the INVITE: PCMU audio at ``media_port`` on 127.0.0.1 (and RFC 4733
    telephone events when the phone will press ``keys``); then the caller's ACK."""
    sdp = [
        "v=0",
        "o=phone 53655765 2353687637 IN IP4 127.0.0.1",
        "s=-",
        "c=IN IP4 127.0.0.1",
        "t=0 0",
        f"m=audio {media_port} RTP/AVP 0{' 101' if keys else ''}",
        "a=rtpmap:0 PCMU/8000",
    ]
    if keys:
        sdp += ["a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15"]
    sdp.append("a=sendrecv")
    body = "\n      ".join(sdp) + "\n"
    ok = reply("200 OK", headers=(CONTACT,), sdp=body, attributes='retrans="500"')
    return ok + '  <recv request="ACK" crlf="true"/>\n'


def registrar(*, user: str, password: str, rechallenge: bool = False) -> str:
    """A registrar's steps: the REGISTER is challenged (401 with a digest
    WWW-Authenticate), the second one checked against ``user`` and ``password`` (sipp's
    ``verifyauth``): 200 OK when they match, else 403 Forbidden, or (``rechallenge``, as
    Asterisk and Kamailio answer a wrong password) a new 401 challenge. sipp's message trace
    tells a test which it sent."""
    realm = 'realm="neuvo.test", algorithm=MD5'
    first = f'WWW-Authenticate: Digest {realm}, nonce="{TAG}a"'
    again = f'WWW-Authenticate: Digest {realm}, nonce="{TAG}b"'
    refusal = ("401 Unauthorized", (again,)) if rechallenge else ("403 Forbidden", ())
    return (
        '  <recv request="REGISTER" crlf="true"/>\n'
        + reply("401 Unauthorized", headers=(first,))
        + '  <recv request="REGISTER">\n    <action>\n'
        f'      <verifyauth assign_to="authvalid" username="{user}" password="{password}"/>\n'
        "    </action>\n  </recv>\n"
        '  <nop hide="true" test="authvalid" next="registered"/>\n'
        + reply(refusal[0], headers=refusal[1], attributes='next="done"')
        + '  <label id="registered"/>\n'
        + reply("200 OK", headers=("[last_Contact:];expires=3600",))
        + '  <label id="done"/>\n  <timewait milliseconds="500"/>\n'
    )


def scenario(name: str, *pieces: str, variables: str = "") -> str:
    """A UAS scenario of ``pieces`` in order (``variables``: those they set but never read,
    named so that sipp does not warn)."""
    reference = f'  <Reference variables="{variables}"/>\n' if variables else ""
    return (
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
        f'<scenario name="{name}">\n{"".join(pieces)}{reference}</scenario>\n'
    )


def command(
    scenario_file: Path,
    *,
    port: int,
    calls: int = 1,
    media_port: int | None = None,
    echo: bool = False,
    timeout: int | None = None,
) -> list[str]:
    """sipp running ``scenario_file`` at 127.0.0.1:``port`` for ``calls`` calls, its own RTP
    at ``media_port`` if given (``echo``: sending back the RTP it receives), and traces of its
    messages and errors beside the scenario; it quits after ``timeout`` seconds if given."""
    assert SIPP, "sipp is not installed (apt-get install sip-tester)"
    folder = scenario_file.parent
    found = [SIPP, "-sf", str(scenario_file), "-i", "127.0.0.1", "-p", str(port)]
    if media_port is not None:
        found += ["-mi", "127.0.0.1", "-mp", str(media_port)]
    if echo:
        found.append("-rtp_echo")
    found += ["-m", str(calls), "-nostdin"]
    if timeout is not None:
        found += ["-timeout", f"{timeout}s"]
    found += ["-trace_err", "-error_file", str(folder / "errors.log")]
    found += ["-trace_msg", "-message_file", str(folder / "messages.log")]
    return found


def trace(folder: Path) -> list[tuple[str, str]]:
    """The SIP messages sipp received and sent so far, in order, from its message trace in
    ``folder``: (``received`` or ``sent``, the message's first line)."""
    path = folder / "messages.log"
    text = path.read_text(errors="replace") if path.exists() else ""
    found = []
    for block in text.split("\n-----"):
        lines = [line for line in block.splitlines() if line.strip()]
        if len(lines) >= 3 and lines[1].startswith("UDP message"):
            found.append(("sent" if " sent " in lines[1] else "received", lines[2]))
    return found


def invited(folder: Path) -> int:
    """How many INVITEs the sipp whose trace is in ``folder`` received."""
    return sum(line.startswith("INVITE ") for way, line in trace(folder) if way == "received")
