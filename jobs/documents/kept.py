"""Job descriptions and department parts rendered once and kept (``kernel.keeping``).

A published version never changes, so the .docx and the PDF a reader gets of it are made once,
kept through Django's storage API and found again by (position, version, template, what the
reader sees, confidentiality, language). Only published versions are kept: HR reading a draft
always gets it made afresh, and a draft request never finds a published file — the key of a
draft is None.

A document also shows what is not versioned: its department's name, the titles of its superior,
subordinates and linked positions, the 辖员人数 summed over everything below it. Whatever changes
one of those raises the stamps of the positions and departments that show it
(``jobs.documents.invalidation``), so their kept files are no longer found.
"""
import functools
import hashlib

from django.conf import settings
from django.utils import translation

from jobs.models import Position
from jobs.roles import CONFIDENTIAL_PERMISSION
from kernel import keeping

POSITION_PDF = "position.pdf"
POSITION_DOCX = "position.docx"
DEPARTMENT_PDF = "department.pdf"
HANDBOOK_PDF = "handbook.pdf"
# What the key of a position's document needs: one light query.
KEY_FIELDS = ("id", "code", "title", "version", "status", "approved_at", "department_id")

# The files that shape a document: changing any of them (a new release) is a new template.
TEMPLATE_SOURCES = (
    "jobs/templates/jobs/document_print_base.html",
    "jobs/templates/jobs/job_description_print.html",
    "jobs/templates/jobs/department_print.html",
    "jobs/templates/jobs/handbook_contents_print.html",
    "jobs/templates/jobs/includes",
    "jobs/documents",
    "jobs/pictures.py",
    "static/css/document.css",
    "static/css/print.css",
    "locale/zh_Hans/LC_MESSAGES/django.mo",
)


@functools.cache
def template_identity():
    """``builtin-<digest of TEMPLATE_SOURCES>``: the identity of the built-in layout.

    The 文件编号 pattern (``settings.JD_DOCUMENT_NUMBER``) is part of it: another pattern is
    another layout. This is the template slot of every key made with the built-in layout; a
    document made with a company template (``jobs.models.DocumentTemplate``) is keyed by that
    template's id and the digest of its file instead (``layout_identity``), so replacing a
    template drops what was made with it.
    """
    digest = hashlib.sha256()
    for name in TEMPLATE_SOURCES:
        path = settings.BASE_DIR / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".html", ".css", ".py", ".mo"}:
                digest.update(file.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(file.read_bytes())
    digest.update(settings.JD_DOCUMENT_NUMBER.encode())  # 文件编号 is printed on every page
    return "builtin-" + digest.hexdigest()[:12]


def layout_identity(template=None, *, converted=False):
    """The template slot of a key: the built-in layout's identity, or the company template's (and
    whether LibreOffice made the PDF of it)."""
    if template is None:
        return template_identity()
    return template.identity() + ("-soffice" if converted else "")


def reader_sees(position, audience):
    """"published" or "current": which text of ``position`` the audience's document shows when it
    may be kept; None when it must be made afresh (HR reading a draft) or is not shown at all."""
    if audience.published_only:
        if position.approved_at is None or position.status == Position.Status.ARCHIVED:
            return None  # not shown: the view answers 404
        return "published"
    if position.status == Position.Status.PUBLISHED and position.approved_at is not None:
        return "current"  # HR: linked drafts show as they are now, so not the managers' file
    return None


def position_variant(position, audience, *, generation, layout=None):
    """The variant of ``position``'s document for ``audience``, or None when it is not kept.
    ``position`` needs only ``KEY_FIELDS``; ``layout``: its ``layout_identity`` (the built-in one
    when not given)."""
    seen = reader_sees(position, audience)
    if seen is None:
        return None
    confidential = "c" if audience.user.has_perm(CONFIDENTIAL_PERMISSION) else "p"
    return keeping.variant(
        f"v{position.version}", seen, confidential, translation.get_language(), layout or template_identity(),
        generation=generation,
    )


def department_variant(audience, *, generation):
    """The variant of a department part (no salaries in it: confidentiality does not matter)."""
    seen = "published" if audience.published_only else "current"
    return keeping.variant(seen, translation.get_language(), template_identity(), generation=generation)
