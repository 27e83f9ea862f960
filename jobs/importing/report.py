"""What an import found and did, sheet by sheet, in words HR can act on."""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobs.importing.sheets import STATUS_LABELS as POSITION_STATUS_WORDS
from jobs.models import Position
from kernel.wording import listing

PREVIEW_ROWS = 300  # rows listed per sheet in a preview; errors are always listed

NEW, CHANGED, UNCHANGED, ERROR, DELETED = "new", "changed", "unchanged", "error", "deleted"
STATUS_LABELS = {
    NEW: gettext_lazy("New"), CHANGED: gettext_lazy("Changed"), UNCHANGED: gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("Error"), DELETED: gettext_lazy("Deleted"),
}


@dataclass(slots=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str
    action: str

    def __str__(self):
        if self.row and self.column:
            text = _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s %(action)s")
        elif self.row:
            text = _("Sheet “%(sheet)s”, row %(row)s: %(message)s %(action)s")
        elif self.column:
            text = _("Sheet “%(sheet)s”, column “%(column)s”: %(message)s %(action)s")
        else:
            text = _("Sheet “%(sheet)s”: %(message)s %(action)s")
        values = {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message, "action": self.action}
        return (text % values).strip()


@dataclass(slots=True)
class RowResult:
    row: int
    label: str
    status: str = UNCHANGED
    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # headers of the columns that change
    diffs: list = field(default_factory=list)  # (header, old value, new value) of each change
    source: str = ""  # the file a row of a document comes from
    unread: list = field(default_factory=list)  # pieces of a document placed in no field (未识别)
    notes: list = field(default_factory=list)  # what was read from the row's words (协作范围：外部（按“客户”判断）)

    @property
    def status_label(self):
        return str(STATUS_LABELS[self.status])


@dataclass(slots=True)
class NewDepartment:
    """A department that rows of the 岗位 sheet name and the import creates."""
    code: str
    name: str
    parent: str = ""  # the name path of the department it goes under; "" at the top level
    rows: list = field(default_factory=list)  # Excel rows of the 岗位 sheet that name it or a level below it

    @property
    def rows_label(self):
        shown = listing(self.rows[:10])
        if len(self.rows) > 10:
            return _("%(rows)s and others, %(count)d rows in all") % {"rows": shown, "count": len(self.rows)}
        return shown


@dataclass
class SheetReport:
    key: str
    title: str
    rows: list = field(default_factory=list)
    deleted: int = 0
    sheet_problems: int = 0  # problems of the sheet as a whole (a column missing or unmapped)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        counts = {status: self.count(status) for status in (NEW, CHANGED, UNCHANGED, ERROR)} | {DELETED: self.deleted}
        counts[ERROR] += self.sheet_problems
        return counts

    @property
    def preview_rows(self):
        """Every row in error, then up to PREVIEW_ROWS others, those with notes first, in file order."""
        errors = [row for row in self.rows if row.status == ERROR]
        others = [row for row in self.rows if row.status != ERROR]
        others = ([row for row in others if row.notes] + [row for row in others if not row.notes])[:PREVIEW_ROWS]
        return sorted(errors + others, key=lambda row: row.row)


@dataclass
class ImportReport:
    dry_run: bool
    sheets: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # file- and sheet-level problems
    warnings: list = field(default_factory=list)
    not_published: int = 0  # changed positions whose row says 已发布: written as drafts, an import never publishes
    reopened: int = 0  # published positions the import changes without 已发布: drafts again
    standards_reopened: int = 0  # published standard positions the import changes: drafts again
    new_departments: list = field(default_factory=list)  # [NewDepartment] named on the 岗位 sheet, made by the import
    mappings: list = field(default_factory=list)  # [SheetMapping]: where each column of each sheet went
    committed: bool = False

    def sheet(self, key, title):
        return self.sheets.setdefault(key, SheetReport(key, title))

    def count_sheet_problems(self):
        """Count each sheet-level problem on its sheet, so that no sheet shows 错误 0 while it has one."""
        for sheet in self.sheets.values():
            sheet.sheet_problems = sum(1 for problem in self.problems if problem.sheet == sheet.title and problem.row is not None)

    @property
    def all_problems(self):
        row_problems = [p for sheet in self.sheets.values() for row in sheet.rows for p in row.problems]
        return self.problems + sorted(row_problems, key=lambda p: (p.sheet, p.row or 0))

    @property
    def ok(self):
        return not self.all_problems

    def summary_lines(self):
        lines = []
        for sheet in self.sheets.values():
            counts = sheet.counts
            values = {
                "sheet": sheet.title, "new": counts[NEW], "changed": counts[CHANGED], "unchanged": counts[UNCHANGED],
                "errors": counts[ERROR], "deleted": counts[DELETED],
            }
            if counts[DELETED]:
                lines.append(_(
                    "%(sheet)s: new %(new)d, changed %(changed)d, unchanged %(unchanged)d, errors %(errors)d, deleted %(deleted)d"
                ) % values)
            else:
                lines.append(_("%(sheet)s: new %(new)d, changed %(changed)d, unchanged %(unchanged)d, errors %(errors)d") % values)
        if self.new_departments:
            values = {"count": len(self.new_departments), "names": listing(d.name for d in self.new_departments[:10])}
            if len(self.new_departments) > 10:
                lines.append(_("New departments: %(count)d (%(names)s and others)") % values)
            else:
                lines.append(_("New departments: %(count)d (%(names)s)") % values)
        if self.not_published:
            lines.append(ngettext(
                "Not published: %(count)d position whose status says “%(published)s” (an import never publishes: "
                "a draft until published)",
                "Not published: %(count)d positions whose status says “%(published)s” (an import never publishes: "
                "drafts until published)",
                self.not_published,
            ) % {"count": self.not_published, "published": POSITION_STATUS_WORDS[Position.Status.PUBLISHED]})
        if self.reopened:
            lines.append(ngettext(
                "Back to draft: %(count)d published position (changed, to be reviewed and published)",
                "Back to draft: %(count)d published positions (changed, to be reviewed and published)",
                self.reopened,
            ) % {"count": self.reopened})
        if self.standards_reopened:
            lines.append(ngettext(
                "Back to draft: %(count)d standard position, published or in review (changed, to be reviewed and published)",
                "Back to draft: %(count)d standard positions, published or in review (changed, to be reviewed and published)",
                self.standards_reopened,
            ) % {"count": self.standards_reopened})
        return lines
