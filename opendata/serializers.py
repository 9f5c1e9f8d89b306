"""What the API publishes about each record: public fields only, from the models' PUBLIC_FIELDS
(the lists the downloads use too; a relation is shown here as a nested reference).

No person's phone or e-mail is modelled, and none is published: a service point carries its
station's service phone, an organisation its public contact channel.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.models import Division, Organization, Project, ServicePoint

from .datasets import DIVISION_COLUMNS, ORGANIZATION_COLUMNS
from .queries import public_address


class DivisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["code", "name", "name_en"]


class ServicePointSerializer(serializers.ModelSerializer):
    division = DivisionRefSerializer(read_only=True)
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    location_approximate = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()

    class Meta:
        model = ServicePoint
        fields = [
            "id",
            "name",
            "name_en",
            "level",
            "division",
            "address",
            "latitude",
            "longitude",
            "location_precision",
            "location_approximate",
            "categories",
            "service_phone",
            "is_demo",
            "updated_at",
        ]

    # Coordinates come from public_location(): the township centre for township-precision points.
    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_latitude(self, point: ServicePoint) -> float:
        return point.public_location()[0]

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_longitude(self, point: ServicePoint) -> float:
        return point.public_location()[1]

    # True when latitude/longitude are only a division's seat (placed there, or published at
    # township precision): the same rule as the CSV and GeoJSON downloads and the map.
    @extend_schema_field(OpenApiTypes.BOOL)
    def get_location_approximate(self, point: ServicePoint) -> bool:
        return point.public_location_approximate()

    @extend_schema_field(OpenApiTypes.STR)
    def get_address(self, point: ServicePoint) -> str:
        return public_address(point)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_categories(self, point: ServicePoint) -> list[str]:
        return sorted(c.code for c in point.categories.all())


class NearServicePointSerializer(ServicePointSerializer):
    # Not read-only so that the schema does not list it as required: only `near` lists carry it.
    distance_m = serializers.FloatField(
        required=False, help_text="Geodesic metres from `near` (only when `near` is given)."
    )

    class Meta(ServicePointSerializer.Meta):
        fields = [*ServicePointSerializer.Meta.fields, "distance_m"]


class OrganizationSerializer(serializers.ModelSerializer):
    service_area = DivisionRefSerializer(many=True, read_only=True)
    verified_on = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_COLUMNS)

    def get_verified_on(self, organization: Organization) -> datetime.date | None:
        # Public organisations are always verified; the date says how recently.
        return timezone.localdate(organization.verified_at) if organization.verified_at else None


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "name_en"]


class ProjectSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    divisions = DivisionRefSerializer(many=True, read_only=True)
    service_points = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", *Project.PUBLIC_FIELDS, "is_demo", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_service_points(self, project: Project) -> list[int]:
        # Prefetched with public points only (queries.public_projects): hidden ones never show.
        return [point.id for point in project.service_points.all()]


class DivisionSerializer(serializers.ModelSerializer):
    parent_code = serializers.SerializerMethodField()

    class Meta:
        model = Division
        fields = list(DIVISION_COLUMNS)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent_code(self, division: Division) -> str | None:
        return division.parent.code if division.parent_id else None
