"""Helpers shared by the benchmarks: a throw-away database and timing against a baseline."""
import statistics
import tempfile
import time
from contextlib import contextmanager

from django.db import connection
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases


@contextmanager
def scratch_database():
    """A fresh test database (test_<name>), and a fresh folder for kept documents and task files,
    for the duration of the block."""
    old_config = setup_databases(verbosity=0, interactive=False)
    with tempfile.TemporaryDirectory(prefix="bench-media-") as media, override_settings(MEDIA_ROOT=media):
        try:
            yield connection
        finally:
            teardown_databases(old_config, verbosity=0)


def best_of(function, repeat=5):
    """Median wall time of ``repeat`` calls, in seconds, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


@contextmanager
def counted_queries():
    """The SQL statements run in the block, as a list. Unlike ``CaptureQueriesContext`` it counts
    across requests (each request empties ``connection.queries``) and past its 9,000 entries."""
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counted


def report(label, seconds, baseline_seconds, goal=None):
    ratio = seconds / baseline_seconds if baseline_seconds else float("inf")
    line = f"{label:<55} {seconds * 1000:9.1f} ms  {ratio:7.1f}x baseline"
    if goal is not None:
        line += f"  (goal {goal})"
    print(line)
