from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "secretariat.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import m2m_changed, pre_save

        from . import regions

        # The one-region rule holds for every write, whatever path it takes (decision 0019).
        pre_save.connect(regions.before_save, dispatch_uid="one-region")
        m2m_changed.connect(regions.before_linking, dispatch_uid="one-region")
        autodiscover_modules("hooks")
