from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "secretariat.plans"
    verbose_name = _("Regional Strategic Plan")
