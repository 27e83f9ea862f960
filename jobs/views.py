from functools import partial

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from departments.models import Department
from jobs.documents import handbook as handbook_pdf
from jobs.documents import handbook_context, job_description_context
from jobs.documents.context import handbook_positions
from jobs.documents.compare import compare_job_descriptions
from jobs.documents.company_template import (
    builtin_pdf_notice, handbook_layout, job_description_docx_in, job_description_pdf_in, pdf_layout, pdf_notice_for,
    template_for_department,
)
from jobs.documents.kept import KEY_FIELDS, POSITION_DOCX, POSITION_PDF, layout_identity, position_variant
from jobs.documents.pdf import PdfUnavailable
from jobs.documents.word import handbook_docx
from jobs.forms import PositionFilterForm
from jobs.history import diff_snapshots, history_entries, position_as_of, version_name
from jobs.models import Position, PositionReview, StandardPosition
from jobs.publication import Audience
from jobs.reviews import display_name, may_publish, may_review, may_review_standards
from jobs.roles import CONFIDENTIAL_FIELDS, CONFIDENTIAL_PERMISSION, EDIT_PERMISSION
from jobs.services import publish_position, restore_position_version
from jobs.standards import Lookups, content_of, standard_diff, standard_text
from jobs.models.standards import SECTION_CHOICES
from kernel import keeping, versions
from kernel.background import start
from kernel.history import compare_versions
from kernel.models import BackgroundJob
from kernel.office import ConversionFailed
from kernel.shortcuts import get_by_code_or_404
from kernel.wording import listing

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def pdf_unavailable(request, error):
    return render(request, "jobs/pdf_unavailable.html", {"reason": str(error)}, status=503)


class PositionListView(PermissionRequiredMixin, ListView):
    """The position list. Its content (search, filters, the page of positions) is kept in the cache
    per organisation version, reader, language and query: any change to the organisation makes a
    new version, so an unchanged list is a cache read."""

    permission_required = "jobs.view_position"
    paginate_by = 50
    template_name = "jobs/position_list.html"
    context_object_name = "positions"

    def get(self, request, *args, **kwargs):
        published = Audience(request.user).published_only
        key = "position-list:" + hashlib.sha256(":".join((
            str(versions.current(versions.ORGANISATION)), str(published), get_language(), request.GET.urlencode(),
        )).encode()).hexdigest()
        html = cache.get(key) if settings.PAGE_CACHE_SECONDS else None
        if html is None:
            self.object_list = self.get_queryset()
            html = render_to_string("jobs/includes/position_list_content.html", self.get_context_data(), request=request)
            cache.set(key, html, settings.PAGE_CACHE_SECONDS)
        return render(request, self.template_name, {"list_html": mark_safe(html)})

    def get_queryset(self):
        self.audience = Audience(self.request.user)
        self.filter_form = PositionFilterForm(self.request.GET or None, published_only=self.audience.published_only)
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


def standard_note(position, user):
    """For HR: the standard position ``position`` is based on, and which sections come from it (one
    query when it has one and it is not selected); None for a reader of published versions or a
    position with no standard."""
    if not user.has_perm(EDIT_PERMISSION) or not position.standard_id:
        return None
    labels = dict(SECTION_CHOICES)
    own = set(position.own_sections or ())
    return {
        "standard": position.standard,
        "inherited": listing(label for key, label in labels.items() if key not in own),
        "own": listing(label for key, label in labels.items() if key in own),
    }


def position_job_description(request, code):
    position = get_by_code_or_404(Position.objects.with_job_description(), code)
    return job_description_context(position, request.user, published=request.GET.get("version") == "published")


class PositionDetailView(PermissionRequiredMixin, DetailView):
    """The 岗位说明书 page.

    The document part and the breadcrumbs of a version that may be kept (``jobs.documents.kept``:
    published, as the reader sees it) are rendered once and kept in the cache under the same key as
    its PDF, with the position's stamp: the page of an unchanged published job description is a
    cache read and a few small queries. HR's drafts are rendered every time."""

    permission_required = "jobs.view_position"

    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "position"
    template_name = "jobs/position_detail.html"

    def get(self, request, *args, **kwargs):
        published = request.GET.get("version") == "published"
        light = get_by_code_or_404(Position.objects.only(*KEY_FIELDS, "standard_id", "own_sections"), kwargs["code"])
        audience = Audience(request.user, published=published)
        generation, stamp = keeping.generation_and_stamp("position", light.pk)
        variant = position_variant(light, audience, generation=generation)
        if variant is None:
            return super().get(request, *args, **kwargs)
        key = "jd-page:" + hashlib.sha256(f"{light.pk}:{variant}:{stamp}".encode()).hexdigest()
        kept = cache.get(key) if settings.PAGE_CACHE_SECONDS else None
        if kept is None:
            self.object = self.get_object()
            jd = job_description_context(self.object, request.user, published=published)
            kept = {
                "title": jd["position"].title,
                "html": render_to_string("jobs/includes/job_description.html", {"jd": jd}),
                "breadcrumbs": render_to_string("jobs/includes/position_breadcrumbs.html", {"jd": jd}),
            }
            cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
        light.title = kept["title"]
        jd = {
            "position": light, "can_edit": request.user.has_perm(EDIT_PERMISSION), "is_draft_preview": False,
            "has_published_version": True, "is_published_snapshot": light.status != Position.Status.PUBLISHED,
        }
        context = {
            "jd": jd, "position": light, "document_html": mark_safe(kept["html"]), "breadcrumbs_html": mark_safe(kept["breadcrumbs"]),
            "pdf_notice": pdf_notice_for(light.department_id), "standard_note": standard_note(light, request.user),
        }
        return render(request, self.template_name, context)

    def get_object(self, queryset=None):
        return get_by_code_or_404(queryset if queryset is not None else self.get_queryset(), self.kwargs["code"])

    def get_queryset(self):
        return Position.objects.with_job_description()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jd"] = job_description_context(
            self.object, self.request.user, published=self.request.GET.get("version") == "published"
        )
        if context["jd"]["is_draft_preview"]:  # HR's draft: publish, or submit for review, and the last round
            context["review_state"] = review_state(self.object, self.request.user)
        context["pdf_notice"] = pdf_notice_for(self.object.department_id)
        context["standard_note"] = standard_note(self.object, self.request.user)
        return context


def review_state(position, user):
    """What the draft page says of review: whether the user may publish at once (发布) or submits
    (提交审核), the round waiting for a decision, and the comment of a return. One query (two when
    department heads review)."""
    last = position.reviews.select_related("submitted_by", "decided_by").first()
    return {
        "may_publish": may_publish(user, position),
        "may_review": position.status == Position.Status.REVIEW and may_review(user, position),
        "may_submit": position.status == Position.Status.DRAFT,
        "waiting": last if last is not None and last.is_open else None,
        "returned": last if last is not None and last.decision == PositionReview.Decision.RETURNED
        and position.status == Position.Status.DRAFT else None,
    }


def position_document_name(jd, extension):
    """市场总监_EXP-01_岗位说明书.docx: title and code, as the issue asks."""
    return f"{jd['position'].title}_{jd['position'].code}_{_('Job description')}.{extension}"


def site_url(request):
    """https://hr.example.com: what the links in a download start with, so that they open the site
    (``SITE_URL`` when set, so that files made in the background link the same way)."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def handbook_document_name(handbook, extension):
    department = handbook["department"]
    return f"{department.name}_{department.code}_{_('Department duties and job descriptions')}.{extension}"


def position_document(request, code, file_kind, make, *, layout=layout_identity):
    """A job description as a file: the kept one when this version was made before for what the
    user sees, else made by ``make(jd, template)`` (content, pages) and kept when it is a published
    version. ``template`` is the company template that applies to the position (None: the built-in
    layout); ``layout(template)`` is the template slot of the key. Answers with a redirect or a 404
    exactly as the page does when there is nothing to show."""
    published = request.GET.get("version") == "published"
    position = get_by_code_or_404(Position.objects.only(*KEY_FIELDS), code)
    template = template_for_department(position.department_id)
    variant = position_variant(
        position, Audience(request.user, published=published), generation=keeping.generation(), layout=layout(template),
    )

    def made():
        jd = position_job_description(request, code)
        content, pages = make(jd, template)
        return content, position_document_name(jd, file_kind.rsplit(".", 1)[-1]), pages

    content, name = keeping.kept_or_made(file_kind, position.pk, variant, made)
    return content, name, template


@permission_required("jobs.view_position", raise_exception=True)
def position_docx(request, code):
    def make(jd, template):
        return job_description_docx_in(jd, template, base_url=site_url(request)), None

    content, name, _template = position_document(request, code, POSITION_DOCX, make)
    return download(content, DOCX_TYPE, name)


@permission_required("jobs.view_position", raise_exception=True)
def position_pdf(request, code):
    """The PDF; in a company template when LibreOffice is installed, else the built-in one, and the
    ``X-Document-Layout`` header says which (``builtin; …`` when a company template could not be used)."""
    try:
        content, name, template = position_document(request, code, POSITION_PDF, job_description_pdf_in, layout=pdf_layout)
    except PdfUnavailable as error:
        return pdf_unavailable(request, error)
    except ConversionFailed as error:
        return pdf_unavailable(request, _("LibreOffice could not convert the company template: %(error)s") % {"error": error})
    response = download(content, "application/pdf", name)
    if builtin_pdf_notice(template):
        response["X-Document-Layout"] = "builtin; the company template needs LibreOffice"
    else:
        response["X-Document-Layout"] = "company-template" if template is not None else "builtin"
    return response


def department_handbook(request, code):
    department = get_by_code_or_404(Department, code)
    include_sub = request.GET.get("sub") == "1"
    return handbook_context(department, request.user, include_sub_departments=include_sub)


@permission_required("jobs.view_position", raise_exception=True)
def handbook_page(request, code):
    return render(request, "jobs/handbook.html", {"handbook": department_handbook(request, code)})


def start_handbook_task(request, department, include_sub, kind):
    """The task page of this handbook: the user's task still under way for it, or a new one."""
    arguments = {"department": department.pk, "sub": include_sub}
    running = BackgroundJob.objects.unfinished().filter(user=request.user, kind=kind, arguments=arguments).first()
    if running is not None:
        return redirect("task_detail", pk=running.pk)
    extension = kind.rsplit(".", 1)[-1]
    title = _("%(name)s: department duties and job descriptions (%(format)s)") % {
        "name": department.name + (_(" and sub-departments") if include_sub else ""), "format": extension.upper(),
    }
    job = start(kind=kind, user=request.user, title=title, arguments=arguments)
    return redirect("task_detail", pk=job.pk)


@permission_required("jobs.view_position", raise_exception=True)
def handbook_docx_download(request, code):
    """The handbook as .docx: at once while it is small (``HANDBOOK_INLINE_POSITIONS`` job
    descriptions, about a second), else made in the background with a progress bar."""
    department = get_by_code_or_404(Department, code)
    include_sub = request.GET.get("sub") == "1"
    positions = Audience(request.user).visible(handbook_positions(department, include_sub_departments=include_sub))
    if positions.count() > settings.HANDBOOK_INLINE_POSITIONS:
        return start_handbook_task(request, department, include_sub, "handbook.docx")
    handbook = handbook_context(department, request.user, include_sub_departments=include_sub)
    content = handbook_docx(handbook, base_url=site_url(request), layout=handbook_layout(handbook))
    return download(content, DOCX_TYPE, handbook_document_name(handbook, "docx"))


@permission_required("jobs.view_position", raise_exception=True)
def handbook_pdf_download(request, code):
    """The handbook as PDF, of any size, assembled from kept parts (``jobs.documents.handbook``).

    Kept as it is (nothing in it changed since it was last made): sent at once. Else, when at
    most ``HANDBOOK_INLINE_RENDERS`` of its parts must still be laid out (a quarter of a second a
    page), made while the user waits; otherwise made in the background, and the user watches
    its progress on the task page and downloads it from there.
    """
    department = get_by_code_or_404(Department, code)
    include_sub = request.GET.get("sub") == "1"
    plan = handbook_pdf.plan(department, request.user, include_sub=include_sub)
    try:
        content = handbook_pdf.kept_handbook(plan)
        if content is None and plan.missing <= settings.HANDBOOK_INLINE_RENDERS:
            content, _name = handbook_pdf.assemble(plan)
    except PdfUnavailable as error:
        return pdf_unavailable(request, error)
    if content is None:
        return start_handbook_task(request, department, include_sub, "handbook.pdf")
    return download(content, "application/pdf", plan.name)


@permission_required("jobs.view_position", raise_exception=True)
def compare_positions(request):
    """Two job descriptions side by side; each named by code (any case) or by a title only one
    position has. A name that finds nothing keeps the page, says so and answers 404."""
    audience = Audience(request.user)
    names = [request.GET.get("a", "").strip(), request.GET.get("b", "").strip()]
    context = {"a": names[0], "b": names[1]}
    if names[0] and request.GET.get("standard"):  # the position beside its standard position: its deviations
        position = audience.find(names[0])
        if position is None or not position.standard_id:
            context["missing"] = [_("No position based on a standard position has the code or title “%(name)s”.") % {"name": names[0]}]
            return render(request, "jobs/position_compare.html", context, status=404)
        position = Position.objects.with_job_description().get(pk=position.pk)
        left = job_description_context(position, request.user, companies={}, sign_off=False)
        if not left["position"].standard_id:  # its published version is not based on one (HR's draft is)
            context["missing"] = [_("No position based on a standard position has the code or title “%(name)s”.") % {"name": names[0]}]
            return render(request, "jobs/position_compare.html", context, status=404)
        right = job_description_context(position, request.user, companies={}, sign_off=False, as_standard=True)
        context.update(a=left["position"].code, b="", beside_standard=position.standard)
        context.update(left=left, right=right, sections=compare_job_descriptions(left, right))
        return render(request, "jobs/position_compare.html", context)
    if all(names):
        found = [audience.find(name) for name in names]
        missing = [name for name, position in zip(names, found) if position is None]
        if missing:
            context["missing"] = [_("No position has the code or title “%(name)s”.") % {"name": name} for name in missing]
            return render(request, "jobs/position_compare.html", context, status=404)
        positions = Position.objects.with_job_description().in_bulk([position.pk for position in found])
        left, right = (  # the comparison shows neither the header nor the sign-off: not made
            job_description_context(positions[position.pk], request.user, companies={}, sign_off=False) for position in found
        )
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
    """Versions of a position (who, when, why), the publications of its standard position that
    changed what it showed, and the difference between any two of them (as the position showed them)."""
    position = get_by_code_or_404(Position.objects.with_job_description(), code)
    versions = history_entries(position)
    document_version = None
    for version in versions:  # the 岗位说明书's own version number at each entry
        records = [r for r in version["records"] if isinstance(r, Position.history.model)]
        document_version = records[-1].version if records else document_version
        version["document_version"] = document_version
    hidden = () if request.user.has_perm(CONFIDENTIAL_PERMISSION) else CONFIDENTIAL_FIELDS
    history = compare_versions(versions, request.GET, partial(position_as_of, position), partial(diff_snapshots, hidden=hidden))
    rounds = PositionReview.objects.filter(position=position).select_related("submitted_by", "decided_by")
    context = {
        "position": position, "show_document_version": True, "rounds": rounds,
        "show_standard_version": any(version.get("shown_version") for version in versions), **history,
    }
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
def position_publish(request, code):
    """发布: HR alone when no review is required; otherwise only a reviewer of this position
    (``jobs.reviews.may_publish``) — HR submits instead (``jobs.review_views.position_submit``)."""
    position = get_by_code_or_404(Position.objects.select_related("department"), code)
    if not (request.user.has_perm(EDIT_PERMISSION) or may_review(request.user, position)) or not may_publish(request.user, position):
        raise PermissionDenied
    position = publish_position(position=position, approver=request.user)
    messages.success(request, _("Published as version %(version)s.") % {"version": position.version})
    return redirect(position.get_absolute_url())


@permission_required("jobs.view_standardposition", raise_exception=True)
def standard_detail(request, code):
    """A standard position (基准岗位): its published text, and the positions based on it by
    department — as the reader may see them, with the sections each one writes itself."""
    audience = Audience(request.user)
    standards = StandardPosition.objects.select_related("job_level", "family", "approved_by")
    # a reader of published versions knows a standard once it is published, as the list's filter offers them
    standard = get_by_code_or_404(standards.filter(version__gt=0) if audience.published_only else standards, code)
    positions = audience.positions(
        audience.based_on(Position.objects.with_basics(), standard).order_by("department__tree_id", "department__lft", "tree_id", "lft")
    )
    departments = {}
    labels = dict(SECTION_CHOICES)
    for position in positions:
        position.own_labels = listing(labels[key] for key in position.own_sections or () if key in labels)
        departments.setdefault(position.department, []).append(position)
    content = standard.published_content
    if content is None and audience.published_only:
        content = None  # never published: a reader of published versions sees no text
    elif content is None:
        content = content_of(standard)  # HR sees the draft of a standard never published
    return render(request, "jobs/standard_detail.html", {
        "standard": standard, "departments": list(departments.items()), "position_count": len(positions),
        "text": standard_text(content) if content else None, "is_draft_text": standard.published_content is None,
        "can_edit": request.user.has_perm("jobs.change_standardposition"), "can_review": may_review_standards(request.user),
    })


@permission_required("jobs.change_standardposition", raise_exception=True)
def standard_history(request, code):
    """A standard position's changes (who, when, why, the status each left) and its published
    versions, each with its differences from the one before (HR only)."""
    standard = get_by_code_or_404(StandardPosition.objects.all(), code)
    status = StandardPosition._meta.get_field("status")
    entries = [
        {"when": record.history_date, "user": display_name(record.history_user), "reason": record.history_change_reason or "",
         "status": dict(status.flatchoices).get(record.status, record.status), "kind": record.get_history_type_display()}
        for record in standard.history.select_related("history_user").order_by("-history_date", "-history_id")
    ]
    versions, previous, lookups = [], None, Lookups()
    for version in standard.versions.select_related("approved_by").order_by("number"):
        versions.append({
            "version": version, "before": versions[-1]["version"].number if versions else "—",
            "before_label": version_name(versions[-1]["version"].number if versions else None),
            "label": version_name(version.number),
            "diff": standard_diff(previous, version.content, lookups),
        })
        previous = version.content
    return render(request, "jobs/standard_history.html", {
        "standard": standard, "entries": entries, "versions": list(reversed(versions)),
    })
