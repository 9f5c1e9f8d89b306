"""Index rows and documents: how a ``SearchDocument`` is stored in ``SearchEntry`` and read back."""

from __future__ import annotations

from search.contract import SearchDocument
from search.models import SearchEntry
from search.ranking import index_tokens

LEVEL_RANK = {"city": 0, "county": 1, "township": 2, "village": 3}
NO_LEVEL_RANK = 4
# Every located row carries the token of the grid cell its position is in (CELL_DEGREES a
# side, ~5.5 km), after its body tokens: a word in most rows within a radius or viewport is then
# the full-text AND of the word and the few cells covering it, which the full-text index answers
# by skipping through the word's list (关爱 within 10 km of Fuzhou at 700k points: 25k of 700k
# matches) instead of listing all of it. Not a word anyone types: "geocell" and two numbers.
CELL_DEGREES = 0.05
CELL_PREFIX = "geocell"
# Cells looked up beyond the area's edges: a row's position may have moved by up to this much
# since its cell was written (the latency bench copies rows and shifts them up to 0.009°).
CELL_MARGIN_DEGREES = 0.01
MAX_CELLS = 256  # an area needing more is read another way


def cell_token(lat: float, lon: float) -> str:
    """The token of the grid cell holding (lat, lon); the migration that added the tokens
    computes the same numbers in SQL (``CAST((lat + 90) / 0.05 AS INTEGER)``)."""
    return f"{CELL_PREFIX}{int((lat + 90) / CELL_DEGREES)}x{int((lon + 180) / CELL_DEGREES)}"


def cells_covering(west: float, south: float, east: float, north: float) -> list[str] | None:
    """The cell tokens of every cell meeting the box (with ``CELL_MARGIN_DEGREES`` around it),
    or None when there are more than ``MAX_CELLS``."""
    west, south = west - CELL_MARGIN_DEGREES, south - CELL_MARGIN_DEGREES
    east, north = east + CELL_MARGIN_DEGREES, north + CELL_MARGIN_DEGREES
    rows = range(int((south + 90) / CELL_DEGREES), int((north + 90) / CELL_DEGREES) + 1)
    columns = range(int((west + 180) / CELL_DEGREES), int((east + 180) / CELL_DEGREES) + 1)
    if len(rows) * len(columns) > MAX_CELLS:
        return None
    return [f"{CELL_PREFIX}{r}x{c}" for r in rows for c in columns]


COLUMNS = (
    "id, doc_type, doc_id, title, title_en, body, body_en, url, level, level_rank, "
    "division_code, division_name, division_name_en, city_code, categories, lat, lon, is_demo, "
    "updated_at, title_tokens, body_tokens"
)


# The columns an entry is written with (all but ``id``), in the order of ``entry_values``.
ENTRY_FIELDS = (
    "doc_type",
    "doc_id",
    "title",
    "title_en",
    "body",
    "body_en",
    "url",
    "level",
    "level_rank",
    "division_code",
    "division_name",
    "division_name_en",
    "city_code",
    "categories",
    "lat",
    "lon",
    "is_demo",
    "updated_at",
    "title_tokens",
    "body_tokens",
)


def entry_values(document: SearchDocument) -> tuple:
    """The values of ``document``'s index row, in ``ENTRY_FIELDS`` order (the text prepared:
    segmentation and pinyin, most of a rebuild's Python time)."""
    title_tokens, body_tokens = index_tokens(document)
    if document.lat is not None and document.lon is not None:
        cell = cell_token(document.lat, document.lon)
        body_tokens = f"{body_tokens} {cell}" if body_tokens else cell
    return (
        document.type,
        str(document.id),
        document.title,
        document.title_en,
        document.body,
        document.body_en,
        document.url,
        document.level,
        LEVEL_RANK.get(document.level or "", NO_LEVEL_RANK),
        document.division_code,
        document.division_name,
        document.division_name_en,
        document.city_code,
        "|" + "|".join(document.categories) + "|" if document.categories else "",
        document.lat,
        document.lon,
        document.is_demo,
        document.updated_at,
        title_tokens,
        body_tokens,
    )


def as_entry(values: tuple) -> SearchEntry:
    return SearchEntry(**dict(zip(ENTRY_FIELDS, values, strict=True)))


def to_document(row: dict) -> SearchDocument:
    categories = tuple(c for c in (row["categories"] or "").split("|") if c)
    return SearchDocument(
        type=row["doc_type"],
        id=row["doc_id"],
        title=row["title"],
        title_en=row["title_en"],
        body=row["body"],
        body_en=row["body_en"],
        url=row["url"],
        level=row["level"],
        division_code=row["division_code"],
        division_name=row["division_name"],
        division_name_en=row["division_name_en"],
        city_code=row["city_code"],
        categories=categories,
        lat=row["lat"],
        lon=row["lon"],
        is_demo=bool(row["is_demo"]),
        updated_at=row["updated_at"],
    )
