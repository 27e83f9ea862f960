from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgchartConfig(AppConfig):
    name = "orgchart"
    verbose_name = _("Organisation")


class LoginSecurityConfig(AxesConfig):
    """django-axes under a name HR reads in the admin (its own is the untranslated “Axes”)."""

    verbose_name = _("Login security")
