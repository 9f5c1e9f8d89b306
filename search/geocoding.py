"""Place names to coordinates, offline, over our own Division gazetteer.

``DivisionGeocoder`` speaks geopy's ``Geocoder`` interface, so the map's "near a place" box can
be pointed at a real online geocoder in production by setting ``MAP_GEOCODER`` to another geopy
class path (e.g. ``geopy.geocoders.Nominatim``) without touching the views.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re

from django.conf import settings
from django.utils.module_loading import import_string
from geopy.exc import GeopyError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from pypinyin import Style, pinyin

from directory.models import Division, Level

logger = logging.getLogger(__name__)

CHINESE_SUFFIXES = ("街道办事处", "街道", "办事处", "市", "县", "区", "镇", "乡")
ENGLISH_WORDS = re.compile(
    r"\b(subdistrict|district|county|city|town|township|prefecture|fujian|province|china)\b"
)
LEVEL_RANK = {Level.CITY: 0, Level.COUNTY: 1, Level.TOWNSHIP: 2, Level.VILLAGE: 3}
MAX_READINGS = 16  # polyphonic names: index at most this many pinyin readings


def normalise(text: str) -> str:
    text = text.strip().lower()
    text = text.removeprefix("福建省").removeprefix("福建")
    text = ENGLISH_WORDS.sub(" ", text)
    return re.sub(r"[\s'’\-_,，.。·]+", "", text)


def stem(name: str) -> str:
    for suffix in CHINESE_SUFFIXES:
        shorter = name.removesuffix(suffix)
        if shorter != name and len(shorter) >= 2:
            return shorter
    return name


@functools.lru_cache(maxsize=8192)
def readings(chinese: str) -> frozenset[str]:
    """Every pinyin spelling of a name (polyphonic characters read every way: 马尾 → mawei)."""
    # Character by character: pypinyin's phrase dictionary would pin one reading of the phrase.
    syllables = [pinyin(char, style=Style.NORMAL, heteronym=True)[0] for char in chinese]
    spellings = set()
    for combination in itertools.islice(itertools.product(*syllables), MAX_READINGS):
        spellings.add("".join(combination).replace("ü", "v"))
    return frozenset(spellings)


class DivisionGeocoder(Geocoder):
    """A geopy geocoder that resolves Chinese, pinyin and English division names offline.

    ``geocode("泰宁")``, ``geocode("taining")`` and ``geocode("Taining County")`` all return the
    seat of 泰宁县. Ties between divisions of the same name go to the higher level (a county over a
    township), then to the lower code.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int | None = None, **kwargs):
        matches = self._matches(query or "")
        if not matches:
            return None
        locations = [self._location(d, chain) for d, chain in matches[: limit or len(matches)]]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, **kwargs):
        raise NotImplementedError("DivisionGeocoder does not reverse-geocode.")

    def _matches(self, query: str) -> list[tuple[Division, list[Division]]]:
        wanted = normalise(query)
        if not wanted:
            return []
        divisions = {d.pk: d for d in Division.objects.all()}
        exact, partial = [], []
        for division in divisions.values():
            name = division.name
            keys = {name, stem(name), normalise(division.name_en)}
            keys |= readings(stem(name))
            if wanted in keys:
                exact.append(division)
            elif len(wanted) >= 2 and (name in query or wanted in name):
                partial.append(division)
        candidates = exact or partial

        def rank(division: Division):
            if exact:
                return (LEVEL_RANK.get(division.level, 9), division.code)
            # A query holding a full name ("三明市泰宁县"): the most specific, longest name wins.
            return (-LEVEL_RANK.get(division.level, 9), -len(division.name), division.code)

        return [(d, self._chain(d, divisions)) for d in sorted(candidates, key=rank)]

    @staticmethod
    def _chain(division: Division, divisions: dict[int, Division]) -> list[Division]:
        chain = [division]
        while chain[-1].parent_id and chain[-1].parent_id in divisions:
            chain.append(divisions[chain[-1].parent_id])
        return list(reversed(chain))

    @staticmethod
    def _location(division: Division, chain: list[Division]) -> Location:
        address = "福建省" + "".join(d.name for d in chain)
        raw = {
            "code": division.code,
            "name": division.name,
            "name_en": division.name_en,
            "level": division.level,
            "approximate": division.location_approximate,
        }
        return Location(address, (division.latitude, division.longitude), raw)


def get_geocoder() -> Geocoder:
    """The geocoder named by the MAP_GEOCODER setting."""
    geocoder_class = import_string(settings.MAP_GEOCODER)
    return geocoder_class(user_agent="fulei-portal")


def geocode_place(query: str) -> Location | None:
    """Resolve a typed place name; None when unknown or when an online geocoder fails."""
    try:
        return get_geocoder().geocode(query)
    except (GeopyError, OSError, ValueError):
        logger.warning("geocoder failed for %r", query, exc_info=True)
        return None
