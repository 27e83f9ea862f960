"""我的任务 and the task page: who started it, steps done of total, the file, the error in words,
cancel — each user sees only his or her own tasks."""
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from kernel.background import Progress
from kernel.models import BackgroundJob


@pytest.fixture
def queued(settings):
    """Tasks are queued for the database worker and wait: the pages show them as a user would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def make_job(user, **fields):
    fields.setdefault("title", "销售部：部门职责与岗位说明书（PDF）")
    return BackgroundJob.objects.create(kind="handbook.pdf", user=user, **fields)


def test_the_task_page_shows_who_started_it_and_its_progress(manager_client, manager_user, django_assert_num_queries):
    job = make_job(manager_user, status=BackgroundJob.Status.RUNNING, steps_done=120, steps_total=400, step_label="已排版：销售代表7")
    with django_assert_num_queries(5):  # session, user, the task with its user, the menu's permissions (2)
        page = manager_client.get(reverse("task_detail", args=[job.pk]))
    html = page.content.decode()
    assert "manager" in html and "进行中" in html and 'value="30"' in html and "已完成 120 / 400 步" in html
    assert "已排版：销售代表7" in html and reverse("task_cancel", args=[job.pk]) in html
    assert f'data-task-status="{reverse("task_status", args=[job.pk])}"' in html
    with django_assert_num_queries(3):  # session, user, the task
        status = manager_client.get(reverse("task_status", args=[job.pk])).json()
    assert status == {
        "status": "running", "status_label": "进行中", "finished": False, "steps_done": 120, "steps_total": 400,
        "percent": 30, "step": "已排版：销售代表7",
    }


def test_a_finished_task_offers_its_file_and_a_failed_one_says_why(manager_client, manager_user):
    done = make_job(manager_user, steps_total=3)
    Progress(done).save_file("销售部_手册.pdf", b"%PDF-1.7 test", "application/pdf")
    done.status, done.finished_at = BackgroundJob.Status.DONE, timezone.now()
    done.save()
    html = manager_client.get(reverse("task_detail", args=[done.pk])).content.decode()
    assert reverse("task_download", args=[done.pk]) in html and "销售部_手册.pdf" in html
    download = manager_client.get(reverse("task_download", args=[done.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"
    assert "attachment" in download["Content-Disposition"] and download["Content-Type"] == "application/pdf"
    failed = make_job(manager_user, status=BackgroundJob.Status.FAILED, error="任务开始后，该部门已被删除。")
    html = manager_client.get(reverse("task_detail", args=[failed.pk])).content.decode()
    assert "任务失败：" in html and "该部门已被删除" in html and reverse("task_cancel", args=[failed.pk]) not in html
    assert manager_client.get(reverse("task_download", args=[failed.pk])).status_code == 404


def test_another_users_task_is_not_found(manager_user, small_org):
    job = make_job(manager_user)
    other = Client()
    other.force_login(make_user("other", group="Manager"))
    for name in ("task_detail", "task_status", "task_download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert other.post(reverse("task_cancel", args=[job.pk])).status_code == 404
    assert job.title not in other.get(reverse("my_tasks")).content.decode()


def test_cancel_stops_a_waiting_task_at_once(manager_client, manager_user, queued):
    job = make_job(manager_user)
    response = manager_client.post(reverse("task_cancel", args=[job.pk]))
    assert response.url == reverse("task_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.CANCELLED and job.cancel_requested
    assert "任务已取消" in manager_client.get(response.url).content.decode()
    assert manager_client.get(reverse("task_cancel", args=[job.pk])).status_code == 405


@pytest.mark.parametrize("count", [2, 20])
def test_my_tasks_lists_the_users_tasks_in_a_fixed_number_of_queries(manager_client, manager_user, django_assert_num_queries, count):
    for index in range(count):
        make_job(manager_user, title=f"任务{index}", status=BackgroundJob.Status.DONE, result_path=f"tasks/{index}.pdf")
    with django_assert_num_queries(5):  # session, user, the tasks, the menu's permissions (2)
        page = manager_client.get(reverse("my_tasks"))
    html = page.content.decode()
    assert all(f"任务{index}" in html for index in range(count))
    assert "保留 7 天" in html and "我的任务" in html


def test_the_menu_links_to_my_tasks(manager_client, small_org):
    assert reverse("my_tasks") in manager_client.get(reverse("home")).content.decode()


def test_a_second_click_while_the_handbook_is_made_opens_the_same_task(manager_client, manager_user, queued, small_org, settings):
    settings.HANDBOOK_INLINE_RENDERS = 0
    url = reverse("jobs:handbook_pdf", args=["G-MKT"])
    first = manager_client.get(url)
    assert manager_client.get(url).url == first.url
    assert BackgroundJob.objects.count() == 1
