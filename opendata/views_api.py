"""The open-data API (/api/v1/): service points, organisations, projects and divisions.

Views are thin: a params serializer validates the query, ``filters`` builds the queryset, the
conditional helpers answer 304 when the client's copy is current.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from apierrors import reject_nul
from apierrors.schema import BAD_PARAMETER, NOT_FOUND, NOT_MODIFIED
from directory.models import Division

from . import filters
from .conditional import (
    Stamp,
    not_modified,
    request_key,
    set_validators,
    stamp_of,
    stamp_of_divisions,
)
from .pagination import OpenDataPagination
from .params import DivisionParams, OrganizationParams, ProjectParams, ServicePointParams
from .queries import public_divisions, public_organizations, public_projects, public_service_points
from .serializers import (
    DivisionSerializer,
    NearServicePointSerializer,
    OrganizationSerializer,
    ProjectSerializer,
    ServicePointSerializer,
)

PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter("page_size", int, description="Records per page (default 50, at most 500)."),
]
CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="ETag of a previous response: 304 when nothing changed.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        str,
        OpenApiParameter.HEADER,
        description="HTTP date: 304 when nothing changed since.",
    ),
]
ERROR_RESPONSES = {304: NOT_MODIFIED, 400: BAD_PARAMETER, 404: NOT_FOUND}
DETAIL_ERROR_RESPONSES = {304: NOT_MODIFIED, 404: NOT_FOUND}


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Shared list/detail behaviour: validate, filter, stamp, paginate."""

    pagination_class = OpenDataPagination
    params_class = None

    def params(self) -> dict:
        reject_nul(self.request.query_params)
        serializer = self.params_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def stamp(self, queryset) -> Stamp:
        return stamp_of(queryset)

    def filtered(self, params: dict):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        params = self.params()
        queryset = self.filtered(params)
        stamp = self.stamp(queryset)
        key = request_key(request)
        if (cached := not_modified(request, stamp, key)) is not None:
            return cached
        response = self.page_response(queryset, params)
        return set_validators(response, stamp, key)

    def page_response(self, queryset, params: dict) -> Response:
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        stamp = Stamp(1, getattr(instance, "updated_at", None), str(instance.pk))
        key = request_key(request)
        if (cached := not_modified(request, stamp, key)) is not None:
            return cached
        return set_validators(Response(self.get_serializer(instance).data), stamp, key)


COMMON_FILTERS = [
    OpenApiParameter("division", str, description="Division code prefix (e.g. 3504, 350429)."),
    OpenApiParameter(
        "modified_after",
        str,
        description=(
            "ISO 8601 date-time: records changed on or after it (UTC unless an offset is given)."
        ),
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Service points of the four-level network",
        description=(
            "Public stations only. Township-precision points carry their township's centre and no "
            "street address. With `near`, results are the points within `radius_km`, nearest "
            "first, each with `distance_m` (geodesic, metres)."
        ),
        parameters=[ServicePointParams, *PAGE_PARAMETERS, *CONDITIONAL_PARAMETERS],
        responses={200: NearServicePointSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One service point",
        parameters=CONDITIONAL_PARAMETERS,
        responses={200: ServicePointSerializer, **DETAIL_ERROR_RESPONSES},
    ),
)
class ServicePointViewSet(OpenDataViewSet):
    serializer_class = ServicePointSerializer
    params_class = ServicePointParams

    def get_queryset(self):
        return public_service_points().prefetch_related("categories")

    def filtered(self, params: dict):
        return filters.service_points(self.get_queryset(), params)

    def page_response(self, queryset, params: dict) -> Response:
        if "near" not in params:
            return super().page_response(queryset, params)
        ranked = filters.rank_by_distance(queryset, params["near"], params["radius_km"])
        page = self.paginate_queryset(ranked)
        by_id = {p.pk: p for p in self.get_queryset().filter(pk__in=[pk for pk, *_ in page])}
        points = []
        for pk, lat, lon in page:
            point = by_id[pk]
            point.distance_m = round(filters.geodesic_m(params["near"], (lat, lon)), 1)
            points.append(point)
        return self.get_paginated_response(NearServicePointSerializer(points, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Social organisations, social-work agencies, charities and volunteer teams",
        description="Public organisations only; `contact_channel` is the organisation's own.",
        parameters=[OrganizationParams, *PAGE_PARAMETERS, *CONDITIONAL_PARAMETERS],
        responses={200: OrganizationSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One organisation",
        parameters=CONDITIONAL_PARAMETERS,
        responses={200: OrganizationSerializer, **DETAIL_ERROR_RESPONSES},
    ),
)
class OrganizationViewSet(OpenDataViewSet):
    serializer_class = OrganizationSerializer
    params_class = OrganizationParams

    def get_queryset(self):
        return public_organizations().prefetch_related(
            Prefetch("service_area", queryset=Division.objects.only("code", "name", "name_en"))
        )

    def filtered(self, params: dict):
        return filters.organizations(self.get_queryset(), params)


@extend_schema_view(
    list=extend_schema(
        summary="Projects organisations run under the ten projects",
        description="Projects of public organisations; `service_points` lists public points only.",
        parameters=[ProjectParams, *PAGE_PARAMETERS, *CONDITIONAL_PARAMETERS],
        responses={200: ProjectSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One project",
        parameters=CONDITIONAL_PARAMETERS,
        responses={200: ProjectSerializer, **DETAIL_ERROR_RESPONSES},
    ),
)
class ProjectViewSet(OpenDataViewSet):
    serializer_class = ProjectSerializer
    params_class = ProjectParams

    def get_queryset(self):
        return public_projects()

    def filtered(self, params: dict):
        return filters.projects(self.get_queryset(), params)


@extend_schema_view(
    list=extend_schema(
        summary="Fujian's administrative divisions (city, county, township)",
        description=(
            "NBS 2023 codes with GeoNames seat points. `modified_after` selects the divisions "
            "loaded or corrected on or after the date-time."
        ),
        parameters=[DivisionParams, *PAGE_PARAMETERS, *CONDITIONAL_PARAMETERS],
        responses={200: DivisionSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One division, by code",
        parameters=CONDITIONAL_PARAMETERS,
        responses={200: DivisionSerializer, **DETAIL_ERROR_RESPONSES},
    ),
)
class DivisionViewSet(OpenDataViewSet):
    serializer_class = DivisionSerializer
    params_class = DivisionParams
    lookup_field = "code"
    lookup_value_regex = r"\d{2,12}"

    def get_queryset(self):
        return public_divisions()

    def filtered(self, params: dict):
        return filters.divisions(self.get_queryset(), params)

    def stamp(self, queryset) -> Stamp:
        return stamp_of_divisions(queryset)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"])

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        stamp = stamp_of_divisions(self.get_queryset().filter(pk=instance.pk))
        key = request_key(request)
        if (cached := not_modified(request, stamp, key)) is not None:
            return cached
        return set_validators(Response(self.get_serializer(instance).data), stamp, key)
