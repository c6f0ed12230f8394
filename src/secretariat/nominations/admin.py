from django.contrib import admin

from secretariat.regions.admin import RegionScopedAdmin

from .models import EligibilityRule


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(RegionScopedAdmin):
    """Eligibility rules are data the region's secretariat sets for its own posts."""

    list_display = ["post", "kind", "number"]
    list_filter = ["kind"]
