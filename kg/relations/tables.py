"""The rule tables of relation extraction, read from ``kg/data/lexicon/relation_*.txt``.

Each file has one entry a line, ``#`` comments, and an optional tab-separated
second column. Keeping the words out of the code lets a reader review (and a
user extend) what triggers a relation without reading the rules.
"""

from __future__ import annotations

import functools
import re

from ..entities.context import LEXICON, lexicon_lines


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of one lexicon file, each split on tabs."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in lexicon_lines(f"relation_{name}"))


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """The first column of a lexicon, longest first (so longer entries win)."""
    return tuple(sorted({r[0] for r in rows(name)}, key=lambda w: (-len(w), w)))


@functools.cache
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """``(first, second)`` columns of a two-column lexicon."""
    return tuple((r[0], r[1]) for r in rows(name) if len(r) >= 2)


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


@functools.cache
def triggers() -> dict[str, str]:
    """Trigger verb -> relation type, for the verbs that take the program or body as object.

    A verb listed for several relations keeps the first of establishedBy,
    implements (the files are disjoint in practice).
    """
    out: dict[str, str] = {}
    for rel, name in (("establishedBy", "established_by"), ("implements", "implements")):
        for w in words(name):
            out.setdefault(w, rel)
    return out


@functools.cache
def adjacent_triggers() -> dict[str, str]:
    """Trigger words that count only when an entity follows them directly."""
    return {word: rel for rel, word in pairs("adjacent_triggers")}


@functools.cache
def place_levels() -> tuple[tuple[str, int], ...]:
    """Place-name endings with their administrative level, longest ending first."""
    return tuple(sorted(((s, int(n)) for s, n in pairs("place_levels")), key=lambda p: (-len(p[0]), p[0])))


def place_level(name: str) -> int | None:
    """The level a place name's ending tells (1 = province), or None."""
    for suffix, level in place_levels():
        if name.endswith(suffix) and len(name) > len(suffix):
            return level
    return None


@functools.cache
def anaphors() -> dict[str, tuple[str, ...]]:
    """Anaphor -> the name endings a protagonist it refers to may have."""
    return {r[0]: tuple(r[1].split(",")) if len(r) > 1 else () for r in rows("anaphors")}


@functools.cache
def subject_anaphors() -> frozenset[str]:
    """Anaphors that are also common nouns (公司, 社区): they count for the protagonist only as a clause's subject."""
    return frozenset(r[0] for r in rows("anaphors") if len(r) > 2 and r[2] == "subject")


@functools.cache
def other_words(filename: str) -> frozenset[str]:
    """Words of another stage's lexicon (``kg/data/lexicon/<filename>.txt``), first column."""
    if not (LEXICON / f"{filename}.txt").exists():
        return frozenset()
    return frozenset(line.split("\t")[0].strip() for line in lexicon_lines(filename))
