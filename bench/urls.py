"""The app's URLs plus the bare baselines, under a prefix no app URL can take."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("_bench/<slug:region>/members/", views.bare_member_list, name="bench-member-list"),
    path(
        "_bench/<slug:region>/members/<slug:slug>/",
        views.bare_member_detail,
        name="bench-member-detail",
    ),
    path("_bench/<slug:region>/meetings/<int:pk>/", views.bare_session, name="bench-session"),
    path("", include("secretariat.urls")),
]
