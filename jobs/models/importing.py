"""Column mappings HR saved while importing a company's own files."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """Where each column of a company's sheets goes, kept under a name (Odoo and Frappe keep the
    same): proposed automatically for a file whose sheets have the same headers, and named on the
    command line with ``import_files --mapping NAME``."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    sheets = models.JSONField(
        _("columns"), default=dict, help_text=_("For each kind of sheet: each header and the field it goes to (empty: not imported).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.name
