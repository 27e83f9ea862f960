"""Job-description and handbook documents: made once and kept, against fetching the data alone.

- A job description: page, .docx and PDF; the PDF cold (laid out: its stamp raised before each
  run, as after a change) against kept (read from storage). Goal: kept ≥ 40× faster than cold.
- A 200-position handbook: page, .docx, and the PDF assembled from kept parts.
- A 2,000-position division (``BENCH_HANDBOOK_POSITIONS``): its handbook PDF as a background task
  run by the database worker (``db_worker --batch``) with ``DOCUMENT_PROCESSES`` = the machine's
  cores, its progress sampled while it runs; cold (nothing kept), warm (parts kept, handbook
  assembled again) and the second click (the kept handbook). Goals: 3 minutes cold, 15 s warm.

- A group of 20,000 positions (``BENCH_GROUP_POSITIONS``; 0 skips it), all but the departments'
  heads based on 500 published standard positions (``BENCH_GROUP_STANDARDS``): the job-description
  page of a head (no standard), of a position inheriting every section and of one writing its own
  duties, for HR and for a manager; cold (its stamp raised before each request) and kept, with
  the queries each takes, which must not depend on the size or on the standard.

Figures are medians of repeated runs; the machine's core count is printed beside them.
"""
import os
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, override_settings
from django.utils import timezone

from bench.harness import best_of, counted_queries, report, scratch_database
from demo.generated import generate_organisation
from departments.models import Department
from jobs.documents import handbook_context, job_description_context
from jobs.documents.kept import HANDBOOK_PDF
from jobs.models import KPI, Authority, Duty, JobLevel, Position, Qualification
from kernel import keeping
from kernel.background import start
from kernel.models import BackgroundJob, KeptFile

HANDBOOK_POSITIONS = int(os.environ.get("BENCH_HANDBOOK_POSITIONS", "2000"))
PER_DEPARTMENT = 100
GROUP_POSITIONS = int(os.environ.get("BENCH_GROUP_POSITIONS", "20000"))
GROUP_STANDARDS = int(os.environ.get("BENCH_GROUP_STANDARDS", "500"))


def fill(department, level, count, *, head_duties=5, prefix="B"):
    """``count`` published positions in ``department``: a head and staff reporting to it, each with
    duties, authorities, KPIs and a qualification."""
    published = {"status": Position.Status.PUBLISHED, "approved_at": timezone.now()}
    head = Position(code=f"{prefix}-000", title="部门总监", department=department, job_level=level, headcount=1, **published)
    head.save(publishing=True)  # generated data, published as the generated organisations are
    Position.objects.bulk_create(
        Position(code=f"{prefix}-{i:03d}", title=f"专员{i}", department=department, reports_to=head, job_level=level,
                 headcount=1, summary="负责本岗位的日常工作" * 5, tree_id=0, lft=0, rght=0, level=0, **published)
        for i in range(1, count)
    )
    return head, head_duties


def add_rows(positions, head_codes, head_duties):
    Duty.objects.bulk_create(
        Duty(position=p, order=n, statement=f"职责描述第{n}项:制定并执行年度计划", tasks="分解目标\n跟踪执行\n总结汇报", standard="按月完成")
        for p in positions for n in range(1, (head_duties if p.code in head_codes else 5) + 1)
    )
    Authority.objects.bulk_create(Authority(position=p, order=n, category="business", text=f"业务权限{n}") for p in positions for n in range(3))
    KPI.objects.bulk_create(KPI(position=p, order=n, name=f"指标{n}", weight=25) for p in positions for n in range(4))
    Qualification.objects.bulk_create(Qualification(position=p, education=4, major="管理类") for p in positions)


def build(department_size=200):
    level = JobLevel.objects.create(code="M", name="经理级", rank=20)
    department = Department.objects.create(code="BENCH", name="基准测试部", authorised_headcount=department_size)
    fill(department, level, department_size, head_duties=20)
    Position.objects.rebuild()
    add_rows(list(Position.objects.filter(department=department)), {"B-000"}, 20)
    user = get_user_model().objects.create_superuser("bench", password="bench-password-123")
    return department, user


def build_division(positions):
    """A division of ``positions`` positions in departments of ``PER_DEPARTMENT``."""
    level = JobLevel.objects.get(code="M")
    division = Department.objects.create(code="DIV", name="基准事业部")
    for index in range(max(1, positions // PER_DEPARTMENT)):
        department = Department.objects.create(code=f"DIV-{index:02d}", name=f"事业部{index}科", parent=division)
        fill(department, level, PER_DEPARTMENT, prefix=f"D{index:02d}")
    Department.objects.rebuild()
    Position.objects.rebuild()
    in_division = list(Position.objects.filter(department__parent=division))
    add_rows(in_division, {p.code for p in in_division if p.code.endswith("-000")}, 5)
    return division, len(in_division)


def job_description_figures(client, user):
    def fetch_position():
        return job_description_context(Position.objects.with_job_description().get(code="B-000"), user)

    base, _ = best_of(fetch_position, repeat=10)
    report("data for one job description (20 duties), baseline", base, base)
    for label, url in (("page", "/positions/B-000/"), (".docx", "/positions/B-000/docx/")):
        seconds, response = best_of(lambda url=url: client.get(url), repeat=5)
        assert response.status_code == 200, (url, response.status_code)
        report(f"job description {label} (kept after the first)", seconds, base)

    position = Position.objects.get(code="B-000")

    def cold():
        keeping.raise_stamps("position", [position.pk])  # as after a change: laid out again
        return client.get("/positions/B-000/pdf/")

    cold_seconds, response = best_of(cold, repeat=3)
    assert response.status_code == 200, response.status_code
    report("job description PDF, cold (laid out and kept)", cold_seconds, base)
    kept_seconds, response = best_of(lambda: client.get("/positions/B-000/pdf/"), repeat=20)
    assert response.status_code == 200, response.status_code
    report("job description PDF, kept (read from storage)", kept_seconds, base)
    print(f"{'kept PDF against cold':<55} {cold_seconds / kept_seconds:9.1f}x faster  (goal >= 40x; {os.cpu_count()} cores)")


def handbook_figures(client, user):
    def fetch_handbook():
        return handbook_context(Department.objects.get(code="BENCH"), user)

    base, _ = best_of(fetch_handbook, repeat=5)
    report("data for a 200-position handbook, baseline", base, base)
    with override_settings(HANDBOOK_INLINE_POSITIONS=10_000, HANDBOOK_INLINE_RENDERS=10_000):
        for label, url, repeat in (("page", "/handbooks/BENCH/", 3), (".docx", "/handbooks/BENCH/docx/", 1)):
            seconds, response = best_of(lambda url=url: client.get(url), repeat=repeat)
            assert response.status_code == 200, (url, response.status_code)
            report(f"handbook of 200 positions, {label}", seconds, base)
        seconds, response = best_of(lambda: client.get("/handbooks/BENCH/pdf/"), repeat=1)
        assert response.status_code == 200, response.status_code
        report("handbook of 200 positions, PDF, cold (every part laid out)", seconds, base)
        KeptFile.objects.filter(kind=HANDBOOK_PDF).delete()
        seconds, response = best_of(lambda: client.get("/handbooks/BENCH/pdf/"), repeat=1)
        assert response.status_code == 200, response.status_code
        report("handbook of 200 positions, PDF from kept parts", seconds, base)
        seconds, response = best_of(lambda: client.get("/handbooks/BENCH/pdf/"), repeat=5)
        report("handbook of 200 positions, PDF kept (second click)", seconds, base)


def run_worker_watching(job):
    """Run the database worker until the queue is empty, sampling the job's progress meanwhile."""
    samples, done = [], threading.Event()

    def watch():
        began = time.perf_counter()
        while not done.wait(15):
            row = BackgroundJob.objects.filter(pk=job.pk).values_list("steps_done", "steps_total").first()
            samples.append((time.perf_counter() - began, *row))
        connections.close_all()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    began = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    seconds = time.perf_counter() - began
    done.set()
    watcher.join()
    job.refresh_from_db()
    return seconds, samples


def large_handbook_figures(user):
    division, count = build_division(HANDBOOK_POSITIONS)
    processes = os.cpu_count() or 1
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    print(f"{count}-position division: {division.get_descendant_count()} departments; {os.cpu_count()} cores, "
          f"DOCUMENT_PROCESSES={processes}{' (not used: in-memory SQLite; run with DATABASE_URL=postgres://…)' if in_memory else ''}")
    reader = get_user_model().objects.create_user("bench-reader", password="bench-password-123")
    reader.groups.add(Group.objects.get(name="Manager"))
    tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=tasks, DOCUMENT_PROCESSES=processes):
        for label, goal in (("cold: every part laid out", "<= 180 s"), ("warm: parts kept, assembled again", "<= 15 s")):
            KeptFile.objects.filter(kind=HANDBOOK_PDF).delete()
            job = start(kind="handbook.pdf", user=reader, title="bench", arguments={"department": division.pk, "sub": True})
            seconds, samples = run_worker_watching(job)
            assert job.status == BackgroundJob.Status.DONE, (job.status, job.error)
            size = os.path.getsize(os.path.join(settings.MEDIA_ROOT, job.result_path)) if not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage") else 0
            print(f"{'handbook of ' + str(count) + ' positions, PDF, ' + label:<55} {seconds:9.1f} s  "
                  f"(goal {goal}; {job.steps_total} steps, {size // 1024} KiB)")
            for at, steps_done, steps_total in samples[:20]:
                print(f"    progress after {at:5.0f} s: {steps_done} of {steps_total} steps")
        client = Client(HTTP_HOST="localhost")
        client.force_login(reader)
        seconds, response = best_of(lambda: client.get(f"/handbooks/{division.code}/pdf/", {"sub": "1"}), repeat=5)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.status_code
        print(f"{'handbook of ' + str(count) + ' positions, PDF, second click (kept)':<55} {seconds * 1000:9.1f} ms")


def group_figures(hr):
    """Job-description pages in a group of ``GROUP_POSITIONS`` positions on ``GROUP_STANDARDS`` standards."""
    start = time.perf_counter()
    generate_organisation(GROUP_POSITIONS // 10, GROUP_POSITIONS, prefix="S", standards=GROUP_STANDARDS)
    based = Position.objects.filter(code__startswith="SP", standard__isnull=False)
    print(f"generated {GROUP_POSITIONS} positions ({based.count()} based on {GROUP_STANDARDS} standard positions) "
          f"in {time.perf_counter() - start:.1f} s")
    inheriting = based.filter(own_sections=[]).order_by("code").first()
    own_duties = next(p for p in based.order_by("code") if p.own_sections == ["duties"])
    cases = (("a head, no standard", Position.objects.get(code="SP00001-0")),
             ("inheriting every section", inheriting), ("writing its own duties", own_duties))
    manager = get_user_model().objects.create_user("bench-group-manager", password="bench-password-123")
    manager.groups.add(Group.objects.get(name="Manager"))
    base, _ = best_of(lambda: job_description_context(Position.objects.with_job_description().get(pk=cases[0][1].pk), hr), repeat=10)
    report(f"[{GROUP_POSITIONS} on {GROUP_STANDARDS} standards] data for a head's job description, baseline", base, base)
    for who, user in (("HR", hr), ("manager", manager)):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for label, position in cases:
            url = position.get_absolute_url()

            def cold(url=url, pk=position.pk):
                keeping.raise_stamps("position", [pk])  # as after a change: rendered again
                return client.get(url)

            with counted_queries() as captured:
                response = cold()
            assert response.status_code == 200, (url, response.status_code)
            seconds, response = best_of(cold, repeat=5)
            report(f"{who}: page, {label}, cold ({len(captured)} queries)", seconds, base)
            with counted_queries() as captured:
                client.get(url)
            seconds, response = best_of(lambda url=url: client.get(url), repeat=10)
            report(f"{who}: page, {label}, kept ({len(captured)} queries)", seconds, base)


def run():
    with scratch_database():
        department, user = build()
        client = Client(HTTP_HOST="localhost")  # DEBUG allows localhost, not testserver
        client.force_login(user)
        job_description_figures(client, user)
        handbook_figures(client, user)
        if HANDBOOK_POSITIONS:
            large_handbook_figures(user)
        if GROUP_POSITIONS:
            group_figures(user)
