"""How search candidates are ordered: one ranking for every backend.

A backend *retrieves* candidates (the database backend in SQL, the engine backend with its
query and filters) and this module *ranks* them, so that both backends answer a query in the same
order whatever their scoring (bm25 in SQLite, ts_rank in PostgreSQL, Lucene's BM25 or a stand-in
in tests): exact name first, then the query naming the record's own place, how the query's
groups match the title and the address (place words and service words weigh differently; typed
words beat sound-only matches), then distance (with ``near``), network level, division code.

Only a window of candidates is ranked (``CANDIDATES`` per retrieval): a page beyond the ranked
window is empty, while the count and the facets still cover every match.
"""

from __future__ import annotations

from functools import lru_cache

from geopy.distance import geodesic, great_circle

from search import text
from search.contract import SearchDocument, SearchQuery

CANDIDATES = 200  # rows fetched per retrieval; everything above is counted, not ranked
DEMO_MARKS = ("（演示）", " (demo)")


def index_tokens(document: SearchDocument) -> tuple[str, str]:
    """The (title, body) tokens of a document, space-separated: what ``rank`` matches against.

    Both backends store them at index time: the database backend also searches them, the engine
    backend only reads them back to rank its candidates.
    """
    place = (document.division_name, document.division_name_en)
    return (
        " ".join(text.tokens(document.title, document.title_en)),
        # Initials only for names: in running text they would match nearly everything.
        " ".join(text.tokens(document.body, document.body_en, *place, initials=False)),
    )


def distance_m(row: dict, query: SearchQuery) -> float | None:
    """Metres from the query's ``near`` point to the row's location (geodesic), if both exist."""
    if not query.near or row["lat"] is None or row["lon"] is None:
        return None
    return geodesic(query.near, (row["lat"], row["lon"])).meters


# Great-circle distance on a sphere is within this fraction of the geodesic on the ellipsoid.
SPHERICAL_ERROR = 0.006


def rough_distance_m(row: dict, query: SearchQuery) -> float | None:
    """Metres on a sphere (great circle): for ordering candidates. Fifteen times cheaper than
    the geodesic (which took 87 ms for the 400 candidates of a near-me query); what is shown
    and the radius are the geodesic's (``distance_m``, ``within_radius``)."""
    if not query.near or row["lat"] is None or row["lon"] is None:
        return None
    return great_circle(query.near, (row["lat"], row["lon"])).meters


def within_radius(row: dict, rough: float | None, query: SearchQuery) -> bool:
    """Whether the row lies within ``query.radius_km`` by geodesic distance, given its
    ``rough_distance_m`` (the geodesic is computed only near the edge)."""
    if rough is None:
        return False
    limit = query.radius_km * 1000
    if rough <= limit * (1 - SPHERICAL_ERROR):
        return True
    if rough > limit * (1 + SPHERICAL_ERROR):
        return False
    return distance_m(row, query) <= limit


def rank(rows: list[dict], groups, query: SearchQuery) -> list[tuple[dict, float | None, float]]:
    """Order candidates: (row, rough distance in metres or None, score), best first.

    A row is a dict with ``title``, ``title_en``, ``title_tokens``, ``body_tokens`` (from
    ``index_tokens``), ``division_name``, ``division_name_en``, ``lat``, ``lon``, ``level_rank``,
    ``division_code``, ``doc_type`` and ``id`` (any value that orders the backend's rows stably).
    ``groups`` are ``text.query_groups(query.text)``.
    """
    whole = text.normalise(query.text)
    english = query.language.startswith("en")
    found = text.places_apart(groups)
    apart = found is not None
    if found:
        # A place that only says where one of the others is (福州 of 福州市马尾区 泰宁县) is not
        # scored: Mawei's records would all rank above Taining's for naming two places.
        groups = [g for g in groups if g not in found[1]]
    place_groups = [(group, text.is_place_word(group)) for group in groups]
    whole_counties = text.county_names_for_initials(whole)
    places_named = [group for group, is_place in place_groups if is_place]
    several_places = len(places_named) > 1
    in_places: dict[int, tuple[int, ...]] = {}  # id(row) -> the named places it is in
    ranked = []
    for row in rows:
        # Padded strings: " token " in text is a fast C search, cheaper than building sets.
        title_tokens = TokenSet(row["title_tokens"])
        body_tokens = TokenSet(row["body_tokens"])
        score = 0.0
        names = {
            text.normalise(_strip_demo(row["title"])),
            text.normalise(_strip_demo(row["title_en"])),
        }
        if whole in names:
            score += 1000  # exactly the name of this record
        places = _place_names(row["division_name"], row["division_name_en"])
        if whole in places:
            score += 200  # the query is exactly this record's own place
        elif whole_counties and whole_counties & body_tokens:
            score += 200  # the query is the initials of the city or county it is in
        # The places the record is in (its township, county, city): a place named in the query
        # ranks that place's records above a village or street elsewhere called the same
        # (东山: 东山县's homes before a 东山村 in Taining).
        inside = places | _enclosing_place_names(row["division_code"])

        for group, is_place in place_groups:
            score += _group_score(group, is_place, title_tokens, body_tokens, inside)
        if several_places:
            in_places[id(row)] = tuple(
                i
                for i, group in enumerate(places_named)
                if group.alternatives & title_tokens or group.alternatives & body_tokens
            )
        if english and row["title_en"]:
            score += 0.5  # a tie-break only: records with an English name first on /en/
        ranked.append((row, rough_distance_m(row, query), score))
    ranked.sort(
        key=lambda r: (
            -r[2],
            r[1] if r[1] is not None else 0.0,
            r[0]["level_rank"],
            r[0]["division_code"] or "",
            r[0]["doc_type"],
            r[0]["id"],
        )
    )
    everywhere = tuple(range(len(places_named)))
    if several_places and (apart or not any(p == everywhere for p in in_places.values())):
        # Places apart (泰宁 马尾, 思明 湖里: the search took any of them): take turns by place,
        # the first named first (a record in both scores above either's).
        ranked = _take_turns(ranked, lambda row: in_places[id(row)])
    elif (
        len(set(whole_counties).union(*(text.county_names_for_initials(g.primary) for g in groups)))
        > 1
    ):
        # Initials that name several counties (lj: 连江 or 洛江; lc: 荔城, 鲤城 or 连城), in the
        # order their records first come.
        def county(row: dict) -> str:
            return (row["division_code"] or "")[:6]

        first_seen: dict[str, int] = {}
        for row, _, _ in ranked:
            first_seen.setdefault(county(row), len(first_seen))
        ranked = _take_turns(ranked, lambda row: first_seen[county(row)])
    return ranked


def _take_turns(ranked: list, side) -> list:
    """Several guesses at what the person meant: records that score the same take turns by
    ``side`` (the place or county a record is in, as a value that orders the sides: the places
    in the order they were named), so the first few show every place the query may mean
    instead of all of the first one's."""
    turns: dict[tuple, int] = {}
    keyed = []
    for position, item in enumerate(ranked):
        key = side(item[0])
        turn = turns.get((item[2], key), 0)
        turns[(item[2], key)] = turn + 1
        keyed.append(((-item[2], turn, key, position), item))
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]


def _strip_demo(title: str) -> str:
    for mark in DEMO_MARKS:
        title = title.replace(mark, "")
    return title


class TokenSet:
    """A space-separated token string that answers ``in`` and ``&`` like a set."""

    __slots__ = ("padded",)

    def __init__(self, tokens: str) -> None:
        self.padded = f" {tokens} "

    def __contains__(self, token: str) -> bool:
        return f" {token} " in self.padded

    def __rand__(self, alternatives) -> bool:
        return any(f" {t} " in self.padded for t in alternatives)


def _group_score(group, is_place: bool, title_tokens, body_tokens, places: frozenset) -> float:
    """How well one query group matches a document.

    A place word counts as much in the address (the document is *in* that place) as in the
    title; a service word counts most in the title (it says what the document *is*). Matching as
    typed beats matching only by sound (a same-sound place elsewhere).
    """
    typed = group.primary
    in_title = bool(group.alternatives & title_tokens)
    in_body = bool(group.alternatives & body_tokens)
    if not (in_title or in_body):
        return 0.0
    exact = typed in title_tokens or typed in body_tokens
    if is_place:
        score = 10.0 if exact else 6.0
        if exact and group.alternatives & places:
            score += 5  # it names the document's division or one it lies in
        counties = text.county_names_for_initials(typed)
        if counties and counties & body_tokens:
            score += 6  # initials of a city or county the document is in (cl: 长乐区)
        return score
    if in_title:
        return 15.0 if typed in title_tokens else 11.0
    return 4.0 if typed in body_tokens else 3.0


@lru_cache(maxsize=20_000)
def _enclosing_place_names(code: str | None) -> frozenset[str]:
    """Every way of naming the divisions a division code lies in (``_place_names``)."""
    return frozenset().union(*(_place_names(n, "") for n in text.enclosing_division_names(code)))


@lru_cache(maxsize=20_000)
def _place_names(name: str, name_en: str) -> frozenset[str]:
    """Every way a person may name a division: 泰宁县, 泰宁, taining(xian), tnx, Taining County."""
    if not name:
        return frozenset()
    names = {name, text.place_stem(name)}
    for value in list(names):
        full, initials = text.readings(value)
        names.update(full)
        names.update(initials)
    if name_en:
        names.add(text.normalise(name_en))
        names.add(text.normalise(name_en.rsplit(" ", 1)[0]))
    names.discard("")
    return frozenset(names)
