import asyncio
import logging

import pytest

from bot.service.supervise import supervise
from bot.telemetry.metrics import METRICS


def failures(loop: str) -> float:
    return METRICS.failures.labels(loop=loop)._value.get()


async def test_a_failing_loop_is_logged_counted_and_restarted_until_it_runs(caplog):
    stopping, running = asyncio.Event(), asyncio.Event()
    calls: list[int] = []
    before = failures("flaky")
    secret = "disk full " + "06" * 5  # an error message may quote a user's text

    async def flaky() -> None:
        calls.append(len(calls))
        if len(calls) <= 2:
            raise OSError(secret)
        running.set()
        await stopping.wait()

    task = asyncio.create_task(supervise("flaky", flaky, stopping, base_s=0.001))
    await asyncio.wait_for(running.wait(), 5)
    stopping.set()
    await asyncio.wait_for(task, 5)
    assert calls == [0, 1, 2]
    assert failures("flaky") - before == 2
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage().splitlines()[0] for r in errors] == ["flaky failed: OSError"] * 2
    assert all(secret not in r.getMessage() for r in errors)


async def test_a_loop_that_returns_on_its_own_is_restarted_and_counted():
    stopping, again = asyncio.Event(), asyncio.Event()
    calls: list[int] = []
    before = failures("quits")

    async def quits() -> None:
        calls.append(1)
        if len(calls) == 2:
            again.set()
            await stopping.wait()

    task = asyncio.create_task(supervise("quits", quits, stopping, base_s=0.001))
    await asyncio.wait_for(again.wait(), 5)
    stopping.set()
    await asyncio.wait_for(task, 5)
    assert (len(calls), failures("quits") - before) == (2, 1)


async def test_cancelling_the_supervisor_ends_the_loop():
    started = asyncio.Event()

    async def forever() -> None:
        started.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(supervise("forever", forever, asyncio.Event()))
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
