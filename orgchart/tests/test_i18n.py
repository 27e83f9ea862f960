"""Chinese is the default language, so every visible string needs a zh-Hans entry."""
import ast
import re

import polib
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
OUR_APPS = ("kernel", "departments", "jobs", "orgchart")  # kernel: no models yet, checked once it has some
TEMPLATE_STRING = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.+?)(?P=q)""")
BLOCK_STRING = re.compile(r"{%\s*blocktranslate(?:\s[^%]*)?%}(?P<text>.*?){%\s*(?:plural|endblocktranslate)", re.S)


def catalogue():
    return polib.pofile(str(CATALOGUE))


def model_strings():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if hasattr(model, "instance_type"):
                continue  # django-simple-history's historical tables: not shown, strings are the library's
            yield str(model._meta.verbose_name)
            yield str(model._meta.verbose_name_plural)
            for field in model._meta.get_fields():
                for attribute in ("verbose_name", "help_text"):
                    value = getattr(field, attribute, "")
                    if isinstance(value, Promise) and str(value):
                        yield str(value)
                for _value, label_text in getattr(field, "choices", None) or ():
                    if isinstance(label_text, Promise):
                        yield str(label_text)


def template_strings():
    for path in settings.BASE_DIR.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_STRING.finditer(text):
            yield path.name, match["text"]
        for match in BLOCK_STRING.finditer(text):
            yield path.name, re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", match["text"])


# gettext and its relatives, with the positions of their context, singular and plural arguments.
GETTEXT_CALLS = {
    "_": "s", "gettext": "s", "gettext_lazy": "s", "gettext_noop": "s", "ngettext": "sp", "ngettext_lazy": "sp",
    "pgettext": "cs", "pgettext_lazy": "cs", "npgettext": "csp", "npgettext_lazy": "csp",
}


def python_strings():
    """(file, line, context, msgid) of every gettext call with literal arguments in our apps' code."""
    for label in OUR_APPS:
        for path in (settings.BASE_DIR / label).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                roles = GETTEXT_CALLS.get(name, "")
                arguments = node.args[:len(roles)]
                if roles and len(arguments) == len(roles) and all(
                    isinstance(argument, ast.Constant) and isinstance(argument.value, str) for argument in arguments
                ):
                    values = dict(zip(roles, (argument.value for argument in arguments)))
                    yield path.relative_to(settings.BASE_DIR).as_posix(), node.lineno, values.get("c"), values["s"]


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = catalogue()
    assert po.percent_translated() == 100, [entry.msgid for entry in po.untranslated_entries()]
    assert not po.fuzzy_entries()


def test_compiled_catalogue_is_up_to_date():
    mo = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}  # 审核人 and, as a sign-off label, 审核
    for entry in catalogue().translated_entries():
        if not entry.msgid_plural:
            assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_every_model_string_has_a_translation():
    known = {entry.msgid for entry in catalogue() if entry.msgstr or entry.msgstr_plural}
    with translation.override(None):  # str() of a lazy string is then its msgid
        strings = set(model_strings())
    assert len(strings) > 120
    missing = sorted(text for text in strings if text not in known)
    assert not missing


def test_every_template_string_has_a_translation():
    known = {entry.msgid for entry in catalogue()}
    missing = sorted({(name, text) for name, text in template_strings() if text not in known})
    assert not missing


def test_every_python_string_has_a_translation():
    """Messages built in code (the import's problems, notes and summaries …) as well as the models'."""
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue() if not entry.obsolete and (entry.msgstr or entry.msgstr_plural)}
    strings = list(python_strings())
    assert len(strings) > 500
    missing = [(path, line, msgid) for path, line, context, msgid in strings if (context, msgid) not in known]
    assert not missing
