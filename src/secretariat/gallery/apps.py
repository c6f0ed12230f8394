from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    name = "secretariat.gallery"
    label = "gallery"
    verbose_name = _("Photo galleries")

    def ready(self):
        from .images import guard_decompression_bombs

        guard_decompression_bombs()
