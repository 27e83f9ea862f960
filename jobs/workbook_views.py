"""Admin pages for the whole-organisation workbook: upload → preview → confirm, downloads.

The uploaded file is kept in a private temporary folder under a random name (never under
static or media, never under the name the user gave it) so that "confirm" imports exactly
the file that was previewed; the session remembers which token belongs to which user.
"""
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.importing import export_workbook, import_workbook, template_workbook
from jobs.importing.exporting import XLSX_CONTENT_TYPE, example_workbook
from jobs.importing.reading import max_upload_bytes
from jobs.word_import import UnreadableDocument, prepare, read_docx, save_drafts

SESSION_KEY = "workbook_uploads"
UPLOAD_LIFETIME_SECONDS = 24 * 3600
CONFIDENTIAL_PERMISSION = "jobs.view_confidential"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook file"), help_text=_("Excel (.xlsx), CSV, TSV or JSON."))
    encoding = forms.ChoiceField(
        label=_("Text encoding (CSV/TSV only)"),
        choices=[("auto", _("Detect automatically")), ("utf-8", "UTF-8"), ("gbk", _("GBK/GB18030 (Chinese Excel)"))],
        initial="auto",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit)d MB. Split it into smaller files.")
                % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024}
            )
        return upload


def upload_folder():
    folder = Path(getattr(settings, "IMPORT_TEMP_DIR", "") or Path(tempfile.gettempdir()) / "orgchart-imports")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stale = time.time() - UPLOAD_LIFETIME_SECONDS
    for leftover in folder.glob("*.upload"):
        if leftover.stat().st_mtime < stale:  # previewed but never confirmed
            leftover.unlink(missing_ok=True)
    return folder


def _stored_path(token):
    if not token or not token.isalnum():
        return None
    return upload_folder() / f"{token}.upload"


def _can_import(request):
    return all(
        request.user.has_perm(permission)
        for permission in ("jobs.add_position", "jobs.change_position", "departments.add_department", "departments.change_department")
    )


def import_view(request, model_admin):
    if not _can_import(request):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": _("Import the whole organisation")}
    uploads = request.session.get(SESSION_KEY, {})
    if request.method == "POST" and "confirm" in request.POST:
        token = request.POST.get("token", "")
        path = _stored_path(token)
        if token not in uploads or path is None or not path.exists():
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect("admin:jobs_position_import_workbook")
        upload = uploads[token]
        report = import_workbook(
            content=path.read_bytes(), filename=upload["name"], encoding=upload["encoding"],
            include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION), user=request.user,
        )
        if report.committed:
            path.unlink(missing_ok=True)
            uploads.pop(token)
            request.session[SESSION_KEY] = uploads
            messages.success(request, _("Import finished: ") + "；".join(report.summary_lines()))
            return redirect("admin:jobs_position_changelist")
        form = WorkbookUploadForm()
        context.update(form=form, report=report, token=None, filename=upload["name"])
        return TemplateResponse(request, "admin/jobs/workbook_import.html", context)
    if request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            report = import_workbook(
                content=content, filename=upload.name, encoding=form.cleaned_data["encoding"], dry_run=True,
                include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION),
            )
            token = None
            if report.ok:
                token = secrets.token_hex(16)
                _stored_path(token).write_bytes(content)
                uploads[token] = {"name": upload.name, "encoding": form.cleaned_data["encoding"]}
                request.session[SESSION_KEY] = uploads
            context.update(report=report, token=token, filename=upload.name)
    else:
        form = WorkbookUploadForm()
    context["form"] = form
    return TemplateResponse(request, "admin/jobs/workbook_import.html", context)


def _download(content, name):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def export_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    content = export_workbook(include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION))
    return _download(content, f"organisation-{timezone.localdate():%Y%m%d}.xlsx")


def template_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return _download(template_workbook(include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION)), "import-template.xlsx")


def example_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return _download(example_workbook(include_confidential=request.user.has_perm(CONFIDENTIAL_PERMISSION)), "import-example.xlsx")


def workbook_urls(model_admin):
    from django.urls import path

    wrap = model_admin.admin_site.admin_view
    return [
        path("workbook/import/", wrap(lambda request: import_view(request, model_admin)), name="jobs_position_import_workbook"),
        path("workbook/export/", wrap(lambda request: export_view(request, model_admin)), name="jobs_position_export_workbook"),
        path("workbook/template/", wrap(lambda request: template_view(request, model_admin)), name="jobs_position_workbook_template"),
        path("word/import/", wrap(lambda request: word_import_view(request, model_admin)), name="jobs_position_import_word"),
        path("workbook/example/", wrap(lambda request: example_view(request, model_admin)), name="jobs_position_workbook_example"),
    ]




class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        return [single(item, initial) for item in data] if isinstance(data, (list, tuple)) else [single(data, initial)]


class WordUploadForm(forms.Form):
    files = MultipleFileField(label=_("Job descriptions (.docx)"), help_text=_("You can choose several files at once."))

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = max_upload_bytes()
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(limit)d MB.") % {"name": upload.name, "limit": limit // 1024 // 1024}
                )
        return files


WORD_SESSION_KEY = "word_uploads"


def _read_word_files(stored):
    """[(name, bytes)] -> (drafts, [error message])."""
    drafts, errors = [], []
    for name, content in stored:
        try:
            drafts.extend(read_docx(content=content, source=name))
        except UnreadableDocument as error:
            errors.append(str(error))
    return prepare(drafts), errors


def word_import_view(request, model_admin):
    if not _can_import(request):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": _("Import job descriptions from Word")}
    uploads = request.session.get(WORD_SESSION_KEY, {})
    if request.method == "POST" and "confirm" in request.POST:
        token = request.POST.get("token", "")
        if token not in uploads:
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect("admin:jobs_position_import_word")
        stored = []
        for index, name in enumerate(uploads[token]):
            path = _stored_path(f"{token}w{index}")
            if path is None or not path.exists():
                messages.error(request, _("The uploaded file has expired. Please upload it again."))
                return redirect("admin:jobs_position_import_word")
            stored.append((name, path.read_bytes()))
        drafts, errors = _read_word_files(stored)
        saved = save_drafts(drafts=drafts)
        for index in range(len(stored)):
            _stored_path(f"{token}w{index}").unlink(missing_ok=True)
        uploads.pop(token)
        request.session[WORD_SESSION_KEY] = uploads
        messages.success(request, _("Saved %(count)d draft positions: %(titles)s") % {"count": len(saved), "titles": "、".join(p.title for p in saved)})
        return redirect("admin:jobs_position_changelist")
    if request.method == "POST":
        form = WordUploadForm(request.POST, request.FILES)
        if form.is_valid():
            stored = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            drafts, errors = _read_word_files(stored)
            token = None
            if any(not draft.errors for draft in drafts):
                token = secrets.token_hex(16)
                for index, (name, content) in enumerate(stored):
                    _stored_path(f"{token}w{index}").write_bytes(content)
                uploads[token] = [name for name, _content in stored]
                request.session[WORD_SESSION_KEY] = uploads
            context.update(drafts=drafts, file_errors=errors, token=token)
    else:
        form = WordUploadForm()
    context["form"] = form
    return TemplateResponse(request, "admin/jobs/word_import.html", context)
