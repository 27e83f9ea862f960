"""Pages of the background tasks: 我的任务 (the user's own tasks), one task's page with its
progress bar, its download, its error in words and the cancel button.

Each user sees only the tasks he or she started; another user's task answers 404, as a task
that does not exist. The page asks ``task_status`` for the progress once a second (``site.js``)
and reloads itself when the task is finished; without scripts it refreshes itself.
"""
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kernel.background import cancel
from kernel.models import BackgroundJob


def own_job(request, pk):
    job = BackgroundJob.objects.filter(pk=pk, user=request.user).select_related("user").first()
    if job is None:
        raise Http404(_("There is no such task."))
    return job


def status_of(job):
    return {
        "status": job.status, "status_label": job.get_status_display(), "finished": job.is_finished,
        "steps_done": job.steps_done, "steps_total": job.steps_total, "percent": job.percent, "step": job.step_label,
    }


def my_tasks(request):
    jobs = BackgroundJob.objects.filter(user=request.user).select_related("user")[:100]
    return render(request, "orgchart/backgroundjob_list.html", {"jobs": jobs, "task_files_days": settings.TASK_FILES_DAYS})


def task_detail(request, pk):
    job = own_job(request, pk)
    return render(request, "orgchart/backgroundjob_detail.html", {"job": job, "status": status_of(job)})


def task_status(request, pk):
    return JsonResponse(status_of(own_job(request, pk)), json_dumps_params={"ensure_ascii": False})


def task_download(request, pk):
    job = own_job(request, pk)
    if job.status != BackgroundJob.Status.DONE or not job.offers_download or not default_storage.exists(job.result_path):
        raise Http404(_("This task has no file to download (any more)."))
    return FileResponse(
        default_storage.open(job.result_path, "rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )


@require_POST
def task_cancel(request, pk):
    cancel(own_job(request, pk))
    return redirect("task_detail", pk=pk)
