"""Offline place search over our own division names, for the admin map's address box.

No geocoding service is called: an address such as "三明市泰宁县杉城镇胜利街" is resolved to the
deepest division whose name it contains, which is as precise as our open data allows and works
without the internet (in tests, and behind government networks).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Division, Level

# Administrative suffixes, longest first, so "泰宁" finds 泰宁县 and "杉城" finds 杉城镇.
_SUFFIXES = ("街道", "市", "县", "区", "镇", "乡")
_DEPTH = {Level.CITY: 1, Level.COUNTY: 2, Level.TOWNSHIP: 3, Level.VILLAGE: 4}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    path: str
    level: str
    latitude: float
    longitude: float
    approximate: bool


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        stem = name.removesuffix(suffix)
        if stem != name and len(stem) >= 2:
            return stem
    return name


def find_places(text: str, limit: int = 10) -> list[Place]:
    """Divisions matching ``text``: named in it (a pasted address) or starting with it (typing).

    Best first: more of the division's chain named in the text, then the deeper division.
    """
    text = "".join(text.split())
    if not text:
        return []
    divisions = {
        d.pk: d
        for d in Division.objects.only(
            "code",
            "name",
            "name_en",
            "level",
            "parent_id",
            "latitude",
            "longitude",
            "location_approximate",
        )
    }
    lowered = text.lower()
    scored = []
    for division in divisions.values():
        chain = _chain(division, divisions)
        named = sum(1 for d in chain if _short(d.name) in text)
        typed = division.name.startswith(text) or (
            division.name_en and division.name_en.lower().startswith(lowered)
        )
        if _short(division.name) not in text and not typed:
            continue
        scored.append(((named, _DEPTH.get(division.level, 0), typed), division, chain))
    scored.sort(key=lambda item: (-item[0][0], -item[0][1], item[1].code))
    return [
        Place(
            code=d.code,
            name=d.name,
            path="".join(c.name for c in chain),
            level=d.level,
            latitude=d.latitude,
            longitude=d.longitude,
            approximate=d.location_approximate,
        )
        for _, d, chain in scored[:limit]
    ]


def _chain(division: Division, divisions: dict[int, Division]) -> list[Division]:
    chain = [division]
    while chain[-1].parent_id and chain[-1].parent_id in divisions:
        chain.append(divisions[chain[-1].parent_id])
    return list(reversed(chain))
