"""The catalogue page, inside the language prefixes (/opendata/ and /en/opendata/)."""

from django.urls import path

from .views_catalogue import catalogue_page

urlpatterns = [path("", catalogue_page, name="opendata")]
