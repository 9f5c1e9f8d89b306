"""Index rows and documents: how a ``SearchDocument`` is stored in ``SearchEntry`` and read back."""

from __future__ import annotations

from search.contract import SearchDocument
from search.models import SearchEntry
from search.ranking import index_tokens

LEVEL_RANK = {"city": 0, "county": 1, "township": 2, "village": 3}
NO_LEVEL_RANK = 4

COLUMNS = (
    "id, doc_type, doc_id, title, title_en, body, body_en, url, level, level_rank, "
    "division_code, division_name, division_name_en, city_code, categories, lat, lon, is_demo, "
    "updated_at, title_tokens, body_tokens"
)


def to_entry(document: SearchDocument) -> SearchEntry:
    title_tokens, body_tokens = index_tokens(document)
    return SearchEntry(
        doc_type=document.type,
        doc_id=str(document.id),
        title=document.title,
        title_en=document.title_en,
        body=document.body,
        body_en=document.body_en,
        url=document.url,
        level=document.level,
        level_rank=LEVEL_RANK.get(document.level or "", NO_LEVEL_RANK),
        division_code=document.division_code,
        division_name=document.division_name,
        division_name_en=document.division_name_en,
        city_code=document.city_code,
        categories="|" + "|".join(document.categories) + "|" if document.categories else "",
        lat=document.lat,
        lon=document.lon,
        is_demo=document.is_demo,
        updated_at=document.updated_at,
        title_tokens=title_tokens,
        body_tokens=body_tokens,
    )


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
