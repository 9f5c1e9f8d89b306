"""The HSDS 3.0 API (/api/hsds/), after Open Referral's API reference: ``/`` (about the API),
``/services``, ``/service_at_locations``, ``/organizations``, ``/taxonomies``,
``/taxonomy_terms`` and each one's ``/{id}``.

Views are thin: a params serializer validates the query, ``hsds_api`` finds and builds the
records, the conditional helpers answer 304 when the client's copy is current.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from apierrors import reject_nul
from apierrors.schema import BAD_PARAMETER, NOT_FOUND, NOT_MODIFIED

from . import hsds, hsds_api
from . import hsds_openapi as schema
from .conditional import Stamp, not_modified, request_key, set_validators
from .exports import dumps
from .pagination import PageNotFound
from .params import HSDS_ID_PATTERN, HsdsListParams, HsdsServiceParams, HsdsTermParams
from .views_api import CONDITIONAL_PARAMETERS

DEFAULT_PER_PAGE = 50
NDJSON = "application/x-ndjson"


class HsdsFormatParameter(DefaultContentNegotiation):
    """Every answer is JSON: ``format`` is HSDS's parameter (json or ndjson), read by the view,
    not DRF's choice of renderer (which would answer an unknown value with a bare 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class HsdsView(APIView):
    content_negotiation_class = HsdsFormatParameter

    def conditional(self, response, stamp: Stamp):
        key = request_key(self.request)
        if (cached := not_modified(self.request, stamp, key)) is not None:
            return cached
        return set_validators(response() if callable(response) else response, stamp, key)


class HsdsListView(HsdsView):
    """A paginated list in HSDS's shape, or every record as ndjson."""

    params_class = HsdsListParams
    parts: Callable[[dict], list] = staticmethod(lambda params: [])

    def get(self, request):
        reject_nul(request.query_params)
        serializer = self.params_class(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        params = serializer.validated_data
        parts = self.parts(params)
        stamp = hsds_api.combined_stamp(parts)
        if params.get("format") == "ndjson":
            return self.conditional(lambda: self.ndjson(parts), stamp)
        page = hsds_api.page_of(
            parts, params.get("page", 1), params.get("per_page", DEFAULT_PER_PAGE)
        )
        if page is None:
            raise PageNotFound(
                "page", _("There is no page %(page)s.") % {"page": params["page"]}, "not_found"
            )
        return self.conditional(lambda: Response(page.body()), stamp)

    @staticmethod
    def ndjson(parts) -> StreamingHttpResponse:
        lines = (dumps(record) + "\n" for record in hsds_api.every_record(parts))
        return StreamingHttpResponse(lines, content_type=NDJSON)


class HsdsDetailView(HsdsView):
    find: Callable[[str], dict | None] = staticmethod(lambda record_id: None)

    def get(self, request, id: str):  # noqa: A002 (HSDS's name for the path parameter)
        reject_nul(request.query_params)
        record = self.find(id)
        if record is None:
            raise NotFound()
        digest = hashlib.sha256(dumps(record).encode()).hexdigest()
        modified = record.get("last_modified")
        stamp = Stamp(1, datetime.fromisoformat(modified) if modified else None, digest)
        return self.conditional(Response(record), stamp)


def _list_schema(operation_id: str, summary: str, description: str, params, item: dict):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        parameters=[params, *CONDITIONAL_PARAMETERS],
        responses={
            (200, "application/json"): OpenApiResponse(
                schema.page(item), description="One page in HSDS's paginated shape."
            ),
            (200, NDJSON): OpenApiResponse(
                {"type": "string"},
                description="With format=ndjson: every record, one JSON object per line.",
            ),
            304: NOT_MODIFIED,
            400: BAD_PARAMETER,
            404: NOT_FOUND,
        },
        tags=["hsds"],
    )


ID_PARAMETER = OpenApiParameter(
    "id",
    str,
    OpenApiParameter.PATH,
    pattern=HSDS_ID_PATTERN,
    description="The record's HSDS identifier (a UUID).",
)


def _detail_schema(operation_id: str, summary: str, item: dict):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        parameters=[ID_PARAMETER, *CONDITIONAL_PARAMETERS],
        responses={200: item, 304: NOT_MODIFIED, 404: NOT_FOUND},
        tags=["hsds"],
    )


class ApiMetaView(HsdsView):
    @extend_schema(
        operation_id="hsds_about",
        summary="About this HSDS API: its HSDS version, profile and OpenAPI description",
        parameters=CONDITIONAL_PARAMETERS,
        responses={200: schema.API_META, 304: NOT_MODIFIED},
        tags=["hsds"],
    )
    def get(self, request):
        base = settings.SITE_BASE_URL.rstrip("/")
        body = {
            "version": hsds.HSDS_VERSION,
            "profile": hsds_api.PROFILE_URL,
            "openapi_url": f"{base}/api/schema/",
        }
        stamp = Stamp(1, None, hashlib.sha256(dumps(body).encode()).hexdigest())
        return self.conditional(Response(body), stamp)


SERVICES_TEXT = (
    "A service per public service point (run by the network organisation), then every public "
    "project. `modified_after` is on or after, UTC unless an offset is given."
)
SAL_TEXT = (
    "A point's own service at its location, then every public project at each public point "
    "where it runs; each with its location."
)


@extend_schema_view(
    get=_list_schema(
        "hsds_list_services", "HSDS services", SERVICES_TEXT, HsdsServiceParams, schema.SERVICE
    )
)
class ServiceList(HsdsListView):
    params_class = HsdsServiceParams
    parts = staticmethod(hsds_api.service_parts)


@extend_schema_view(
    get=_detail_schema("hsds_get_service", "One HSDS service, fully nested", schema.SERVICE_FULL)
)
class ServiceDetail(HsdsDetailView):
    find = staticmethod(hsds_api.service)


@extend_schema_view(
    get=_list_schema(
        "hsds_list_service_at_locations",
        "HSDS services at locations",
        SAL_TEXT,
        HsdsServiceParams,
        schema.SERVICE_AT_LOCATION,
    )
)
class ServiceAtLocationList(HsdsListView):
    params_class = HsdsServiceParams
    parts = staticmethod(hsds_api.service_at_location_parts)


@extend_schema_view(
    get=_detail_schema(
        "hsds_get_service_at_location",
        "One HSDS service at a location",
        schema.SERVICE_AT_LOCATION_FULL,
    )
)
class ServiceAtLocationDetail(HsdsDetailView):
    find = staticmethod(hsds_api.service_at_location)


@extend_schema_view(
    get=_list_schema(
        "hsds_list_organizations",
        "HSDS organisations",
        "The network organisation the service points belong to, then every public organisation.",
        HsdsListParams,
        schema.ORGANIZATION,
    )
)
class OrganizationList(HsdsListView):
    parts = staticmethod(hsds_api.organization_parts)


@extend_schema_view(
    get=_detail_schema(
        "hsds_get_organization",
        "One HSDS organisation with its identifiers",
        schema.ORGANIZATION_FULL,
    )
)
class OrganizationDetail(HsdsDetailView):
    find = staticmethod(hsds_api.organization)


@extend_schema_view(
    get=_list_schema(
        "hsds_list_taxonomies",
        "HSDS taxonomies",
        "The ten projects and the precision of published positions.",
        HsdsListParams,
        schema.TAXONOMY,
    )
)
class TaxonomyList(HsdsListView):
    parts = staticmethod(hsds_api.taxonomy_parts)


@extend_schema_view(get=_detail_schema("hsds_get_taxonomy", "One HSDS taxonomy", schema.TAXONOMY))
class TaxonomyDetail(HsdsDetailView):
    find = staticmethod(hsds_api.taxonomy)


@extend_schema_view(
    get=_list_schema(
        "hsds_list_taxonomy_terms",
        "HSDS taxonomy terms",
        "Both vocabularies are flat: `top_only` changes nothing and `parent_id` finds no term.",
        HsdsTermParams,
        schema.TAXONOMY_TERM,
    )
)
class TaxonomyTermList(HsdsListView):
    params_class = HsdsTermParams
    parts = staticmethod(hsds_api.taxonomy_term_parts)


@extend_schema_view(
    get=_detail_schema("hsds_get_taxonomy_term", "One HSDS taxonomy term", schema.TAXONOMY_TERM)
)
class TaxonomyTermDetail(HsdsDetailView):
    find = staticmethod(hsds_api.taxonomy_term)
