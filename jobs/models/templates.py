"""HR's own layouts of the 岗位说明书: Word files with docxtpl (Jinja) tags.

Every company has its own layout and will not replace it with ours (issue 14). A template applies
to a department's whole subtree; for a position the template of its department or the nearest
department above it wins, then the default template, then the built-in layout
(``DocumentTemplateQuerySet.resolve``). The file's SHA-256 digest is the template slot of the key
of kept documents (``jobs.documents.kept``): replacing the file makes new documents.
"""
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentTemplateQuerySet(models.QuerySet):
    def resolve(self, department):
        """The template that applies to ``department``'s positions, or None for the built-in layout.
        One query (templates are few: all are read and the nearest is chosen here)."""
        return resolve_among(list(self.select_related("department")), department)


def resolve_among(templates, department):
    """The template among ``templates`` (their departments loaded) that applies to ``department``:
    the deepest department template containing it, else the default one, else None. Lets a
    handbook resolve every department from one read of the templates."""
    best, default = None, None
    for template in templates:
        owner = template.department
        if template.is_default:
            default = template
        elif owner is not None and department is not None and owner.tree_id == department.tree_id \
                and owner.lft <= department.lft and department.rght <= owner.rght:
            if best is None or owner.level > best.department.level:
                best = template
    return best or default


def template_upload_to(instance, filename):
    return f"document-templates/{filename}"


class DocumentTemplate(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    file = models.FileField(
        _("template file"), upload_to=template_upload_to,
        help_text=_("A Word file (.docx) with placeholders such as {{ title }} and {%tr for d in duties %} rows; "
                    "download the built-in layout as a template to start from."),
    )
    is_default = models.BooleanField(
        _("default template"), default=False,
        help_text=_("Used for every department that has no template of its own (at most one)."),
    )
    department = models.OneToOneField(
        "departments.Department", verbose_name=_("department"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="document_template",
        help_text=_("Applies to this department and every department below it that has no template of its own."),
    )
    digest = models.CharField(_("digest"), max_length=64, editable=False, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    objects = DocumentTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_document_template",
                violation_error_message=_("Another template is the default already: untick “default template” there first."),
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(department__isnull=True), name="default_document_template_has_no_department",
                violation_error_message=_("The default template applies to every department: leave the department empty."),
            ),
        ]

    def __str__(self):
        return self.name

    def content(self):
        """The bytes of the template file."""
        with self.file.open("rb") as handle:
            return handle.read()

    def identity(self):
        """The template slot of kept documents' keys: changes with the file."""
        return self.identity_of(self.pk, self.digest)

    @staticmethod
    def identity_of(pk, digest):
        return f"template-{pk}-{digest[:16]}"

    @staticmethod
    def digest_of(content):
        return hashlib.sha256(content).hexdigest()
