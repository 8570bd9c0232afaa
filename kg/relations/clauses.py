"""Clauses of a sentence and the subject at a clause start.

Chinese report sentences chain many comma-separated clauses that share one
subject, usually elided. A clause here is a stretch between ``,;:`` that does
not cut through a mention. Its subject, when stated, is an organization or
place named at its start (after time and discourse openers), or an anaphor
such as 全区 / 区镇 that points back to the report's own actor.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..model import Mention
from . import tables

CLAUSE_END = set(",;:，；：")
_CLAUSE_END = re.compile("[,;:，；：]")
ACTOR_TYPES = ("Organization", "Place")
# Dates, enumerators and headings that open a clause before its subject.
_OPENER = re.compile(
    r"(?:[0-9]{2,4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:以来|起|底|初)?"
    r"|[0-9]{1,2}月(?:[0-9]{1,2}日)?(?:以来)?"
    r"|[今去明]年(?:以来)?|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、"
    r"|[0-9]+[.、]|\([一二三四五六七八九十0-9]+\)|\s+)"
)
# The characters an ``_OPENER`` match can start with, whitespace aside (its
# \s is str.isspace()): most clauses open with none of them, and a set test
# is much cheaper than the two failing matches it spares.
_OPENER_FIRST = frozenset("0123456789今去明一二三四五六七八九十(")
# Words joining the members of an enumeration of actors.
_JOIN = re.compile(r"、|和|及|以及|与|同")
# The end of a party committee's name and the start of its government's (市委|市政府).
_PAIRED = re.compile(r"委([省市区县])(?:人民)?政府")


@dataclass
class Index:
    """The mentions of one document, for lookups by position."""

    norm: str
    mentions: list[Mention]
    # Answers that the protagonist's votes and the rules ask for again and
    # again (a sentence's clauses; a clause's opener end and subject),
    # computed once for this document's text and mentions, never shared
    # between documents.
    _splits: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, init=False, repr=False)
    _openers: dict[tuple[int, int], int] = field(default_factory=dict, init=False, repr=False)
    _subjects: dict[tuple[int, int], tuple[list[Mention], bool]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self.at: dict[int, Mention] = {m.start: m for m in self.mentions}
        # covering() of every character, computed once: rules ask it of
        # nearly every character of a document, several times over. A
        # character belongs to the last mention starting at or before it
        # (nested names: the inner one), if that mention reaches it.
        cover: list[Mention | None] = [None] * len(self.norm)
        covered = bytearray(len(self.norm))
        for i, m in enumerate(self.mentions):
            nxt = self._starts[i + 1] if i + 1 < len(self.mentions) else m.end
            end = min(m.end, nxt, len(cover))
            if end > m.start:
                cover[m.start : end] = [m] * (end - m.start)
                covered[m.start : end] = b"\x01" * (end - m.start)
        self._cover = cover
        self.covered = bytes(covered)  # 1 where a mention covers the character
        # Whether every mention covers a character, so that a span touching
        # none holds none (recognizers make no empty mention; were one given,
        # the shortcuts that rely on this would be off).
        self.all_cover = all(m.start < m.end for m in self.mentions)

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying entirely inside [start, end)."""
        # The mentions starting in [start, end) are one slice of the sorted
        # list, found by two bisections: a comprehension over it, not a loop
        # indexing the list (rules ask this of every clause and sentence).
        starts = self._starts
        return [m for m in self.mentions[bisect_left(starts, start) : bisect_left(starts, end)] if m.end <= end]

    def covering(self, pos: int) -> Mention | None:
        """The mention that contains character ``pos``, if any."""
        return self._cover[pos] if 0 <= pos < len(self._cover) else None

    def touches(self, start: int, end: int) -> bool:
        """Whether a mention covers any character of [start, end)."""
        # Negative bounds count from the end in find(): clipped to 0 (without
        # max(), as rules ask this of every clause).
        return self.covered.find(1, start if start > 0 else 0, end if end > 0 else 0) >= 0

    def opener_end(self, start: int, end: int) -> int:
        """``skip_openers`` of the clause [start, end), once per clause."""
        pos = self._openers.get((start, end))
        if pos is None:
            pos = self._openers[start, end] = skip_openers(self.norm, start, end)
        return pos


def split(index: Index, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence [start, end): cut at ``,;:`` outside mentions (the list is shared: do not change it)."""
    out = index._splits.get((start, end))
    if out is None:
        out = index._splits[start, end] = _split(index, start, end)
    return out


def _split(index: Index, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    a = start
    covered = index.covered  # covering(i) is None where covered[i] is 0, read without a call
    for p in _CLAUSE_END.finditer(index.norm, start, end):
        i = p.start()
        if not covered[i]:
            if i > a:
                out.append((a, i))
            a = i + 1
    if end > a:
        out.append((a, end))
    return out


@functools.cache
def words_re(name: str) -> re.Pattern[str]:
    """The words of a relation lexicon as one pattern, longest first (as ``tables.words`` orders them)."""
    return re.compile(tables.alternation(tables.words(name)))


@functools.cache
def _first_chars(name: str) -> frozenset[str]:
    """The characters the words of a relation lexicon start with: no ``words_re`` match starts elsewhere."""
    return frozenset(w[0] for w in tables.words(name) if w)


@functools.cache
def _opener_first() -> frozenset[str]:
    """The characters a clause opener (``_OPENER`` or an opener word) can start with, whitespace aside."""
    return _OPENER_FIRST | _first_chars("openers")


def skip_openers(norm: str, pos: int, end: int) -> int:
    """The position after the dates, enumerators and adverbials opening a clause."""
    openers = words_re("openers")
    first = _opener_first()
    while pos < end:
        ch = norm[pos : pos + 1]
        if ch not in first and not ch.isspace():
            break  # neither an opener nor an opener word can start here
        m = _OPENER.match(norm, pos, end)
        if m and m.end() > pos:
            pos = m.end()
            continue
        # An opener word is matched without the clause end, as startswith() did.
        m = openers.match(norm, pos)
        if m is None:
            break
        pos = m.end()
    return pos


def skip_bracket(norm: str, pos: int, end: int) -> int:
    """Skip a bracketed alias right after a name (无锡高新区(新吴区))."""
    if pos < end and norm[pos] == "(":
        close = norm.find(")", pos, min(end, pos + 20))
        if close > 0:
            return close + 1
    return pos


# The endings of a party committee or branch named after its body (X集团党委, X街道党工委).
PARTY_ENDINGS = ("党工委", "党委", "党组", "党总支", "党支部")


def party_stem(key: str) -> str | None:
    """The body a party committee's name is named after (江苏华泰化工集团 of 江苏华泰化工集团党委), or None."""
    return next((key[: -len(s)] for s in PARTY_ENDINGS if key.endswith(s)), None)


def anaphor_at(norm: str, pos: int, end: int) -> str | None:
    """The anaphor for the report's own actor starting at ``pos``, if any."""
    if pos >= end or norm[pos : pos + 1] not in _first_chars("anaphors"):
        return None  # the cheap test first: most clauses open with no anaphor's first character
    m = words_re("anaphors").match(norm, pos, end)
    return m.group() if m else None


def actor_group(index: Index, pos: int, end: int, *, joins: bool = True) -> tuple[list[Mention], int]:
    """Organizations and places named from ``pos`` on, joined by 、/和/及.

    Returns the mentions and the position after them; names of other types or
    plain words between them end the group.
    """
    group: list[Mention] = []
    norm = index.norm
    while pos < end:
        m = index.at.get(pos)
        if m is None or m.type not in ACTOR_TYPES or m.end > end:
            break
        group.append(m)
        pos = skip_bracket(norm, m.end, end)
        j = _JOIN.match(norm, pos, end) if joins else None
        if j is None and joins and _PAIRED.match(norm, pos - 1) and index.at.get(pos) is not None:
            continue  # 市委市政府: the committee and the government, written with no mark between
        if j is None or j.group() in ("与", "同"):
            break
        nxt = index.at.get(j.end())
        if nxt is None or nxt.type not in ACTOR_TYPES:
            break
        pos = j.end()
    return group, pos


def subject(index: Index, start: int, end: int) -> tuple[list[Mention], bool]:
    """The stated subject at the start of clause [start, end).

    Returns (mentions, anaphoric): the organizations or places named at the
    clause start followed by a predicate; or ([], True) when an anaphor of the
    report's own actor stands there; or ([], False) when the clause has no
    stated subject. The protagonist's votes and the rules both ask it of
    every clause: it is computed once per clause (the list is shared).
    """
    out = index._subjects.get((start, end))
    if out is None:
        out = index._subjects[start, end] = _subject(index, start, end)
    return out


def _subject(index: Index, start: int, end: int) -> tuple[list[Mention], bool]:
    norm = index.norm
    pos = index.opener_end(start, end)
    group, after = actor_group(index, pos, end)
    if group:
        if after >= end or norm[after] in "的之" or not _is_cjk(norm[after]):
            return [], False
        return group, False
    word = anaphor_at(norm, pos, end)
    if word and pos + len(word) < end and norm[pos + len(word)] not in "的之" and index.covering(pos) is None:
        return [], True
    return [], False


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "“("
