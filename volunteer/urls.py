from django.urls import path

from volunteer import pairing_views, views

urlpatterns = [
    path("", views.landing, name="volunteer"),
    path("apply/", views.apply, name="volunteer_apply"),
    path("my/", views.status, name="volunteer_status"),
    path("my/certificate/", views.upload_certificate, name="volunteer_upload"),
    path("my/withdraw/", views.withdraw, name="volunteer_withdraw"),
    path("my/data.json", views.export_data, name="volunteer_export_data"),
    path("my/delete/", views.delete_account, name="volunteer_delete_account"),
    path("my/pairings/", pairing_views.my_pairings, name="volunteer_my_pairings"),
    path("my/pairings/<int:pk>/log/", pairing_views.log_contact, name="volunteer_log_contact"),
    path("review/pairings/", pairing_views.review_pairings, name="volunteer_review_pairings"),
    path(
        "review/pairings/new/",
        pairing_views.review_pairing_new,
        name="volunteer_review_pairing_new",
    ),
    path(
        "review/pairings/<int:pk>/",
        pairing_views.review_pairing,
        name="volunteer_review_pairing",
    ),
    path("review/overdue/", pairing_views.review_overdue, name="volunteer_review_overdue"),
    path("review/", views.review_list, name="volunteer_review"),
    path("review/export.csv", views.review_export, name="volunteer_review_export"),
    path("review/<int:pk>/", views.review_detail, name="volunteer_review_detail"),
    path(
        "review/<int:pk>/certificate/",
        views.review_certificate,
        name="volunteer_review_certificate",
    ),
]
