"""Start-up checks: what the PDF downloads need from the operating system, and the settings
the documents are made with."""
import shutil
import subprocess

from django.conf import settings
from django.core.checks import Error, Warning, register

from jobs.documents.controlled import number_pattern_problem
from jobs.documents.pdf import pdf_available


@register()
def document_number_pattern(app_configs, **kwargs):
    """JD_DOCUMENT_NUMBER must be a pattern the documents can fill (else jobs.E001, not a 500)."""
    pattern = getattr(settings, "JD_DOCUMENT_NUMBER", None)
    problem = number_pattern_problem(pattern)
    if problem is None:
        return []
    return [
        Error(
            f"JD_DOCUMENT_NUMBER {pattern!r} cannot make a document number: {problem}.",
            hint='Use {code}, {department_code} and {version}, for example "HR-JD-{code}" or "{department_code}-{code}-V{version}"; '
                 "write a literal brace as {{ or }}.",
            id="jobs.E001",
        )
    ]


@register()
def pdf_dependencies(app_configs, **kwargs):
    problems = []
    reason = pdf_available()
    if reason:
        problems.append(
            Warning(
                f"PDF downloads are unavailable: WeasyPrint cannot load ({reason}).",
                hint="Install Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                id="jobs.W001",
            )
        )
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
        if not fonts.strip():
            problems.append(
                Warning(
                    "No Chinese font is installed: PDFs would show empty boxes instead of Chinese text.",
                    hint="sudo apt-get install fonts-noto-cjk",
                    id="jobs.W002",
                )
            )
    return problems
