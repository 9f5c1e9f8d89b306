"""English names for divisions, derived from the Chinese name with pypinyin, corrected by the
reviewed table of place readings (``data/place_readings.csv``: 马尾 is Mawei, not "Mayi")."""

import csv
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

PLACE_READINGS_FILE = Path(__file__).with_name("data") / "place_readings.csv"

# Longest suffix first: 街道 must win over a lone character.
_LEVEL_WORDS = [
    ("街道", "Subdistrict"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("镇", "Town"),
    ("乡", "Township"),
]


def english_name(chinese_name: str) -> str:
    """``泰宁县`` → ``Taining County``; ``沙县区`` → ``Shaxian District``."""
    for suffix, word in _LEVEL_WORDS:
        stem = chinese_name.removesuffix(suffix)
        if stem != chinese_name and stem:
            return f"{_pinyin(stem)} {word}"
    return _pinyin(chinese_name)


@lru_cache(maxsize=1)
def place_readings() -> dict[str, str]:
    """Reviewed readings of place names pypinyin gets wrong: {name (without its level word):
    toneless pinyin}. The search reads them too (index and query)."""
    with PLACE_READINGS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["pinyin"] for row in csv.DictReader(handle)}


def place_pinyin(text: str) -> str:
    """Toneless pinyin of a place name, the reviewed reading of each part the table knows."""
    table = place_readings()
    out, i = [], 0
    while i < len(text):
        for length in (4, 3, 2):
            part = text[i : i + length]
            if len(part) == length and part in table:
                out.append(table[part])
                i += length
                break
        else:
            # The rest up to the next known part, read by pypinyin as a phrase.
            j = i + 1
            while j < len(text) and not any(text[j : j + n] in table for n in (2, 3, 4)):
                j += 1
            out.append("".join(lazy_pinyin(text[i:j], style=Style.NORMAL)).replace("ü", "v"))
            i = j
    return "".join(out)


def _pinyin(text: str) -> str:
    return place_pinyin(text).capitalize()
