"""Place recognizer: divisions, zones and parks, water, roads, sites, regions.

Three sources of candidates, all on ``norm``:

1. the gazetteer's administrative divisions (full and short names), with
   ``parent+child`` compounds such as 泰州海陵 read as the child;
2. named places every reader knows (place_named.txt: major rivers, regions);
3. suffix rules (place_suffixes.txt): a suffix such as 经济开发区, 路 or 村
   with a proper name on its left, found by DocContext.name_starts. The name
   must hold something besides generic words (化工园区 alone names no park)
   and must start on a word boundary (示范村镇 holds no village 范村).

A place directly followed by a bracketed place of the same kind
(常州高新区(新北区)) becomes one candidate with the bracketed name as alias;
a zone followed by a town (经济开发区(春江镇)) stays two places, as the
guideline asks.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..normalize import name_key
from . import Candidate
from .context import DocContext, gazetteer, lexicon

TYPE = "Place"

# Gazetteer levels -> Place subclasses.
_LEVEL_SUBTYPE = {
    "province": "Province",
    "city": "City",
    "prefecture": "City",
    "district": "District",
    "county": "County",
    "town": "Town",
    "township": "Town",
    "street": "Town",
    "village": "Village",
}
# Bracketed aliases: these subtypes name the same thing as a zone (区政合一).
_ALIAS_OF_ZONE = {"District", "County", "DevelopmentZone", "IndustrialPark"}
# A trailing 北延 / 南延 continues a road's name (X路北延 is a planned extension).
_ROAD_TAIL = re.compile(r"[东南西北]延")
# Parts of speech a place name does not contain (verbs, adverbs, numerals,
# pronouns...): the name walk stops at such a word.
_STOP_TAGS = frozenset({"v", "vn", "vd", "ad", "d", "p", "c", "u", "r", "m", "q", "t", "f", "a", "b", "z"})
# A bracketed part right after a name.
_BRACKET = re.compile(r"\(([^()\n]{2,14})\)")


@functools.lru_cache(maxsize=1)
def _suffixes() -> list[tuple[str, str, int, int]]:
    rows = []
    for line in lexicon("place_suffixes"):
        suffix, subtype, lo, hi = line.split("\t")
        rows.append((suffix, subtype, int(lo), int(hi)))
    return sorted(rows, key=lambda r: (-len(r[0]), r[0]))


@functools.lru_cache(maxsize=1)
def _named() -> dict[str, str]:
    return dict(line.split("\t") for line in lexicon("place_named"))


@functools.lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s, *_ in _suffixes()))


def find(ctx: DocContext) -> list[Candidate]:
    """Place candidates of one document (overlapping; select() flattens them)."""
    cands = _from_gazetteer(ctx) + _from_named(ctx) + _from_suffixes(ctx)
    cands += _sections(ctx, cands)
    cands += _bracket_aliases(ctx, cands)
    return cands


def _from_named(ctx: DocContext) -> list[Candidate]:
    out = []
    for name, subtype in sorted(_named().items()):
        for m in re.finditer(re.escape(name), ctx.norm):
            out.append(Candidate(m.start(), m.end(), TYPE, subtype, "place.named", key=name, priority=2))
    return out


def _from_gazetteer(ctx: DocContext) -> list[Candidate]:
    gaz = gazetteer()
    if gaz is None:
        return []
    try:
        hits = list(gaz.scan(ctx.norm))
    except Exception:
        return []
    out: list[Candidate] = []
    prev: tuple[int, Any] | None = None
    for hit in hits:
        div = _resolve(gaz, hit, ctx)
        if div is None:
            prev = None
            continue
        subtype = _LEVEL_SUBTYPE.get(str(div.level), "AdministrativeArea")
        out.append(Candidate(hit.start, hit.end, TYPE, subtype, "place.gazetteer", key=div.name, priority=3))
        # 泰州海陵 / 山东济宁: a division written right after its parent is one name.
        if prev is not None and prev[0] == hit.start and _is_parent(gaz, prev[1], div):
            start = out[-2].start
            out.append(Candidate(start, hit.end, TYPE, subtype, "place.gazetteer.compound", key=div.name, priority=3))
        prev = (hit.end, div)
    return out


def _resolve(gaz: Any, hit: Any, ctx: DocContext) -> Any | None:
    cands = list(hit.candidates)
    if len(cands) == 1:
        return cands[0]
    try:
        return gaz.resolve(hit.name, ctx.home)
    except Exception:
        return None


def _is_parent(gaz: Any, parent: Any, child: Any) -> bool:
    try:
        return parent.key in [d.key for d in gaz.chain(child.key)][:-1] or child.parent == parent.key
    except Exception:
        return False


def _from_suffixes(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    generic = lexicon("place_generic")
    out: list[Candidate] = []
    taken_ends: set[int] = set()  # 高新区 already read: its 区 is no district suffix
    for pos in range(len(norm)):
        for suffix, subtype, lo, hi in _suffixes():
            if not norm.startswith(suffix, pos):
                continue
            end = pos + len(suffix)
            if end in taken_ends:
                break
            taken_ends.add(end)
            if not _suffix_ends_word(ctx, pos, end, generic):
                continue
            tail = _ROAD_TAIL.match(norm, end) if subtype == "Road" else None
            if tail:
                end = tail.end()
            for start in ctx.name_starts(pos, hi, stop_tags=_STOP_TAGS):
                name = norm[start:pos]
                if len(name) < lo or not _proper(name, generic) or norm[start:end] in generic:
                    continue
                key = _zone_key(norm[start:end])
                out.append(Candidate(start, end, TYPE, subtype, f"place.suffix.{suffix}", key=key, priority=1))
            break  # the longest suffix at this position decides
    return out


def _suffix_ends_word(ctx: DocContext, pos: int, end: int, generic: frozenset[str]) -> bool:
    """Reject 村镇, 市场, 道路: the suffix must close its word, which is no generic word."""
    if end < len(ctx.norm) and end not in ctx.bounds:
        return False
    word_start = ctx.word_start[end - 1]
    return ctx.norm[word_start:end] not in generic or word_start == pos


def _proper(name: str, generic: frozenset[str]) -> bool:
    """True when the name holds more than generic words and digits."""
    rest = name
    for word in sorted(generic, key=len, reverse=True):
        rest = rest.replace(word, "")
    rest = re.sub(r"[0-9]", "", rest)
    return len(rest) >= 1 and not (len(name) >= 2 and len(rest) == 1 and rest in "大小新老东南西北中上下")


def _zone_key(name: str) -> str:
    """Canonical name of a zone: X国家高新区 is X高新区."""
    return name_key(name.replace("国家高新区", "高新区"))


def _sections(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """长江常州段: a river, a place name and 段 name one stretch of the river."""
    norm = ctx.norm
    out = []
    rivers = [c for c in cands if c.subtype == "River"]
    for river in rivers:
        for suffix in sorted(lexicon("place_sections"), key=len, reverse=True):
            m = re.compile(r"[\u4e00-\u9fff]{2,4}?" + re.escape(suffix)).match(norm, river.end)
            if m and m.end() in ctx.bounds | {m.end()}:
                subtype = "Region" if suffix == "流域" else "River"
                out.append(Candidate(river.start, m.end(), TYPE, subtype, "place.section", priority=2))
                break
    return out


def _bracket_aliases(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """常州高新区(新北区): one place, the bracketed name its alias."""
    norm = ctx.norm
    by_span = {(c.start, c.end): c for c in sorted(cands, key=lambda c: (c.start, c.end, -c.priority))}
    out = []
    for c in sorted(cands, key=lambda c: (c.start, c.end, c.rule)):
        m = _BRACKET.match(norm, c.end)
        if not m:
            continue
        inner = by_span.get((m.start(1), m.end(1)))
        if inner is None or inner.subtype not in _ALIAS_OF_ZONE or c.subtype not in _ALIAS_OF_ZONE:
            continue
        alias = ctx.src.text[m.start(1) : m.end(1)]
        key = c.key or name_key(norm[c.start : c.end])
        out.append(
            Candidate(
                c.start, m.end(), TYPE, c.subtype, "place.bracket_alias", key=key, priority=c.priority, aliases=(alias,)
            )
        )
    return out
