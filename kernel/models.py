"""Base models and validators shared by the departments and jobs apps."""
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
