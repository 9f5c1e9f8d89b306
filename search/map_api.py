"""``/api/v1/map/clusters/``: the map's clusters and points as a GeoJSON FeatureCollection.

Clusters carry ``point_count`` and ``bounds`` (west, south, east, north of their members); single
points carry ``id``, ``level``, ``title``, ``url`` and ``location_approximate``. Features are
written by hand (not through serializer classes): at 700k points serialising can cost more than
computing the clusters.

The endpoint takes the search's parameters (``q``, ``level``, ``category``, ``division``,
``near`` with ``radius_km``) and shows exactly the search's service-point matches inside the
viewport (``search.service.search_clusters``); the collection says how many (``count``) and
whether every one is drawn (``complete``).
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apierrors import InvalidParameter, reject_nul
from apierrors.schema import BAD_PARAMETER
from directory.models import ProjectCategory, ServiceLevel, ServicePoint

from . import service
from .api import SearchParameters
from .clusters import MAX_ZOOM
from .contract import Cluster, SearchQuery


def point_path(point_id, language: str | None = None) -> str:
    """The public detail page of a service point (built by the directory pages)."""
    prefix = "/en" if language and language.startswith("en") else ""
    return f"{prefix}/directory/points/{point_id}/"


def parse_bbox(value: str | None, field: str = "bbox") -> tuple[float, float, float, float]:
    """``w,s,e,n`` in WGS-84 degrees, west < east and south < north, or InvalidParameter."""
    if not value:
        raise InvalidParameter(field, _("Give bbox as west,south,east,north."), "required")
    parts = value.split(",")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise InvalidParameter(
            field, _("Give bbox as four numbers: west,south,east,north.")
        ) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise InvalidParameter(field, _("Give bbox as four numbers: west,south,east,north."))
    if not (-180 <= west < east <= 180):
        raise InvalidParameter(field, _("Longitudes must satisfy -180 <= west < east <= 180."))
    if not (-90 <= south < north <= 90):
        raise InvalidParameter(field, _("Latitudes must satisfy -90 <= south < north <= 90."))
    return west, south, east, north


def parse_zoom(value: str | None) -> int:
    if value is None or value == "":
        raise InvalidParameter("zoom", _("Give the map zoom, a whole number."), "required")
    try:
        zoom = int(value)
    except ValueError:
        raise InvalidParameter("zoom", _("The zoom must be a whole number.")) from None
    if not 0 <= zoom <= MAX_ZOOM:
        raise InvalidParameter(
            "zoom", _("The zoom must be between 0 and %(max)d.") % {"max": MAX_ZOOM}
        )
    return zoom


def parse_choice(params, field: str, choices) -> str | None:
    value = params.get(field) or None
    if value is not None and value not in choices:
        raise InvalidParameter(
            field,
            _("Unknown %(field)s: choose one of %(choices)s.")
            % {"field": field, "choices": ", ".join(choices)},
        )
    return value


def feature_collection(clusters: list[Cluster], language: str | None) -> dict:
    single_ids = [int(c.id) for c in clusters if c.count == 1 and c.id is not None]
    names = {}
    approximate: set[int] = set()
    if single_ids:
        english = bool(language and language.startswith("en"))
        rows = (
            ServicePoint.objects.filter(pk__in=single_ids)
            .with_public_location()
            .values_list("id", "name", "name_en", "public_approximate")
        )
        for pk, name, name_en, is_approximate in rows:
            names[pk] = (name_en or name) if english else name
            if is_approximate:
                approximate.add(pk)
    features = []
    for cluster in clusters:
        geometry = {"type": "Point", "coordinates": [round(cluster.lon, 6), round(cluster.lat, 6)]}
        if cluster.count == 1 and cluster.id is not None:
            pk = int(cluster.id)
            properties = {
                "id": pk,
                "level": cluster.level,
                "title": names.get(pk, ""),
                "url": point_path(pk, language),
                # Drawn at a division's seat: the map marks it, and shows no distance.
                "location_approximate": pk in approximate,
            }
        else:
            properties = {
                "point_count": cluster.count,
                "bounds": [round(v, 5) for v in cluster.bounds] if cluster.bounds else None,
            }
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features, "bounds": _bounds(clusters)}


def _bounds(clusters: list[Cluster]) -> list[float] | None:
    """West, south, east, north of every point in the features: what a map fits to after a
    search (ask for the whole world at zoom 0 to fit to all of a search's matches)."""
    boxes = [c.bounds or (c.lon, c.lat, c.lon, c.lat) for c in clusters]
    if not boxes:
        return None
    return [
        round(min(b[0] for b in boxes), 6),
        round(min(b[1] for b in boxes), 6),
        round(max(b[2] for b in boxes), 6),
        round(max(b[3] for b in boxes), 6),
    ]


class ClusterView(APIView):
    """Clusters of the public service points a search matches, for a map viewport."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("bbox", OpenApiTypes.STR, required=True, description="w,s,e,n"),
            OpenApiParameter("zoom", OpenApiTypes.INT, required=True),
            OpenApiParameter("level", OpenApiTypes.STR, enum=ServiceLevel.values),
            OpenApiParameter("category", OpenApiTypes.STR, enum=ProjectCategory.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="The search's text"),
            OpenApiParameter("division", OpenApiTypes.STR, description="Division code prefix"),
            OpenApiParameter("near", OpenApiTypes.STR, description="lat,lon (WGS-84)"),
            OpenApiParameter("radius_km", OpenApiTypes.NUMBER, description="With near"),
            OpenApiParameter("lang", OpenApiTypes.STR, enum=["zh-hans", "en"]),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: BAD_PARAMETER},
    )
    def get(self, request):
        reject_nul(request.query_params)
        params = request.query_params
        bbox = parse_bbox(params.get("bbox"))
        zoom = parse_zoom(params.get("zoom"))
        level = parse_choice(params, "level", ServiceLevel.values)
        category = parse_choice(params, "category", ProjectCategory.values)
        language = parse_choice(params, "lang", ["zh-hans", "en"])
        # The rest as /api/v1/search/ validates it: the same words, the same errors.
        searched = SearchParameters(
            data={k: params[k] for k in ("q", "division", "near", "radius_km") if k in params}
        )
        searched.is_valid(raise_exception=True)
        data = searched.validated_data
        query = SearchQuery(
            text=data["q"].strip(),
            level=level,
            category=category,
            division=data.get("division"),
            near=data.get("near"),
            radius_km=data.get("radius_km"),
            bbox=bbox,
            language="en" if language == "en" else "zh-hans",
        )
        found = service.search_clusters(query, zoom)
        collection = feature_collection(found.clusters, language)
        collection["count"] = found.count
        collection["complete"] = found.complete
        return Response(collection)
