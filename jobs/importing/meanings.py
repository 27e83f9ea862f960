"""What a company's own words mean, where a cell does not use the importer's exact labels.

Spreadsheets say 客户 or 外部单位 where the importer's choice is 外部, 日常 where it is 日常工作,
“人事权：…” at the start of an authority instead of a category column, and 中专以上 where the
level is 高中/中专.  This module reads those words into the value they mean and says, for the
preview, which words decided it (“协作范围：外部（按“客户”判断）”).  Nothing is defaulted
silently: a relation whose scope neither its scope cell nor its party reveals is imported as
公司内部 *with a note on its row*, and education words that the level's label does not say
exactly are kept in 学历说明, so 中专以上 and 高中以上 stay distinct.

Used by :mod:`.cells` (a choice cell in other words) and :mod:`.parsing` (what one cell says
about another: the party about the scope, the text about its category, the education words).
"""
import re

from django.utils.translation import gettext as _

from jobs.importing.sheets import AUTHORITY_LABELS, DUTY_LABELS, EDUCATION_LABELS, SCOPE_LABELS
from jobs.models import Authority, Duty, Education, WorkRelation

Scope = WorkRelation.Scope

# ---- relation scope ----------------------------------------------------------------------------
# Words of a scope cell, looked for in this order (集团外部 is external, 本部门内部 the department).
_SCOPE_WORDS = (
    (Scope.DEPARTMENT, ("本部门", "部门内", "本科室", "科室内", "本中心", "中心内", "本团队", "团队内", "本组", "组内")),
    (Scope.GROUP, ("集团", "兄弟公司", "关联公司", "子公司", "分公司", "母公司", "总公司", "下属公司")),
    (Scope.COMPANY, ("公司内", "本公司", "跨部门", "部门间", "各部门", "其他部门", "兄弟部门", "内部", "对内", "公司")),
)
# Parties outside the company: anywhere in the name.
_EXTERNAL_PARTY_WORDS = (
    "外部", "第三方", "客户", "顾客", "消费者", "用户", "业主", "供应商", "供货商", "厂家", "厂商", "经销商", "代理商", "分销商",
    "服务商", "承包商", "承建商", "销售商", "运营商", "渠道商", "合作伙伴", "合作方", "合作单位", "银行", "金融机构", "保险公司",
    "税务", "工商", "市场监管", "政府", "海关", "法院", "检察院", "仲裁", "律师", "律所", "事务所", "媒体", "记者", "报社", "电视台",
    "协会", "学会", "社保", "公积金", "人社", "劳动局", "劳动部门", "公安", "派出所", "消防", "环保", "质监", "质检", "监管",
    "证监", "交易所", "投资者", "投资人", "猎头", "培训机构", "院校", "高校", "学校", "医院", "物业", "房东", "街道", "社区",
    "居委会", "机关", "主管部门", "上级单位", "外单位", "企事业单位", "民营企业", "同行", "竞争对手", "审计机构", "认证机构",
    "检测机构", "设计院", "研究院", "研究所",
)
# Government offices: 税务局, 发改委, 商务厅 … (a name ending in one of these).
_EXTERNAL_PARTY_ENDINGS = ("局", "委", "厅", "署", "所", "院")
# Inside the company: a department or unit; a position.
_UNIT_ENDINGS = (
    "部", "部门", "中心", "科", "科室", "室", "处", "组", "小组", "班组", "车间", "办", "办公室", "总经办", "团队", "事业部",
    "董事会", "监事会",
)
_POSITION_ENDINGS = (
    "经理", "总监", "主管", "专员", "助理", "主任", "部长", "科长", "组长", "班长", "总裁", "董事长", "领导", "上级", "下属",
    "同事", "员工", "人员", "岗位",
)
_PARTY_SEPARATORS = re.compile(r"[、，,；;/／\s]+|(?<=[部室组科办心间])(?:和|及|与)")
_WIDER = {Scope.DEPARTMENT: 0, Scope.COMPANY: 1, Scope.GROUP: 2}


def scope_from_words(text):
    """(scope, cue) that a scope cell's words mean (外部单位, 公司内部, 本部门, 客户 …), or None."""
    words = re.sub(r"\s", "", str(text))
    if not words:
        return None
    if "外" in words:
        if "内" in words:
            return None  # 内外部: says nothing
        return Scope.EXTERNAL, "外部" if "外部" in words else "外"
    for scope, cues in _SCOPE_WORDS[:2]:  # 本部门 …, 集团 …
        for cue in cues:
            if cue in words:
                return scope, cue
    for cue in _EXTERNAL_PARTY_WORDS:  # 客户, 保险公司 …
        if cue in words:
            return Scope.EXTERNAL, cue
    for cue in _SCOPE_WORDS[2][1]:  # 公司内部, 跨部门 …
        if cue in words:
            return Scope.COMPANY, cue
    return scope_from_party(words)


def _party_scope(part):
    """(scope, cue) of one party: 外部 words first, then a unit's name (集团采购部, 客户服务部), then
    outside parties (银行, 律师事务所), then positions (总经理), then government offices (税务局)."""
    if "外部" in part or "第三方" in part:
        return Scope.EXTERNAL, "外部" if "外部" in part else "第三方"
    group = part.startswith("集团") and len(part) > 2
    if part.startswith(("本部门", "部门内")):
        return Scope.DEPARTMENT, part
    if part.endswith(_UNIT_ENDINGS):
        return (Scope.GROUP if group else Scope.COMPANY), part
    for cue in _EXTERNAL_PARTY_WORDS:
        if cue in part:
            return Scope.EXTERNAL, cue
    if group:
        return Scope.GROUP, part
    if part.endswith(_POSITION_ENDINGS):
        return Scope.COMPANY, part
    if len(part) > 2 and part.endswith(_EXTERNAL_PARTY_ENDINGS):
        return Scope.EXTERNAL, part
    return None


def scope_from_party(party):
    """(scope, cue) that the parties named in a cell reveal (“律师事务所、法院” → 外部, “企管部、财务部”
    → 公司内部), or None when they reveal nothing or disagree (a bank and a department)."""
    found = [scope for part in _PARTY_SEPARATORS.split(str(party)) if part and (scope := _party_scope(part))]
    scopes = {scope for scope, _cue in found}
    if not scopes or (Scope.EXTERNAL in scopes and len(scopes) > 1):
        return None
    widest = max(scopes, key=lambda scope: _WIDER.get(scope, 3))
    return widest, next(cue for scope, cue in found if scope == widest)


# ---- duty and authority categories --------------------------------------------------------------
_DUTY_WORDS = (
    (Duty.Category.COORDINATION, ("协调", "协作", "配合")),
    (Duty.Category.DAILY, ("日常", "例行", "经常性")),
    (Duty.Category.OTHER, ("其他", "其它", "临时", "交办")),
    (Duty.Category.MAIN, ("主要", "核心", "关键", "重点", "基本")),
)
_AUTHORITY_WORDS = (
    (Authority.Category.PERSONNEL, ("人事", "用人", "人员")),
    (Authority.Category.FINANCE, ("财务", "资金", "费用")),
    (Authority.Category.BUSINESS, ("业务", "经营")),
    (Authority.Category.OTHER, ("其他", "其它")),
)
# A category written at the start of the text: “日常工作：…”, “人事权：…”, “财务：…”, “人事权 …”.
_DUTY_PREFIX = re.compile(
    r"^[ \t\u3000]*(?P<cue>(?:主要|日常|协调|协作|其他|其它|临时|核心|关键|重点|例行)(?:职责|工作|任务|事项)?类?)"
    r"[ \t\u3000]*[：:][ \t\u3000]*(?P<rest>\S.*)$", re.S,
)
_AUTHORITY_PREFIX = re.compile(
    r"^[ \t\u3000]*(?P<cue>(?:人事|财务|业务|经营|其他|其它)(?:(?:权限|权)(?=[ \t\u3000]*[：:]|[ \t\u3000]+\S)|(?=[ \t\u3000]*[：:]))类?)"
    r"[ \t\u3000]*[：:]?[ \t\u3000]*(?P<rest>\S.*)$", re.S,
)


def _category(words, table):
    for category, cues in table:
        for cue in cues:
            if cue in words:
                return category, cue
    return None


def duty_category_from_words(text):
    """(category, cue) that a 职责类别 cell's words mean (日常, 协调事项, 临时性工作 …), or None."""
    return _category(re.sub(r"\s", "", str(text)), _DUTY_WORDS)


def authority_category_from_words(text):
    """(category, cue) that a 权限类别 cell's words mean (人事, 财务权限, 经营权 …), or None."""
    return _category(re.sub(r"\s", "", str(text)), _AUTHORITY_WORDS)


def category_prefix(text, *, authority):
    """(category, cue, the text after it) when ``text`` starts with its category, else None."""
    match = (_AUTHORITY_PREFIX if authority else _DUTY_PREFIX).match(str(text))
    if not match:
        return None
    found = (authority_category_from_words if authority else duty_category_from_words)(match["cue"])
    return (found[0], match["cue"], match["rest"].strip()) if found else None


# ---- education -----------------------------------------------------------------------------------
_EDUCATION_WORDS = (
    (Education.DOCTOR, ("博士",)),
    (Education.MASTER, ("硕士", "研究生")),
    (Education.BACHELOR, ("本科", "学士")),
    (Education.COLLEGE, ("大专", "专科", "高职")),
    (Education.SENIOR_HIGH, ("高中", "中专", "职高", "技校", "中技", "中职", "职校", "中等专业", "中师")),
    (Education.JUNIOR_HIGH, ("初中",)),
    (Education.NONE, ("不限", "无要求")),
)
# The words that say a level exactly: nothing of them is lost in the level's label.
_EXACT_EDUCATION = {
    Education.NONE: {"", "不限", "无", "无要求", "学历不限", "不限学历"},
    Education.JUNIOR_HIGH: {"初中"},
    Education.SENIOR_HIGH: {"高中/中专", "中专/高中", "高中或中专", "中专或高中", "高中、中专", "高中中专"},
    Education.COLLEGE: {"大专", "专科", "大学专科"},
    Education.BACHELOR: {"本科", "大学本科", "学士"},
    Education.MASTER: {"硕士", "硕士研究生"},
    Education.DOCTOR: {"博士", "博士研究生"},
}
_MINIMUM = re.compile(r"(及|或|和)?以上|学历|毕业|[（(]含[)）]")


def education_from_words(text):
    """(level, cue) for education written in a sentence (“统招本科，硕士优先” → 本科): the level
    named first, or None."""
    words = re.sub(r"\s", "", str(text))
    found = [(words.index(cue), level, cue) for level, cues in _EDUCATION_WORDS for cue in cues if cue in words]
    if not found:
        return None
    _index, level, cue = min(found)
    return level, cue


def education_note(text, level):
    """The words of an education cell to keep in 学历说明 because the level's label does not say
    them exactly (中专以上 under 高中/中专), or "" (本科及以上学历 under 本科)."""
    words = re.sub(r"\s", "", str(text or ""))
    core = _MINIMUM.sub("", words)
    return "" if core in _EXACT_EDUCATION.get(level, ()) else str(text).strip()[:200]


# ---- what the importer calls each inference ----------------------------------------------------
CHOICE_READERS = {
    "协作范围": (scope_from_words, SCOPE_LABELS),
    "职责类别": (duty_category_from_words, DUTY_LABELS),
    "权限类别": (authority_category_from_words, AUTHORITY_LABELS),
    "最低学历": (education_from_words, EDUCATION_LABELS),
}


def read_choice(column, text):
    """(value, note) for a choice cell written in other words than the choices, or None."""
    reader = CHOICE_READERS.get(column.header)
    found = reader[0](text) if reader else None
    if found is None:
        return None
    value, cue = found
    return value, _("%(column)s: %(value)s (read from “%(cue)s”)") % {"column": column.header, "value": reader[1][value], "cue": cue}


def complete(key, values, raw):
    """Notes for what one cell of a row says about another, filling ``values`` (the row's values
    of sheet ``key``) in place; ``raw`` holds the row's cells as written, by column name."""
    notes = []
    if key == "relations":
        notes += _relation_scope(values, raw)
    elif key in ("duties", "authorities"):
        notes += _category_in_text(key, values, raw)
    if key == "qualifications" and values.get("education") is not None and str(raw.get("education") or "").strip():
        notes += _education_words(values, raw)
    return notes


def _relation_scope(values, raw):
    if values.get("scope") is not None:
        return []
    found = scope_from_party(values.get("party", ""))
    if found is None:
        values["scope"] = None  # the model's 公司内部
        return [_("%(column)s not given: imported as %(value)s") % {"column": "协作范围", "value": SCOPE_LABELS[Scope.COMPANY]}]
    values["scope"] = found[0]
    return [_("%(column)s: %(value)s (read from “%(cue)s”)") % {"column": "协作范围", "value": SCOPE_LABELS[found[0]], "cue": found[1]}]


def _category_in_text(key, values, raw):
    authority = key == "authorities"
    name, labels = ("text", AUTHORITY_LABELS) if authority else ("statement", DUTY_LABELS)
    text = values.get(name)
    found = category_prefix(text, authority=authority) if isinstance(text, str) else None
    if found is None:
        return []
    category, cue, rest = found
    given = values.get("category")
    if given is not None and str(raw.get("category") or "").strip() and given != category:
        return []  # the category column says otherwise: the text stays as written
    values[name] = rest
    values["category"] = category
    header = "权限类别" if authority else "职责类别"
    return [_("%(column)s: %(value)s (read from “%(cue)s”)") % {"column": header, "value": labels[category], "cue": f"{cue}："}]


def _education_words(values, raw):
    """学历说明 from the education words: the words the level's label does not say, before the
    file's own 学历说明 when it has one (高中以上学历；其他专业同等学历)."""
    words = str(raw["education"]).strip()
    note = education_note(words, values["education"])
    given = str(values.get("education_note") or "").strip() if str(raw.get("education_note") or "").strip() else ""
    if given and (not note or note in given):
        return []  # the file's own 学历说明 says it
    values["education_note"] = f"{note}；{given}"[:200] if given else note
    if not note:
        return []
    return [
        _("%(column)s: %(value)s, the words “%(words)s” kept in %(note_column)s")
        % {"column": "最低学历", "value": EDUCATION_LABELS[values["education"]], "words": words, "note_column": "学历说明"}
    ]
