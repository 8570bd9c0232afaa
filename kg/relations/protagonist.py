"""The report's protagonist: the district, park, town or body whose work it reports.

Most relations of the genre have an elided subject (一是组建…, 深入开展…):
the actor is the report's own protagonist. A file may hold several articles
(each closed by an author note such as ``(作者单位:…)``), each with its own
protagonist. Evidence, strongest first:

1. a title of the form ``地名:标题`` (淮安清江浦:…) names it;
2. a subtitle ``关于X…的调研报告`` names it, and so does the title of a
   place's own work report (X县2023年政府工作报告);
3. otherwise the organization or place most often standing as a clause
   subject, favouring names whose ending agrees with the dominant anaphor
   (全区, 区镇, 园区…) and names in the header lines;
4. an anaphor-matching name at a clause start that no recognizer found
   (X园区扬帆起航) becomes a new mention;
5. the unit of the author note, as a last resort.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..entities.context import occurrences
from ..model import Mention, Sentence, SourceText
from ..normalize import name_key
from . import clauses, tables

# (作者单位:X) / (作者系X书记): closes an article and names its author's unit.
AUTHOR_NOTE = re.compile(r"\(\s*作者(?:单位\s*[:为是]?|系|为|是|均系|均为)\s*([^()\n]{2,60})\)")
_TITLE_PREFIX = re.compile(r"([\u4e00-\u9fff]{2,8})[:]")
# What a government's own report is called after its place (2023年政府工作报告, 人民政府工作报告).
_REPORT_KIND = re.compile(r"(?:[0-9]{4}年(?:度)?)?(?:人民)?政府工作报告")
_YEAR_ONLY = re.compile(r"\s*(?:[0-9]{4}年(?:度)?)?\s*")
_SUBTITLE = re.compile(r"关于([\u4e00-\u9fff]{2,12}?(?:镇|乡|街道|村|区|县|市|园区|开发区))")
_HEADER_LINES = 4
# Subtype of a protagonist mention found here, by its name ending.
_ENDING_SUBTYPE = (
    ("开发区", "DevelopmentZone"),
    ("高新区", "DevelopmentZone"),
    ("新区", "DevelopmentZone"),
    ("园区", "IndustrialPark"),
    ("街道", "Town"),
    ("镇", "Town"),
    ("乡", "Town"),
    ("区", "District"),
    ("县", "County"),
    ("市", "City"),
)
_RULE = "protagonist"
# The narrowest level (relation_place_levels) a place after a title's colon may have to be
# the report's own actor: divisions, zones and villages, not roads or sites.
_TOWN_OR_VILLAGE = 5


@dataclass(frozen=True)
class Article:
    """One article of a file, with its protagonist."""

    start: int
    end: int
    protagonist: Mention | None
    how: str  # which evidence found the protagonist
    note: Mention | None = None  # the unit named by the author note, if any
    region: Mention | None = None  # the broader place a title prefix names first (宿迁 of 宿迁宿豫:…)


def articles(src: SourceText, sentences: list[Sentence], index: clauses.Index) -> list[Article]:
    """Split the file into articles and find each one's protagonist."""
    norm = src.norm
    bounds = []
    start = 0
    for m in AUTHOR_NOTE.finditer(norm):
        line_end = norm.find("\n", m.end())
        end = len(norm) if line_end < 0 else line_end
        if norm[end - 1 : end].strip() or end > start:
            bounds.append((start, end))
            start = end
    if norm[start:].strip() or not bounds:
        bounds.append((start, len(norm)))
    out = []
    for a, b in bounds:
        sents = [s for s in sentences if a <= s.start < b]
        out.append(_find(src, a, b, sents, index))
    return out


def _find(src: SourceText, a: int, b: int, sents: list[Sentence], index: clauses.Index) -> Article:
    norm = src.norm
    header = _header_lines(norm, a, b)
    note = _note_unit(norm, a, b, index)
    by_title = _from_title(src, header, a, b, index)
    if by_title:
        return Article(a, b, by_title[0], by_title[1], note, by_title[2])
    found = _from_subtitle(src, header, a, b, index)
    if found:
        return Article(a, b, found[0], found[1], note)
    reporting = _from_report_title(header, index)
    if reporting is not None:
        return Article(a, b, reporting, "title-report", note)
    votes, anaphor_counts = _votes(sents, index)
    endings = _dominant_endings(anaphor_counts)
    header_end = header[-1][1] if header else a
    title = norm[header[0][0] : header[0][1]] if header else ""
    freq = Counter((m.type, m.key) for m in index.within(a, b) if m.type in clauses.ACTOR_TYPES)
    first: dict[tuple[str, str], Mention] = {}
    for m in index.within(a, b):
        if m.type in clauses.ACTOR_TYPES:
            first.setdefault((m.type, m.key), m)
    strong: list[tuple[float, int, Mention]] = []
    weak: list[tuple[float, int, Mention]] = []
    for key, m in first.items():
        if not _plausible(m.key):
            continue
        rank = _ending_rank(m, endings)
        agrees = rank is not None
        titled = _in_title(m, title)
        score = 3 * votes[key] + freq[key] + (2 if m.start < header_end else 0) + (5 if titled else 0)
        if agrees:
            score += 4 + len(endings) - (rank or 0)
        # A repeated clause subject wins, even against the anaphors (a
        # bureau's report still says 我市 of its city); a name seen once is
        # too weak, as a recognizer may have cut it out of a verb phrase,
        # unless the title names it too.
        if votes[key] >= 2 or (votes[key] == 1 and (freq[key] >= 2 or titled) and (agrees or not endings)):
            strong.append((-score, m.start, m))
        elif agrees:
            weak.append((-score, m.start, m))
    if strong:
        return Article(a, b, min(strong, key=lambda t: t[:2])[2], "subject-votes", note)
    if endings:
        made = _from_clause_start(src, sents, endings, index)
        if made is not None:
            return Article(a, b, made, "clause-start-name", note)
    if weak:
        return Article(a, b, min(weak, key=lambda t: t[:2])[2], "anaphor-agreement", note)
    lead = _lead_subject(sents, header[0][1] if header else a, index)
    if lead is not None:
        return Article(a, b, lead, "lead-subject", note)
    actor = _note_actor(note, index.within(a, b)) if note is not None else None
    if actor is not None:
        return Article(a, b, actor, "author-note", note)
    return Article(a, b, None, "none", note)


def _lead_subject(sents: list[Sentence], title_end: int, index: clauses.Index) -> Mention | None:
    """The one body that opens the lead, the first sentence after the title (本报讯…今年以来,X街道党工委探索…).

    A news article states its protagonist as the subject of its lead; it
    is taken when nothing else points to one, and only a body (a place may
    be only the setting). A byline line without a subject is passed over.
    """
    for lead in [s for s in sents if s.start >= title_end][:2]:
        for ca, cb in clauses.split(index, lead.start, lead.end):
            group, _ = clauses.subject(index, ca, cb)
            if group:
                return group[0] if len(group) == 1 and group[0].type == "Organization" else None
    return None


def _header_lines(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """The first non-empty lines of an article (title, subtitle, byline)."""
    out: list[tuple[int, int]] = []
    pos = a
    while pos < b and len(out) < _HEADER_LINES:
        end = norm.find("\n", pos, b)
        end = b if end < 0 else end
        if norm[pos:end].strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _from_title(
    src: SourceText, header: list[tuple[int, int]], a: int, b: int, index: clauses.Index
) -> tuple[Mention, str, Mention | None] | None:
    """``地名:标题``: the place before the colon of the first line, and the broader place it names first.

    宿迁宿豫:… names the district 宿豫 in the city 宿迁; 江苏盐城:大丰区草庙镇…
    reports on the town the title names right after the colon.
    """
    if not header:
        return None
    la, lb = header[0]
    m = _TITLE_PREFIX.match(src.norm, la, lb)
    if not m:
        return None
    found = _title_prefix(src, la, m.end(1), a, b, index)
    if found is None:
        return None
    chain = _places_from(index, m.end(), lb)
    level = tables.place_level(chain[-1].key) if chain else None
    if chain and level is not None and level <= _TOWN_OR_VILLAGE:
        return chain[-1], "title-place", None
    return found[0], "title-prefix", found[1]


def _from_report_title(header: list[tuple[int, int]], index: clauses.Index) -> Mention | None:
    """青山县2023年政府工作报告: the place whose government reports (我们, 全县 in the text).

    The place opens the title (after a year, if any; after the broader
    places it lies in, if any: 江苏省泰兴市…) and the report's kind follows
    it at once; a body named in the title (东湖区人民政府工作报告) is left to
    the clause subjects and the title's votes.
    """
    if not header:
        return None
    la, lb = header[0]
    named = [m for m in index.within(la, lb) if m.type in clauses.ACTOR_TYPES]
    if not named or named[0].type != "Place" or not _YEAR_ONLY.fullmatch(index.norm, la, named[0].start):
        return None
    # 江苏省泰兴市2023年政府工作报告: the last of the places written back to back
    last = named[0]
    for m in named[1:]:
        if m.type != "Place" or m.start != last.end:
            break
        last = m
    return last if _REPORT_KIND.match(index.norm, last.end) else None


def _title_prefix(
    src: SourceText, la: int, end: int, a: int, b: int, index: clauses.Index
) -> tuple[Mention, Mention | None] | None:
    """The place (and the broader place before it) a title prefix such as 宿迁宿豫 names."""
    inside = [x for x in index.within(la, end) if x.type in clauses.ACTOR_TYPES]
    known = [x for x in index.within(a, b) if x.type == "Place"]
    if inside:
        places = [x for x in inside if x.type == "Place"]
        if len(places) >= 2 and places[-2].end == places[-1].start:
            return places[-1], places[-2]
        last = (places or inside)[-1]
        rest = name_key(src.norm[last.end : end])
        if last.type == "Place" and any(_short_of(rest, m.key) for m in known):
            # 江阴临港: the city is found, the zone after it (临港开发区 in the text) is the actor.
            return _make_short(src, last.end, end, known), last
        return last, None
    if index.within(la, end) or index.touches(la, end):
        return None
    name = src.norm[la:end]
    divs = _title_divisions(name)
    cut = None if divs else _split_places(name, known)
    if not divs and cut is None and not _placelike(name):
        return None  # 专家观点:… is a column name, not a place
    if divs:
        # 宿迁宿豫: each division under its full name and gazetteer key (so
        # that the district is the 宿豫区 of the text), the last the narrowest.
        made = [
            dataclasses.replace(_make(src, la + s, la + e, "Place", d.cls, key=d.name), division=d.key)
            for s, e, d in divs
        ]
        return made[-1], (made[-2] if len(made) > 1 else None)
    if cut is None:
        return _make(src, la, end, "Place", _subtype(name, "AdministrativeArea")), None
    broad = _make_short(src, la, la + cut, known)
    return _make_short(src, la + cut, end, known), broad


def _split_places(name: str, known: list[Mention]) -> int | None:
    """Where a title prefix of two place names (江苏盐城, 宿迁宿豫) divides, if it does.

    Where the gazetteer does not read it: the second part is the short name
    of a place the article names in full (宿豫 of 宿豫区), or both parts are
    proper nouns to the word list.
    """
    from ..entities.context import word_tag

    if any(name.endswith(e) for e, _ in _ENDING_SUBTYPE):
        return None
    for i in range(2, len(name) - 1):
        if any(_short_of(name[i:], m.key) for m in known):
            return i
    proper = {"ns", "nr", "nz"}
    if word_tag(name) in proper:
        return None
    for i in range(2, len(name) - 1):
        if word_tag(name[:i]) in proper and word_tag(name[i:]) in proper:
            return i
    return None


def _short_of(short: str, key: str) -> bool:
    """Whether ``short`` is ``key`` without its level ending (宿豫 of 宿豫区)."""
    return key.startswith(short) and any(key[len(short) :] == e for e, _ in _ENDING_SUBTYPE)


def _make_short(src: SourceText, start: int, end: int, known: list[Mention]) -> Mention:
    """A place written without its level (宿豫), keyed as the article's full name of it (宿豫区) if any."""
    short = name_key(src.norm[start:end])
    for m in known:
        if _short_of(short, m.key):
            return _make(src, start, end, "Place", m.subtype, key=m.key)
    return _make(src, start, end, "Place", "AdministrativeArea")


def _places_from(index: clauses.Index, pos: int, end: int) -> list[Mention]:
    """Places written back to back from ``pos`` (大丰区草庙镇 after a title's colon)."""
    out: list[Mention] = []
    while pos < end and index.norm[pos] == " ":
        pos += 1
    while pos < end:
        m = index.at.get(pos)
        if m is None or m.type != "Place" or m.end > end:
            break
        out.append(m)
        pos = m.end
    return out


def _title_divisions(name: str) -> list[tuple[int, int, Any]]:
    """The divisions a title prefix names when the gazetteer reads all of it: (start, end, division).

    宿迁宿豫 -> 宿迁市 (0, 2) and 宿豫区 (2, 4); an ambiguous name is resolved
    with the others as context; nothing when a part stays unread.
    """
    from ..entities.context import gazetteer

    gaz = gazetteer()
    if gaz is None:
        return []
    hits = gaz.scan(name)
    if not hits or hits[0].start != 0 or hits[-1].end != len(name):
        return []
    if any(a.end != b.start for a, b in zip(hits, hits[1:], strict=False)):
        return []
    context = [c.key for h in hits for c in h.candidates if len(h.candidates) == 1]
    out = []
    for h in hits:
        cands = list(h.candidates)
        div = cands[0] if len(cands) == 1 else gaz.resolve(h.name, context)
        if div is None:
            return []
        out.append((h.start, h.end, div))
    return out


def _placelike(name: str) -> bool:
    """Whether a title prefix that ``_split_places`` did not divide names a place.

    A level ending, gazetteer names from its first to its last character, or
    a proper noun to the word list (two proper nouns side by side were
    already divided).
    """
    if any(name.endswith(e) and len(name) > len(e) for e, _ in _ENDING_SUBTYPE):
        return True
    from ..entities.context import gazetteer, word_tag

    gaz = gazetteer()
    if gaz is not None:
        hits = gaz.scan(name)
        if hits and hits[0].start == 0 and hits[-1].end == len(name):
            return True
    return word_tag(name) in {"ns", "nr", "nz"}


def _from_subtitle(
    src: SourceText, header: list[tuple[int, int]], a: int, b: int, index: clauses.Index
) -> tuple[Mention, str] | None:
    """``关于X镇…的调研报告``: the place the report is about."""
    for la, lb in header:
        m = _SUBTITLE.search(src.norm, la, lb)
        if not m:
            continue
        name = m.group(1)
        inside = index.covering(m.start(1))
        if inside is not None and inside.type == "Place" and inside.start == m.start(1):
            return inside, "subtitle"
        for x in index.within(a, b):
            if x.type == "Place" and x.key == name_key(name):
                return x, "subtitle"
        made = _make_free(src, name, a, b, index)
        if made is not None:
            return made, "subtitle"
    return None


def _note_unit(norm: str, a: int, b: int, index: clauses.Index) -> Mention | None:
    """The organization named in the article's author note."""
    for m in AUTHOR_NOTE.finditer(norm, a, b):
        orgs = [x for x in index.within(m.start(1), m.end(1)) if x.type == "Organization"]
        if orgs:
            return orgs[0]
    return None


def _note_actor(note: Mention, mentions: list[Mention]) -> Mention | None:
    """The actor an author's unit stands for: a party committee acts for its town or body.

    作者系X镇党委书记 reports on the town X镇; a committee whose body is not
    named on its own in the article gives no actor rather than the wrong one.
    """
    stem = clauses.party_stem(note.key)
    if stem is None:
        return note
    for m in mentions:
        if m.type == "Place" and len(m.key) >= 2 and stem.endswith(m.key):
            return m
    return next((m for m in mentions if m.type == "Organization" and m.key == stem), None)


def _votes(sents: list[Sentence], index: clauses.Index) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """How often each actor is a clause subject, and how often each anaphor is used."""
    votes: Counter[tuple[str, str]] = Counter()
    anaphors: Counter[str] = Counter()
    norm = index.norm
    anaphor_re = clauses.words_re("anaphors")
    words = tables.words("anaphors")
    subject_only = tables.subject_anaphors()
    for s in sents:
        # A subject is a name in its clause: a sentence naming none (half of
        # them) gives no vote, and its clauses need not be found.
        naming = index.touches(s.start, s.end) or not index.all_cover
        for ca, cb in clauses.split(index, s.start, s.end) if naming else ():
            if index.all_cover and not index.touches(ca, cb):
                continue  # nor a clause naming nothing
            group, _ = clauses.subject(index, ca, cb)
            for m in group:
                votes[(m.type, m.key)] += 1
        if anaphor_re.search(norm, s.start, s.end) is None:
            continue  # no anaphor at all (most sentences): none to count
        # Each word's occurrences as find() from the sentence start would
        # count them, one after another without overlapping, in one scan of
        # the sentence instead of one per word.
        for i, pos in occurrences(norm[s.start : s.end], words):
            at = s.start + pos
            if index.covering(at) is None and (words[i] not in subject_only or _opens_clause(index, s, at)):
                anaphors[words[i]] += 1
    return votes, anaphors


def _opens_clause(index: clauses.Index, s: Sentence, at: int) -> bool:
    """Whether ``at`` is where a clause of sentence ``s`` states its subject (after its openers)."""
    return any(index.opener_end(ca, cb) == at for ca, cb in clauses.split(index, s.start, s.end))


def _dominant_endings(counts: Counter[str]) -> tuple[str, ...]:
    """Name endings of the protagonist that the most used anaphor implies (used 3+ times)."""
    if not counts:
        return ()
    word, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return tables.anaphors().get(word, ()) if n >= 3 else ()


def _in_title(m: Mention, title: str) -> bool:
    """Whether the title names the mention, in full or by its short name (宿豫 for 宿豫区)."""
    stem = m.key
    for ending, _ in _ENDING_SUBTYPE:
        if stem.endswith(ending) and len(stem) - len(ending) >= 2:
            stem = stem[: -len(ending)]
            break
    return len(stem) >= 2 and stem in name_key(title)


@functools.lru_cache(maxsize=1 << 14)
def _plausible(name: str) -> bool:
    """Whether a name can be the report's own actor: no verb of the genre inside it.

    Guards against a suffix rule that took a verb phrase along (充分发挥园区).
    """
    stem = name
    for ending, _ in _ENDING_SUBTYPE:
        if name.endswith(ending):
            stem = name[: -len(ending)]
            break
    return _verbs().search(stem) is None


@functools.cache
def _verbs() -> re.Pattern[str]:
    """Verbs of the genre (two characters or more) that a name does not contain."""
    verbs = set(tables.triggers()) | set(tables.other_words("place_stop_words"))
    return re.compile(tables.alternation([v for v in verbs if len(v) >= 2]) or "(?!)")


def _ending_rank(m: Mention, endings: tuple[str, ...]) -> int | None:
    """Position in ``endings`` of the first ending the mention's names have (None: no agreement)."""
    names = (m.key, *(name_key(a) for a in m.aliases))
    for rank, e in enumerate(endings):
        if any(n.endswith(e) and len(n) > len(e) for n in names):
            return rank
    return None


def _from_clause_start(
    src: SourceText, sents: list[Sentence], endings: tuple[str, ...], index: clauses.Index
) -> Mention | None:
    """A name with the anaphor's ending at a clause start that no recognizer found."""
    norm = src.norm
    ending = tables.alternation(list(endings))
    pattern = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:" + ending + ")")
    ending_re = re.compile(ending)
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for s in sents:
        if ending_re.search(norm, s.start, s.end) is None:
            continue  # the name ends with one of the endings: a sentence without any holds none
        for ca, cb in clauses.split(index, s.start, s.end):
            pos = index.opener_end(ca, cb)
            m = pattern.match(norm, pos, cb)
            if not m or m.end() >= cb or index.touches(m.start(), m.end()):
                continue
            name = m.group()
            if name in tables.anaphors() or norm[m.end()] in "的之" or not _plausible(name):
                continue
            counts[name] += 1
            first.setdefault(name, (m.start(), m.end()))
    # A name written once may be a phrase the pattern cut wrongly; the
    # report's own park or district is named more than once.
    names = [n for n in counts if norm.count(n, sents[0].start, sents[-1].end) >= 2] if sents else []
    if not names:
        return None
    name = sorted(names, key=lambda n: (-counts[n], first[n][0]))[0]
    start, end = first[name]
    return _make(src, start, end, "Place", _subtype(name, "AdministrativeArea"))


def _make_free(src: SourceText, name: str, a: int, b: int, index: clauses.Index) -> Mention | None:
    """A mention of ``name`` (or its short form without the level ending) outside other mentions."""
    short = name
    for ending, _ in _ENDING_SUBTYPE:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            short = name[: -len(ending)]
            break
    for form in (name, short):
        pos = src.norm.find(form, a, b)
        while pos >= 0:
            if not index.touches(pos, pos + len(form)):
                return _make(src, pos, pos + len(form), "Place", _subtype(name, "AdministrativeArea"), key=name)
            pos = src.norm.find(form, pos + 1, b)
    return None


def _subtype(name: str, default: str) -> str:
    for ending, subtype in _ENDING_SUBTYPE:
        if name.endswith(ending):
            return subtype
    return default


def _make(src: SourceText, start: int, end: int, type_: str, subtype: str, key: str = "") -> Mention:
    return Mention(
        doc_id=src.doc_id,
        start=start,
        end=end,
        text=src.text[start:end],
        type=type_,
        subtype=subtype,
        key=name_key(key or src.norm[start:end]),
        rule=_RULE,
    )
