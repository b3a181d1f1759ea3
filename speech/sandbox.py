"""Untrusted files are worked on in a child process under limits: CPU time, address space and
wall time. A hostile upload can then neither stall the server's event loop nor grow the server;
the child is killed when it overruns, and the caller gets ``AudioRejected``.

The child is a fresh interpreter (``python -c``, about 0.2 s to import PyAV), not a fork: a fork
would carry the server's memory, threads and sockets, and multiprocessing's spawn and forkserver
children re-run the server's main script (``neuvo``, the whole app) before each call. What the
child sends back is read as a line of JSON and raw bytes, never unpickled: a file that took over
the decoder must not take over the server. At most ``CONCURRENT`` files are worked on at once;
more wait their turn in the thread pool's queue.
"""

import asyncio
import functools
import json
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from speech.errors import AudioRejected

log = logging.getLogger(__name__)
# What a child is given: a function of the bytes, giving bytes and a number (the seconds).
Work = Callable[[bytes], tuple[bytes, float]]
NICENESS = 10  # the server's own requests go first when a child and the server want a core
CHILD = "from speech import sandbox; sandbox.serve_one()"


@dataclass(frozen=True, slots=True)
class Limits:
    cpu_seconds: int = 10
    wall_seconds: float = 20.0
    memory_bytes: int = 512 * 1024 * 1024
    niceness: int = NICENESS


LIMITS = Limits()
CONCURRENT = 2  # the machine's cores: a third upload waits rather than slowing all of them
_threads = ThreadPoolExecutor(max_workers=CONCURRENT, thread_name_prefix="sandbox")


async def run_async(function: Work, data: bytes, *, limits: Limits = LIMITS) -> tuple[bytes, float]:
    """``run``, awaited from the event loop without blocking it."""
    loop = asyncio.get_running_loop()
    call = functools.partial(run, function, data, limits=limits)
    return await loop.run_in_executor(_threads, call)


def run(function: Work, data: bytes, *, limits: Limits = LIMITS) -> tuple[bytes, float]:
    """``function(data)`` in a child process under ``limits``: its result, or its
    ``AudioRejected`` raised again here; ``AudioRejected`` too when it overruns a limit."""
    call = pickle.dumps(sys.path) + pickle.dumps((function, data, limits))
    child = subprocess.Popen(  # noqa: S603 (our interpreter and a constant command)
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        said, _ = child.communicate(call, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise AudioRejected("the file took too long to decode", field="audio") from None
    return _result(said, child.returncode)


def _result(said: bytes, returncode: int) -> tuple[bytes, float]:
    """The child's result, or the refusal its words and exit code stand for."""
    head, _, body = said.partition(b"\n")
    try:
        outcome = json.loads(head) if head else {"kind": "died"}
    except ValueError:
        outcome = {"kind": "failed", "error": f"unreadable outcome {head[:80]!r}"}
    kind = outcome.get("kind")
    if kind == "done":
        return body, float(outcome["seconds"])
    if kind == "rejected":
        raise AudioRejected(str(outcome["message"]), field=outcome.get("field"))
    if kind == "memory":
        raise AudioRejected("the file needs more memory to decode than is allowed", field="audio")
    if kind == "died" and returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise AudioRejected("the file took too much processor time to decode", field="audio")
    if kind == "died":
        raise AudioRejected(f"the file could not be decoded (exit {returncode})", field="audio")
    # An error the decoding does not expect: a hostile file found a path of ours untested. It
    # is logged for us to look at, and the uploader hears that the file was refused.
    log.error("decoding in a child process failed: %s", outcome.get("error"))
    raise AudioRejected("the file could not be decoded", field="audio")


def serve_one() -> None:
    """In the child: read the call from stdin, set the limits, run, write one outcome."""
    output = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the decoder prints goes to stderr, never into the outcome
    # The call comes from the server, which the child trusts (the other way is JSON).
    paths = pickle.load(sys.stdin.buffer)  # noqa: S301
    sys.path[:0] = [path for path in paths if path not in sys.path]
    function, data, limits = pickle.load(sys.stdin.buffer)  # noqa: S301
    os.nice(limits.niceness)
    cpu = limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU, then SIGKILL
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # no file is written
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    body = b""
    try:
        body, seconds = function(data)
        outcome: dict[str, object] = {"kind": "done", "seconds": seconds}
    except AudioRejected as exc:
        outcome = {"kind": "rejected", "message": exc.message, "field": exc.field}
    except MemoryError:
        outcome = {"kind": "memory"}
    except Exception as exc:  # whatever it is, the caller logs it and refuses the file
        outcome = {"kind": "failed", "error": repr(exc)}
    output.write(json.dumps(outcome).encode() + b"\n" + body)
    output.close()
