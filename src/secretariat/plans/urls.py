from django.urls import path

from . import structure_views as build
from . import survey_views, views

app_name = "plans"
_P = "<slug:region>/plans/<slug:slug>"
urlpatterns = [
    path("<slug:region>/plans/", views.plan_list, name="plan-list"),
    path("<slug:region>/plans/new/", build.plan_add, name="plan-add"),
    path(f"{_P}/", views.plan_detail, name="plan-detail"),
    path(f"{_P}/edit/", build.plan_edit, name="plan-edit"),
    path(f"{_P}/periods/add/", build.period_add, name="period-add"),
    path(f"{_P}/areas/add/", build.focus_area_add, name="focus-area-add"),
    path(f"{_P}/areas/<int:pk>/edit/", build.focus_area_edit, name="focus-area-edit"),
    path(f"{_P}/areas/<int:pk>/objectives/add/", build.objective_add, name="objective-add"),
    path(f"{_P}/objectives/<int:pk>/edit/", build.objective_edit, name="objective-edit"),
    path(f"{_P}/objectives/<int:pk>/activities/add/", build.activity_add, name="activity-add"),
    path(f"{_P}/activities/<int:pk>/edit/", build.activity_edit, name="activity-edit"),
    path(f"{_P}/objectives/<int:pk>/indicators/add/", build.indicator_add, name="indicator-add"),
    path(f"{_P}/indicators/<int:pk>/edit/", build.indicator_edit, name="indicator-edit"),
    path(
        f"{_P}/indicators.csv",
        views.plan_export,
        {"table": "indicators", "fmt": "csv"},
        name="indicators-csv",
    ),
    path(
        f"{_P}/indicators.xlsx",
        views.plan_export,
        {"table": "indicators", "fmt": "xlsx"},
        name="indicators-xlsx",
    ),
    path(
        f"{_P}/progress.csv",
        views.plan_export,
        {"table": "progress", "fmt": "csv"},
        name="progress-csv",
    ),
    path(
        f"{_P}/progress.xlsx",
        views.plan_export,
        {"table": "progress", "fmt": "xlsx"},
        name="progress-xlsx",
    ),
    path(f"{_P}/indicators/import/", views.indicators_import, name="indicators-import"),
    path(f"{_P}/imports/<int:pk>/", views.import_run, name="import-run"),
    path(f"{_P}/compare/", views.plan_compare, name="plan-compare"),
    path(f"{_P}/next/", views.plan_succeed, name="plan-succeed"),
    path(f"{_P}/review/", views.review_queue, name="review-queue"),
    path(f"{_P}/import/", views.progress_import, name="progress-import"),
    path(f"{_P}/periods/<int:pk>/close/", views.period_close, name="period-close"),
    path(f"{_P}/indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path(f"{_P}/indicators/<int:pk>/report/", views.progress_report, name="progress-report"),
    path(f"{_P}/updates/<int:pk>/", views.update_detail, name="update-detail"),
    path(f"{_P}/updates/<int:pk>/submit/", views.update_submit, name="update-submit"),
    path(f"{_P}/updates/<int:pk>/approve/", views.update_approve, name="update-approve"),
    path(f"{_P}/updates/<int:pk>/return/", views.update_return, name="update-return"),
    path(f"{_P}/evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("<slug:region>/surveys/", survey_views.survey_list, name="survey-list"),
    path("<slug:region>/surveys/new/", survey_views.survey_add, name="survey-add"),
    path("<slug:region>/surveys/<int:pk>/", survey_views.survey_detail, name="survey-detail"),
    path("<slug:region>/surveys/<int:pk>/edit/", survey_views.survey_edit, name="survey-edit"),
    path(
        "<slug:region>/surveys/<int:pk>/questions/add/",
        survey_views.question_add,
        name="question-add",
    ),
    path(
        "<slug:region>/surveys/<int:pk>/questions/<int:question>/edit/",
        survey_views.question_edit,
        name="question-edit",
    ),
    path("<slug:region>/surveys/<int:pk>/open/", survey_views.survey_open, name="survey-open"),
    path("<slug:region>/surveys/<int:pk>/close/", survey_views.survey_close, name="survey-close"),
    path(
        "<slug:region>/surveys/<int:pk>/results/",
        survey_views.survey_results,
        name="survey-results",
    ),
    path(
        "<slug:region>/surveys/<int:pk>/results.csv",
        survey_views.survey_results_csv,
        name="survey-results-csv",
    ),
]
