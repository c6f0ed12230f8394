from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="region-list"),
    path("<slug:region>/", views.region_detail, name="region-detail"),
    path("<slug:region>/members/", views.member_list, name="member-list"),
    path("<slug:region>/members/<slug:slug>/", views.member_detail, name="member-detail"),
    path("<slug:region>/members/<slug:slug>/edit/", views.member_edit, name="member-edit"),
    path("<slug:region>/members/<slug:slug>/contacts/add/", views.contact_add, name="contact-add"),
    path(
        "<slug:region>/members/<slug:slug>/contacts/<int:pk>/edit/",
        views.contact_edit,
        name="contact-edit",
    ),
    path(
        "<slug:region>/members/<slug:slug>/contacts/<int:pk>/leave/",
        views.contact_deactivate,
        name="contact-deactivate",
    ),
    path("<slug:region>/entities/", views.entity_list, name="entity-list"),
    path("<slug:region>/entities/<slug:slug>/", views.entity_detail, name="entity-detail"),
    path("<slug:region>/posts/", views.post_list, name="post-list"),
    path("<slug:region>/posts/<slug:slug>/", views.post_detail, name="post-detail"),
    path("<slug:region>/manage/", views.manage, name="manage"),
    path("<slug:region>/manage/people/<int:pk>/", views.person_detail, name="person-detail"),
    path(
        "<slug:region>/manage/people/<int:pk>/deactivate/",
        views.person_deactivate_view,
        name="person-deactivate",
    ),
    path("<slug:region>/manage/people/<int:pk>/roles/add/", views.role_assign, name="role-assign"),
    path(
        "<slug:region>/manage/roles/<int:pk>/hand-over/",
        views.role_hand_over,
        name="role-hand-over",
    ),
    path("<slug:region>/manage/holdings/add/", views.holding_add, name="holding-add"),
    path("<slug:region>/manage/holdings/<int:pk>/end/", views.holding_end, name="holding-end"),
    path("<slug:region>/manage/sub-regions/add/", views.sub_region_add, name="sub-region-add"),
    path("<slug:region>/manage/members/add/", views.member_add, name="member-add"),
    path("<slug:region>/manage/members/import/", views.member_import, name="member-import"),
    path("<slug:region>/manage/entities/add/", views.entity_add, name="entity-add"),
    path(
        "<slug:region>/manage/organisations/add/",
        views.organisation_add,
        name="organisation-add",
    ),
    path("<slug:region>/manage/posts/add/", views.post_add, name="post-add"),
    path("<slug:region>/manage/audit/", views.audit_log, name="audit-log"),
    path("<slug:region>/manage/audit/export.csv", views.audit_export, name="audit-export"),
]
