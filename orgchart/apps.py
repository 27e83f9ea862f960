from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgchartConfig(AppConfig):
    default = True  # apps.py holds another config (django-axes under a Chinese name)
    name = "orgchart"
    verbose_name = _("Organisation")

    def ready(self):
        from orgchart import organisation_version, permissions  # noqa: PLC0415

        organisation_version.connect()
        permissions.connect()


class LoginSecurityConfig(AxesConfig):
    """django-axes under a name HR reads in the admin (its own is the untranslated “Axes”)."""

    verbose_name = _("Login security")
