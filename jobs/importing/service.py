"""Import a whole organisation from one workbook: all rows or none.

The import runs in five phases over explicit state, each in its own module:

1. read the file into tables of cells (:mod:`.reading`);
2. map columns: which sheet each table is and where each column goes (:mod:`.mapping`);
3. parse rows: cells to values, no database access (:mod:`.parsing`);
4. resolve references against the database into a plan, checking every row (:mod:`.resolving`);
5. write the plan in one transaction (:mod:`.writing`).

Nothing is written unless every row of every sheet is valid.  A dry run (the preview) goes
through the very same first four phases and stops before writing: what it reports (new, changed,
unchanged, deleted rows, new departments, publications) is what the resolver decided, which is
what the writer then writes. It takes no lock and writes nothing, so a preview never waits for, or
blocks, someone editing the organisation.
"""
import zipfile

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from departments.models import Department
from jobs.importing.mapping import check_mappings, map_tables
from jobs.importing.parsing import parse
from jobs.importing.reading import DOCUMENTS, DOCX, XLSX, UnreadableFile, docx_content, file_kind, read_tables
from jobs.importing.report import ImportReport, Problem
from jobs.importing.resolving import Resolver
from jobs.importing.word import UnreadableDocument, parsed_sheets, read_docx
from jobs.importing.writing import Writer, note_publications
from jobs.models import Position
from kernel import versions
from kernel.archives import OLE2_SIGNATURE, ArchiveLimits, ArchiveRefused, check_archive, check_compound_file
from kernel.locks import lock_trees


REASON_LENGTH = 100  # django-simple-history's history_change_reason


class _Rollback(Exception):
    pass


def import_workbook(*, content, filename="", **options):
    """Import one spreadsheet (``content``, the bytes of an xlsx/xls/et/csv/tsv/json file): ``import_files``."""
    return import_files(files=[(filename, content)], **options)


def import_files(
    *, files, encoding="auto", dry_run=False, sheet=None, progress=None, include_confidential=True, user=None,
    mapping=None, saved_mappings=(),
):
    """Import ``files`` ([(name, bytes)]: spreadsheets and Word documents, each recognised by its
    content) together, all rows of all files or none; return an :class:`ImportReport`.

    Nothing is written unless every row is valid; with ``dry_run`` nothing is written at all.
    ``progress(step)`` is called as each stage finishes (for a progress bar).  Without
    ``include_confidential`` the salary columns are ignored (and the preview says so).
    ``mapping`` ({sheet name: {column key: target id or ""}}) is the user's choice of columns;
    ``saved_mappings`` are proposed for tables of their shape.
    """
    report = ImportReport(dry_run=dry_run)
    step = progress or (lambda name: None)
    parsed, drafts, kinds = {}, [], set()
    for name, content in files:
        kind = file_kind(content, name) if content else XLSX
        kinds.add(DOCX if kind in DOCUMENTS else XLSX)
        try:
            if kind in DOCUMENTS or name.lower().endswith(".docx"):
                drafts.extend(read_docx(content=docx_content(content, kind), source=name))
                continue
            tables = read_tables(content=content, filename=name, encoding=encoding)
        except (UnreadableFile, UnreadableDocument) as error:
            report.problems.append(Problem(name or gettext("File"), None, "", str(error), ""))
            continue
        mappings = map_tables(tables, report=report, sheet_hint=sheet, chosen=mapping, saved_mappings=saved_mappings)
        check_mappings(mappings, report=report, include_confidential=include_confidential)
        report.mappings.extend(mappings)
        _merge(parsed, parse(mappings, report=report))
    if drafts:
        _merge(parsed, parsed_sheets(drafts, report=report, include_confidential=include_confidential))
    if not parsed:
        report.count_sheet_problems()
        return report
    step("read")
    step("parse")
    names = "、".join(name for name, _content in files) or "-"
    if kinds == {DOCX}:
        reason = gettext("Word import: %(file)s") % {"file": names}
    else:
        reason = gettext("Workbook import: %(file)s") % {"file": names}
    if len(reason) > REASON_LENGTH:  # the history's reason column: many files are named by the first ones
        reason = reason[: REASON_LENGTH - 8] + f"… ({len(files)})"
    try:
        with transaction.atomic():
            if not dry_run:
                _lock_trees()
            plan = Resolver(parsed, report).resolve(step)
            if not report.ok:
                raise _Rollback
            if dry_run:  # the preview: everything is decided and counted, nothing is written or locked
                note_publications(report, *plan.publications(), standards=plan.standards_reopened())
                raise _Rollback
            Writer(plan, report=report, user=user, reason=reason, step=step).write()
            # Bulk writes send no signals: the charts' version and the kept documents' generation
            # are raised here, when this transaction commits.
            versions.raise_on_commit(versions.ORGANISATION)
            versions.raise_on_commit(versions.DOCUMENTS)
    except _Rollback:
        pass
    except (DatabaseError, ValidationError) as error:
        report.problems.append(Problem(
            gettext("Database"), None, "", gettext("Writing failed and everything was undone: %(error)s") % {"error": error},
            gettext("Check the file and try again; if it fails again, contact the administrator."),
        ))
    else:
        report.committed = True
    report.count_sheet_problems()
    return report


def refused_files(files):
    """A report with the files refused on sight — a zip or Office 97 file over the limits, damaged,
    a bomb — checked without unpacking anything whole and without the database; an empty report
    when there are none. The import page runs it before keeping an upload or handing it to a
    worker, so that a hostile file is refused at once and never stored."""
    report = ImportReport(dry_run=True)
    for name, content in files:
        if not content:
            continue
        kind = file_kind(content, name)
        limits = ArchiveLimits.for_documents() if kind in DOCUMENTS or name.lower().endswith(".docx") else ArchiveLimits.for_workbooks()
        try:
            if content[:8] == OLE2_SIGNATURE:
                check_compound_file(content, limits)
            elif content[:4] == b"PK\x03\x04":
                check_archive(content, limits)
        except ArchiveRefused as error:
            report.problems.append(Problem(name or "-", None, "", str(error), ""))
        except zipfile.BadZipFile:
            continue  # damaged: the preview says so in its own words
    return report


def map_files(*, files, encoding="auto", mapping=None, saved_mappings=()):
    """Only the first two phases: the [SheetMapping] of the spreadsheets among ``files``, for a page
    that lets the user choose the columns (Word documents have no columns; unreadable files none)."""
    report = ImportReport(dry_run=True)
    for name, content in files:
        if not content or file_kind(content, name) in DOCUMENTS or name.lower().endswith(".docx"):
            continue
        try:
            tables = read_tables(content=content, filename=name, encoding=encoding)
        except UnreadableFile:
            continue
        report.mappings.extend(map_tables(tables, report=report, chosen=mapping, saved_mappings=saved_mappings))
    return report.mappings


def _merge(parsed, more):
    """Add the parsed sheets ``more`` (of one file) to ``parsed`` (of the files before it)."""
    for key, sheet in more.items():
        if key in parsed:
            parsed[key].rows.extend(sheet.rows)
            parsed[key].present |= sheet.present
        else:
            parsed[key] = sheet


def _lock_trees():
    """Keep other tree writers off both trees from the first read to the commit, so the tree
    numbers computed from that read stay true."""
    lock_trees(Department, Position)
