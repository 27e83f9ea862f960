"""django-import-export resources built from the same column descriptions as the workbook.

HR who keep one list at a time use the admin's import/export buttons; the headers, aliases,
choice labels and formula escaping are those of the organisation workbook, so a sheet cut
out of the workbook imports through either door. Every text an export writes — free text,
choice labels, the codes of references — is escaped against formula injection
(``kernel.formulas``), whatever the format, and the import takes the escape back.
"""
import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from kernel.archives import ArchiveRefused
from kernel.columns import BOOL, CHOICE, DATE, INT, REF, REFS, header_map, normalise_header
from kernel.formulas import FORMULA_PREFIXES, escape_formula, unescape_formula
from kernel.spreadsheets import read_sheets
from kernel.wording import listing



class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
            return text[1:]
        if text.startswith("="):
            raise ValueError(_("“%(value)s” is a formula: paste it as values and import again.") % {"value": text[:30]})
        return text

    def render(self, value, obj=None, **kwargs):
        return escape_formula("" if value is None else str(value))


class ChoiceLabelWidget(widgets.Widget):
    """Accepts the stored value or the Chinese label; exports the Chinese label."""

    def __init__(self, column, default=""):
        super().__init__()
        self.column, self.default = column, default

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return self.default
        for candidate in (text, text.lower()):
            if candidate in self.column.choices:
                return self.column.choices[candidate]
        raise ValueError(
            _("“%(value)s” is not one of the choices; choose one of: %(choices)s.")
            % {"value": text[:30], "choices": listing(self.column.labels.values())}
        )

    def render(self, value, obj=None, **kwargs):
        return escape_formula(self.column.labels.get(value, value))


class CodeWidget(widgets.ForeignKeyWidget):
    """A reference written as the code of the object it names."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(unescape_formula(str(value).strip()) if value is not None else value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return escape_formula(super().render(value, obj, **kwargs))


class CodesWidget(widgets.ManyToManyWidget):
    """References written as codes in one cell, separated by “、”."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(unescape_formula(str(value).strip()) if value is not None else value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return escape_formula(super().render(value, obj, **kwargs))


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["是", "1", 1, True, "true", "TRUE", "True", "启用"]
    FALSE_VALUES = ["否", "0", 0, False, "false", "FALSE", "False", "停用"]

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


def _widget(model, column):
    model_field = model._meta.get_field(column.name)
    if column.kind == INT:
        return widgets.IntegerWidget()
    if column.kind == DATE:
        return widgets.DateWidget(format="%Y-%m-%d")
    if column.kind == BOOL:
        return YesNoWidget()
    if column.kind == CHOICE:
        return ChoiceLabelWidget(column, model_field.get_default())
    if column.kind == REF:
        return CodeWidget(model_field.related_model, field="code")
    if column.kind == REFS:
        return CodesWidget(model_field.related_model, field="code", separator="、")
    return TextWidget()


class SheetResource(resources.ModelResource):
    """Headers are matched after normalising and through their aliases; unknown columns are refused."""

    sheet = None
    confidential = ()
    references = ()  # foreign keys, exported as the code of the object they name
    links = ()  # many-to-many fields, exported as codes joined by 、
    # Columns of the sheet that only the whole-organisation workbook import can take (基准岗位编号):
    # a row filling one is refused here, by name, rather than read without it.
    workbook_only = ()

    def __init__(self, include_confidential=True, **kwargs):
        super().__init__(**kwargs)
        if not include_confidential:
            for name in self.confidential:
                self.fields.pop(name, None)

    def before_import(self, dataset, **kwargs):
        known = {normalise_header(field.column_name): field.column_name for field in self.fields.values()}
        known.update({key: column.header for key, column in header_map(self.sheet).items()})
        headers = [known.get(normalise_header(header)) for header in dataset.headers]
        unknown = [str(original) for original, header in zip(dataset.headers, headers) if header is None and original]
        if unknown:
            raise ValueError(
                _("Unknown columns: %(unknown)s. Known columns: %(known)s. Change the headers or delete these columns.")
                % {"unknown": listing(unknown), "known": listing(f.column_name for f in self.fields.values())}
            )
        dataset.headers = headers
        self._refuse_workbook_only_rows(dataset)
        super().before_import(dataset, **kwargs)

    def _refuse_workbook_only_rows(self, dataset):
        for name in self.workbook_only:
            header = self.sheet.column(name).header
            if header not in dataset.headers:
                continue
            index = dataset.headers.index(header)
            rows = [number for number, row in enumerate(dataset, start=2) if row[index] not in (None, "")]
            if rows:
                raise ValueError(
                    _("Rows %(rows)s fill “%(column)s”: such rows are imported with “%(button)s”, not here. "
                      "Import this sheet there, or delete those rows.")
                    % {"rows": listing(str(number) for number in rows[:10]), "column": header,
                       "button": _("Import the whole organisation")}
                )

    def filter_export(self, queryset, **kwargs):
        """The rows to export, with the codes of referenced objects in the same query and each
        kind of link in one more per chunk of rows (not a query per row and column).

        The admin of a parent (positions, departments) offers its child rows (duties …) on the
        same export page and hands over its own queryset: the rows of those parents are
        exported, in the parents' tree order."""
        model = self._meta.model
        if queryset.model is not model:
            parent = next(f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is queryset.model)
            queryset = model.objects.filter(**{f"{parent}__in": queryset.values("pk")}).order_by(
                f"{parent}__tree_id", f"{parent}__lft", *model._meta.ordering
            )
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related(*self.references).prefetch_related(*self.links)


def sheet_resource(model, sheet, *, id_fields=("code",), ordered_by=None, confidential=(), name=None):
    """A ModelResource for ``model`` with one field per column of ``sheet``."""
    attrs = {"sheet": sheet, "confidential": tuple(confidential), "__module__": __name__}
    names, references, links = [], [], []
    for column in sheet.columns:
        try:
            model._meta.get_field(column.name)
        except Exception:  # a column that only the workbook understands (e.g. 上级所在部门)
            continue
        attrs[column.name] = fields.Field(
            attribute=column.name, column_name=column.header, widget=_widget(model, column),
            saves_null_values=column.kind not in (CHOICE,), readonly=not column.imported,
        )
        names.append(column.name)
        {REF: references, REFS: links}.get(column.kind, []).append(column.name)
    attrs.update(references=tuple(references), links=tuple(links))
    if ordered_by:
        attrs["order"] = fields.Field(attribute="order", column_name="序号", widget=widgets.IntegerWidget())
        names.append("order")
    attrs["Meta"] = type("Meta", (), {
        "model": model, "fields": tuple(names), "export_order": tuple(names), "import_id_fields": tuple(id_fields),
        "skip_unchanged": True, "report_skipped": True, "use_transactions": True, "clean_model_instances": True,
        "name": name or str(model._meta.verbose_name_plural),
    })
    return type(f"{model.__name__}Resource", (SheetResource,), attrs)


class StreamedXLSX(base_formats.XLSX):
    """.xlsx for the admin's import buttons, read by :mod:`kernel.spreadsheets` under its limits.

    django-import-export reads .xlsx with openpyxl, which fills the gap before a row
    numbered 300000000 one empty row at a time and trusts the sizes a workbook declares;
    this reader refuses such a file with a message.  As with openpyxl, the first sheet is
    read and its first row is the header.  Formula cells arrive as their formula text, which
    the widgets refuse, as the organisation workbook does.
    """

    def create_dataset(self, in_stream):
        sheets = read_sheets(in_stream)
        rows = sheets[0][1] if sheets else []
        width = max((len(row) for row in rows), default=0)
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = list(rows[0]) + [None] * (width - len(rows[0]))
        for row in rows[1:]:
            dataset.append(list(row) + [None] * (width - len(row)))
        return dataset


# The per-list imports read what HR keeps lists in: Excel, CSV/TSV and JSON; not HTML, which
# django-import-export would also offer (no HR list is an HTML table, and its parser is one more door).
IMPORT_FORMATS = [
    StreamedXLSX if format_class is base_formats.XLSX else format_class
    for format_class in base_formats.DEFAULT_FORMATS if format_class is not base_formats.HTML
]


class GuardedImportMixin:
    """Put before ``ImportExportMixin``: .xlsx uploads go through :class:`StreamedXLSX`, and a
    refused file shows the reader's message instead of the name of an exception."""

    import_formats = IMPORT_FORMATS

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ArchiveRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
