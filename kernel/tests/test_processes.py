"""Work given to processes of their own never hangs its caller (``kernel.processes``)."""
import multiprocessing
import time

import pytest

from kernel.processes import run_in_processes


def _add(payload, item):
    return payload + item, multiprocessing.parent_process() is not None


def _fail_in_a_child(payload, item):
    if multiprocessing.parent_process() is not None:
        raise RuntimeError("a child failed")
    return payload + item


def _hang_in_a_child(payload, item):
    if multiprocessing.parent_process() is not None:
        time.sleep(120)
    return payload + item


def test_the_children_do_the_work_with_the_payload():
    results = sorted(run_in_processes(_add, [1, 2, 3], processes=2, payload=10, timeout=60))
    assert results == [(11, True), (12, True), (13, True)]


def test_one_process_or_one_item_is_done_by_the_caller():
    assert list(run_in_processes(_add, [1, 2], processes=1, payload=10, timeout=60)) == [(11, False), (12, False)]
    assert list(run_in_processes(_add, [5], processes=4, payload=10, timeout=60)) == [(15, False)]


@pytest.mark.parametrize("work", [_fail_in_a_child, _hang_in_a_child])
def test_when_the_processes_fail_or_hang_the_caller_does_the_work_itself(work, caplog):
    started = time.monotonic()
    results = sorted(run_in_processes(work, [1, 2, 3], processes=2, payload=10, timeout=10))
    assert results == [11, 12, 13] and time.monotonic() - started < 60
    assert "the rest is done in this process" in caplog.text
