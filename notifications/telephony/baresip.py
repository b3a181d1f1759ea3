"""One baresip process that Neuvo drives: its own config folder, SIP on the configured address,
its control socket (``ctrl_tcp``: netstring-framed JSON commands and events) on loopback only.

Debian's default config binds the control socket to 0.0.0.0:4444; here it is always
127.0.0.1 on a free port. The process plays a WAV file as a call's audio (``aufile``) and
hears DTMF as RFC 4733 events (``CALL_DTMF_START``). A file played to its end closes the
call in baresip 1.0, so the files a call plays end in silence longer than any wait.
"""

import asyncio
import contextlib
import json
import logging
import shutil
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notifications.telephony import sound

log = logging.getLogger(__name__)

MODULES = ("g711.so", "aufile.so")
APPS = ("account.so", "menu.so", "ctrl_tcp.so")
MAX_FRAME = 65536  # a control message longer than this is garbage: the connection is dropped
START_SECONDS = 5.0


class BaresipGone(Exception):
    """The process or its control connection ended."""


def free_port(host: str = "127.0.0.1", kind: int = socket.SOCK_STREAM) -> int:
    """A port nobody holds now on ``host`` (for a child process to bind soon after)."""
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def config_text(
    *, sip_listen: str, control_port: int, silence: Path, modules: Path, rtp_ports: str
) -> str:
    """baresip's ``config``: SIP on ``sip_listen``, control on 127.0.0.1 only, audio from files."""
    lines = [
        ("poll_method", "epoll"),
        ("sip_listen", sip_listen),
        ("sip_transports", "udp"),
        ("audio_player", "aufile,/dev/null"),
        ("audio_source", f"aufile,{silence}"),
        ("audio_alert", "aufile,/dev/null"),
        ("ausrc_srate", "8000"),
        ("auplay_srate", "8000"),
        ("ausrc_channels", "1"),
        ("auplay_channels", "1"),
        ("rtp_ports", rtp_ports),
        ("module_path", str(modules)),
        *(("module", name) for name in MODULES),
        *(("module_app", name) for name in APPS),
        ("ctrl_tcp_listen", f"127.0.0.1:{control_port}"),
    ]
    return "".join(f"{key}\t\t{value}\n" for key, value in lines)


@dataclass
class Baresip:
    """A running baresip with its control connection; events arrive in ``events``."""

    binary: str
    account: str  # a baresip account line
    sip_host: str = "127.0.0.1"
    # Below the kernel's ephemeral ports, so that no other program's port is taken.
    rtp_ports: str = "10000-20000"
    modules: Path = Path("/usr/lib/baresip/modules")
    events: "asyncio.Queue[dict[str, Any]]" = field(default_factory=asyncio.Queue)
    folder: Path | None = None
    process: asyncio.subprocess.Process | None = None
    sip_port: int = 0
    _writer: asyncio.StreamWriter | None = None
    _reader_task: "asyncio.Task[None] | None" = None
    _responses: "dict[str, asyncio.Future[dict[str, Any]]]" = field(default_factory=dict)
    _tokens: int = 0

    @property
    def silence(self) -> Path:
        """The silent file every call starts from (until its own audio is switched in)."""
        assert self.folder is not None
        return self.folder / "silence.wav"

    @property
    def alive(self) -> bool:
        return (
            self.process is not None
            and self.process.returncode is None
            and self._reader_task is not None
            and not self._reader_task.done()
        )

    async def start(self) -> None:
        """Write the config folder, start the process, connect to its control socket."""
        self.folder = Path(tempfile.mkdtemp(prefix="neuvo-baresip-"))
        silence = self.folder / "silence.wav"
        sound.write(silence, sound.silence(120))  # outlasts any ringing with early media
        control = free_port()
        self.sip_port = free_port(self.sip_host, socket.SOCK_DGRAM)
        (self.folder / "config").write_text(
            config_text(
                sip_listen=f"{self.sip_host}:{self.sip_port}",
                control_port=control,
                silence=silence,
                modules=self.modules,
                rtp_ports=self.rtp_ports,
            )
        )
        (self.folder / "accounts").write_text(self.account + "\n")
        self.process = await asyncio.create_subprocess_exec(
            self.binary,
            "-f",
            str(self.folder),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_SECONDS
        while True:
            try:
                reader, self._writer = await asyncio.open_connection("127.0.0.1", control)
                break
            except OSError:
                if self.process.returncode is not None or loop.time() > deadline:
                    await self.stop()
                    raise BaresipGone("baresip did not open its control socket") from None
                await asyncio.sleep(0.05)
        self._reader_task = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                message = await read_netstring(reader)
                if message.get("response"):
                    waiting = self._responses.pop(str(message.get("token")), None)
                    if waiting is not None and not waiting.done():
                        waiting.set_result(message)
                elif message.get("event"):
                    await self.events.put(message)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
            log.warning("baresip control connection ended: %s", type(exc).__name__)
        finally:
            for waiting in self._responses.values():
                if not waiting.done():
                    waiting.set_exception(BaresipGone("baresip control connection ended"))
            self._responses.clear()
            await self.events.put({"event": True, "type": "GONE"})

    async def command(self, name: str, params: str = "", *, wait: float = 5.0) -> dict:
        """Send one command; its response (``ok``, ``data``)."""
        if self._writer is None or not self.alive:
            raise BaresipGone("baresip is not running")
        self._tokens += 1
        token = str(self._tokens)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._responses[token] = future
        body = json.dumps({"command": name, "params": params, "token": token}).encode()
        self._writer.write(b"%d:%s," % (len(body), body))
        try:
            await self._writer.drain()
            return await asyncio.wait_for(future, wait)
        except (TimeoutError, ConnectionError) as exc:
            raise BaresipGone(f"baresip did not answer {name!r}") from exc
        finally:
            self._responses.pop(token, None)

    def drain_events(self) -> None:
        """Forget events left from an earlier call."""
        while not self.events.empty():
            self.events.get_nowait()

    async def stop(self) -> None:
        """End the process (``quit``, then terminate, then kill) and remove its folder."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                body = json.dumps({"command": "quit", "params": "", "token": "quit"}).encode()
                self._writer.write(b"%d:%s," % (len(body), body))
                await asyncio.wait_for(self._writer.drain(), 1)
            self._writer.close()
        if self.process is not None and self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), 1)
            except TimeoutError:
                self.process.terminate()
                try:
                    await asyncio.wait_for(self.process.wait(), 2)
                except TimeoutError:
                    self.process.kill()
                    await self.process.wait()
        if self._reader_task is not None:
            self._reader_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader_task
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


async def read_netstring(reader: asyncio.StreamReader) -> dict[str, Any]:
    """One ``length:json,`` frame; ``ValueError`` for anything else."""
    head = await reader.readuntil(b":")
    if len(head) > 8 or not head[:-1].isdigit():
        raise ValueError("not a netstring")
    size = int(head[:-1])
    if size > MAX_FRAME:
        raise ValueError("netstring too long")
    body = await reader.readexactly(size + 1)
    if body[-1:] != b",":
        raise ValueError("netstring not closed")
    found = json.loads(body[:-1])
    if not isinstance(found, dict):
        raise ValueError("not a JSON object")
    return found
