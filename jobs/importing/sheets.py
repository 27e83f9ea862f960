"""The workbook layout: one sheet per kind of record, in the order the import needs them.

See :mod:`kernel.columns` for how headers and their aliases are matched.
"""
from dataclasses import replace

from departments.models import DEPARTMENT_ROWS
from departments.sheets import DEPARTMENT_SHEETS
from jobs.models import KPI, POSITION_ROWS, Authority, Duty, Education, Position, WorkRelation
from jobs.models.position import EDUCATION_WORDS
from kernel.columns import (  # noqa: F401 (re-exported for the importer)
    BOOL, CHOICE, DATE, INT, ITEMS, REF, REFS, TEXT, Column, Sheet, choice, normalise_header, text,
)

STATUS_LABELS = {
    Position.Status.DRAFT: "草稿", Position.Status.REVIEW: "审核中",
    Position.Status.PUBLISHED: "已发布", Position.Status.ARCHIVED: "已归档",
}
EDUCATION_LABELS = EDUCATION_WORDS
EDUCATION_VARIANTS = {
    "无": Education.NONE, "无要求": Education.NONE, "": Education.NONE, "高中": Education.SENIOR_HIGH,
    "中专": Education.SENIOR_HIGH, "中专/高中": Education.SENIOR_HIGH, "职高": Education.SENIOR_HIGH,
    "专科": Education.COLLEGE, "大专及以上": Education.COLLEGE, "大学专科": Education.COLLEGE,
    "大学本科": Education.BACHELOR, "本科及以上": Education.BACHELOR, "学士": Education.BACHELOR,
    "研究生": Education.MASTER, "硕士研究生": Education.MASTER, "硕士及以上": Education.MASTER,
    "博士研究生": Education.DOCTOR, "学历不限": Education.NONE, "不限学历": Education.NONE,
}
# "本科及以上学历", "大专以上", "高中或以上" … as written in job postings: the level they start from.
EDUCATION_VARIANTS |= {
    word + suffix: value
    for word, value in {label: value for value, label in EDUCATION_LABELS.items() if value}.items() | {
        word: value for word, value in EDUCATION_VARIANTS.items() if value and not word.endswith("以上")
    }.items()
    for suffix in ("以上", "及以上", "或以上", "学历", "以上学历", "及以上学历", "或以上学历")
}
DUTY_LABELS = {
    Duty.Category.MAIN: "主要职责", Duty.Category.DAILY: "日常工作",
    Duty.Category.COORDINATION: "协调工作", Duty.Category.OTHER: "其他",
}
AUTHORITY_LABELS = {
    Authority.Category.PERSONNEL: "人事权", Authority.Category.FINANCE: "财务权",
    Authority.Category.BUSINESS: "业务权", Authority.Category.OTHER: "其他权限",
}
PERIOD_LABELS = {
    KPI.Period.MONTH: "月度", KPI.Period.QUARTER: "季度", KPI.Period.HALF_YEAR: "半年度", KPI.Period.YEAR: "年度",
}
SCOPE_LABELS = {
    WorkRelation.Scope.DEPARTMENT: "本部门内部", WorkRelation.Scope.COMPANY: "公司内部",
    WorkRelation.Scope.GROUP: "集团内部", WorkRelation.Scope.EXTERNAL: "外部",
}


# Sheets the export adds for people, which the import skips: the instructions and the dropdown values.
GUIDE_SHEET = "填写说明"
OPTIONS_SHEET = "选项"

POSITION_REF = Column("position", "岗位编号", ("岗位编码", "职位编号", "职位编码", "岗位代码"), REF, True)
# On the sheets of a position's rows, the standard position (基准岗位) a row belongs to instead.
STANDARD_REF = Column("standard_position", "基准岗位编号", ("基准岗位编码", "基准岗位代码", "标准岗位编号", "基准岗位"), REF)
# A required column whose cell may stay empty when the row fills the column standing in for it.
STANDS_IN = {"position": "standard_position"}

# 任职资格 columns: on their own sheet, or beside the title on the 岗位 sheet (INLINE_COLUMNS).
QUALIFICATION_COLUMNS = (
    choice("education", "最低学历", EDUCATION_LABELS, ("学历要求", "教育水平", "学历", "教育程度", "文化程度", "最低学历要求"),
           EDUCATION_VARIANTS),
    text("education_note", "学历说明", max_length=200),
    text("major", "专业", ("专业要求", "所学专业", "专业背景"), max_length=200),
    text("age", "年龄要求", ("年龄", "年龄范围"), max_length=100),
    text("gender", "性别要求", ("性别",), max_length=50),
    Column("experience_years", "工作经验年限", ("经验年限", "工作年限", "工作经验(年)", "经验(年)"), INT),
    text("experience", "工作经验", ("经验要求", "所需经验", "工作经历", "相关工作经验", "从业经验", "经验")),
    text("training_subjects", "培训科目", ("岗前培训", "培训内容", "培训", "培训要求", "所需培训")),
    text("training_duration", "培训时间", max_length=100),
    text("knowledge", "应具备知识", ("知识", "知识要求", "专业知识", "知识结构")),
    text("skills", "技能技巧", ("技能", "技能要求", "能力要求", "技能要求与能力")),
    text("basic_qualities", "基本素质", ("素质要求", "基本素质要求", "素质")),
    text("personality", "个性特征", ("个性", "个性要求", "性格要求", "性格")),
    text("physical", "体能要求", ("身体条件", "身体要求", "身体状况", "身体素质")),
    text("certificates", "证书", ("资格证书", "职业资格", "证书要求", "资质证书", "职称")),
    text("languages", "外语", ("外语要求", "外语水平", "外语能力"), max_length=200),
    text("computer_skills", "计算机", ("计算机水平", "计算机要求", "计算机能力", "电脑水平", "电脑技能"), max_length=200),
    text("other", "其他要求", ("其他任职要求", "任职要求", "任职资格", "任职条件")),
)

# Columns the 基准岗位 sheet shares with the 岗位 sheet (a standard position carries those sections).
JOB_LEVEL = Column("job_level", "职务等级", ("职级", "岗位等级", "岗位级别", "职位等级"), REF)
JOB_FAMILY = Column("family", "职位序列", ("岗位序列", "序列"), REF)
SUMMARY = text("summary", "职责概述", ("本职概述", "岗位概述", "工作概述", "岗位目的", "岗位使命", "职位概要", "岗位概要"))
CONDITION_COLUMNS = (
    text("working_hours", "工作时间", max_length=200),
    text("environment", "工作环境", ("工作场所",)),
    text("tools", "使用工具/设备", ("使用工具设备", "工具设备", "使用工具")),
    text("time_pattern", "工作时间特征", max_length=200),
    text("workload_balance", "工作均衡性", max_length=200),
    text("travel", "出差", ("出差要求",), max_length=200),
)
ASSESSMENT_NOTE = text("assessment_note", "考核说明", ("考核标准",))

SHEETS = (
    Sheet("job_levels", "职务等级", ("职级", "等级"), (
        text("code", "等级编码", ("职务等级编码", "职级编码", "编码"), required=True, max_length=16),
        text("name", "等级名称", ("职务等级", "职级", "名称"), required=True, words_only=True, max_length=50),
        Column("rank", "排序", ("级别序号", "序号"), INT),
    )),
    Sheet("job_families", "职位序列", ("序列", "岗位序列"), (
        text("code", "序列编码", ("职位序列编码", "编码"), required=True, max_length=16),
        text("name", "序列名称", ("职位序列", "名称"), required=True, words_only=True, max_length=50),
    )),
    *DEPARTMENT_SHEETS,
    # 基准岗位: a job description used by many positions (its rows are on the sheets of a position's
    # rows, under 基准岗位编号). Its 状态 and 版本 are written by exports and never imported.
    Sheet("standards", "基准岗位", ("标准岗位", "基准岗位表", "基准岗位库", "基准职位", "标准职位", "标准岗位库"), (
        text("code", "基准岗位编号", ("基准岗位编码", "基准岗位代码", "标准岗位编号", *POSITION_REF.aliases, "岗位编号", "编号", "编码"),
             required=True, max_length=32),
        text("title", "基准岗位名称", ("标准岗位名称", "基准职位名称", "基准岗位", "岗位名称", "职位名称", "岗位", "名称"),
             required=True, words_only=True, max_length=100),
        JOB_LEVEL,
        JOB_FAMILY,
        replace(choice("status", "状态", STATUS_LABELS), imported=False),
        Column("version", "版本", ("版本号",), INT, imported=False),
        SUMMARY,
        *CONDITION_COLUMNS,
        text("promotion_note", "其他晋升方向", ("晋升方向",)),
        text("lateral_note", "其他轮换方向", ("轮换方向",)),
        ASSESSMENT_NOTE,
        text("remarks", "备注", ("说明",)),
    )),
    Sheet("positions", "岗位", ("岗位信息", "岗位清单", "职位", "定岗定编", "岗位列表", "岗位一览表", "岗位设置", "岗位汇总",
                              "岗位明细", "定岗定编表", "职位清单", "职位列表", "岗位说明", "岗位设置表", "岗位一览"), (
        Column("code", "岗位编号", POSITION_REF.aliases, TEXT, max_length=32),  # made up when absent, see service
        text("title", "岗位名称", ("职位名称", "岗位", "职务名称", "职位", "职务"), required=True, words_only=True, max_length=100),
        Column("department", "所在部门", ("所属部门", "部门", "部门编码", "部门名称", "归属部门", "隶属部门", "部门/科室"), REF, True),
        Column("reports_to", "直接上级", ("上级岗位", "汇报对象", "直接上级岗位", "上级岗位编号", "直属上级", "汇报上级", "上级",
                                      "上级职位", "直接领导", "汇报岗位", "汇报给", "向谁汇报", "汇报至"), REF),
        Column("reports_to_department", "上级所在部门", ("上级部门",), REF),
        JOB_LEVEL,
        JOB_FAMILY,
        Column("standard", "基准岗位", ("基准岗位编号", "基准岗位名称", "标准岗位", "对应基准岗位", "所属基准岗位", "基准职位"), REF),
        Column("own_section_labels", "自有部分", ("自行编写部分", "自定义部分", "不继承部分", "覆盖部分", "不沿用基准岗位"), REFS),
        Column("headcount", "岗位定员", ("定员人数", "编制人数", "岗位人员", "定员", "编制", "岗位人数", "人数", "编制数",
                                     "岗位编制", "定编", "定编人数", "核定人数"), INT),
        Column("actual_headcount", "在岗人数", ("在职人数", "实有人数", "在岗", "现有人数", "实际人数", "实有人员", "在岗人员"), INT),
        Column("fill_date", "填写日期", ("填表日期",), DATE),
        choice("status", "状态", STATUS_LABELS, ("岗位状态",), {"审核": Position.Status.REVIEW, "发布": Position.Status.PUBLISHED}),
        Column("version", "版本", ("版本号",), INT, imported=False),
        Column("effective_date", "生效日期", (), DATE),
        text("remarks", "备注"),
        text("salary_grade", "工资等级", ("薪资等级",), max_length=100),
        text("salary_level", "工资水平", ("薪资水平", "薪酬水平"), max_length=100),
        SUMMARY,
        *CONDITION_COLUMNS,
        text("supervision_received", "所受监督"),
        text("supervision_given", "所施监督"),
        Column("dotted_supervisors", "虚线上级", ("间接上级", "虚线汇报"), REFS),
        Column("promotion_targets", "可晋升职位", ("可直接升迁的职位", "晋升职位"), REFS),
        text("promotion_note", "其他晋升方向"),
        Column("lateral_moves", "可轮换职位", ("可相互转换的职位", "可转换职位"), REFS),
        text("lateral_note", "其他轮换方向"),
        ASSESSMENT_NOTE,
    )),
    Sheet("qualifications", "任职资格", ("任职要求", "任职条件", "任职资格要求", "岗位任职资格"), (
        POSITION_REF,
        STANDARD_REF,
        *QUALIFICATION_COLUMNS,
    )),
    Sheet("duties", "职责", ("岗位职责", "工作职责", "职责描述", "岗位职责明细", "职责明细", "岗位职责表"), (
        POSITION_REF,
        STANDARD_REF,
        choice("category", "职责类别", DUTY_LABELS, ("类别", "职责分类", "职责类型", "工作类别", "工作类型"), {"日常职责": Duty.Category.DAILY, "主要": Duty.Category.MAIN}),
        text("statement", "职责描述", ("职责", "职责内容"), required=True),
        text("tasks", "工作任务", ("任务",)),
        text("standard", "工作标准", ("标准", "考核标准")),
        Column("time_share", "时间占比(%)", ("时间占比", "时间比例", "占用时间"), INT),
    )),
    Sheet("authorities", "权限", ("岗位权限", "工作权限"), (
        POSITION_REF,
        STANDARD_REF,
        choice("category", "权限类别", AUTHORITY_LABELS, ("类别", "权限类型", "权限分类"), {"其他": Authority.Category.OTHER, "人事": Authority.Category.PERSONNEL,
                                                                  "财务": Authority.Category.FINANCE, "业务": Authority.Category.BUSINESS}),
        text("text", "权限内容", ("权限", "权限描述"), required=True),
    )),
    Sheet("kpis", "考核指标", ("KPI", "绩效指标", "关键绩效指标"), (
        POSITION_REF,
        STANDARD_REF,
        text("name", "考核指标", ("指标名称", "指标", "KPI"), required=True, max_length=200),
        text("definition", "定义或公式", ("指标定义", "计算公式")),
        text("target", "目标值", ("目标",), max_length=200),
        Column("weight", "权重(%)", ("权重",), INT),
        choice("period", "考核周期", PERIOD_LABELS, ("周期",), {"月": KPI.Period.MONTH, "季": KPI.Period.QUARTER, "年": KPI.Period.YEAR,
                                                         "半年": KPI.Period.HALF_YEAR, "": ""}),
        text("data_source", "数据来源", max_length=200),
    )),
    Sheet("relations", "协作关系", ("工作协作关系", "工作关系", "协作关系表", "内外部协作关系"), (
        POSITION_REF,
        STANDARD_REF,
        choice("scope", "协作范围", SCOPE_LABELS, ("范围", "内外部", "内/外部", "内部/外部", "内外", "协作类型", "关系类型", "协作性质"), {"内部": WorkRelation.Scope.COMPANY, "本部门": WorkRelation.Scope.DEPARTMENT,
                                                         "公司": WorkRelation.Scope.COMPANY, "集团": WorkRelation.Scope.GROUP}),
        text("party", "协作对象", ("协作部门", "对象"), required=True, max_length=200),
        text("content", "协作内容", ("内容",)),
    )),
    Sheet("records", "工作记录", ("工作记录与报表", "记录与报表", "报表"), (
        POSITION_REF,
        STANDARD_REF,
        text("document", "记录/报表名称", ("记录名称", "报表名称", "文件名称", "记录与报表"), required=True, max_length=200),
        text("timing", "编制时间", ("形成时间", "报送时间"), max_length=100),
        text("recipient", "报送对象", ("报送", "接收人"), max_length=200),
    )),
)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
# A sheet its headers alone name only when one of them has one of these words: under a sheet named
# 基准岗位 the headers 岗位编号 and 岗位名称 are those of standard positions, but a table of positions
# without departments is not a list of standard positions.
GUESSED_ONLY_WITH = {"standards": ("基准", "标准岗位", "标准职位")}
# The sheets of child rows and the kind of row each fills (the registries of the two apps).
ROW_SHEETS = {
    "department_duties": DEPARTMENT_ROWS[0],
    "department_policies": DEPARTMENT_ROWS[1],
    **{kind.key: kind for kind in POSITION_ROWS},
}
CONFIDENTIAL_COLUMNS = {("positions", "salary_grade"), ("positions", "salary_level")}


# Many staffing tables keep one row per position with everything on it. The 岗位 sheet accepts
# these columns of other sheets: every 任职资格 column (the position's cells stand for its row
# there), and 岗位职责, 岗位权限 and 考核指标, each one cell listing the position's duties,
# authorities or KPIs (each item a row of that sheet).
DUTY_ITEMS = Column(
    "statement", "岗位职责", ("职责", "主要职责", "工作职责", "职责描述", "职责内容", "工作内容", "岗位职责描述"), ITEMS,
)
AUTHORITY_ITEMS = Column("text", "岗位权限", ("权限", "权限内容", "工作权限", "主要权限", "权限描述", "职权"), ITEMS)
KPI_ITEMS = Column(
    "name", "考核指标", ("KPI", "绩效指标", "关键绩效指标", "主要考核指标", "考核要点", "绩效考核指标", "考核内容"), ITEMS,
)
_ONE_ROW_EACH = {
    "qualifications": QUALIFICATION_COLUMNS, "duties": (DUTY_ITEMS,), "authorities": (AUTHORITY_ITEMS,), "kpis": (KPI_ITEMS,),
}
INLINE_COLUMNS = {"positions": _ONE_ROW_EACH, "standards": _ONE_ROW_EACH}  # a 基准岗位 list is often one row each too

# Staffing tables often give the department as one column per level (一级部门 | 二级部门 | 三级部门)
# instead of one 所在部门 cell: a row's cells, left to right, are its department's name path, with a
# 所在部门 cell, when the sheet has one too, as the lowest level.
DEPARTMENT_LEVELS = tuple(
    Column(f"department_level_{number}", f"{word}级部门", (f"{word}级部门名称", f"{word}级机构", f"{word}级组织"), REF)
    for number, word in enumerate("一二三四五", start=1)
)
LEVEL_COLUMNS = {"positions": ("department", DEPARTMENT_LEVELS)}


def inline_columns(spec):
    """column -> key of its own sheet, for the columns of other sheets that ``spec`` accepts."""
    return {column: key for key, columns in INLINE_COLUMNS.get(spec.key, {}).items() for column in columns}


def level_columns(spec):
    """(name of the column they make up, the level columns) of ``spec``; ("", ()) for most sheets."""
    return LEVEL_COLUMNS.get(spec.key, ("", ()))


def missing_columns(spec, present):
    """The required columns of ``spec`` that the columns ``present`` lack; level columns stand in
    for the column they make up, and 基准岗位编号 for 岗位编号 (``STANDS_IN``)."""
    made_up, levels = level_columns(spec)
    stand_in = made_up if any(column in present for column in levels) else None
    names = {column.name for column in present}
    return [
        column for column in spec.required
        if column not in present and column.name != stand_in and STANDS_IN.get(column.name) not in names
    ]


def sheet_for_name(name):
    wanted = normalise_header(name)
    for sheet in SHEETS:
        if wanted in {normalise_header(sheet.title), sheet.key, *map(normalise_header, sheet.aliases)}:
            return sheet
    return None
