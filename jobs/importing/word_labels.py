"""The words of a 岗位说明书 or 部门职责 document: what each label, section title and column header
means, and what is page furniture.

One table per context, built once from three sources so that a synonym is listed in one place:

1. the workbook's headers and their synonyms (:mod:`jobs.importing.sheets`, the 部门 sheets), which
   are what HR writes in Word too (岗位名称/职务名称, 所在部门/所属部门, 学历要求 …);
2. the labels the app itself prints on its pages and downloads (``jobs.documents.sections``), in
   Chinese and in English, by their message ids, so a downloaded .docx reads back field by field;
3. the words only documents use (:data:`WORD_EXTRAS`): section titles (一、基本资料, 任职资格 …),
   group labels (所需学历及专业), duty and authority groups (主要职责/日常工作, 人事权/财务权).

A label is compared after :func:`label_key`: Traditional characters made Simplified (OpenCC), the
numbering in front (1、 一、 （一） ①) and spaces, colons and asterisks removed.  Values are
never converted: a Traditional document keeps its text.
"""
import functools
import re
from dataclasses import dataclass

import opencc
from django.utils import translation
from django.utils.translation import gettext, ngettext

from departments.sheets import DEPARTMENT_SHEETS
from jobs.importing.sheets import PERIOD_LABELS, SHEETS_BY_KEY
from jobs.models import KPI, Authority, Duty, Education, Position, WorkRelation

# What a label leads to (Target.kind).
POSITION, QUALIFICATION, ROWS, DUTY_PART, LINKS, SUPERVISION = "position", "qualification", "rows", "duty", "links", "supervision"
DERIVED, UNPLACED, GROUP, SECTION = "derived", "unplaced", "group", "section"
DEPARTMENT, DEPARTMENT_DUTIES = "department", "department_duties"
NUMBER = "number"  # a column of row numbers (序号)


@dataclass(frozen=True)
class Target:
    """Where the value of a label goes: ``kind`` (POSITION …), the field ``name``, and for rows
    the kind of row and its group (``extra``: a duty category, an authority category, a scope)."""

    kind: str
    name: str = ""
    extra: str = ""


_CONVERTER = opencc.OpenCC("t2s")


def simplified(text):
    """``text`` in Simplified characters, for recognising words only (values keep their script)."""
    return _CONVERTER.convert(text) if text else text


# Numbering in front of an item or a heading: 1、 1. 1） (1) （一） 一、 ① 第一条 职责一 and bullets.
NUMBERING = re.compile(
    r"^[ \t\u3000]*(?:"
    r"(?P<article>第[一二三四五六七八九十百零〇两\d]+[条章节部分项篇])"
    r"|(?P<duty>职责[一二三四五六七八九十百零〇两\d]+)"
    r"|[（(][ \t]*(?P<bracketed>\d{1,2})[ \t]*[)）]"
    r"|[（(][ \t]*(?P<bracketed_chinese>[一二三四五六七八九十]{1,3})[ \t]*[)）]"
    r"|(?P<arabic>\d{1,2})[ \t]*(?P<arabic_mark>[、.．)）])(?![ \t]*\d)"
    r"|(?P<chinese>[一二三四五六七八九十]{1,3})[ \t]*[、.．](?![ \t]*\d)"
    r"|(?P<circled>[①-⑳])"
    r"|(?P<bullet>[•●○◆◇■□▪▶►√✓-])(?=[ \t\u3000]*\S)"
    r")[ \t\u3000]*"
)
_CHINESE_DIGITS = {character: value for value, character in enumerate("零一二三四五六七八九", start=0)}


def chinese_number(text):
    """一 → 1, 十二 → 12, 二十 → 20 (up to 99)."""
    if "十" not in text:
        return _CHINESE_DIGITS.get(text[-1:], 0) if len(text) == 1 else 0
    tens, _ten, units = text.partition("十")
    return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CHINESE_DIGITS.get(units, 0) if units else 0)


def numbering(text):
    """(style, number, rest) of a numbered line, or None: ("arabic", 2, "…") for "2、…"."""
    match = NUMBERING.match(simplified(text[:12]) + "\n")
    if not match or match.end() > len(text):
        return None
    for style in ("article", "duty", "bracketed", "bracketed_chinese", "arabic", "chinese", "circled", "bullet"):
        value = match.group(style)
        if value is None:
            continue
        if style in ("arabic", "bracketed"):
            number = int(value)
            style = f"arabic{match.group('arabic_mark')}" if style == "arabic" else style
        elif style == "circled":
            number = ord(value) - ord("①") + 1
        elif style in ("chinese", "bracketed_chinese"):
            number = chinese_number(value)
        elif style in ("article", "duty"):
            digits = re.sub(r"^(第|职责)|[条章节部分项篇]$", "", value)
            number = int(digits) if digits.isdigit() else chinese_number(digits)
        else:
            number = 0
        return style.replace("．", "."), number, text[match.end():]
    return None


def strip_numbering(text):
    found = numbering(text)
    return found[2].strip() if found else text.strip()


_KEY_NOISE = re.compile(r"[\s\u3000*＊:：_＿]")


def label_key(text):
    """The form a label is looked up by: Simplified, no numbering in front, no spaces, colons or
    asterisks, half-width brackets (“1、職務名稱：” → “职务名称”)."""
    text = simplified(text.strip())
    found = numbering(text)
    if found and found[0] not in ("duty",):
        text = found[2]
    key = _KEY_NOISE.sub("", text).replace("（", "(").replace("）", ")").replace("％", "%")
    return key.lower()


def _without_aside(key):
    """所需技能培训(方可上岗) → 所需技能培训: a bracketed remark after a label."""
    return re.sub(r"\([^()]*\)$", "", key)


# ---- the words only documents use --------------------------------------------------------
DUTY_CATEGORY_WORDS = {
    Duty.Category.MAIN: ("主要职责", "主要工作", "主要职能", "核心职责", "主要工作职责"),
    Duty.Category.DAILY: ("日常工作", "日常职责", "日常事务", "日常工作职责"),
    Duty.Category.COORDINATION: ("协调工作", "协调职责", "协作职责", "协调配合"),
    Duty.Category.OTHER: ("其他职责", "其他工作", "其它职责", "其它工作", "临时工作", "临时性工作"),
}
AUTHORITY_CATEGORY_WORDS = {
    Authority.Category.PERSONNEL: ("人事权", "人事权限", "人事管理权"),
    Authority.Category.FINANCE: ("财务权", "财务权限", "财务审批权"),
    Authority.Category.BUSINESS: ("业务权", "业务权限", "业务管理权"),
    Authority.Category.OTHER: ("其他权限", "其它权限", "其他权力"),
}
SCOPE_WORDS = {
    WorkRelation.Scope.DEPARTMENT: ("本部门内部", "本部门内部协作关系", "本部门内部协调", "部门内部协作", "部门内部"),
    WorkRelation.Scope.COMPANY: (
        "公司内部", "内部协调部门", "内部协调", "内部协作部门", "内部协作", "内部协作关系", "内部联系", "公司内部协作关系",
        "内部沟通", "内部关系",
    ),
    WorkRelation.Scope.GROUP: ("集团内部", "集团内部协作关系", "集团内部协调", "集团内协作"),
    WorkRelation.Scope.EXTERNAL: (
        "外部", "外部协调机构", "外部协调", "外部协作单位", "外部协作", "外部协作关系", "集团外部协作关系", "集团外部",
        "外部联系", "外部沟通", "外部关系", "公司外部",
    ),
}
SECTION_WORDS = {
    "basic": ("基本资料", "基本信息", "岗位基本信息", "基本情况", "岗位标识", "职位标识", "岗位信息", "职位基本信息"),
    "content": ("工作内容", "职务说明", "工作描述", "岗位描述", "职位描述", "工作内容与职责"),
    "relations": ("工作关系", "工作协作关系", "协作关系", "工作联系", "工作协作", "岗位关系", "职位关系", "工作关系与协作"),
    "qualification": ("任职资格", "任职要求", "任职条件", "岗位要求", "资格要求", "任职资格要求", "任职资格条件", "岗位任职资格"),
    "conditions": ("工作条件", "工作场所", "工作环境与条件", "工作条件与环境", "工作环境和条件"),
    "assessment": ("考核标准", "考核", "绩效考核", "考核要求", "业绩考核", "考核说明与标准", "绩效考核标准"),
    "career": ("职业发展", "晋升通道", "发展方向", "职业发展通道"),
}
# Labels that head a group of labels beside or below them and carry no value of their own.
GROUP_WORDS = (
    "所需学历及专业", "学历及专业", "所需技能培训", "技能培训", "所需经验及技能", "其它", "其他", "职位关系", "工作时间及环境",
    "知识技能要求", "能力素质要求", "岗位任职条件",
)
WORD_EXTRAS = {
    Target(POSITION, "title"): ("职务名称", "职位名称", "岗位名称"),
    Target(POSITION, "department"): ("所在部门", "隶属部门", "所属部门", "所在单位"),
    Target(POSITION, "reports_to"): ("直接上级", "直接主管", "直接上级职位", "直接上级岗位", "直属领导"),
    Target(POSITION, "headcount"): ("岗位定员", "定员人数", "岗位人员", "定员", "在岗人数"),
    Target(POSITION, "fill_date"): ("填写日期", "编制日期", "编写日期"),
    Target(POSITION, "summary"): (
        "职责概述", "职责概括", "工作职能概要", "职能概要", "职责概要", "岗位职责概述", "工作概要", "岗位设置目的", "职位目的",
        "岗位目的", "工作目的", "岗位使命", "职位概述", "本职工作概述",
    ),
    Target(POSITION, "tools"): ("使用工具/设备", "工作工具", "所需工具", "使用设备", "办公设备", "工作设备", "使用工具及设备"),
    Target(POSITION, "environment"): ("工作环境", "工作环境和条件", "工作环境及条件", "环境"),
    Target(POSITION, "working_hours"): ("工作时间", "工作时间要求"),
    Target(POSITION, "time_pattern"): ("工作时间特征", "工作时间特点"),
    Target(POSITION, "workload_balance"): ("工作均衡性", "工作负荷"),
    Target(POSITION, "travel"): ("出差", "出差要求", "出差情况"),
    Target(POSITION, "remarks"): ("备注", "附注"),
    Target(POSITION, "assessment_note"): ("考核说明",),
    Target(POSITION, "salary_grade"): ("工资等级", "薪资等级", "薪酬等级"),
    Target(POSITION, "salary_level"): ("工资水平", "薪资水平", "薪酬水平"),
    Target(QUALIFICATION, "training_subjects"): ("需要培训科目", "拟订需要培训科目", "拟定需要培训科目", "培训科目"),
    Target(QUALIFICATION, "other"): ("其他说明", "其他要求", "其它要求"),
    Target(QUALIFICATION, "experience"): ("所需经验", "工作经验"),
    Target(QUALIFICATION, "skills"): ("技能技巧", "所需技能", "能力要求"),
    Target(QUALIFICATION, "education"): ("最低学历", "学历要求", "学历"),
    Target(ROWS, "duties"): (
        "岗位职责", "工作职责", "职责", "职责与任务", "工作职责与任务", "主要职责与工作任务", "岗位职责与工作任务",
        "职责范围", "工作任务与职责", "岗位工作职责", "职责内容",
    ),
    Target(ROWS, "authorities"): (
        "权限", "岗位权限", "工作权限", "岗位工作权限", "职权", "主要权限", "权责", "权力", "岗位权力",
    ),
    Target(ROWS, "kpis"): ("考核指标", "主要考核指标", "关键绩效指标", "绩效指标", "kpi", "考核要点", "绩效考核指标", "业绩指标"),
    Target(ROWS, "records"): ("工作记录与报表", "工作记录", "所需记录文档", "记录文档", "记录与报表", "报表", "所需记录", "工作报表"),
    Target(LINKS, "promotion"): ("可直接升迁的职位", "可晋升职位", "晋升职位", "可晋升的职位", "晋升方向", "可升迁职位"),
    Target(LINKS, "lateral"): ("可相互转换的职位", "可轮换职位", "可转换职位", "可轮岗职位", "轮换岗位", "可转换的职位"),
    Target(SUPERVISION, "received"): ("所受监督", "受监督", "接受监督"),
    Target(SUPERVISION, "given"): ("所施监督", "实施监督", "监督对象"),
    Target(DUTY_PART, "statement"): ("职责表述", "职责描述", "职责说明"),
    Target(DUTY_PART, "tasks"): ("工作任务", "主要任务", "具体任务"),
    Target(DUTY_PART, "standard"): ("工作标准", "衡量标准", "绩效标准"),
    Target(DUTY_PART, "time_share"): ("时间占比", "时间占比(%)", "时间比例", "所占时间比例"),
    # Values the tree or the workflow gives: shown by the app's documents, never imported.
    Target(DERIVED, "subordinates"): ("直接下级", "直接下属", "下级岗位", "直接下级岗位", "下属"),
    Target(DERIVED, "span"): ("辖员人数", "管辖人数", "下属人数", "所辖人数"),
    Target(DERIVED, "headed_departments"): ("所辖部门", "负责部门", "管辖部门"),
    Target(DERIVED, "version"): ("版本", "版本号"),
    Target(DERIVED, "status"): ("状态", "岗位状态"),
    Target(DERIVED, "chart"): ("岗位结构图", "组织架构图", "部门组织架构图", "部门组织架构分布与职务直观图", "组织结构图"),
    # Said by documents, with no field to hold it: listed as not recognised, with its value.
    Target(UNPLACED, "superior_department"): ("上级部门",),
}
DEPARTMENT_EXTRAS = {
    Target(DEPARTMENT, "name"): ("部门名称",),
    Target(DEPARTMENT, "code"): ("部门编码", "部门编号", "部门代码"),
    Target(DEPARTMENT, "parent"): ("上级部门",),
    Target(DEPARTMENT, "mission"): ("职责概述", "部门职责概述", "部门使命", "职能概述", "部门概述", "部门宗旨"),
    Target(DEPARTMENT, "nature"): ("部门性质",),
    Target(DEPARTMENT, "staffing_plan"): ("人员配置", "人员编制"),
    Target(DEPARTMENT_DUTIES, "主要职责"): ("主要职责", "部门职责", "职责", "主要职能", "部门职能", "工作职责"),
    Target(UNPLACED, "superior"): ("直接上级", "汇报对象"),
    Target(DERIVED, "chart"): WORD_EXTRAS[Target(DERIVED, "chart")],
}
# Labels only a department has: met inside a job description, they start a department's part.
DEPARTMENT_ONLY = {"部门名称", "部门编码", "部门编号", "部门性质", "管理职能", "管理权限", "部门编制", "部门负责人", "部门负责人岗位"}

# The labels the app prints (jobs.documents.sections), by message id.
APP_LABELS = {
    Target(POSITION, "title"): ("position title",), Target(POSITION, "code"): ("position code",),
    Target(POSITION, "department"): ("department",), Target(POSITION, "reports_to"): ("reports to",),
    Target(POSITION, "job_level"): ("job level",), Target(POSITION, "family"): ("job family",),
    Target(POSITION, "headcount"): ("headcount",), Target(POSITION, "salary_grade"): ("salary grade",),
    Target(POSITION, "salary_level"): ("salary level",), Target(POSITION, "fill_date"): ("date filled in",),
    Target(POSITION, "effective_date"): ("effective date",), Target(POSITION, "summary"): ("job summary",),
    Target(POSITION, "working_hours"): ("working hours",), Target(POSITION, "time_pattern"): ("working time pattern",),
    Target(POSITION, "workload_balance"): ("workload balance",), Target(POSITION, "travel"): ("business travel",),
    Target(POSITION, "environment"): ("working environment",), Target(POSITION, "tools"): ("tools and equipment",),
    Target(POSITION, "assessment_note"): ("assessment note",), Target(POSITION, "remarks"): ("remarks", "Remarks"),
    Target(DERIVED, "subordinates"): ("direct subordinates",), Target(DERIVED, "span"): ("span of control",),
    Target(DERIVED, "headed_departments"): ("departments headed",), Target(DERIVED, "version"): ("version",),
    Target(DERIVED, "status"): ("status",),
    Target(SUPERVISION, "received"): ("supervision received",), Target(SUPERVISION, "given"): ("supervision given",),
    Target(LINKS, "promotion"): ("promotion targets",), Target(LINKS, "lateral"): ("lateral moves",),
    Target(QUALIFICATION, "education"): ("minimum education",), Target(QUALIFICATION, "major"): ("major",),
    Target(QUALIFICATION, "age"): ("age requirement",), Target(QUALIFICATION, "gender"): ("gender requirement",),
    Target(QUALIFICATION, "training"): ("training before starting",), Target(QUALIFICATION, "experience"): ("work experience",),
    Target(QUALIFICATION, "knowledge"): ("knowledge",), Target(QUALIFICATION, "skills"): ("skills",),
    Target(QUALIFICATION, "basic_qualities"): ("basic qualities",), Target(QUALIFICATION, "personality"): ("personality",),
    Target(QUALIFICATION, "physical"): ("physical requirements",), Target(QUALIFICATION, "certificates"): ("certificates",),
    Target(QUALIFICATION, "languages"): ("foreign languages",), Target(QUALIFICATION, "computer_skills"): ("computer skills",),
    Target(QUALIFICATION, "other"): ("other requirements",),
    Target(ROWS, "authorities"): ("Authorities",),
    Target(ROWS, "kpis"): ("KPIs",), Target(ROWS, "records"): ("records and reports", "Records and reports"),
    Target(SECTION, "basic"): ("Basic data",), Target(SECTION, "content"): ("Job content",),
    Target(SECTION, "relations"): ("Working relationships",), Target(SECTION, "qualification"): ("Qualifications",),
    Target(SECTION, "conditions"): ("Working conditions",), Target(SECTION, "assessment"): ("Assessment",),
}
APP_DEPARTMENT_LABELS = {
    Target(DEPARTMENT, "parent"): ("parent department",), Target(DEPARTMENT, "kind"): ("kind",),
    Target(DEPARTMENT, "head_position"): ("head position",), Target(DEPARTMENT, "nature"): ("nature",),
    Target(DEPARTMENT, "mission"): ("mission",), Target(DEPARTMENT, "management_authority"): ("management authority",),
    Target(DEPARTMENT, "management_function"): ("management function",), Target(DEPARTMENT, "staffing_plan"): ("staffing plan",),
    Target(DEPARTMENT, "internal_partners"): ("internal partners",), Target(DEPARTMENT, "external_partners"): ("external partners",),
    Target(DEPARTMENT_DUTIES, ""): ("Department duties",), Target(DERIVED, "chart"): ("Position chart",),
}
LANGUAGES = ("zh-hans", "en")


def _in_every_language(message_ids):
    words = []
    for language in LANGUAGES:
        with translation.override(language):
            words += [gettext(message_id) for message_id in message_ids]
    return words


def _choice_words(choices, extra_words):
    """{word: value} of a model's choices: their labels in every language and the documents' words."""
    words = {}
    for language in LANGUAGES:
        with translation.override(language):
            words.update({str(label): value for value, label in choices.choices})
    for value, extra in extra_words.items():
        words.update({word: value for word in extra})
    return {label_key(word): value for word, value in words.items()}


@functools.cache
def duty_categories():
    return _choice_words(Duty.Category, DUTY_CATEGORY_WORDS)


@functools.cache
def authority_categories():
    return _choice_words(Authority.Category, AUTHORITY_CATEGORY_WORDS)


@functools.cache
def scopes():
    return _choice_words(WorkRelation.Scope, SCOPE_WORDS)


@functools.cache
def periods():
    return _choice_words(KPI.Period, {value: (label, label.rstrip("度")) for value, label in PERIOD_LABELS.items()})


@functools.cache
def education_levels():
    """{display label in every language: level}, for the app's own “本科(…)” cells."""
    return {label: value for label, value in _choice_words(Education, {}).items()}


@functools.cache
def statuses():
    return _choice_words(Position.Status, {})


@functools.cache
def dotted_line_marks():
    return tuple(_in_every_language(["(dotted line)"]))


@functools.cache
def none_words():
    return {"无", "暂无", "没有", *_in_every_language(["None"])}


@functools.cache
def years_patterns():
    """Regexes of the app's “5 年及以上; …” prefix of 工作经验, in every language."""
    patterns = []
    for language in LANGUAGES:
        with translation.override(language):
            for count in (1, 2):
                text = ngettext("%(years)s year or more", "%(years)s years or more", count)
                patterns.append(re.compile("^" + re.escape(text).replace(re.escape("%(years)s"), r"(\d+)") + r";\s?"))
    return tuple(patterns)


@functools.cache
def training_time_labels():
    return tuple(_in_every_language(["training time"]))


def _add(table, words, target):
    for word in words:
        key = label_key(word)
        if key:
            table.setdefault(key, target)


@functools.cache
def position_labels():
    """label key -> Target inside a job description; the first source to claim a word keeps it."""
    table = {}
    for category, words in DUTY_CATEGORY_WORDS.items():
        _add(table, words, Target(ROWS, "duties", category))
    for category, words in AUTHORITY_CATEGORY_WORDS.items():
        _add(table, words, Target(ROWS, "authorities", category))
    for scope, words in SCOPE_WORDS.items():
        _add(table, words, Target(ROWS, "relations", scope))
    for target, words in WORD_EXTRAS.items():
        _add(table, words, target)
    for key, words in SECTION_WORDS.items():
        _add(table, words, Target(SECTION, key))
    _add(table, GROUP_WORDS, Target(GROUP))
    for target, message_ids in APP_LABELS.items():
        _add(table, _in_every_language(message_ids), target)
    for word, category in duty_categories().items():
        table.setdefault(word, Target(ROWS, "duties", category))
    for word, category in authority_categories().items():
        table.setdefault(word, Target(ROWS, "authorities", category))
    for word, scope in scopes().items():
        table.setdefault(word, Target(ROWS, "relations", scope))
    skipped = {"status", "version", "promotion_targets", "lateral_moves", "supervision_received", "supervision_given"}
    for column in SHEETS_BY_KEY["positions"].columns:
        if column.name in skipped:
            continue
        words = [column.header, *column.aliases]
        if column.name == "reports_to_department":
            words = [column.header]  # 上级部门 names no field of a position (UNPLACED above)
        _add(table, words, Target(POSITION, column.name))
    for column in SHEETS_BY_KEY["qualifications"].columns[1:]:
        _add(table, [column.header, *column.aliases], Target(QUALIFICATION, column.name))
    return table


@functools.cache
def department_labels():
    table = {}
    for target, words in DEPARTMENT_EXTRAS.items():
        _add(table, words, target)
    for target, message_ids in APP_DEPARTMENT_LABELS.items():
        _add(table, _in_every_language(message_ids), target)
    spec = next(sheet for sheet in DEPARTMENT_SHEETS if sheet.key == "departments")
    for column in spec.columns:
        if column.name != "is_active":
            _add(table, [column.header, *column.aliases], Target(DEPARTMENT, column.name))
    return table


# ---- the columns of a table with a header row (序号 | 职责描述 | 工作标准 …) -------------------
GRID_EXTRAS = {
    "duties": {
        "statement": ("工作内容及职责", "工作内容", "职责表述", "主要职责", "工作职责", "岗位职责", "职责内容", "职责名称"),
        "standard": ("衡量标准", "绩效标准", "工作标准及要求", "完成标准"),
        "time_share": ("时间占比(%)", "所占时间比例", "时间比例(%)", "占用时间(%)", "所占时间"),
        "tasks": ("主要任务", "具体任务", "工作任务"),
    },
    "authorities": {"text": ("权限", "权限内容", "主要权限", "职权")},
    "kpis": {
        "name": ("考核项目", "考核内容", "关键指标", "指标名称"),
        "definition": ("定义", "指标定义", "计算公式", "计算方法", "考核标准"),
        "data_source": ("信息来源", "数据提供部门", "考核数据来源"),
        "period": ("考核周期", "考核频率"),
    },
    "relations": {"party": ("协作部门/单位", "联系对象", "协调对象"), "content": ("协作内容", "联系内容", "协调内容")},
    "records": {
        "document": ("文档名称", "表单名称", "记录/报表", "文件名称"),
        "timing": ("提交时间", "报送时间", "形成时间", "编制时间", "报送频率"),
        "recipient": ("提交对象", "报送对象", "报送部门"),
    },
    "department_duties": {"function": ("一级职能",), "text": ("二级职能",)},
}
APP_GRID_LABELS = {
    ("duties", "statement"): "duty statement", ("duties", "tasks"): "tasks", ("duties", "standard"): "work standard",
    ("kpis", "name"): "indicator", ("kpis", "definition"): "definition or formula", ("kpis", "target"): "target",
    ("kpis", "weight"): "weight (%)", ("kpis", "period"): "period", ("kpis", "data_source"): "data source",
    ("records", "document"): "document", ("records", "timing"): "when prepared", ("records", "recipient"): "recipient",
    ("department_duties", "function"): "first-level function", ("department_duties", "text"): "second-level function",
}
NUMBER_HEADERS = ("序号", "编号", "no.", "no", "#", "行号", "顺序")


@functools.cache
def grid_columns():
    """{sheet key: {header key: field}} for the tables of rows, and the headers of a number column."""
    columns = {key: {} for key in GRID_EXTRAS}
    for (key, name), message_id in APP_GRID_LABELS.items():
        for word in _in_every_language([message_id]):
            columns[key].setdefault(label_key(word), name)
    for key, extras in GRID_EXTRAS.items():
        for name, words in extras.items():
            for word in words:
                columns[key].setdefault(label_key(word), name)
    for key in columns:
        spec = SHEETS_BY_KEY.get(key) or next(sheet for sheet in DEPARTMENT_SHEETS if sheet.key == key)
        for column in spec.columns:
            if column.name in ("position", "department"):
                continue
            for word in (column.header, *column.aliases):
                columns[key].setdefault(label_key(word), column.name)
    numbers = {label_key(word) for word in (*NUMBER_HEADERS, *_in_every_language(["No."]))}
    return columns, numbers


def lookup(table, text):
    """The Target of ``text`` as a whole label, or None."""
    key = label_key(text)
    if not key or len(key) > 30:
        return None
    return table.get(key) or table.get(_without_aside(key))


# ---- page furniture ------------------------------------------------------------------------
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|\d+\s*/\s*\d+|[-—–]\s*\d+\s*[-—–]"
    r"|page\s*\d+(?:\s*of\s*\d+)?|\d{1,3})$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"(编制|编写|拟制|拟稿|制定|制表|审核|审批|审定|批准|核准|会签|签发|签字|确认|任职者|直接上级签字|日期)(人|部门|日期|签字)?\s*[:：]")
_SIGN_OFF_START = re.compile(r"^\s*(编制|编写|拟制|拟稿|制定|制表|审核|审批|审定|批准|核准|会签|签发|任职者)(人|部门|日期|签字)?\s*[:：]")
_PLAIN_FURNITURE = {
    "机密", "绝密", "秘密", "内部资料", "内部文件", "仅供内部使用", "目录", "contents", "岗位说明书", "职位说明书", "岗位职责说明书",
    "职务说明书", "工作说明书", "jobdescription",
}


# The English sign-off of the app's own documents: “Prepared by: Alice　Date: 2 December 2026”.
_SIGN_OFF_ENGLISH = re.compile(r"^\s*(?:prepared|reviewed|approved|checked)\s+by\s*:", re.IGNORECASE)
_SIGN_OFF_ENGLISH_LABELS = re.compile(r"(?:prepared|reviewed|approved|checked)\s+by|date|signature", re.IGNORECASE)


def is_furniture(text):
    """Page numbers, sign-off lines (编制：… 审核：… 批准：…, Prepared by: …), 机密 marks and bare
    document titles."""
    line = simplified(text.strip())
    if _PAGE_NUMBER.match(line):
        return True
    if label_key(line) in _PLAIN_FURNITURE:
        return True
    return is_sign_off(line)


def is_sign_off(text):
    """A sign-off line: 编制：张三　日期：… (or Prepared by: …), every label in it a sign-off word.
    A table row of such cells only (the app's own 编制/审核/批准 block) is skipped whole, before
    “编制：　日期：” could be taken for the label 编制日期."""
    line = simplified(text.strip())
    if _SIGN_OFF_START.match(line):
        labels = re.findall(r"([^\s:：_＿]{1,8})\s*[:：]", line)
        return all(_SIGN_OFF.match(label + "：") for label in labels)
    if _SIGN_OFF_ENGLISH.match(line):
        labels = re.findall(r"([A-Za-z][A-Za-z ]{0,20}?)\s*:", line)
        return all(_SIGN_OFF_ENGLISH_LABELS.fullmatch(label.strip()) for label in labels)
    return False


# A heading that starts a job description (“市场总监岗位说明书”, “拓展总监 岗位说明书”) or a department's
# part (“拓展部部门职责”, “集团客户部职责概述”).
_JOB_TITLE = re.compile(r"^(?P<title>.*?)[\s\u3000]*(?:岗位|职位|职务|工作)?(?:职责)?说明书$")
_DEPARTMENT_TITLE = re.compile(
    r"^(?P<name>.*?(?:部|中心|室|处|科|组|办|所|队|站|局|院|公司|事业部))?[\s\u3000]*(?:部门)?(?:职责|职能)(?:概述|说明书?|描述)?$"
)


_DOCUMENT_TITLE = re.compile(
    r"^(?P<name>.{0,24}?)(?:职能及岗位职责|职能与岗位职责|部门职责及岗位说明书|部门职责与岗位说明书|部门职责概述与岗位说明书"
    r"|岗位职责|岗位说明书汇编|管理制度|工作制度|岗位职责汇编)(?:[\s\d.]*)$"
)
_DEPARTMENT_NAME = re.compile(r"(?:部|中心|室|处|科|组|办|所|队|站|局|院|公司|事业部)$")
# “1.部门经理职责：” in a policy text: the duties of one position follow.
_DUTIES_OF = re.compile(r"^(?P<title>[^：:，,。；;、\s]{2,16}?)(?:岗位)?职责[:：]$")


def document_title(text):
    """The department a document's own title names (“拓展部职能及岗位职责”, “市场拓展部管理制度” → the
    department, "" when it names none), or None when ``text`` is no such title."""
    original = re.sub(r"[\s\u3000]+", "", text.strip())
    match = _DOCUMENT_TITLE.match(simplified(original))
    if not match or numbering(original) or not match.group("name") and label_key(original) in position_labels():
        return None
    name = match.group("name") or ""
    return original[: len(name)] if _DEPARTMENT_NAME.search(name) else ""


def duties_of(text):
    """The position (or department) whose duties a line such as “1.部门经理职责：” introduces, or None."""
    found = numbering(text)
    line = simplified(found[2] if found else text).strip()
    match = _DUTIES_OF.match(line)
    if not match or label_key(line) in position_labels() or label_key(line) in department_labels() or match.group("title") == "部门":
        return None
    rest = found[2].strip() if found else text.strip()
    return rest[: len(match.group("title"))]


def is_department_name(name):
    return bool(_DEPARTMENT_NAME.search(simplified(name)))


def job_title_heading(text):
    """The title in a heading such as “市场总监岗位说明书” ("" for a bare 岗位说明书), or None."""
    original = re.sub(r"[\s\u3000]+", " ", text.strip())
    line = simplified(original)
    if len(line) > 40 or numbering(line):
        return None
    match = re.match(r"^(?P<title>.*?)\s*job description$", line, re.IGNORECASE) or _JOB_TITLE.match(line)
    if not match:
        return None
    return original[: len(match.group("title"))].strip()


def department_heading(text):
    """The department named by a heading such as “拓展部部门职责” ("" for a bare 部门职责), or None."""
    original = re.sub(r"[\s\u3000]+", "", text.strip())
    line = simplified(original)
    if len(line) > 30 or "岗位" in line or numbering(line):
        return None
    match = _DEPARTMENT_TITLE.match(line)
    if not match or line in ("职责", "职能", "主要职责", "主要职能"):
        return None
    name = match.group("name") or ""
    if not name and not line.startswith("部门"):
        return None
    return original[: len(name)]
