from django.urls import path

from volunteer import views

urlpatterns = [
    path("", views.landing, name="volunteer"),
    path("apply/", views.apply, name="volunteer_apply"),
    path("my/", views.status, name="volunteer_status"),
    path("my/certificate/", views.upload_certificate, name="volunteer_upload"),
    path("my/withdraw/", views.withdraw, name="volunteer_withdraw"),
    path("my/data.json", views.export_data, name="volunteer_export_data"),
    path("my/delete/", views.delete_account, name="volunteer_delete_account"),
    path("review/", views.review_list, name="volunteer_review"),
    path("review/export.csv", views.review_export, name="volunteer_review_export"),
    path("review/<int:pk>/", views.review_detail, name="volunteer_review_detail"),
    path(
        "review/<int:pk>/certificate/",
        views.review_certificate,
        name="volunteer_review_certificate",
    ),
]
