"""/opendata/ file paths, outside the language prefixes (included by portal.urls)."""

from django.urls import path, re_path

from .views_catalogue import catalog_jsonld, datapackage_json
from .views_downloads import download

urlpatterns = [
    path("opendata/catalog.jsonld", catalog_jsonld, name="opendata-catalog-jsonld"),
    path("opendata/datapackage.json", datapackage_json, name="opendata-datapackage"),
    re_path(
        r"^opendata/(?P<dataset>[a-z-]+)\.(?P<fmt>csv|geojson|json)$",
        download,
        name="opendata-download",
    ),
]
