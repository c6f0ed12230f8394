from django.urls import path

from . import views

app_name = "plans"
_P = "<slug:region>/plans/<slug:slug>"
urlpatterns = [
    path("<slug:region>/plans/", views.plan_list, name="plan-list"),
    path(f"{_P}/", views.plan_detail, name="plan-detail"),
    path(f"{_P}/indicators.csv", views.indicators_csv, name="indicators-csv"),
    path(f"{_P}/compare/", views.plan_compare, name="plan-compare"),
    path(f"{_P}/next/", views.plan_succeed, name="plan-succeed"),
    path(f"{_P}/review/", views.review_queue, name="review-queue"),
    path(f"{_P}/periods/<int:pk>/close/", views.period_close, name="period-close"),
    path(f"{_P}/indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path(f"{_P}/indicators/<int:pk>/report/", views.progress_report, name="progress-report"),
    path(f"{_P}/updates/<int:pk>/", views.update_detail, name="update-detail"),
    path(f"{_P}/updates/<int:pk>/submit/", views.update_submit, name="update-submit"),
    path(f"{_P}/updates/<int:pk>/approve/", views.update_approve, name="update-approve"),
    path(f"{_P}/updates/<int:pk>/return/", views.update_return, name="update-return"),
    path(f"{_P}/evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
]
