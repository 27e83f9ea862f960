from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgchartConfig(AppConfig):
    name = "orgchart"
    verbose_name = _("Organisation")

    def ready(self):
        from orgchart import organisation_version, permissions  # noqa: PLC0415

        organisation_version.connect()
        permissions.connect()
