"""Routes of the statistics API, included under /api/v1/ by portal.api.urls."""

from django.urls import path

from .api import ImpactStatsView

urlpatterns = [path("stats/impact/", ImpactStatsView.as_view(), name="stats-impact")]
