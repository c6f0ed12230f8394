from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "secretariat.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        autodiscover_modules("hooks")
