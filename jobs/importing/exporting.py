"""The whole organisation as the workbook the import reads: export → import changes nothing.

Rows are written in tree order (departments and positions by ``tree_id, lft``, child rows by
``order``), choices as their Chinese labels, and text a spreadsheet would run as a formula gets
a leading ``'`` (OWASP CSV-injection guidance), which the import removes again. References are
written as people read them — the department's name, the superior's title, the job level's
name — wherever that name finds exactly the same record when the file is imported again (it is
unique, is no other record's code and does not look like a code); as the code otherwise.

The workbook is laid out for people: a 填写说明 sheet first, bold frozen headers, column widths
from the content, and dropdowns (data validation, a warning only) for job levels, job families,
departments and every choice column, their values on a hidden 选项 sheet. The import skips both.
"""
import io
from collections import Counter

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from django.utils import translation

from departments.models import Department
from jobs.importing.cells import CONTROL_CHARACTERS
from jobs.importing.references import CODE_LIKE
from jobs.importing.sheets import BOOL, CHOICE, CONFIDENTIAL_COLUMNS, GUIDE_SHEET, OPTIONS_SHEET, ROW_SHEETS, SHEETS
from jobs.models import JobFamily, JobLevel, Position, Qualification, StandardPosition, StandardQualification
from jobs.models.standards import STANDARD_ROWS_BY_KEY, STANDARD_SECTIONS
from jobs.models.position import LINK_FIELDS
from kernel.formulas import escape_formula

SHEETS_KEYS = [sheet.key for sheet in SHEETS]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns(sheet, include_confidential):
    return [c for c in sheet.columns if include_confidential or (sheet.key, c.name) not in CONFIDENTIAL_COLUMNS]


SEPARATORS = set("、,，;；/\n")  # a name with one of these is written as its code: lists and paths split on them


def readable_references(rows):
    """{key: the text to write} for ``rows`` of (key, code, name): the name where the import finds
    exactly this record by it, the code otherwise."""
    rows = list(rows)
    names = Counter(name for _key, _code, name in rows)
    codes = {code for _key, code, _name in rows}
    return {
        key: name if name and names[name] == 1 and name not in codes and not CODE_LIKE.match(name)
        and name.strip() == name and not SEPARATORS.intersection(name) else code
        for key, code, name in rows
    }


def _records(root=None):
    """sheet key -> iterable of {column name: value} in the order the import must keep; with
    ``root`` (a company), only its departments and their positions (and every job level and family)."""
    departments_in = Department.objects.all()
    positions_in = Position.objects.all()
    if root is not None:
        departments_in = departments_in.filter(tree_id=root.tree_id, lft__gte=root.lft, rght__lte=root.rght)
        positions_in = positions_in.in_department_tree(root)
    department_codes = readable_references(Department.objects.values_list("pk", "code", "name"))
    position_codes = readable_references(Position.objects.values_list("pk", "code", "title"))
    levels = readable_references(JobLevel.objects.values_list("pk", "code", "name"))
    families = readable_references(JobFamily.objects.values_list("pk", "code", "name"))
    standard_rows = list(StandardPosition.objects.values_list("pk", "code", "title"))
    standards = readable_references(standard_rows)
    standard_codes = {pk: code for pk, code, _title in standard_rows}
    own_codes = dict(Position.objects.values_list("pk", "code"))  # a row's own position: its key, the code
    with translation.override("zh-hans"):  # the sheet's words are Chinese, whoever exports it
        section_labels = {section.key: str(section.label) for section in STANDARD_SECTIONS}
    own_department_codes = dict(Department.objects.values_list("pk", "code"))

    def departments():
        for d in departments_in.order_by("tree_id", "lft"):
            yield vars(d) | {"parent": department_codes.get(d.parent_id), "head_position": position_codes.get(d.head_position_id)}

    def positions():
        links = {name: {} for name in LINK_FIELDS}
        for name, mapping in links.items():
            through = getattr(Position, name).through
            for a, b in through.objects.filter(from_position__in=positions_in).order_by("pk").values_list("from_position_id", "to_position_id"):
                mapping.setdefault(a, []).append(position_codes[b])
        for p in positions_in.order_by("tree_id", "lft"):
            yield vars(p) | {
                "department": department_codes[p.department_id],
                "reports_to": position_codes.get(p.reports_to_id),
                "job_level": levels.get(p.job_level_id),
                "family": families.get(p.family_id),
                "standard": standards.get(p.standard_id),
                "own_section_labels": "、".join(section_labels[key] for key in p.own_sections or () if key in section_labels),
                **{name: "、".join(mapping.get(p.pk, [])) for name, mapping in links.items()},
            }

    def standard_positions():
        for standard in StandardPosition.objects.order_by("code"):
            yield vars(standard) | {"job_level": levels.get(standard.job_level_id), "family": families.get(standard.family_id)}

    def rows(kind):
        owner = kind.parent
        codes = own_codes if owner == "position" else own_department_codes
        owners = positions_in if owner == "position" else departments_in
        for obj in kind.model.objects.filter(**{f"{owner}__in": owners}).order_by(f"{owner}__tree_id", f"{owner}__lft", "order", "pk"):
            yield vars(obj) | {owner: codes[getattr(obj, f"{owner}_id")]}
        if owner == "position":  # then the standard positions' rows of that kind, under 基准岗位编号
            standard_kind = STANDARD_ROWS_BY_KEY[kind.key]
            for obj in standard_kind.model.objects.order_by("standard_position__code", "order", "pk"):
                yield vars(obj) | {"standard_position": standard_codes[obj.standard_position_id]}

    def qualifications():
        for q in Qualification.objects.filter(position__in=positions_in).order_by("position__tree_id", "position__lft"):
            yield vars(q) | {"position": own_codes[q.position_id]}
        for q in StandardQualification.objects.order_by("standard_position__code"):
            yield vars(q) | {"standard_position": standard_codes[q.standard_position_id]}

    return {
        "job_levels": lambda: (vars(o) for o in JobLevel.objects.order_by("rank", "code")),
        "job_families": lambda: (vars(o) for o in JobFamily.objects.order_by("code")),
        "standards": standard_positions,
        "departments": departments,
        "positions": positions,
        "qualifications": qualifications,
        **{key: (lambda kind=kind: rows(kind)) for key, kind in ROW_SHEETS.items()},
    }


def _cell(column, value):
    if column.kind == CHOICE:  # a stored value that is no choice is written as it is, escaped
        return escape_formula(column.labels.get(value, value if value not in (None, "") else ""))
    if column.kind == BOOL:
        return "是" if value else "否"
    if value is None:
        return None
    if isinstance(value, str):
        value = CONTROL_CHARACTERS.sub("", value)
    return escape_formula(value)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(vertical="top", wrap_text=True)
DROPDOWN_ROWS = 1000  # rows below the data that keep the dropdowns, for rows HR adds
GUIDE = (
    ("填写说明", ""),
    ("工作表", "、".join(sheet.title for sheet in SHEETS) + "：按需填写，不用的工作表可以删除。"),
    ("基准岗位", "基准岗位是多个岗位共用的岗位说明书。它的任职资格、职责、权限、考核指标等写在对应工作表中，填“基准岗位编号”而不填“岗位编号”。岗位的“基准岗位”列填它所依据的基准岗位；“自有部分”列出该岗位不沿用基准岗位、自己编写的部分（如“职责、考核指标”），用顿号分隔，其余部分显示基准岗位已发布的内容。导入不会发布基准岗位：有变化的基准岗位成为草稿，审核发布后才对岗位生效。"),
    ("编号", "部门编码、岗位编号用于再次导入时找到同一条记录：只能用字母、数字和 - _ . ；新岗位可以不填编号，导入时自动生成。"),
    ("引用", "所在部门、上级部门、直接上级、职务等级、职位序列等列可以填名称（如“市场部”“市场总监”“经理级”）或编码；名称重名时请填编码，或在“上级所在部门”列注明部门。部门也可以写路径，如“市场部/拓展部”。"),
    ("下拉选项", "带下拉箭头的单元格可以从列表中选择；也可以填写列表以外的值，导入时再检查。"),
    ("多项", "工作任务每行一项（单元格内按 Alt+Enter 换行）；虚线上级、可晋升职位、可轮换职位之间用顿号“、”分隔。"),
    ("定员与在岗", "岗位定员是计划人数，不填表示未设定；在岗人数是目前实际在岗的人数。部门编制写在“部门”工作表。"),
    ("状态", "导入不会发布岗位：有变化的岗位成为草稿（已发布的版本仍对经理可见），检查后提交审核或发布。状态、版本列由系统填写，导入时不读取“已发布”。"),
    ("机密", "工资等级、工资水平只对有查看工资权限的用户导出和导入。"),
    ("公式", "以 = + - @ 开头的文字导出时前面加了单引号（防止被当作公式），导入时会自动去掉。"),
)


def _width(value):
    """Display width of a cell's longest line, Chinese characters counting double."""
    if value is None:
        return 0
    return max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in str(value).splitlines()), default=0)


def _dropdowns(columns, references):
    """{column name: [choices]} for the columns that get a dropdown."""
    lists = {}
    for column in columns:
        if column.kind == CHOICE:
            lists[column.name] = list(dict.fromkeys(column.labels.values()))
        elif column.name in references:
            lists[column.name] = references[column.name]
    return lists


def _guide(workbook):
    sheet = workbook.create_sheet(GUIDE_SHEET)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 100
    for index, (label, text) in enumerate(GUIDE):
        label_cell, text_cell = WriteOnlyCell(sheet, value=label), WriteOnlyCell(sheet, value=text)
        label_cell.font = Font(bold=True, size=14 if index == 0 else 11)
        text_cell.alignment = WRAP
        sheet.append([label_cell, text_cell])


def _build(include_confidential, records, references=None):
    """The workbook: the guide, one sheet per kind of record, the hidden sheet of dropdown values.

    ``references``: {column name: [values]} for the dropdowns of reference columns (job levels,
    job families, departments) as the export writes them."""
    references = references or {}
    workbook = Workbook(write_only=True)
    _guide(workbook)
    options = []  # (column name, values) in the order of the 选项 sheet's columns
    option_ranges = {}
    for sheet in SHEETS:
        columns = _columns(sheet, include_confidential)
        for name, values in _dropdowns(columns, references).items():
            if name not in option_ranges and values:
                options.append((name, values))
                letter = get_column_letter(len(options))
                option_ranges[name] = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        columns = _columns(sheet, include_confidential)
        rows = [[_cell(column, record.get(column.name)) for column in columns] for record in records(sheet.key)]
        for index, column in enumerate(columns, start=1):
            longest = max([_width(column.header) + 2, *(_width(row[index - 1]) for row in rows[:500])])
            worksheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
        worksheet.freeze_panes = "A2"
        last_row = len(rows) + 1 + DROPDOWN_ROWS
        for index, column in enumerate(columns, start=1):
            if column.name in option_ranges:
                validation = DataValidation(
                    type="list", formula1=option_ranges[column.name], allow_blank=True, showErrorMessage=True,
                    errorStyle="warning", errorTitle="不在列表中", error="这个值不在列表中：仍要填写请点“是”，导入时会再检查。",
                )
                letter = get_column_letter(index)
                validation.add(f"{letter}2:{letter}{last_row}")
                worksheet.data_validations.append(validation)
        header = []
        for column in columns:
            cell = WriteOnlyCell(worksheet, value=column.header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            header.append(cell)
        worksheet.append(header)
        for row in rows:
            worksheet.append(row)
    choices = workbook.create_sheet(OPTIONS_SHEET)
    choices.sheet_state = "hidden"
    headers = [name for name, _values in options]
    choices.append(headers)
    for index in range(max((len(values) for _name, values in options), default=0)):
        choices.append([escape_formula(values[index]) if index < len(values) else None for _name, values in options])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _reference_lists(levels, families, departments):
    """The dropdown values of the reference columns: job levels, job families, departments."""
    return {
        "job_level": list(levels), "family": list(families),
        "department": list(departments), "parent": list(departments),
    }


def export_workbook(*, include_confidential=False, company=None):
    """Every department and position with all their rows, as .xlsx bytes; with ``company``, the
    departments of its subtree and their positions."""
    sources = _records(company)
    return _build(include_confidential, lambda key: sources[key](), _current_reference_lists())


def _current_reference_lists():
    return _reference_lists(
        readable_references(JobLevel.objects.order_by("rank", "code").values_list("pk", "code", "name")).values(),
        readable_references(JobFamily.objects.order_by("code").values_list("pk", "code", "name")).values(),
        readable_references(Department.objects.active().order_by("tree_id", "lft").values_list("pk", "code", "name")).values(),
    )


def template_workbook(*, include_confidential=True):
    """An empty workbook: every sheet with its headers, the guide and the dropdowns."""
    return _build(include_confidential, lambda key: (), _current_reference_lists())


def _fixture_references(data):
    """{kind: {code: text to write}} for the demo-company JSON, as ``readable_references`` does."""
    return {
        "level": readable_references((i["code"], i["code"], i["name"]) for i in data.get("job_levels", [])),
        "family": readable_references((i["code"], i["code"], i["name"]) for i in data.get("job_families", [])),
        "department": readable_references((i["code"], i["code"], i["name"]) for i in data.get("departments", [])),
        "position": readable_references((i["code"], i["code"], i["title"]) for i in data.get("positions", [])),
    }


def _fixture_records(data):
    """The demo-company JSON (the ``load_demo`` format) as workbook records, without touching the database."""
    refs = _fixture_references(data)
    department, position = refs["department"], refs["position"]
    sheets = {key: [] for key in SHEETS_KEYS}
    sheets["job_levels"] = list(data.get("job_levels", []))
    sheets["job_families"] = list(data.get("job_families", []))
    for item in data.get("departments", []):
        sheets["departments"].append(item | {
            "parent": department.get(item.get("parent"), item.get("parent")),
            "head_position": position.get(item.get("head_position"), item.get("head_position")),
        })
        for key, kind in ROW_SHEETS.items():
            if kind.parent == "department":
                sheets[key] += [dict(row, department=item["code"]) for row in item.get(kind.key, [])]
    for item in data.get("positions", []):
        links = {name: "、".join(position.get(code, code) for code in item.get(name, [])) for name in LINK_FIELDS}
        sheets["positions"].append(item | links | {
            "job_level": refs["level"].get(item.get("level"), item.get("level")),
            "family": refs["family"].get(item.get("family"), item.get("family")),
            "department": department.get(item["department"], item["department"]),
            "reports_to": position.get(item.get("reports_to"), item.get("reports_to")),
        })
        if item.get("qualification") is not None:
            sheets["qualifications"].append(dict(item["qualification"], position=item["code"]))
        for key, kind in ROW_SHEETS.items():
            if kind.parent != "position":
                continue
            for row in item.get(kind.key, []):
                row = dict(row, position=item["code"])
                if isinstance(row.get("tasks"), list):
                    row["tasks"] = "\n".join(row["tasks"])
                sheets[key].append(row)
    return sheets


def example_workbook(*, include_confidential=True, path=None):
    """The demo company (``demo/company.json``) as a filled-in workbook."""
    import json

    from django.conf import settings

    path = path or settings.DEMO_COMPANY_FILE
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    sheets = _fixture_records(data)
    refs = _fixture_references(data)
    lists = _reference_lists(refs["level"].values(), refs["family"].values(), refs["department"].values())
    return _build(include_confidential, lambda key: sheets[key], lists)
