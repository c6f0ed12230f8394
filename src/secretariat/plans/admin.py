"""Building a plan's structure: the secretariat's own region only, audited like the services."""

from django.contrib import admin

from secretariat.regions.admin import RegionScopedAdmin

from .models import (
    Activity,
    FocusArea,
    Indicator,
    Objective,
    Plan,
    Question,
    ReportingPeriod,
    Survey,
    Target,
)


class PeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Plan)
class PlanAdmin(RegionScopedAdmin):
    list_display = ["title_en", "starts_on", "ends_on", "status", "dashboard_audience"]
    inlines = [PeriodInline, FocusAreaInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    exclude = ["order"]


@admin.register(Objective)
class ObjectiveAdmin(RegionScopedAdmin):
    region_lookup = "focus_area__plan__region"
    list_display = ["number", "title_en", "focus_area"]
    inlines = [ActivityInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(RegionScopedAdmin):
    region_lookup = "objective__focus_area__plan__region"
    list_display = ["code", "title_en", "unit", "direction", "objective"]
    inlines = [TargetInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(RegionScopedAdmin):
    list_display = ["title_en", "opens_at", "closes_at"]
    inlines = [QuestionInline]
