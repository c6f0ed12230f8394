from django.contrib import admin
from django.urls import include, path

from secretariat.accounts.views import sign_in_address
from secretariat.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    # One sign-in address per account, changed as decision 0002 says, in place of allauth's
    # list of addresses (any of which could be made primary or used for a reset).
    path("accounts/email/", sign_in_address, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("secretariat.accounts.urls")),  # /me/ and the invitations
    path("api/", api.urls),
    path("", include("secretariat.core.urls")),
    path("", include("secretariat.live.urls")),
    path("", include("secretariat.meetings.urls")),
    path("", include("secretariat.documents.urls")),
    path("", include("secretariat.plans.urls")),
    path("", include("secretariat.activity_reports.urls")),
    path("", include("secretariat.decisions.urls")),
    path("", include("secretariat.nominations.urls")),
    path("", include("secretariat.practices.urls")),
    path("", include("secretariat.search.urls")),
    path("", include("secretariat.records.urls")),
    path("", include("secretariat.gallery.urls")),
    path("", include("secretariat.publishing.urls")),
    path("", include("secretariat.regions.urls")),
]
