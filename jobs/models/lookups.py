"""Lookup tables HR maintains once: job levels (ordered) and job families."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class JobLevel(models.Model):
    """职务等级. ``rank`` orders levels from the top (总监级) downwards (专员级)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Smaller numbers are more senior levels.")
    )

    objects = CodeManager()

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("job level")
        verbose_name_plural = _("job levels")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class JobFamily(models.Model):
    """职位序列, e.g. 管理序列, 市场营销序列."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    objects = CodeManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("job family")
        verbose_name_plural = _("job families")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)
