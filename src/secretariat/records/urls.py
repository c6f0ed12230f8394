from django.urls import path

from . import views

app_name = "records"
# Under the meetings: the records are the meetings' outcome (and the Meetings tab stays lit).
_L = "<slug:region>/meetings/records"
_R = f"{_L}/<int:pk>"
_P = f"{_R}/paragraphs/<int:paragraph>"
urlpatterns = [
    path(f"{_L}/", views.record_list, name="record-list"),
    path(f"{_L}/new/", views.record_draft, name="record-draft"),
    path(f"{_R}/", views.record_detail, name="record-detail"),
    path(f"{_R}/record.docx", views.record_docx, name="record-docx"),
    path(f"{_R}/record.pdf", views.record_pdf, name="record-pdf"),
    path(f"{_R}/circulate/", views.record_circulate, name="record-circulate"),
    path(f"{_R}/adopt/", views.record_adopt, name="record-adopt"),
    path(f"{_R}/revise/", views.record_revise, name="record-revise"),
    path(f"{_R}/sections/<int:section>/add/", views.paragraph_add, name="paragraph-add"),
    path(f"{_P}/edit/", views.paragraph_edit, name="paragraph-edit"),
    path(f"{_P}/move/", views.paragraph_move, name="paragraph-move"),
    path(f"{_P}/delete/", views.paragraph_delete, name="paragraph-delete"),
    path(f"{_P}/comment/", views.comment_add, name="comment-add"),
]
