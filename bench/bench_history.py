"""What recording history costs a workbook import: a small import (20 departments, 200 positions,
2,000 duties) into an empty database, history off (the baseline) against history on, same run."""
from django.conf import settings
from django.test.utils import override_settings

from bench.bench_import import _clear, generate, workbook
from bench.harness import best_of, report, scratch_database


def run():
    from jobs.importing import import_workbook

    content = workbook(*generate(20, 200))

    def fresh_import():
        _clear()
        result = import_workbook(content=content, filename="small.xlsx")
        assert result.committed, result.all_problems[:3]

    with scratch_database():
        fresh_import()  # warm-up: the first import into a new database is slower whatever is measured
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            baseline, _ = best_of(fresh_import, repeat=5)
        report("small import, history off (baseline)", baseline, baseline)
        assert getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        seconds, _ = best_of(fresh_import, repeat=5)
        report("small import, one history entry per object", seconds, baseline, goal="≤ 1.3x")
