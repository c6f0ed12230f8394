"""Building a plan's structure: the secretariat's own region only, audited like the services."""

from django.contrib import admin

from secretariat.regions.admin import RegionScopedAdmin, RegionScopedInline

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


class PeriodInline(RegionScopedInline):
    model = ReportingPeriod


class FocusAreaInline(RegionScopedInline):
    model = FocusArea


@admin.register(Plan)
class PlanAdmin(RegionScopedAdmin):
    list_display = ["title_en", "starts_on", "ends_on", "status", "dashboard_audience"]
    inlines = [PeriodInline, FocusAreaInline]


class ActivityInline(RegionScopedInline):
    model = Activity
    exclude = ["order"]


@admin.register(Objective)
class ObjectiveAdmin(RegionScopedAdmin):
    list_display = ["number", "title_en", "focus_area"]
    inlines = [ActivityInline]


class TargetInline(RegionScopedInline):
    model = Target


@admin.register(Indicator)
class IndicatorAdmin(RegionScopedAdmin):
    list_display = ["code", "title_en", "unit", "direction", "objective"]
    inlines = [TargetInline]


class QuestionInline(RegionScopedInline):
    model = Question


@admin.register(Survey)
class SurveyAdmin(RegionScopedAdmin):
    list_display = ["title_en", "opens_at", "closes_at"]
    inlines = [QuestionInline]
