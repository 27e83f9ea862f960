"""Two job descriptions side by side, section by section, with the differing rows marked."""
from django.utils.translation import gettext_lazy as _


def _titles(positions):
    return "、".join(p.title for p in positions)


def _lines(rows, render):
    return "\n".join(render(row) for row in rows)


def comparable_fields(jd):
    """[(section title, [(label, text), …]), …] — plain text, so any two positions line up."""
    p, q = jd["position"], jd["qualification"]
    basic = [
        (_("position title"), p.title),
        (_("department"), p.department.name),
        (_("reports to"), p.reports_to.title if p.reports_to else ""),
        (_("direct subordinates"), _titles(jd["subordinates"])),
        (_("job level"), p.job_level.name if p.job_level else ""),
        (_("headcount"), "" if p.headcount is None else str(p.headcount)),
        (_("span of control"), str(jd["span"])),
    ]
    if jd["show_confidential"]:
        basic += [(_("salary grade"), p.salary_grade), (_("salary level"), p.salary_level)]
    content = [(_("job summary"), p.summary)]
    content += [
        (str(category), _lines(duties, lambda d: f"{d.statement}" + (f"({d.standard})" if d.standard else "")))
        for category, duties in jd["duty_groups"]
    ]
    content += [(str(category), _lines(items, lambda a: a.text)) for category, items in jd["authority_groups"]]
    relations = [(str(scope), _lines(items, lambda r: r.party)) for scope, items in jd["relation_groups"]]
    relations += [
        (_("dotted-line supervisors"), _titles(jd["dotted_supervisors"])),
        (_("promotion targets"), "、".join(filter(None, [_titles(jd["promotion_targets"]), p.promotion_note]))),
        (_("lateral moves"), "、".join(filter(None, [_titles(jd["lateral_moves"]), p.lateral_note]))),
    ]
    qualification = []
    if q is not None:
        qualification = [
            (_("minimum education"), q.get_education_display()), (_("major"), q.major), (_("age requirement"), q.age),
            (_("work experience"), q.experience), (_("knowledge"), q.knowledge), (_("skills"), q.skills),
            (_("basic qualities"), q.basic_qualities), (_("personality"), q.personality), (_("certificates"), q.certificates),
        ]
    conditions = [
        (_("working hours"), p.working_hours), (_("working environment"), p.environment), (_("tools and equipment"), p.tools),
        (_("working time pattern"), p.time_pattern), (_("workload balance"), p.workload_balance), (_("business travel"), p.travel),
    ]
    assessment = [(_("KPIs"), _lines(jd["kpis"], lambda k: k.name + (f" {k.weight}%" if k.weight is not None else "")))]
    records = [(_("Records and reports"), _lines(jd["records"], lambda r: r.document))]
    return [
        (_("Basic data"), basic), (_("Job content"), content), (_("Working relationships"), relations),
        (_("Qualifications"), qualification), (_("Working conditions"), conditions), (_("Assessment"), assessment),
        (_("Records and reports"), records), (_("Remarks"), [(_("remarks"), p.remarks)]),
    ]


def compare_job_descriptions(left, right):
    """[{"title", "rows": [{"label", "left", "right", "differs"}]}], empty rows on both sides left out."""
    sections = []
    for (title, left_fields), (_title, right_fields) in zip(comparable_fields(left), comparable_fields(right)):
        labels = list(dict.fromkeys([str(label) for label, _v in left_fields] + [str(label) for label, _v in right_fields]))
        left_map = {str(label): value or "" for label, value in left_fields}
        right_map = {str(label): value or "" for label, value in right_fields}
        rows = [
            {"label": label, "left": left_map.get(label, ""), "right": right_map.get(label, ""),
             "differs": left_map.get(label, "") != right_map.get(label, "")}
            for label in labels
            if left_map.get(label) or right_map.get(label)
        ]
        if rows:
            sections.append({"title": title, "rows": rows})
    return sections
