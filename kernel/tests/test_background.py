"""Background jobs run through Django's tasks framework: the immediate backend (the test
settings), the database backend with its real worker (``db_worker --batch``) and RQ with a real
burst worker against Redis (DB 5 of 127.0.0.1:6379)."""
import os
import signal

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from kernel import background
from kernel.background import UserFacingError, background_work, cancel, prune_expired, start
from kernel.models import BackgroundJob

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@background_work("test.count")
def count_steps(job, progress):
    """Counts to ``steps``; cancels itself at ``cancel_at`` as a user would; fails when asked."""
    steps = job.arguments["steps"]
    progress.start(steps, "counting")
    for number in range(1, steps + 1):
        if number == job.arguments.get("cancel_at"):
            cancel(job)
        progress.advance(label=f"step {number}")
    if job.arguments.get("fail"):
        raise UserFacingError("三号文件无法读取")
    if job.arguments.get("crash"):
        raise KeyError("missing")
    progress.save_file("结果 result.txt", f"counted {steps}".encode(), "text/plain")


def test_a_job_reports_its_steps_and_keeps_its_file(db):
    user = make_user("hr")
    job = start(kind="test.count", user=user, title="数一数", arguments={"steps": 5})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert (job.steps_done, job.steps_total, job.percent) == (5, 5, 100)
    assert job.result_name == "结果 result.txt"
    assert default_storage.open(job.result_path).read() == b"counted 5"
    assert job.task_id and job.finished_at and job.language == "zh-hans"


def test_a_failed_job_keeps_the_error_in_words(db):
    job = start(kind="test.count", user=make_user("hr"), title="x", arguments={"steps": 2, "fail": True})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert job.error == "三号文件无法读取"
    assert not job.result_path


def test_an_unexpected_error_is_named_and_the_details_go_to_the_log(db, caplog):
    job = start(kind="test.count", user=make_user("hr"), title="x", arguments={"steps": 1, "crash": True})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert "KeyError" in job.error and "日志" in job.error
    assert "Traceback" in caplog.text


def test_cancelling_stops_a_running_job_at_its_next_step(db, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 0)
    job = start(kind="test.count", user=make_user("hr"), title="x", arguments={"steps": 10, "cancel_at": 3})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.CANCELLED
    assert job.steps_done == 3
    assert not job.result_path


def test_a_waiting_job_cancelled_never_runs(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start(kind="test.count", user=make_user("hr"), title="x", arguments={"steps": 1})
    cancel(job)
    assert job.status == BackgroundJob.Status.CANCELLED
    background.run_background_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.CANCELLED and not job.result_path


def test_finished_jobs_and_their_files_expire_after_the_configured_days(db, settings):
    settings.TASK_FILES_DAYS = 3
    user = make_user("hr")
    old = start(kind="test.count", user=user, title="old", arguments={"steps": 1})
    new = start(kind="test.count", user=user, title="new", arguments={"steps": 1})
    old.refresh_from_db()
    BackgroundJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timezone.timedelta(days=4))
    assert prune_expired() == 1
    assert not default_storage.exists(old.result_path)
    assert list(BackgroundJob.objects.values_list("title", flat=True)) == ["new"]
    assert new.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_backend_queues_the_job_and_db_worker_runs_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    job = start(kind="test.count", user=make_user("hr"), title="x", arguments={"steps": 3})
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.WAITING
    assert DBTaskResult.objects.filter(id=job.task_id).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert default_storage.open(job.result_path).read() == b"counted 3"
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_rq_backend_queues_the_job_in_redis_and_a_burst_worker_runs_it(settings):
    import django_rq
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()
    job = start(kind="test.count", user=make_user("hr"), title="x", arguments={"steps": 4})  # queued at commit
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.WAITING and queue.count == 1
    worker = django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert worker.work(burst=True)
    finally:  # the worker leaves its own handlers installed: the test run keeps pytest's
        for number, handler in handlers.items():
            signal.signal(number, handler)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert default_storage.open(job.result_path).read() == b"counted 4"
    assert queue.count == 0
