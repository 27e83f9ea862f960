"""Form pieces the admin of every organisation model shares."""
from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class PlainTextField(forms.CharField):
    """A textarea's text with the browser's CRLF line breaks stored as LF.

    Browsers send every line break in a textarea as CRLF. Without this, saving a form
    nobody edited changes every multi-line text (工作任务, 职责描述 …) from LF to CRLF: the
    form reports a change, a published job description turns into a draft and the
    history fills with differences no one can see.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def text_overrides(rows=None, cols=None):
    """``formfield_overrides`` for model TextFields: PlainTextField, optionally a compact textarea."""
    options = {"form_class": PlainTextField}
    if rows:
        options["widget"] = forms.Textarea(attrs={"rows": rows, "cols": cols or 40})
    return {models.TextField: options}


class ChangeReasonForm(forms.ModelForm):
    """An admin form with 修改原因: kept in the history with the change (django-simple-history's
    change reason), shown on the site's change history page.

    It also keeps two people editing the same record from overwriting each other: the page carries
    the newest history entry of the record as it was opened (``edited_from``), and a save made after
    someone else saved the record is refused, saying who and when, instead of silently undoing
    their change (every save, in the admin, an import or a publication, writes a history entry)."""

    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=100,
        help_text=_("Optional. Kept in the change history with this edit, e.g. “2026 reorganisation”."),
    )
    edited_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        newest = self._newest_entry()
        self.fields["edited_from"].initial = str(newest.history_id) if newest is not None else ""

    def _newest_entry(self):
        history = getattr(type(self.instance), "history", None)
        if history is None or self.instance.pk is None:
            return None
        return history.filter(id=self.instance.pk).select_related("history_user").order_by("-history_id").first()

    def clean(self):
        data = super().clean()
        opened = self.data.get(self.add_prefix("edited_from"))
        newest = self._newest_entry()
        if opened and newest is not None and opened != str(newest.history_id):
            user = newest.history_user
            raise forms.ValidationError(
                _("%(who)s saved this record at %(when)s, after you opened it. Your changes were not saved, so as "
                  "not to undo theirs: copy what you changed, reload the page, and make your changes again.")
                % {"who": f"{user.last_name}{user.first_name}".strip() or user.get_username() if user else _("Someone"),
                   "when": formats.date_format(timezone.localtime(newest.history_date), "Y-m-d H:i:s")},
                code="edited_meanwhile",
            )
        return data
