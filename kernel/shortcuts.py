"""Lookups by code for views."""
from django.http import Http404
from django.utils.translation import gettext as _


def get_by_code_or_404(queryset, code):
    """The object of ``queryset`` (a model or a queryset) whose code is ``code``, or a 404
    that names what was looked for, in the user's language (Django's own message is English)."""
    manager = getattr(queryset, "_default_manager", None)
    queryset = manager.all() if manager is not None else queryset
    try:
        return queryset.get(code=code)
    except queryset.model.DoesNotExist:
        raise Http404(
            _("There is no %(kind)s with the code “%(code)s”.") % {"kind": queryset.model._meta.verbose_name, "code": code}
        ) from None
