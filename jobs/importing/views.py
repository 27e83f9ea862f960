"""Admin pages of the import: upload → preview (with the column mapping) → confirm, and the downloads.

One flow for every kind of file — workbooks, CSV, Word job descriptions, several at once. The
uploaded files wait in the database (``kernel.stash``) under a random token that belongs to the
uploading user, so "confirm" imports exactly the files that were previewed, on whichever app
server answers. Between preview and confirmation the user may change where each column goes;
the preview runs again with the new choices, and the choices can be saved under a name.
"""
import pickle

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from jobs.importing import import_files, template_workbook
from jobs.importing.exporting import XLSX_CONTENT_TYPE, example_workbook
from jobs.importing.mapping import SKIP, targets
from jobs.importing.reading import max_upload_bytes
from jobs.importing.service import map_files, refused_files
from jobs.models import ImportMapping
from jobs.roles import CONFIDENTIAL_PERMISSION
from kernel import background, stash
from kernel.models import BackgroundJob
from kernel.shortcuts import get_by_code_or_404
from kernel.wording import clauses

SKIP_CHOICE = "__skip__"
IMPORT_PERMISSIONS = ("jobs.add_position", "jobs.change_position", "departments.add_department", "departments.change_department")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        return [single(item, initial) for item in data] if isinstance(data, (list, tuple)) else [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Excel (.xlsx, .xls), WPS (.et), CSV, TSV, JSON, or job descriptions in Word (.docx, .doc) and WPS (.wps); "
            "you can choose several files at once."
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding (CSV/TSV only)"),
        choices=[("auto", _("Detect automatically")), ("utf-8", "UTF-8"), ("gbk", _("GBK/GB18030 (Chinese Excel)"))],
        initial="auto",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = max_upload_bytes()
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is %(size).1f MB; the limit is %(limit)d MB. Split it into smaller files.")
                    % {"name": upload.name, "size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024}
                )
        return files


def can_import(user):
    return all(user.has_perm(permission) for permission in IMPORT_PERMISSIONS)


def _run(request, files, options, *, dry_run):
    return import_files(
        files=files, encoding=options.get("encoding", "auto"), dry_run=dry_run, user=request.user,
        mapping=options.get("mapping") or None, saved_mappings=list(ImportMapping.objects.all()),
        include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION),
    )


def _posted_mapping(request, mappings):
    """{sheet name: {column key: target id or SKIP}} from the preview's select boxes."""
    chosen = {}
    for sheet_index, mapping in enumerate(mappings):
        for choice in mapping.columns:
            value = request.POST.get(f"map-{sheet_index}-{choice.index}", "")
            if value == SKIP_CHOICE:
                chosen.setdefault(mapping.name, {})[choice.key] = SKIP
            elif value:
                chosen.setdefault(mapping.name, {})[choice.key] = value
    return chosen


def _mapping_tables(report):
    """What the preview's mapping section shows: per sheet, each column with its destination."""
    tables = []
    for sheet_index, mapping in enumerate(report.mappings):
        options = [(target.id, target.label) for target in targets(mapping.spec).values()]
        columns = []
        for choice in mapping.columns:
            selected = SKIP_CHOICE if choice.skipped else (choice.target.id if choice.target else "")
            columns.append({
                "field": f"map-{sheet_index}-{choice.index}", "header": choice.header or _("(no header)"),
                "number": choice.index + 1, "samples": choice.samples, "selected": selected, "how": choice.how_label,
                "note": choice.note, "unmatched": choice.unmatched,
            })
        tables.append({
            "name": mapping.name, "kind": mapping.spec.title, "found_by": mapping.found_by, "saved_mapping": mapping.saved_mapping,
            "header_row": mapping.header_row, "columns": columns, "options": options,
        })
    return tables


def import_view(request, model_admin):
    if not can_import(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": _("Import the organisation"),
        "skip_choice": SKIP_CHOICE,
    }
    form = ImportUploadForm()
    if request.method == "POST" and "token" in request.POST:
        kept = stash.fetch(user=request.user, token=request.POST["token"])
        if kept is None:
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect(request.path)
        options = dict(kept.options)
        if "confirm" in request.POST and _runs_in_background(kept):
            job = background.start(
                kind="organisation.import", user=request.user, arguments={"token": kept.token},
                title=_("Import of %(files)s") % {"files": "、".join(name for name, _content in kept.files)},
            )
            return redirect("task_detail", pk=job.pk)
        if "confirm" in request.POST:
            report = _run(request, kept.files, options, dry_run=False)
            if report.committed:
                _save_mapping(request, report, options.get("save_as"))
                stash.discard(user=request.user, token=kept.token)
                messages.success(request, _("Import finished: ") + clauses(report.summary_lines()))
                return redirect("admin:jobs_position_changelist")
        else:  # the user changed the mapping: preview again with the new choices
            shown = map_files(
                files=kept.files, encoding=options.get("encoding", "auto"), mapping=options.get("mapping") or None,
                saved_mappings=list(ImportMapping.objects.all()),
            )
            options["mapping"] = _posted_mapping(request, shown)
            options["save_as"] = request.POST.get("save_as", "").strip()[:100]
            stash.update_options(user=request.user, token=kept.token, options=options)
            if _runs_in_background(kept):
                return _preview_in_background(request, kept)
            report = _run(request, kept.files, options, dry_run=True)
        context.update(report=report, token=kept.token, filenames=[name for name, _content in kept.files], save_as=options.get("save_as", ""))
    elif request.method == "GET" and request.GET.get("preview") and request.GET.get("token"):
        kept = stash.fetch(user=request.user, token=request.GET["token"])
        report = _kept_preview(request, request.GET["preview"]) if kept is not None and request.GET["preview"].isdigit() else None
        if report is None:
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect(request.path)
        context.update(report=report, token=kept.token, filenames=[name for name, _content in kept.files],
                       save_as=kept.options.get("save_as", ""))
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            options = {"encoding": form.cleaned_data["encoding"]}
            refused = refused_files(files)
            if refused.problems:  # a hostile or damaged file: refused at once, never kept
                context.update(report=refused, token=None, filenames=[name for name, _content in files])
                context["mapping_tables"] = []
                context["form"] = form
                return TemplateResponse(request, "admin/jobs/import.html", context)
            token = stash.stash(user=request.user, files=files, options=options)
            kept = stash.Stash(token, files, options)
            if _runs_in_background(kept):
                return _preview_in_background(request, kept)
            report = _run(request, files, options, dry_run=True)
            context.update(report=report, token=token, filenames=[name for name, _content in files])
    if "report" in context:
        context["mapping_tables"] = _mapping_tables(context["report"])
    context["form"] = form
    return TemplateResponse(request, "admin/jobs/import.html", context)


def _preview_in_background(request, kept):
    """Check a large upload in a worker (``jobs.tasks.preview_import``); the task page follows it
    and links back here, where ``?preview=`` shows the report it kept."""
    job = background.start(
        kind="organisation.preview", user=request.user, arguments={"token": kept.token},
        title=_("Preview of %(files)s") % {"files": "、".join(name for name, _content in kept.files)},
    )
    return redirect("task_detail", pk=job.pk)


def _kept_preview(request, job_pk):
    """The report a finished preview task of this user kept, or None. Only a job of the user and
    of that kind is read: the file was written by the worker, never uploaded."""
    job = BackgroundJob.objects.filter(
        pk=job_pk, user=request.user, kind="organisation.preview", status=BackgroundJob.Status.DONE,
    ).exclude(result_path="").first()
    if job is None:
        return None
    with default_storage.open(job.result_path, "rb") as handle:
        return pickle.loads(handle.read())  # noqa: S301 - our own worker's output, from our own storage


def _runs_in_background(kept):
    """A large import is confirmed by a worker, with a progress bar (``jobs.tasks.import_organisation``)."""
    return sum(len(content) for _name, content in kept.files) > settings.IMPORT_BACKGROUND_KB * 1024


def _save_mapping(request, report, name):
    if not name or not report.mappings:
        return
    sheets = {mapping.spec.key: mapping.choices() for mapping in report.mappings}
    ImportMapping.objects.update_or_create(name=name, defaults={"sheets": sheets, "created_by": request.user})


def _download(content, name):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def export_view(request, model_admin):
    """The whole organisation as a workbook, written by a worker (``jobs.tasks.export_organisation``):
    the user follows it on the task page and downloads it from there."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    company = get_by_code_or_404(Department.objects.companies(), request.GET["company"]) if request.GET.get("company") else None
    title = _("Export of %(company)s") % {"company": company.name} if company else _("Export of the whole organisation")
    job = background.start(
        kind="organisation.export", user=request.user, title=title, arguments={"company": company.code if company else None},
    )
    return redirect("task_detail", pk=job.pk)


def template_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return _download(template_workbook(include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION)), f"{_('Import template')}.xlsx")


def example_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return _download(example_workbook(include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION)), f"{_('Import example')}.xlsx")


def import_urls(model_admin):
    wrap = model_admin.admin_site.admin_view
    page = wrap(lambda request: import_view(request, model_admin))
    return [
        path("workbook/import/", page, name="jobs_position_import_workbook"),
        path("word/import/", page, name="jobs_position_import_word"),  # the same page: it takes Word files too
        path("workbook/export/", wrap(lambda request: export_view(request, model_admin)), name="jobs_position_export_workbook"),
        path("workbook/template/", wrap(lambda request: template_view(request, model_admin)), name="jobs_position_workbook_template"),
        path("workbook/example/", wrap(lambda request: example_view(request, model_admin)), name="jobs_position_workbook_example"),
    ]
