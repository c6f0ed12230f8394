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
    path("<slug:region>/meetings/<int:pk>/agenda/adopt/", views.agenda_adopt, name="agenda-adopt"),
]
