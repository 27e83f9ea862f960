"""PDF renderer: the print template rendered by WeasyPrint.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and, for Chinese, a CJK
font such as Debian's fonts-noto-cjk; ``jobs.checks`` warns at start-up when either is
missing.  The PDF uses the same templates and print stylesheet as the browser page.
"""
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def _weasyprint():
    try:
        import weasyprint  # noqa: PLC0415 - imported lazily: it loads Pango at import time
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def render_pdf(template_name, context, request=None):
    weasyprint = _weasyprint()
    html = render_to_string(template_name, context, request=request)
    stylesheets = [weasyprint.CSS(filename=finders.find(path)) for path in ("css/document.css", "css/print.css")]
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=stylesheets)


def pdf_available():
    """None when PDFs can be made, else the reason they cannot."""
    try:
        _weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return None
