"""Converting with LibreOffice, when it is installed: what the import cannot read itself — Word 97
and WPS documents (.doc, .wps), OpenDocument files, workbooks xlrd cannot open — into .docx or
.xlsx, and a filled company template of the 岗位说明书 into PDF (``jobs.documents.company_template``).
In the kernel because both the import and the documents use it, and they may not import each other.

Each conversion runs ``soffice --headless --convert-to`` on a copy of the upload under a random
name in a new temporary directory, with its own LibreOffice profile in that directory (so that
conversions running at the same time, or a desktop LibreOffice of the same user, never share
one), and is stopped after ``settings.IMPORT_CONVERSION_SECONDS`` (default 60).  The directory is
removed afterwards.  The file's own name never reaches the command line.  ``settings.IMPORT_SOFFICE``
may name the program (default: ``soffice`` on the PATH).
"""
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 60  # a few seconds are usual: LibreOffice starts, with a new profile, in about one
FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf:writer_pdf_Export"}


class ConversionUnavailable(Exception):
    """LibreOffice is not installed here."""


class ConversionFailed(Exception):
    """LibreOffice ran but produced nothing (a damaged or password-protected file, or the time ran out)."""


def soffice():
    """The path of LibreOffice's ``soffice``, or None."""
    configured = getattr(settings, "IMPORT_SOFFICE", "") or "soffice"
    return shutil.which(configured)


def available():
    return soffice() is not None


def convert(content, *, suffix, target, timeout=None):
    """The bytes of ``content`` (a file of type ``suffix``: "doc", "xls", "ods" …) converted to
    ``target`` ("docx", "xlsx", or "pdf" for a filled company template); raises ConversionUnavailable
    or ConversionFailed after ``timeout`` seconds (default ``IMPORT_CONVERSION_SECONDS``)."""
    program = soffice()
    if program is None:
        raise ConversionUnavailable
    timeout = float(timeout or getattr(settings, "IMPORT_CONVERSION_SECONDS", TIMEOUT_SECONDS))
    with tempfile.TemporaryDirectory(prefix="orgchart-convert-") as folder:
        folder = Path(folder)
        stem = secrets.token_hex(8)
        source = folder / f"{stem}.{suffix}"
        source.write_bytes(content)
        command = [
            program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--invisible",
            "--nologo", "--nodefault", "--norestore", "--nolockcheck",
            "--convert-to", FILTERS[target], "--outdir", str(folder / "out"), str(source),
        ]
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            cwd=folder, env={**os.environ, "HOME": str(folder)}, start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin in its process group
            process.communicate()
            raise ConversionFailed(f"LibreOffice did not finish within {timeout:g} s") from error
        result = folder / "out" / f"{stem}.{target}"
        if not result.is_file():
            raise ConversionFailed(output.decode("utf-8", "replace").strip()[-500:])
        return result.read_bytes()
