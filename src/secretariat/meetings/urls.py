from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("<slug:region>/meetings/", views.session_list, name="session-list"),
    path("<slug:region>/meetings/<int:pk>/", views.session_detail, name="session-detail"),
]
