"""The whole organisation as the workbook the import reads: export → import changes nothing.

Rows are written in tree order (departments and positions by ``tree_id, lft``, child rows by
``order``), references as codes, choices as their Chinese labels, and text a spreadsheet
would run as a formula gets a leading ``'`` (OWASP CSV-injection guidance), which the
import removes again.
"""
import io

from openpyxl import Workbook

from departments.models import Department
from jobs.importing.cells import CONTROL_CHARACTERS
from jobs.importing.sheets import BOOL, CHOICE, CONFIDENTIAL_COLUMNS, ROW_SHEETS, SHEETS
from jobs.models import JobFamily, JobLevel, Position, Qualification
from jobs.models.position import LINK_FIELDS
from kernel.formulas import escape_formula

SHEETS_KEYS = [sheet.key for sheet in SHEETS]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns(sheet, include_confidential):
    return [c for c in sheet.columns if include_confidential or (sheet.key, c.name) not in CONFIDENTIAL_COLUMNS]


def _records():
    """sheet key -> iterable of {column name: value} in the order the import must keep."""
    department_codes = dict(Department.objects.values_list("pk", "code"))
    position_codes = dict(Position.objects.values_list("pk", "code"))
    levels = dict(JobLevel.objects.values_list("pk", "code"))
    families = dict(JobFamily.objects.values_list("pk", "code"))

    def departments():
        for d in Department.objects.order_by("tree_id", "lft"):
            yield vars(d) | {"parent": department_codes.get(d.parent_id), "head_position": position_codes.get(d.head_position_id)}

    def positions():
        links = {name: {} for name in LINK_FIELDS}
        for name, mapping in links.items():
            through = getattr(Position, name).through
            for a, b in through.objects.order_by("pk").values_list("from_position_id", "to_position_id"):
                mapping.setdefault(a, []).append(position_codes[b])
        for p in Position.objects.order_by("tree_id", "lft"):
            yield vars(p) | {
                "department": department_codes[p.department_id],
                "reports_to": position_codes.get(p.reports_to_id),
                "job_level": levels.get(p.job_level_id),
                "family": families.get(p.family_id),
                **{name: "、".join(mapping.get(p.pk, [])) for name, mapping in links.items()},
            }

    def rows(kind):
        owner = kind.parent
        codes = position_codes if owner == "position" else department_codes
        for obj in kind.model.objects.order_by(f"{owner}__tree_id", f"{owner}__lft", "order", "pk"):
            yield vars(obj) | {owner: codes[getattr(obj, f"{owner}_id")]}

    def qualifications():
        for q in Qualification.objects.order_by("position__tree_id", "position__lft"):
            yield vars(q) | {"position": position_codes[q.position_id]}

    return {
        "job_levels": lambda: (vars(o) for o in JobLevel.objects.order_by("rank", "code")),
        "job_families": lambda: (vars(o) for o in JobFamily.objects.order_by("code")),
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


def _build(include_confidential, records):
    workbook = Workbook(write_only=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        columns = _columns(sheet, include_confidential)
        worksheet.append(column.header for column in columns)
        for record in records(sheet.key):
            worksheet.append([_cell(column, record.get(column.name)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_workbook(*, include_confidential=False):
    """Every department and position with all their rows, as .xlsx bytes."""
    sources = _records()
    return _build(include_confidential, lambda key: sources[key]())


def template_workbook(*, include_confidential=True):
    """An empty workbook: every sheet with its headers, nothing else."""
    return _build(include_confidential, lambda key: ())


def _fixture_records(data):
    """The demo-company JSON (the ``load_demo`` format) as workbook records, without touching the database."""
    sheets = {key: [] for key in SHEETS_KEYS}
    sheets["job_levels"] = list(data.get("job_levels", []))
    sheets["job_families"] = list(data.get("job_families", []))
    for item in data.get("departments", []):
        sheets["departments"].append(item)
        for key, kind in ROW_SHEETS.items():
            if kind.parent == "department":
                sheets[key] += [dict(row, department=item["code"]) for row in item.get(kind.key, [])]
    for item in data.get("positions", []):
        links = {name: "、".join(item.get(name, [])) for name in LINK_FIELDS}
        sheets["positions"].append(item | links | {"job_level": item.get("level"), "family": item.get("family")})
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
        sheets = _fixture_records(json.load(handle))
    return _build(include_confidential, lambda key: sheets[key])
