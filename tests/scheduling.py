"""How the suite is shared out among the xdist workers (`--dist loadfile`, setup.cfg), and what it
remembers of a run to share the next one out better. tests/conftest.py wires it in.

A file goes to one worker as a whole, as loadfile does, so a module's fixtures are made once, with two
differences:

- the end-to-end journeys (tests/e2e/) are one unit: the site they start (`flask db upgrade`, `flask
  demo`, `flask run`) and the browser are made once per worker that runs a journey (session fixtures,
  tests/e2e/conftest.py), so once in all rather than once on each worker;
- units go out longest first, by the time each took in the last run that ran it (pytest's cache, key
  UNIT_SECONDS), or, for a checkout that has no cache yet (CI's clean clone), in a whole run on the
  development machine (tests/unit-seconds.json, RECORDED: copy the cache's figures there when files
  come and go). xdist's own order, most tests first, sends files of a few slow tests (a server, a
  worker, a browser) last, and one worker ran them alone while the other had finished. Units neither
  knows go first, in xdist's order: a new file is as likely to be long as not.

The order changes when a test runs, never what it does or whether it runs.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from xdist.scheduler import LoadFileScheduling

#: the cache's key of each unit's seconds (setup, call and teardown of its tests, summed)
UNIT_SECONDS = "eventsite/unit-seconds"
E2E = "tests/e2e/"
#: each unit's seconds in a whole run on the development machine, for a checkout without a cache
RECORDED = Path(__file__).with_name("unit-seconds.json")


def unit_of(nodeid: str) -> str:
    """The unit a test belongs to: its file, or tests/e2e/ for every journey."""
    path = nodeid.split("::", 1)[0]
    return E2E if path.startswith(E2E) else path


class Scheduling(LoadFileScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        cache = getattr(config, "cache", None)
        recorded = json.loads(RECORDED.read_text()) if RECORDED.exists() else {}
        self.seconds: dict[str, float] = {**recorded, **(cache.get(UNIT_SECONDS, {}) if cache is not None else {})}
        self.ordered = False

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)

    def _assign_work_unit(self, node) -> None:
        if not self.ordered:  # the queue is complete when the first unit goes out
            known = sorted((unit for unit in self.workqueue if unit in self.seconds),
                           key=lambda unit: -self.seconds[unit])
            unknown = [unit for unit in self.workqueue if unit not in self.seconds]
            for unit in unknown + known:
                self.workqueue.move_to_end(unit)
            self.ordered = True
        super()._assign_work_unit(node)


class UnitTimes:
    """Sums each unit's seconds as the reports come in (from the workers, or this process with -n 0)
    and keeps them in the cache at the end, beside what earlier runs measured of the units not run."""

    def __init__(self, config):
        self.config = config
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[unit_of(report.nodeid)] += report.duration

    def pytest_sessionfinish(self, session) -> None:
        cache = getattr(self.config, "cache", None)
        if cache is None or not self.seconds:
            return
        kept = cache.get(UNIT_SECONDS, {})
        kept.update({unit: round(seconds, 2) for unit, seconds in self.seconds.items()})
        cache.set(UNIT_SECONDS, kept)
