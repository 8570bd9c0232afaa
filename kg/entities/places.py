"""Place recognizer: divisions, zones and parks, water, roads, sites, regions.

Three sources of candidates, all on ``norm``:

1. the gazetteer's administrative divisions (full and short names), with
   ``parent+child`` compounds such as 宿迁宿豫 read as the child;
2. named places every reader knows (place_named.txt: major rivers, regions);
3. suffix rules (place_suffixes.txt): a suffix such as 经济开发区, 路 or 村
   with a proper name on its left, found by DocContext.name_starts. The name
   must hold something besides generic words (化工园区 alone names no park)
   and must start on a word boundary (示范村镇 holds no village 范村).

A place directly followed by a bracketed place of the same kind
(苏州高新区(虎丘区)) becomes one candidate with the bracketed name as alias;
a zone followed by a town (经济开发区(浒墅关镇)) stays two places, as the
guideline asks.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from typing import Any

from ..model import ZONE_SUBTYPES
from ..normalize import name_key
from . import Candidate
from .context import DocContext, by_first_char, gazetteer, lexicon, occurrences, word_tag

TYPE = "Place"

# Dictionary tags a place's short name may carry: place, person, other proper names,
# abbreviations, or none (jieba does not know it).
_NAME_TAGS = frozenset({"ns", "nr", "nz", "nt", "j", ""})
# Bracketed aliases: these subtypes name the same thing as a zone (区政合一).
_ALIAS_OF_ZONE = {"District", "County", "DevelopmentZone", "IndustrialPark"}
# A trailing 北延 / 南延 continues a road's name (X路北延 is a planned extension).
_ROAD_TAIL = re.compile(r"[东南西北]延")
# Parts of speech a place name does not contain (verbs, adverbs, numerals,
# pronouns...): the name walk stops at such a word.
_STOP_TAGS = frozenset({"v", "vn", "vd", "ad", "d", "p", "c", "u", "r", "m", "q", "f", "a", "b", "z", "l", "i"})
# Zones, parks, sites and regions need a proper part in their name (see _has_proper_word).
_NEEDS_PROPER = frozenset({"DevelopmentZone", "IndustrialPark", "Facility", "Region"})
# One-character road suffixes: a road's name is often cut across dictionary words.
_ROAD_SUFFIXES = frozenset({"路"})
# Characters that make a place's name of the word before them (金砂湾, 姚家港, 白鹭洲).
_TOPONYM_CHARS = frozenset("湾港洲岛岭峰坝")
# A town written before a listed village (白沙镇前进村).
_TOWN_IN_ITEM = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)")
# Divisions whose names are also written without their level character (湖口 for 湖口县).
_LEVEL_NAMES = frozenset({"Province", "City", "County", "District"})
# Zones a locative word may place after a known place's name (江城沿海化工园区).
_LOCATIVES = frozenset({"沿海", "沿江", "临江", "滨江", "滨海", "沿河", "临港", "滨湖", "环湖"})
# So do districts and counties found by their suffix (the gazetteer knows the real
# ones): 西江区 has one, 责任区 and 每名县 have none. Towns and villages are often
# named by common words (幸福村) and are left to the other guards.
_DIVISIONS_NEED_PROPER = frozenset({"District", "County"})
# What follows a county or district named by a common word (青石县, 白云区) and shows it
# is one: a part of it (青石县东南部, 境内) or a town of it (青石县白沙镇).
_DIVISION_CONTEXT = re.compile(
    r"(?:[东南西北][南北]?部|中部|境内|全境)|[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)(?![\u4e00-\u9fff]{0,2}(?:办|委|干部|领导))"
)
# 村“两委”: the two committees of every village, written after 村.
_COMMITTEES = re.compile(r"[“\"]?两委")
# Single characters that are no part of an unknown name.
_FUNCTION_CHARS = frozenset("的了着过和与及或等对为是在把被将从向于以之其各每个项条座家")
_RANKS = frozenset({"国家", "国家级", "省级", "市级", "县级", "区级", "全国", "全省", "全市", "全区"})
# A counted area before a site's name (千亩, 5000亩) belongs to it and marks it as one site.
_AREA = re.compile(r"(?:[0-9]+|[一二三四五六七八九十百千万]+)亩")
# Bodies some gazetteer rows are named after (a zone's 管委会): no part of a place name.
_BODY_TAILS = ("管理委员会", "管委会", "管理处", "管理办公室")
_TOWN_SUFFIXES = ("街道", "镇", "乡")
# Roads are also named by adjectives (幸福大道, 光明路).
_ROAD_STOP_TAGS = _STOP_TAGS - {"a"}
_DIRECTIONS = "东南西北中上下内外前后"
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
def _suffixes_by_char() -> dict[str, list[tuple[str, str, int, int]]]:
    return by_first_char(_suffixes())


@functools.lru_cache(maxsize=1)
def _suffix_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The first characters of one-character suffixes (路, 村, 区), and the longer suffixes whose first is none."""
    index = _suffixes_by_char()
    single = {c for c, rows in index.items() if any(len(suffix) == 1 for suffix, *_ in rows)}
    longer = sorted((s for c, rows in index.items() if c not in single for s, *_ in rows), key=lambda s: (-len(s), s))
    chars = re.compile("[" + "".join(map(re.escape, sorted(single))) + "]" if single else "(?!)")
    return chars, re.compile("|".join(map(re.escape, longer)) or "(?!)")


def _suffix_positions(norm: str) -> list[int]:
    """The positions where some suffix starts, in order.

    The same positions as trying every suffix at each position of a suffix's
    first character, found in C: a common character such as 经, 工 or 文 opens
    a long suffix (经济开发区) far less often than it stands in a text.
    Longer suffixes are searched again from the character after each found,
    as they may overlap (工业园区, 园区).
    """
    single, longer = _suffix_patterns()
    out = [m.start() for m in single.finditer(norm)]
    m = longer.search(norm)
    while m:
        out.append(m.start())
        m = longer.search(norm, m.start() + 1)
    out.sort()
    return out


@functools.lru_cache(maxsize=1)
def _named() -> dict[str, str]:
    return dict(line.split("\t") for line in lexicon("place_named"))


def _occurrences(text: str, word: str) -> list[int]:
    """Starts of ``word`` (not empty) in ``text``, left to right, not overlapping, as re.finditer finds them.

    str.find skips to a word's first character in C; the regex module paid
    for compiling (or looking up) a pattern per word and document.
    """
    out = []
    at = text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + len(word))
    return out


def find(ctx: DocContext) -> list[Candidate]:
    """Place candidates of one document (overlapping; select() flattens them)."""
    known = _from_gazetteer(ctx) + _from_named(ctx)
    cands = known + _from_suffixes(ctx, known) + _enumerated(ctx, known)
    cands += _villages_after_towns(ctx, cands)
    cands += _one_char_rivers(ctx, cands)
    cands = _drop_not_places(ctx, _drop_crossing(cands))
    cands += _stems(ctx, cands)
    cands += _sections(ctx, cands)
    cands += _bracket_aliases(ctx, cands)
    return cands


def zone_short_forms(chosen: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """金砂湾工业园, 湖口金砂湾工业园, 湖口县金砂湾工业园 in one report: one zone.

    A zone's name is often written with or without the place it lies in,
    short or full (湖口, 湖口县, 江苏盐城). Zones of a report whose names
    differ only by such a leading place found in the report, naming the same
    place, take the longest name's key, as a body's short form does.
    """
    places = [c for c in chosen if c.type == TYPE and c.key]
    named: dict[str, str] = {}
    # every place found, also inside a longer name (湖口县 inside 湖口县X工业园)
    for c in sorted((c for c in candidates if c.type == TYPE and c.key), key=lambda c: (c.start, c.end, c.key)):
        named.setdefault(c.key, c.key)
        if c.subtype in _LEVEL_NAMES:
            named.setdefault(c.key[:-1], c.key)
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key in sorted({c.key for c in places if c.subtype in ZONE_SUBTYPES}):
        for i in range(len(key) - 3):
            where = _places_of(key[:i], named)
            if where is not None:
                groups.setdefault(key[i:], []).append((where, key))
    keys: dict[str, str] = {}
    for members in groups.values():
        wheres = {w for w, _ in members if w}
        if len(members) > 1 and len(wheres) <= 1:
            longest = max((k for _, k in members), key=lambda k: (len(k), k))
            for _, k in members:
                keys.setdefault(k, longest)
    return [
        dataclasses.replace(c, key=keys[c.key]) if c.type == TYPE and c.key in keys and keys[c.key] != c.key else c
        for c in chosen
    ]


def _places_of(prefix: str, named: dict[str, str]) -> tuple[str, ...] | None:
    """The report's places that ``prefix`` names, one or two written together (湖口, 江苏盐城); None if not so."""
    if not prefix:
        return ()
    if prefix in named:
        return (named[prefix],)
    for i in range(2, len(prefix) - 1):
        if prefix[:i] in named and prefix[i:] in named:
            return (named[prefix[:i]], named[prefix[i:]])
    return None


def _stems(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """青山 after 青山镇: a town named once in full is then written without its suffix."""
    norm = ctx.norm
    stop = _generic_or_stop()
    stems: dict[str, str] = {}
    for c in cands:
        if c.subtype != "Town" or c.inside is not None:
            continue
        key = c.key or name_key(norm[c.start : c.end])
        for suffix in _TOWN_SUFFIXES:
            stem = key[: -len(suffix)]
            if key.endswith(suffix) and len(stem) >= 2 and stem not in stop and word_tag(stem)[:1] not in "vadm":
                stems.setdefault(stem, key)
                break
    out = []
    for stem, key in sorted(stems.items()):
        for start in _occurrences(norm, stem):
            end = start + len(stem)
            if start not in ctx.bounds or (end < len(norm) and end not in ctx.bounds):
                continue
            out.append(Candidate(start, end, TYPE, "Town", "place.stem", key=key, priority=0))
    return out


def _drop_crossing(cands: list[Candidate]) -> list[Candidate]:
    """高旺村银杏大道: a suffix name that starts inside another place (旺村银杏大道) is cut wrong.

    Read from left to right, so that a name cut wrong (镇新河 in 杨桥镇新河村)
    is dropped first and does not take a right one (新河村) with it.
    """
    kept: list[Candidate] = []
    # Whether a kept place o (no section) has o.start < c.start < o.end < c.end, without
    # testing every kept place: the ends, sorted, of those that start before c.
    ends: list[int] = []
    starting: list[Candidate] = []  # kept places that start where c starts
    for c in sorted(cands, key=lambda c: (c.start, -c.end, c.rule, c.key)):
        if starting and starting[0].start < c.start:
            for o in starting:
                bisect.insort(ends, o.end)
            starting = []
        if c.rule.startswith("place.suffix"):
            at = bisect.bisect_right(ends, c.start)  # the first end after c.start
            if at < len(ends) and ends[at] < c.end:
                continue
        kept.append(c)
        if not c.rule.startswith("place.section"):
            starting.append(c)
    dropped = {id(c) for c in cands} - {id(c) for c in kept}
    return [c for c in cands if id(c) not in dropped]


def _drop_not_places(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """中国特色, 新中国: phrases that hold a place name but name no place (place_not_names.txt)."""
    phrases = _not_names()
    spans = [(at, at + len(phrases[i])) for i, at in occurrences(ctx.norm, phrases)]
    if not spans:
        return cands
    return [c for c in cands if not any(s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in spans)]


_REACHES = ("上游", "中游", "下游", "干流", "沿线")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_WATER_CHAR = re.compile("[河江溪]")


def _one_char_rivers(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """凤河, 灌河, 岷江: a river named by one character and its water word.

    The suffix rule needs two characters of name, as one character and 河 is
    as often a verb and its object (巡河, 护河) or a common word (界河, 沿江).
    A one-character name is taken when the character makes no such word
    (place_river_not_names.txt) and the text shows a river: the name stands
    in a list (泪河、桃花溪), is written twice, or is followed by its basin,
    banks, mouth or water (凤河汛期, 灌河入海口; place_river_context.txt).
    """
    norm = ctx.norm
    deny = lexicon("place_river_not_names")
    context = _river_context()
    covered = {(c.start, c.end) for c in cands}
    # 柳河镇 … 柳河: the stem of a place named in full is that place, not a river
    longer = {norm[c.start : c.end] for c in cands if c.end - c.start > 2}
    seen: dict[str, int] = {}
    hits = []
    for m in _WATER_CHAR.finditer(norm, 1):
        at = m.start() - 1
        head, water = norm[at], m.group()
        if head in deny or head in _FUNCTION_CHARS or not _CJK_CHAR.match(head):
            continue
        name = norm[at : at + 2]
        if water == "江" and word_tag(name) != "ns":
            continue  # 围江, 过江: rivers called X江 are few and the dictionary knows them
        seen[name] = seen.get(name, 0) + 1
        hits.append(at)
    out = []
    for at in hits:
        end = at + 2
        name = norm[at:end]
        if any(t.startswith(name) for t in longer):
            continue
        if (at, end) in covered or any(c.start < at < c.end or c.start < end < c.end for c in cands):
            continue  # part of a longer known name (长江, 九江市, 龙溪河)
        # the name opens a word: a bound before it, or a function character
        # that jieba glued to it (对泪河)
        if at > 0 and at not in ctx.bounds and norm[at - 1] not in _FUNCTION_CHARS:
            continue
        listed = norm[at - 1 : at] == "、" or norm[end : end + 1] == "、"
        if end < len(norm) and end not in ctx.bounds and not norm.startswith(context, end):
            continue  # 河长, 江山: the water character begins a longer word
        if not (listed or seen[name] >= 2 or norm.startswith(context, end)):
            continue
        out.append(Candidate(at, end, TYPE, "River", "place.river.one-char", key=name, priority=1))
    return out


@functools.cache
def _river_context() -> tuple[str, ...]:
    """Words after a river's name that show it is one (入海口, 汛期), longest first."""
    return tuple(sorted(lexicon("place_river_context"), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def river_reaches() -> tuple[str, ...]:
    """长江上游, 淮河下游: a known river and its reach, which jieba tags as an idiom."""
    return tuple(sorted(name + r for name, subtype in _named().items() if subtype == "River" for r in _REACHES))


def _from_named(ctx: DocContext) -> list[Candidate]:
    out = []
    named = _named()
    names = _named_words()
    for i, at in occurrences(ctx.norm, names):
        name = names[i]
        out.append(Candidate(at, at + len(name), TYPE, named[name], "place.named", key=name, priority=2))
    return out


@functools.lru_cache(maxsize=1)
def _named_words() -> tuple[str, ...]:
    """The named places, in name order (as occurrences() takes them)."""
    return tuple(sorted(_named()))


@functools.lru_cache(maxsize=1)
def _not_names() -> tuple[str, ...]:
    """The phrases of place_not_names.txt, in order (as occurrences() takes them)."""
    return tuple(sorted(lexicon("place_not_names")))


def _from_gazetteer(ctx: DocContext) -> list[Candidate]:
    gaz = gazetteer()
    if gaz is None:
        return []
    try:
        hits = gaz.scan(ctx.norm, ctx.home, ctx.bounds, names=ctx.division_names())
    except Exception:
        return []
    out: list[Candidate] = []
    prev: tuple[int, Any] | None = None
    prev_short = False
    for hit in hits:
        div = _resolve(gaz, hit, ctx)
        if div is None or _common_word_short(gaz, hit, div, ctx, prev):
            prev = None
            continue
        subtype = div.cls
        body = next((b for b in _BODY_TAILS if hit.name.endswith(b) and len(hit.name) > len(b) + 1), None)
        if body:
            # X经济开发区管委会 listed as a division: the zone is the place, the committee a body.
            end = hit.end - len(body)
            out.append(
                Candidate(hit.start, end, TYPE, subtype, "place.gazetteer", key=div.name[: -len(body)], priority=3)
            )
            prev = None
            continue
        out.append(
            Candidate(hit.start, hit.end, TYPE, subtype, "place.gazetteer", key=div.name, priority=3, division=div.key)
        )
        # 宿迁宿豫 / 安徽宣城: a division written right after its parent's short name is
        # one name; after the full name (宿迁市宿豫区) each is a name of its own.
        if prev is not None and prev[0] == hit.start and prev_short and _is_parent(gaz, prev[1], div):
            parent = out[-2]
            start = parent.start
            out.append(
                Candidate(
                    start,
                    hit.end,
                    TYPE,
                    subtype,
                    "place.gazetteer.compound",
                    key=div.name,
                    priority=3,
                    division=div.key,
                )
            )
            # The parent is a place of its own (宿迁市 beside 宿豫区).
            out.append(dataclasses.replace(parent, inside=(start, hit.end)))
        prev = (hit.end, div)
        prev_short = hit.name != div.name
    return out


def _common_word_short(gaz: Any, hit: Any, div: Any, ctx: DocContext, prev: tuple[int, Any] | None) -> bool:
    """公安 (公安县), 平安 (平安区): a county's short name that the dictionary knows as a common word.

    Written right after its parent (荆州公安) it is the county all the same.
    """
    if hit.name == div.name or div.level != "county":
        return False
    if prev is not None and prev[0] == hit.start and _is_parent(gaz, prev[1], div):
        return False
    return word_tag(hit.name) not in _NAME_TAGS


def _resolve(gaz: Any, hit: Any, ctx: DocContext) -> Any | None:
    cands = list(hit.candidates)
    return cands[0] if len(cands) == 1 else gaz.resolve(hit.name, ctx.home)


def _is_parent(gaz: Any, parent: Any, child: Any) -> bool:
    """Whether ``parent`` is one of ``child``'s ancestors."""
    return parent.key in [d.key for d in gaz.chain(child.key)[1:]]


@functools.cache
def _site_name_words() -> frozenset[str]:
    """Words a site's name may hold although their tags end other names: verbs of names, locatives, river reaches."""
    return lexicon("org_name_verbs") | _LOCATIVES | set(river_reaches())


def _from_suffixes(ctx: DocContext, known: list[Candidate]) -> list[Candidate]:
    norm = ctx.norm
    generic = lexicon("place_generic")
    keep = lexicon("org_name_verbs")
    known_ends: dict[int, list[int]] = {}
    for k in known:
        known_ends.setdefault(k.end, []).append(k.start)
    # Positions strictly inside a known name (any(k.start < pos < k.end for k in known), made once).
    inside_known: set[int] | None = None
    keep_site = _site_name_words()
    out: list[Candidate] = []
    taken_ends: set[int] = set()  # 高新区 already read: its 区 is no district suffix
    index = _suffixes_by_char()
    for pos in _suffix_positions(norm):
        for suffix, subtype, lo, hi in index[norm[pos]]:
            if not norm.startswith(suffix, pos):
                continue
            end = pos + len(suffix)
            if end in taken_ends:
                break
            taken_ends.add(end)
            if subtype == "River":
                if inside_known is None:
                    inside_known = {i for k in known for i in range(k.start + 1, k.end)}
                if pos in inside_known:
                    break  # 沿长江, 新镇江: the water character closes a known name
            tail = _ROAD_TAIL.match(norm, end) if subtype == "Road" else None
            if tail:
                end = tail.end()  # 路北延: jieba's word 路北 is no reason to reject the road
            elif not _suffix_ends_word(ctx, pos, end, generic):
                continue
            if _inside_generic(norm, pos, end, generic) or _inside_verb(ctx, pos):
                continue
            stop_tags = _ROAD_STOP_TAGS if subtype == "Road" else _STOP_TAGS
            # 沿江党建展示馆, 长江上游生态保护展示馆: a site is named after where it stands
            keep_here = keep_site if subtype == "Facility" else keep
            starts = ctx.name_starts(pos, hi, stop_tags=stop_tags, keep=keep_here)
            starts = _from_known(starts, pos, known_ends)
            if subtype in ZONE_SUBTYPES:
                starts += _locative_after_known(ctx, starts[-1] if starts else pos, known_ends)
            area = _area_before(norm, starts[-1]) if starts and subtype == "Facility" else None
            if area is not None:
                starts.append(area)
            if starts and (_rank_first(ctx, starts[-1], pos) or _honoured(ctx, starts[-1])):
                starts = []  # 国家生态文明建设示范区, 省级X园区, 被评为市级生态文明村: an honour or a category
            for start in starts:
                name = norm[start:pos]
                if len(name) < lo or norm[start:end] in generic:
                    continue
                if (
                    not ctx.good_first_word(start, pos)
                    and not _AREA.match(norm, start)
                    and not (subtype == "Facility" and norm.startswith(river_reaches(), start))
                    and not _adjective_road(ctx, start, pos, subtype)
                ):
                    continue
                if not (_proper(name, generic, digits=lo == 1) or _common_name_ok(ctx, start, pos, suffix, subtype)):
                    continue
                if (
                    subtype in _NEEDS_PROPER
                    and not _named_by_common_word(suffix)
                    and not _has_proper_word(ctx, start, pos, known)
                ):
                    continue
                if (
                    subtype in _DIVISIONS_NEED_PROPER
                    and not _has_proper_word(ctx, start, pos, known)
                    and not _DIVISION_CONTEXT.match(norm, end)
                ):
                    continue  # 每名县领导, 党员责任区: no county, no district
                if subtype == "Village" and _COMMITTEES.match(norm, end):
                    continue  # 选优配强村“两委”班子: the village committees, no village
                key = _zone_key(norm[start:end])
                out.append(Candidate(start, end, TYPE, subtype, f"place.suffix.{suffix}", key=key, priority=1))
            quoted = ctx.quoted_start(starts[-1] if starts else pos) if subtype == "Facility" else None
            if quoted is not None:
                span = norm[quoted:end]
                out.append(Candidate(quoted, end, TYPE, subtype, "place.suffix.quoted", key=name_key(span), priority=1))
            break  # the longest suffix at this position decides
    return out


@functools.lru_cache(maxsize=1)
def _enumeration_pattern() -> re.Pattern[str]:
    cats = sorted((line.split("\t")[0] for line in lexicon("place_categories")), key=lambda w: (-len(w), w))
    # an item holds no 等 and ends on no digit (东湖村等5个村: the count is no part of it)
    item = r"(?:(?!等)[\u4e00-\u9fff0-9]){1,5}(?:(?!等)[\u4e00-\u9fff])"
    count = r"(?:[两二三四五六七八九十0-9]+个)"
    return re.compile(rf"({item}(?:、{item})*)(?:等{count}?|{count})({'|'.join(map(re.escape, cats))})")


@functools.lru_cache(maxsize=1)
def _enumeration_anchor() -> re.Pattern[str]:
    """等 or 个 right before a category word: every enumeration holds one (等村, 两个村, 等5个村)."""
    cats = sorted((line.split("\t")[0] for line in lexicon("place_categories")), key=lambda w: (-len(w), w))
    return re.compile(f"[等个](?:{'|'.join(map(re.escape, cats))})")


# Characters an enumeration is made of (those of _enumeration_pattern: CJK, digits, 、).
# The categories are CJK words; a lexicon line with other characters would need them here.
_ENUMERATION_CHAR = "\u4e00-\u9fff0-9、"
_ENUMERATION_BREAK = re.compile(f"[^{_ENUMERATION_CHAR}]")


def _enumerations(norm: str) -> list[re.Match[str]]:
    """The matches of _enumeration_pattern in ``norm``, as its finditer gives them.

    The pattern, tried at every position of a text, backtracks over up to six
    characters at each (the most costly step of place recognition). A match
    lies within one run of its characters and holds an anchor (等村, 个村):
    the pattern is run over the runs that hold an anchor only, from the
    run's start, as finditer over the whole text would reach it.
    """
    pattern = _enumeration_pattern()
    out: list[re.Match[str]] = []
    reverse = ""
    done = 0  # end of the last run searched
    for anchor in _enumeration_anchor().finditer(norm):
        if anchor.start() < done:
            continue  # in the run already searched
        if not reverse:
            reverse = norm[::-1]
        # the run's start: after the last character before the anchor that is no part of an enumeration
        brk = _ENUMERATION_BREAK.search(reverse, len(norm) - anchor.start())
        start = len(norm) - brk.start() if brk else 0
        brk = _ENUMERATION_BREAK.search(norm, anchor.end())
        done = brk.start() if brk else len(norm)
        out.extend(pattern.finditer(norm, start, done))
    return out


def _enumerated(ctx: DocContext, known: list[Candidate]) -> list[Candidate]:
    """东湖等村, 青松、白杨两个村, 甲园、乙园等安置区: bare names counted under a category."""
    norm = ctx.norm
    cats = _categories()
    generic = _generic_or_stop()
    keep = lexicon("org_name_verbs")
    known_ends = {(k.start, k.end) for k in known}
    out = []
    for m in _enumerations(norm):
        if m.end() < len(norm) and m.end() not in ctx.bounds:
            continue
        _, subtype, key_suffix = cats[m.group(2)]
        items = []
        pos = m.start(1)
        for part in m.group(1).split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        # The first item reaches left only as far as a name does.
        first_end = items[0][1]
        starts = [s for s in ctx.name_starts(first_end, 6, stop_tags=_STOP_TAGS, keep=keep) if first_end - s >= 2]
        starts = [s for s in starts if s >= items[0][0] and ctx.good_first_word(s, first_end)]
        if not starts:
            items = items[1:]
        else:
            items[0] = (starts[-1], first_end)
        for start, end in items:
            listed = start > 0 and norm[start - 1] == "、"
            # 罗岭镇前进村: an item opening with a known place or a town names the place after it
            start = max((e for s, e in known_ends if s == start and e < end - 1), default=start)
            town = _TOWN_IN_ITEM.match(norm, start, end)
            if town and subtype == "Village" and end - town.end() >= 2:
                start = town.end()
            name = norm[start:end]
            own = any(name.endswith(sfx) and sub == subtype for sfx, sub, _, _ in _suffixes())
            if own and not (listed and key_suffix != "-" and name.endswith(key_suffix)):
                continue  # 幸福大道 among 道路 carries its own suffix: the suffix rule reads it
            # a listed village is read without its suffix: 前进村 holds the generic word 进村
            if name in generic or not _proper(name[: -len(key_suffix)] if own else name, generic):
                continue
            if not listed and not ctx.good_first_word(start, end):
                continue  # between 、 an item needs no test of its first word (桥东村、幸福村等村)
            if start not in ctx.bounds:
                continue
            key = name + ("" if key_suffix == "-" or name.endswith(key_suffix) else key_suffix)
            out.append(Candidate(start, end, TYPE, subtype, "place.enumerated", key=name_key(key), priority=0))
    return out


# A village or community named right after its town (白杨街道|幸福社区).
_VILLAGE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:社区|村)")
# Tags of words that open no village name: pronouns, numerals, measure and function words (各村, 所有村).
_NOT_VILLAGE_TAGS = frozenset({"r", "m", "q", "p", "c", "u", "d", "f", "b"})


def _villages_after_towns(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """白杨街道幸福社区, 罗岭镇团结村: a village written right after its town is one, even named by a common word.

    Villages and communities are often named by a wish or a virtue (幸福, 团结,
    胜利), which the suffix rule takes for an adjective or a verb opening no
    name; after a town the word is the name of one of its villages. A
    category (贫困村, 重点村) or a count (各村, 所有村) still names none.
    """
    norm = ctx.norm
    generic = _generic_or_stop()
    starts = {c.start for c in cands if c.type == TYPE and c.subtype == "Village"}
    out = []
    for town in cands:
        if town.type != TYPE or town.subtype != "Town" or town.end in starts:
            continue
        m = _VILLAGE_AFTER.match(norm, town.end)
        if m is None or (m.end() < len(norm) and m.end() not in ctx.bounds) or _COMMITTEES.match(norm, m.end()):
            continue
        name = m.group(1)
        first_end = min(ctx.word_at(town.end)[1], m.end(1))
        if name[0] in _FUNCTION_CHARS or word_tag(norm[town.end : first_end]) in _NOT_VILLAGE_TAGS:
            continue
        if not _proper(name, generic):
            continue
        out.append(
            Candidate(
                town.end, m.end(), TYPE, "Village", "place.village_after_town", key=name_key(m.group()), priority=1
            )
        )
        starts.add(town.end)
    # Named so once, the village is meant wherever its name stands alone in the report.
    for name in sorted({norm[c.start : c.end] for c in out}):
        for start in _occurrences(norm, name):
            end = start + len(name)
            if start not in starts and start in ctx.bounds and (end == len(norm) or end in ctx.bounds):
                out.append(
                    Candidate(start, end, TYPE, "Village", "place.village_again", key=name_key(name), priority=0)
                )
    return out


@functools.cache
def _categories() -> dict[str, list[str]]:
    """The rows of place_categories.txt by their category word."""
    return {row[0]: row for row in (line.split("\t") for line in lexicon("place_categories"))}


@functools.cache
def _generic_or_stop() -> frozenset[str]:
    return lexicon("place_generic") | lexicon("place_stop_words")


def _adjective_road(ctx: DocContext, start: int, pos: int, subtype: str) -> bool:
    """幸福大道, 光明路: a road may be named by one adjective."""
    return subtype == "Road" and ctx.word_at(start)[1] == pos and word_tag(ctx.norm[start:pos]) == "a"


def _area_before(norm: str, start: int) -> int | None:
    """Start of a counted area (千亩, 5000亩) written right before ``start``."""
    for m in _AREA.finditer(norm, max(0, start - 8), start):
        if m.end() == start:
            return m.start()
    return None


def _named_by_common_word(suffix: str) -> bool:
    """Halls and squares are often named by a common word (水利展示馆, 市民广场)."""
    return suffix.endswith(("馆", "广场"))


def _honoured(ctx: DocContext, start: int) -> bool:
    """被评为市级生态文明村: a name right after an honour verb (its rank, generic words between) is the honour."""
    norm = ctx.norm
    generic = lexicon("place_generic")
    i = start
    while i > 0:
        ws = ctx.word_start[i - 1]
        word = norm[ws:i]
        if word in generic or word in _honour_levels():
            i = ws
            continue
        return norm[max(0, i - 4) : i].endswith(_honour_verbs())
    return False


@functools.lru_cache(maxsize=1)
def _honour_verbs() -> tuple[str, ...]:
    return tuple(sorted(lexicon("program_honour_verbs"), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _honour_levels() -> frozenset[str]:
    return lexicon("program_honour_levels")


def _rank_first(ctx: DocContext, start: int, pos: int) -> bool:
    """The name opens with a rank word (国家, 省级, 全国): a title, not a place."""
    end = start + 1
    while end < pos and end not in ctx.bounds:
        end += 1
    return ctx.norm[start:end] in _RANKS


def _common_name_ok(ctx: DocContext, start: int, pos: int, suffix: str, subtype: str) -> bool:
    """人民路, 青年路, 水利展示馆: roads and halls are often named by one common word."""
    if subtype != "Road" and not _named_by_common_word(suffix):
        return False
    word_end = start + 1
    while word_end < pos and word_end not in ctx.bounds:
        word_end += 1
    name = ctx.norm[start:pos]
    if suffix.endswith("馆"):
        return True  # 水利展示馆, 丝绸文化展示馆: a hall named by its topic is one hall
    if name in lexicon("place_road_kinds") or (subtype != "Road" and name in lexicon("place_generic")):
        return False  # 文化广场 names a kind of square; 人民路 is still one road
    return word_end == pos and len(name) >= 2 and word_tag(name)[:1] in ("n", "t")


def _has_proper_word(ctx: DocContext, start: int, pos: int, known: list[Candidate]) -> bool:
    """The name of a zone, park or site holds a proper part: a known place, a
    proper noun, a number, or a word jieba does not know (cut into single
    characters: 同泰, 自贸). 物流园区, 人工生态林, 绿色发展示范区 hold none."""
    if any(start <= k.start and k.end <= pos for k in known) or _AREA.match(ctx.norm, start):
        return True
    ws, we = ctx.word_at(ctx.word_start[start])
    if we > pos and word_tag(ctx.norm[ws:we])[:2] in ("ns", "nt", "nz"):
        return True  # jieba knows the whole name (武汉东湖新技术开发区)
    norm = ctx.norm
    words = []
    i = start
    while i < pos:
        j = i + 1
        while j < pos and j not in ctx.bounds:
            j += 1
        words.append(norm[i:j])
        i = j
    generic = _place_or_org_generic()
    run = ""
    for i, w in enumerate(words):
        if word_tag(w)[:2] in ("ns", "nr", "nz", "nt") or w.isdigit():
            return True
        if w in _TOPONYM_CHARS and i > 0 and len(words[i - 1]) >= 2 and words[i - 1] not in generic:
            return True  # 金砂湾, 江豚湾: a word and 湾 / 港 / 洲 name a place jieba does not know
        run = run + w if len(w) == 1 and w not in _FUNCTION_CHARS else ""
        # 实训 cut into 实|训 is a generic word all the same, no unknown name
        if len(run) >= 2 and run not in generic and run[-2:] not in generic:
            return True
    return False


@functools.cache
def _place_or_org_generic() -> frozenset[str]:
    return lexicon("place_generic") | lexicon("org_generic")


def _locative_after_known(ctx: DocContext, start: int, known_ends: dict[int, list[int]]) -> list[int]:
    """江城沿海化工园区: a locative word (沿海, 沿江) between a known place and a zone's suffix is part of its name.

    Alone, such a word names no zone (沿江化工园区 is a category); after a
    place's name it places the zone, as many zones are named.
    """
    if start == 0:
        return []
    ws = ctx.word_start[start - 1]
    if ctx.norm[ws:start] not in _LOCATIVES or ws not in known_ends:
        return []
    return sorted(known_ends[ws], reverse=True)


def _from_known(starts: list[int], pos: int, known_ends: dict[int, list[int]]) -> list[int]:
    """淮河流域, not 镇淮河流域: a known place right before the suffix opens the name.

    The name may still reach further left over another known place written
    right before it (宿迁宿豫区, 安徽宣城新材料产业园区 are handled as compounds).
    """
    opens = known_ends.get(pos)
    if not opens:
        return starts
    first = min(opens)
    allowed = {first}
    frontier = [first]
    while frontier:
        at = frontier.pop()
        for s in known_ends.get(at, []):
            if s not in allowed:
                allowed.add(s)
                frontier.append(s)
    return [s for s in starts if s >= first or s in allowed]


def _inside_verb(ctx: DocContext, pos: int) -> bool:
    """医生进村, 干部驻村: the suffix closes a verb (进村, 驻村), not a name."""
    if pos in ctx.bounds:
        return False  # a word starts at the suffix
    ws = ctx.word_start[pos]
    _, end = ctx.word_at(ws)
    return word_tag(ctx.norm[ws:end])[:1] == "v"


def _inside_generic(norm: str, pos: int, end: int, generic: frozenset[str]) -> bool:
    """区镇, 镇街, 强市, 出路, 小区: the suffix is part of a longer generic word."""
    suffix = norm[pos:end]
    reach, pattern = _generic_holding_pattern(suffix, generic)
    if pos >= reach:
        return pattern.match(norm, pos) is not None
    # Near the start of the text a word's start may lie before it, where startswith
    # counts from the end of the text: read the words one by one, as ever.
    return any(norm.startswith(word, pos - offset) for word, offset in _generic_holding(suffix, generic))


@functools.cache
def _generic_holding_pattern(suffix: str, generic: frozenset[str]) -> tuple[int, re.Pattern[str]]:
    """The generic words holding ``suffix`` as one pattern, matched where the suffix starts.

    Equivalent to trying each word of _generic_holding at its offset (31
    words hold 区, 28 路), at a position with at least the longest offset of
    text before it (the first value): one match in C instead of a call per word.
    """
    rows = _generic_holding(suffix, generic)
    # the word from the suffix on, then the whole word right before that end
    alternatives = [re.escape(word[offset:]) + (f"(?<={re.escape(word)})" if offset else "") for word, offset in rows]
    reach = max((offset for _, offset in rows), default=0)
    return reach, re.compile("|".join(alternatives) or "(?!)")


@functools.cache
def _generic_holding(suffix: str, generic: frozenset[str]) -> tuple[tuple[str, int], ...]:
    """Generic words longer than ``suffix`` that hold it, with its offsets in them."""
    rows = []
    for word in sorted(generic):
        if len(word) <= len(suffix):
            continue
        at = word.find(suffix)
        while at >= 0:
            rows.append((word, at))
            at = word.find(suffix, at + 1)
    return tuple(rows)


def _suffix_ends_word(ctx: DocContext, pos: int, end: int, generic: frozenset[str]) -> bool:
    """Reject 村镇, 市场, 道路: the suffix must close its word, which is no generic word.

    Nor, for a one-character suffix of a division or water (区, 村, 乡, 河),
    a common word that the dictionary knows whole (责任区, 行政村, 院区,
    鱼米之乡): such a name is a proper noun or unknown to it. Roads are
    exempt: 南|通路, 站前|路 are cut across their names.
    """
    if end < len(ctx.norm) and end not in ctx.bounds:
        return False
    if end - pos == 1 and pos in ctx.bounds:
        return True  # a one-character suffix that is a word of its own (word_start[pos] == pos)
    word_start = ctx.word_start[end - 1]
    if word_start == pos:
        return True
    word = ctx.norm[word_start:end]
    if word in generic:
        return False
    return end - pos > 1 or ctx.norm[pos:end] in _ROAD_SUFFIXES or word_tag(word)[:2] in _NAME_TAGS


@functools.lru_cache(maxsize=1 << 14)
def _proper(name: str, generic: frozenset[str], *, digits: bool = False) -> bool:
    """True when the name holds more than generic words, digits and directions.

    With ``digits`` a number alone is a name (318国道, 204国道); otherwise a
    counted thing is none (25项镇, 14项村).
    """
    rest = name
    for word in _longest_first(generic):
        if word in rest:
            rest = rest.replace(word, "")
    if digits and rest.isdigit():
        return True
    has_digit = bool(re.search(r"[0-9]", rest))
    rest = re.sub(r"[0-9]", "", rest)
    if not rest or all(c in _DIRECTIONS for c in rest):
        return False
    # 好农村路, 新城区: one character left beside generic words is a modifier, not a name.
    return not (len(rest) == 1 and (has_digit or len(name) >= 2))


@functools.lru_cache(maxsize=8)
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    """Longest first; words of one length in a fixed order, so removals do not depend on set order."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _zone_key(name: str) -> str:
    """Canonical name of a zone: X国家高新区 is X高新区."""
    return name_key(name.replace("国家高新区", "高新区"))


def _sections(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """长江南京段: a river, a place name and 段 name one stretch of the river."""
    norm = ctx.norm
    out = []
    rivers = [c for c in cands if c.subtype == "River"]
    for river in rivers:
        for suffix, pattern in _section_patterns():
            m = pattern.match(norm, river.end)
            # No word-bound test at the section's end: the one written here read
            # `end in bounds | {end}`, always true, and copied the bounds per river.
            if m:
                subtype = "Region" if suffix == "流域" else "River"
                out.append(Candidate(river.start, m.end(), TYPE, subtype, "place.section", priority=2))
                break
    return out


@functools.lru_cache(maxsize=1)
def _section_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """A place name and a section word (南京段, 岸段, 流域), longest word first."""
    words = sorted(lexicon("place_sections"), key=lambda w: (-len(w), w))
    return [(w, re.compile(r"[\u4e00-\u9fff]{2,4}?" + re.escape(w))) for w in words]


def _bracket_aliases(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """苏州高新区(虎丘区): one place, the bracketed name its alias."""
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
