"""One review round of a job description (审核): who submitted it, who decided, how and why."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PositionReview(models.Model):
    """A draft submitted for review (编制: ``submitted_by``/``submitted_at``) and the reviewer's
    decision (审核: ``decided_by``/``decided_at``): approved — the version was published by
    ``jobs.services.publish_position`` — or returned to HR as a draft with ``comment``.

    A round without a decision is open; at most one is open per position (a constraint). A round
    is withdrawn when the position leaves review another way (an admin edit of its status, a new
    submission). Rounds are never edited afterwards: the admin shows them read-only.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    position = models.ForeignKey(
        "jobs.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="reviews"
    )
    version = models.PositiveIntegerField(_("version reviewed"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="submitted_reviews",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="decided_reviews",
    )
    decided_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"], condition=models.Q(decided_at__isnull=True), name="one_open_review_per_position"
            ),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True, decision="") | models.Q(decided_at__isnull=False) & ~models.Q(decision=""),
                name="review_decision_with_its_date",
            ),
        ]

    def __str__(self):
        return f"{self.position} · {timezone.localdate(self.submitted_at):%Y-%m-%d}"  # the day in the site's time zone

    @property
    def is_open(self):
        return self.decided_at is None
