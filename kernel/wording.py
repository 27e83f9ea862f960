"""The joints of a message built from pieces, in the active language.

Chinese lists items with “、” and runs clauses and error messages together with “；”, English
with “, ”, “; ” and a space: a message that lists names, clauses or several errors joins them
here rather than hard-coding one language's punctuation.
"""
from django.utils.translation import pgettext


def listing(items):
    """``items`` as one list: 销售部、市场部 in Chinese, "Sales, Marketing" in English."""
    return pgettext("separator between the items of a list", ", ").join(str(item) for item in items)


def clauses(parts):
    """Parts of one statement (the lines of an import's summary): “；” between them in Chinese, “; ” in English."""
    return pgettext("separator between clauses", "; ").join(str(part) for part in parts)


def sentences(messages):
    """Several messages (validation errors) as one text: “；” between them in Chinese, a space in English."""
    return pgettext("separator between sentences", " ").join(str(message) for message in messages)
