"""Values of a Word 岗位说明书 as the model takes them: lists of items, dates, numbers, 学历 levels,
links to positions and departments, and the inferred groups of authorities and qualifications.

Two ways of reading a list: the app's own downloads number every item "1. " on its own line
(``app_items``); other documents number items in any style, on lines or inline, with sub-items
(``items``, built on the workbook's ``split_items``).
"""
import datetime
import re
from urllib.parse import unquote, urlparse

from django.urls import Resolver404, get_script_prefix, resolve

from jobs.importing.cells import split_items
from jobs.importing.sheets import EDUCATION_LABELS, EDUCATION_VARIANTS
from jobs.importing.word_labels import education_levels, label_key, numbering, simplified, years_patterns
from jobs.models import Authority, Education

_APP_ITEM = re.compile(r"^(\d+)\. ")
_BROKEN_SEQUENCE = re.compile(r"(?<=[；;。])\s*(?=(?:\d{1,2}[、.．]|[（(]\d{1,2}[)）]|[①-⑳])\D)")
_TRAILING = "；;，,、 \t"


def app_items(text):
    """The items of a list the app wrote ("1. a\\n2. b"); a line without a number continues the
    item above (an item's own line breaks), and a list with no numbers has an item per line."""
    lines = text.split("\n")
    if not any(_APP_ITEM.match(line) for line in lines):
        return [line for line in lines if line.strip()]
    items = []
    for line in lines:
        match = _APP_ITEM.match(line)
        if match or not items:
            items.append(line[match.end():] if match else line)
        else:
            items[-1] += "\n" + line
    return items


def items(text):
    """The items of a list in any document: numbered lines (sub-items of another style stay in
    their item), inline numbers (1、… 2、…), or one item per line; numbers are removed."""
    lines = [line.strip() for line in text.split("\n") if line.strip() and strip_number(line)]
    if not lines:
        return []  # nothing, or only numbers (a template's empty “4、”)
    found = []
    first = numbering(lines[0])
    if len(lines) > 1 and first:
        style = first[0]
        for line in lines:
            number = numbering(line)
            if number and number[0] == style or not found:
                found.append(line)
            else:
                found[-1] += "\n" + line
    elif len(lines) > 1 and not any(numbering(line) for line in lines[1:]):
        found = [piece for line in lines for piece in split_items(line)]
    else:
        found = split_items("\n".join(lines))
    result = []
    for item in found:
        for piece in _BROKEN_SEQUENCE.split(item):
            piece = strip_number(piece).strip(_TRAILING)
            if piece:
                result.append(piece)
    return result


def strip_number(text):
    found = numbering(text)
    return found[2].strip() if found else text.strip()


def integer(text):
    """The first whole number in ``text`` (“1人”, “020名左右” → 20), or None."""
    match = re.search(r"\d+", text or "")
    return int(match.group()) if match else None


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_ENGLISH_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})")


def date(text):
    """2024年3月1日, 2024-03-01, 2024/3/1, 2024.3.1 or March 1, 2024 (the app's dates in both
    languages) → a date; None when the text is no date."""
    match = _DATE.search(text or "")
    try:
        if match:
            return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _ENGLISH_DATE.search(text or "")
        if match and match.group(1).lower() in _MONTHS:
            return datetime.date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    except ValueError:
        return None
    return None


_EDUCATION_WORDS = sorted(
    [*((label, value) for value, label in EDUCATION_LABELS.items()), *EDUCATION_VARIANTS.items()], key=lambda item: -len(item[0])
)


def education(text):
    """{education, education_note} of a 学历 value: the app's “本科(985院校优先)”, or any wording
    (本科及以上学历: 本科, the wording kept as the note)."""
    text = text.strip()
    match = re.match(r"^(.*?)(?:\((.*)\))?$", text, re.S)
    level = education_levels().get(label_key(match.group(1))) if match else None
    if level is not None:
        return {"education": level, "education_note": (match.group(2) or "").strip()}
    plain = simplified(text)
    for word, value in _EDUCATION_WORDS:
        if word and word in plain:
            return {"education": value, "education_note": text[:200]}
    return {"education": Education.NONE, "education_note": text[:200]}


def experience(text, *, infer_years):
    """{experience, experience_years} of a 工作经验 value: the app writes “5 年及以上; …”; other
    documents give the years in the text (3年以上…), read when ``infer_years``."""
    for pattern in years_patterns():
        match = pattern.match(text)
        if match:
            return {"experience_years": int(match.group(1)), "experience": text[match.end():].strip()}
    values = {"experience": text.strip()}
    years = re.search(r"(\d+)\s*年", simplified(text))
    if infer_years and years:
        values["experience_years"] = int(years.group(1))
    return values


def time_share(text):
    """(standard, share) of a 工作标准 cell: the app adds a duty's time share as “ (40%)”."""
    match = re.search(r"\s*[(（](\d{1,3})\s*[%％][)）]$", text)
    if match and int(match.group(1)) <= 100:
        return text[: match.start()].strip(), int(match.group(1))
    return text.strip(), None


AUTHORITY_WORDS = (
    (Authority.Category.PERSONNEL, ("人事", "任免", "招聘", "聘任", "解聘", "聘用", "录用", "考核", "奖惩", "调配", "人员", "员工", "下属", "下级", "晋升", "培训")),
    (Authority.Category.FINANCE, ("财务", "费用", "预算", "资金", "报销", "付款", "价格", "定价", "成本", "审批", "开支", "支出", "元")),
    (Authority.Category.BUSINESS, ("业务", "合同", "计划", "市场", "销售", "客户", "方案", "策略", "制度", "流程", "决策", "经营", "产品", "项目")),
)


def authority_category(text):
    """The group an authority belongs to, from its words (人事/财务/业务), else 其他."""
    plain = simplified(text)
    for category, words in AUTHORITY_WORDS:
        if any(word in plain for word in words):
            return category
    return Authority.Category.OTHER


QUALIFICATION_WORDS = (
    ("experience", ("经验", "工作经历", "从业")),
    ("major", ("专业",)),
    ("age", ("年龄", "岁")),
    ("gender", ("性别", "男性", "女性")),
    ("certificates", ("证书", "资格证", "执业资格", "职称")),
    ("languages", ("英语", "外语", "日语", "四级", "六级")),
    ("computer_skills", ("计算机", "电脑", "办公软件", "office", "Office")),
    ("physical", ("身体", "健康", "体能")),
    ("knowledge", ("知识",)),
    ("personality", ("性格", "个性", "品质")),
    ("basic_qualities", ("素质", "责任心", "敬业", "诚信", "吃苦耐劳")),
    ("skills", ("能力", "技能", "熟练", "精通", "掌握", "熟悉")),
)


def qualification_field(text):
    """The 任职资格 field a requirement written without a label belongs to (本科以上学历 → 学历,
    3年以上销售经验 → 工作经验), else 其他要求."""
    plain = simplified(text)
    if "学历" in plain or any(plain.startswith(word) for word, _value in _EDUCATION_WORDS if len(word) >= 2):
        return "education"
    for name, words in QUALIFICATION_WORDS:
        if any(word in plain for word in words):
            return name
    return "other"


def linked_code(address, url_name):
    """The code in a link to one of the app's pages (…/positions/MKT-01/ → MKT-01), or None."""
    path = unquote(urlparse(address).path or "")
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix):]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name == url_name and "code" in match.kwargs:
        return match.kwargs["code"]
    return None


def split_links(text, links, url_name):
    """(codes, the text around them) of a value that links positions (or departments): the app
    writes “市场经理、项目销售经理” with 市场经理 a link and the rest a note."""
    codes, rest, end = [], [], 0
    for link in links:
        code = linked_code(link.address, url_name)
        if code is None:
            continue
        codes.append(code)
        rest.append(text[end:link.start])
        end = link.end
    rest.append(text[end:])
    return codes, rest
