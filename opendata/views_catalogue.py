"""The /opendata/ catalogue page (per language) and /opendata/catalog.jsonld (DCAT-AP)."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import catalogue


@require_safe
def catalogue_page(request):
    return render(
        request,
        "opendata/catalogue.html",
        {
            "entries": catalogue.entries(),
            "license_url": catalogue.license_url(),
            "license_name": catalogue.license_name(),
            "attribution": catalogue.GEONAMES_ATTRIBUTION,
        },
    )


@require_safe
def catalog_jsonld(request):
    base_url = f"{request.scheme}://{request.get_host()}"
    document = catalogue.dcat_catalog(base_url)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
