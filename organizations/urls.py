from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("register/", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<int:pk>/join/", views.ask_to_join, name="join"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/members/invite/", views.invite, name="invite"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.remove_member, name="remove_member"),
    path(
        "<int:pk>/requests/<int:request_pk>/",
        views.decide_join_request,
        name="decide_join_request",
    ),
    path("<int:pk>/documents/", views.upload_document, name="upload_document"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("<int:pk>/reverify/", views.reverify, name="reverify"),
    path("<int:pk>/projects/new/", views.listing_new, name="listing_new"),
    path("projects/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("projects/<int:pk>/submit/", views.listing_submit, name="listing_submit"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.review_organization, name="review_organization"),
    path("review/projects/<int:pk>/", views.review_listing, name="review_listing"),
]
