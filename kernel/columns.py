"""Column and sheet descriptions shared by the workbook import and the per-model resources.

The headers are fixed Chinese text rather than translated verbose names so that a file
means the same thing whatever language the person who exported it was using.  Every
header accepts the variants seen in Chinese HR sheets (岗位名称/职位名称/岗位 …); a
header is compared after :func:`normalise_header` removes spaces, full-width spaces,
asterisks and "(必填)" marks.
"""
import re
from dataclasses import dataclass, field

TEXT, INT, DATE, BOOL, CHOICE, REF, REFS = "text", "int", "date", "bool", "choice", "ref", "refs"
ITEMS = "items"  # one cell listing several records: numbered items (1、… 2、…) or one per line


@dataclass(frozen=True)
class Column:
    name: str  # model field (or reference) this column fills
    header: str  # canonical Chinese header written on export
    aliases: tuple = ()
    kind: str = TEXT
    required: bool = False
    choices: dict = field(default_factory=dict, hash=False, compare=False)  # accepted text -> stored value
    labels: dict = field(default_factory=dict, hash=False, compare=False)  # stored value -> exported label
    words_only: bool = False  # a bare number here is a mistake (a title of 123)
    max_length: int | None = None
    imported: bool = True  # False: written by exports, ignored by imports (版本: only publishing sets it)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    aliases: tuple
    columns: tuple

    def column(self, name):
        return next(column for column in self.columns if column.name == name)

    @property
    def required(self):
        return [column for column in self.columns if column.required]


def _choices(labels, extra=None):
    """Accept the stored value, the Chinese label and a few common variants."""
    accepted = {}
    for value, label in labels.items():
        accepted[str(value).lower()] = value
        accepted[label] = value
    accepted.update(extra or {})
    return accepted


def choice(name, header, labels, aliases=(), extra=None, required=False):
    return Column(name, header, aliases, CHOICE, required, _choices(labels, extra), labels)


def text(name, header, aliases=(), required=False, words_only=False, max_length=None):
    return Column(name, header, aliases, TEXT, required, words_only=words_only, max_length=max_length)


_NOISE = re.compile(r"[\s\u3000*＊:：]|[（(]\s*(必填|选填|可选|必须)\s*[)）]")


# Row-numbering columns of hand-made sheets; skipped without a warning where no column uses them.
ROW_NUMBER_HEADERS = {"序号", "行号", "No.", "NO.", "No", "NO", "#"}  # compared after normalise_header


def normalise_header(value):
    """'岗位名称 (必填)*' and '　岗位名称：' both become '岗位名称'; half- and full-width brackets agree."""
    text_value = "" if value is None else str(value)
    text_value = _NOISE.sub("", text_value)
    return text_value.replace("（", "(").replace("）", ")").replace("％", "%")


def header_map(sheet):
    """Normalised header or alias -> column, the canonical headers winning over aliases."""
    mapping = {}
    for column in sheet.columns:
        for alias in column.aliases:
            mapping.setdefault(normalise_header(alias), column)
    for column in sheet.columns:
        mapping[normalise_header(column.header)] = column
    return mapping
