from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import NewsFeed
from .sitemaps import SITEMAPS

app_name = "publishing"
_N = "<slug:region>/news/<slug:slug>"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "publishing/sitemap.xml"},
        name="sitemap",
    ),
    path("<slug:region>/news/", views.news_archive, name="news-archive"),
    path("<slug:region>/news/feed/", NewsFeed(), name="news-feed"),
    path("<slug:region>/news/manage/", views.news_manage, name="news-manage"),
    path(
        "<slug:region>/meetings/<int:session>/news/",
        views.news_generate,
        name="news-generate",
    ),
    path(f"{_N}/", views.news_detail, name="news-detail"),
    path(f"{_N}/edit/", views.news_edit, name="news-edit"),
    path(f"{_N}/publish/", views.news_publish, name="news-publish"),
    path(f"{_N}/unpublish/", views.news_unpublish, name="news-unpublish"),
]
