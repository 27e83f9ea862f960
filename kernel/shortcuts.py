"""Lookups by code for views."""
from django.http import Http404
from django.utils.translation import gettext as _


def not_found(model, code):
    """The 404 for a code that names no ``model`` the user may see, in the user's language.

    The one wording for an unknown code and for a job description a manager may not see (a
    draft, an archived one): a reader cannot tell them apart."""
    return Http404(_("There is no %(kind)s with the code “%(code)s”.") % {"kind": model._meta.verbose_name, "code": code})


def find_by_code(queryset, code):
    """The object of ``queryset`` whose code is ``code``, compared without regard to case when
    no code is exactly that (``mkt-01`` finds ``MKT-01``; the index serves the exact look-up), or None."""
    try:
        return queryset.get(code=code)
    except queryset.model.DoesNotExist:
        matches = list(queryset.filter(code__iexact=code)[:2])
        return matches[0] if len(matches) == 1 else None


def get_by_code_or_404(queryset, code):
    """The object of ``queryset`` (a model or a queryset) whose code is ``code`` (see
    ``find_by_code``), or a 404 that names what was looked for (Django's own message is English)."""
    manager = getattr(queryset, "_default_manager", None)
    queryset = manager.all() if manager is not None else queryset
    found = find_by_code(queryset, code)
    if found is None:
        raise not_found(queryset.model, code)
    return found
