"""Form pieces the admin of every organisation model shares."""
from django import forms
from django.db import models
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
    change reason), shown on the site's change history page."""

    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=100,
        help_text=_("Optional. Kept in the change history with this edit, e.g. “2026 reorganisation”."),
    )
