"""Staff-only views of the directory admin (mounted under /admin/directory/ by wagtail_hooks)."""

from __future__ import annotations

from dataclasses import asdict

from django.http import JsonResponse
from django.urls import path

from .places import find_places


def places(request):
    """Divisions matching ``q``, for the point map's address box (never calls the internet)."""
    query = request.GET.get("q", "")[:200]
    return JsonResponse({"results": [asdict(place) for place in find_places(query)]})


app_name = "directory_admin"
urlpatterns = [
    path("places/", places, name="places"),
]
