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

import jobs.importing.word_values as values_of
from jobs.importing.word_body import Paragraph
from jobs.importing.word_labels import (
    DEPARTMENT, DEPARTMENT_DUTIES, DEPARTMENT_ONLY, DERIVED, DUTY_PART, GROUP, POSITION, ROWS, SECTION, UNPLACED, Target,
    department_heading, department_labels, document_title, duties_of, is_department_name, is_furniture, job_title_heading,
    label_key, lookup, none_words, numbering, position_labels,
)
from jobs.importing.word_placing import BLANK_VALUES, DepartmentDraft, Draft, Placing, append_text
from jobs.importing.word_tables import Tables

TITLE = Target(POSITION, "title")
LIST_KINDS = (ROWS, DEPARTMENT_DUTIES, SECTION)  # labels whose following lines are more of their items


class Reader(Placing, Tables):
    """Reads one document's blocks (``read``) into its parts; values are placed by :class:`Placing`,
    tables read by :class:`Tables`."""

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
                    append_text(self.job().values, "summary", text)
            elif name == "qualification" and not self.app_made:
                for item in values_of.items(text):
                    self.qualification_value(values_of.qualification_field(item), item)
            elif name == "assessment":
                if (numbered or numbering(text)) and not self.app_made:
                    self.row_values("kpis", "", text)
                else:
                    append_text(self.job().values, "assessment_note", text)
            elif name == "conditions":
                append_text(self.job().values, "environment", text)
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

    # ---- the end ----------------------------------------------------------------------------
    def finish(self):
        """The parts read, each complete: empty ones dropped (their unread text moves on), titles
        from headings, job descriptions after a department part in that department."""
        parts, carried = [], list(self.preamble)
        for part in self.parts:
            if part.is_empty:  # a department part with a name only still names its job descriptions' department
                carried += part.unread
                part.unread = []
                if isinstance(part, DepartmentDraft) and part.name:
                    parts.append(part)
                continue
            part.unread = carried + part.unread
            carried = []
            parts.append(part)
        if carried and parts:
            parts[-1].unread += carried
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
