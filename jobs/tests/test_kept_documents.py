"""Published documents are made once and kept; handbooks of any size are assembled from kept
parts in the background; whatever a document shows that changes makes its kept file stale."""
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_user
from jobs.documents.kept import template_identity
from jobs.models import Duty, Position
from jobs.services import publish_position
from jobs.tests.test_documents import build_department, docx_text, pdf_text
from kernel.background import start
from kernel.models import BackgroundJob, KeptFile

PDF = "jobs:position_pdf"


@pytest.fixture
def hr(hr_user):
    """HR's own browser (``hr_client`` and ``manager_client`` share one)."""
    client = Client()
    client.force_login(hr_user)
    return client


def pdf_of(client, code, **params):
    response = client.get(reverse(PDF, args=[code]), params)
    assert response.status_code == 200, response.status_code
    return response.content


def test_a_published_pdf_is_made_once_then_read_from_storage(manager_client, small_org, django_assert_max_num_queries):
    first = pdf_of(manager_client, "MKT-01")
    kept = KeptFile.objects.get(kind="position.pdf")
    assert kept.object_id == small_org["director"].pk and kept.pages >= 1
    assert f".published.p.zh-hans.{template_identity()}." in kept.variant and kept.variant.startswith("v1.")
    with django_assert_max_num_queries(7):
        second = manager_client.get(reverse(PDF, args=["MKT-01"]))
    assert second.content == first
    assert "MKT-01" in second["Content-Disposition"]
    assert KeptFile.objects.count() == 1


def test_a_draft_is_never_kept_and_never_gets_the_published_file(hr, manager_client, small_org, django_capture_on_commit_callbacks):
    director = small_org["director"]
    with django_capture_on_commit_callbacks(execute=True):
        director.status = Position.Status.DRAFT
        director.save()
        director = publish_position(position=director, approver=None)  # version 2, with its history
    pdf_of(manager_client, "MKT-01")  # the published version, kept
    with django_capture_on_commit_callbacks(execute=True):
        director.title, director.status = "市场总监（草稿）", Position.Status.DRAFT
        director.save()
    _reader, draft = pdf_text(pdf_of(hr, "MKT-01"))
    assert "市场总监（草稿）" in draft
    _reader, again = pdf_text(pdf_of(hr, "MKT-01"))
    assert "市场总监（草稿）" in again
    assert not KeptFile.objects.filter(variant__contains=".current.").exists()  # HR's draft: made afresh each time
    _reader, published = pdf_text(pdf_of(manager_client, "MKT-01"))
    assert "市场总监（草稿）" not in published and "市场总监" in published
    _reader, asked = pdf_text(pdf_of(hr, "MKT-01", version="published"))
    assert "市场总监（草稿）" not in asked


def test_salaries_and_languages_are_kept_apart(hr, manager_client, small_org):
    _reader, hr_text = pdf_text(pdf_of(hr, "MKT-01"))
    _reader, manager_text = pdf_text(pdf_of(manager_client, "MKT-01"))
    assert "M3级" in hr_text and "M3级" not in manager_text
    manager_client.cookies["django_language"] = "en"
    _reader, english = pdf_text(pdf_of(manager_client, "MKT-01"))
    assert "Job description" in english
    variants = sorted(KeptFile.objects.values_list("variant", flat=True))
    assert len(variants) == 3 and any(".current.c.zh-hans." in v for v in variants) and any(".en." in v for v in variants)


def test_a_kept_docx_is_made_once_too(manager_client, small_org, django_assert_max_num_queries):
    url = reverse("jobs:position_docx", args=["MKT-01"])
    first = manager_client.get(url).content
    with django_assert_max_num_queries(7):
        assert manager_client.get(url).content == first
    assert KeptFile.objects.filter(kind="position.docx").count() == 1


def test_what_a_document_shows_besides_its_version_makes_it_stale(manager_client, small_org, django_capture_on_commit_callbacks):
    """The department's name, the superior's published title and 辖员人数 are not part of a
    position's version: changing them makes its kept files stale."""
    for code in ("MKT-01", "EXP-01"):
        pdf_of(manager_client, code)
    with django_capture_on_commit_callbacks(execute=True):
        market = small_org["market"]
        market.name = "营销中心"
        market.save()
    _reader, text = pdf_text(pdf_of(manager_client, "MKT-01"))
    assert "营销中心" in text
    with django_capture_on_commit_callbacks(execute=True):
        director = Position.objects.get(code="MKT-01")
        director.title, director.status = "营销总监", Position.Status.DRAFT
        director.save()
        publish_position(position=director, approver=None)
    _reader, text = pdf_text(pdf_of(manager_client, "EXP-01"))  # its superior, by the published title
    assert "营销总监" in text
    with django_capture_on_commit_callbacks(execute=True):
        specialist = Position.objects.get(code="EXP-01")
        specialist.headcount = 12
        specialist.save()
    assert pdf_of(manager_client, "MKT-01")
    jd = Client()
    jd.force_login(make_user("reader", group="Manager"))
    page = jd.get(reverse("jobs:position_detail", args=["CEO"]))
    assert page.context["jd"]["span"] == 13  # 1 + 12 below the CEO, as the kept PDF below says
    _reader, text = pdf_text(pdf_of(manager_client, "CEO"))
    assert "13" in text


def test_publishing_makes_the_new_versions_documents_in_the_background(hr, manager_client, small_org, django_capture_on_commit_callbacks, django_assert_max_num_queries, settings):
    settings.JD_REVIEW_REQUIRED = False  # HR's 发布 (with review, a reviewer's approval publishes through the same function)
    director = small_org["director"]
    director.summary, director.status = "新的职责概述", Position.Status.DRAFT
    director.save()
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(reverse("jobs:position_publish", args=["MKT-01"]))
    job = BackgroundJob.objects.get(kind="documents.refresh")
    assert job.status == BackgroundJob.Status.DONE and job.arguments == {"positions": [director.pk]}
    assert KeptFile.objects.filter(object_id=director.pk, variant__startswith="v2.published.p.zh-hans").count() == 2
    with django_assert_max_num_queries(7):  # the manager's first download is already a file read
        response = manager_client.get(reverse(PDF, args=["MKT-01"]))
    _reader, text = pdf_text(response.content)
    assert "新的职责概述" in text


def test_a_large_handbook_is_made_in_the_background_and_a_second_click_is_immediate(manager_client, db, django_assert_max_num_queries):
    department = build_department(5)  # 6 parts to lay out: more than HANDBOOK_INLINE_RENDERS
    url = reverse("jobs:handbook_pdf", args=[department.code])
    response = manager_client.get(url)
    job = BackgroundJob.objects.get(kind="handbook.pdf")
    assert response.status_code == 302 and response.url == reverse("task_detail", args=[job.pk])
    page = manager_client.get(response.url)
    assert job.title in page.content.decode() and reverse("task_download", args=[job.pk]) in page.content.decode()
    job.refresh_from_db()
    assert (job.status, job.steps_done, job.percent) == (BackgroundJob.Status.DONE, job.steps_total, 100)
    download = manager_client.get(reverse("task_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    reader, text = pdf_text(content)
    assert "销售总监" in text and "完成销售任务3" in text and "目录" in text
    assert [item.title for item in reader.outline[:2]] == ["目录", "销售部"]
    with django_assert_max_num_queries(14):  # the second click: the kept handbook, no task
        again = manager_client.get(url)
    assert again["Content-Type"] == "application/pdf" and again.content == content
    assert BackgroundJob.objects.count() == 1


def test_the_handbook_reuses_kept_job_descriptions_and_numbers_its_contents(manager_client, db, settings):
    settings.HANDBOOK_INLINE_RENDERS = 100
    department = build_department(4)
    for code in Position.objects.filter(department=department).values_list("code", flat=True):
        pdf_of(manager_client, code)
    kept = set(KeptFile.objects.filter(kind="position.pdf").values_list("pk", flat=True))
    content = manager_client.get(reverse("jobs:handbook_pdf", args=[department.code])).content
    assert set(KeptFile.objects.filter(kind="position.pdf").values_list("pk", flat=True)) == kept  # none made again
    reader = PdfReader(BytesIO(content))
    contents = reader.pages[0].extract_text()
    for position in Position.objects.filter(department=department):
        line = next(line for line in contents.splitlines() if position.code in line)
        page = int(line.split()[-1].strip("．. "))
        assert position.title in reader.pages[page - 1].extract_text(), (position.code, page)


def test_the_merged_handbook_embeds_each_font_once(manager_client, db, settings):
    settings.HANDBOOK_INLINE_RENDERS = 100
    department = build_department(6)
    reader = PdfReader(BytesIO(manager_client.get(reverse("jobs:handbook_pdf", args=[department.code])).content))
    programs = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():  # the contents may end in a blank page
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            programs.add((str(font.get_object()["/BaseFont"]), program.idnum))
    names = {name for name, _program in programs}
    assert len(programs) == len(names)  # one program per face, shared by every part


def test_a_large_handbook_docx_is_made_in_the_background(manager_client, db, settings):
    settings.HANDBOOK_INLINE_POSITIONS = 2
    department = build_department(4)
    response = manager_client.get(reverse("jobs:handbook_docx", args=[department.code]))
    job = BackgroundJob.objects.get()
    assert response.url == reverse("task_detail", args=[job.pk]) and job.steps_total == 5
    download = manager_client.get(reverse("task_download", args=[job.pk]))
    assert ".docx" in download["Content-Disposition"]
    _document, text = docx_text(b"".join(download.streaming_content))
    assert all(f"销售代表{i}" in text for i in range(3))


def test_a_deleted_department_fails_the_task_in_words(manager_user):
    job = start(kind="handbook.pdf", user=manager_user, title="手册", arguments={"department": 999999, "sub": False})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and "已被删除" in job.error


@pytest.mark.parametrize("size", [5, 40])
def test_handbook_click_query_count_does_not_grow(manager_client, db, django_assert_max_num_queries, settings, size):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run in the request
    department = build_department(size)
    with django_assert_max_num_queries(17):
        response = manager_client.get(reverse("jobs:handbook_pdf", args=[department.code]))
    assert response.status_code == 302
    assert Duty.objects.count() == size - 1


def test_the_page_of_a_published_version_is_kept_too(manager_client, hr, small_org, django_assert_num_queries, django_capture_on_commit_callbacks, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = reverse("jobs:position_detail", args=["MKT-01"])
    first = manager_client.get(url).content.decode()
    with django_assert_num_queries(6):  # session, user, permissions (2), the position, its stamp and the generation
        second = manager_client.get(url).content.decode()
    without_tokens = lambda page: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)  # noqa: E731
    assert without_tokens(second) == without_tokens(first) and "市场总监" in second and "市场部" in second
    assert reverse("admin:jobs_position_change", args=[small_org["director"].pk]) in hr.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        group = small_org["group"]
        group.name = "控股集团"  # named in the breadcrumbs of every position below it
        group.save()
    assert "控股集团" in manager_client.get(url).content.decode()


def test_the_position_list_is_kept_per_organisation_version(manager_client, small_org, settings, django_assert_num_queries, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 60
    url = reverse("jobs:position_list")
    assert "拓展专员" in manager_client.get(url).content.decode()
    with django_assert_num_queries(4):  # session, user, permissions (2); the organisation's version from the cache
        assert "拓展专员" in manager_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        specialist = Position.objects.get(code="EXP-01")
        specialist.title, specialist.status = "拓展主管", Position.Status.DRAFT
        specialist.save()
        publish_position(position=specialist, approver=None)
    assert "拓展主管" in manager_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_handbook_is_laid_out_by_several_processes(settings, caplog):
    """Processes of their own lay out the job descriptions (PostgreSQL: SQLite's test database lives in memory)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the processes need a database of their own connections: PostgreSQL (CI)")
    settings.DOCUMENT_PROCESSES = 2
    department = build_department(60)  # three chunks of job descriptions
    user = make_user("reader", group="Manager")
    job = start(kind="handbook.pdf", user=user, title="手册", arguments={"department": department.pk, "sub": False})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE, job.error
    assert "stopped" not in caplog.text  # the processes did the work, the worker did not have to
    assert KeptFile.objects.filter(kind="position.pdf").count() == 60
    reader = PdfReader(BytesIO(open(Path(settings.MEDIA_ROOT) / job.result_path, "rb").read()))
    assert len(reader.outline) >= 2 and "销售代表58" in reader.pages[0].extract_text() + "".join(
        page.extract_text() for page in reader.pages[1:4]
    )



def test_renaming_a_level_a_position_inherits_makes_its_kept_documents_stale(manager_client, hr_user, django_capture_on_commit_callbacks):
    from conftest import make_department, make_position
    from jobs.models import JobLevel, StandardPosition
    from jobs.services import base_on_standard, publish_standard

    with django_capture_on_commit_callbacks(execute=True):  # what the setting up makes stale, made stale now
        level = JobLevel.objects.create(code="L5", name="主管级", rank=50)
        standard = StandardPosition.objects.create(code="STD-SALES", title="销售代表", job_level=level)
        publish_standard(standard=standard, approver=hr_user)
        position = make_position(make_department("华东分公司", code="EAST"), "销售代表1", code="S-1")
        base_on_standard(positions=[position], standard=standard, user=hr_user)
        publish_position(position=Position.objects.get(pk=position.pk), approver=hr_user)
    url = reverse("jobs:position_docx", args=["S-1"])
    assert "主管级" in docx_text(manager_client.get(url).content)[1]
    with django_capture_on_commit_callbacks(execute=True):
        level.name = "高级主管级"
        level.save()
    assert "高级主管级" in docx_text(manager_client.get(url).content)[1]
