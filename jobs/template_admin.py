"""The admin of company document templates (文档模板): upload with the check of
``jobs.documents.company_template``, a preview with a real position, the built-in layout as a
template and the placeholder reference to start from. Registered by ``jobs.admin``."""
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from jobs.documents.company_template import MB, TemplateRefused, check_template, company_docx
from jobs.documents.context import job_description_context
from jobs.documents.template_export import default_template, example_position_context, placeholder_reference
from jobs.models import DocumentTemplate, Position
from jobs.publication import Audience

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PREVIEW_CHOICES = 200  # positions offered in the preview's list; any other by its code


def docx_download(content, filename):
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class _Download:
    """The kept file as ClearableFileInput shows it: its name, linked to the admin's download (the
    files are not served from MEDIA_URL: templates are HR's, not public)."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class TemplateFileInput(forms.ClearableFileInput):
    download_url = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.download_url and context["widget"]["is_initial"]:
            context["widget"]["value"] = _Download(str(value).rsplit("/", 1)[-1], self.download_url)
        return context


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ("name", "file", "is_default", "department")
        widgets = {"file": TemplateFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.download_url = reverse("admin:jobs_documenttemplate_file", args=[self.instance.pk])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        limit = int(settings.DOCUMENT_TEMPLATE_MAX_MB)
        if upload.size > limit * MB:  # refused before it is read
            raise forms.ValidationError(_("The file is larger than %(limit)d MB (DOCUMENT_TEMPLATE_MAX_MB).") % {"limit": limit})
        content = upload.read()
        try:
            check_template(content)
        except TemplateRefused as error:
            raise forms.ValidationError(str(error)) from error
        self.content = content
        return upload


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ("name", "is_default", "department", "uploaded_by", "uploaded_at")
    list_select_related = ("department", "uploaded_by")
    readonly_fields = ("uploaded_by", "uploaded_at")
    autocomplete_fields = ("department",)
    change_list_template = "admin/jobs/documenttemplate/change_list.html"
    change_form_template = "admin/jobs/documenttemplate/change_form.html"

    def save_model(self, request, obj, form, change):
        content = getattr(form, "content", None)
        if content is not None:
            obj.digest = DocumentTemplate.digest_of(content)
            obj.file = ContentFile(content, name=f"{obj.digest[:16]}.docx")
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, _("The template “%(name)s” was saved. Preview it with a position.") % {"name": obj.name})
        return redirect("admin:jobs_documenttemplate_preview", obj.pk)

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST or "_saveasnew" in request.POST:
            return super().response_change(request, obj)
        messages.success(request, _("The template “%(name)s” was saved. Preview it with a position.") % {"name": obj.name})
        return redirect("admin:jobs_documenttemplate_preview", obj.pk)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("built-in/", view(self.export_default), name="jobs_documenttemplate_export_default"),
            path("placeholders/", view(self.reference), name="jobs_documenttemplate_reference"),
            path("<int:pk>/preview/", view(self.preview), name="jobs_documenttemplate_preview"),
            path("<int:pk>/file/", view(self.template_file), name="jobs_documenttemplate_file"),
            *super().get_urls(),
        ]

    def _require_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def export_default(self, request):
        """The built-in layout written with placeholders: where a company template starts."""
        self._require_view(request)
        return docx_download(default_template(), _("built-in layout template") + ".docx")

    def template_file(self, request, pk):
        """The template's file as HR uploaded it."""
        self._require_view(request)
        template = get_object_or_404(DocumentTemplate, pk=pk)
        return docx_download(template.content(), f"{template.name}.docx")

    def reference(self, request):
        """Every placeholder with its meaning and a real position's value, as this user sees it."""
        self._require_view(request)
        example, name = example_position_context(request.user)
        return docx_download(placeholder_reference(example, position_name=name), _("placeholders") + ".docx")

    def preview(self, request, pk):
        """The template filled with a position HR chooses (as HR sees it), as .docx."""
        self._require_view(request)
        template = get_object_or_404(DocumentTemplate.objects.select_related("department"), pk=pk)
        audience = Audience(request.user)
        positions = audience.visible(Position.objects.order_by("tree_id", "lft"))
        if template.department is not None:
            positions = positions.filter(department__in=template.department.get_descendants(include_self=True))
        code = request.GET.get("position", "").strip()
        error = None
        if code:
            position = Position.objects.with_job_description().filter(code__iexact=code).first()
            if position is None or not audience.visible(Position.objects.filter(pk=position.pk)).exists():
                error = _("No position has the code “%(code)s”.") % {"code": code}
            else:
                jd = job_description_context(position, request.user)
                name = f"{template.name}_{jd['position'].code}_{_('preview')}.docx"
                return docx_download(company_docx(jd, template), name)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview of “%(name)s”") % {"name": template.name},
            "opts": self.model._meta, "original": template, "error": error, "code": code,
            "positions": list(positions.values_list("code", "title")[:PREVIEW_CHOICES]),
            "change_url": reverse("admin:jobs_documenttemplate_change", args=[template.pk]),
        }
        return TemplateResponse(request, "admin/jobs/documenttemplate/preview.html", context)

