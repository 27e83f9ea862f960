from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from departments.models import Department
from jobs.documents import handbook_context, job_description_context
from jobs.documents.context import handbook_positions
from jobs.documents.compare import compare_job_descriptions
from jobs.documents.pdf import PdfUnavailable, render_pdf
from jobs.documents.word import handbook_docx, job_description_docx
from jobs.forms import PositionFilterForm
from jobs.history import diff_snapshots, position_as_of, position_versions
from jobs.models import Position
from jobs.publication import Audience
from jobs.roles import CONFIDENTIAL_FIELDS, CONFIDENTIAL_PERMISSION
from jobs.services import publish_position, restore_position_version
from kernel.history import compare_versions
from kernel.shortcuts import get_by_code_or_404, not_found

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def pdf_or_explanation(request, template_name, context, filename):
    try:
        return download(render_pdf(template_name, context, request=request), "application/pdf", filename)
    except PdfUnavailable as error:
        return render(request, "jobs/pdf_unavailable.html", {"reason": str(error)}, status=503)


class PositionListView(PermissionRequiredMixin, ListView):
    permission_required = "jobs.view_position"
    paginate_by = 50
    template_name = "jobs/position_list.html"
    context_object_name = "positions"

    def get_queryset(self):
        self.audience = Audience(self.request.user)
        self.filter_form = PositionFilterForm(self.request.GET or None)
        positions = self.audience.visible(Position.objects.with_basics().order_by("tree_id", "lft"))
        return self.filter_form.filter(positions, self.audience)

    def paginate_queryset(self, queryset, page_size):
        """A search reads the matching ids once, in order, and pages over them: one pass over
        the search documents instead of two (the count, then the page)."""
        if not self.filter_form.search_text():
            return super().paginate_queryset(queryset, page_size)
        ids = list(queryset.values_list("pk", flat=True))
        paginator, page, _ids, is_paginated = super().paginate_queryset(ids, page_size)
        by_pk = queryset.model.objects.with_basics().in_bulk(page.object_list)
        page.object_list = [by_pk[pk] for pk in page.object_list]
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, querystring=query.urlencode())
        positions = self.audience.show(context["object_list"], related=("reports_to",))
        text = self.filter_form.search_text()
        if text:  # where the words were found, highlighted
            hits = self.audience.search_hits(positions, text)
            for position in positions:
                position.search_hits = hits.get(position.pk, [])
        context["positions"] = context["object_list"] = positions
        return context


def position_job_description(request, code):
    position = get_by_code_or_404(Position.objects.with_job_description(), code)
    return job_description_context(position, request.user, published=request.GET.get("version") == "published")


class PositionDetailView(PermissionRequiredMixin, DetailView):
    """The 岗位说明书 page."""

    permission_required = "jobs.view_position"

    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "position"
    template_name = "jobs/position_detail.html"

    def get_object(self, queryset=None):
        return get_by_code_or_404(queryset if queryset is not None else self.get_queryset(), self.kwargs["code"])

    def get_queryset(self):
        return Position.objects.with_job_description()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jd"] = job_description_context(
            self.object, self.request.user, published=self.request.GET.get("version") == "published"
        )
        return context


def position_document_name(jd, extension):
    """市场总监_EXP-01_岗位说明书.docx: title and code, as the issue asks."""
    return f"{jd['position'].title}_{jd['position'].code}_{_('Job description')}.{extension}"


def site_url(request):
    """https://hr.example.com: what the links in a download start with, so that they open the site."""
    return request.build_absolute_uri("/").rstrip("/")


def handbook_document_name(handbook, extension):
    department = handbook["department"]
    return f"{department.name}_{department.code}_{_('Department duties and job descriptions')}.{extension}"


@permission_required("jobs.view_position", raise_exception=True)
def position_docx(request, code):
    jd = position_job_description(request, code)
    return download(job_description_docx(jd, base_url=site_url(request)), DOCX_TYPE, position_document_name(jd, "docx"))


@permission_required("jobs.view_position", raise_exception=True)
def position_pdf(request, code):
    jd = position_job_description(request, code)
    return pdf_or_explanation(request, "jobs/job_description_print.html", {"jd": jd}, position_document_name(jd, "pdf"))


def department_handbook(request, code):
    department = get_by_code_or_404(Department, code)
    include_sub = request.GET.get("sub") == "1"
    return handbook_context(department, request.user, include_sub_departments=include_sub)


@permission_required("jobs.view_position", raise_exception=True)
def handbook_page(request, code):
    return render(request, "jobs/handbook.html", {"handbook": department_handbook(request, code)})


@permission_required("jobs.view_position", raise_exception=True)
def handbook_docx_download(request, code):
    handbook = department_handbook(request, code)
    return download(handbook_docx(handbook, base_url=site_url(request)), DOCX_TYPE, handbook_document_name(handbook, "docx"))


@permission_required("jobs.view_position", raise_exception=True)
def handbook_pdf_download(request, code):
    """The handbook as PDF, unless it is too large to lay out while the user waits.

    WeasyPrint needs about a quarter of a second per A4 page (a 200-position handbook,
    some 600 pages, takes 50 s): above ``HANDBOOK_PDF_MAX_POSITIONS`` the user gets a page
    that says so and offers the Word download and the sub-departments' handbooks instead.
    """
    department = get_by_code_or_404(Department, code)
    include_sub = request.GET.get("sub") == "1"
    positions = Audience(request.user).visible(handbook_positions(department, include_sub_departments=include_sub))
    count, limit = positions.count(), settings.HANDBOOK_PDF_MAX_POSITIONS
    if count > limit:
        context = {
            "department": department, "count": count, "limit": limit, "include_sub": include_sub,
            "sub_departments": department.get_children().filter(is_active=True),
        }
        return render(request, "jobs/handbook_too_large.html", context)
    handbook = department_handbook(request, code)
    return pdf_or_explanation(request, "jobs/handbook_print.html", {"handbook": handbook}, handbook_document_name(handbook, "pdf"))


@permission_required("jobs.view_position", raise_exception=True)
def compare_positions(request):
    """Two job descriptions side by side; each named by code (any case) or by a title only one
    position has. A name that finds nothing keeps the page, says so and answers 404."""
    audience = Audience(request.user)
    names = [request.GET.get("a", "").strip(), request.GET.get("b", "").strip()]
    context = {"a": names[0], "b": names[1]}
    if all(names):
        found = [audience.find(name) for name in names]
        missing = [name for name, position in zip(names, found) if position is None]
        if missing:
            context["missing"] = [_("No position has the code or title “%(name)s”.") % {"name": name} for name in missing]
            return render(request, "jobs/position_compare.html", context, status=404)
        positions = Position.objects.with_job_description().in_bulk([position.pk for position in found])
        left, right = (job_description_context(positions[position.pk], request.user) for position in found)
        context.update(a=left["position"].code, b=right["position"].code)
        context.update(left=left, right=right, sections=compare_job_descriptions(left, right))
    return render(request, "jobs/position_compare.html", context)


@gzip_page
@permission_required("jobs.view_position", raise_exception=True)
def position_picker_json(request):
    """Every position the user may see, for the pickers that search code, title and pinyin initials."""
    return JsonResponse({"positions": Audience(request.user).picker_rows()}, json_dumps_params={"ensure_ascii": False})


@permission_required("jobs.change_position", raise_exception=True)
def position_history(request, code):
    """Versions of a position (who, when, why) and the difference between any two of them."""
    position = get_by_code_or_404(Position.objects.with_job_description(), code)
    versions = position_versions(position)
    document_version = None
    for version in versions:  # the 岗位说明书's own version number at each entry
        records = [r for r in version["records"] if isinstance(r, Position.history.model)]
        document_version = records[-1].version if records else document_version
        version["document_version"] = document_version
    hidden = () if request.user.has_perm(CONFIDENTIAL_PERMISSION) else CONFIDENTIAL_FIELDS
    history = compare_versions(versions, request.GET, partial(position_as_of, position), partial(diff_snapshots, hidden=hidden))
    context = {"position": position, "show_document_version": True, **history}
    return render(request, "jobs/position_history.html", context)


@require_POST
@permission_required("jobs.change_position", raise_exception=True)
def position_restore(request, code):
    position = get_by_code_or_404(Position, code)
    try:
        number = int(request.POST.get("version", ""))
        restore_position_version(position=position, number=number, user=request.user)
    except ValueError:
        messages.error(request, _("There is no such version to restore."))
    else:
        messages.success(request, _("Version %(number)s restored.") % {"number": number})
    return redirect("jobs:position_history", code=code)


@require_POST
@permission_required("jobs.change_position", raise_exception=True)
def position_publish(request, code):
    position = get_by_code_or_404(Position, code)
    position = publish_position(position=position, approver=request.user)
    messages.success(request, _("Published as version %(version)s.") % {"version": position.version})
    return redirect(position.get_absolute_url())
