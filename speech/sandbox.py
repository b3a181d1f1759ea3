"""Untrusted files are worked on in a child process under limits: CPU time, address space and
wall time. A hostile upload can then neither stall the server's event loop nor grow the server;
the child is killed when it overruns, and the caller gets ``AudioRejected``.

Children fork from a forkserver that has imported PyAV once (a fork, not a new interpreter per
file), never from the server itself with its threads, sockets and open connections. At most
``CONCURRENT`` files are worked on at once; more wait their turn in the thread pool's queue.
"""

import asyncio
import functools
import logging
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from speech.errors import AudioRejected

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Limits:
    cpu_seconds: int = 10
    wall_seconds: float = 20.0
    memory_bytes: int = 512 * 1024 * 1024


LIMITS = Limits()
CONCURRENT = 2  # the machine's cores: a third upload waits rather than slowing all of them
NICENESS = 10  # the server's own requests go first when a child and the server want a core

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["speech.audio"])
_threads = ThreadPoolExecutor(max_workers=CONCURRENT, thread_name_prefix="sandbox")


async def run_async(function: Callable[[bytes], T], data: bytes, *, limits: Limits = LIMITS) -> T:
    """``run``, awaited from the event loop without blocking it."""
    loop = asyncio.get_running_loop()
    call = functools.partial(run, function, data, limits=limits)
    return await loop.run_in_executor(_threads, call)


def run(function: Callable[[bytes], T], data: bytes, *, limits: Limits = LIMITS) -> T:
    """``function(data)`` in a child process under ``limits``: its result, or its
    ``AudioRejected`` raised again here; ``AudioRejected`` too when it overruns a limit."""
    reader, writer = _context.Pipe(duplex=False)
    child = _context.Process(target=_child, args=(function, data, limits, writer), daemon=True)
    child.start()
    writer.close()
    try:
        if reader.poll(limits.wall_seconds):
            outcome = reader.recv()
        else:
            child.kill()
            outcome = ("timeout",)
    except EOFError:  # the child died without a word: a signal (CPU limit) or a crash
        outcome = ("died",)
    finally:
        reader.close()
        child.join(1)  # once it has sent its outcome, the child is exiting
        if child.is_alive():
            child.kill()
            child.join()
    return _result(outcome, child.exitcode)


def _result(outcome: tuple[Any, ...], exitcode: int | None) -> Any:
    """The child's result, or the refusal its outcome and exit code stand for."""
    kind, *rest = outcome
    if kind == "done":
        return rest[0]
    if kind == "rejected":
        raise AudioRejected(rest[0], field=rest[1])
    if kind == "timeout":
        raise AudioRejected("the file took too long to decode", field="audio")
    if kind == "memory":
        raise AudioRejected("the file needs more memory to decode than is allowed", field="audio")
    if kind == "died" and exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise AudioRejected("the file took too much processor time to decode", field="audio")
    if kind == "died":
        raise AudioRejected(f"the file could not be decoded (exit {exitcode})", field="audio")
    # An error the decoding does not expect: a hostile file found a path of ours untested. It
    # is logged for us to look at, and the uploader hears that the file was refused.
    log.error("decoding in a child process failed: %s", rest[0])
    raise AudioRejected("the file could not be decoded", field="audio")


def _child(function: Callable[[bytes], T], data: bytes, limits: Limits, writer: Connection) -> None:
    """In the child: set the limits, run, send back one outcome."""
    os.nice(NICENESS)
    cpu = limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU, then SIGKILL
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # no file is written
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        outcome: tuple = ("done", function(data))
    except AudioRejected as exc:
        outcome = ("rejected", exc.message, exc.field)
    except MemoryError:
        outcome = ("memory",)
    except Exception as exc:  # whatever it is, the caller logs it and refuses the file
        outcome = ("failed", repr(exc))
    writer.send(outcome)
    writer.close()
