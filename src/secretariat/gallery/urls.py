from django.urls import path

from . import views

app_name = "gallery"
urlpatterns = [
    path("<slug:region>/galleries/", views.gallery_list, name="gallery-list"),
    path("<slug:region>/galleries/add/", views.gallery_create, name="gallery-create"),
    path("<slug:region>/galleries/<int:pk>/", views.gallery_detail, name="gallery-detail"),
    path("<slug:region>/galleries/<int:pk>/edit/", views.gallery_edit, name="gallery-edit"),
    path("<slug:region>/galleries/<int:pk>/photos/", views.gallery_manage, name="gallery-manage"),
    path("<slug:region>/galleries/<int:pk>/photos/add/", views.photo_upload, name="photo-upload"),
    path(
        "<slug:region>/galleries/<int:gallery>/photos/<int:pk>/edit/",
        views.photo_edit,
        name="photo-edit",
    ),
    path(
        "<slug:region>/galleries/<int:gallery>/photos/<int:pk>/move/",
        views.photo_move,
        name="photo-move",
    ),
    path(
        "<slug:region>/galleries/<int:gallery>/photos/<int:pk>/delete/",
        views.photo_delete,
        name="photo-delete",
    ),
    path(
        "<slug:region>/photos/<int:pk>/w<int:width>/", views.photo_rendition, name="photo-rendition"
    ),
    path("<slug:region>/photos/<int:pk>/download/", views.photo_download, name="photo-download"),
]
