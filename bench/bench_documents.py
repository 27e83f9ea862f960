"""Job-description and handbook documents: page, .docx and PDF against fetching the data alone.

Baseline: the queries that load the same data (``with_job_description()`` and the
handbook's context) without rendering.  Figures are medians of repeated runs.
"""
from django.contrib.auth import get_user_model
from django.test import Client

from bench.harness import best_of, report, scratch_database
from departments.models import Department
from jobs.documents import handbook_context, job_description_context
from jobs.models import KPI, Authority, Duty, JobLevel, Position, Qualification


def build(duties_per_position=20, department_size=200):
    level = JobLevel.objects.create(code="M", name="经理级", rank=20)
    department = Department.objects.create(code="BENCH", name="基准测试部", authorised_headcount=department_size)
    head = Position.objects.create(code="B-000", title="部门总监", department=department, job_level=level, headcount=1)
    Position.objects.bulk_create(
        Position(code=f"B-{i:03d}", title=f"专员{i}", department=department, reports_to=head, job_level=level,
                 headcount=1, summary="负责本岗位的日常工作" * 5, tree_id=0, lft=0, rght=0, level=0)
        for i in range(1, department_size)
    )
    Position.objects.rebuild()
    positions = list(Position.objects.filter(department=department))
    Duty.objects.bulk_create(
        Duty(position=p, order=n, statement=f"职责描述第{n}项:制定并执行年度计划", tasks="分解目标\n跟踪执行\n总结汇报", standard="按月完成")
        for p in positions for n in range(1, duties_per_position + 1 if p.code == "B-000" else 6)
    )
    Authority.objects.bulk_create(Authority(position=p, order=n, category="business", text=f"业务权限{n}") for p in positions for n in range(3))
    KPI.objects.bulk_create(KPI(position=p, order=n, name=f"指标{n}", weight=25) for p in positions for n in range(4))
    Qualification.objects.bulk_create(Qualification(position=p, education=4, major="管理类") for p in positions)
    user = get_user_model().objects.create_superuser("bench", password="bench-password-123")
    return department, user


def run():
    with scratch_database():
        department, user = build()
        client = Client(HTTP_HOST="localhost")  # DEBUG allows localhost, not testserver
        client.force_login(user)

        def fetch_position():
            return job_description_context(Position.objects.with_job_description().get(code="B-000"), user)

        base, _ = best_of(fetch_position, repeat=10)
        report("data for one job description (20 duties), baseline", base, base)
        for label, url in (("page", "/positions/B-000/"), (".docx", "/positions/B-000/docx/"), ("PDF", "/positions/B-000/pdf/")):
            seconds, response = best_of(lambda url=url: client.get(url), repeat=5)
            assert response.status_code == 200, (url, response.status_code)
            report(f"job description {label}", seconds, base)

        def fetch_handbook():
            return handbook_context(Department.objects.get(code="BENCH"), user)

        base, _ = best_of(fetch_handbook, repeat=5)
        report("data for a 200-position handbook, baseline", base, base)
        for label, url, repeat in (
            ("page", "/handbooks/BENCH/", 3), (".docx", "/handbooks/BENCH/docx/", 3), ("PDF", "/handbooks/BENCH/pdf/", 1),
        ):
            seconds, response = best_of(lambda url=url: client.get(url), repeat=repeat)
            assert response.status_code == 200, (url, response.status_code)
            report(f"handbook of 200 positions, {label}", seconds, base)
