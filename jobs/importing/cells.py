"""Convert one cell to the value a model field takes, or say what is wrong with it."""
import datetime
import re

from django.utils.translation import gettext as _

from jobs.importing.meanings import read_choice
from jobs.importing.sheets import BOOL, CHOICE, DATE, INT, ITEMS, REF, REFS
from kernel.formulas import FORMULA_PREFIXES
from kernel.wording import listing

TEXT_LIMIT = 5000
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
_INTEGER = re.compile(r"^\s*(\d+)\s*(人|名|个|位|年|%|％)?\s*$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # invisible, and refused by xlsx
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")
TRUE_WORDS = {"是", "启用", "有效", "在用", "true", "yes", "y", "1", "√"}
FALSE_WORDS = {"否", "停用", "无效", "撤销", "false", "no", "n", "0", "×"}
_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}
# An item number at the start of the cell, of a line or after punctuation: 1、 1. 1） 一、; or a
# (1) or ① anywhere. A number followed by another digit (3、4月, 1.5倍) is text, not an item number.
_ITEM_NUMBER = re.compile(
    r"(?:(?:^|(?<=[\s。；;！!？?：:，,]))[ \t\u3000]*"
    r"(?:(?P<arabic>\d{1,2})[ \t]*[、.．)）](?![ \t]*\d)|(?P<chinese>十?[一二三四五六七八九]|十)、))"
    r"|[（(](?P<bracketed>\d{1,2})[)）]|(?P<circled>[①-⑳])"
)


_UNKNOWN = object()  # a choice cell whose text is none of the choices


class CellError(ValueError):
    """``message`` says what is wrong, ``action`` what to do about it."""

    def __init__(self, message, action):
        super().__init__(message)
        self.message, self.action = message, action


def _number_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def convert(column, value):
    """The Python value for ``column`` from a raw cell; raises CellError."""
    return interpret(column, value)[0]


def interpret(column, value):
    """(the Python value for ``column`` from a raw cell, a note for the preview or ""): the note
    says what a choice written in other words was read as (协作范围：外部（按“客户”判断）).
    Raises CellError."""
    if column.kind == CHOICE:
        text = _to_text(column, value)
        chosen = _to_choice(column, text)
        if chosen is not _UNKNOWN:
            return chosen, ""
        inferred = read_choice(column, text)
        if inferred is None:
            raise CellError(
                _("“%(value)s” is not a choice of “%(column)s”.") % {"column": column.header, "value": text[:30]},
                _("Choose one of: %(choices)s.") % {"choices": listing(column.labels.values())},
            )
        return inferred
    return _convert(column, value), ""


def _convert(column, value):
    header = column.header
    if column.kind in (INT,):
        return _to_int(header, value)
    if column.kind == DATE:
        return _to_date(header, value)
    if column.kind == BOOL:
        return _to_bool(header, value)
    text = _to_text(column, value)
    if column.kind == REFS:
        return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]
    if column.kind == ITEMS:
        return split_items(text)
    if column.kind == REF:
        return text
    return text


def _to_text(column, value):
    header = column.header
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        if column.words_only:
            raise CellError(
                _("“%(column)s” should be text but is the number %(number)s.") % {"column": header, "number": _number_text(value)},
                _("Write the text of “%(column)s” (numeric codes go in the code column).") % {"column": header},
            )
        return _number_text(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = CONTROL_CHARACTERS.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        return text[1:]  # our own export escaped it
    if text.startswith("="):
        raise CellError(
            _("“%(column)s” is a formula (%(formula)s); the import takes only values and text.")
            % {"column": header, "formula": text[:30]},
            _("In Excel, copy the column, then “Paste Special → Values”, and import again."),
        )
    if _HTML_TAG.search(text):
        raise CellError(
            _("“%(column)s” contains HTML markup (%(tag)s).") % {"column": header, "tag": _HTML_TAG.search(text).group(0)[:30]},
            _("Delete the tags in angle brackets and keep only the text."),
        )
    limit = min(column.max_length or TEXT_LIMIT, TEXT_LIMIT)
    if len(text) > limit:
        raise CellError(
            _("“%(column)s” has %(count)d characters, more than the limit of %(limit)d.")
            % {"column": header, "count": len(text), "limit": limit},
            _("Shorten it, or split it over several rows."),
        )
    return text


def _to_int(header, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(
            _("“%(column)s” should be a number but is “%(value)s”.") % {"column": header, "value": value},
            _("Write a number in Arabic numerals, e.g. 2."),
        )
    if isinstance(value, (int, float)):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise CellError(
            _("“%(column)s” should be a whole number of at least 0 but is %(value)s.") % {"column": header, "value": value},
            _("Write a whole number, e.g. 2."),
        )
    match = _INTEGER.match(str(value))
    if not match:
        raise CellError(
            _("“%(column)s” should be a number but is “%(value)s”.") % {"column": header, "value": str(value)[:30]},
            _("Write the number in Arabic numerals, e.g. 2 rather than “two people”."),
        )
    return int(match.group(1))


def _to_date(header, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("“%(column)s” should be a date but is “%(value)s”.") % {"column": header, "value": text[:30]},
        _("Write the date as 2024-01-31."),
    )


def _to_bool(header, value):
    if value is None or str(value).strip() == "":
        return True
    if isinstance(value, bool):
        return value
    text = _number_text(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    yes_no = {"yes": "是", "no": "否"}  # the words a file writes, whatever the language of the message
    raise CellError(
        _("“%(column)s” should be “%(yes)s” or “%(no)s” but is “%(value)s”.") % {"column": header, "value": text[:30], **yes_no},
        _("Write “%(yes)s” or “%(no)s”.") % yes_no,
    )


def _to_choice(column, text):
    """The stored value of a label or variant; None (the model default) for a blank; else _UNKNOWN."""
    if text in column.choices:
        return column.choices[text]
    if text.lower() in column.choices:
        return column.choices[text.lower()]
    if not text:
        return None  # the model default
    return _UNKNOWN


def _item_number(match):
    """(style, number) of an item-number match."""
    if match["arabic"]:
        return "arabic", int(match["arabic"])
    if match["bracketed"]:
        return "bracketed", int(match["bracketed"])
    if match["circled"]:
        return "circled", ord(match["circled"]) - ord("①") + 1
    word = match["chinese"]
    return "chinese", (10 if word.startswith("十") else 0) + _CHINESE_DIGITS.get(word[-1], 0)


def split_items(text):
    """The items of a cell that lists several: "1、… 2、…" (or 1. (1) ① 一、), else one per line.

    Only numbers that run 1, 2, 3 … in one style split the text, so sub-items of another style
    stay inside their item and "完成3、4月报表" stays whole.  Text before item 1 is kept as an
    item unless it is a heading ending in a colon (岗位职责：); a lone "1、…" loses its number.  Separators that end an item
    (；，) are dropped.
    """
    marks, expected, style = [], 1, None
    for match in _ITEM_NUMBER.finditer(text):
        match_style, number = _item_number(match)
        if number == expected and style in (None, match_style):
            marks.append(match)
            expected, style = expected + 1, match_style
    heading = text[:marks[0].start()].strip() if marks else ""
    if len(marks) >= 2 or (marks and (not heading or heading.endswith((":", "：")))):
        pieces = [text[:marks[0].start()]] + [
            text[mark.end():following.start() if following else len(text)]
            for mark, following in zip(marks, marks[1:] + [None])
        ]
        if pieces[0].strip().endswith((":", "：")):
            pieces = pieces[1:]
    else:
        pieces = text.split("\n")
    items = []
    for piece in pieces:
        lines = [line.strip() for line in piece.strip().split("\n")]
        item = "\n".join(line for line in lines if line).rstrip("；;，,、 ")
        if item:
            items.append(item)
    return items
