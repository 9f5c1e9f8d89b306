"""The search contract: what every backend indexes, what it is asked and what it answers.

Two backends implement ``SearchBackend`` (``search.backends.database`` and
``search.backends.engine``) and pass the same contract test suite (tests/search/). Views and other
apps talk only to ``search.service`` functions, never to a backend directly.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

# Document types, as they appear in the public API's `type` field.
SERVICE_POINT = "service_point"
ORGANIZATION = "organization"
PROJECT = "project"
STORY = "story"
DOCUMENT_TYPES = (SERVICE_POINT, ORGANIZATION, PROJECT, STORY)

FACETS = ("type", "level", "city", "category")


@dataclass(frozen=True)
class SearchDocument:
    """One searchable thing, as public as it will ever be: built only from public fields.

    ``lat``/``lon`` are the public location (``ServicePoint.public_location()``), never a
    township-precision point's real one. Hidden records never become documents.
    """

    type: str
    id: str  # the record's primary key, as text; (type, id) is unique
    title: str  # Chinese title
    title_en: str = ""
    body: str = ""  # further text to match: address, services, summary (Chinese)
    body_en: str = ""
    url: str = ""  # path on the Chinese site; the English one is "/en" + url
    level: str | None = None  # service-network level, for service points
    division_code: str | None = None  # most specific division (6 or 9 digits)
    division_name: str = ""
    division_name_en: str = ""
    city_code: str | None = None  # 6-digit city code, for the city facet
    categories: tuple[str, ...] = ()  # ProjectCategory codes
    lat: float | None = None
    lon: float | None = None
    is_demo: bool = False
    updated_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass(frozen=True)
class SearchQuery:
    """A validated query (views validate input with a serializer before building one)."""

    text: str = ""
    types: tuple[str, ...] = ()  # empty: all types
    level: str | None = None
    division: str | None = None  # division code prefix, e.g. "3504" for all of Sanming
    category: str | None = None
    near: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float | None = None  # with near: only hits within this distance
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north)
    page: int = 1
    page_size: int = 20
    language: str = "zh-hans"  # the language of the page asking: ranks and snippets follow it


@dataclass(frozen=True)
class SearchHit:
    document: SearchDocument
    score: float = 0.0
    distance_m: float | None = None  # set when the query has `near`
    snippet: str = ""


@dataclass
class SearchResult:
    count: int
    hits: list[SearchHit]
    # facet name -> {value: count}, computed over all matches (not only this page)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    backend: str = ""
    # True when the configured engine failed and the database backend answered instead.
    degraded: bool = False


@dataclass(frozen=True)
class MatchedPoint:
    """One document a search matches, with its position (None when it has none): what the map
    clusters (``search.service.matching_points``)."""

    doc_type: str
    doc_id: str
    lat: float | None
    lon: float | None
    level: str | None
    division_code: str | None


@dataclass(frozen=True)
class ClusterQuery:
    bbox: tuple[float, float, float, float]  # (west, south, east, north)
    zoom: int
    level: str | None = None
    category: str | None = None
    types: tuple[str, ...] = (SERVICE_POINT,)


@dataclass(frozen=True)
class Cluster:
    """A map feature: several points (count > 1) or one point (count == 1, with its id/level)."""

    lat: float
    lon: float
    count: int
    type: str | None = None
    id: str | None = None
    level: str | None = None
    # A bounding box of the members, so a click can zoom to them.
    bounds: tuple[float, float, float, float] | None = None


class BackendUnavailable(Exception):
    """The backend cannot answer now (down, timing out); callers fall back to the database."""


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents; return how many were written."""

    @abstractmethod
    def remove(self, doc_type: str, ids: Iterable[str]) -> int:
        """Remove documents by type and id; unknown ids are ignored."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult: ...

    @abstractmethod
    def clusters(self, query: ClusterQuery) -> list[Cluster]: ...

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index with these documents (atomically where the backend can)."""

    @abstractmethod
    def health(self) -> dict:
        """{"backend": name, "status": "ok" | "error", ...}; never raises."""
