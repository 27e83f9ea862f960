"""Long work in the background: handbooks of any size, the whole-organisation export, large
imports, documents rendered again after a publication.

A page calls :func:`start`, which records a :class:`~kernel.models.BackgroundJob` (who, what, with
which arguments) and hands its id to Django's tasks framework (django-tasks: the database backend
by default, Redis/RQ in production). A worker process runs :func:`run_background_job`, which
calls the function registered for the job's kind with a :class:`Progress`: the function says how
many steps there are, advances step by step (each step also checks whether the user cancelled)
and saves its file through Django's storage API. The tasks framework has no notion of progress,
so everything a page shows — steps done, the error in words, the file — lives on the job row,
which any app server can read.

Finished files are kept ``TASK_FILES_DAYS`` days; each finished job removes the expired ones, and
kept documents no longer found (``kernel.keeping.prune_orphans``).
"""
import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from kernel import keeping
from kernel.models import BackgroundJob

logger = logging.getLogger(__name__)

HANDLERS = {}
PROGRESS_INTERVAL = 0.5  # seconds between two writes of the progress to the database


def background_work(kind):
    """Register the function that does the work of jobs of ``kind``: ``function(job, progress)``.

    It returns nothing; it reports through ``progress`` and saves its file with
    ``progress.save_file``. An exception fails the job: ``UserFacingError`` (and Django's
    ``ValidationError``) with its own message, anything else with a general one and the
    traceback in the worker's log.
    """

    def register(function):
        HANDLERS[kind] = function
        return function

    return register


class Cancelled(Exception):
    """The user cancelled the job; raised by ``Progress.advance`` between two steps."""


class UserFacingError(Exception):
    """A failure whose message is written for the user (it is shown on the task page as it is)."""


class Progress:
    """What a running job reports: ``start(total)``, ``advance()`` after each step, a file."""

    def __init__(self, job):
        self.job = job
        self._written = 0.0

    def start(self, total, label=""):
        self.job.steps_total, self.job.steps_done, self.job.step_label = total, 0, label[:300]
        self._write(force=True)

    def advance(self, steps=1, label=None):
        """Count ``steps`` more as done; raises :class:`Cancelled` once the user asked to cancel."""
        self.job.steps_done += steps
        if label is not None:
            self.job.step_label = label[:300]
        self._write()

    def check_cancelled(self):
        if BackgroundJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Cancelled

    def _write(self, *, force=False):
        now = time.monotonic()
        if not force and now - self._written < PROGRESS_INTERVAL:
            return
        self._written = now
        BackgroundJob.objects.filter(pk=self.job.pk).update(
            steps_done=self.job.steps_done, steps_total=self.job.steps_total, step_label=self.job.step_label
        )
        self.check_cancelled()

    def save_file(self, name, content, content_type):
        """Keep ``content`` (bytes) as the job's result, downloaded under ``name``."""
        safe = get_valid_filename(name.encode("ascii", "ignore").decode() or "file") or "file"
        path = default_storage.save(f"tasks/{self.job.pk}-{secrets.token_hex(8)}/{safe}", ContentFile(content))
        self.job.result_path, self.job.result_name, self.job.result_type = path, name[:300], content_type[:200]

    def finish(self, summary="", url=""):
        """A result without a file: a sentence (and a page to go to), e.g. after an import."""
        self.job.summary, self.job.result_url = summary, url[:500]


def _enqueues_with_the_transaction(backend):
    """The database backend queues in the same transaction as the job row (both or neither);
    the immediate backend runs the task at once. Any other (RQ) must wait for the commit, or its
    worker could look for a job row that is not there yet."""
    return isinstance(backend, (DatabaseBackend, ImmediateBackend))


def start(*, kind, user, title, arguments=None):
    """Record a job of ``kind`` for ``user`` and queue it; return the job."""
    if kind not in HANDLERS:
        raise ValueError(f"no background work registered for {kind!r}")
    job = BackgroundJob.objects.create(
        kind=kind, user=user, title=str(title)[:300], arguments=arguments or {}, language=translation.get_language() or "",
    )

    def enqueue():
        result = run_background_job.enqueue(job.pk)
        BackgroundJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:100])

    if _enqueues_with_the_transaction(run_background_job.get_backend()):
        enqueue()
    else:
        transaction.on_commit(enqueue)
    return job


def cancel(job):
    """Ask ``job`` to stop: a waiting job is cancelled at once, a running one at its next step."""
    BackgroundJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.WAITING).update(
        status=BackgroundJob.Status.CANCELLED, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def _describe(error):
    if isinstance(error, UserFacingError):
        return str(error)
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return _("An unexpected error stopped the task (%(error)s). The technical details are in the worker's log.") % {
        "error": f"{type(error).__name__}: {error}"[:500]
    }


@task()
def run_background_job(job_id):
    """Run the job ``job_id`` (a :class:`BackgroundJob` row) in a worker; its outcome is on the row."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.WAITING, cancel_requested=False).update(
        status=BackgroundJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # cancelled before it started, or run already
        return None
    job = BackgroundJob.objects.get(pk=job_id)
    progress = Progress(job)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            HANDLERS[job.kind](job, progress)
        except Cancelled:
            job.status = BackgroundJob.Status.CANCELLED
        except Exception as error:  # noqa: BLE001 - every failure is recorded for the user
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            job.status, job.error = BackgroundJob.Status.FAILED, _describe(error)
        else:
            job.status = BackgroundJob.Status.DONE
            job.steps_done = job.steps_total
    if job.status != BackgroundJob.Status.DONE and job.result_path:
        default_storage.delete(job.result_path)
        job.result_path = ""
    job.finished_at = timezone.now()
    job.save(update_fields=[
        "status", "error", "steps_done", "steps_total", "step_label", "result_path", "result_name", "result_type",
        "summary", "result_url", "finished_at",
    ])
    prune_expired()
    keeping.prune_orphans()
    return job.status


def prune_expired(now=None):
    """Delete finished jobs older than ``TASK_FILES_DAYS`` days, and their files. Returns how many."""
    limit = (now or timezone.now()) - timedelta(days=settings.TASK_FILES_DAYS)
    expired = list(BackgroundJob.objects.filter(finished_at__lt=limit).values_list("pk", "result_path"))
    for _pk, path in expired:
        if path:
            default_storage.delete(path)
    BackgroundJob.objects.filter(pk__in=[pk for pk, _path in expired]).delete()
    return len(expired)
