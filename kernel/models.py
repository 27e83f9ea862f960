"""Base models and validators shared by the departments and jobs apps, and the kernel's own
state kept between requests."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
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


class Counter(models.Model):
    """A named number that only goes up: the organisation's version (every change to departments,
    positions and their rows), the generation of kept documents. In the database, so that every
    app server and worker reads the same value (``kernel.versions``)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    value = models.PositiveBigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return f"{self.name} = {self.value}"


INTERNAL_RESULT = "application/x-internal-result"  # a job's file the app reads back, not the user


class BackgroundJobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=(BackgroundJob.Status.WAITING, BackgroundJob.Status.RUNNING), cancel_requested=False)


class BackgroundJob(models.Model):
    """Long work started by a user and done by a worker process: who started it, how far it is,
    and its file or its error (``kernel.background``). Django's tasks framework only runs it; the
    progress, the cancel flag and the result live here, where every app server can read them."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="background_jobs"
    )
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING, db_index=True)
    steps_done = models.PositiveIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveIntegerField(_("steps in all"), default=0)
    step_label = models.CharField(_("current step"), max_length=300, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    error = models.TextField(_("error"), blank=True)
    summary = models.TextField(_("result"), blank=True)
    result_path = models.CharField(_("file in storage"), max_length=500, blank=True)
    result_name = models.CharField(_("file name"), max_length=300, blank=True)
    result_type = models.CharField(_("file type"), max_length=200, blank=True)
    result_url = models.CharField(_("link"), max_length=500, blank=True)
    task_id = models.CharField(_("task id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def offers_download(self):
        """Whether the user can download the job's file: not a result kept for the app itself
        (an import preview's report, shown on the import page)."""
        return bool(self.result_path) and self.result_type != INTERNAL_RESULT

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class KeptFile(models.Model):
    """A rendered document kept in storage so that it is made once (``kernel.keeping``).

    ``variant`` names what else the content depends on (version, template, confidentiality,
    language); ``stamp`` is the object's stamp when it was made: a change to the object raises its
    stamp, and files made before are no longer found (a render racing the change cannot put a
    stale file back).
    """

    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"))
    variant = models.CharField(_("variant"), max_length=200)
    stamp = models.PositiveBigIntegerField(_("stamp"))
    path = models.CharField(_("file in storage"), max_length=500)
    name = models.CharField(_("file name"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("kept document")
        verbose_name_plural = _("kept documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "variant", "stamp"], name="kept_file_unique_key"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="kept_file_object")]

    def __str__(self):
        return self.path


class KeptStamp(models.Model):
    """The stamp of one object's kept documents: raised whenever the object changes."""

    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"))
    value = models.PositiveBigIntegerField(_("stamp"), default=0)

    class Meta:
        verbose_name = _("kept document stamp")
        verbose_name_plural = _("kept document stamps")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="kept_stamp_unique_object")]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.value}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user inside the site (通知): what happened and a link to where to act.

    ``kernel.notifications.notify`` writes them (and the e-mail, when the site sends mail); the
    top navigation shows the unread count, read with the user's own row (``orgchart.accounts``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    # {"id": message id, "params": {…}}: the text again, translated when shown, so that each reader
    # reads it in their own language; ``text`` is it in the site's language (the e-mail, old rows).
    message = models.JSONField(_("message"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.shown_text

    @property
    def shown_text(self):
        """The text in the language active now: the message translated, else ``text`` as written."""
        if not self.message:
            return self.text
        try:
            return (gettext(self.message["id"]) % self.message["params"])[:500]
        except (KeyError, TypeError, ValueError):  # a message id or parameters of an older release
            return self.text
