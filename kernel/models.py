"""Base models and validators shared by the departments and jobs apps, and the kernel's own
state kept between requests."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Codes are natural keys and appear in URLs: no slashes and no whitespace.
code_validator = RegexValidator(
    r"^[^/\s]+$", _("A code cannot contain slashes or spaces; use letters, digits, “-”, “_” or “.”.")
)


def code_has_no_slash(name):
    """The database side of ``code_validator`` for the character that would break URLs."""
    return models.CheckConstraint(condition=~models.Q(code__contains="/"), name=name)


class OrderedRow(models.Model):
    """A child row whose order HR sets; ``order`` then ``pk`` keeps it stable."""

    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class StashedFile(models.Model):
    """An uploaded file waiting between an import's preview and its confirmation.

    Kept in the database, not on one server's disk, so that any app server can answer the
    confirmation; ``kernel.stash`` is the only code that reads or writes it.
    """

    token = models.CharField(_("token"), max_length=64, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position in the upload"), default=0)
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    options = models.JSONField(_("options"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["token", "position"]
