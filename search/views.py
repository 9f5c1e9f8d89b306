"""/map/: the service map, with a result list that works without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import Division, ServiceLevel, code_prefix

from .geocoding import geocode_place
from .map_api import point_path
from .map_forms import MapFilterForm
from .map_list import NEAR_RADIUS_KM, list_points, list_projects

LIST_PARAMS = ("q", "level", "category", "division", "place", "near", "lat", "lon", "z", "bbox")


def map_page(request):
    """The map page; ``?fragment=list`` answers only the list, for in-place updates by map.js."""
    language = get_language() or settings.LANGUAGE_CODE
    form = MapFilterForm(request.GET)
    data = form.usable()
    notice = ""
    near = data.get("near")
    place_label = ""
    if data.get("place") and not near:
        location = geocode_place(data["place"])
        if location is None:
            notice = _("We could not find the place “%(place)s”. Try a county or town name.") % {
                "place": data["place"]
            }
        else:
            near = (location.latitude, location.longitude)
            place_label = location.address
    division = None
    if data.get("division"):
        division = Division.objects.filter(code=data["division"]).first()
    page = list_points(
        q=data.get("q", ""),
        level=data.get("level") or None,
        category=data.get("category") or None,
        division=data.get("division") or None,
        bbox=data.get("bbox"),
        near=near,
        page=data.get("page") or 1,
        language=language,
    )
    projects = list_projects(
        q=data.get("q", ""),
        category=data.get("category") or None,
        division=data.get("division") or None,
        language=language,
    )
    for point in page.object_list:
        point.url = point_path(point.id, language)
        if point.distance_m is not None:
            point.distance_km = f"{point.distance_m / 1000:.1f}"
    # The list's search, as the clusters API's parameters: map.js asks for exactly these, so
    # the map shows the list's matches and fits to them.
    searched = {
        "q": (data.get("q") or "").strip(),
        "level": data.get("level") or "",
        "category": data.get("category") or "",
        "division": code_prefix(data["division"]) if data.get("division") else "",
        "near": f"{near[0]:.6f},{near[1]:.6f}" if near else "",
        "radius_km": str(NEAR_RADIUS_KM) if near else "",
    }
    lat, lon, zoom = _initial_view(data, near, division)
    kept = [(k, request.GET[k]) for k in LIST_PARAMS if request.GET.get(k) and k in data]
    context = {
        "form": form,
        "page_obj": page,
        "projects": projects,
        "notice": notice,
        "near": near,
        "place_label": place_label,
        "query_string": "&".join(f"{k}={_quote(v)}" for k, v in kept),
        "search_params": urlencode({k: v for k, v in searched.items() if v}),
        "levels": ServiceLevel.choices,
        # Where the filters place the map (a division or a place), for map.js to follow.
        "filter_view": ",".join(map(str, _initial_view({}, near, division)))
        if (near or division)
        else "",
        "map_config": {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "tileDatum": settings.MAP_TILE_DATUM,
            "clustersUrl": reverse("v1:map-clusters"),
            "searchUrl": "/api/v1/search/",
            "lat": lat,
            "lon": lon,
            "zoom": zoom,
            "near": list(near) if near else None,
            "lang": "en" if language.startswith("en") else "zh-hans",
            "levels": dict(ServiceLevel.choices),
            "strings": {
                "details": _("Open details"),
                "zoomIn": _("Zoom in to %(count)s service points"),
                "located": _("Showing service points near your location."),
                "locationFailed": _("Your location is not available."),
                "updated": _("%(count)s service points found."),
                "suggestions": _("Suggestions"),
                "approximate": _("Approximate position (its township's or county's seat)"),
            },
        },
    }
    template = (
        "search/map_list.html" if request.GET.get("fragment") == "list" else "search/map.html"
    )
    return render(request, template, context)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe=",.-")


def _initial_view(data: dict, near, division) -> tuple[float, float, int]:
    if data.get("lat") is not None and data.get("lon") is not None:
        return data["lat"], data["lon"], data.get("z") or 12
    if near:
        return near[0], near[1], 12
    if division is not None:
        return division.latitude, division.longitude, 9 if division.level == "city" else 10
    lat, lon = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    return lat, lon, settings.LEAFLET_CONFIG["DEFAULT_ZOOM"]
