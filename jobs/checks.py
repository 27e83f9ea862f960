"""Start-up checks for what the PDF downloads need from the operating system."""
import shutil
import subprocess

from django.core.checks import Warning, register

from jobs.documents.pdf import pdf_available


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
