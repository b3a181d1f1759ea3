"""Decoding runs in a child process under CPU, memory and wall-time limits, off the event loop."""

import asyncio
import resource
import time
from collections.abc import Awaitable

import pytest

from speech import audio, sandbox
from speech.errors import AudioRejected
from tests.speech import hostile

QUICK = sandbox.Limits(cpu_seconds=1, wall_seconds=2, memory_bytes=512 * 1024 * 1024)


async def _longest_stall(work: Awaitable[object]) -> float:
    """The longest the event loop went without running a 10 ms ticker while ``work`` ran."""
    gaps: list[float] = []

    async def tick() -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.01)
            gaps.append(time.monotonic() - last - 0.01)
            last = time.monotonic()

    ticker = asyncio.create_task(tick())
    try:
        await work
    finally:
        ticker.cancel()
    assert len(gaps) > 3
    return max(gaps)


def test_run_gives_back_what_the_child_returned() -> None:
    assert sandbox.run(hostile.echo, b"abc", limits=QUICK) == (b"cba", 1.5)


def test_run_passes_the_childs_refusal_on_with_its_field() -> None:
    with pytest.raises(AudioRejected, match="silence") as refused:
        sandbox.run(hostile.refuse, b"", limits=QUICK)
    assert refused.value.field == "audio"


def test_run_refuses_and_logs_what_the_child_did_not_expect(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(AudioRejected, match="could not be decoded"):
        sandbox.run(hostile.crash, b"", limits=QUICK)
    assert "a path of the decoder nobody tried" in caplog.text


def test_run_kills_a_child_past_its_wall_time() -> None:
    started = time.monotonic()
    with pytest.raises(AudioRejected, match="took too long"):
        sandbox.run(hostile.sleep, b"x", limits=QUICK)
    assert time.monotonic() - started < QUICK.wall_seconds + 1


def test_run_stops_a_child_past_its_processor_time() -> None:
    limits = sandbox.Limits(cpu_seconds=1, wall_seconds=60)
    with pytest.raises(AudioRejected, match="processor time"):
        sandbox.run(hostile.spin, b"x" * 64, limits=limits)


def test_run_stops_a_child_past_its_memory_and_the_caller_does_not_grow() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(AudioRejected, match="memory"):
        sandbox.run(hostile.hoard, b"x", limits=QUICK)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 50 * 1024


async def test_run_async_leaves_the_event_loop_free() -> None:
    async def overrun() -> None:
        with pytest.raises(AudioRejected, match="took too long"):
            await sandbox.run_async(hostile.sleep, b"x", limits=QUICK)

    assert await _longest_stall(overrun()) < 0.5


async def test_normalise_async_refuses_tiny_blocks_without_stalling_the_loop(
    tiny_blocks_mkv: bytes,
) -> None:
    async def refused() -> None:
        with pytest.raises(AudioRejected, match="blocks"):
            await audio.normalise_async(tiny_blocks_mkv)

    assert await _longest_stall(refused()) < 0.5


async def test_normalise_async_gives_what_normalise_gives(speech_wav: bytes) -> None:
    inside = audio.normalise(speech_wav)
    outside = await audio.normalise_async(speech_wav)
    assert outside.seconds == inside.seconds
    assert abs(len(outside.data) - len(inside.data)) < 1000
