"""Query analysis: how what a person typed becomes what both backends look for.

One analysis, in Python, used by both backends (the engine receives the same prepared tokens,
so it needs no server-side plugin) and at both ends (``fold`` also prepares indexed text):

1. ``fold``: NFKC (full-width ``ＰＩＮＧＨＥ`` → ``pinghe``), traditional → simplified Chinese
   with OpenCC (``泰寧縣兒童之家`` → ``泰宁县儿童之家``), lower case, pinyin tone marks and tone
   numbers folded (``zhōu``, ``qing1liu2``), apostrophes dropped (``children's`` →
   ``childrens``). At query time Chinese characters typed with spaces or punctuation between them
   are joined again (``泰 宁``).
2. Words that only make a question of it are removed: question words, polite fillers and the
   province prefix, from the reviewed list ``search/data/query_words.csv``.
3. Level words (``search/data/level_words.csv``, Chinese and English, reviewed by staff) are
   taken out of the text and become the network level the query asks for: 泰宁 儿童之家 is "the
   village-level points of Taining", whatever the station is called there.

Place-name readings are corrected by ``directory/data/place_readings.csv`` (``search.text``
reads it); fuzzy pinyin (one slip per syllable) is matched against the vocabulary of place
names by ``search.fuzzy``.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from search.contract import SearchQuery

DATA = Path(__file__).with_name("data")
QUERY_WORDS_FILE = DATA / "query_words.csv"
LEVEL_WORDS_FILE = DATA / "level_words.csv"

_CJK_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese characters separated only by spaces or punctuation (not by Latin letters or digits).
_SPACED_CJK = re.compile(rf"(?<=[{_CJK_CHAR}])[^{_CJK_CHAR}a-z0-9]+(?=[{_CJK_CHAR}])")
_LATIN_RUN = re.compile(r"[a-z0-9]+")
_TONE_NUMBERED = re.compile(r"[a-z]+[1-5](?:[a-z]+[1-5]?)*")
_APOSTROPHES = re.compile(r"(?<=[a-z])['’`](?=[a-z])")

_lock = threading.Lock()
_converter = None


def _t2s(value: str) -> str:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter.convert(value)


def _strip_marks(value: str) -> str:
    """Tone marks off Latin letters (ü/ǖ… → v, as pypinyin writes it); other text unchanged."""
    if value.isascii():
        return value
    value = re.sub("[üǖǘǚǜ]", "v", value)
    # Chinese characters have no decomposition: only Latin letters lose their marks.
    decomposed = unicodedata.normalize("NFD", value)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _fold_tone_numbers(value: str) -> str:
    """``qing1liu2`` → ``qingliu`` when every numbered piece is pinyin syllables, one or more
    (``changtai4``: a number on the last syllable only), and what follows the last number
    begins one (codes stay)."""

    def fold(match: re.Match) -> str:
        word = match.group(0)
        pieces = [p for p in re.split(r"[1-5]", word) if p]
        numbered = pieces if word[-1].isdigit() else pieces[:-1]
        last_ok = word[-1].isdigit() or _syllable_start(pieces[-1])
        if pieces and last_ok and all(_syllables_only(p) for p in numbered):
            return "".join(pieces)
        return word

    return _TONE_NUMBERED.sub(fold, value)


@lru_cache(maxsize=10_000)
def _syllables_only(piece: str) -> bool:
    """Whether ``piece`` is one or more whole pinyin syllables (changtai: chang + tai)."""
    from search.text import pinyin_syllables

    syllables = pinyin_syllables()
    reachable = [True] + [False] * len(piece)
    for end in range(1, len(piece) + 1):
        reachable[end] = any(
            reachable[start] and piece[start:end] in syllables
            for start in range(max(0, end - 6), end)
        )
    return reachable[-1]


def _syllable_start(piece: str) -> bool:
    from search.text import pinyin_syllables

    return any(s.startswith(piece) for s in pinyin_syllables()) or piece in pinyin_syllables()


@lru_cache(maxsize=100_000)
def fold(value: str) -> str:
    """NFKC, traditional → simplified, lower case, tones and apostrophes folded.

    Applied to indexed text and to queries alike, so both sides compare the same forms.
    """
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value).lower()
    if not value.isascii():
        value = _t2s(_strip_marks(value))
    value = _APOSTROPHES.sub("", value)
    if any(c.isdigit() for c in value):
        value = _fold_tone_numbers(value)
    return value


def fold_query(value: str) -> str:
    """``fold`` plus what only a query needs: characters of a name typed apart are joined."""
    return _SPACED_CJK.sub("", fold(value))


@dataclass(frozen=True)
class QueryWords:
    """The reviewed list of words removed from queries (question words, fillers, province)."""

    phrases: tuple[str, ...]  # Chinese, two characters or more: removed wherever they occur
    singles: frozenset[str]  # Chinese single characters: removed when the segmenter cuts them alone
    latin: frozenset[str]  # English words: removed as whole words


@lru_cache(maxsize=1)
def query_words() -> QueryWords:
    from search.text import pinyin_syllables

    phrases, singles, latin = [], set(), set()
    with QUERY_WORDS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            word = fold(row["word"].strip())
            if not word:
                continue
            if word.isascii():
                # A pinyin syllable is never dropped: it may be part of a spaced name (an = 安).
                if word not in pinyin_syllables():
                    latin.add(word)
            elif len(word) == 1:
                singles.add(word)
            else:
                phrases.append(word)
    return QueryWords(
        tuple(sorted(phrases, key=len, reverse=True)), frozenset(singles), frozenset(latin)
    )


@lru_cache(maxsize=1)
def level_words() -> tuple[tuple[str, str], ...]:
    """(folded word, level) pairs of the reviewed level-word table, longest first."""
    pairs = []
    with LEVEL_WORDS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            word = fold(row["word"].strip())
            if word:
                pairs.append((word, row["level"].strip()))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


@lru_cache(maxsize=1)
def _level_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """The level words as patterns, longest first: English as whole words; Chinese as
    themselves and as their pinyin, typed joined or spaced (ertongzhijia, guan ai zhan: the
    table's Chinese words are what people type in pinyin too, so pinyin is derived, not
    listed)."""
    from pypinyin import Style, lazy_pinyin

    patterns: list[tuple[int, re.Pattern, str]] = []
    for word, level in level_words():
        if word.isascii():
            patterns.append((len(word), _whole_words(re.escape(word)), level))
            continue
        patterns.append((len(word), re.compile(re.escape(word)), level))
        syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")  # ü as v, as typed
        if len(syllables) == len(word):
            spaced = r"\s*".join(re.escape(s) for s in syllables)
            # It may be typed onto the name before it (fuqingertongzhijia) but must end a word.
            patterns.append((len("".join(syllables)), re.compile(rf"{spaced}(?![a-z0-9])"), level))
    patterns.sort(key=lambda p: p[0], reverse=True)
    return tuple((pattern, level) for _, pattern, level in patterns)


def _whole_words(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])")


@dataclass(frozen=True)
class Analysis:
    """What a query asks for: its words (``text``, folded, without question words and level
    words) and the network level its level word names (None without one)."""

    text: str
    level: str | None


def _remove_latin(value: str, words) -> str:
    return _LATIN_RUN.sub(lambda m: " " if m.group(0) in words else m.group(0), value)


@lru_cache(maxsize=20_000)
def analyse(raw: str) -> Analysis:
    """Fold the query, take out the level word and the words that only make it a question."""
    value = fold_query(raw or "")
    level = None
    for pattern, word_level in _level_patterns():
        value, found = pattern.subn(" ", value, count=1)
        if found:
            level = word_level
            break
    words = query_words()
    for phrase in words.phrases:
        if phrase in value:
            value = value.replace(phrase, " ")
    value = _remove_latin(value, words.latin)
    value = " ".join(value.split())
    return Analysis(text=value, level=level)


def removable_single(word: str) -> bool:
    """A single character the segmenter cut alone that only makes a question (的, 吗, 在)."""
    return word in query_words().singles


def attempts(query: SearchQuery) -> list[SearchQuery]:
    """The queries a backend runs, in order, until one finds something.

    With a level word and no level chosen: the words at that level first, then the words alone
    (an organisation called a 服务中心 is still found by its name). A query that was only
    question words and a level word (儿童之家 在哪) lists that level.
    """
    if not query.text.strip():
        return [query]
    analysis = analyse(query.text)
    cleaned = replace(query, text=analysis.text)
    if analysis.level and not query.level:
        return [replace(cleaned, level=analysis.level), cleaned]
    return [cleaned]
