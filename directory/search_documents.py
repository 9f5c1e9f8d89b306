"""Directory records as search documents: public fields only, hidden records never.

Coordinates of service points come from ``ServicePoint.public_location()`` (the township rule);
organisations carry no location, projects that of their first public station.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.db.models import Prefetch
from django.utils import translation

from directory.models import (
    Division,
    Organization,
    OrganizationKind,
    Project,
    ProjectCategory,
    ServiceLevel,
    ServicePoint,
)
from search import text
from search.contract import ORGANIZATION, PROJECT, SERVICE_POINT, SearchDocument
from search.registry import DocumentSource, register

BATCH = 2000


@lru_cache(maxsize=64)
def _label(choices_name: str, value: str, language: str) -> str:
    choices = {"level": ServiceLevel, "category": ProjectCategory, "kind": OrganizationKind}
    with translation.override(language):
        return str(choices[choices_name](value).label) if value else ""


def _labels(choices_name: str, values: Iterable[str]) -> tuple[str, str]:
    values = [v for v in values if v]
    return (
        " ".join(_label(choices_name, v, "zh-hans") for v in values),
        " ".join(_label(choices_name, v, "en") for v in values),
    )


def city_code(code: str | None) -> str | None:
    """The 6-digit code of the city a division belongs to (3504 + 00)."""
    return f"{code[:4]}00" if code and len(code) >= 6 else None


def _batched(queryset, pks) -> Iterator:
    if pks is not None:
        pks = list(pks)
        for start in range(0, len(pks), BATCH):
            yield from queryset.filter(pk__in=pks[start : start + BATCH])
        return
    yield from queryset.iterator(chunk_size=BATCH)


class _Chains:
    """Names of a division and its ancestors (zh, en), computed once per division: the text of
    the place is the same for every record there, so it is prepared once (and cached by text)."""

    def __init__(self) -> None:
        self._divisions = {
            d["pk"]: d for d in Division.objects.values("pk", "name", "name_en", "parent_id")
        }
        self._cache: dict[int, tuple[str, str]] = {}

    def __call__(self, division_id: int | None) -> tuple[str, str]:
        if division_id is None:
            return "", ""
        if division_id not in self._cache:
            names, names_en = [], []
            current = self._divisions.get(division_id)
            while current:
                names.append(current["name"])
                names_en.append(current["name_en"])
                current = self._divisions.get(current["parent_id"])
            chain = "".join(reversed(names))
            text.register_prefix(chain)
            self._cache[division_id] = (chain, ", ".join(n for n in names_en if n))
        return self._cache[division_id]


def _learn_places(queryset) -> None:
    # Divisions made after the shipped file (tests, imports) must be cut as one word too.
    text.add_place_names(queryset.values_list("name", flat=True).distinct())


def service_point_documents(pks=None) -> Iterator[SearchDocument]:
    points = (
        ServicePoint.objects.public()
        .select_related("division")
        .prefetch_related("categories")
        .order_by("pk")
    )
    if pks is not None:
        _learn_places(Division.objects.filter(service_points__pk__in=list(pks)))
    chains = _Chains()
    for point in _batched(points, pks):
        lat, lon = point.public_location()
        chain_zh, chain_en = chains(point.division_id)
        categories = tuple(sorted(c.code for c in point.categories.all()))
        division = point.division
        yield SearchDocument(
            type=SERVICE_POINT,
            id=str(point.pk),
            title=point.name,
            title_en=point.name_en,
            # Level and category labels are facets, not text (a label such as 关爱网络建设工程 in
            # every record made 建设 match everything); level words in a query become the level
            # filter (search/data/level_words.csv).
            body=" ".join(v for v in (point.address, chain_zh) if v),
            body_en=chain_en,
            url=f"/directory/points/{point.pk}/",
            level=point.level,
            division_code=division.code,
            division_name=division.name,
            division_name_en=division.name_en,
            city_code=city_code(division.code),
            categories=categories,
            lat=lat,
            lon=lon,
            is_demo=point.is_demo,
            updated_at=point.updated_at,
        )


def organization_documents(pks=None) -> Iterator[SearchDocument]:
    organisations = (
        Organization.objects.public()
        .prefetch_related(
            "service_area",
            Prefetch(
                "projects",
                queryset=Project.objects.public().only("id", "category", "organization_id"),
            ),
        )
        .order_by("pk")
    )
    chains = _Chains()
    for org in _batched(organisations, pks):
        areas = list(org.service_area.all())
        area = areas[0] if len(areas) == 1 else None
        categories = tuple(sorted({p.category for p in org.projects.all()}))
        kind_zh, kind_en = _labels("kind", [org.kind])
        yield SearchDocument(
            type=ORGANIZATION,
            id=str(org.pk),
            title=org.name,
            title_en=org.name_en,
            body=" ".join(
                v for v in (org.description, kind_zh, *(chains(a.pk)[0] for a in areas)) if v
            ),
            body_en=" ".join(v for v in (kind_en, *(chains(a.pk)[1] for a in areas)) if v),
            url=f"/directory/organizations/{org.pk}/",
            division_code=area.code if area else None,
            division_name=area.name if area else "",
            division_name_en=area.name_en if area else "",
            city_code=city_code(area.code) if area else None,
            categories=categories,
            is_demo=org.is_demo,
            updated_at=org.updated_at,
        )


def project_documents(pks=None) -> Iterator[SearchDocument]:
    projects = (
        Project.objects.public()
        .select_related("organization")
        .prefetch_related("divisions", "service_points__division")
        .order_by("pk")
    )
    chains = _Chains()
    for project in _batched(projects, pks):
        points = [p for p in project.service_points.all() if p.is_public]
        divisions = list(project.divisions.all()) or [p.division for p in points]
        division = divisions[0] if divisions else None
        lat, lon = points[0].public_location() if points else (None, None)
        yield SearchDocument(
            type=PROJECT,
            id=str(project.pk),
            title=project.title,
            title_en=project.title_en,
            body=" ".join(
                v
                for v in (project.summary, project.organization.name)
                + tuple(chains(d.pk)[0] for d in divisions)
                if v
            ),
            body_en=" ".join(
                v
                for v in (project.organization.name_en,) + tuple(chains(d.pk)[1] for d in divisions)
                if v
            ),
            url=f"/directory/projects/{project.pk}/",
            division_code=division.code if division else None,
            division_name=division.name if division else "",
            division_name_en=division.name_en if division else "",
            city_code=city_code(division.code) if division else None,
            categories=(project.category,),
            lat=lat,
            lon=lon,
            is_demo=project.is_demo,
            updated_at=project.updated_at,
        )


def _organization_dependents(org: Organization):
    return [(PROJECT, list(org.projects.values_list("pk", flat=True)))]


def _point_dependents(point: ServicePoint):
    return [(PROJECT, list(point.projects.values_list("pk", flat=True)))]


def register_directory_sources() -> None:
    register(
        DocumentSource(SERVICE_POINT, ServicePoint, service_point_documents, _point_dependents)
    )
    register(
        DocumentSource(ORGANIZATION, Organization, organization_documents, _organization_dependents)
    )
    register(DocumentSource(PROJECT, Project, project_documents))
