"""Fuzzy pinyin: place names typed with slips, one edit per syllable (a syllable lattice).

People type a place's pinyin with a slip in more than one syllable (``tainnign`` for taining,
``zahngzuo`` for zhangzhou, ``qinlgiu`` for qingliu) or stop in the middle of the last one
(``zhangzho``). A word matches a place name's pinyin when it can be cut into one piece per
syllable of the name, each piece at most one edit (a missing, extra, wrong or swapped letter)
from its syllable, and the last piece may be only the beginning of the last syllable. z/zh,
c/ch and s/sh are one sound there (the "fuzzy sounds" of pinyin input methods).

Precision, because a name is matched against every place of the province:

- a syllable of one or two letters (``an``, ``xi``) must be typed exactly (one edit turns it
  into a dozen other syllables); a single slip anywhere in the word, across a syllable boundary
  too, is still allowed (the word as a whole one edit from the name, as before);
- the word may carry at most one slip per three letters (``max_edits``), and words shorter than
  ``MIN_FUZZY`` letters get none: they only complete a name they begin;
- only the names with the fewest edits are kept (a name one slip away hides the names two slips
  away), at most ``MAX_MATCHES`` of them, shortest first.

rapidfuzz's optimal string alignment distance of the whole word to a name (or to a beginning of
it) is a lower bound of the sum of the syllables' edits, so it picks the few names worth cutting
into syllables from the whole vocabulary in C, among those of about the word's length; the
lattice then runs on those only. (A z/zh pair counts in that prefilter as the letter it is.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_FUZZY = 5  # shorter words only complete a name they begin
MIN_COMPLETION = 4
MAX_MATCHES = 6
EXACT_SYLLABLE = 2  # syllables this short must be typed exactly
_RETROFLEX = re.compile(r"^([zcs])h")


def max_edits(word: str) -> int:
    """Slips allowed in a word: one per three letters (5-6 letters: 1, 7-9: 2, 10-12: 3)."""
    if len(word) < MIN_FUZZY:
        return 0
    return max(1, (len(word) - 1) // 3)


@dataclass
class Vocabulary:
    """The place names in pinyin, each with its syllables (several cuts for polyphonic names)."""

    syllables: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    # Every name and its beginnings (``taini`` for taining) -> the names they begin.
    beginnings: dict[str, set[str]] = field(default_factory=dict)
    # The beginnings by length, for the prefilter (a word is compared with those of about its
    # length: a name typed with slips, perhaps cut short in its last syllable).
    by_length: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, forms: Iterable[tuple[str, tuple[str, ...] | None]]) -> Vocabulary:
        """``forms``: (pinyin name, its syllables or None when it is no syllable string)."""
        vocabulary = cls()
        for name, syllables in forms:
            if len(name) < MIN_COMPLETION:
                continue
            if name not in vocabulary.syllables:
                vocabulary.syllables[name] = set()
                for n in range(MIN_COMPLETION, len(name) + 1):
                    names = vocabulary.beginnings.setdefault(name[:n], set())
                    if not names:
                        vocabulary.by_length.setdefault(n, []).append(name[:n])
                    names.add(name)
            if syllables:
                vocabulary.syllables[name].add(syllables)
        return vocabulary

    def match(self, word: str) -> list[str]:
        """The place names ``word`` may mean, fewest edits first (empty for an exact name)."""
        if word in self.syllables:
            return []
        # A name it begins (an unfinished last syllable) is no edit away.
        found = dict.fromkeys(self.beginnings.get(word, ()), 0)
        limit = max_edits(word)
        if not found and limit:
            for length in range(len(word) - limit, len(word) + limit + 1):
                for beginning, distance, _ in process.extract(
                    word,
                    self.by_length.get(length, ()),
                    scorer=OSA.distance,
                    score_cutoff=limit,
                    limit=None,
                ):
                    for name in self.beginnings[beginning]:
                        if name == beginning and distance <= 1:
                            edits = distance  # one slip anywhere, across syllables too
                        else:
                            edits = lattice_edits(word, self.syllables[name], limit)
                        if edits is not None and edits < found.get(name, limit + 1):
                            found[name] = edits
        if not found:
            return []
        fewest = min(found.values())
        best = sorted((n for n, e in found.items() if e == fewest), key=lambda n: (len(n), n))
        return best[:MAX_MATCHES]


def lattice_edits(word: str, cuts: Iterable[tuple[str, ...]], limit: int) -> int | None:
    """The fewest edits that cut ``word`` into one piece per syllable (at most one per
    syllable, none in a short one; the last piece may be the beginning of its syllable), or
    None when no cut does within ``limit``."""
    best = None
    for syllables in cuts:
        edits = _cut(word, syllables, 0, 0, limit)
        if edits is not None and (best is None or edits < best):
            best = edits
    return best


@lru_cache(maxsize=200_000)
def _cut(word: str, syllables: tuple[str, ...], at: int, index: int, budget: int) -> int | None:
    if index == len(syllables):
        return 0 if at == len(word) else None
    syllable = syllables[index]
    last = index == len(syllables) - 1
    best = None
    allowed = 0 if len(syllable) <= EXACT_SYLLABLE else min(1, budget)
    for end in range(at + max(1, len(syllable) - allowed), at + len(syllable) + allowed + 1):
        if end > len(word):
            break
        piece = word[at:end]
        edits = _syllable_edits(piece, syllable, allowed)
        if edits is None:
            continue
        rest = _cut(word, syllables, end, index + 1, budget - edits)
        if rest is not None and (best is None or edits + rest < best):
            best = edits + rest
    if last and best is None and at < len(word) and syllable.startswith(word[at:]):
        best = 0  # an unfinished last syllable (typed right: a slip in it would be a guess)
    return best


def _syllable_edits(piece: str, syllable: str, allowed: int) -> int | None:
    distance = OSA.distance(piece, syllable, score_cutoff=allowed)
    if distance > allowed:
        # z/zh, c/ch, s/sh are one sound to many southern speakers (the "fuzzy sounds" every
        # pinyin input method offers): zuo for zhou is one slip, not two.
        distance = OSA.distance(_flat(piece), _flat(syllable), score_cutoff=allowed)
    return distance if distance <= allowed else None


def _flat(syllable: str) -> str:
    return _RETROFLEX.sub(r"\1", syllable)
