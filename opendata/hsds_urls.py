"""Routes of the HSDS 3.0 API, included under /api/hsds/ by portal.api.urls.

The paths are HSDS's own (``/services``, ``/services/{id}``, no trailing slash), so an Open
Referral client given ``/api/hsds`` as its base URL finds them.
"""

from django.urls import path

from . import views_hsds as views

urlpatterns = [
    path("", views.ApiMetaView.as_view(), name="meta"),
    path("services", views.ServiceList.as_view(), name="services"),
    path("services/<str:id>", views.ServiceDetail.as_view(), name="service"),
    path(
        "service_at_locations",
        views.ServiceAtLocationList.as_view(),
        name="service-at-locations",
    ),
    path(
        "service_at_locations/<str:id>",
        views.ServiceAtLocationDetail.as_view(),
        name="service-at-location",
    ),
    path("organizations", views.OrganizationList.as_view(), name="organizations"),
    path("organizations/<str:id>", views.OrganizationDetail.as_view(), name="organization"),
    path("taxonomies", views.TaxonomyList.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", views.TaxonomyDetail.as_view(), name="taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermList.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.TaxonomyTermDetail.as_view(), name="taxonomy-term"),
]
