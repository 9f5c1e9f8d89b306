"""The search engine's index: mapping and analysers written once with the Elasticsearch DSL.

One index (behind one alias) holds every document type; ``doc_type`` is a keyword facet. Chinese
fields use the built-in ``cjk`` analyser (bigrams, no plugin needed on the cluster); pinyin is
prepared in Python by ``search.text`` — the same functions the database backend uses — so both
backends find the same things for "taining", "tnx" or "mawei".
"""

from __future__ import annotations

from datetime import datetime

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

from search import text
from search.contract import SearchDocument
from search.ranking import index_tokens

# Prefix matching on prepared pinyin: "tain" finds "tainingxian" without a wildcard query.
_pinyin_edge = token_filter("pinyin_edge", type="edge_ngram", min_gram=1, max_gram=24)
pinyin_words = analyzer("pinyin_words", tokenizer="whitespace", filter=["lowercase"])
pinyin_prefix = analyzer(
    "pinyin_prefix", tokenizer="whitespace", filter=["lowercase", _pinyin_edge]
)

# Rank order of service levels, for ties and lists without a text query.
LEVEL_RANK = {"city": 0, "county": 1, "township": 2, "village": 3}
NO_LEVEL_RANK = 9


def _pinyin_field() -> Text:
    return Text(
        analyzer=pinyin_words,
        fields={"prefix": Text(analyzer=pinyin_prefix, search_analyzer=pinyin_words)},
    )


class SearchEntry(Document):
    """One ``SearchDocument`` as the engine stores it."""

    doc_type = Keyword()
    doc_id = Keyword()
    key = Keyword()  # "type:id": unique, the tie-breaker that keeps pages stable
    title = Text(analyzer="cjk", fields={"raw": Keyword()})
    title_en = Text(analyzer="standard", fields={"raw": Keyword(normalizer="lowercase")})
    body = Text(analyzer="cjk")
    body_en = Text(analyzer="standard")
    # Pinyin of the title, body and division name; initials of the title (every polyphonic reading).
    pinyin = _pinyin_field()
    pinyin_initials = _pinyin_field()
    url = Keyword(index=False)
    level = Keyword()
    level_rank = Integer()
    division_code = Keyword()
    # Every prefix of the division code (35, 350, 3504, ...): a division filter is one term query.
    division_path = Keyword()
    division_name = Text(analyzer="cjk")
    division_name_en = Text(analyzer="standard")
    city_code = Keyword()
    categories = Keyword()
    location = GeoPoint()
    is_demo = Boolean()
    updated_at = Date()
    # The tokens ``search.ranking`` ranks the candidates by (as the database backend stores them),
    # kept in the source; ``tokens`` holds both, searched with the query's groups
    # (``search.text.query_groups``): both backends retrieve with the same prepared words.
    title_tokens = Keyword(index=False, doc_values=False)
    body_tokens = Keyword(index=False, doc_values=False)
    tokens = Text(analyzer=pinyin_words)


def index_definition(name: str) -> Index:
    """The concrete index ``name`` with the mapping and analysers of ``SearchEntry``."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(SearchEntry)
    return index


def index_body(name: str) -> dict:
    """The create-index request body (settings + mappings), as sent to either client."""
    return index_definition(name).to_dict()


def to_source(document: SearchDocument) -> dict:
    """The engine's ``_source`` for a contract document."""
    # The same text the database backend matches by sound: title, body (the address names the
    # county a station is in) and division name; initials only of the title, as there.
    pinyin_source = " ".join(filter(None, [document.title, document.body, document.division_name]))
    code = document.division_code or ""
    title_tokens, body_tokens = index_tokens(document)
    return {
        "doc_type": document.type,
        "doc_id": document.id,
        "key": document.key,
        "title": document.title,
        "title_en": document.title_en,
        "body": document.body,
        "body_en": document.body_en,
        "pinyin": " ".join(text.pinyin_terms(pinyin_source)),
        "pinyin_initials": " ".join(text.initial_terms(document.title)),
        "url": document.url,
        "level": document.level,
        "level_rank": LEVEL_RANK.get(document.level or "", NO_LEVEL_RANK),
        "division_code": document.division_code,
        "division_path": [code[:n] for n in range(2, len(code) + 1)],
        "division_name": document.division_name,
        "division_name_en": document.division_name_en,
        "city_code": document.city_code,
        "categories": list(document.categories),
        "location": (
            {"lat": document.lat, "lon": document.lon}
            if document.lat is not None and document.lon is not None
            else None
        ),
        "is_demo": document.is_demo,
        "updated_at": document.updated_at.isoformat() if document.updated_at else None,
        "title_tokens": title_tokens,
        "body_tokens": body_tokens,
        "tokens": f"{title_tokens} {body_tokens}",
    }


def from_source(source: dict) -> SearchDocument:
    """The contract document back from a hit's ``_source``."""
    location = source.get("location") or {}
    updated = source.get("updated_at")
    return SearchDocument(
        type=source["doc_type"],
        id=source["doc_id"],
        title=source.get("title") or "",
        title_en=source.get("title_en") or "",
        body=source.get("body") or "",
        body_en=source.get("body_en") or "",
        url=source.get("url") or "",
        level=source.get("level"),
        division_code=source.get("division_code"),
        division_name=source.get("division_name") or "",
        division_name_en=source.get("division_name_en") or "",
        city_code=source.get("city_code"),
        categories=tuple(source.get("categories") or ()),
        lat=location.get("lat"),
        lon=location.get("lon"),
        is_demo=bool(source.get("is_demo")),
        updated_at=datetime.fromisoformat(updated) if updated else None,
    )
