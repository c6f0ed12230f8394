from django.urls import path

from . import reference_views, views
from .feeds import PracticeFeed

app_name = "practices"
_P = "<slug:region>/practices/<int:pk>"
_R = "<slug:region>/references/<slug:slug>"
urlpatterns = [
    path("<slug:region>/practices/", views.practice_list, name="practice-list"),
    path("<slug:region>/practices/new/", views.practice_add, name="practice-add"),
    path("<slug:region>/practices/feed/", PracticeFeed(), name="practice-feed"),
    path("<slug:region>/practices/export.<str:fmt>", views.practice_export, name="practice-export"),
    path("<slug:region>/practices/themes/", views.theme_list, name="theme-list"),
    path(f"{_P}/", views.practice_detail, name="practice-detail"),
    path(f"{_P}/edit/", views.practice_edit, name="practice-edit"),
    path(f"{_P}/submit/", views.practice_submit, name="practice-submit"),
    path(f"{_P}/feature/", views.practice_feature, name="practice-feature"),
    path(f"{_P}/files/", views.attachment_add, name="attachment-add"),
    path(f"{_P}/files/<int:attachment>/", views.attachment_download, name="attachment-download"),
    path("<slug:region>/references/", reference_views.reference_lists, name="reference-list"),
    path(f"{_R}/", reference_views.reference_detail, name="reference-detail"),
    path(f"{_R}/export.<str:fmt>", reference_views.reference_export, name="reference-export"),
    path(f"{_R}/import/", reference_views.reference_import, name="reference-import"),
]
