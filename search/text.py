"""Text preparation for the database backend: jieba segmentation plus pinyin, for index and query.

A document's text becomes a list of *tokens* (stored space-separated): the Chinese words jieba
finds (search mode, so 泰宁县 also yields 泰宁), each word's pinyin in every reading of its
polyphonic characters (马尾 → mawei and mayi), the initials of each reading (mw, my) and the
lower-cased English words. A query becomes *groups* of alternative tokens: a document matches a
group when it carries any of them, and the query when it matches every group.

jieba gets a user dictionary of the division names (and their stems without the level word) so
that index and query cut a place name the same way (龙海区 stays one word, not 龙/海区).
"""

from __future__ import annotations

import csv
import itertools
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import jieba
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PINYIN_DICT

from directory.divisions import DEFAULT_DIVISIONS_FILE
from directory.names import place_readings
from search import analysis, fuzzy

jieba.setLogLevel(logging.WARNING)

# Level words stripped to get a place name's stem (泰宁县 → 泰宁): longest first.
LEVEL_SUFFIXES = ("街道", "自治县", "市", "县", "区", "镇", "乡")
# Polyphonic words can multiply readings; more than this many combinations is noise.
MAX_READINGS = 8
MAX_WORD_CHARS = 8  # longer "words" (rare) get only their phrase reading

# Words of the programme's own vocabulary, so that titles and queries are cut the same way.
DOMAIN_WORDS = (
    "儿童之家",
    "儿童关爱服务站",
    "关爱服务站",
    "关爱服务",
    "服务站",
    "未成年人",
    "救助保护",
    "救助保护中心",
    "保护中心",
    "儿童福利院",
    "福利院",
    "福利机构",
    "区域性",
    "心理辅导",
    "心理健康",
    "法律援助",
    "社工机构",
    "社会组织",
    "志愿服务",
    "爱心妈妈",
    "爱心爸爸",
    "结对帮扶",
    "儿童主任",
    "儿童督导员",
    "留守儿童",
    "困境儿童",
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_known_places: set[str] = set()


@lru_cache(maxsize=1)
def _shipped_divisions() -> tuple[dict[str, str], ...]:
    """The rows of the shipped divisions file (code, name, level, ...), read once."""
    with open(DEFAULT_DIVISIONS_FILE, encoding="utf-8-sig", newline="") as handle:
        return tuple(csv.DictReader(handle))


def place_stem(name: str) -> str:
    """泰宁县 → 泰宁; names that are only a level word or have no suffix stay as they are."""
    for suffix in LEVEL_SUFFIXES:
        stem = name.removesuffix(suffix)
        if stem != name and len(stem) >= 2:
            return stem
    return name


def _tokenizer_instance() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for row in _shipped_divisions():
                    _add_place(tokenizer, row["name"])
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word, freq=100_000)
                _tokenizer = tokenizer
    return _tokenizer


def _add_place(tokenizer: jieba.Tokenizer, name: str) -> None:
    if not name or name in _known_places:
        return
    _known_places.add(name)
    # A high frequency makes jieba prefer the whole name over any split of it.
    tokenizer.add_word(name, freq=200_000)
    stem = place_stem(name)
    if stem != name:
        tokenizer.add_word(stem, freq=200_000)


def _is_place_name(word: str) -> bool:
    """A division name or its stem (泰宁县, 泰宁)."""
    return len(word) >= 2 and (
        word in _known_places or any(word + suffix in _known_places for suffix in LEVEL_SUFFIXES)
    )


def add_place_names(names) -> None:
    """Teach the segmenter more place names (divisions not in the shipped file)."""
    tokenizer = _tokenizer_instance()
    new = [n for n in names if n and n not in _known_places]
    if new:
        with _lock:
            for name in new:
                _add_place(tokenizer, name)
            _analyse.cache_clear()
            _tokens_cached.cache_clear()


@lru_cache(maxsize=200_000)
def _analyse(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(precise words, search-mode words) of one CJK run, from a single jieba pass.

    Search mode adds the dictionary's 2- and 3-character words inside longer words (as jieba's
    cut_for_search does) and runs of single characters joined back (泰/宁 → 泰宁, as the query
    side joins them). HMM is off: unknown words come out as single characters on both sides.
    """
    tokenizer = _tokenizer_instance()
    precise = tuple(w for w in tokenizer.cut(run, HMM=False) if w.strip())
    search: dict[str, None] = {}
    freq = tokenizer.FREQ
    for word in precise:
        for n in (2, 3):
            if len(word) > n:
                for i in range(len(word) - n + 1):
                    gram = word[i : i + n]
                    if freq.get(gram):
                        search[gram] = None
        search[word] = None
    for word in _join_single_characters(precise):
        if len(word) > 1:
            search[word] = None
    return precise, tuple(search)


def _segment_cached(run: str, search_mode: bool) -> tuple[str, ...]:
    precise, search = _analyse(run)
    return search if search_mode else precise


def segment(text: str, search_mode: bool = True) -> list[str]:
    """Chinese words of the text (CJK runs only), jieba search mode by default."""
    words: list[str] = []
    for run in _CJK.findall(text):
        words.extend(_segment_cached(run, search_mode))
    return words


@lru_cache(maxsize=20_000)
def _char_readings(char: str) -> tuple[str, ...]:
    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    values = readings[0] if readings else []
    clean = []
    for value in values:
        value = value.replace("ü", "v")
        if value.isascii() and value.isalpha() and value not in clean:
            clean.append(value)
    return tuple(clean) or ("",)


@lru_cache(maxsize=1)
def _reviewed_syllables() -> dict[str, tuple[str, ...]]:
    """The reviewed place readings (directory/data/place_readings.csv) cut into one syllable
    per character: 马尾 → (ma, wei)."""
    out = {}
    for name, reading in place_readings().items():
        pieces = _split_syllables(reading, len(name))
        if pieces:
            out[name] = pieces
    return out


def _split_syllables(reading: str, count: int) -> tuple[str, ...] | None:
    if count == 0:
        return () if not reading else None
    for end in range(min(6, len(reading)), 0, -1):
        head = reading[:end]
        if head in pinyin_syllables():
            rest = _split_syllables(reading[end:], count - 1)
            if rest is not None:
                return (head, *rest)
    return None


def _per_char_readings(word: str) -> list[tuple[str, ...]]:
    """Each character's readings; those inside a reviewed place name have only its reading."""
    per_char = [_char_readings(c) for c in word]
    for name, syllables in _reviewed_syllables().items():
        start = word.find(name)
        while start >= 0:
            for offset, syllable in enumerate(syllables):
                per_char[start + offset] = (syllable,)
            start = word.find(name, start + len(name))
    return per_char


@lru_cache(maxsize=500_000)
def readings(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(full readings, initials) of a Chinese word, every reading of polyphonic characters.

    The phrase-aware reading (pypinyin's choice for the whole word) comes first; parts of the
    word that are reviewed place names (马尾, 长泰, 厦门 …) have only their reviewed reading.
    """
    if not _CJK.fullmatch(word):
        return (), ()
    if any(name in word for name in _reviewed_syllables()):
        phrase = _reviewed_phrase(word)
    else:
        phrase = "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")).replace("ü", "v")
    full = [phrase] if phrase else []
    if len(word) <= MAX_WORD_CHARS:
        per_char = _per_char_readings(word)
        for combo in itertools.islice(itertools.product(*per_char), 64):
            value = "".join(combo)
            if value and value not in full:
                full.append(value)
            if len(full) >= MAX_READINGS:
                break
    initials: list[str] = []
    for value_combo in itertools.islice(
        itertools.product(*_per_char_readings(word[:MAX_WORD_CHARS])), 64
    ):
        value = "".join(v[:1] for v in value_combo if v)
        if value and value not in initials:
            initials.append(value)
        if len(initials) >= MAX_READINGS:
            break
    return tuple(full), tuple(initials)


def _reviewed_phrase(word: str) -> str:
    """pypinyin's phrase reading with the reviewed parts put in (马尾区 → maweiqu)."""
    from directory.names import place_pinyin

    return place_pinyin(word)


def latin_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(text.lower())


@lru_cache(maxsize=300_000)
def _tokens_cached(piece: str, initials: bool = True) -> tuple[str, ...]:
    out: dict[str, None] = {}
    piece = analysis.fold(piece)
    for word in segment(piece):
        out[word] = None
        full, first_letters = readings(word)
        for value in full:
            out[value] = None
        # Initials of names, and of every place name anywhere (the address's county: xx儿童之家);
        # in running text they would match nearly everything.
        for value in first_letters if initials or _is_place_name(word) else ():
            if len(value) >= 2:  # one letter would match half the index
                out[value] = None
    for word in latin_words(piece):
        out[word] = None
    return tuple(out)


# Known leading parts of addresses (a division and its ancestors: 三明市泰宁县杉城镇): an address
# is cut there, so that part is prepared once per division, not once per record.
_prefixes: set[str] = set()
_prefix_lengths: list[int] = []


def register_prefix(prefix: str) -> None:
    if prefix and prefix not in _prefixes:
        _prefixes.add(prefix)
        if len(prefix) not in _prefix_lengths:
            _prefix_lengths.append(len(prefix))
            _prefix_lengths.sort(reverse=True)


def _piece_tokens(piece: str, initials: bool) -> tuple[str, ...]:
    for length in _prefix_lengths:
        if len(piece) >= length and piece[:length] in _prefixes:
            # The place chain always gets its initials (xx儿童之家 finds the county's villages).
            return _tokens_cached(piece[:length], True) + _tokens_cached(piece[length:], initials)
    return _tokens_cached(piece, initials)


def tokens(*texts: str, initials: bool = True) -> list[str]:
    """Index tokens of some texts (Chinese words, pinyin, initials, English words), deduplicated.

    Texts are prepared piece by piece (split on spaces), each piece cached: the same place
    names, level words and category labels recur in most records.
    """
    out: dict[str, None] = {}
    for text in texts:
        if text:
            for piece in text.split():
                for token in _piece_tokens(piece, initials):
                    out[token] = None
    return list(out)


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, to recognise spaced pinyin ("tai ning")."""
    syllables = set()
    for value in PINYIN_DICT.values():
        for reading in value.split(","):
            syllables.add(_strip_tone(reading))
    return frozenset(s for s in syllables if s.isascii() and s.isalpha())


_TONE_MAP = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ",
    "aaaaeeeeiiiioooouuuuvvvvvnnnm",
)


def _strip_tone(reading: str) -> str:
    return reading.translate(_TONE_MAP)


_place_forms: set[str] = set()
_place_forms_size = -1


def _place_forms_now() -> set[str]:
    """Every form of every known place name (name, stem, their readings and initials)."""
    global _place_forms_size, _vocabulary
    if _place_forms_size != len(_known_places):
        with _lock:
            forms: set[str] = set()
            pinyin_forms: list[tuple[str, tuple[str, ...] | None]] = []
            for name in list(_known_places):
                for value in {name, place_stem(name)}:
                    forms.add(value)
                    full, initials = readings(value)
                    forms.update(full)
                    forms.update(i for i in initials if len(i) >= 2)
                    pinyin_forms += [(f, _split_syllables(f, len(value))) for f in full]
                    pinyin_forms += [(i, None) for i in initials]
            _place_forms.clear()
            _place_forms.update(forms)
            _vocabulary = fuzzy.Vocabulary.build(
                (f, cut) for f, cut in sorted(pinyin_forms, key=str) if len(f) >= 4
            )
            _fuzzy_cached.cache_clear()
            _place_forms_size = len(_known_places)
    return _place_forms


def is_place_word(group: QueryGroup) -> bool:
    """Whether a query group names a place (a division, its stem, their pinyin or initials)."""
    return bool(group.alternatives & _place_forms_now())


@lru_cache(maxsize=1)
def _county_initials() -> dict[str, frozenset[str]]:
    """Initials of the city and county names (and stems) of the shipped divisions -> the
    full names: cl and clq -> {长乐区}."""
    out: dict[str, set[str]] = {}
    for row in _shipped_divisions():
        if row["level"] not in ("city", "county"):
            continue
        # The full name is looked for (长乐 alone is also in 长乐乡, a township elsewhere).
        for name in {row["name"], place_stem(row["name"])}:
            for initials in readings(name)[1]:
                out.setdefault(initials, set()).add(row["name"])
    return {k: frozenset(v) for k, v in out.items()}


def county_names_for_initials(word: str) -> frozenset[str]:
    """The city and county names whose initials ``word`` is (people type initials for the
    places they know by name: cl is 长乐 before the township 长龙)."""
    return _county_initials().get(word, frozenset())


_LEVEL_ORDER = {"city": 0, "county": 1, "township": 2}


@lru_cache(maxsize=1)
def _place_levels() -> dict[str, int]:
    """Every form of the shipped divisions' names -> the highest level it names (0 city,
    1 county, 2 township): 建设 is only a township's name, 泰宁 a county's."""
    out: dict[str, int] = {}
    for row in _shipped_divisions():
        level = _LEVEL_ORDER.get(row["level"], len(_LEVEL_ORDER))
        for name in {row["name"], place_stem(row["name"])}:
            for form in (name, *readings(name)[0]):
                out[form] = min(level, out.get(form, level))
    return out


@lru_cache(maxsize=1)
def _division_names() -> dict[str, str]:
    """Code -> name of the shipped divisions."""
    return {row["code"]: row["name"] for row in _shipped_divisions()}


def enclosing_division_names(code: str | None) -> tuple[str, ...]:
    """The names of the shipped divisions a division code lies in, itself included (350429101:
    三明市, 泰宁县, 杉城镇): the places a record is *in*, whatever its address says."""
    if not code:
        return ()
    names = _division_names()
    candidates = (f"{code[:4]}00", code[:6], code[:9], code[:12])
    return tuple(dict.fromkeys(names[c] for c in candidates if c in names))


def broadest_places(places: list[QueryGroup]) -> list[QueryGroup]:
    """Of places that share no record, the ones the person surely means: a township's name
    beside a city's or county's is dropped (泰宁 建设: 建设 is a common word, and the name of
    townships elsewhere), cities and counties are all kept (福州 泰宁, 泰宁 马尾: either), and
    so are townships named only beside townships."""
    levels = _place_levels()
    ranks = [
        min((levels.get(a, len(_LEVEL_ORDER)) for a in g.alternatives), default=len(_LEVEL_ORDER))
        for g in places
    ]
    top = min(ranks, default=0)
    county = _LEVEL_ORDER["county"]
    return [
        g for g, r in zip(places, ranks, strict=True) if r == top or (top <= county and r <= county)
    ]


@lru_cache(maxsize=1)
def _place_codes() -> dict[str, frozenset[str]]:
    """Every form of the shipped divisions' names (name, stem, readings; initials of cities and
    counties) -> the codes of the divisions it may name, cut to their level (3504 for a city:
    a code lies in another when it starts with it)."""
    out: dict[str, set[str]] = {}
    for row in _shipped_divisions():
        level = row["level"]
        if level not in _LEVEL_ORDER:
            continue
        code = row["code"][:4] if level == "city" else row["code"]
        for name in {row["name"], place_stem(row["name"])}:
            full, initials = readings(name)
            forms = {name, *full, *(initials if level != "township" else ())}
            for form in forms:
                out.setdefault(form, set()).add(code)
    return {form: frozenset(codes) for form, codes in out.items()}


def _codes_of(group: QueryGroup) -> frozenset[str]:
    codes = _place_codes()
    return frozenset().union(*(codes.get(a, frozenset()) for a in group.alternatives))


def _inside(a: frozenset[str], b: frozenset[str]) -> bool:
    """Some division of ``a`` lies in (or is) one of ``b``."""
    return any(x.startswith(y) for x in a for y in b)


def places_apart(
    groups: list[QueryGroup],
) -> tuple[list[QueryGroup], list[QueryGroup]] | None:
    """(the places that lie in one another nowhere, the places that only say where one of them
    is), or None when the query names fewer than two such places or a place the shipped
    divisions do not know. 泰宁 马尾, 思明 湖里: siblings (not 三明 泰宁); 福州 鼓楼 马尾,
    福州市马尾区 泰宁县: 福州 holds one of them. A township's name beside a city or county is no
    place here (``broadest_places``)."""
    places = broadest_places([g for g in groups if is_place_word(g)])
    if len(places) < 2:
        return None
    codes = [_codes_of(g) for g in places]
    if not all(codes):
        return None
    holders = {
        i
        for i, held in enumerate(codes)
        if any(_inside(c, held) and not _inside(held, c) for c in codes if c is not held)
    }
    apart = [i for i in range(len(places)) if i not in holders]
    if len(apart) < 2:
        return None
    if any(
        _inside(codes[i], codes[j]) or _inside(codes[j], codes[i])
        for n, i in enumerate(apart)
        for j in apart[n + 1 :]
    ):
        return None
    return [places[i] for i in apart], [places[i] for i in holders]


def merge_separate_places(groups: list[QueryGroup]) -> list[QueryGroup]:
    """``groups`` with the places apart (``places_apart``) made one group that any of them
    matches, so that a search asks for records in either place (and with the query's other
    words) instead of in both, which only a record that mentions both is (an organisation
    serving two districts); a place that holds one of them is left out (福州 鼓楼 马尾: Gulou or
    Mawei). Unchanged (the same list) when no places are apart."""
    found = places_apart(groups)
    if found is None:
        return groups
    merged, held = found
    either = any_of_places(merged)
    out: list[QueryGroup] = []
    for group in groups:
        if group in merged:
            if either not in out:
                out.append(either)
        elif group not in held:
            out.append(group)
    return out


def any_of_places(places: list[QueryGroup]) -> QueryGroup:
    """One group that any of the places matches."""
    return QueryGroup(
        " ".join(g.primary for g in places), frozenset().union(*(g.alternatives for g in places))
    )


_vocabulary = fuzzy.Vocabulary()  # the place forms in pinyin, for fuzzy matching


def fuzzy_pinyin(word: str) -> set[str]:
    """Place names in pinyin that ``word`` may mean: one typing error per syllable (a swapped,
    missing, extra or wrong letter: tainnign, zahngzuo → taining, zhangzhou), or a name it
    begins (an unfinished last syllable: tainin → taining). Empty for a word that is itself a
    place's pinyin or too short to say. ``search.fuzzy`` says how precision is kept."""
    if len(word) < fuzzy.MIN_COMPLETION or not word.isalpha() or not word.isascii():
        return set()
    if word in _place_forms_now() or word in pinyin_syllables():
        # A whole syllable (xian, zhan) is a word of its own, not the start of every place
        # whose name begins with it.
        return set()
    return set(_fuzzy_cached(word))


@lru_cache(maxsize=20_000)
def _fuzzy_cached(word: str) -> tuple[str, ...]:
    return tuple(_vocabulary.match(word))


@dataclass(frozen=True)
class QueryGroup:
    """Alternatives for one part of the query; ``primary`` is what was typed (or joined)."""

    primary: str
    alternatives: frozenset[str]


def normalise(text: str) -> str:
    """Folded (``analysis.fold``), without spaces or punctuation: how names are compared for
    an exact match."""
    return "".join(_TOKEN_RUN.findall(analysis.fold(text)))


def query_groups(text: str) -> list[QueryGroup]:
    """Cut a query into groups of alternative tokens.

    Chinese runs are cut by jieba (precise mode, with the place dictionary); consecutive
    single characters are joined again (an unknown or mistyped name: 太宁), and each word is
    matched as itself or as any of its pinyin readings, so a same-sound typo still finds the
    place. Latin words are matched as typed; a run of bare pinyin syllables ("tai ning") is
    joined into one word ("taining").
    """
    _tokenizer_instance()
    groups: list[QueryGroup] = []
    lowered = analysis.fold_query(text)
    syllables = pinyin_syllables()
    pending_latin: list[str] = []

    def flush_latin() -> None:
        for words in _join_latin(pending_latin, syllables):
            if len(words) > 1:
                joined = "".join(words)
                groups.append(QueryGroup(joined, frozenset({joined})))
            else:
                word = words[0]
                groups.append(QueryGroup(word, frozenset({word, *fuzzy_pinyin(word)})))
        pending_latin.clear()

    for run in _TOKEN_RUN.findall(lowered):
        if not _CJK.fullmatch(run):
            pending_latin.append(run)
            continue
        flush_latin()
        words = [w for w in _segment_cached(run, False) if not analysis.removable_single(w)]
        for word in _join_single_characters(words):
            for part in _query_parts(word):
                full, _ = readings(part)
                groups.append(QueryGroup(part, frozenset({part, *full})))
    flush_latin()
    return groups


def _join_latin(words: list[str], syllables: frozenset[str]) -> list[list[str]]:
    """Latin words typed apart that are one word: the longest runs that spell a place's pinyin
    (yongtai xian, fu qing shi → yongtaixian, fuqingshi), then runs of bare syllables (guan ai →
    guanai). Each inner list is one word."""
    places = _place_forms_now()
    out: list[list[str]] = []
    at = 0
    while at < len(words):
        end = next(
            (e for e in range(len(words), at + 1, -1) if "".join(words[at:e]) in places),
            None,
        )
        if end is None:
            end = at + 1
            while end < len(words) and words[at] in syllables and words[end] in syllables:
                if any("".join(words[end:e]) in places for e in range(end + 2, len(words) + 1)):
                    break  # the next words spell a place of their own
                end += 1
        out.append(words[at:end])
        at = end
    return out


def _query_parts(word: str) -> list[str]:
    """A long word that is not a place (关爱服务站) as the shorter words the index surely has
    (关爱, 服务站): a title cuts it inside a longer word (儿童关爱服务站) into those."""
    if len(word) < 4 or word in _known_places:
        return [word]
    subs = [s for s in _segment_cached(word, True) if s != word and len(s) >= 2]
    subs = [s for s in subs if not any(s != o and s in o for o in subs)]
    return subs or [word]


def _join_single_characters(words) -> list[str]:
    """泰/宁 → 泰宁: jieba cuts an unknown (or mistyped) name into single characters."""
    out: list[str] = []
    pending = ""
    for word in words:
        if len(word) == 1:
            pending += word
            continue
        if pending:
            out.append(pending)
            pending = ""
        out.append(word)
    if pending:
        out.append(pending)
    return out


# The engine backend's view of the same preparation: its pinyin fields are filled from these, so
# both backends index the same readings of the same words.


def han_runs(text: str) -> list[str]:
    """The runs of Chinese characters in the text."""
    return _CJK.findall(text or "")


def pinyin_terms(text: str) -> list[str]:
    """Full pinyin of every word, every reading of polyphonic characters (马尾 → mawei, mayi)."""
    out: dict[str, None] = {}
    for word in segment(text or ""):
        out.update(dict.fromkeys(readings(word)[0]))
    return list(out)


def initial_terms(text: str) -> list[str]:
    """Pinyin initials of every word and of the whole name (泰宁县 → tnx), every reading."""
    out: dict[str, None] = {}
    for word in segment(text or ""):
        out.update(dict.fromkeys(readings(word)[1]))
    whole = "".join(han_runs(text))
    if whole:
        out.update(dict.fromkeys(readings(whole)[1]))
    return list(out)
