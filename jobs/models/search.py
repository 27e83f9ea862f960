"""The search document of a position: every section of its job description as one text."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What the position list searches (``jobs.search``), kept up to date on every save.

    ``current`` is the job description as HR edits it, ``published`` its last published version
    (what managers see; empty while none is in force). PostgreSQL indexes both with pg_trgm GIN
    indexes and SQLite with an FTS5 trigram table (migration 0011), so a Chinese substring of three
    characters or more matches without scanning every job description; shorter words are compared
    with each document.
    """

    position = models.OneToOneField(
        "jobs.Position", verbose_name=_("position"), on_delete=models.CASCADE, primary_key=True,
        related_name="search_document",
    )
    current = models.TextField(_("current text"), blank=True)
    published = models.TextField(_("published text"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.position_id)
