"""Read job descriptions (岗位说明书) written in Word: the import's phases 1 to 3 for documents.

``read_docx`` turns a document into its parts, in order: one :class:`Draft` per job description
and one :class:`DepartmentDraft` per department part (部门职责 followed by the department's job
descriptions).  How a document is read — body order, tables and paragraphs, labels beside or
below their values, numbered items, headings — is described in :mod:`.word_reader`; the words
it knows in :mod:`.word_labels`.  Whatever a part does not place in a field is in its
``unread`` list, with its text.

``parsed_sheets`` turns the parts into the parsed rows the workbook import makes (a 岗位 row per
job description carrying its 任职资格 and rows, a 部门 row per department part carrying its 部门职责),
so that the same resolving and writing phases match them to stored records (by 岗位编号, else by
title and department; a department by code, else by name), merge them (what a document does not
say is kept) and keep the job descriptions as drafts (a position the import changes becomes a
draft; one it leaves unchanged keeps its status, so a document's 版本/状态 lines change nothing).
"""
import io
import zipfile

from django.utils.translation import gettext as _

from jobs.importing.parsing import ParsedRow, ParsedSheet
from jobs.importing.report import RowResult
from jobs.importing.word_body import Body
from jobs.importing.word_placing import DepartmentDraft, Draft
from jobs.importing.word_reader import Reader
from kernel.archives import ArchiveLimits, ArchiveRefused, check_archive
from kernel.document_identity import made_by_this_app

__all__ = ["DepartmentDraft", "Draft", "UnreadableDocument", "as_shown", "parsed_sheets", "read_docx"]

CONFIDENTIAL = ("salary_grade", "salary_level")
# A job description shows these rows grouped (duties by category …), in the order of the choices.
GROUPED_ROWS = {"duties": "category", "authorities": "category", "relations": "scope"}


class UnreadableDocument(Exception):
    pass


def read_docx(*, content, source="document.docx"):
    """The parts of one .docx, in document order: drafts of job descriptions and department parts."""
    from docx import Document

    file = {"file": source}
    if not content:
        raise UnreadableDocument(_("“%(file)s” is empty. Choose a job description in Word (.docx).") % file)
    if content[:4] != b"PK\x03\x04":
        raise UnreadableDocument(
            _("“%(file)s” is not a .docx file of Word 2007 or later. Save an old .doc as .docx in Word.") % file
        )
    try:
        check_archive(content, ArchiveLimits.for_documents())  # limits checked, parts unpacked safely once, first
        document = Document(io.BytesIO(content))
    except ArchiveRefused as error:
        raise UnreadableDocument(_("“%(file)s”: %(error)s") % {**file, "error": error}) from error
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(
            _("“%(file)s” is damaged or not a Word document: it cannot be opened. Save it as .docx again in Word.") % file
        ) from error
    except Exception as error:
        raise UnreadableDocument(_("“%(file)s” cannot be read as a Word document. Save it as .docx again.") % file) from error
    reader = Reader(source, app_made=made_by_this_app(document.core_properties.identifier))
    parts = reader.read(Body(document).blocks())
    if not any(isinstance(part, Draft) or not part.is_empty for part in parts):
        raise UnreadableDocument(_(
            "No job description was found in “%(file)s”: there is no label such as “%(label)s” or “%(other_label)s”, "
            "and no heading such as “%(heading)s”. Lay it out as a job description (%(layout)s)."
        ) % {**file, "label": "岗位名称", "other_label": "职务名称", "heading": "××岗位说明书", "layout": "岗位名称 | … | 所在部门 | …"})
    return parts


def parsed_sheets(drafts, *, report, include_confidential=True):
    """{sheet key: ParsedSheet} of the parts ``drafts``: a 岗位 row per job description, carrying its
    qualification and rows; a 部门 row per department part, carrying its duties."""
    sheets = {}
    departments = [draft for draft in drafts if isinstance(draft, DepartmentDraft) and not draft.is_empty]
    if departments:
        sheets["departments"] = _department_sheet(departments, report)
    positions = [draft for draft in drafts if isinstance(draft, Draft)]
    if positions or not departments:
        sheets["positions"] = _position_sheet(positions, report, include_confidential)
    return sheets


def _position_sheet(drafts, report, include_confidential):
    title = _("Job descriptions")
    sheet = report.sheet("positions", title)
    rows, hidden = [], False
    for number, draft in enumerate(drafts, start=len(sheet.rows) + 1):
        values = dict(draft.values)
        if not include_confidential:
            hidden |= any(values.pop(name, None) for name in CONFIDENTIAL)
        result = RowResult(number, f"{draft.code} {draft.title}".strip(), source=draft.source, unread=list(draft.unread))
        row = ParsedRow(draft.source, result, values)
        row.refs["draft_when_changed"] = True
        if draft.qualification:
            row.inline["qualifications"] = dict(draft.qualification)
            row.filled["qualifications"] = list(draft.qualification)
        row.records = {key: items for key, items in draft.rows.items() if items}
        if not draft.title:
            row.problem(
                "岗位名称", _("No position title was found."),
                _("Write the label “%(label)s” with the title in the document, or give it a heading “%(heading)s”.")
                % {"label": "岗位名称", "heading": "××岗位说明书"},
            )
        sheet.rows.append(result)
        rows.append(row)
    if hidden:
        report.warnings.append(_(
            "The salary grade and salary level in the Word documents are confidential and you may not see salaries: "
            "they were not imported."
        ))
    present = {name for row in rows for name in row.values}
    return ParsedSheet("positions", title, rows, present)


def _department_sheet(drafts, report):
    title = _("Department descriptions")
    sheet = report.sheet("departments", title)
    rows = []
    for number, draft in enumerate(drafts, start=len(sheet.rows) + 1):
        label = f"{draft.values.get('code', '')} {draft.name}".strip()
        result = RowResult(number, label, source=draft.source, unread=list(draft.unread))
        row = ParsedRow(draft.source, result, dict(draft.values))
        if draft.duties:
            row.records = {"department_duties": [dict(duty) for duty in draft.duties]}
        if not draft.name and not draft.values.get("code"):
            row.problem(
                "部门名称", _("No department name was found."),
                _("Write the label “%(label)s” with the name, or give it a heading “%(heading)s”.")
                % {"label": "部门名称", "heading": "××部部门职责"},
            )
        sheet.rows.append(result)
        rows.append(row)
    present = {name for row in rows for name in row.values}
    return ParsedSheet("departments", title, rows, present)


def as_shown(key, stored, rows):
    """(``stored`` rows of kind ``key`` in the order a job description shows them, whether the
    document's ``rows`` equal them one for one).

    A document groups duties and authorities by category and relations by scope, so rows stored
    as 业务权, 人事权, 业务权 come back as 业务权, 业务权, 人事权: they are matched in that order, and
    when nothing differs the stored order is kept rather than renumbered.
    """
    name = GROUPED_ROWS.get(key)
    if name and stored:
        ranks = {value: rank for rank, (value, _label) in enumerate(stored[0]._meta.get_field(name).choices)}
        stored = sorted(stored, key=lambda obj: ranks.get(getattr(obj, name), len(ranks)))
    same = len(stored) == len(rows) and all(
        getattr(obj, field) == value for obj, row in zip(stored, rows) for field, value in row.values.items()
    )
    return stored, same
