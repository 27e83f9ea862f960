"""Base models and validators shared by the departments and jobs apps."""
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
