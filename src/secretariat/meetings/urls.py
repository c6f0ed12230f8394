from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("<slug:region>/meetings/", views.session_list, name="session-list"),
    path("<slug:region>/meetings/new/", views.meeting_add, name="meeting-add"),
    path("<slug:region>/meetings/<int:pk>/", views.session_detail, name="session-detail"),
    path("<slug:region>/meetings/<int:pk>/agenda/", views.agenda_edit, name="agenda-edit"),
    path(
        "<slug:region>/meetings/<int:pk>/agenda/<int:item>/move/",
        views.agenda_item_move,
        name="agenda-item-move",
    ),
    path(
        "<slug:region>/meetings/<int:pk>/agenda/<int:item>/edit/",
        views.agenda_item_edit,
        name="agenda-item-edit",
    ),
    path(
        "<slug:region>/meetings/<int:pk>/agenda/<int:item>/delete/",
        views.agenda_item_delete,
        name="agenda-item-delete",
    ),
    path("<slug:region>/meetings/<int:pk>/agenda/adopt/", views.agenda_adopt, name="agenda-adopt"),
    path("<slug:region>/meetings/<int:pk>/publish/", views.session_publish, name="session-publish"),
    path("<slug:region>/meetings/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path(
        "<slug:region>/meetings/<int:pk>/extraordinary/",
        views.session_extraordinary,
        name="session-extraordinary",
    ),
    path(
        "<slug:region>/meetings/<int:pk>/meeting/<int:meeting>/status/",
        views.meeting_status,
        name="meeting-status",
    ),
    path(
        "<slug:region>/meetings/<int:pk>/meeting/<int:meeting>/postpone/",
        views.meeting_postpone,
        name="meeting-postpone",
    ),
]

# Invitations, delegations, the participant list and attendance.
from . import delegation_views as dv  # noqa: E402

_S = "<slug:region>/meetings/<int:pk>"
urlpatterns += [
    path(f"{_S}/invite/", dv.session_invite, name="session-invite"),
    path(f"{_S}/participants/", dv.participant_list, name="participant-list"),
    path(f"{_S}/participants.csv", dv.participant_csv, name="participant-csv"),
    path(f"{_S}/attendance/", dv.attendance, name="attendance"),
    path(f"{_S}/presiding/", dv.presiding_edit, name="presiding-edit"),
    path(f"{_S}/registration/", dv.registration_edit, name="registration-edit"),
    path(
        f"{_S}/registration/questions/<int:asked>/delete/",
        dv.registration_question_delete,
        name="registration-question-delete",
    ),
    path(f"{_S}/registration.csv", dv.registration_csv, name="registration-csv"),
    path(f"{_S}/delegations/approve/", dv.delegations_approve, name="delegations-approve"),
    path(
        f"{_S}/delegations/<int:delegation>/",
        dv.delegation_register,
        name="delegation-register",
    ),
    path(
        f"{_S}/delegations/<int:delegation>/<str:decision>/",
        dv.delegation_decide,
        name="delegation-decide",
    ),
]

# Calendar files: one session's ICS, and each person's private feed (a secret address).
from . import calendar_views  # noqa: E402

urlpatterns += [
    path(
        "<slug:region>/meetings/<int:pk>/calendar.ics",
        calendar_views.session_calendar,
        name="session-calendar",
    ),
    path("me/calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]

# Printable agenda and participant list.
from . import pdf_views  # noqa: E402

urlpatterns += [
    path(f"{_S}/agenda.pdf", pdf_views.agenda_pdf, name="agenda-pdf"),
    path(f"{_S}/participants.pdf", pdf_views.participant_pdf, name="participant-pdf"),
]

# A new meeting series (issue 21).
from . import series_views  # noqa: E402

urlpatterns += [
    path("<slug:region>/meetings/series/new/", series_views.series_add, name="series-add"),
]
