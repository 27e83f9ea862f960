"""Data-quality report for HR: what is missing or inconsistent in the organisation.

Site-wide (it joins departments and positions), computed in a fixed number of queries
whatever the size of the organisation: one for departments, one for positions (with their
row counts and KPI weight sums as subqueries), one for the standard positions (基准岗位: a position
is scored on what it shows, so the sections it inherits count from the standard's published
text), one each for promotion targets and lateral
moves that point to archived positions or to positions of inactive departments.
Everything else is worked out in Python from those rows — also whether both trees' nested-set
numbers still match their parent links, and any loop of parents (``kernel.tree_integrity``).

Completeness score of a position (0–100): the share of these six items that are present,
each counting equally — job summary, at least one duty, at least one authority, the
qualification (任职资格), at least one KPI, and KPI weights that are either all blank or
sum to 100 (a position without KPIs fails both KPI items). Archived positions are left out.
Completeness of a department: the mean score of its own (non-archived) positions, rounded;
no score when it has none.
"""
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery, Sum, Count, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from jobs.headcount import department_headcounts
from jobs.models import KPI, Authority, Duty, Position, Qualification, StandardPosition
from jobs.models.standards import STANDARD_SECTIONS
from jobs.standards import inherited_sections
from kernel import tree_integrity

TREE_LOOP = "tree_loop"
TREE_NUMBERS = "tree_numbers"
MISSING_DUTIES = "missing_duties"
MISSING_AUTHORITIES = "missing_authorities"
MISSING_QUALIFICATION = "missing_qualification"
MISSING_KPIS = "missing_kpis"
KPI_WEIGHTS = "kpi_weights"
HEADCOUNT_OVER = "headcount_over"
HEADCOUNT_UNDER = "headcount_under"
NO_HEAD = "no_head"
UNRELATED_SUPERIOR = "unrelated_superior"
DUPLICATE_TITLE = "duplicate_title"
STALE_PROMOTION = "stale_promotion"
STALE_LATERAL = "stale_lateral"
CODE_PREFIX = "code_prefix"
OVERRIDES_STANDARD = "overrides_standard"
UNUSED_STANDARD = "unused_standard"

KIND_LABELS = {
    TREE_LOOP: _("Departments or positions in a loop of parents (give one of them another parent)"),
    TREE_NUMBERS: _(
        "Departments or positions whose tree index does not match their parent "
        "(an administrator repairs it with “manage.py repair_tree”)"
    ),
    MISSING_DUTIES: _("Positions without duties"),
    MISSING_AUTHORITIES: _("Positions without authorities"),
    MISSING_QUALIFICATION: _("Positions without qualification requirements"),
    MISSING_KPIS: _("Positions without KPIs"),
    KPI_WEIGHTS: _("KPI weights that do not sum to 100"),
    HEADCOUNT_OVER: _("Departments whose headcount exceeds the authorised headcount"),
    HEADCOUNT_UNDER: _("Departments whose headcount is below the authorised headcount"),
    NO_HEAD: _("Departments without a head position"),
    UNRELATED_SUPERIOR: _("Positions whose superior sits in an unrelated department"),
    DUPLICATE_TITLE: _("Duplicate position titles within a department"),
    STALE_PROMOTION: _("Promotion targets that are archived or in an inactive department"),
    CODE_PREFIX: _("Codes without their company's prefix (a subsidiary's departments and positions start with its code)"),
    STALE_LATERAL: _("Lateral moves to archived positions or inactive departments"),
    OVERRIDES_STANDARD: _("Positions based on a standard position that write every section themselves (the standard gives them nothing)"),
    UNUSED_STANDARD: _("Standard positions no position is based on"),
}


@dataclass
class Finding:
    kind: str
    subject: str  # "code name" of the department or position
    detail: str
    url: str  # the admin change page that fixes it
    department_id: int | None = None  # the department it concerns, for the company filter; None: the whole tree

    @property
    def label(self):
        return KIND_LABELS[self.kind]


@dataclass
class Report:
    findings: list = field(default_factory=list)
    position_scores: list = field(default_factory=list)  # [(position, score)], lowest first
    department_scores: list = field(default_factory=list)  # [(department, score or None)], tree order

    def by_kind(self):
        """[(kind, label, [finding, …])] in the order of KIND_LABELS, only kinds with findings."""
        groups = {}
        for finding in self.findings:
            groups.setdefault(finding.kind, []).append(finding)
        return [(kind, label, groups[kind]) for kind, label in KIND_LABELS.items() if kind in groups]

    def kinds(self):
        return {finding.kind for finding in self.findings}

    def for_company(self, department_ids):
        """The report of one company: findings, scores of its departments (``department_ids``);
        problems of the trees themselves stay, they concern everyone."""
        ids = set(department_ids)
        return Report(
            findings=[f for f in self.findings if f.department_id is None or f.department_id in ids],
            position_scores=[(p, score) for p, score in self.position_scores if p.department_id in ids],
            department_scores=[(d, score) for d, score in self.department_scores if d.pk in ids],
        )

    @property
    def tree_broken(self):
        return bool(self.kinds() & {TREE_LOOP, TREE_NUMBERS})


def _position_url(pk):
    return reverse("admin:jobs_position_change", args=[pk])


def _department_url(pk):
    return reverse("admin:departments_department_change", args=[pk])


def _count(model):
    return Coalesce(
        Subquery(
            model.objects.filter(position=OuterRef("pk")).order_by().values("position")
            .annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _standard_url(pk):
    return reverse("admin:jobs_standardposition_change", args=[pk])


def _inherit(position, content):
    """Give ``position`` the counts of the sections it shows from its standard's published
    ``content`` (``jobs.standards.content_of``): its own rows there are not what it shows."""
    for section in inherited_sections(position):
        if section.key == "summary":
            position.summary = content["fields"].get("summary") or ""
        elif section.qualification:
            position.has_qualification = bool(content["qualification"])
        elif section.rows:
            rows = content["rows"].get(section.rows, [])
            count = {"duties": "duty_count", "authorities": "authority_count", "kpis": "kpi_count"}.get(section.rows)
            if count:
                setattr(position, count, len(rows))
            if section.rows == "kpis":
                weights = [row.get("weight") for row in rows if row.get("weight") is not None]
                position.kpi_weighted, position.kpi_weight_sum = len(weights), sum(weights)


def _related(ancestor, department):
    """True when ``ancestor`` is ``department`` or one of its ancestors (MPTT bounds)."""
    return (
        ancestor.tree_id == department.tree_id
        and ancestor.lft <= department.lft
        and ancestor.rght >= department.rght
    )


def position_score(position):
    items = [
        bool(position.summary.strip()),
        position.duty_count > 0,
        position.authority_count > 0,
        position.has_qualification,
        position.kpi_count > 0,
        position.kpi_count > 0 and (position.kpi_weighted == 0 or position.kpi_weight_sum == 100),
    ]
    return round(100 * sum(items) / len(items))


def _numbers(numbers):
    tree_id, lft, rght, level = numbers
    return _("tree %(tree)s, %(lft)s–%(rght)s, level %(level)s") % {"tree": tree_id, "lft": lft, "rght": rght, "level": level}


def _tree_findings(add, nodes, tree, describe):
    """Findings for what is wrong in one tree; ``describe(node)`` gives (subject, name, url)."""
    parent = type(nodes[0])._meta.get_field(type(nodes[0])._mptt_meta.parent_attr).attname if nodes else None
    rows = [(n.pk, getattr(n, parent), n.tree_id, n.lft, n.rght, n.level) for n in nodes]
    by_pk = {node.pk: node for node in nodes}
    for problem in tree_integrity.tree_problems(rows):
        subject, _name, url = describe(by_pk[problem.pk])
        if problem.kind == tree_integrity.NUMBERS:
            detail = _("%(tree)s: stored as %(actual)s, its parent gives %(expected)s") % {
                "tree": tree, "actual": _numbers(problem.actual), "expected": _numbers(problem.expected),
            }
            add(Finding(TREE_NUMBERS, subject, detail, url))
            continue
        names = [describe(by_pk[pk])[1] for pk in problem.loop]
        loop = " → ".join([*names, names[0]])
        if problem.kind == tree_integrity.LOOP:
            add(Finding(TREE_LOOP, subject, _("%(tree)s: in the loop %(loop)s") % {"tree": tree, "loop": loop}, url))
        else:
            add(Finding(TREE_LOOP, subject, _("%(tree)s: below the loop %(loop)s") % {"tree": tree, "loop": loop}, url))


def _companies(departments):
    """{department id: its company} over ``departments`` in tree order: itself when it is a
    company (集团 or 公司), else its parent's."""
    companies = {}
    for department in departments:
        companies[department.pk] = department if department.is_company else companies.get(department.parent_id)
    return companies


def _code_prefix_findings(add, department, company, positions):
    """A subsidiary (公司) gives its code as prefix to its departments and positions (YF → YF-DLV, YF-DLV-01)."""
    if company is None or company.kind != Department.Kind.COMPANY:
        return
    prefix = f"{company.code}-"
    if department.pk != company.pk and not department.code.startswith(prefix):
        add(Finding(CODE_PREFIX, f"{department.code} {department.name}",
                    _("Does not start with %(prefix)s, the prefix of %(company)s") % {"prefix": prefix, "company": company.name},
                    _department_url(department.pk)))
    for position in positions:
        if not position.code.startswith(prefix):
            add(Finding(CODE_PREFIX, f"{position.code} {position.title}",
                        _("Does not start with %(prefix)s, the prefix of %(company)s") % {"prefix": prefix, "company": company.name},
                        _position_url(position.pk)))


def build_report():
    departments = list(Department.objects.order_by("tree_id", "lft"))
    by_pk = {department.pk: department for department in departments}
    headcounts = department_headcounts(departments=[(d.pk, d.parent_id, d.authorised_headcount) for d in departments])
    headed = {}  # position id → the departments it heads
    for department in departments:
        if department.head_position_id is not None:
            headed.setdefault(department.head_position_id, []).append(department)
    weighted = KPI.objects.filter(position=OuterRef("pk"), weight__isnull=False).order_by().values("position")
    every_position = list(
        Position.objects
        .annotate(
            duty_count=_count(Duty),
            authority_count=_count(Authority),
            kpi_count=_count(KPI),
            kpi_weighted=Coalesce(
                Subquery(weighted.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0)
            ),
            kpi_weight_sum=Coalesce(
                Subquery(weighted.annotate(s=Sum("weight")).values("s")[:1], output_field=IntegerField()), Value(0)
            ),
            has_qualification=Exists(Qualification.objects.filter(position=OuterRef("pk"))),
            superior_department_id=Subquery(
                Position.objects.filter(pk=OuterRef("reports_to_id")).values("department_id")[:1]
            ),
        )
        .only("pk", "code", "title", "department_id", "reports_to_id", "summary", "headcount", "status",
              "tree_id", "lft", "rght", "level", "standard_id", "own_sections")
        .order_by("department__tree_id", "department__lft", "lft")
    )
    positions = [position for position in every_position if position.status != Position.Status.ARCHIVED]
    standards = {
        standard.pk: standard for standard in
        StandardPosition.objects.exclude(status=StandardPosition.Status.ARCHIVED)
        .annotate(used_by=Count("positions")).only("pk", "code", "title", "published_content").order_by("code")
    }
    for position in positions:
        standard = standards.get(position.standard_id)
        if standard is not None and standard.published_content:
            _inherit(position, standard.published_content)
    report = Report()
    scope = {"department": None}  # the department the findings being added concern

    def add(finding):
        finding.department_id = scope["department"]
        report.findings.append(finding)

    _tree_findings(add, departments, _("Department tree"),
                   lambda d: (f"{d.code} {d.name}", d.name, _department_url(d.pk)))
    _tree_findings(add, every_position, _("Reporting lines"),
                   lambda p: (f"{p.code} {p.title}", p.title, _position_url(p.pk)))

    positions_by_department = {}
    for position in positions:
        scope["department"] = position.department_id
        positions_by_department.setdefault(position.department_id, []).append(position)
        subject = f"{position.code} {position.title}"
        url = _position_url(position.pk)
        if not position.duty_count:
            add(Finding(MISSING_DUTIES, subject, _("No duties"), url))
        if not position.authority_count:
            add(Finding(MISSING_AUTHORITIES, subject, _("No authorities"), url))
        if not position.has_qualification:
            add(Finding(MISSING_QUALIFICATION, subject, _("No qualification requirements"), url))
        if not position.kpi_count:
            add(Finding(MISSING_KPIS, subject, _("No KPIs"), url))
        if position.kpi_weighted and position.kpi_weight_sum != 100:
            add(Finding(
                KPI_WEIGHTS, subject,
                _("KPI weights sum to %(sum)s%%") % {"sum": position.kpi_weight_sum}, url,
            ))
        if position.superior_department_id is not None:
            own, superior = by_pk[position.department_id], by_pk[position.superior_department_id]
            # Normal designs: a superior in the same branch; the head of a department above
            # (副总经理 → 总经理, the head of the group, seated in 总经办); a department head
            # reporting to another department's head (分管领导: 集团客户部经理 → 副总经理).
            heads_above = any(_related(d, own) for d in headed.get(position.reports_to_id, ()))
            oversight = position.pk in headed and position.reports_to_id in headed
            if not (_related(superior, own) or _related(own, superior) or heads_above or oversight):
                add(Finding(
                    UNRELATED_SUPERIOR, subject,
                    _("Superior is in %(department)s, outside the branch of %(own)s")
                    % {"department": superior.name, "own": own.name},
                    url,
                ))
        standard = standards.get(position.standard_id)
        if standard is not None and not inherited_sections(position):
            add(Finding(
                OVERRIDES_STANDARD, subject,
                _("Based on %(standard)s but writes all %(count)s sections itself")
                % {"standard": f"{standard.code} {standard.title}", "count": len(STANDARD_SECTIONS)},
                url,
            ))
        report.position_scores.append((position, position_score(position)))
    report.position_scores.sort(key=lambda pair: (pair[1], pair[0].code))

    companies = _companies(departments)
    for department in departments:
        scope["department"] = department.pk
        own_positions = positions_by_department.get(department.pk, [])
        _code_prefix_findings(add, department, companies.get(department.pk), own_positions)
        subject = f"{department.code} {department.name}"
        url = _department_url(department.pk)
        if department.is_active:
            if department.head_position_id is None:
                add(Finding(NO_HEAD, subject, _("No head position"), url))
            counted = headcounts[department.pk]
            if counted.plan:  # the subtree's 定员 against 编制 (``jobs.headcount``, as every page counts)
                numbers = {"total": counted.total.planned, "authorised": counted.authorised}
                kind = HEADCOUNT_OVER if counted.plan.over else HEADCOUNT_UNDER
                add(Finding(kind, subject, _("Headcount %(total)s, authorised %(authorised)s") % numbers, url))
        titles = {}
        for position in own_positions:
            titles.setdefault(position.title.strip(), []).append(position)
        for title, same in titles.items():
            if len(same) > 1:
                for position in same:
                    add(Finding(
                        DUPLICATE_TITLE, f"{position.code} {position.title}",
                        _("%(n)s positions in %(department)s are called “%(title)s”")
                        % {"n": len(same), "department": department.name, "title": title},
                        _position_url(position.pk),
                    ))
        scores = [position_score(position) for position in own_positions]
        report.department_scores.append((department, round(sum(scores) / len(scores)) if scores else None))

    scope["department"] = None
    for standard in standards.values():
        if not standard.used_by:
            add(Finding(UNUSED_STANDARD, f"{standard.code} {standard.title}", _("No position is based on it"), _standard_url(standard.pk)))

    stale = Q(to_position__status=Position.Status.ARCHIVED) | Q(to_position__department__is_active=False)
    for kind, through in ((STALE_PROMOTION, Position.promotion_targets.through),
                          (STALE_LATERAL, Position.lateral_moves.through)):
        rows = (
            through.objects.filter(stale)
            .values_list("from_position_id", "from_position__code", "from_position__title",
                         "to_position__code", "to_position__title", "to_position__status", "from_position__department_id")
            .order_by("from_position__code", "to_position__code")
        )
        for pk, code, title, target_code, target_title, status, department_id in rows:
            scope["department"] = department_id
            reason = _("archived") if status == Position.Status.ARCHIVED else _("department inactive")
            add(Finding(
                kind, f"{code} {title}",
                _("Points to %(target)s (%(reason)s)") % {"target": f"{target_code} {target_title}", "reason": reason},
                _position_url(pk),
            ))
    return report
