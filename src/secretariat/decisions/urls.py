from django.urls import path

from . import views

app_name = "decisions"
_P = "<slug:region>/proposals/<int:pk>"
urlpatterns = [
    path("<slug:region>/decisions/", views.register, name="register"),
    path("<slug:region>/decisions.<str:fmt>", views.register_export, name="register-export"),
    path("<slug:region>/decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<slug:region>/decisions/<int:pk>/actions/", views.action_add, name="action-add"),
    path(
        "<slug:region>/decisions/<int:pk>/actions/<int:action_pk>/done/",
        views.action_done,
        name="action-done",
    ),
    path("<slug:region>/actions/", views.matters_arising, name="matters-arising"),
    path("<slug:region>/proposals/", views.proposal_list, name="proposal-list"),
    path("<slug:region>/proposals/new/", views.proposal_add, name="proposal-add"),
    path(f"{_P}/", views.proposal_detail, name="proposal-detail"),
    path(f"{_P}/table/", views.proposal_table, name="proposal-table"),
    path(f"{_P}/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path(f"{_P}/decide/", views.proposal_decide, name="proposal-decide"),
    path(f"{_P}/vote/open/", views.vote_open, name="vote-open"),
    path(f"{_P}/vote/", views.vote_cast, name="vote-cast"),
    path(f"{_P}/vote/close/", views.vote_close, name="vote-close"),
]
