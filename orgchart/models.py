"""Building blocks shared by the departments and jobs apps."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderedRow(models.Model):
    """A child row whose order HR sets; ``order`` then ``pk`` keeps it stable."""

    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
