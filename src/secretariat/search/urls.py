from django.urls import path

from . import views

app_name = "search"
urlpatterns = [path("<slug:region>/search/", views.search_page, name="search")]
