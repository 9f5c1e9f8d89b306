"""A Leaflet map for a point kept in two plain latitude/longitude fields.

django-leaflet's own form widget works on geometry fields and imports GDAL, which this project
does not install; this one only needs django-leaflet's bundled Leaflet files and settings.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.urls import reverse


class PointMapWidget(forms.NumberInput):
    """The latitude input, followed by a map that writes both latitude and longitude.

    The map is an enhancement: without JavaScript (or without tiles) the number inputs work.
    """

    template_name = "directory/widgets/point_map.html"

    def __init__(self, longitude_field: str = "longitude", datum_field: str = "datum", attrs=None):
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.longitude_field = longitude_field
        self.datum_field = datum_field

    class Media:
        css = {"all": ["leaflet/leaflet.css", "directory/point-map.css"]}
        js = ["leaflet/leaflet.js", "frontend/js/datum.js", "directory/point-map.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        leaflet = getattr(settings, "LEAFLET_CONFIG", {})
        prefix = name[: -len("latitude")] if name.endswith("latitude") else ""
        context["map"] = {
            "longitude_name": prefix + self.longitude_field,
            "datum_name": prefix + self.datum_field,
            "config": json.dumps(
                {
                    "tileUrl": settings.MAP_TILE_URL,
                    "attribution": settings.MAP_TILE_ATTRIBUTION,
                    "tileDatum": settings.MAP_TILE_DATUM,
                    "center": list(leaflet.get("DEFAULT_CENTER", (26.0, 118.2))),
                    "zoom": leaflet.get("DEFAULT_ZOOM", 7),
                    "maxZoom": leaflet.get("MAX_ZOOM", 18),
                    "placesUrl": reverse("directory_admin:places"),
                }
            ),
        }
        return context
