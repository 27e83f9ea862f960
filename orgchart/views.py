"""Site-wide pages that join departments and positions: the charts, the list view, the
department page and the quality report."""
import hashlib
import json

from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.gzip import gzip_page
from django.views.generic import DetailView, TemplateView

from departments.models import Department
from jobs.documents.context import department_part
from jobs.headcount import department_headcounts, note_draft_headcounts
from jobs.publication import Audience
from orgchart.charts import department_chart_data, position_chart_data, position_chart_scope
from orgchart.quality import build_report
from kernel.shortcuts import get_by_code_or_404
from orgchart.structure import department_tree_with_positions
from kernel import versions

CHART_CACHE_SECONDS = 24 * 3600


def chart_labels():
    """Every text the chart script shows, translated here so the script has none of its own."""
    return {
        "loading": _("Loading the chart…"),
        "loadFailed": _("The chart could not be loaded. Reload the page to try again."),
        "emptyDepartments": _("No departments yet. HR can add them in the administration or import a spreadsheet."),
        "emptyPositions": _("There are no positions to show in this chart."),
        "noMatch": _("Nothing matches “%(query)s”."),
        "match": _("%(index)s of %(count)s: %(name)s"),
        "head": _("Head: %(title)s"),
        "noHead": _("No head position"),
        # The script picks the singular for one position: ngettext's forms for 1 and for more.
        "departmentNumbersOne": ngettext("Headcount %(headcount)s · %(positions)s position", "Headcount %(headcount)s · %(positions)s positions", 1),
        "departmentNumbers": ngettext("Headcount %(headcount)s · %(positions)s position", "Headcount %(headcount)s · %(positions)s positions", 2),
        "headcount": _("Headcount %(n)s"),
        "noHeadcount": _("Headcount not set"),
        "actual": _("in post %(n)s"),
        "unsetOne": ngettext("%(n)s position without a headcount", "%(n)s positions without a headcount", 1),
        "unset": ngettext("%(n)s position without a headcount", "%(n)s positions without a headcount", 2),
        "authorised": _("Authorised headcount %(n)s"),
        "short": _("%(n)s short"),
        "over": _("%(n)s over"),
        "company": _("Company (legal entity)"),
        "expand": _("Click to show the %(n)s boxes below"),
        "collapse": _("Click to hide the boxes below"),
        "dotted": _("Dotted line to %(title)s"),
    }


def chosen_company(request):
    """The company (集团 or 公司) chosen with ``?company=``, None without one; a 404 for a code
    that names no company. One query, none without a choice."""
    code = request.GET.get("company")
    return get_by_code_or_404(Department.objects.companies(), code) if code else None


def company_choices(request):
    """The companies to filter by (none when there is only one) and the one chosen."""
    companies = list(Department.objects.companies().active())
    return {"companies": companies if len(companies) > 1 else [], "company": chosen_company(request)}


class ChartPageMixin:
    kind = "departments"
    file_name = "org-chart"

    def data_url(self):
        company = self.request.GET.get("company")
        url = reverse("department_chart_json")
        return f"{url}?{urlencode({'company': company})}" if company else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(kind=self.kind, data_url=self.data_url(), chart_labels=chart_labels(), file_name=self.file_name)
        context.update(company_choices(self.request))
        return context


class HomeView(PermissionRequiredMixin, ChartPageMixin, TemplateView):
    """The company department chart; its data comes from ``department_chart_json``."""

    permission_required = "departments.view_department"
    template_name = "orgchart/home.html"


class OrganisationListView(PermissionRequiredMixin, TemplateView):
    """The organisation as a plain list: every department, its positions and their 定员."""

    permission_required = "departments.view_department"
    template_name = "orgchart/organisation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = department_tree_with_positions(self.request.user)
        return context


class PositionChartView(PermissionRequiredMixin, ChartPageMixin, TemplateView):
    """Reporting lines from a position down, of a department, or of the whole company."""

    permission_required = "jobs.view_position"
    template_name = "orgchart/position_chart.html"
    kind = "positions"
    file_name = "reporting-lines"

    def data_url(self):
        query = self.request.GET.copy()
        if query.get("company") and not query.get("department"):  # a company's chart: its subtree
            query["department"] = query["company"]
        for key in list(query):
            if key not in ("department", "position"):
                del query[key]
        return f"{reverse('position_chart_json')}?{query.urlencode()}" if query else reverse("position_chart_json")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _scope, context["chart_title"] = position_chart_scope(
            self.request.GET.get("department") or self.request.GET.get("company"), self.request.GET.get("position"),
            published=Audience(self.request.user).published_only,
        )
        return context


def chart_response(request, kind, build, scope=""):
    """The chart data ``build()`` makes, with an ETag from the organisation's version, the reader
    (published versions only or not), the language and the scope: 304 to a matching
    If-None-Match, else the JSON from the cache (Django's cache framework) or built and cached.
    Managers' data is ``private, no-cache`` (kept by the browser, revalidated each time); HR's,
    which shows drafts, stays ``no-store``."""
    published = Audience(request.user).published_only
    key = ":".join(("chart", kind, str(versions.current(versions.ORGANISATION)),
                    "published" if published else "current", get_language(), scope))
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        cache_key = "chart:" + hashlib.sha256(key.encode()).hexdigest()
        body = cache.get(cache_key)
        if body is None:
            body = json.dumps(build(published), ensure_ascii=False, separators=(",", ":")).encode()
            cache.set(cache_key, body, CHART_CACHE_SECONDS)
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response.revalidate = published
    return response


# The chart data carries no secret a compression side channel could reveal (no CSRF token,
# no user input echoed), so it is compressed: 3.4 MB for 20,000 positions becomes a few hundred kB.
@gzip_page
@permission_required("departments.view_department", raise_exception=True)
def department_chart_json(request):
    company = chosen_company(request)
    return chart_response(
        request, "departments", lambda published: department_chart_data(published=published, root=company),
        scope=company.code if company else "",
    )


@gzip_page
@permission_required("jobs.view_position", raise_exception=True)
def position_chart_json(request):
    department, position = request.GET.get("department"), request.GET.get("position")

    def build(published):
        scope, title = position_chart_scope(department, position, published=published)
        return position_chart_data(Audience(request.user).visible(scope), title, published=published)

    return chart_response(request, "positions", build, scope=f"{department or ''}/{position or ''}")


class QualityReportView(PermissionRequiredMixin, TemplateView):
    """数据质量报告 for HR: every finding links to the admin page that fixes it."""

    permission_required = "jobs.change_position"
    raise_exception = True
    template_name = "orgchart/quality.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(company_choices(self.request))
        report = build_report()
        if context["company"] is not None:
            report = report.for_company(Department.objects.of_company(context["company"]).values_list("pk", flat=True))
        context["report"] = report
        return context


class DepartmentDetailView(PermissionRequiredMixin, DetailView):
    """The department page: header data, duties, policies, the picture of its positions and the
    staffing table, with each position as the user may see it (``jobs.publication.Audience``)."""

    permission_required = "departments.view_department"
    model = Department
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "department"
    template_name = "orgchart/department_detail.html"

    def get_queryset(self):
        return Department.objects.select_related("parent", "head_position__reports_to").prefetch_related("duties", "policies")

    def get_object(self, queryset=None):
        return get_by_code_or_404(self.get_queryset(), self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = self.object
        audience = Audience(self.request.user)
        positions = audience.positions(
            department.positions.with_basics().order_by("tree_id", "lft"), related=("reports_to",), also=[department.head_position]
        )
        if not audience.published_only:  # HR sees drafts: a draft's new 定员 is not in the totals yet
            note_draft_headcounts(positions)
        context.update(
            is_company=department.is_company,
            part=department_part(department, positions, numbers=department_headcounts(department)[department.pk]),
            sub_departments=department.get_children(),
            ancestors=department.get_ancestors(),
        )
        return context
