"""Read the blocks of a Word document (:mod:`.word_body`) into job descriptions and department parts.

The reader goes through the document once, in order, keeping a little state, as a person reads a
form:

- **where it is**: the part being read — a job description (:class:`Draft`) or a department's
  duties (:class:`DepartmentDraft`) — and the *receiver*, the field or list that text without a
  label goes to: the last section heading (一、任职资格 → requirements read by their words), or a
  label left without a value (“工作职责：” followed by 1、… 2、… items);
- **what starts a part**: a 岗位名称/职务名称/职位名称 label when the current job already has a title,
  a heading such as “市场总监岗位说明书”, a department heading (“拓展部部门职责”, “集团客户部职责概述”)
  or a label only a department has (部门名称, 部门性质, 管理职能 …);
- **tables**: a row of labels with their values beside (岗位名称 | 销售员 | 岗位编号 | …) or below (a row of
  labels over a row of values), cells holding “label：value”, and tables with a header row
  (序号 | 职责描述 | 工作标准, KPIs, records, 一级职能 | 二级职能) whose rows are records, grouped by
  single-cell rows (主要职责/日常工作) or by a merged first column;
- **paragraphs**: “岗位名称：… 所在部门：…” pairs, several to a line, and items numbered 1、/（1）/①/一、
  or by Word itself, a sub-item of another style being a task of the duty above it.

Everything else that is not a label, a value placed in a field, or known page furniture goes to
the part's ``unread`` list with its text, so that the preview shows what was not taken.
"""
import re
from dataclasses import dataclass, field

from departments.sheets import KIND_LABELS
from jobs.importing.word_body import Paragraph
from jobs.importing.word_labels import (
    DEPARTMENT, DEPARTMENT_DUTIES, DEPARTMENT_ONLY, DERIVED, DUTY_PART, GROUP, LINKS, NUMBER, POSITION, QUALIFICATION, ROWS,
    SECTION, SUPERVISION, UNPLACED, Target, authority_categories, department_heading, department_labels, document_title,
    dotted_line_marks, duties_of, duty_categories, grid_columns, is_department_name, is_furniture, job_title_heading, label_key, lookup, none_words, numbering, periods,
    position_labels, scopes, training_time_labels,
)
from jobs.importing import word_values as values_of
from jobs.models import Duty, WorkRelation

ROW_KINDS = ("duties", "authorities", "kpis", "relations", "records")
BLANK_CODES = {"", "不填", "无", "暂无", "待定", "/", "-", "—"}
BLANK_VALUES = {"", "人", "名", "个", "/", "-", "—", "——", "无"}
TITLE = Target(POSITION, "title")
LIST_KINDS = (ROWS, DEPARTMENT_DUTIES, SECTION)


@dataclass
class Draft:
    """One job description read from Word, before it is saved: the values of the 岗位 sheet's
    columns, the 任职资格, the rows by kind, and the pieces of text placed nowhere."""

    source: str
    values: dict = field(default_factory=dict)
    qualification: dict = field(default_factory=dict)
    rows: dict = field(default_factory=lambda: {key: [] for key in ROW_KINDS})
    unread: list = field(default_factory=list)
    heading: str = ""  # the title a heading gave (市场总监岗位说明书), used when no 岗位名称 label does
    department_part: object = None  # the DepartmentDraft the job description follows, if any

    @property
    def title(self):
        return self.values.get("title", "")

    @property
    def code(self):
        return self.values.get("code", "")

    @property
    def counts(self):
        return {key: len(rows) for key, rows in self.rows.items()}

    @property
    def is_empty(self):
        return not (self.values or self.qualification or any(self.rows.values()))


@dataclass
class DepartmentDraft:
    """A department's part of a document (部门职责): values of the 部门 sheet and its duties."""

    source: str
    values: dict = field(default_factory=dict)
    duties: list = field(default_factory=list)  # [{"function", "text"}]
    unread: list = field(default_factory=list)

    @property
    def name(self):
        return self.values.get("name", "")

    @property
    def is_empty(self):
        return not (set(self.values) - {"name"} or self.duties)


@dataclass
class Grid:
    """A table with a header row: which field each grid column fills, and the current group."""

    sheet: str
    columns: dict  # grid column -> (sheet key or NUMBER, field)
    group: str = ""

    def field_at(self, cell):
        for column in range(cell.column, cell.column + cell.span):
            if column in self.columns and self.columns[column][0] != NUMBER:
                return self.columns[column]
        for column in range(cell.column, cell.column + cell.span):
            if column in self.columns:
                return self.columns[column]
        return None


class Reader:
    def __init__(self, source, *, app_made=False):
        self.source, self.app_made = source, app_made
        self.parts, self.current, self.preamble = [], None, []
        self.receiver, self.section, self.duty, self.duty_style, self.list_style = None, None, None, None, None
        self.after_title = False
        self.document_department = ""  # the department the document's title names (市场拓展部管理制度)
        self.heading_text = ""  # the last heading no rule took: the name of a department part that follows

    # ---- parts ------------------------------------------------------------------------------
    def start_job(self, heading=""):
        department = self.current if isinstance(self.current, DepartmentDraft) else getattr(self.current, "department_part", None)
        self.current = Draft(self.source, heading=heading, department_part=department)
        self.parts.append(self.current)
        self.receiver, self.section, self.duty, self.duty_style = None, None, None, None

    def start_department(self, name=""):
        self.current = DepartmentDraft(self.source)
        if name:
            self.current.values["name"] = name
        self.parts.append(self.current)
        self.receiver, self.section, self.duty, self.duty_style = None, None, None, None

    def job(self):
        if not isinstance(self.current, Draft):
            self.start_job()
        return self.current

    def unread(self, text):
        text = text.strip()
        if text:
            (self.current.unread if self.current is not None else self.preamble).append(text)

    def lookup(self, text):
        """The Target of ``text`` as a label where the reader is (None: not a label)."""
        if isinstance(self.current, DepartmentDraft):
            target = lookup(department_labels(), text)
            if target is None and lookup(position_labels(), text) == TITLE:
                return TITLE
            return target
        if label_key(text) in DEPARTMENT_ONLY:
            return lookup(department_labels(), text)
        return lookup(position_labels(), text)

    def before_label(self, target):
        """Start the part a label belongs to."""
        if target == TITLE and (not isinstance(self.current, Draft) or self.current.title):
            self.start_job()
        elif target.kind in (DEPARTMENT, DEPARTMENT_DUTIES) and not isinstance(self.current, DepartmentDraft):
            name = ""
            if self.heading_text and target.name != "name":
                name, self.heading_text = self.heading_text, ""
            self.start_department(name)

    # ---- blocks -----------------------------------------------------------------------------
    def read(self, blocks):
        for block in blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            else:
                self.table(block)
        return self.finish()

    def paragraph(self, paragraph):
        text = paragraph.text.strip()
        after_title, self.after_title = self.after_title, False
        if not text or is_furniture(text):
            return
        if after_title and " · " in text:
            return  # the app's line under the title: department · code · version
        if self.heading(text, paragraph):
            return
        self.line(paragraph.text, paragraph.links, paragraph.numbered, heading=paragraph.is_heading)

    def heading(self, text, paragraph=None):
        """A heading that starts a job description or a department part; True when it was one."""
        if "：" in text[:-1] or ":" in text[:-1]:
            return False
        department = document_title(text)
        if department is not None:
            self.document_department = self.document_department or department
            return True
        owner = duties_of(text)
        if owner is not None:
            if is_department_name(owner):
                self.start_department(owner)
                self.receiver = Target(DEPARTMENT_DUTIES, "主要职责")
            else:
                self.start_job(heading=owner)
                self.receiver = Target(ROWS, "duties")
            return True
        found = numbering(text)
        if found and found[0] == "article" and re.match(r"^\s*第.{1,3}[章篇部分节]", text) and self.lookup(text) is None:
            self.receiver = self.section = None  # a chapter of a policy text: what follows is not known
            self.unread(text)
            return True
        title = job_title_heading(text)
        if title is not None:
            self.start_job(heading=title)
            self.after_title = True
            return True
        name = department_heading(text.rstrip("：:"))
        if name is not None and not (name == "" and isinstance(self.current, DepartmentDraft)):
            self.start_department(name)
            return True
        if paragraph is not None and paragraph.is_heading and self.lookup(text) is None and not numbering(text):
            self.heading_text = text
        return False

    def line(self, text, links=(), numbered=None, heading=False):
        """A paragraph, or a table cell read like one: a label, pairs, or text for the receiver."""
        stripped = text.strip()
        target = self.lookup(stripped)
        if target is not None:
            self.before_label(target)
            self.label(target, "", stripped)
            return
        pairs = self.pairs(text)
        if not pairs and self.unknown_heading(stripped, heading):
            self.receiver = self.section = None  # a section the reader does not know: its text is listed
            self.unread(stripped)
            return
        if not pairs or (self.app_made and self.receiver is not None and self.receiver.kind in (POSITION, SECTION)):
            self.free(stripped, links, numbered)
            return
        if text[: pairs[0][0]].strip():
            self.free(text[: pairs[0][0]].strip(), (), numbered)
        for index, (start, value_start, target) in enumerate(pairs):
            end = pairs[index + 1][0] if index + 1 < len(pairs) else len(text)
            value = text[value_start:end]
            shifted = [type(link)(link.start - value_start, link.end - value_start, link.address) for link in links
                       if link.start >= value_start and link.end <= end]
            self.before_label(target)
            self.label(target, value.strip(), text[start:end].strip(), shifted)

    def unknown_heading(self, text, heading):
        """Whether ``text`` heads a section of its own: a short heading paragraph, or 一、… where a
        list numbered otherwise is being read (a list numbered 一、二、 goes on)."""
        if len(text) > 24 or re.search(r"[。；;，,：:]", text[:-1]):
            return False
        if heading:
            return True
        found = numbering(text)
        if not found or found[0] != "chinese":
            return False
        receiver = self.receiver
        listing = receiver is not None and receiver.kind in (ROWS, DEPARTMENT_DUTIES, SECTION, DUTY_PART)
        style = self.duty_style if receiver is not None and receiver.name == "duties" else self.list_style
        return not (listing and style in (None, "chinese"))

    def starts_with_label(self, text):
        """Whether ``text`` is a label, or starts with “label：”."""
        found = self.pairs(text)
        return self.lookup(text) is not None or bool(found and not text[: found[0][0]].strip())

    def pairs(self, text):
        """[(label start, value start, Target)] of the “label：value” pairs in ``text``."""
        found = []
        for index, character in enumerate(text):
            if character not in "：:":
                continue
            before = text[:index].rstrip()
            for length in range(min(len(before), 20), 0, -1):
                start = len(before) - length
                if start > 0 and not _boundary(before[start - 1]):
                    continue
                target = self.lookup(before[start:])
                if target is not None:
                    found.append((start, index + 1, target))
                    break
        return [pair for index, pair in enumerate(found) if index == 0 or pair[0] >= found[index - 1][1]]

    # ---- placing values ---------------------------------------------------------------------
    def label(self, target, value, piece, links=()):
        """Place ``value`` (the text after or beside a label) where ``target`` says."""
        kind = target.kind
        self.list_style = None
        if kind not in (DUTY_PART, ROWS) or target.name != "duties" and kind == ROWS:
            self.duty, self.duty_style = None, None
        if kind == SECTION:
            self.receiver = self.section = target
            if value and target.name in ("basic", "relations", "career"):
                self.unread(piece)
            elif value:
                self.free(value, links)
            return
        if kind == GROUP:
            if value:
                self.free(value, links)
            return
        if kind in (DERIVED, UNPLACED):
            self.receiver = None
            quiet = self.app_made or value in BLANK_VALUES or value in none_words()
            if value and (kind == UNPLACED or not quiet):
                self.unread(piece)
            return
        if kind == DEPARTMENT_DUTIES and not isinstance(self.current, DepartmentDraft):
            self.start_department()
        self.receiver = target if not value or kind in LIST_KINDS or kind == DUTY_PART else self.section
        if value:
            if not self.place(target, value, links):
                self.unread(piece)

    def place(self, target, value, links=()):
        """Put ``value`` in ``target``'s field or rows; False when it cannot go there."""
        kind, name = target.kind, target.name
        if kind == POSITION:
            return self.position_value(name, value, links)
        if kind == QUALIFICATION:
            return self.qualification_value(name, value)
        if kind == ROWS:
            return self.row_values(name, target.extra, value)
        if kind == DUTY_PART:
            return self.duty_part(name, value)
        if kind == LINKS:
            return self.links_value(name, value, links)
        if kind == SUPERVISION:
            return self.supervision(name, value, links)
        if kind == DEPARTMENT:
            return self.department_value(name, value, links)
        if kind == DEPARTMENT_DUTIES:
            return self.department_duties(name or "主要职责", value)
        return False

    def position_value(self, name, value, links):
        job = self.job()
        if name == "code":
            if value not in BLANK_CODES:
                job.values["code"] = value
            return True
        if name in ("department", "reports_to"):
            url_name = "detail" if name == "department" else "position_detail"
            codes, _rest = values_of.split_links(value, links, url_name)
            job.values[name] = codes[0] if codes else value
            return True
        if name == "headcount":
            number = values_of.integer(value)
            if number is not None:
                job.values["headcount"] = number
            return number is not None or value in BLANK_VALUES
        if name in ("fill_date", "effective_date"):
            day = values_of.date(value)
            if day is not None:
                job.values[name] = day
            return day is not None
        if name == "dotted_supervisors":
            codes, rest = values_of.split_links(value, links, "position_detail")
            job.values[name] = codes or _list(value)
            return True
        if name == "experience_years":
            return self.qualification_value(name, value)
        _append(job.values, name, value)
        return True

    def qualification_value(self, name, value):
        qualification = self.job().qualification
        if name == "education":
            qualification.update(values_of.education(value))
        elif name == "experience":
            found = values_of.experience(value, infer_years=not self.app_made)
            _append(qualification, "experience", found.pop("experience"))
            qualification.update(found)
        elif name == "experience_years":
            years = values_of.integer(value)
            if years is None:
                return False
            qualification[name] = years
        elif name == "training":
            lines = value.split("\n")
            for label in training_time_labels():
                if lines[-1].startswith((f"{label}:", f"{label}：")):
                    qualification["training_duration"] = lines.pop()[len(label) + 1:].strip()
                    break
            _append(qualification, "training_subjects", "\n".join(lines))
        elif name == "education_note":
            qualification[name] = value[:200]
        else:
            _append(qualification, name, value)
        return True

    def row_values(self, kind, group, value):
        job = self.job()
        listed = values_of.app_items(value) if self.app_made else values_of.items(value)
        if kind == "duties":
            for item in listed:
                self.new_duty(item, group)
        elif kind == "authorities":
            for item in listed:
                category = group or values_of.authority_category(item)
                job.rows["authorities"].append({"category": category, "text": item})
        elif kind == "kpis":
            for item in listed:
                job.rows["kpis"].append(_kpi(name=item))
        elif kind == "records":
            parts = listed if self.app_made else [part for item in listed for part in _list(item)]
            for item in parts:
                job.rows["records"].append({"document": item, "timing": "", "recipient": ""})
        elif kind == "relations":
            scope = group or WorkRelation.Scope.COMPANY
            for item in listed:
                if self.app_made:
                    party, _colon, content = item.partition(":")
                    job.rows["relations"].append({"scope": scope, "party": party, "content": content})
                    continue
                party, colon, content = item.replace("：", ":").partition(":")
                if colon and len(party) <= 30:
                    job.rows["relations"].append({"scope": scope, "party": party.strip(), "content": content.strip()})
                    continue
                for party in _list(item):
                    job.rows["relations"].append({"scope": scope, "party": party, "content": ""})
        return True

    def new_duty(self, statement, category=""):
        job = self.job()
        self.duty = {
            "category": category or (self.duty or {}).get("category") or Duty.Category.MAIN,
            "statement": statement, "tasks": "", "standard": "", "time_share": None,
        }
        job.rows["duties"].append(self.duty)
        return self.duty

    def duty_part(self, name, value):
        if name == "statement":
            self.new_duty(values_of.strip_number(value) if not self.app_made else value)
            return True
        if self.duty is None:
            return False
        if name == "tasks":
            listed = values_of.app_items(value) if self.app_made else values_of.items(value)
            self.duty["tasks"] = "\n".join(filter(None, [self.duty["tasks"], *listed]))
        elif name == "standard":
            self.duty["standard"], share = values_of.time_share(value)
            if share is not None:
                self.duty["time_share"] = share
        elif name == "time_share":
            self.duty["time_share"] = values_of.integer(value)
        return True

    def links_value(self, name, value, links):
        job = self.job()
        codes, rest = values_of.split_links(value, links, "position_detail")
        note = rest[-1] if codes else value
        if codes:
            note = note[1:] if note.startswith("、") else note
            job.values["promotion_targets" if name == "promotion" else "lateral_moves"] = codes
        if note.strip():
            _append(job.values, f"{name}_note", note.strip())
        return True

    def supervision(self, name, value, links):
        job = self.job()
        lines = value.split("\n")
        if links and links[0].start < len(lines[0]):
            first = lines.pop(0)
            if name == "received":
                codes, rest = values_of.split_links(first, links, "position_detail")
                marks = dotted_line_marks()
                dotted = [code for code, after in zip(codes, rest[1:]) if after.strip("、 ").startswith(marks)]
                if dotted:
                    job.values["dotted_supervisors"] = dotted
        text = "\n".join(lines).strip()
        if text:
            _append(job.values, f"supervision_{name}", text)
        return True

    def department_value(self, name, value, links):
        department = self.current
        if name in ("authorised_headcount",):
            number = values_of.integer(value)
            if number is not None:
                department.values[name] = number
            return number is not None
        if name == "kind":
            kinds = {label: kind for kind, label in KIND_LABELS.items()}
            if value in kinds:
                department.values["kind"] = kinds[value]
                return True
            return False
        if name in ("name", "code"):
            department.values[name] = value
            return True
        if name in ("parent", "head_position"):
            url_name = "detail" if name == "parent" else "position_detail"
            codes, _rest = values_of.split_links(value, links, url_name)
            department.values[name] = codes[0] if codes else value
            return True
        _append(department.values, name, value)
        return True

    def department_duties(self, function, value):
        listed = values_of.items(value)
        for item in listed:
            self.current.duties.append({"function": function, "text": item})
        return True

    # ---- text without a label ---------------------------------------------------------------
    def free(self, text, links=(), numbered=None):
        """Text with no label of its own: the receiver's, else not recognised."""
        receiver = self.receiver
        if receiver is None or not text.strip():
            self.unread(text)
            return
        kind, name = receiver.kind, receiver.name
        found = numbering(text)
        if found and self.list_style is None:
            self.list_style = found[0]
        if kind == SECTION:
            if name == "content":
                if numbered or numbering(text):
                    self.duty_item(text, numbered)
                else:
                    _append(self.job().values, "summary", text)
            elif name == "qualification" and not self.app_made:
                for item in values_of.items(text):
                    self.qualification_value(values_of.qualification_field(item), item)
            elif name == "assessment":
                if (numbered or numbering(text)) and not self.app_made:
                    self.row_values("kpis", "", text)
                else:
                    _append(self.job().values, "assessment_note", text)
            elif name == "conditions":
                _append(self.job().values, "environment", text)
            else:
                self.unread(text)
            return
        if kind == ROWS and name == "duties":
            self.duty_item(text, numbered, receiver.extra)
            return
        if kind == DUTY_PART and name == "tasks" and self.duty is not None:
            self.duty_part("tasks", text)
            return
        if kind == DUTY_PART and name == "statement":
            self.duty_part("statement", text)
            return
        if not self.place(receiver, text, links):
            self.unread(text)

    def duty_item(self, text, numbered=None, category=""):
        """A duty, or a task of the duty above when it is numbered in another style (sub-item)."""
        found = numbering(text)
        style = ("auto", numbered[0]) if numbered else (found[0] if found else "plain")
        level = numbered[1] if numbered else 0
        if self.duty is not None and self.duty_style is not None and (style != self.duty_style or level > 0):
            body = (found[2] if found else text).strip().rstrip("；;，,、")
            self.duty["tasks"] = "\n".join(filter(None, [self.duty["tasks"], body]))
            return
        listed = values_of.items(text) if not numbered else [text.strip()]
        for item in listed:
            self.new_duty(item, category)
        self.duty_style = style if len(listed) == 1 else None

    # ---- tables -----------------------------------------------------------------------------
    def table(self, table):
        grid, pending = None, {}
        for cells in table.rows:
            present = [cell for cell in cells if cell.text and not cell.continued]
            if not present:
                continue
            header = self.grid_header(present)
            if header is not None:
                grid, pending = header, {}
                if header.sheet == "department_duties" and not isinstance(self.current, DepartmentDraft):
                    self.start_department(self.heading_text)
                continue
            if grid is not None:
                if self.grid_row(grid, cells, present):
                    continue
                grid = None
            if pending:
                if not any(self.lookup(cell.text) for cell in present):
                    for cell in present:
                        target = _overlapping(pending, cell)
                        if target is None:
                            self.cell(cell)
                        else:
                            self.label(target[0], cell.text, f"{target[1]}：{cell.text}", cell.links)
                    pending = {}
                    continue
                pending = {}
            pending = self.pair_row(cells, present)

    def cell(self, cell):
        """A cell read on its own: a heading, a label, pairs or text."""
        text = cell.text
        if is_furniture(text) or self.heading(text):
            return
        found = numbering(text)
        if found and not found[2].strip():
            return  # a cell that only numbers its row (职责一, 1、)
        self.line(text, cell.links)

    def pair_row(self, cells, present):
        """A row of labels and values; returns {(first column, last column): (Target, label)} of
        labels whose value is in the row below (a row of labels only)."""
        labels = [(cell, self.lookup(cell.text)) for cell in present]
        if len(present) > 1 and all(target is not None for _cell, target in labels) and not any(
            target.kind in (GROUP, SECTION) for _cell, target in labels[1:]
        ):
            pending = {}
            for cell, target in labels:
                self.before_label(target)
                if target.kind in (GROUP, SECTION):
                    self.label(target, "", cell.text)
                    continue
                pending[(cell.column, cell.column + cell.span)] = (target, cell.text.strip().rstrip("：:"))
            return pending
        if len(present) == 1 and present[0].column + present[0].span >= max(c.column + c.span for c in cells) and present[0].column == cells[0].column:
            cell = present[0]
            target = self.lookup(cell.text)
            if target is not None and not cell.continued and target.kind not in (SECTION, GROUP, DERIVED, UNPLACED):
                self.before_label(target)
                self.label(target, "", cell.text)
                return {(cell.column, cell.column + cell.span): (target, cell.text.strip().rstrip("：:"))}
            self.cell(cell)
            return {}
        index, label = 0, None
        while index < len(cells):
            cell = cells[index]
            index += 1
            target = self.lookup(cell.text) if cell.text else None
            if cell.continued:
                label = (target, cell.text) if target is not None and target.kind not in (GROUP, SECTION) else label
                continue
            if not cell.text:
                continue
            if target is not None:
                self.before_label(target)
                if target.kind in (GROUP, SECTION):
                    self.label(target, "", cell.text)
                    label = None
                    continue
                value_cell = cells[index] if index < len(cells) and not cells[index].continued else None
                if value_cell is not None and (not value_cell.text or not self.starts_with_label(value_cell.text)):
                    index += 1
                    self.label(target, value_cell.text, f"{cell.text.strip().rstrip('：:')}：{value_cell.text}", value_cell.links)
                else:
                    self.label(target, "", cell.text)
                label = None
                continue
            if label is not None:
                self.label(label[0], cell.text, f"{label[1].strip().rstrip('：:')}：{cell.text}", cell.links)
                continue
            self.cell(cell)
        return {}

    def grid_header(self, present):
        """A Grid when ``present`` (the row's cells) are column headers of one kind of rows."""
        columns, numbers = grid_columns()
        keys = [label_key(cell.text) for cell in present]
        if len(keys) < 2 or not all(key in numbers or any(key in sheet for sheet in columns.values()) for key in keys):
            return None
        scores = {sheet: sum(1 for key in keys if key in words) for sheet, words in columns.items()}
        sheet = max(scores, key=lambda name: (scores[name], -list(columns).index(name)))
        if not scores[sheet]:
            return None
        mapped = {}
        for cell, key in zip(present, keys):
            if key in columns[sheet]:
                found = (sheet, columns[sheet][key])
            elif key in numbers:
                found = (NUMBER, "")
            else:
                found = next((other, words[key]) for other, words in columns.items() if key in words)
            for column in range(cell.column, cell.column + cell.span):
                mapped[column] = found
        return Grid(sheet, mapped)

    def grid_row(self, grid, cells, present):
        """Read a row of a table with a header; False when the row is no longer one of its records."""
        first = present[0]
        categories = _categories(grid.sheet)
        if label_key(first.text) not in categories and self.starts_with_label(first.text):
            return False
        if len(present) == 1 and label_key(first.text) in categories:
            grid.group = categories[label_key(first.text)]
            return True
        if len(present) == 1 and (job_title_heading(first.text) is not None or department_heading(first.text) is not None):
            return False
        record = {}
        for cell in present:
            found = grid.field_at(cell)
            key = label_key(cell.text)
            if found is None or found[0] == NUMBER:
                number = numbering(cell.text) or numbering(cell.text + "、")
                if key in categories:
                    grid.group = categories[key]
                elif not (number and not number[2].strip()):
                    self.unread(cell.text)
                continue
            sheet, name = found
            record.setdefault(sheet, {})[name] = (cell.text, cell.links)
        for sheet, fields in record.items():
            if sheet != grid.sheet:
                self.grid_values(sheet, fields, grid)
        if grid.sheet in record:
            self.grid_values(grid.sheet, record[grid.sheet], grid)
        return True

    def grid_values(self, sheet, fields, grid):
        """One row of a grid (``fields``: {field: (text, links)}) as a record of ``sheet``."""
        text = {name: value for name, (value, _links) in fields.items()}
        if sheet == "department_duties":
            if not isinstance(self.current, DepartmentDraft):
                self.start_department()
            function = values_of.strip_number(text.get("function", "")) or grid.group or "主要职责"
            grid.group = function
            if text.get("text"):
                self.department_duties(function, text["text"])
            elif "function" in text:
                self.unread(text["function"])
            return
        job = self.job()
        if sheet == "duties":
            if not text.get("statement"):
                for value in text.values():
                    self.unread(value)
                return
            category = duty_categories().get(label_key(text.get("category", ""))) or grid.group or Duty.Category.MAIN
            grid.group = category
            statement = text["statement"] if self.app_made else values_of.strip_number(text["statement"]).rstrip("；;，,")
            duty = self.new_duty(statement, category)
            if text.get("tasks"):
                listed = values_of.app_items(text["tasks"]) if self.app_made else values_of.items(text["tasks"])
                duty["tasks"] = "\n".join(listed)
            if text.get("standard"):
                duty["standard"], duty["time_share"] = values_of.time_share(text["standard"])
            if text.get("time_share"):
                duty["time_share"] = values_of.integer(text["time_share"])
            self.duty_style = None
        elif sheet == "authorities":
            if "text" in text:
                group = authority_categories().get(label_key(text.get("category", ""))) or (grid.group if grid.sheet == "authorities" else "")
                self.row_values("authorities", group, text["text"])
        elif sheet == "kpis":
            if not text.get("name"):
                for value in text.values():
                    self.unread(value)
                return
            weight = values_of.integer(text.get("weight", ""))
            period = periods().get(label_key(text.get("period", "")), "")
            if text.get("period") and not period:
                self.unread(text["period"])
            job.rows["kpis"].append(_kpi(
                name=text["name"], definition=text.get("definition", ""), target=text.get("target", ""), weight=weight,
                period=period, data_source=text.get("data_source", ""),
            ))
        elif sheet == "records":
            if not text.get("document"):
                for value in text.values():
                    self.unread(value)
                return
            job.rows["records"].append(
                {"document": text["document"], "timing": text.get("timing", ""), "recipient": text.get("recipient", "")}
            )
        elif sheet == "relations":
            if not text.get("party"):
                for value in text.values():
                    self.unread(value)
                return
            scope = scopes().get(label_key(text.get("scope", ""))) or grid.group or WorkRelation.Scope.COMPANY
            job.rows["relations"].append({"scope": scope, "party": text["party"], "content": text.get("content", "")})

    # ---- the end ----------------------------------------------------------------------------
    def finish(self):
        """The parts read, each complete: empty ones dropped (their unread text moves on), titles
        from headings, job descriptions after a department part in that department."""
        parts, carried = [], list(self.preamble)
        for part in self.parts:
            if part.is_empty and not (isinstance(part, DepartmentDraft) and part.name):
                carried += part.unread
                continue
            part.unread = carried + part.unread
            carried = []
            parts.append(part)
        if carried and parts:
            parts[-1].unread += carried
        self.leftover = carried if not parts else []
        for part in parts:
            if not isinstance(part, Draft):
                continue
            if not part.title and part.heading:
                part.values["title"] = part.heading
            department = part.department_part
            if department is not None and "department" not in part.values and (department.values.get("code") or department.name):
                part.values["department"] = department.values.get("code") or department.name
            if "department" not in part.values and self.document_department:
                part.values["department"] = self.document_department
        return parts


def _boundary(character):
    return character.isspace() or character in "，,；;。、|｜)）]】" or "①" <= character <= "⑳"


def _list(text):
    """企管部、法务部，财务部 → its parts."""
    return [part.strip() for part in re.split(r"[、,，;；\n]+", text) if part.strip()]


def _append(values, name, text):
    text = text.strip()
    if text:
        values[name] = f"{values[name]}\n{text}" if values.get(name) else text


def _kpi(**given):
    return {"name": "", "definition": "", "target": "", "weight": None, "period": "", "data_source": ""} | given


def _overlapping(pending, cell):
    for (first, last), target in pending.items():
        if cell.column < last and cell.column + cell.span > first:
            return target
    return None


def _categories(sheet):
    return {"duties": duty_categories(), "authorities": authority_categories(), "relations": scopes()}.get(sheet, {})
