"""The /opendata/ catalogue page (per language) and /opendata/catalog.jsonld (DCAT-AP)."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import catalogue, datapackage
from .conditional import Stamp, not_modified, set_validators


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
    document = catalogue.dcat_catalog()
    body = json.dumps(document, ensure_ascii=False, indent=2)
    # The document is small: its own hash is the ETag, and the newest dataset's change the date.
    stamp = Stamp(
        len(document["dcat:dataset"]),
        catalogue.catalogue_modified(),
        hashlib.sha256(body.encode()).hexdigest(),
    )
    key = "catalog.jsonld"
    if (cached := not_modified(request, stamp, key)) is not None:
        cached["Access-Control-Allow-Origin"] = "*"
        return cached
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return set_validators(response, stamp, key)


@require_safe
def datapackage_json(request):
    document = datapackage.data_package()
    body = json.dumps(document, ensure_ascii=False, indent=2)
    stamp = Stamp(
        len(document["resources"]),
        catalogue.catalogue_modified(),
        hashlib.sha256(body.encode()).hexdigest(),
    )
    key = "datapackage.json"
    if (cached := not_modified(request, stamp, key)) is not None:
        cached["Access-Control-Allow-Origin"] = "*"
        return cached
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return set_validators(response, stamp, key)
