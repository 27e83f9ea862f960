"""One function builds what a 岗位说明书 shows; the page (and later the Word and PDF
renderers) only format it, so the three can never disagree."""
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from jobs.models import Authority, Duty, WorkRelation

CONFIDENTIAL_PERMISSION = "jobs.view_confidential"
CHINESE_NUMERALS = "一二三四五六七八九十"


def grouped(rows, field, choices):
    """[(label, [row, …]), …] in the order of ``choices``, leaving out empty groups."""
    groups = {value: [] for value in choices.values}
    for row in rows:
        groups.setdefault(getattr(row, field), []).append(row)
    labels = dict(choices.choices)
    return [(labels.get(value, value), items) for value, items in groups.items() if items]


def job_description_context(position, user):
    """Everything the document shows for ``position`` as ``user`` may see it.

    ``position`` should come from ``Position.objects.with_job_description()`` so that
    this function issues no further queries.
    """
    try:
        qualification = position.qualification
    except ObjectDoesNotExist:
        qualification = None
    duties = list(position.duties.all())
    authorities = list(position.authorities.all())
    relations = list(position.relations.all())
    subordinates = list(position.subordinates.all())
    dotted = list(position.dotted_supervisors.all())
    promotions = list(position.promotion_targets.all())
    laterals = list(position.lateral_moves.all())
    kpis = list(position.kpis.all())
    records = list(position.records.all())
    has_tasks = any(duty.tasks for duty in duties)
    has_standards = any(duty.standard or duty.time_share is not None for duty in duties)
    has = {
        "basic": True,
        "content": bool(position.summary or duties or authorities),
        "relations": bool(
            position.reports_to_id or subordinates or dotted or relations or promotions or laterals
            or position.supervision_received or position.supervision_given
            or position.promotion_note or position.lateral_note
        ),
        "qualification": qualification is not None,
        "conditions": any(
            (position.working_hours, position.environment, position.tools, position.time_pattern,
             position.workload_balance, position.travel)
        ),
        "assessment": bool(kpis or position.assessment_note),
        "records": bool(records),
        "remarks": bool(position.remarks),
    }
    titles = {
        "basic": _("Basic data"),
        "content": _("Job content"),
        "relations": _("Working relationships"),
        "qualification": _("Qualifications"),
        "conditions": _("Working conditions"),
        "assessment": _("Assessment"),
        "records": _("Records and reports"),
        "remarks": _("Remarks"),
    }
    present = [key for key, shown in has.items() if shown]
    return {
        "show_confidential": user.has_perm(CONFIDENTIAL_PERMISSION),
        "can_edit": user.has_perm("jobs.change_position"),
        "sections": [
            {"key": key, "number": CHINESE_NUMERALS[index], "title": titles[key]} for index, key in enumerate(present)
        ],
        "qualification": qualification,
        "duty_groups": grouped(duties, "category", Duty.Category),
        "duties_have_tasks": has_tasks,
        "duties_have_standards": has_standards,
        "duty_columns": 2 + has_tasks + has_standards,
        "authority_groups": grouped(authorities, "category", Authority.Category),
        "relation_groups": grouped(relations, "scope", WorkRelation.Scope),
        "subordinates": subordinates,
        "dotted_supervisors": dotted,
        "promotion_targets": promotions,
        "lateral_moves": laterals,
        "kpis": kpis,
        "records": records,
        "span": position.span,
    }
