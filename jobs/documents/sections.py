"""The rows of a 岗位说明书, described once: which labels and values each section shows, in
which order and how they are arranged.

``describe_sections(jd)`` turns the data gathered by ``job_description_context`` into
sections of blocks.  The page and the PDF (``jobs.documents.html``), the .docx
(``jobs.documents.word``) and the side-by-side comparison (``jobs.documents.compare``) only
lay these blocks out, so no output can show a field another one leaves out, and the
confidential salary row is added here or nowhere.

Three kinds of block keep the arrangement of the paper forms:

- ``Pairs``: a bordered table of label/value cells, two pairs to a row in 基本资料, 任职资格
  and 工作条件; a row with a single pair spans the whole width.  An optional heading row
  names the table (权限, grouped by 人事权/财务权/业务权).
- ``Grid``: a table with a header row whose first column numbers the rows (序号) within
  optional groups: duties by category, KPIs, records.
- ``Note``: a paragraph under the tables (考核说明, 备注).

A value is a ``Value``: paragraphs of runs (text, ``Link`` to another page, muted ``Aside``)
or a list (``Items``), so that the page can link and lay out lists while the .docx and the
comparison read the same value as plain text (``str(value)``).
"""
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, ngettext

from jobs.models.standards import SECTIONS_BY_KEY
from jobs.standards import version_label

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Link:
    """Text that links to another page on the site (a position, a department)."""

    text: str
    url: str

    def __str__(self):
        return self.text


class Aside(str):
    """Secondary text the page shows muted: a duty's time share, a training time."""


@dataclass(frozen=True)
class Items:
    """A list inside a cell: numbered (工作任务, 权限) or plain (协作关系)."""

    items: tuple
    ordered: bool = True

    def __str__(self):
        if self.ordered:
            return "\n".join(f"{number}. {item}" for number, item in enumerate(self.items, start=1))
        return "\n".join(self.items)


@dataclass(frozen=True)
class Value:
    """What one cell shows: paragraphs, each a tuple of runs (str, Link, Aside) or an Items."""

    paragraphs: tuple = ()

    def __str__(self):
        return "\n".join(_paragraph_text(paragraph) for paragraph in self.paragraphs)

    def __bool__(self):
        return bool(self.paragraphs)


def _paragraph_text(paragraph):
    return str(paragraph) if isinstance(paragraph, Items) else "".join(str(run) for run in paragraph).strip()


def value(*paragraphs):
    """A Value from paragraphs given as text, a Link, a list of runs or an Items; empty ones are left out."""
    kept = []
    for paragraph in paragraphs:
        if isinstance(paragraph, Items):
            if paragraph.items:
                kept.append(paragraph)
            continue
        runs = paragraph if isinstance(paragraph, (list, tuple)) else [paragraph]
        runs = tuple(run if isinstance(run, (Link, Aside)) else str(run) for run in runs if run not in (None, ""))
        if any(str(run).strip() for run in runs):
            kept.append(runs)
    return Value(tuple(kept))


def joined(runs, separator="、"):
    """``runs`` (text or links) with ``separator`` between them, as one paragraph."""
    result = []
    for run in runs:
        if run in (None, ""):
            continue
        if result:
            result.append(separator)
        result.append(run)
    return result


@dataclass(frozen=True)
class Field:
    label: str
    value: Value

    def __post_init__(self):  # labels are field names: "position title" reads "Position title"
        object.__setattr__(self, "label", capfirst(str(self.label)))


@dataclass(frozen=True)
class Row:
    """One or two label/value pairs side by side; ``css`` marks rows such as the confidential one."""

    fields: tuple
    css: str = ""


@dataclass
class Pairs:
    """A bordered label/value table.

    ``per_row`` pairs fit in a row; a row with fewer spans the rest.  ``fixed_labels``: label
    cells of one width, values wrapped anywhere (``False`` for 基本资料, whose columns size
    themselves as on the paper form).
    """

    rows: list
    per_row: int = 2
    heading: str = ""
    fixed_labels: bool = True
    css: str = ""


@dataclass(frozen=True)
class Column:
    """A column of a ``Grid``; ``weight``: its share of the width among the text columns (the
    .docx sets column widths from it: 序号 and short values narrow, the duty text wide)."""

    label: str
    css: str = "text"  # "num": centred figures; "": short values that need no wrapping
    weight: float = 1

    def __post_init__(self):
        object.__setattr__(self, "label", capfirst(str(self.label)))


@dataclass
class Grid:
    """A table of rows under a header; the first column is the row's number (序号) in its group.

    ``groups`` is [(group title or "", [row, …]), …], a row being a tuple of Values, one per
    column.  ``name`` says what a row is where it stands alone (考核指标 1 in the comparison).
    """

    name: str
    columns: tuple
    groups: list
    css: str = ""
    row_css: str = ""

    def __post_init__(self):
        self.name = capfirst(str(self.name))


@dataclass
class Note:
    """A paragraph under the tables; ``label`` names it where it stands alone (the comparison)."""

    label: str
    value: Value

    def __post_init__(self):
        self.label = capfirst(str(self.label))


def pair(label, *paragraphs):
    return Field(str(label), value(*paragraphs))


def _date(day):
    return date_format(day) if day else ""


def _number(number):
    return "" if number is None else str(number)


def _links(positions):
    return [Link(p.title, p.get_absolute_url()) for p in positions]


def _standard(jd):
    """The row naming the standard position and the version of it the document shows, if any."""
    standard = jd.get("standard")
    if standard is None:
        return []
    return [Row((pair(_("standard position"), Link(version_label(standard, standard.version), standard.get_absolute_url())),))]


def _basic(jd):
    p = jd["position"]
    reports_to = Link(p.reports_to.title, p.reports_to.get_absolute_url()) if p.reports_to else ""
    rows = [
        Row((pair(_("position title"), p.title), pair(_("position code"), p.code))),
        Row((pair(_("department"), Link(p.department.name, p.department.get_absolute_url())),
             pair(_("reports to"), reports_to))),
        Row((pair(_("direct subordinates"), joined(_links(jd["subordinates"])) or _("None")),)),
        Row((pair(_("job level"), p.job_level.name if p.job_level else ""),
             pair(_("job family"), p.family.name if p.family else ""))),
        *_standard(jd),
        Row((pair(_("headcount"), _number(p.headcount)), pair(_("span of control"), str(jd["span"])))),
    ]
    if jd["show_confidential"]:
        rows.append(Row((pair(_("salary grade"), p.salary_grade), pair(_("salary level"), p.salary_level)), css="confidential"))
    if jd["headed_departments"]:
        departments = [Link(d.name, d.get_absolute_url()) for d in jd["headed_departments"]]
        rows.append(Row((pair(_("departments headed"), joined(departments)),)))
    rows += [
        # 生效日期 when HR set one (the header prints the same); else the header's approval date alone
        Row((pair(_("date filled in"), _date(p.fill_date)), *([pair(_("effective date"), _date(p.effective_date))] if p.effective_date else []))),
        Row((pair(_("version"), str(p.version)), pair(_("status"), p.get_status_display()))),
    ]
    return [Pairs(rows, fixed_labels=False)]


def _duty_grid(jd):
    columns = [Column(_("No."), "num"), Column(_("duty statement"), weight=2)]
    if jd["duties_have_tasks"]:
        columns.append(Column(_("tasks"), weight=2))
    if jd["duties_have_standards"]:
        columns.append(Column(_("work standard"), weight=1.5))
    groups = []
    for category, duties in jd["duty_groups"]:
        rows = []
        for number, duty in enumerate(duties, start=1):
            row = [value(str(number)), value(duty.statement)]
            if jd["duties_have_tasks"]:
                row.append(value(Items(tuple(duty.task_list))))
            if jd["duties_have_standards"]:
                share = [" ", Aside(f"({duty.time_share}%)")] if duty.time_share is not None else []
                row.append(value([duty.standard, *share]))
            rows.append(tuple(row))
        groups.append((str(category), rows))
    return Grid(_("duties"), tuple(columns), groups, css="duties", row_css="duty")


def _content(jd):
    blocks = []
    if jd["position"].summary:
        blocks.append(Pairs([Row((pair(_("job summary"), jd["position"].summary),))], per_row=1))
    if jd["duty_groups"]:
        blocks.append(_duty_grid(jd))
    if jd["authority_groups"]:
        rows = [
            Row((pair(category, Items(tuple(a.text for a in authorities))),))
            for category, authorities in jd["authority_groups"]
        ]
        blocks.append(Pairs(rows, per_row=1, heading=_("Authorities"), css="authorities"))
    return blocks


def _relations(jd):
    p = jd["position"]
    received = [Link(p.reports_to.title, p.reports_to.get_absolute_url())] if p.reports_to else []
    for supervisor in jd["dotted_supervisors"]:
        received += ["、"] if received else []
        received += [Link(supervisor.title, supervisor.get_absolute_url()), _("(dotted line)")]
    rows = [
        Row((pair(_("supervision received"), received, p.supervision_received),)),
        Row((pair(_("supervision given"), joined(_links(jd["subordinates"])), p.supervision_given),)),
    ]
    for scope, relations in jd["relation_groups"]:
        parties = tuple(r.party + (f":{r.content}" if r.content else "") for r in relations)
        rows.append(Row((pair(scope, Items(parties, ordered=False)),)))
    if jd["promotion_targets"] or p.promotion_note:
        rows.append(Row((pair(_("promotion targets"), joined([*_links(jd["promotion_targets"]), p.promotion_note])),)))
    if jd["lateral_moves"] or p.lateral_note:
        rows.append(Row((pair(_("lateral moves"), joined([*_links(jd["lateral_moves"]), p.lateral_note])),)))
    return [Pairs(rows, per_row=1)]


def _qualification(jd):
    q = jd["qualification"]
    education = q.get_education_display() + (f"({q.education_note})" if q.education_note else "")
    rows = [Row((pair(_("minimum education"), education), pair(_("major"), q.major)))]
    if q.age or q.gender:
        rows.append(Row((pair(_("age requirement"), q.age), pair(_("gender requirement"), q.gender))))
    if q.training_subjects or q.training_duration:
        duration = Aside(f"{_('training time')}:{q.training_duration}") if q.training_duration else ""
        rows.append(Row((pair(_("training before starting"), q.training_subjects, duration),)))
    if q.experience or q.experience_years is not None:
        years = ""
        if q.experience_years is not None:
            years = ngettext("%(years)s year or more", "%(years)s years or more", q.experience_years) % {
                "years": q.experience_years
            } + "; "
        rows.append(Row((pair(_("work experience"), years + q.experience),)))
    for label, text in (
        (_("knowledge"), q.knowledge), (_("skills"), q.skills), (_("basic qualities"), q.basic_qualities),
        (_("personality"), q.personality), (_("physical requirements"), q.physical), (_("certificates"), q.certificates),
    ):
        if text:
            rows.append(Row((pair(label, text),)))
    if q.languages or q.computer_skills:
        rows.append(Row((pair(_("foreign languages"), q.languages), pair(_("computer skills"), q.computer_skills))))
    if q.other:
        rows.append(Row((pair(_("other requirements"), q.other),)))
    return [Pairs(rows)]


def _conditions(jd):
    p = jd["position"]
    rows = [
        Row((pair(_("working hours"), p.working_hours), pair(_("working time pattern"), p.time_pattern))),
        Row((pair(_("workload balance"), p.workload_balance), pair(_("business travel"), p.travel))),
    ]
    if p.environment:
        rows.append(Row((pair(_("working environment"), p.environment),)))
    if p.tools:
        rows.append(Row((pair(_("tools and equipment"), p.tools),)))
    return [Pairs(rows)]


def _assessment(jd):
    blocks = []
    if jd["kpis"]:
        columns = (
            Column(_("No."), "num"), Column(_("indicator")), Column(_("definition or formula"), weight=2), Column(_("target")),
            Column(_("weight (%)"), "num"), Column(_("period"), ""), Column(_("data source")),
        )
        rows = [
            tuple(value(text) for text in (
                str(number), k.name, k.definition, k.target, _number(k.weight), k.get_period_display(), k.data_source,
            ))
            for number, k in enumerate(jd["kpis"], start=1)
        ]
        blocks.append(Grid(_("KPIs"), columns, [("", rows)], css="kpis"))
    if jd["position"].assessment_note:
        blocks.append(Note(_("assessment note"), value(jd["position"].assessment_note)))
    return blocks


def _records(jd):
    columns = (Column(_("No."), "num"), Column(_("document"), weight=2), Column(_("when prepared"), ""), Column(_("recipient")))
    rows = [
        tuple(value(text) for text in (str(number), r.document, r.timing, r.recipient))
        for number, r in enumerate(jd["records"], start=1)
    ]
    return [Grid(_("records and reports"), columns, [("", rows)])]


def _remarks(jd):
    return [Note(_("remarks"), value(jd["position"].remarks))]


def _shows_content(jd):
    return bool(jd["position"].summary or jd["duty_groups"] or jd["authority_groups"])


def _shows_relations(jd):
    p = jd["position"]
    return bool(
        p.reports_to_id or jd["subordinates"] or jd["dotted_supervisors"] or jd["relation_groups"]
        or jd["promotion_targets"] or jd["lateral_moves"]
        or p.supervision_received or p.supervision_given or p.promotion_note or p.lateral_note
    )


def _shows_conditions(jd):
    p = jd["position"]
    return any((p.working_hours, p.environment, p.tools, p.time_pattern, p.workload_balance, p.travel))


# The sections in the order of the paper forms: (key, title, shown when, blocks).
SECTIONS = (
    ("basic", gettext_lazy("Basic data"), lambda jd: True, _basic),
    ("content", gettext_lazy("Job content"), _shows_content, _content),
    ("relations", gettext_lazy("Working relationships"), _shows_relations, _relations),
    ("qualification", gettext_lazy("Qualifications"), lambda jd: jd["qualification"] is not None, _qualification),
    ("conditions", gettext_lazy("Working conditions"), _shows_conditions, _conditions),
    ("assessment", gettext_lazy("Assessment"), lambda jd: bool(jd["kpis"] or jd["position"].assessment_note), _assessment),
    ("records", gettext_lazy("Records and reports"), lambda jd: bool(jd["records"]), _records),
    ("remarks", gettext_lazy("Remarks"), lambda jd: bool(jd["position"].remarks), _remarks),
)
SECTION_KEYS = tuple(key for key, *_rest in SECTIONS)


def section_heading(index, title):
    """一、基本资料 in Chinese, 1. Basic data in other languages."""
    if get_language().startswith("zh"):
        return f"{CHINESE_NUMERALS[index]}、{title}"
    return f"{index + 1}. {title}"


# Where each part a position inherits from its standard position (jobs.models.standards) is shown.
INHERITED_IN = {
    "level": "basic", "family": "basic", "summary": "content", "duties": "content", "authorities": "content",
    "relations": "relations", "career": "relations", "qualification": "qualification", "conditions": "conditions",
    "kpis": "assessment", "records": "records",
}


def _inherited(jd, key):
    """The labels of the parts of section ``key`` that ``jd`` shows from its standard position."""
    return [str(SECTIONS_BY_KEY[part].label) for part in jd.get("inherited", ()) if INHERITED_IN.get(part) == key]


def describe_sections(jd):
    """[{"key", "number", "title", "heading", "blocks", "inherited"}, …]: the sections ``jd`` shows,
    numbered 一、二、… (1. 2. … in English); ``inherited``: the labels of its parts that come from
    the position's standard position (the page marks them for HR)."""
    present = [(key, title, blocks) for key, title, shown, blocks in SECTIONS if shown(jd)]
    return [
        {"key": key, "number": CHINESE_NUMERALS[index], "title": title, "heading": section_heading(index, title),
         "blocks": blocks(jd), "inherited": _inherited(jd, key)}
        for index, (key, title, blocks) in enumerate(present)
    ]
