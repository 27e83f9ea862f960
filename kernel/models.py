"""Base models and validators shared by the departments and jobs apps, and the kernel's own
state kept between requests."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Codes are natural keys and appear in URLs (/positions/<code>/): letters A–Z, digits, “-”, “_”
# and “.” only, and not dots alone (“.” and “..” are path segments a browser resolves away).
CODE_PATTERN = r"^[A-Za-z0-9._-]+\Z"
DOTS_ONLY_PATTERN = r"^\.+\Z"

code_validator = RegexValidator(
    r"^(?!\.+\Z)[A-Za-z0-9._-]+\Z",  # \Z, not $: $ also matches before a final line break
    _("A code may contain only letters A–Z, digits, “-”, “_” and “.”, and cannot be dots alone."),
)


def code_is_valid(name):
    """The database side of ``code_validator``: a check constraint named ``name``."""
    return models.CheckConstraint(
        condition=models.Q(code__regex=CODE_PATTERN) & ~models.Q(code__regex=DOTS_ONLY_PATTERN), name=name
    )


def refuse_invalid_codes(app_label, model_name):
    """A migration step run before ``code_is_valid`` is added: stops, naming them, when stored codes
    would violate it, so that HR renames them first instead of reading a bare constraint error."""

    def check(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        invalid = [code for code in model._base_manager.values_list("code", flat=True) if not code_validator.regex.match(code)]
        if invalid:
            raise RuntimeError(
                f"{len(invalid)} {model_name} codes use characters other than letters A-Z, digits, '-', '_' and '.' "
                f"(or are dots alone): {', '.join(invalid[:50])}. Rename them, then run migrate again."
            )

    return check


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
