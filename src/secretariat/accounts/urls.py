from django.urls import include, path

from . import invitation_views, views

app_name = "accounts"
# The signed-in person's own pages, under /me/.
own = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("language/", views.language, name="language"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("calendar/", views.calendar_feed, name="calendar-feed"),
    path("calendar/<int:pk>/revoke/", views.calendar_feed_revoke, name="calendar-feed-revoke"),
    path(
        "sign-in-address/<str:token>/",
        views.sign_in_address_confirm,
        name="sign-in-address-confirm",
    ),
    path("invitation/<str:key>/", views.invitation_accept, name="invitation-accept"),
]
urlpatterns = [
    path("me/", include(own)),
    # The platform administrator opens a region (and invites its first secretariat person).
    path("platform/regions/add/", invitation_views.region_add, name="region-add"),
    # The region's secretariat brings people in (beside regions' pages for people).
    path("<slug:region>/manage/people/add/", invitation_views.person_add, name="person-add"),
    path(
        "<slug:region>/manage/people/<int:pk>/invite/",
        invitation_views.person_invite_view,
        name="person-invite",
    ),
]
