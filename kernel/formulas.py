"""Spreadsheet formula injection: what an export escapes and an import takes back.

OWASP's CSV-injection guidance: a cell whose text starts with = + - or @ is run as a formula by
Excel and LibreOffice, so every text an export writes gets a leading apostrophe there, and the
import removes it again.
"""
FORMULA_PREFIXES = ("=", "+", "-", "@")


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(text):
    """The text our own export escaped, as it was; anything else unchanged."""
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text
