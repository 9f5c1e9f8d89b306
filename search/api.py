"""``/api/v1/search/``: one search over service points, organisations, projects and stories."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apierrors import reject_nul
from apierrors.schema import BAD_PARAMETER
from directory.models import ProjectCategory, ServiceLevel, ServicePoint
from search import service
from search.contract import DOCUMENT_TYPES, SERVICE_POINT, SearchHit, SearchQuery

MAX_PAGE = 500
LANGUAGES = ("zh-hans", "en")


def _floats(value: str, count: int, field: str) -> list[float]:
    parts = value.split(",")
    if len(parts) != count:
        raise serializers.ValidationError(
            _("Expected %(count)d comma-separated numbers.") % {"count": count}
        )
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise serializers.ValidationError(_("Not a number.")) from None
    if any(n != n or n in (float("inf"), float("-inf")) for n in numbers):
        raise serializers.ValidationError(_("Not a number."))
    return numbers


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    type = serializers.CharField(required=False, default="")
    level = serializers.ChoiceField(choices=ServiceLevel.values, required=False)
    division = serializers.RegexField(r"^\d{2,12}$", required=False)
    category = serializers.ChoiceField(choices=ProjectCategory.values, required=False)
    near = serializers.CharField(required=False)
    radius_km = serializers.FloatField(required=False, min_value=0.01, max_value=1000)
    bbox = serializers.CharField(required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)
    lang = serializers.ChoiceField(choices=LANGUAGES, required=False)

    def validate_type(self, value: str) -> tuple[str, ...]:
        types = tuple(t for t in value.split(",") if t)
        unknown = [t for t in types if t not in DOCUMENT_TYPES]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown type: %(type)s.") % {"type": ", ".join(unknown)}
            )
        return types

    def validate_near(self, value: str) -> tuple[float, float]:
        lat, lon = _floats(value, 2, "near")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise serializers.ValidationError(_("Latitude or longitude out of range."))
        return lat, lon

    def validate_bbox(self, value: str) -> tuple[float, float, float, float]:
        west, south, east, north = _floats(value, 4, "bbox")
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise serializers.ValidationError(
                _("Expected west,south,east,north with west ≤ east and south ≤ north.")
            )
        return west, south, east, north

    def validate(self, attrs):
        if attrs.get("radius_km") is not None and not attrs.get("near"):
            raise serializers.ValidationError({"radius_km": _("radius_km needs near=lat,lon.")})
        return attrs


def approximate_points(hits: list[SearchHit]) -> set[str]:
    """The ids of the service points among ``hits`` whose public location is only a division's
    seat (``ServicePoint.public_location_approximate``), read from the directory: the index
    holds locations, not how precise they are."""
    ids = [int(h.document.id) for h in hits if h.document.type == SERVICE_POINT]
    if not ids:
        return set()
    found = (
        ServicePoint.objects.filter(pk__in=ids)
        .with_public_location()
        .filter(public_approximate=True)
        .values_list("id", flat=True)
    )
    return {str(pk) for pk in found}


def _result(hit: SearchHit, english: bool, approximate: set[str]) -> dict:
    document = hit.document
    title = document.title_en if english and document.title_en else document.title
    division = None
    if document.division_code:
        name = (
            document.division_name_en
            if english and document.division_name_en
            else document.division_name
        )
        division = {"code": document.division_code, "name": name}
    return {
        "type": document.type,
        "id": document.id,
        "title": title,
        "url": ("/en" + document.url) if english and document.url else document.url,
        "snippet": hit.snippet,
        "level": document.level,
        "division": division,
        "lat": document.lat,
        "lon": document.lon,
        "distance_m": hit.distance_m,
        # Service points only (null for other types): true when lat/lon are only a division's
        # seat, so distance_m is rough (the map shows "about … km", never metres).
        "location_approximate": (document.id in approximate)
        if document.type == SERVICE_POINT
        else None,
        "is_demo": document.is_demo,
    }


_FACETS = inline_serializer(
    "SearchFacets",
    {
        name: serializers.DictField(child=serializers.IntegerField())
        for name in ("type", "level", "city", "category")
    },
)
_RESPONSE = inline_serializer(
    "SearchResponse",
    {
        "count": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "page_size": serializers.IntegerField(),
        "results": inline_serializer(
            "SearchResultItem",
            {
                "type": serializers.ChoiceField(choices=DOCUMENT_TYPES),
                "id": serializers.CharField(),
                "title": serializers.CharField(),
                "url": serializers.CharField(),
                "snippet": serializers.CharField(),
                "level": serializers.CharField(allow_null=True),
                "division": inline_serializer(
                    "SearchDivision",
                    {"code": serializers.CharField(), "name": serializers.CharField()},
                    allow_null=True,
                ),
                "lat": serializers.FloatField(allow_null=True),
                "lon": serializers.FloatField(allow_null=True),
                "distance_m": serializers.FloatField(allow_null=True),
                "location_approximate": serializers.BooleanField(allow_null=True),
                "is_demo": serializers.BooleanField(),
            },
            many=True,
        ),
        "facets": _FACETS,
        "backend": serializers.CharField(),
        "degraded": serializers.BooleanField(),
    },
)


class SearchView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Search the service network",
        description=(
            "Chinese-aware search (words, pinyin, initials, English names) over service points, "
            "organisations, projects and stories. Titles, URLs and division names follow `lang` "
            "(`zh-hans` or `en`); without it, the request's Accept-Language. With `near`, each "
            "result carries `distance_m` and ties are broken by distance (results without text "
            "are sorted by distance). Facets count all matches, not only this page."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Text: 泰宁, taining, tnx…"),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                description="Comma-separated: " + ", ".join(DOCUMENT_TYPES),
            ),
            OpenApiParameter("level", OpenApiTypes.STR, enum=ServiceLevel.values),
            OpenApiParameter("division", OpenApiTypes.STR, description="Division code prefix"),
            OpenApiParameter("category", OpenApiTypes.STR, enum=ProjectCategory.values),
            OpenApiParameter("near", OpenApiTypes.STR, description="lat,lon (WGS-84)"),
            OpenApiParameter("radius_km", OpenApiTypes.NUMBER, description="With near"),
            OpenApiParameter("bbox", OpenApiTypes.STR, description="west,south,east,north"),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1–100, default 20"),
            OpenApiParameter("lang", OpenApiTypes.STR, enum=list(LANGUAGES)),
        ],
        responses={200: _RESPONSE, 400: BAD_PARAMETER},
    )
    def get(self, request):
        reject_nul(request.query_params)
        params = SearchParameters(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        # /api/ is outside i18n_patterns, so the middleware's language is always the default:
        # read Accept-Language (and the language cookie) here when `lang` is not given.
        language = data.get("lang") or translation.get_language_from_request(request)
        english = language.startswith("en")
        query = SearchQuery(
            text=data["q"].strip(),
            types=data["type"] if isinstance(data["type"], tuple) else (),
            level=data.get("level"),
            division=data.get("division"),
            category=data.get("category"),
            near=data.get("near"),
            radius_km=data.get("radius_km"),
            bbox=data.get("bbox"),
            page=data["page"],
            page_size=data["page_size"],
            language="en" if english else "zh-hans",
        )
        result = service.search(query)
        approximate = approximate_points(result.hits)
        return Response(
            {
                "count": result.count,
                "page": query.page,
                "page_size": query.page_size,
                "results": [_result(hit, english, approximate) for hit in result.hits],
                "facets": result.facets,
                "backend": result.backend,
                "degraded": result.degraded,
            }
        )
