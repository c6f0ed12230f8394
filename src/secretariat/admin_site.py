from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.utils.translation import gettext_lazy as _


class SecretariatAdminSite(admin.AdminSite):
    """The Django admin, open to platform administrators and to each region's secretariat."""

    site_header = _("Secretariat administration")
    site_title = _("Secretariat administration")

    def has_permission(self, request):
        from secretariat.regions.selectors import viewer_for

        user = request.user
        return user.is_active and (user.is_staff or bool(viewer_for(user).secretariat_regions))


class AdminConfig(BaseAdminConfig):
    default_site = "secretariat.admin_site.SecretariatAdminSite"
