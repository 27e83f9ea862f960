"""What a 岗位说明书 and a department handbook show, built once for every renderer."""
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jobs.documents.sections import describe_sections
from jobs.history import published_snapshots, show_published_labels
from jobs.models import Authority, Duty, Position, WorkRelation
from jobs.roles import CONFIDENTIAL_PERMISSION, shows_published
from orgchart.charts import department_chart_svg


def grouped(rows, field, choices):
    """[(label, [row, …]), …] in the order of ``choices``, leaving out empty groups."""
    groups = {value: [] for value in choices.values}
    for row in rows:
        groups.setdefault(getattr(row, field), []).append(row)
    labels = dict(choices.choices)
    return [(labels.get(value, value), items) for value, items in groups.items() if items]


def shown_version(position, user, *, published=False, snapshots=None):
    """The position a user sees: HR the current row; everyone else (and HR asking for
    ``published``) the last published version, rebuilt from the history when the current
    row is not published.  Http404 when there is no published version.

    ``snapshots`` are ``published_snapshots()`` a caller built for many positions at once.
    """
    if position.status == Position.Status.PUBLISHED or not shows_published(user, published=published):
        return position
    if position.status == Position.Status.ARCHIVED:
        raise Http404(_("This job description has been archived."))
    if snapshots is None:
        snapshots = published_snapshots([position])
    snapshot = snapshots.get(position.pk)
    if snapshot is None:
        raise Http404(_("This job description has not been published yet."))
    return snapshot


def published_links(positions):
    """Prepare the positions a document links to for a reader of published versions: those
    never published are left out by ``job_description_context``, the others show their
    published title, level and 定员. One query for any number of documents, none without drafts."""
    positions = [p for p in positions if p is not None and not getattr(p, "shows_published_labels", False)]
    show_published_labels(positions)
    for position in positions:
        position.shows_published_labels = True


def _linked_positions(position):
    return [
        position.reports_to,
        *position.subordinates.all(),
        *position.dotted_supervisors.all(),
        *position.promotion_targets.all(),
        *position.lateral_moves.all(),
    ]


def job_description_context(position, user, *, published=False, snapshots=None):
    """Everything the document shows for ``position`` as ``user`` may see it: the data,
    and under ``sections`` its rows as ``jobs.documents.sections`` describes them for every
    renderer.

    ``position`` should come from ``Position.objects.with_job_description()`` so that
    this function issues no further queries, except for a reader of published versions:
    ten or eleven to rebuild the last published version when the current row is a draft, and one
    for the published titles of linked positions that are drafts (a caller rendering many
    documents passes ``snapshots`` and calls ``published_links`` once for all of them).
    """
    current = position
    position = shown_version(position, user, published=published, snapshots=snapshots)
    reader_of_published = shows_published(user, published=published)
    if reader_of_published:
        published_links(_linked_positions(position))

    def linked(rows):
        rows = list(rows)
        if not reader_of_published:
            return rows
        return [row for row in rows if row.approved_at is not None and row.status != Position.Status.ARCHIVED]

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
        "can_edit": user.has_perm("jobs.change_position"),
        "is_draft_preview": position is current and position.status != Position.Status.PUBLISHED,
        "has_published_version": current.approved_at is not None,
        "is_published_snapshot": position is not current,
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
    }
    jd["sections"] = describe_sections(jd)
    return jd


def handbook_positions(department, *, include_sub_departments=False):
    """The positions a department's handbook holds: its own, or those of its whole subtree."""
    if include_sub_departments:
        return Position.objects.in_department_tree(department)
    return Position.objects.filter(department=department)


def handbook_context(department, user, *, include_sub_departments=False):
    """部门职责与岗位说明书: the department's own data and every job description in it.

    The number of queries does not depend on the number of positions: the positions of
    the department (or its subtree) come in one prefetching query.
    """
    scope = department.get_descendants(include_self=True) if include_sub_departments else type(department).objects.filter(pk=department.pk)
    departments = list(scope.select_related("parent", "head_position").prefetch_related("duties", "policies"))
    positions = handbook_positions(department, include_sub_departments=include_sub_departments)
    positions = list(positions.with_job_description().order_by("department__tree_id", "department__lft", "tree_id", "lft"))
    snapshots = {}
    if shows_published(user):
        snapshots = published_snapshots(positions)
        heads = [d.head_position for d in departments]
        published_links([*heads, *[link for p in positions for link in _linked_positions(snapshots.get(p.pk, p))]])
    job_descriptions = []
    for position in positions:
        try:
            job_descriptions.append(job_description_context(position, user, snapshots=snapshots))
        except Http404:
            continue  # never published: not shown to users who may not see drafts
    by_department = {d.pk: [] for d in departments}
    for jd in job_descriptions:
        by_department[jd["position"].department_id].append(jd)
    parts = []
    for item in departments:
        jds = by_department[item.pk]
        parts.append(
            {
                "department": item,
                "duty_groups": item.duty_groups(),
                "policies": list(item.policies.all()),
                "job_descriptions": jds,
                "chart_svg": department_chart_svg(item, positions=[jd["position"] for jd in jds]),
                **item.staffing([jd["position"] for jd in jds]),
            }
        )
    return {
        "department": department,
        "parts": parts,
        "job_descriptions": job_descriptions,
        "include_sub_departments": include_sub_departments,
        "show_confidential": user.has_perm(CONFIDENTIAL_PERMISSION),
    }
