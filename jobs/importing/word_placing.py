"""The parts a Word document is read into, and how a value read beside a label is placed in them.

:class:`Draft` (a job description: the 岗位 sheet's values, the 任职资格, its rows by kind and the
text placed nowhere) and :class:`DepartmentDraft` (a department's part: the 部门 sheet's values and
its duties).  :class:`Placing` is the part of the reader (:mod:`.word_reader`) that puts the value
of a label where the label's Target says, converting it as the field needs (:mod:`.word_values`);
it works on the reader's state (the current part, the duty being read).
"""
import re
from dataclasses import dataclass, field

from departments.sheets import KIND_LABELS
import jobs.importing.word_values as values_of
from jobs.importing.word_labels import (
    DEPARTMENT, DEPARTMENT_DUTIES, DUTY_PART, LINKS, POSITION, QUALIFICATION, ROWS, SUPERVISION, dotted_line_marks,
    training_time_labels,
)
from jobs.models import Duty, WorkRelation

ROW_KINDS = ("duties", "authorities", "kpis", "relations", "records")
BLANK_CODES = {"", "不填", "无", "暂无", "待定", "/", "-", "—"}
BLANK_VALUES = {"", "人", "名", "个", "/", "-", "—", "——", "无"}


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


class Placing:
    """Places values for the reader (see the module's docstring)."""

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
            job.values[name] = codes or parts_of(value)
            return True
        if name == "experience_years":
            return self.qualification_value(name, value)
        append_text(job.values, name, value)
        return True

    def qualification_value(self, name, value):
        qualification = self.job().qualification
        if name == "education":
            qualification.update(values_of.education(value))
        elif name == "experience":
            found = values_of.experience(value, infer_years=not self.app_made)
            append_text(qualification, "experience", found.pop("experience"))
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
            append_text(qualification, "training_subjects", "\n".join(lines))
        elif name == "education_note":
            qualification[name] = value[:200]
        else:
            append_text(qualification, name, value)
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
                job.rows["kpis"].append(kpi_row(name=item))
        elif kind == "records":
            parts = listed if self.app_made else [part for item in listed for part in parts_of(item)]
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
                for party in parts_of(item):
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
            append_text(job.values, f"{name}_note", note.strip())
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
            append_text(job.values, f"supervision_{name}", text)
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
        append_text(department.values, name, value)
        return True

    def department_duties(self, function, value):
        listed = values_of.items(value)
        for item in listed:
            self.current.duties.append({"function": function, "text": item})
        return True


def parts_of(text):
    """企管部、法务部，财务部 → its parts."""
    return [part.strip() for part in re.split(r"[、,，;；\n]+", text) if part.strip()]


def append_text(values, name, text):
    text = text.strip()
    if text:
        values[name] = f"{values[name]}\n{text}" if values.get(name) else text


def kpi_row(**given):
    return {"name": "", "definition": "", "target": "", "weight": None, "period": "", "data_source": ""} | given
