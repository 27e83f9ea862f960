"""What makes a job description a controlled document: the header every page carries — the
company, 文件编号, 版本 and 生效日期 — and how a draft is marked.

The .docx (``word``), the PDF (``jobs/job_description_print.html``) and the page all read the
``header`` that :func:`document_header` builds, so they cannot disagree.

文件编号 comes from ``settings.JD_DOCUMENT_NUMBER``, a ``str.format`` pattern over
:data:`NUMBER_FIELDS`; :func:`number_pattern_problem` is what the system check ``jobs.E001``
reports, and a pattern that slipped past it (a server started without checks) falls back to
:data:`DEFAULT_NUMBER` rather than failing the download.
"""
import string

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from departments.models import COMPANY_KINDS, Department
from jobs.models import Position

DEFAULT_NUMBER = "HR-JD-{code}"
NUMBER_FIELDS = ("code", "department_code", "version")
DRAFT_STATUSES = (Position.Status.DRAFT, Position.Status.REVIEW)


def number_pattern_problem(pattern):
    """None when ``pattern`` is a usable 文件编号 pattern, else what is wrong with it, in words."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "it is empty"
    try:
        fields = [name for _text, name, _spec, _conversion in string.Formatter().parse(pattern) if name is not None]
    except ValueError as error:
        return f"it is not a valid pattern ({error})"
    unknown = sorted({"{" + name + "}" for name in fields if name not in NUMBER_FIELDS})
    if unknown:
        return f"it names {', '.join(unknown)}; the placeholders are {{code}}, {{department_code}} and {{version}}"
    try:
        pattern.format(**{name: "X" for name in NUMBER_FIELDS})
    except (ValueError, IndexError, KeyError, AttributeError) as error:
        return f"it is not a valid pattern ({error})"
    return None


def document_number(position):
    """文件编号 of ``position``'s job description, from ``settings.JD_DOCUMENT_NUMBER``."""
    pattern = getattr(settings, "JD_DOCUMENT_NUMBER", DEFAULT_NUMBER)
    if number_pattern_problem(pattern):
        pattern = DEFAULT_NUMBER
    return pattern.format(code=position.code, department_code=position.department.code, version=position.version)


def is_draft(position):
    return position.status in DRAFT_STATUSES


def version_label(position):
    """第 3 版; a draft: 草稿（基于第 2 版）, or 草稿（未发布） when never published."""
    if is_draft(position):
        if position.approved_at is None:
            return _("Draft (unpublished)")
        return _("Draft (based on version %(version)s)") % {"version": position.version}
    return _("Version %(version)s") % {"version": position.version}


def company_names(departments):
    """{department pk: the name of the company it belongs to} (its own name for a company; the
    top department's when no company is above it). One query for any number of departments,
    none when they are all companies."""
    departments = list(departments)
    names = {d.pk: d.name for d in departments if d.is_company}
    rest = [d for d in departments if d.pk not in names]
    if not rest:
        return names
    trees = {d.tree_id for d in rest}
    above = list(
        Department.objects.filter(Q(kind__in=COMPANY_KINDS) | Q(level=0), tree_id__in=trees)
        .values_list("tree_id", "lft", "rght", "level", "kind", "name")
    )
    for department in rest:
        holders = [row for row in above if row[0] == department.tree_id and row[1] < department.lft and row[2] > department.rght]
        companies = [row for row in holders if row[4] in COMPANY_KINDS]
        chosen = max(companies, key=lambda row: row[3]) if companies else min(holders, key=lambda row: row[3], default=None)
        names[department.pk] = chosen[5] if chosen else department.name
    return names


def labelled(label, value):
    """文件编号：HR-JD-CEO (Document No.: HR-JD-CEO)."""
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def effective_day(position):
    """The day ``position``'s version (the one the reader sees) takes effect: the 生效日期 HR set,
    else the day its published version was approved; None for a draft without one."""
    if position.effective_date:
        return position.effective_date
    if is_draft(position) or position.approved_at is None:
        return None
    return timezone.localdate(position.approved_at)


def document_header(position, *, company):
    """The header of ``position``'s job description (the version the reader sees): company,
    文件编号, the version as the page shows it (第 3 版, or the draft mark), the effective date
    (the 生效日期 HR set, else the approval date of the published version; blank on a draft without
    one), and ``fields``: the line the .docx and PDF headers print beside the company, as
    [(label, value)]. The document's 基本资料 prints the same effective date."""
    number = document_number(position)
    day = date_format(effective_day(position)) if effective_day(position) else ""
    header_version = version_label(position) if is_draft(position) else pgettext(
        "document header", "%(version)s"
    ) % {"version": position.version}
    fields = [(_("Document No."), number), (_("Version"), header_version), (_("Effective date"), day)]
    return {
        "company": company,
        "number": number,
        "version": version_label(position),
        "effective_date": day,
        "draft": is_draft(position),
        "fields": fields,
        "line": "\u3000".join(labelled(label, value) for label, value in fields),
    }
