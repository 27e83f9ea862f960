"""Tables of a Word 岗位说明书: rows of labels and values, and tables with a header row.

:class:`Tables` is the part of the reader (:mod:`.word_reader`) that reads a table row by row:
labels with their values beside them (岗位名称 | 销售员 | 岗位编号 | …) or in the row below (a row of
labels only), a label merged down over several rows (人事权 over one authority a row), single cells
read like paragraphs, and tables whose first row names columns of one kind of rows (序号 | 职责描述 |
工作标准, KPIs, records, 一级职能 | 二级职能): a :class:`Grid`, whose rows are records, grouped by
single-cell rows (主要职责) or by a merged category column, until a row that starts with a label.
"""
from dataclasses import dataclass

import jobs.importing.word_values as values_of
from jobs.importing.word_labels import (
    DERIVED, GROUP, NUMBER, SECTION, UNPLACED, authority_categories, department_heading, duty_categories, grid_columns, is_furniture,
    is_sign_off, job_title_heading, label_key, numbering, periods, scopes,
)
from jobs.importing.word_placing import DepartmentDraft, kpi_row
from jobs.models import Duty, WorkRelation


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


class Tables:
    """Reads tables for the reader (see the module's docstring); works on the reader's state."""

    def table(self, table):
        grid, pending = None, {}
        for cells in table.rows:
            present = [cell for cell in cells if cell.text and not cell.continued]
            if not present or all(is_sign_off(cell.text) for cell in present):
                continue  # empty, or a row of sign-off cells (编制：…　日期：… | 审核：… | 批准：…)
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
            job.rows["kpis"].append(kpi_row(
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


def _overlapping(pending, cell):
    for (first, last), target in pending.items():
        if cell.column < last and cell.column + cell.span > first:
            return target
    return None


def _categories(sheet):
    return {"duties": duty_categories(), "authorities": authority_categories(), "relations": scopes()}.get(sheet, {})
