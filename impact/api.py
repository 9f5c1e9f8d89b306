"""/api/v1/stats/impact/: the scrubbed statistics as JSON (DESIGN.md §6)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from opendata.conditional import Stamp, not_modified, request_key, set_validators

from . import services
from .privacy import PUBLISHED_MEASURES

LEVELS = ("province", "city", "city_proper", "county")


class ImpactParameters(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVELS, required=False, default="")
    period = serializers.RegexField(r"^\d{4}(Q[1-4])?$", required=False, default="")
    region = serializers.RegexField(r"^\d{6}$", required=False, default="")


_VALUE = serializers.JSONField(
    help_text="A number (rounded), '<10' below the threshold, 'x' withheld, or null."
)
_RESPONSE = inline_serializer(
    "ImpactStatistics",
    {
        "snapshot": inline_serializer(
            "ImpactSnapshotInfo",
            {
                "taken_at": serializers.DateTimeField(),
                "through_quarter": serializers.CharField(),
            },
            allow_null=True,
        ),
        # Null until the first snapshot: the rules belong to a snapshot, not to the settings.
        "threshold": serializers.IntegerField(allow_null=True),
        "rounding": serializers.IntegerField(allow_null=True),
        "periods": serializers.ListField(child=serializers.CharField()),
        "measures": serializers.ListField(child=serializers.CharField()),
        "count": serializers.IntegerField(),
        "results": inline_serializer(
            "ImpactRow",
            {
                "region": inline_serializer(
                    "ImpactRegion",
                    {
                        "code": serializers.CharField(),
                        "name": serializers.CharField(),
                        "name_en": serializers.CharField(),
                        "level": serializers.ChoiceField(choices=LEVELS),
                        "parent": serializers.CharField(allow_null=True),
                    },
                ),
                "period": serializers.CharField(),
                "values": inline_serializer(
                    "ImpactValues", dict.fromkeys(PUBLISHED_MEASURES, _VALUE)
                ),
            },
            many=True,
        ),
    },
)


class ImpactStatsView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Privacy-scrubbed impact statistics",
        description=(
            "Per province, city, city level and county, per quarter (and per year for talks and "
            "home visits): approved volunteers by role, active pairings, the share meeting the "
            "cadence, talks, home visits, organisations, projects and service points by level. "
            "Counts below the threshold read '<10', figures withheld so that a small one cannot "
            "be worked out read 'x', the others are rounded; computed from the latest snapshot "
            "of closed quarters, which never change."
        ),
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, enum=list(LEVELS)),
            OpenApiParameter("period", OpenApiTypes.STR, description="2026Q3, or a year: 2026"),
            OpenApiParameter("region", OpenApiTypes.STR, description="6-digit division code"),
        ],
        responses={200: _RESPONSE, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = ImpactParameters(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        current = services.published()
        # The published snapshot fixes the answer to a query: its id and date are the validators.
        stamp = Stamp(
            0,
            current.snapshot.taken_at if current.snapshot else None,
            str(current.snapshot.pk) if current.snapshot else "none",
        )
        key = request_key(request)
        if (cached := not_modified(request, stamp, key)) is not None:
            cached["Access-Control-Allow-Origin"] = "*"
            return cached
        table = current.table
        rows = []
        if table is not None:
            rows = [
                {
                    "region": {
                        "code": r.region.code,
                        "name": r.region.name,
                        "name_en": r.region.name_en,
                        "level": r.region.level,
                        "parent": r.region.parent,
                    },
                    "period": r.period,
                    "values": r.values,
                }
                for r in table.rows
                if (not data["level"] or r.region.level == data["level"])
                and (not data["period"] or r.period == data["period"])
                and (not data["region"] or r.region.code == data["region"])
            ]
        response = Response(
            {
                "snapshot": {
                    "taken_at": current.snapshot.taken_at,
                    "through_quarter": current.snapshot.through_quarter,
                }
                if current.snapshot
                else None,
                "threshold": table.threshold if table else None,
                "rounding": table.rounding if table else None,
                "periods": table.periods if table else [],
                "measures": list(PUBLISHED_MEASURES),
                "count": len(rows),
                "results": rows,
            }
        )
        response["Access-Control-Allow-Origin"] = "*"
        return set_validators(response, stamp, key)
