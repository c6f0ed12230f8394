from django.urls import path

from . import views

app_name = "live"
_L = "<slug:region>/meetings/<int:pk>/live"
urlpatterns = [
    path(f"{_L}/", views.room, name="room"),
    path(f"{_L}/screen/", views.screen, name="screen"),
    path(f"{_L}/chair/", views.console, name="console"),
    path(f"{_L}/chair/<slug:action>/", views.chair_action, name="chair-action"),
    path(f"{_L}/floor/", views.floor, name="floor"),
    path(f"{_L}/events/", views.events, name="events"),
]
