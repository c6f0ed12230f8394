from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path(
        "<slug:region>/meetings/<int:session>/documents/add/",
        views.document_upload,
        name="document-upload",
    ),
    path(
        "<slug:region>/meetings/<int:session>/documents.zip",
        views.session_pack,
        name="session-pack",
    ),
    path(
        "<slug:region>/documents/<int:pk>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "<slug:region>/documents/<int:pk>/v<int:number>/",
        views.document_download,
        name="version-download",
    ),
    path("<slug:region>/documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path(
        "<slug:region>/documents/<int:pk>/withdraw/",
        views.document_withdraw,
        name="document-withdraw",
    ),
    path("<slug:region>/documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path(
        "<slug:region>/documents/<int:pk>/replace/",
        views.document_replace,
        name="document-replace",
    ),
]
