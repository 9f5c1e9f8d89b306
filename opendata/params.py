"""Validation of the API's query parameters: one serializer per endpoint.

A bad value gives a 400 naming the parameter (``apierrors``); nothing here touches the
database except the check that a division prefix exists.
"""

from __future__ import annotations

import re
from datetime import UTC

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from directory.models import (
    Division,
    Level,
    OrganizationKind,
    OrganizationRating,
    ProjectCategory,
    ServiceLevel,
    code_prefix,
)

from . import hsds_api

MAX_RADIUS_KM = 50.0
DEFAULT_RADIUS_KM = 10.0


class ModifiedAfterField(serializers.DateTimeField):
    """An ISO 8601 date-time, on or after which records changed (HSDS's meaning).

    Without an offset the time is UTC, like every timestamp in the downloads; a bare date is
    refused, as the HSDS schema types the parameter as a date-time.
    """

    default_error_messages = {
        "invalid": _(
            "Enter an ISO 8601 date-time, e.g. 2026-01-31T08:00:00Z or "
            "2026-01-31T16:00:00+08:00 (UTC when no offset is given)."
        )
    }

    def to_internal_value(self, value):
        text = value.strip() if isinstance(value, str) else ""
        try:
            # parse_datetime raises ValueError for an impossible date (2026-13-45T00:00).
            moment = parse_datetime(text) if "T" in text or " " in text else None
            if moment is None:
                self.fail("invalid")
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=UTC)
            # Compared in UTC: PostgreSQL refuses offsets past ±15:59 (Python takes up to 24 h),
            # and a moment outside years 1–9999 once in UTC cannot be stored at all.
            return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            self.fail("invalid")


MODIFIED_AFTER_HELP = _(
    "Only records changed on or after this ISO 8601 date-time (UTC unless an offset is given)."
)


def _floats(value: str, count: int, field_message) -> list[float]:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != count:
        raise serializers.ValidationError(field_message)
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise serializers.ValidationError(field_message) from None
    if any(n != n or n in (float("inf"), float("-inf")) for n in numbers):
        raise serializers.ValidationError(field_message)
    return numbers


class DivisionPrefixField(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(
            r"^\d{2,12}$",
            error_messages={
                "invalid": _("Give a division code or its leading digits, e.g. 3504 or 350429.")
            },
            **kwargs,
        )

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        # DRF runs the regex validator after this method: check first, or a 100,000-character
        # value reaches the LIKE below (SQLite refuses such a pattern with an error, a 500).
        if not re.fullmatch(r"[0-9]{2,12}", code):
            self.fail("invalid")
        prefix = code_prefix(code)
        if not Division.objects.filter(code__startswith=prefix).exists():
            raise serializers.ValidationError(
                _("No division code starts with %(code)s.") % {"code": code}
            )
        return prefix


class CommonParams(serializers.Serializer):
    division = DivisionPrefixField(
        required=False,
        help_text=_(
            "Division code prefix: a city (3504 or 350400), county (350429) or township code."
        ),
    )
    modified_after = ModifiedAfterField(required=False, help_text=MODIFIED_AFTER_HELP)


class ServicePointParams(CommonParams):
    level = serializers.ChoiceField(
        choices=ServiceLevel.choices, required=False, help_text=_("Network level.")
    )
    category = serializers.ChoiceField(
        choices=ProjectCategory.choices,
        required=False,
        help_text=_("One of the ten projects the point offers."),
    )
    q = serializers.CharField(
        required=False,
        max_length=100,
        trim_whitespace=True,
        help_text=_("Text the name contains (the search API does full search)."),
    )
    bbox = serializers.CharField(
        required=False,
        help_text=_("Bounding box west,south,east,north in WGS-84 degrees."),
    )
    near = serializers.CharField(
        required=False,
        help_text=_("lat,lon in WGS-84: results within radius_km, nearest first, with distance_m."),
    )
    radius_km = serializers.FloatField(
        required=False,
        min_value=0.01,
        max_value=MAX_RADIUS_KM,
        help_text=_("Radius around near, in kilometres (default 10, at most 50)."),
    )

    def validate_bbox(self, value: str) -> tuple[float, float, float, float]:
        message = _("bbox must be four numbers: west,south,east,north.")
        west, south, east, north = _floats(value, 4, message)
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise serializers.ValidationError(
                _("bbox needs west < east within ±180 and south < north within ±90.")
            )
        return west, south, east, north

    def validate_near(self, value: str) -> tuple[float, float]:
        lat, lon = _floats(value, 2, _("near must be two numbers: lat,lon."))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise serializers.ValidationError(
                _("near needs a latitude within ±90 and a longitude within ±180.")
            )
        return lat, lon

    def validate(self, attrs):
        if "radius_km" in attrs and "near" not in attrs:
            raise serializers.ValidationError({"radius_km": _("radius_km needs near=lat,lon.")})
        if "near" in attrs:
            attrs.setdefault("radius_km", DEFAULT_RADIUS_KM)
        return attrs


class OrganizationParams(CommonParams):
    kind = serializers.ChoiceField(
        choices=OrganizationKind.choices, required=False, help_text=_("Kind of organisation.")
    )
    rating = serializers.ChoiceField(
        choices=[c for c in OrganizationRating.choices if c[0]],
        required=False,
        help_text=_("Evaluation rating, 1A to 5A."),
    )
    category = serializers.ChoiceField(
        choices=ProjectCategory.choices,
        required=False,
        help_text=_("Organisations running a public project in this category."),
    )


class ProjectParams(CommonParams):
    category = serializers.ChoiceField(
        choices=ProjectCategory.choices, required=False, help_text=_("One of the ten projects.")
    )
    organization = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,  # the largest id the databases store
        help_text=_("Id of the organisation running the project."),
    )


class DivisionParams(serializers.Serializer):
    modified_after = ModifiedAfterField(required=False, help_text=MODIFIED_AFTER_HELP)
    level = serializers.ChoiceField(
        choices=[c for c in Level.choices if c[0] != Level.VILLAGE],
        required=False,
        help_text=_("Division level."),
    )
    division = DivisionPrefixField(
        required=False, help_text=_("Code prefix: the division and everything inside it.")
    )


# --- the HSDS 3.0 API (/api/hsds/): the parameter names of HSDS's OpenAPI file ----------------

HSDS_MAX_PER_PAGE = 500


class HsdsListParams(serializers.Serializer):
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=10**9, help_text=_("Page number, from 1.")
    )
    per_page = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=HSDS_MAX_PER_PAGE,
        help_text=_("Records per page (default 50, at most 500)."),
    )
    search = serializers.CharField(
        required=False,
        max_length=100,
        trim_whitespace=True,
        help_text=_("Text the name or description contains."),
    )
    format = serializers.ChoiceField(
        choices=[("json", "json"), ("ndjson", "ndjson")],
        required=False,
        help_text=_(
            "json (default): one page; ndjson: every record, one JSON object per line, "
            "without paging."
        ),
    )


HSDS_ID_PATTERN = r"^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$"


def _hsds_id(message):
    """A field reading an HSDS identifier: a UUID-shaped string."""
    return serializers.RegexField(
        HSDS_ID_PATTERN,
        required=False,
        error_messages={"invalid": message},
    )


class HsdsTaxonomyFilter(serializers.Serializer):
    taxonomy_id = _hsds_id(_("Give the id of one of the taxonomies of /api/hsds/taxonomies."))

    def validate_taxonomy_id(self, value: str) -> str:
        if hsds_api.taxonomy_name(value) is None:
            raise serializers.ValidationError(
                _("No taxonomy has this id: see /api/hsds/taxonomies.")
            )
        return value

    def validate(self, attrs):
        if "taxonomy_id" in attrs:
            attrs["taxonomy_name"] = hsds_api.taxonomy_name(attrs["taxonomy_id"])
        return attrs


class HsdsServiceParams(HsdsTaxonomyFilter, HsdsListParams):
    taxonomy_term_id = _hsds_id(_("Give the id of one of the terms of /api/hsds/taxonomy_terms."))
    organization_id = _hsds_id(_("Give the id of an organisation of /api/hsds/organizations."))
    modified_after = ModifiedAfterField(required=False, help_text=MODIFIED_AFTER_HELP)

    def validate_taxonomy_term_id(self, value: str) -> str:
        if hsds_api.term_code(value) is None:
            raise serializers.ValidationError(
                _("No taxonomy term has this id: see /api/hsds/taxonomy_terms.")
            )
        return value

    def validate_organization_id(self, value: str) -> str:
        if value.lower() != hsds_api.NETWORK_ID and hsds_api.organization_pk(value) is None:
            raise serializers.ValidationError(
                _("No public organisation has this id: see /api/hsds/organizations.")
            )
        return value

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "taxonomy_term_id" in attrs:
            attrs["taxonomy_term_code"] = hsds_api.term_code(attrs["taxonomy_term_id"])
        if "organization_id" in attrs:
            attrs["organization_pk"] = hsds_api.organization_pk(attrs["organization_id"])
        return attrs


class HsdsTermParams(HsdsTaxonomyFilter, HsdsListParams):
    top_only = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Only terms without a parent (both vocabularies are flat: every term)."),
    )
    parent_id = _hsds_id(_("Give the id of a taxonomy term."))

    def validate_parent_id(self, value: str) -> str:
        if hsds_api.term_code(value) is None:
            raise serializers.ValidationError(
                _("No taxonomy term has this id: see /api/hsds/taxonomy_terms.")
            )
        return value
