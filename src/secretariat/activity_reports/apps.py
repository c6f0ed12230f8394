from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityReportsConfig(AppConfig):
    name = "secretariat.activity_reports"
    verbose_name = _("Activity reports")
