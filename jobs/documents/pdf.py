"""PDF renderer: the print template rendered by WeasyPrint.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and, for Chinese, a CJK
font such as Debian's fonts-noto-cjk; ``jobs.checks`` warns at start-up when either is
missing.  The PDF uses the same templates and print stylesheet as the browser page.
"""
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEETS = ("css/document.css", "css/print.css")
_parsed = {}


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def _weasyprint():
    try:
        import weasyprint  # noqa: PLC0415 - imported lazily: it loads Pango at import time
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def stylesheets():
    """The print stylesheets, parsed once per process (again when a file changes)."""
    weasyprint = _weasyprint()
    parsed = []
    for name in STYLESHEETS:
        path = finders.find(name)
        key = (path, Path(path).stat().st_mtime_ns)
        if key not in _parsed:
            _parsed[key] = weasyprint.CSS(filename=path)
        parsed.append(_parsed[key])
    return parsed


def render_pdf(template_name, context, request=None, *, with_pages=False):
    """The PDF of the print template ``template_name``; with ``with_pages``, (PDF, number of pages)."""
    weasyprint = _weasyprint()
    html = render_to_string(template_name, context, request=request)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=stylesheets())
    pdf = document.write_pdf()
    return (pdf, len(document.pages)) if with_pages else pdf


def pdf_available():
    """None when PDFs can be made, else the reason they cannot."""
    try:
        _weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return None
