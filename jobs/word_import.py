"""Read job descriptions (岗位说明书) typed into Word tables and keep them as draft positions.

Documents are laid out as tables of label and value cells (岗位名称 | 销售员 | 岗位编号 | …),
labels with or without colons, pairs side by side or a row of labels over a row of values,
merged cells, duty tables with 职责描述/工作任务/工作标准 columns and numbering such as
"职责一", "1、" or "(1)".  Each position read becomes a *draft*: HR reviews it before it is
saved, sees which fields could not be read, and importing the same file again updates the
draft (matched by 岗位编号, or by title and department when the code is blank) instead of
adding a second one.
"""
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from departments.models import Department
from jobs.importing.sheets import EDUCATION_LABELS, EDUCATION_VARIANTS
from jobs.models import POSITION_ROWS, Authority, Duty, Position, Qualification, WorkRelation
from kernel.models import code_validator
from kernel.rows import save_if_changed, sync_rows

NUMBERING = re.compile(
    r"^\s*(职责|第)?[一二三四五六七八九十百零〇两\d]+[、.．)）:：]?\s*$|^\s*[(（][一二三四五六七八九十\d]+[)）]\s*$"
)
LEADING_NUMBER = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[、.．)）]\s*|^\s*[(（]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]\s*")
ITEM_SPLIT = re.compile(r"[;；\n]+|(?<=[。])|\s(?=\d+[、.．])|(?<=\S)(?=\d+、)")
BLANK_CODES = {"", "不填", "无", "暂无", "待定", "/", "-", "—"}

LABELS = {
    "title": ("岗位名称", "职位名称", "职务名称", "岗位"),
    "code": ("岗位编号", "岗位编码", "职位编号", "职务编号"),
    "department": ("所在部门", "所属部门", "部门"),
    "headcount": ("岗位定员", "定员人数", "编制人数", "岗位人员", "定员"),
    "reports_to": ("直接上级", "上级岗位", "汇报对象", "直接上级岗位"),
    "summary": ("职责概括", "职责概述", "本职概述", "岗位概述", "工作概述", "岗位目的"),
    "authorities": ("权限", "岗位权限", "工作权限"),
    "kpis": ("主要考核指标", "考核指标", "关键绩效指标"),
    "records": ("所需记录文档", "工作记录", "工作记录与报表", "记录文档"),
    "internal": ("内部协调部门", "内部协调", "内部协作部门", "内部协作"),
    "external": ("外部协调机构", "外部协调", "外部协作单位", "外部协作"),
    "tools": ("使用工具/设备", "使用工具设备", "工具设备", "使用工具"),
    "environment": ("工作环境", "工作场所"),
    "time_pattern": ("工作时间特征",),
    "working_hours": ("工作时间",),
    "travel": ("出差",),
    "remarks": ("备注",),
    "salary_grade": ("工资等级", "薪资等级"),
    "salary_level": ("工资水平", "薪资水平"),
    "supervision_received": ("所受监督",),
    "supervision_given": ("所施监督",),
    "education": ("最低学历", "学历要求", "教育水平", "学历"),
    "major": ("专业", "专业要求"),
    "experience": ("工作经验", "所需经验", "经验要求"),
    "skills": ("技能技巧", "技能要求", "技能"),
    "knowledge": ("应具备知识", "知识要求", "知识"),
    "training_subjects": ("需要培训科目", "培训科目"),
    "training_duration": ("培训时间",),
    "age": ("年龄要求", "年龄"),
    "gender": ("性别要求", "性别"),
    "certificates": ("证书", "资格证书", "职业资格"),
    "personality": ("个性特征",),
    "basic_qualities": ("基本素质",),
    "physical": ("体能要求", "身体条件"),
    "languages": ("外语", "外语要求"),
    "computer_skills": ("计算机", "计算机要求"),
    "other": ("其他说明", "其他要求"),
}
LABEL_TO_FIELD = {label: name for name, labels in LABELS.items() for label in labels}
QUALIFICATION_FIELDS = (
    "education", "major", "experience", "skills", "knowledge", "training_subjects", "training_duration", "age",
    "gender", "certificates", "personality", "basic_qualities", "physical", "languages", "computer_skills", "other",
)
POSITION_TEXT_FIELDS = (
    "summary", "tools", "environment", "time_pattern", "working_hours", "travel", "remarks", "salary_grade",
    "salary_level", "supervision_received", "supervision_given",
)
EXPECTED = ("title", "code", "department", "headcount", "reports_to", "summary", "duties", "authorities", "education")
FIELD_NAMES = {
    "title": "岗位名称", "code": "岗位编号", "department": "所在部门", "headcount": "岗位定员", "reports_to": "直接上级",
    "summary": "职责概述", "duties": "职责", "authorities": "权限", "education": "最低学历",
}
DUTY_CATEGORIES = {
    "主要工作": Duty.Category.MAIN, "主要职责": Duty.Category.MAIN, "日常工作": Duty.Category.DAILY,
    "日常职责": Duty.Category.DAILY, "协调工作": Duty.Category.COORDINATION, "协调职责": Duty.Category.COORDINATION,
    "其他工作": Duty.Category.OTHER, "其他职责": Duty.Category.OTHER,
}
DUTY_COLUMNS = {"职责描述": "statement", "职责表述": "statement", "工作内容": "statement", "工作任务": "tasks", "工作标准": "standard"}
AUTHORITY_CATEGORIES = {"人事权": Authority.Category.PERSONNEL, "财务权": Authority.Category.FINANCE, "业务权": Authority.Category.BUSINESS}


class UnreadableDocument(Exception):
    pass


@dataclass
class Draft:
    """One job description read from Word, before it is saved."""

    source: str
    values: dict = field(default_factory=dict)
    qualification: dict = field(default_factory=dict)
    rows: dict = field(default_factory=lambda: {key: [] for key in ("duties", "authorities", "kpis", "relations", "records")})
    unread: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    department: object = None
    reports_to: object = None
    existing: object = None

    @property
    def title(self):
        return self.values.get("title", "")

    @property
    def code(self):
        return self.values.get("code", "")

    @property
    def counts(self):
        return {key: len(rows) for key, rows in self.rows.items()}


def _label(text):
    cleaned = re.sub(r"[\s\u3000:：*]", "", text)
    return LABEL_TO_FIELD.get(cleaned)


def _inline(text):
    """'权限:1、…' -> ('authorities', '1、…'); None when the text does not start with a label."""
    match = re.match(r"^\s*([^:：\n]{1,12})[:：]\s*(.*)$", text, re.S)
    if match and re.sub(r"\s", "", match.group(1)) in LABEL_TO_FIELD:
        return LABEL_TO_FIELD[re.sub(r"\s", "", match.group(1))], match.group(2).strip()
    return None


def _rows_of(document):
    """Every table row as a list of distinct cell texts (merged cells once), tables in order."""
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(cell.text.strip())
            rows.append(cells)
    return rows


def _split_items(text):
    items = []
    for part in ITEM_SPLIT.split(text or ""):
        part = LEADING_NUMBER.sub("", part.strip()).strip(" ;；。")
        if part:
            items.append(part)
    return items


def read_docx(*, content, source="document.docx"):
    """All drafts in one .docx (a document may hold several job descriptions)."""
    from docx import Document

    if not content:
        raise UnreadableDocument(f"“{source}”是空文件。请选择 Word（.docx）岗位说明书。")
    if content[:4] != b"PK\x03\x04":
        raise UnreadableDocument(f"“{source}”不是 Word 2007 及以上的 .docx 文件。旧版 .doc 请在 Word 中另存为 .docx。")
    try:
        document = Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(f"“{source}”已损坏或不是 Word 文档，无法打开。请在 Word 中重新保存为 .docx。") from error
    except Exception as error:
        raise UnreadableDocument(f"“{source}”无法作为 Word 文档读取。请重新保存为 .docx。") from error
    drafts, draft, duty_columns, category, pending_labels = [], None, None, Duty.Category.MAIN, None
    for cells in _rows_of(document):
        cells = [cell for cell in cells if cell or len(cells) <= 1]
        if not any(cells):
            continue
        labels = [_label(cell) for cell in cells]
        if labels[0] == "title" or (draft is None and "title" in labels):
            draft = Draft(source)
            drafts.append(draft)
            duty_columns, pending_labels = None, None
        if draft is None:
            continue
        # a row of labels over a row of values (最低学历 | 专业 | 其他说明)
        if pending_labels and not any(labels):
            for name, value in zip(pending_labels, cells):
                if name and value:
                    _store(draft, name, value)
            pending_labels = None
            continue
        pending_labels = labels if len(cells) > 1 and all(labels) and len(set(labels)) == len(labels) else None
        if pending_labels:
            duty_columns = None
            continue
        header = [DUTY_COLUMNS.get(re.sub(r"\s", "", cell)) for cell in cells]
        if "statement" in header:
            duty_columns = [name for name in header if name]
            if cells and re.sub(r"\s", "", cells[0]) in DUTY_CATEGORIES:
                category = DUTY_CATEGORIES[re.sub(r"\s", "", cells[0])]
            continue
        if any(labels) or any(_inline(cell) for cell in cells):
            duty_columns = None if labels[0] or _inline(cells[0]) else duty_columns
        if duty_columns is not None:
            if cells and re.sub(r"\s", "", cells[0]) in DUTY_CATEGORIES:
                category = DUTY_CATEGORIES[re.sub(r"\s", "", cells[0])]
                cells = cells[1:]
            content_cells = [cell for cell in cells if not NUMBERING.match(cell)]
            if content_cells:
                duty = {"category": category, "statement": "", "tasks": "", "standard": ""}
                for name, value in zip(duty_columns, content_cells):
                    duty[name] = LEADING_NUMBER.sub("", value).strip()
                if duty["statement"]:
                    draft.rows["duties"].append(duty)
            continue
        index = 0
        while index < len(cells):
            cell, name = cells[index], labels[index]
            if name:
                value = cells[index + 1] if index + 1 < len(cells) and not labels[index + 1] else ""
                _store(draft, name, value)
                index += 2 if value else 1
                continue
            inline = _inline(cell)
            if inline:
                _store(draft, *inline)
            index += 1
    for draft in drafts:
        draft.unread = [FIELD_NAMES[name] for name in EXPECTED if not _has(draft, name)]
    if not drafts:
        raise UnreadableDocument(f"“{source}”里没有找到“岗位名称”表格。请按岗位说明书的表格格式（岗位名称 | … | 岗位编号 | …）填写。")
    return drafts


def _has(draft, name):
    if name in draft.rows:
        return bool(draft.rows[name])
    if name == "education":
        return "education" in draft.qualification
    return bool(draft.values.get(name))


def _store(draft, name, value):
    value = value.strip()
    if not value:
        return
    if name == "code":
        if value not in BLANK_CODES:
            draft.values["code"] = value[:32]
    elif name == "headcount":
        match = re.search(r"\d+", value)
        if match:
            draft.values["headcount"] = int(match.group())
    elif name in ("title", "department", "reports_to"):
        draft.values[name] = value
    elif name in POSITION_TEXT_FIELDS:
        draft.values[name] = value
    elif name == "education":
        draft.qualification["education"] = _education(value)
        draft.qualification["education_note"] = value[:200]
    elif name == "experience":
        draft.qualification["experience"] = value
        years = re.search(r"(\d+)\s*年", value)
        if years:
            draft.qualification["experience_years"] = int(years.group(1))
    elif name in QUALIFICATION_FIELDS:
        draft.qualification[name] = value
    elif name == "authorities":
        category = Authority.Category.OTHER
        for part in re.split(r"(人事权|财务权|业务权)", value):
            if part in AUTHORITY_CATEGORIES:
                category = AUTHORITY_CATEGORIES[part]
                continue
            draft.rows["authorities"] += [{"category": category, "text": item} for item in _split_items(part)]
    elif name == "kpis":
        draft.rows["kpis"] += [{"name": item[:200]} for item in _split_items(value)]
    elif name == "records":
        draft.rows["records"] += [{"document": item[:200]} for item in re.split(r"[、,，;；\n]+", value) if item.strip()]
    elif name in ("internal", "external"):
        scope = WorkRelation.Scope.COMPANY if name == "internal" else WorkRelation.Scope.EXTERNAL
        draft.rows["relations"].append({"scope": scope, "party": value[:200], "content": ""})


def _education(text):
    for label, value in sorted(
        [*((label, value) for value, label in EDUCATION_LABELS.items()), *EDUCATION_VARIANTS.items()], key=lambda item: -len(item[0])
    ):
        if label and label in text:
            return value
    return 0


def _draft_code(department, title):
    digest = hashlib.sha1(f"{department.code}/{title}".encode()).hexdigest()[:8].upper()
    return f"DRAFT-{digest}"


def prepare(drafts):
    """Resolve department, superior and the existing draft of each; record what stops saving."""
    departments = list(Department.objects.all())
    by_code = {d.code: d for d in departments}
    by_name = {}
    for department in departments:
        by_name.setdefault(department.name, []).append(department)
    for draft in drafts:
        name = draft.values.get("department", "")
        found = by_code.get(name) or (by_name.get(name) if len(by_name.get(name, [])) == 1 else None)
        if isinstance(found, list):
            found = found[0]
        draft.department = found
        if not draft.title:
            draft.errors.append("没有读到岗位名称：请在表格中写明“岗位名称”及其内容。")
        if found is None:
            draft.errors.append(
                f"找不到所在部门“{name}”：请先在部门中建立它，或在文档中写成已有部门的名称或编码。" if name
                else "没有读到所在部门：请在表格中写明“所在部门”。"
            )
            continue
        superior = draft.values.get("reports_to")
        if superior:
            matches = list(Position.objects.filter(title=superior, department=found)[:2]) or list(
                Position.objects.filter(title=superior)[:2]
            )
            draft.reports_to = matches[0] if len(matches) == 1 else None
            if draft.reports_to is None:
                draft.unread.append(f"直接上级（“{superior}”{'不唯一' if matches else '不存在'}，请保存后在后台选择）")
        if draft.code and not code_validator.regex.search(draft.code):
            draft.errors.append(
                f"岗位编号“{draft.code}”只能由英文字母、数字和“-”“_”“.”组成（不能只有“.”）：请修改文档中的岗位编号，或留空由系统生成。"
            )
            continue
        code = draft.code or _draft_code(found, draft.title)
        draft.existing = Position.objects.filter(code=code).first()
        if draft.existing is None and not draft.code:
            draft.existing = Position.objects.filter(title=draft.title, department=found, status=Position.Status.DRAFT).first()
        if draft.existing is not None and draft.existing.status != Position.Status.DRAFT:
            draft.errors.append(
                f"岗位编号“{code}”已被非草稿岗位“{draft.existing.title}”使用：导入只更新草稿。请修改文档中的岗位编号。"
            )
    return drafts


@transaction.atomic
def save_drafts(*, drafts):
    """Create or update one draft position per readable draft; all or nothing."""
    saved = []
    for draft in drafts:
        if draft.errors:
            continue
        position = draft.existing or Position(code=draft.code or _draft_code(draft.department, draft.title))
        reason = gettext("Word import: %(file)s") % {"file": draft.source}
        values = {name: draft.values[name] for name in ("title", "headcount", *POSITION_TEXT_FIELDS) if name in draft.values}
        values |= {"department": draft.department, "reports_to": draft.reports_to, "status": Position.Status.DRAFT}
        save_if_changed(position, values, is_new=draft.existing is None, reason=reason)
        if draft.qualification:
            qualification = Qualification.objects.filter(position=position).first()
            save_if_changed(
                qualification or Qualification(position=position), draft.qualification, is_new=qualification is None,
                reason=reason,
            )
        for kind in POSITION_ROWS:
            if draft.rows[kind.key]:
                sync_rows(kind, position, draft.rows[kind.key], reason=reason)
        saved.append(position)
    return saved
