from django.urls import path

from . import views

app_name = "decisions"
_P = "<slug:region>/proposals/<int:pk>"
_A = "<slug:region>/decisions/<int:pk>/actions/<int:action_pk>"
urlpatterns = [
    path("<slug:region>/decisions/", views.register, name="register"),
    path("<slug:region>/decisions.<str:fmt>", views.register_export, name="register-export"),
    path("<slug:region>/decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<slug:region>/decisions/<int:pk>/actions/", views.action_add, name="action-add"),
    path(f"{_A}/edit/", views.action_edit, name="action-edit"),
    path(f"{_A}/delete/", views.action_delete, name="action-delete"),
    path(f"{_A}/report/", views.action_report, name="action-report"),
    path("<slug:region>/actions/", views.matters_arising, name="matters-arising"),
    path("<slug:region>/proposals/", views.proposal_list, name="proposal-list"),
    path("<slug:region>/proposals/new/", views.proposal_add, name="proposal-add"),
    path(f"{_P}/", views.proposal_detail, name="proposal-detail"),
    path(f"{_P}/edit/", views.proposal_edit, name="proposal-edit"),
    path(f"{_P}/files/", views.attachment_add, name="attachment-add"),
    path(f"{_P}/files/<int:attachment>/", views.attachment_download, name="attachment-download"),
    path(f"{_P}/table/", views.proposal_table, name="proposal-table"),
    path(f"{_P}/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path(f"{_P}/decide/", views.proposal_decide, name="proposal-decide"),
    path(f"{_P}/vote/open/", views.vote_open, name="vote-open"),
    path(f"{_P}/vote/", views.vote_cast, name="vote-cast"),
    path(f"{_P}/vote/close/", views.vote_close, name="vote-close"),
]
