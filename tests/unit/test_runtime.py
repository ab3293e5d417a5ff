import json
import subprocess
import sys

from bot.service.runtime import GC_YOUNG_THRESHOLD

PROBE = """
import gc, json
from bot.service.runtime import tune_gc
before = gc.get_threshold()
tune_gc()
print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count()}))
"""


def test_tune_gc_freezes_what_exists_and_collects_young_objects_less_often() -> None:
    # In a child process: the setting is process-wide and must not leak into the test run.
    run = subprocess.run(  # noqa: S603 - our own interpreter and a constant script
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    seen = json.loads(run.stdout)
    assert seen["after"] == [GC_YOUNG_THRESHOLD, *seen["before"][1:]]
    assert seen["frozen"] > 0
