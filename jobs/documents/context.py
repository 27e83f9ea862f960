"""What a 岗位说明书 and a department handbook show, built once for every renderer."""
import copy

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from django.utils.translation import gettext as _

from jobs.documents.controlled import company_names, document_header
from jobs.documents.sections import describe_sections
from jobs.documents.signoff import sign_off_rows, sign_off_table
from jobs.headcount import department_headcounts
from jobs.models.position import StaffingGap
from jobs.models import Authority, Duty, Position, StandardPosition, WorkRelation
from jobs.pictures import department_chart_svg, neighbourhood_chart_svg
from jobs.publication import Audience, published_snapshots
from jobs.roles import CONFIDENTIAL_PERMISSION, EDIT_PERMISSION
from jobs.standards import Lookups, effective


def grouped(rows, field, choices):
    """[(label, [row, …]), …] in the order of ``choices``, leaving out empty groups."""
    groups = {value: [] for value in choices.values}
    for row in rows:
        groups.setdefault(getattr(row, field), []).append(row)
    labels = dict(choices.choices)
    return [(labels.get(value, value), items) for value, items in groups.items() if items]


def linked_positions(position):
    return [
        position.reports_to,
        *position.subordinates.all(),
        *position.dotted_supervisors.all(),
        *position.promotion_targets.all(),
        *position.lateral_moves.all(),
    ]


def shown_standard(position, current):
    """The standard position ``position`` (``current`` or a snapshot of it) is based on: the one
    ``with_job_description()`` selected when they agree, else read (one query)."""
    if not position.standard_id:
        return None
    if current.standard_id == position.standard_id and Position._meta.get_field("standard").is_cached(current):
        return current.standard
    return StandardPosition.objects.filter(pk=position.standard_id).first()


def job_description_context(
    position, user, *, published=False, snapshots=None, companies=None, sign_off=True, lookups=None, as_standard=False,
):
    """Everything the document shows for ``position`` as ``user`` may see it: the data,
    and under ``sections`` its rows as ``jobs.documents.sections`` describes them for every
    renderer.

    ``position`` should come from ``Position.objects.with_job_description()`` so that
    this function issues no further queries, except for a reader of published versions:
    ten or eleven to rebuild the last published version when the current row is a draft, and one
    for the published titles of linked positions that are drafts (a caller rendering many
    documents passes ``snapshots`` and calls ``Audience.prepare_links`` once for all of them).

    The controlled-document parts cost one query for 编制/审核/批准 and one for the company's
    name (none when the department is a company); a caller rendering many documents passes
    ``companies`` ({department pk: name}) and ``sign_off=False``, then :func:`add_sign_offs`.

    A position based on a standard position shows the sections it inherits from the standard's
    published version (``jobs.standards.effective``); ``lookups`` (a ``jobs.standards.Lookups``)
    shares the job levels and families among many documents; ``as_standard``: with every section
    from the standard (a comparison's right side). ``standard`` is the standard position shown, carrying
    the number of its version shown (``version``); the document names both (基准岗位：销售代表（XS-01）
    第 2 版). A reader of published versions sees it once the link to the standard is published (the
    published version is based on it, as ``Audience.based_on`` says), HR as soon as the draft is; it is
    the same for every reader of a version, so a kept document stays right for all of them.
    """
    current = position
    audience = Audience(user, published=published)
    position = audience.version(position, snapshots=snapshots)
    is_snapshot = position is not current
    if is_snapshot and position.approved_by_id == current.approved_by_id:
        if Position._meta.get_field("approved_by").is_cached(current):  # the same approver: no query for it
            position.approved_by = current.approved_by
    if as_standard:  # what it would show with every section from its standard: the comparison's right side
        position = copy.copy(position)
        position.own_sections = []
    position = effective(position, shown_standard(position, current), lookups=lookups)
    if companies is None:
        companies = company_names([position.department])
    audience.prepare_links(linked_positions(position))
    linked = audience.linked

    try:
        qualification = position.qualification
    except ObjectDoesNotExist:
        qualification = None
    duties = list(position.duties.all())
    authorities = list(position.authorities.all())
    relations = list(position.relations.all())
    subordinates = linked(position.subordinates.all())
    dotted = linked(position.dotted_supervisors.all())
    promotions = linked(position.promotion_targets.all())
    laterals = linked(position.lateral_moves.all())
    kpis = list(position.kpis.all())
    records = list(position.records.all())
    has_tasks = any(duty.tasks for duty in duties)
    has_standards = any(duty.standard or duty.time_share is not None for duty in duties)
    jd = {
        "position": position,
        "headed_departments": list(position.headed_departments.all()),
        "show_confidential": user.has_perm(CONFIDENTIAL_PERMISSION),
        "can_edit": user.has_perm(EDIT_PERMISSION),
        "is_draft_preview": not is_snapshot and position.status != Position.Status.PUBLISHED,
        "has_published_version": current.approved_at is not None,
        "is_published_snapshot": is_snapshot,
        "standard": getattr(position, "shown_standard", None),
        "inherited": getattr(position, "inherited_keys", []),
        "qualification": qualification,
        "duty_groups": grouped(duties, "category", Duty.Category),
        "duties_have_tasks": has_tasks,
        "duties_have_standards": has_standards,
        "authority_groups": grouped(authorities, "category", Authority.Category),
        "relation_groups": grouped(relations, "scope", WorkRelation.Scope),
        "subordinates": subordinates,
        "dotted_supervisors": dotted,
        "promotion_targets": promotions,
        "lateral_moves": laterals,
        "kpis": kpis,
        "records": records,
        "span": current.span,  # the tree is not versioned: a snapshot is not a node of it
        "superior": linked([position.reports_to]) if position.reports_to_id else [],
        "header": document_header(position, company=companies.get(position.department_id, position.department.name)),
        "sign_off": sign_off_rows(position) if sign_off else None,
    }
    jd["sections"] = describe_sections(jd)
    return jd


def neighbourhood_chart(jd):
    """The picture of ``jd``'s position between its superior and its direct reports (as the
    reader sees them), for the .docx and the PDF; made when asked for, not for the page."""
    superior = jd["superior"][0] if jd["superior"] else None
    return neighbourhood_chart_svg(jd["position"], superior, jd["subordinates"])


def add_sign_offs(job_descriptions):
    """Fill the 编制/审核/批准 rows of ``job_descriptions`` made with ``sign_off=False``: one query."""
    table = sign_off_table([jd["position"] for jd in job_descriptions])
    for jd in job_descriptions:
        jd["sign_off"] = table[jd["position"].pk]


def handbook_positions(department, *, include_sub_departments=False):
    """The positions a department's handbook holds: its own, or those of its whole subtree."""
    if include_sub_departments:
        return Position.objects.in_department_tree(department)
    return Position.objects.filter(department=department)


def staffing_totals(numbers):
    """The total lines under a staffing table (``numbers``: the department's ``DepartmentHeadcount``):
    [(label, 定员, 在岗 or None, StaffingGap)], the same on the page, in .docx and PDF."""
    lines = [(_("Total of this department"), numbers.own.planned, numbers.own.actual_or_none, StaffingGap(None))]
    if numbers.total.positions != numbers.own.positions:
        lines.append((_("Total with sub-departments"), numbers.total.planned, numbers.total.actual_or_none, StaffingGap(None)))
    if numbers.authorised is not None:  # 在岗 against 编制 where 在岗 is entered, else the plan against it
        lines.append((_("Authorised headcount"), numbers.authorised, None,
                      numbers.staffing if numbers.total.actual_known else numbers.plan))
    else:
        lines[-1] = (*lines[-1][:3], numbers.staffing)
    return lines


def department_part(department, positions, *, numbers, job_descriptions=()):
    """What a department document shows of ``department``: its duties and policies, the picture
    of ``positions`` (tree order, ``job_level`` selected, as the reader sees them) and the
    staffing table — each position's 定员 and 在岗, the totals of ``numbers`` (its
    ``jobs.headcount.DepartmentHeadcount``) against 部门编制. The department page and each part of a handbook."""
    return {
        "department": department,
        "duty_groups": department.duty_groups(),
        "policies": list(department.policies.all()),
        "job_descriptions": list(job_descriptions),
        "chart_svg": department_chart_svg(department, positions=positions),
        "positions": positions,
        "numbers": numbers,
        "shows_actual": numbers.total.actual_known > 0 or any(p.actual_headcount is not None for p in positions),
        "staffing_totals": staffing_totals(numbers),
        "has_uncounted": any(not p.is_counted for p in positions),
    }


def handbook_context(department, user, *, include_sub_departments=False):
    """部门职责与岗位说明书: the department's own data and every job description in it.

    The number of queries does not depend on the number of positions: the positions of
    the department (or its subtree) come in one prefetching query.
    """
    scope = department.get_descendants(include_self=True) if include_sub_departments else type(department).objects.filter(pk=department.pk)
    departments = list(scope.select_related("parent", "head_position").prefetch_related("duties", "policies"))
    positions = handbook_positions(department, include_sub_departments=include_sub_departments)
    positions = list(positions.with_job_description().order_by("department__tree_id", "department__lft", "tree_id", "lft"))
    audience = Audience(user)
    snapshots = {}
    if audience.published_only:
        snapshots = published_snapshots(positions)
    heads = [d.head_position for d in departments]
    audience.prepare_links([*heads, *[link for p in positions for link in linked_positions(snapshots.get(p.pk, p))]])
    companies = company_names(departments)
    lookups = Lookups()
    job_descriptions = []
    for position in positions:
        try:
            job_descriptions.append(
                job_description_context(position, user, snapshots=snapshots, companies=companies, sign_off=False, lookups=lookups)
            )
        except Http404:
            continue  # never published: not shown to users who may not see drafts
    add_sign_offs(job_descriptions)
    by_department = {d.pk: [] for d in departments}
    for jd in job_descriptions:
        by_department[jd["position"].department_id].append(jd)
    numbers = department_headcounts(department)
    parts = [
        department_part(item, [jd["position"] for jd in by_department[item.pk]], numbers=numbers[item.pk],
                        job_descriptions=by_department[item.pk])
        for item in departments
    ]
    return {
        "department": department,
        "parts": parts,
        "job_descriptions": job_descriptions,
        "include_sub_departments": include_sub_departments,
        "show_confidential": user.has_perm(CONFIDENTIAL_PERMISSION),
        "companies": companies,
    }
