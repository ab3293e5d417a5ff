"""A short soak in the suite: `bench/bench_soak.py` with 200 mentions instead of 2,000."""

from bench.bench_soak import soak


async def test_every_mention_is_answered_once_in_order_through_drops_errors_and_a_restart():
    report = await soak(
        mentions=200,
        channels=4,
        rate_per_s=100.0,
        drop_every_events=40,
        fail_ratio=0.05,
        restart=True,
        seed=11,
        timeout_s=60.0,
    )
    assert (report.answered, report.lost, report.duplicated, report.out_of_order) == (
        200,
        0,
        0,
        0,
    ), "\n".join(report.lines())
    assert report.restarts == 1
    assert report.drops >= 1, "the websocket was never dropped while connected"
    assert report.failures_injected >= 1, "no POST /api/v4/posts failure was injected"
    assert report.rest_retries >= report.failures_injected
