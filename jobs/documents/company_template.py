"""Company templates (``jobs.models.DocumentTemplate``): checked on upload, filled with docxtpl.

A template is HR's own .docx with Jinja tags (``{{ title }}``, ``{%tr for d in duties %}``). It is
checked before it is kept (``check_template``): not larger than ``DOCUMENT_TEMPLATE_MAX_MB``, a zip
that is no bomb (``kernel.archives``, the limits of the Word import), a Word document, every tag
well formed and every name one that ``jobs.documents.template_context.PLACEHOLDERS`` offers. Each
refusal is a ``TemplateRefused`` whose message names the problem — the admin form, the command
and the tests show it as it is.

Templates are rendered in Jinja's sandbox with autoescaping (the values are XML text in the
document), and only with the plain values of ``template_context``.
"""
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from departments.models import Department
from jobs.documents.kept import layout_identity
from jobs.documents.pdf import render_pdf
from jobs.documents.template_context import LISTS, PLACEHOLDERS, SIGN_OFF_FIELDS, template_context
from jobs.documents.word import job_description_docx, set_properties
from jobs.models import DocumentTemplate
from jobs.models.templates import resolve_among
from kernel import office
from kernel.archives import ArchiveLimits, ArchiveRefused, check_archive

MB = 1024 * 1024
JINJA_BUILTINS = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace"}


class TemplateRefused(ValueError):
    """The file cannot serve as a template; ``str(error)`` says why, for HR."""


def environment():
    return SandboxedEnvironment(autoescape=True)


def _open(content):
    from docxtpl import DocxTemplate  # noqa: PLC0415 - only documents with a company template need it

    return DocxTemplate(io.BytesIO(content))


def _near(xml, lineno):
    """The text of the paragraph where Jinja stopped (docxtpl puts each paragraph on its own line)."""
    lines = xml.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    return re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()[:120]


def _check_syntax(template, content):
    """Parse the body, headers and footers as docxtpl will, one paragraph a line, so that a syntax
    error names the paragraph it is in."""
    from docx import Document  # noqa: PLC0415

    document = Document(io.BytesIO(content))
    parts = [document._element.body]
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            parts.append(relation.target_part.element)
    for part in parts:
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.xml_to_string(part)))
        try:
            environment().parse(xml)
        except TemplateSyntaxError as error:
            raise TemplateRefused(
                _("A placeholder or tag is broken (%(error)s) in “%(text)s”. Check its braces: {{ name }} or {%% … %%}.")
                % {"error": error.message, "text": _near(xml, error.lineno)}
            ) from error


def check_template(content):
    """Raise ``TemplateRefused`` unless ``content`` is a .docx template this app can fill."""
    limit = int(settings.DOCUMENT_TEMPLATE_MAX_MB)
    if len(content) > limit * MB:
        raise TemplateRefused(_("The file is larger than %(limit)d MB (DOCUMENT_TEMPLATE_MAX_MB).") % {"limit": limit})
    if content[:4] != b"PK\x03\x04":
        raise TemplateRefused(_("The file is not a Word document (.docx). Save it in Word as .docx and upload it again."))
    try:
        check_archive(content, ArchiveLimits.for_documents())
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise TemplateRefused(_("The file is not a Word document (.docx). Save it in Word as .docx and upload it again."))
    except ArchiveRefused as error:
        raise TemplateRefused(str(error)) from error
    except zipfile.BadZipFile as error:
        raise TemplateRefused(_("The file is damaged: it is not a readable Word document (.docx).")) from error
    try:
        template = _open(content)
        _check_syntax(template, content)
        names = template.get_undeclared_template_variables(jinja_env=environment())
    except TemplateRefused:
        raise
    except TemplateError as error:
        raise TemplateRefused(_("The template cannot be read: %(error)s") % {"error": error}) from error
    except Exception as error:  # python-docx on a zip that is no Word document  # noqa: BLE001
        raise TemplateRefused(_("The file is damaged: it is not a readable Word document (.docx).")) from error
    unknown = sorted(names - set(PLACEHOLDERS) - JINJA_BUILTINS)
    if unknown:
        raise TemplateRefused(
            _("Unknown placeholders: %(names)s. Use the names listed in the placeholder reference.")
            % {"names": "、".join(unknown)}
        )
    try:  # a trial fill: what only shows when filling (an attribute the sandbox forbids, a bad filter)
        render_template(content, sample_context())
    except Exception as error:  # noqa: BLE001 - whatever it is, the template cannot serve
        raise TemplateRefused(_("The template cannot be filled: %(error)s") % {"error": error}) from error


def sample_context():
    """Every name of ``PLACEHOLDERS`` with an empty value of its shape (lists: one empty item)."""
    context = {}
    for name, (_meaning, inner) in PLACEHOLDERS.items():
        if inner is None:
            context[name] = ""
        elif name in LISTS:
            context[name] = [dict.fromkeys(inner, "")]
        elif name == "sign_off":
            context[name] = {step: dict.fromkeys(SIGN_OFF_FIELDS, "") for step in inner}
        else:
            context[name] = dict.fromkeys(inner, "")
    context["show_confidential"] = True
    return context


def render_template(content, context):
    """The .docx of the template ``content`` filled with ``context`` (from ``template_context``),
    its properties those of the built-in layout: title 岗位说明书 — <title>, the company as author
    (not whatever the template's file said, nor the app's identifier: the layout is the company's)."""
    template = _open(content)
    template.render(context, jinja_env=environment())
    set_properties(  # template.docx: the filled document
        template.docx, title=f"{_('Job description')} — {context.get('title', '')}",
        company=context.get("company", ""), identifier="",
    )
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def templates():
    """Every company template, their departments loaded: one query (there are few)."""
    return list(DocumentTemplate.objects.select_related("department"))


def template_for_department(department_id, among=None):
    """The company template that applies to the positions of department ``department_id``, or None
    (the built-in layout). One query without templates, two with department templates."""
    among = templates() if among is None else among
    if not among:
        return None
    department = None
    if department_id is not None and any(t.department_id for t in among):
        department = Department.objects.only("tree_id", "lft", "rght", "level").filter(pk=department_id).first()
    return resolve_among(among, department)


_contents = {}


def template_content(template):
    """The bytes of ``template``'s file, read from storage once per process and file digest."""
    key = (template.pk, template.digest)
    if key not in _contents:
        if len(_contents) > 32:  # templates replaced over a long run: forget the old files
            _contents.clear()
        _contents[key] = template.content()
    return _contents[key]


def company_docx(jd, template, *, company=None):
    """The job description ``jd`` (built for its reader) in ``template``."""
    return render_template(template_content(template), template_context(jd, company=company))


def handbook_layout(handbook):
    """For ``handbook_docx(layout=…)``: a function giving a job description's .docx in the company
    template of its department, or None (built-in); None itself when no template applies to any
    department of the handbook (one query, the templates)."""
    among = templates()
    if not among:
        return None
    chosen = {part["department"].pk: resolve_among(among, part["department"]) for part in handbook["parts"]}
    if not any(chosen.values()):
        return None
    companies = {}

    def layout(jd):
        department = jd["position"].department
        template = chosen.get(department.pk)
        if template is None:
            return None
        if department.pk not in companies:
            companies[department.pk] = department.company()
        return company_docx(jd, template, company=companies[department.pk])

    return layout


def job_description_docx_in(jd, template, *, base_url=""):
    """The .docx of ``jd``: in ``template``, or the built-in layout when it is None."""
    if template is not None:
        return company_docx(jd, template)
    return job_description_docx(jd, base_url=base_url)


def converts_to_pdf(template):
    """Whether the PDF of a document in ``template`` is LibreOffice's conversion of it."""
    return template is not None and pdf_conversion_available()


def pdf_layout(template):
    """The template slot of a PDF's key: a company template's PDF is LibreOffice's conversion of the
    filled template; without LibreOffice it is the built-in PDF."""
    return layout_identity(template, converted=True) if converts_to_pdf(template) else layout_identity(None)


def job_description_pdf_in(jd, template):
    """(PDF, pages or None) of ``jd``: LibreOffice's conversion of the filled company template, or
    the built-in PDF (WeasyPrint) when no template applies or LibreOffice is missing."""
    if converts_to_pdf(template):
        return docx_to_pdf(company_docx(jd, template)), None
    return render_pdf("jobs/job_description_print.html", {"jd": jd}, with_pages=True)


def builtin_pdf_notice(template):
    """Why the PDF is in the built-in layout although ``template`` applies; None when it is not."""
    if template is None or pdf_conversion_available():
        return None
    return _("The PDF is in the built-in layout: the company template “%(name)s” needs LibreOffice on the server "
             "to become a PDF. The Word download uses the company template.") % {"name": template.name}


def pdf_conversion_available():
    return office.available()


def docx_to_pdf(content):
    """The PDF of a filled company template, made by LibreOffice headless (a private profile per
    conversion, stopped after ``DOCUMENT_PDF_CONVERSION_SECONDS``). Raises
    ``kernel.office.ConversionUnavailable`` or ``ConversionFailed``."""
    return office.convert(content, suffix="docx", target="pdf", timeout=settings.DOCUMENT_PDF_CONVERSION_SECONDS)


def pdf_notice_for(department_id):
    """``builtin_pdf_notice`` for the positions of a department; no query where LibreOffice is
    installed (the notice is never needed there)."""
    if pdf_conversion_available():
        return None
    return builtin_pdf_notice(template_for_department(department_id))
