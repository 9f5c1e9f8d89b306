from django.urls import path

from .map_api import ClusterView

urlpatterns = [
    path("map/clusters/", ClusterView.as_view(), name="map-clusters"),
]
