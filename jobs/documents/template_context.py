"""What a company template (``jobs.models.DocumentTemplate``) may show: plain names and values.

``template_context(jd)`` turns the context of ``jobs.documents.context.job_description_context``
into plain strings, lists and dicts with short English names (``title``, ``duties`` …), so a
template written by HR sees exactly what the reader may see: the context was built for that reader
(published version for managers, salaries only with the 机密 permission — without it
``salary_grade`` and ``salary_level`` are empty strings) and nothing else reaches the template (it is
rendered in Jinja's sandbox, with no model objects in reach).

``PLACEHOLDERS`` lists every name with its meaning; the validation of an uploaded template, the
exported built-in template and its reference document are all read from it, so a name cannot be
offered in one place and missing in another.
"""
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobs.documents.signoff import sign_off_rows
from jobs.standards import version_label


# name → (meaning, the names inside each item/dict or None)
PLACEHOLDERS = {
    "title": (_("position title"), None),
    "code": (_("position code"), None),
    "department": (_("department"), None),
    "department_code": (_("department code"), None),
    "company": (_("company"), None),
    "reports_to": (_("reports to"), None),
    "subordinates": (_("direct subordinates"), None),
    "job_level": (_("job level"), None),
    "job_family": (_("job family"), None),
    "standard": (_("the standard position the document shows sections of, and its version (empty when none)"), None),
    "headcount": (_("headcount"), None),
    "span": (_("span of control"), None),
    "show_confidential": (_("whether the reader may see salaries (true/false)"), None),
    "salary_grade": (_("salary grade (empty for readers without the confidential permission)"), None),
    "salary_level": (_("salary level (empty for readers without the confidential permission)"), None),
    "fill_date": (_("date filled in"), None),
    "effective_date": (_("effective date"), None),
    "version": (_("version"), None),
    "version_label": (_("version as the header prints it: 第 3 版, or 草稿（基于第 2 版） for a draft"), None),
    "status": (_("status"), None),
    "summary": (_("job summary"), None),
    "duties": (_("duties, one item per duty"), ("no", "category", "duty", "tasks", "standard", "weight")),
    "authorities": (_("authorities, one item per authority"), ("no", "category", "text")),
    "supervision_received": (_("supervision received"), None),
    "supervision_given": (_("supervision given"), None),
    "relations": (_("working relationships, one item per party"), ("no", "scope", "party", "content")),
    "career_paths": (_("career paths"), ("promotion", "lateral")),
    "qualifications": (_("qualifications"), (
        "education", "major", "age", "gender", "experience", "training", "knowledge", "skills", "basic_qualities",
        "personality", "physical", "certificates", "languages", "computer_skills", "other",
    )),
    "conditions": (_("working conditions"), (
        "working_hours", "time_pattern", "workload_balance", "travel", "environment", "tools",
    )),
    "kpis": (_("KPIs, one item per indicator"), ("no", "name", "definition", "target", "weight", "period", "data_source")),
    "assessment_note": (_("assessment note"), None),
    "records": (_("records and reports, one item per document"), ("no", "document", "timing", "recipient")),
    "remarks": (_("remarks"), None),
    "document_number": (_("document number"), None),
    "header_line": (_("the header line of the built-in layout: document number, version and effective date"), None),
    "sign_off": (_("sign-off: prepared, reviewed, approved, each with name and date"), ("prepared", "reviewed", "approved")),
}
SIGN_OFF_FIELDS = ("name", "date")
LISTS = ("duties", "authorities", "relations", "kpis", "records")  # the others with names inside are dicts


def _date(day):
    return date_format(day) if day else ""


def _text(value):
    return "" if value is None else str(value)


def _titles(positions):
    return "、".join(p.title for p in positions)


def document_number_and_sign_off(jd):
    """文件编号 and 编制/审核/批准 as the built-in layout prints them (``jobs.documents.controlled``,
    ``jobs.documents.signoff``): the same number and names in every layout."""
    rows = jd.get("sign_off") or sign_off_rows(jd["position"])
    sign_off = {
        key: {"name": name, "date": day} for key, (_label, name, day) in zip(("prepared", "reviewed", "approved"), rows)
    }
    return jd["header"]["number"], sign_off


def template_context(jd, *, company=None):
    """The names of ``PLACEHOLDERS`` for the job description ``jd`` (built for its reader by
    ``job_description_context``): what a company template is filled with. ``company``: the
    department's company when the caller knows it (a handbook: one query per department)."""
    p = jd["position"]
    q = jd["qualification"]
    confidential = jd["show_confidential"]
    duties = []
    for category, items in jd["duty_groups"]:
        for duty in items:
            duties.append({
                "no": len(duties) + 1, "category": str(category), "duty": duty.statement,
                "tasks": "\n".join(duty.task_list), "standard": duty.standard, "weight": _text(duty.time_share),
            })
    authorities = [
        {"no": number, "category": str(category), "text": a.text}
        for number, (category, a) in enumerate(((c, a) for c, items in jd["authority_groups"] for a in items), start=1)
    ]
    relations = [
        {"no": number, "scope": str(scope), "party": r.party, "content": r.content}
        for number, (scope, r) in enumerate(((s, r) for s, items in jd["relation_groups"] for r in items), start=1)
    ]
    received = [p.reports_to.title] if p.reports_to else []
    received += [f"{s.title}{_('(dotted line)')}" for s in jd["dotted_supervisors"]]
    received = "、".join(received)
    if p.supervision_received:
        received = "\n".join(filter(None, (received, p.supervision_received)))
    given = "\n".join(filter(None, (_titles(jd["subordinates"]), p.supervision_given)))
    qualifications = dict.fromkeys(PLACEHOLDERS["qualifications"][1], "")
    if q is not None:
        years = ""
        if q.experience_years is not None:  # as the built-in layout words it: 5年及以上；
            years = ngettext("%(years)s year or more", "%(years)s years or more", q.experience_years) % {
                "years": q.experience_years
            } + "; "
        qualifications.update(
            education=q.get_education_display() + (f"({q.education_note})" if q.education_note else ""),
            major=q.major, age=q.age, gender=q.gender, experience=(years + q.experience).strip(),
            training="; ".join(filter(None, (q.training_subjects, q.training_duration))),
            knowledge=q.knowledge, skills=q.skills, basic_qualities=q.basic_qualities, personality=q.personality,
            physical=q.physical, certificates=q.certificates, languages=q.languages,
            computer_skills=q.computer_skills, other=q.other,
        )
    number, sign_off = document_number_and_sign_off(jd)
    department = p.department
    if company is None and department is not None:
        company = department.company()
    context = {
        "title": p.title,
        "code": p.code,
        "department": department.name if department else "",
        "department_code": department.code if department else "",
        "company": company.name if company else "",
        "reports_to": p.reports_to.title if p.reports_to else "",
        "subordinates": _titles(jd["subordinates"]),
        "job_level": p.job_level.name if p.job_level else "",
        "job_family": p.family.name if p.family else "",
        "standard": version_label(jd["standard"], jd["standard"].version) if jd.get("standard") is not None else "",
        "headcount": _text(p.headcount),
        "span": _text(jd["span"]),
        "show_confidential": confidential,
        "salary_grade": p.salary_grade if confidential else "",
        "salary_level": p.salary_level if confidential else "",
        "fill_date": _date(p.fill_date),
        "effective_date": jd["header"]["effective_date"],
        "version": _text(p.version),
        "version_label": jd["header"]["version"],
        "status": _text(p.get_status_display()),
        "summary": p.summary,
        "duties": duties,
        "authorities": authorities,
        "supervision_received": received,
        "supervision_given": given,
        "relations": relations,
        "career_paths": {
            "promotion": "、".join(filter(None, [*(t.title for t in jd["promotion_targets"]), p.promotion_note])),
            "lateral": "、".join(filter(None, [*(t.title for t in jd["lateral_moves"]), p.lateral_note])),
        },
        "qualifications": qualifications,
        "conditions": {name: getattr(p, name) for name in PLACEHOLDERS["conditions"][1]},
        "kpis": [
            {"no": number, "name": k.name, "definition": k.definition, "target": k.target, "weight": _text(k.weight),
             "period": _text(k.get_period_display()), "data_source": k.data_source}
            for number, k in enumerate(jd["kpis"], start=1)
        ],
        "assessment_note": p.assessment_note,
        "records": [
            {"no": number, "document": r.document, "timing": r.timing, "recipient": r.recipient}
            for number, r in enumerate(jd["records"], start=1)
        ],
        "remarks": p.remarks,
        "document_number": number,
        "header_line": jd["header"]["line"],
        "sign_off": sign_off,
    }
    assert context.keys() == PLACEHOLDERS.keys()
    return context
