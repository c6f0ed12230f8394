from django.urls import path

from . import views

app_name = "activity_reports"
_R = "<slug:region>/reports/<int:pk>"
urlpatterns = [
    path("<slug:region>/reports/", views.report_list, name="report-list"),
    path("<slug:region>/reports/new/", views.report_add, name="report-add"),
    path(f"{_R}/", views.report_detail, name="report-detail"),
    path(f"{_R}/edit/", views.report_edit, name="report-edit"),
    path(f"{_R}/submit/", views.report_submit, name="report-submit"),
    path(f"{_R}/present/", views.report_present, name="report-present"),
    path(f"{_R}/report.pdf", views.report_pdf, name="report-pdf"),
    path(f"{_R}/report.docx", views.report_docx, name="report-docx"),
]
