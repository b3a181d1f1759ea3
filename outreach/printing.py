"""The printing process: letters are laid out away from the server's event loop.

WeasyPrint is CPU-bound Python: a batch of a thousand letters took 8.6 s, during which the
server answered nothing else, not even ``/healthz``. A pool of one ``spawn``ed worker (the
other core keeps serving) runs the layout and hands back the PDF's bytes; the caller's loop
only waits for them. The function and its arguments must be picklable plain data.
"""

import asyncio
import atexit
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the parent runs an event loop and threads that a fork would copy.
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
    return _pool


async def run(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in the printing process."""
    global _pool
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_executor(), function, *args)
    except BrokenProcessPool:  # the worker died (killed, out of memory): a new one next time
        _pool = None
        raise
