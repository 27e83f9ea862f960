"""Workbook import at group-company size against raw bulk_create of the same rows.

A generated workbook of 2,000 departments, 20,000 positions and 200,000 child rows (10 duties
per position) is imported as a dry run and for real, on SQLite and, when a PostgreSQL server
answers on 127.0.0.1:5432, on a scratch PostgreSQL database (run in a child process with
DATABASE_URL set).  The baseline is ``bulk_create`` of the same rows with the tree numbers
precomputed, in the same run.  BENCH_IMPORT_SCALE=0.1 runs a tenth of the size.
"""
import io
import os
import resource
import socket
import subprocess
import sys
import time

from django.db import connection, transaction

from bench.harness import report, scratch_database

DEPARTMENTS, POSITIONS, ROWS_PER_POSITION = 2_000, 20_000, 10


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sizes():
    scale = float(os.environ.get("BENCH_IMPORT_SCALE", "1"))
    return max(int(DEPARTMENTS * scale), 3), max(int(POSITIONS * scale), 3)


def generate(departments, positions):
    """Rows of a balanced org: departments in a tree of fan-out 10, positions reporting up a tree of fan-out 8."""
    dept_rows = [(f"D{i:05d}", f"部门{i}", f"D{(i - 1) // 10:05d}" if i else "") for i in range(departments)]
    position_rows = [
        (f"P{i:06d}", f"岗位{i}", f"D{i % departments:05d}", f"P{(i - 1) // 8:06d}" if i else "", 1 + i % 5)
        for i in range(positions)
    ]
    duty_rows = [
        (f"P{i:06d}", "主要职责" if j < 6 else "日常工作", f"岗位{i}的第{j + 1}项职责：负责相关工作并按时完成", "按月完成")
        for i in range(positions) for j in range(ROWS_PER_POSITION)
    ]
    return dept_rows, position_rows, duty_rows


def workbook(dept_rows, position_rows, duty_rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in (
        ("部门", ["部门编码", "部门名称", "上级部门"], dept_rows),
        ("岗位", ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员"], position_rows),
        ("职责", ["岗位编号", "职责类别", "职责描述", "工作标准"], duty_rows),
    ):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _tree_numbers(codes, parent_of):
    children = {}
    for code in codes:
        children.setdefault(parent_of[code], []).append(code)
    numbers, tree_id = {}, 0
    for root in children.get(None, []):
        tree_id += 1
        counter, stack = 0, [(root, 0, False)]
        while stack:
            code, level, closing = stack.pop()
            counter += 1
            if closing:
                numbers[code] = numbers[code][:1] + (counter,) + numbers[code][2:]
                continue
            numbers[code] = (counter, 0, tree_id, level)
            stack.append((code, level, True))
            stack.extend((child, level + 1, False) for child in reversed(children.get(code, [])))
    return numbers


def raw_bulk_create(dept_rows, position_rows, duty_rows):
    """The floor: the same rows written with bulk_create, tree numbers computed beforehand."""
    from departments.models import Department
    from jobs.models import Duty, Position

    with transaction.atomic():
        parent_of = {code: parent or None for code, _, parent in dept_rows}
        numbers = _tree_numbers([code for code, _, _ in dept_rows], parent_of)
        departments = Department.objects.bulk_create(
            [Department(code=code, name=name, lft=numbers[code][0], rght=numbers[code][1], tree_id=numbers[code][2], level=numbers[code][3])
             for code, name, _ in dept_rows], batch_size=500,
        )
        by_code = {d.code: d for d in departments}
        for d in departments:
            d.parent_id = by_code[parent_of[d.code]].pk if parent_of[d.code] else None
        Department.objects.bulk_update(departments, ["parent"], batch_size=500)
        parent_of = {code: superior or None for code, _, _, superior, _ in position_rows}
        numbers = _tree_numbers([row[0] for row in position_rows], parent_of)
        positions = Position.objects.bulk_create(
            [Position(code=code, title=title, department_id=by_code[dept].pk, headcount=headcount, lft=numbers[code][0],
                      rght=numbers[code][1], tree_id=numbers[code][2], level=numbers[code][3])
             for code, title, dept, _, headcount in position_rows], batch_size=500,
        )
        position_by_code = {p.code: p for p in positions}
        for p in positions:
            p.reports_to_id = position_by_code[parent_of[p.code]].pk if parent_of[p.code] else None
        Position.objects.bulk_update(positions, ["reports_to"], batch_size=500)
        category = {"主要职责": "main", "日常工作": "daily"}
        order = {}
        duties = []
        for code, cat, statement, standard in duty_rows:
            order[code] = order.get(code, 0) + 1
            duties.append(Duty(position_id=position_by_code[code].pk, category=category[cat], statement=statement, standard=standard, order=order[code]))
        Duty.objects.bulk_create(duties, batch_size=1000)


def _clear():
    from departments.models import Department
    from jobs.models import Duty, Position

    with connection.cursor() as cursor:
        for model in (Duty, Position, Department):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def _timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run_here():
    from jobs.importing import import_workbook

    departments, positions = _sizes()
    dept_rows, position_rows, duty_rows = generate(departments, positions)
    seconds, content = _timed(lambda: workbook(dept_rows, position_rows, duty_rows))
    vendor = connection.vendor
    print(f"[{vendor}] workbook: {len(dept_rows)} departments, {len(position_rows)} positions, {len(duty_rows)} duties, "
          f"{len(content) / 1024 / 1024:.1f} MB, generated in {seconds:.1f} s")
    with scratch_database():
        baseline, _ = _timed(lambda: raw_bulk_create(dept_rows, position_rows, duty_rows))
        report(f"[{vendor}] raw bulk_create of the same rows (baseline)", baseline, baseline)
        _clear()
        dry, result = _timed(lambda: import_workbook(content=content, filename="bench.xlsx", dry_run=True))
        assert result.ok, result.all_problems[:3]
        report(f"[{vendor}] import_workbook dry run", dry, baseline, goal="≤ 3x")
        real, result = _timed(lambda: import_workbook(content=content, filename="bench.xlsx"))
        assert result.committed, result.all_problems[:3]
        report(f"[{vendor}] import_workbook (real)", real, baseline, goal="≤ 3x")
        again, result = _timed(lambda: import_workbook(content=content, filename="bench.xlsx"))
        report(f"[{vendor}] import_workbook again (all unchanged)", again, baseline)
        print(f"[{vendor}] peak memory (max RSS of the whole run, baseline included): {_peak_mb():.0f} MB")


def _postgres_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def run():
    if os.environ.get("BENCH_IMPORT_SCALE", "1") != "1":
        print(f"scaled down: BENCH_IMPORT_SCALE={os.environ['BENCH_IMPORT_SCALE']}")
    else:
        print("full size: about 4 minutes per database; BENCH_IMPORT_SCALE=0.1 runs a tenth of it")
    run_here()
    if connection.vendor == "sqlite" and _postgres_reachable() and not os.environ.get("BENCH_IMPORT_CHILD"):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/bench_import_{os.getpid()}", BENCH_IMPORT_CHILD="1")
        code = "import django; django.setup(); from bench.bench_import import run_here; run_here()"
        subprocess.run([sys.executable, "-c", code], env=env | {"DJANGO_SETTINGS_MODULE": "orgchart.settings"}, check=False)
    elif not _postgres_reachable():
        print("PostgreSQL is not reachable on 127.0.0.1:5432: skipped")
