from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
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
