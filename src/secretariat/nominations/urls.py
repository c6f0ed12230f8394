from django.urls import path

from . import views

app_name = "nominations"
_C = "<slug:region>/nominations/<int:pk>"
urlpatterns = [
    path("<slug:region>/nominations/", views.call_list, name="call-list"),
    path("<slug:region>/nominations/new/", views.call_add, name="call-add"),
    path(f"{_C}/", views.call_detail, name="call-detail"),
    path(f"{_C}/nominate/", views.nomination_add, name="nomination-add"),
    path(f"{_C}/slate/", views.call_slate, name="call-slate"),
    path(f"{_C}/appoint/", views.call_appoint, name="call-appoint"),
    path(f"{_C}/election/", views.election_open, name="election-open"),
    path(f"{_C}/election/vote/", views.election_vote, name="election-vote"),
    path(f"{_C}/election/close/", views.election_close, name="election-close"),
]
