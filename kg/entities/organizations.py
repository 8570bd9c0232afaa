"""Organization recognizer: head nouns with a name on their left, named bodies, brands.

Rules, all on ``norm``:

1. head nouns (org_heads.txt: 党工委, 委员会, 局, 指挥部, 研究院, 公司, 日报...)
   with the longest name leftwards (place + topic words) found by
   DocContext.name_starts; 中共 and a leading place are part of the name;
2. generic-but-specific bodies written without a place (市委, 区委, 省委,
   市委组织部, 市发改委): the key is scoped by the report's own division
   (DocContext.scope), so the same body gets the same key in every report;
3. national bodies and media by name (org_named.txt);
4. companies named by a brand and an industry word (XX科技, XX药业) when
   listed as such: the brand stands alone between delimiters;
5. a bracketed alias (中共X工委(Y区委)) joins the body it follows, and a head
   right after the bracket (…(Y区委)组织部) makes the department one name.

Party committees get one canonical key: ``中共`` + place + 委 (中共常州市委
for 常州市委, 中共常州市委, 中国共产党常州市委员会 alike).
"""

from __future__ import annotations

import functools
import re

from ..normalize import name_key
from . import Candidate
from .context import DocContext, lexicon, word_tag

TYPE = "Organization"

# Heads that name a body on their own in a report (scoped to its division).
_BARE = frozenset({"党中央", "省委", "市委", "区委", "县委", "党工委", "管委会"})
# Parts of speech an organization name does not contain.
_STOP_TAGS = frozenset({"p", "c", "u", "r", "m", "q", "t", "d", "ad", "vd", "z"})
# Level characters that open a generic name scoped by the report's division.
_LEVELS = "省市区县镇"
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_COMMITTEE = re.compile(r"^(.+?)(省委|市委|区委|县委|(?<!党)工委)$")
_BRACKET = re.compile(r"\(([^()\n]{2,16})\)")
# Delimiters around a listed brand name (金澳科技、永安药业等).
_DELIM = set("、,，;；:：。!?！？“”\"'()（）《》\n ") | set("和与及等")


@functools.lru_cache(maxsize=1)
def _heads() -> list[tuple[str, str, int]]:
    rows = []
    for line in lexicon("org_heads"):
        head, subtype, hi = line.split("\t")
        rows.append((head, subtype, int(hi)))
    return sorted(rows, key=lambda r: (-len(r[0]), r[0]))


@functools.lru_cache(maxsize=1)
def _named() -> list[tuple[str, str, str]]:
    return sorted(tuple(line.split("\t")) for line in lexicon("org_named"))  # type: ignore[misc]


def find(ctx: DocContext) -> list[Candidate]:
    """Organization candidates of one document (overlapping; select() flattens them)."""
    cands = _from_named(ctx) + _from_heads(ctx) + _brands(ctx)
    cands += _bracket_aliases(ctx, cands)
    return cands


def canonical(name: str) -> str:
    """One key per body: 中共常州市委 for 常州市委 and 中共常州市委 alike."""
    name = name_key(name)
    bare = _PARTY_PREFIX.sub("", name)
    if _COMMITTEE.match(bare):
        return "中共" + bare
    return bare if bare else name


def _from_named(ctx: DocContext) -> list[Candidate]:
    out = []
    for name, subtype, key in _named():
        for m in re.finditer(re.escape(name), ctx.norm):
            out.append(Candidate(m.start(), m.end(), TYPE, subtype, "org.named", key=key, priority=2))
    return out


def _from_heads(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    generic = lexicon("org_generic")
    place_generic = lexicon("place_generic")
    out: list[Candidate] = []
    taken_ends: set[int] = set()
    for pos in range(len(norm)):
        for head, subtype, hi in _heads():
            if not norm.startswith(head, pos):
                continue
            end = pos + len(head)
            if end in taken_ends:
                break
            if end < len(norm) and end not in ctx.bounds:
                continue  # 局部, 部门: the head runs on into another word
            word_start = ctx.word_start[end - 1]
            if word_start < pos and norm[word_start:end] in generic:
                continue  # 干部, 布局, 举办
            taken_ends.add(end)
            if head in _BARE and pos in ctx.bounds:
                out.append(_scoped(ctx, pos, end, subtype, "org.head.bare"))
            for start in ctx.name_starts(pos, hi, stop_tags=_STOP_TAGS):
                span = norm[start:end]
                name = norm[start:pos]
                if span in generic or not _proper(name, place_generic):
                    continue
                if span[0] in _LEVELS and len(name) >= 1 and (len(name) == 1 or name[1] in "委政"):
                    out.append(_scoped(ctx, start, end, subtype, f"org.head.scoped.{head}"))
                    continue
                if len(name) < 2:
                    continue
                out.append(Candidate(start, end, TYPE, subtype, f"org.head.{head}", key=canonical(span), priority=1))
            break
    return out


def _scoped(ctx: DocContext, start: int, end: int, subtype: str, rule: str) -> Candidate:
    span = name_key(ctx.norm[start:end])
    key = ctx.scope(span) if span[0] in _LEVELS else span
    return Candidate(start, end, TYPE, subtype, rule, key=canonical(key), priority=1)


def _proper(name: str, generic: frozenset[str]) -> bool:
    """A name is no generic word alone (各级, 相关) and no lone modifier."""
    if not name:
        return True
    if name in generic or name in lexicon("org_generic"):
        return False
    return not any(ch in "各诸该本其" for ch in name[:1])


def _brands(ctx: DocContext) -> list[Candidate]:
    """XX科技, XX药业 between delimiters: a company's short name."""
    norm = ctx.norm
    out = []
    for industry in sorted(lexicon("org_industry"), key=len, reverse=True):
        for m in re.finditer(re.escape(industry), norm):
            end = m.end()
            if end < len(norm) and norm[end] not in _DELIM and not norm.startswith(("公司", "集团"), end):
                continue
            for size in (2, 3, 4):
                start = m.start() - size
                if start < 0 or start not in ctx.bounds:
                    continue
                brand = norm[start : m.start()]
                if not all("\u4e00" <= c <= "\u9fff" for c in brand):
                    break
                if start > 0 and norm[start - 1] not in _DELIM:
                    continue
                if _common(brand):
                    break
                out.append(Candidate(start, end, TYPE, "Company", "org.brand", key=name_key(norm[start:end])))
                break
    return out


def _common(brand: str) -> bool:
    """A brand is no common word: no verb, adjective or generic modifier."""
    if brand in lexicon("place_generic") or brand in lexicon("place_stop_words"):
        return True
    tag = word_tag(brand)
    return tag[:1] in ("v", "a", "d", "m", "r", "p", "c", "u", "t", "f", "q") or tag in ("n", "vn", "l", "b")


def _bracket_aliases(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """中共X工委(Y区委): one body, the bracketed name its alias; (…)组织部 a department."""
    norm = ctx.norm
    inner_spans = {(c.start, c.end) for c in cands}
    out = []
    for c in sorted(cands, key=lambda c: (c.start, c.end, c.rule)):
        m = _BRACKET.match(norm, c.end)
        if not m or (m.start(1), m.end(1)) not in inner_spans:
            continue
        alias = ctx.src.text[m.start(1) : m.end(1)]
        key = c.key or canonical(norm[c.start : c.end])
        out.append(Candidate(c.start, m.end(), TYPE, c.subtype, "org.bracket_alias", key=key, priority=2, aliases=(alias,)))
        for head, subtype, _ in _heads():
            if norm.startswith(head, m.end()) and m.end() + len(head) in ctx.bounds:
                end = m.end() + len(head)
                out.append(Candidate(c.start, end, TYPE, subtype, "org.bracket_dept", key=canonical(norm[c.start : end]), priority=2))
                break
    return out
