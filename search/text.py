"""Text preparation shared by the search backends: segmentation and pinyin.

MINIMAL VERSION written on branch issue-4b so the engine backend can be tested on its own; the
database backend's branch (issue-4a) owns this module and its version is kept at merge. The engine
backend calls only ``segment``, ``pinyin_terms``, ``initial_terms`` and ``latin_words`` (see
``search.engine_documents``), so only those names need to line up.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

# A word with many polyphonic characters would multiply out; people rarely need more readings.
MAX_READINGS_PER_WORD = 8

_HAN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # jieba prints its dictionary loading at INFO level
    return jieba


def han_runs(text: str) -> list[str]:
    """The runs of Chinese characters in ``text``."""
    return _HAN.findall(text or "")


def segment(text: str) -> list[str]:
    """Chinese words of ``text`` (jieba), without punctuation or Latin words."""
    words: list[str] = []
    for run in han_runs(text):
        words.extend(_jieba().lcut(run))
    return words


@lru_cache(maxsize=8192)
def _char_readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    # Character by character, not by phrase: the phrase dictionary keeps one reading (马尾 → mayi)
    # while people say and type mawei.
    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0] or ())


def _word_readings(word: str, initials: bool) -> list[str]:
    choices = [_char_readings(char) or ("",) for char in word]
    readings: list[str] = []
    for combo in itertools.islice(itertools.product(*choices), MAX_READINGS_PER_WORD):
        readings.append("".join(syllable[:1] if initials else syllable for syllable in combo))
    return list(dict.fromkeys(r for r in readings if r))


def pinyin_terms(text: str) -> list[str]:
    """Full pinyin of every word of ``text``, every reading of polyphonic characters."""
    terms: list[str] = []
    for word in segment(text):
        terms.extend(_word_readings(word, initials=False))
    return list(dict.fromkeys(terms))


def initial_terms(text: str) -> list[str]:
    """Pinyin initials of every word, and of the whole name (泰宁县 → tnx), every reading."""
    terms: list[str] = []
    words = segment(text)
    for word in words:
        terms.extend(_word_readings(word, initials=True))
    terms.extend(_word_readings("".join(han_runs(text)), initials=True))
    return list(dict.fromkeys(terms))


def latin_words(text: str) -> list[str]:
    """Lower-case Latin words and numbers of ``text`` (pinyin or English typed by a person)."""
    return _LATIN_WORD.findall((text or "").lower())
