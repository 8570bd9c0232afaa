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

Party committees get one canonical key: ``中共`` + place + 委 (中共苏州市委
for 苏州市委, 中共苏州市委, 中国共产党苏州市委员会 alike).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterable

from ..model import ZONE_SUBTYPES
from ..normalize import name_key
from . import Candidate
from .context import DocContext, by_first_char, first_chars, lexicon, occurrences, word_tag
from .places import river_reaches

TYPE = "Organization"

# Heads that name a body on their own in a report (scoped to its division).
_BARE = frozenset(
    {"党中央", "省委", "市委", "区委", "县委", "党工委", "管委会", "团省委", "团市委", "团区委", "团县委"}
)
# Parts of speech an organization name does not contain.
_STOP_TAGS = frozenset({"p", "c", "u", "r", "m", "q", "t", "d", "ad", "vd", "z", "v", "l", "i"})
# A body named after its task holds verbs (搬迁改造工作领导小组, 认定工作小组).
_TASK_STOP_TAGS = _STOP_TAGS - {"v"}
# Level characters that open a generic name scoped by the report's division.
_LEVELS = "省市区县镇"
# A party committee written right before its government, with no mark between (市委市政府).
_COMMITTEE_AND_GOVERNMENT = re.compile(r"([省市区县])委\1(?:人民)?政府$")
# 团县委, 共青团X县委: the Youth League's committees are no party committees.
_YOUTH_LEAGUE = "团"
# Levels of a town: a body scoped by one is the body of the town named before it.
_TOWN_LEVELS = ("镇", "乡")
# Rules whose keys are already canonical (scoped generic names, national bodies).
_FIXED_KEY_RULES = ("org.head.bare", "org.head.scoped", "org.named")
# Party branches named after the body they belong to (X局党委, X指挥部党总支).
_BRANCHES = ("党委", "党总支", "党支部", "党组", "总支", "支部")
_LEVEL_WORDS = frozenset({"中央", "国家", "省", "市", "区", "县", "镇"})
_LEVEL_HEADS = frozenset({"省委", "市委", "区委", "县委", "镇委"})
# Tags jieba gives some brands (兴发, 振华): verbs and adjectives.
_BRAND_VERB_TAGS = frozenset({"v", "a", "ad", "d", "vn"})
# A source line naming a newspaper (来源:江城大众报).
_SOURCE_PAPER = re.compile(r"(?:来源|稿源)[:：]\s*([\u4e00-\u9fff]{1,8}报)(?![\u4e00-\u9fff])")
# Heads of teams that the genre names only in quotes (“巾帼护水”志愿队); unquoted
# they are kinds of team (38支志愿服务队, 青年志愿服务队).
_QUOTED_ONLY = frozenset({"志愿服务队", "志愿队"})
# A count right before a name (3个, 十二个): several bodies of a kind, none named.
_COUNTED = re.compile(r"[0-9一二三四五六七八九十两几]+个$")
# Heads of the bodies that run a zone, left out of the name of a unit they set up.
_ZONE_BODY_HEADS = ("管理委员会", "管委会", "党工委", "工委")
# Characters that join two words inside a name (科学与技术, 碳纤维及复合材料).
_JOINS = "与及"
_JOIN_CHAR = re.compile(f"[{_JOINS}]")
# Dictionary tags of the words such a join may stand between: common nouns,
# verbal and adjectival nouns, abbreviations and verbs (保护与开发), never a
# place, person or other proper name.
_TOPIC_TAGS = frozenset({"n", "vn", "an", "j", "v"})
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_COMMITTEE = re.compile(r"^(.+?)(省委|市委|区委|县委|(?<!党)工委)$")
_BRACKET = re.compile(r"\(([^()\n]{2,16})\)")
# Delimiters around a listed brand name (华星科技、恒达药业等).
# Proper-noun tags of jieba (place, person, other proper name, organization).
_PROPER_TAGS = frozenset({"ns", "nr", "nz", "nt"})
# Characters that make a cut-up sequence no name (党的建设, 双碳建设).
_FUNCTION_CHARS = frozenset("的了着过和与及或等对为是在把被将从向于以之其各每双两全多")
_PREPOSITIONS = frozenset("以如像")
_DELIM = set("、,，;；:：。!?！？“”\"'()（）《》\n ") | set("和与及等")


@functools.lru_cache(maxsize=1)
def _heads() -> list[tuple[str, str, int]]:
    rows = []
    for line in lexicon("org_heads"):
        head, subtype, hi = line.split("\t")[:3]
        rows.append((head, subtype, int(hi)))
    return sorted(rows, key=lambda r: (-len(r[0]), r[0]))


@functools.lru_cache(maxsize=1)
def _task_heads() -> frozenset[str]:
    """Heads of bodies named after their task (领导小组, 专班): their names may hold verbs."""
    return frozenset(line.split("\t")[0] for line in lexicon("org_heads") if line.split("\t")[3:4] == ["task"])


@functools.lru_cache(maxsize=1)
def _heads_by_char() -> dict[str, list[tuple[str, str, int]]]:
    return by_first_char(_heads())


@functools.lru_cache(maxsize=1)
def _head_starts() -> re.Pattern[str]:
    return first_chars(_heads_by_char())


@functools.lru_cache(maxsize=1)
def _named() -> list[tuple[str, str, str]]:
    return sorted(tuple(line.split("\t")) for line in lexicon("org_named"))  # type: ignore[misc]


def find(ctx: DocContext) -> list[Candidate]:
    """Organization candidates of one document (overlapping; select() flattens them)."""
    cands = _from_named(ctx) + _from_heads(ctx) + _brands(ctx) + _listed_companies(ctx) + _source_media(ctx)
    cands += _zone_bodies(ctx)
    cands += _company_bodies(ctx)
    cands += _bracket_aliases(ctx, cands)
    cands += _parents_of_branches(ctx, cands)
    return cands


def _source_media(ctx: DocContext) -> list[Candidate]:
    """来源:江城大众报: the newspaper a report's source line names, whatever its name ends with."""
    return [
        Candidate(m.start(1), m.end(1), TYPE, "Media", "org.source", key=m.group(1), priority=1)
        for m in _SOURCE_PAPER.finditer(ctx.norm)
    ]


def _parents_of_branches(ctx: DocContext, cands: list[Candidate]) -> list[Candidate]:
    """市水务局党委, X指挥部党总支: the body that holds the party branch is an entity too."""
    out = []
    by_span = {(c.start, c.end): c for c in sorted(cands, key=lambda c: (c.start, c.end, -c.priority, c.rule))}
    for c in cands:
        if c.inside is not None:
            continue
        for branch in _BRANCHES:
            if not ctx.norm.startswith(branch, c.end - len(branch)):
                continue
            body = by_span.get((c.start, c.end - len(branch)))
            if body is not None and body.inside is None:
                out.append(dataclasses.replace(body, inside=(c.start, c.end)))
            break
    return out


def town_scoped(ctx: DocContext, chosen: list[Candidate]) -> list[Candidate]:
    """镇党委, 镇财政所: a town's body written without its town is the body of a town the report names.

    A report's home names no town, so such names are not scoped by it. The
    town is the report's own when one town dominates it and the paragraph
    names no other (a town's report names its partners in passing); else the
    town last named in the paragraph (在青山镇,镇党委书记…); else none.
    """
    towns = [c for c in chosen if c.type == "Place" and c.subtype == "Town" and (c.key or "").endswith(_TOWN_LEVELS)]
    counts = Counter(c.key for c in towns).most_common()
    dominant = None
    if counts and counts[0][1] >= 3 and (len(counts) == 1 or counts[0][1] > 2 * counts[1][1]):
        dominant = counts[0][0]
    # 村党支部: the village last named in the paragraph, else the one village the report names
    villages = [c for c in chosen if c.type == "Place" and c.subtype == "Village" and c.key]
    # 街道党工委: the street likewise, also one named only by its own body's name (白杨街道办事处…,街道办事处)
    streets = [c for c in chosen if c.type == "Place" and (c.key or "").endswith("街道") and len(c.key or "") > 2]
    streets = _in_order(streets + _named_by_bodies(chosen, _STREET_BODY))
    village_of_report, street_of_report = _the_one(c.key for c in villages), _the_one(c.key for c in streets)
    # A town is also named by its own body's name (青山镇党委…,镇党委书记: the same town).
    bodies = [c for c in chosen if not c.rule.startswith(_FIXED_KEY_RULES[:2])]
    towns_named = _in_order(towns + _named_by_bodies(bodies, _TOWN_BODY))
    out: list[Candidate] = []
    for c in chosen:
        bare = _PARTY_PREFIX.sub("", c.key) if c.type == TYPE else ""
        if bare[:1] in _TOWN_LEVELS and c.rule.startswith(_FIXED_KEY_RULES[:2]):
            named = [t.key for t in _named_before(ctx, towns_named, c) if t.key.endswith(bare[0])]
            town = dominant if dominant and (dominant in named or not named) else (named[-1] if named else None)
            if town is not None:
                c = dataclasses.replace(c, key=canonical(town + bare[1:]), rule="org.head.town")
        elif c.rule in ("org.head.village-bare", "org.head.street-bare"):
            village_like = c.rule == "org.head.village-bare"
            places, of_report = (villages, village_of_report) if village_like else (streets, street_of_report)
            before = _named_before(ctx, places, c)
            place = before[-1].key if before else of_report
            if place is None:
                continue  # no village or street to give it: one of no place would join every other one
            bare = c.key[1:] if village_like else c.key[2:]
            c = dataclasses.replace(
                c, key=canonical(place + bare), rule="org.head.village" if village_like else "org.head.street"
            )
        out.append(c)
    return out


def _named_by_bodies(chosen: list[Candidate], pattern: re.Pattern[str]) -> list[Candidate]:
    """The places bodies of ``chosen`` are named after (``pattern``'s first group: 青山镇 of 青山镇党委)."""
    return [
        dataclasses.replace(c, key=m.group(1))
        for c in chosen
        if c.type == TYPE and (m := pattern.match(_PARTY_PREFIX.sub("", c.key or ""))) is not None
    ]


def _in_order(named: list[Candidate]) -> list[Candidate]:
    return sorted(named, key=lambda c: (c.start, c.end, c.key or ""))


def _named_before(ctx: DocContext, named: list[Candidate], c: Candidate) -> list[Candidate]:
    """Those of ``named`` (in text order) that stand before ``c`` in its paragraph."""
    para = ctx.norm.rfind("\n", 0, c.start) + 1
    return [n for n in named if para <= n.start and n.end <= c.start]


def _the_one(keys: Iterable[str | None]) -> str | None:
    """The one key of ``keys``, if they are all the same (the report's one village, street, zone, company)."""
    distinct = set(keys)
    return next(iter(distinct)) if len(distinct) == 1 else None


_CJK = re.compile(r"[\u4e00-\u9fff]")
# Tags of a department's name after a level character (公安局: nt; 检察院: n).
_DEPARTMENT_TAGS = frozenset({"nt", "n"})
# A company's party body or union written without the company's name.
_COMPANY_BODY = re.compile(r"(集团|公司)(党委|党总支|党支部|纪委|工会)")
# A street's own party working committee or office.
_STREET_BODY = re.compile(r"^([\u4e00-\u9fff]{2,5}?街道)(?:党工委|办事处)$")
# A town's own party committee or government: the town is named in the body's name.
_TOWN_BODY = re.compile(r"^([\u4e00-\u9fff]{2,5}?[镇乡])(?:党委|人民政府|政府|纪委)$")
_ZONE_BODY = re.compile(r"(?:化工园区|工业园区|园区|开发区|经开区|高新区)(?:党工委|管委会|管理委员会)")
_NAMED_ZONE_BODY = re.compile(r"^(?:中共)?(.+(?:开发区|园区|高新区|经开区|工业园|化工园))(?:党工委|管委会|管理委员会)$")


def _zone_bodies(ctx: DocContext) -> list[Candidate]:
    """园区党工委, 开发区管委会: the body that runs the report's zone, written without its name.

    Only where nothing names the zone right before (东湖园区党工委 is read by
    the head rule); zone_scoped() gives it the zone's name or drops it.
    """
    norm = ctx.norm
    out = []
    for m in _ZONE_BODY.finditer(norm):
        if not _bare_start(ctx, m.start()):
            continue
        out.append(
            Candidate(
                m.start(),
                m.end(),
                TYPE,
                "PartyBody" if "党" in m.group() else "GovernmentBody",
                "org.head.zone-bare",
                key=m.group(),
                priority=0,
            )
        )
    return out


def _company_bodies(ctx: DocContext) -> list[Candidate]:
    """集团党委, 公司党支部: the party body of the report's company, written without its name.

    Only where nothing names the company right before (东湖化工集团党委 is
    read by the head rule); company_scoped() gives it the company's name or
    drops it.
    """
    norm = ctx.norm
    out = []
    for m in _COMPANY_BODY.finditer(norm):
        if not _bare_start(ctx, m.start()):
            continue
        subtype = "Association" if m.group(2) == "工会" else "PartyBody"
        out.append(Candidate(m.start(), m.end(), TYPE, subtype, "org.head.company-bare", key=m.group(), priority=0))
    return out


def company_scoped(ctx: DocContext, chosen: list[Candidate]) -> list[Candidate]:
    """集团党委 is the body of the company last named in its paragraph, else of the report's one company.

    A report naming several companies and none in the paragraph leaves the
    body unnamed: it is dropped rather than guessed. The company is named by
    its key without its legal form (X集团 for X集团有限公司), as its body is
    (X集团党委).
    """
    companies = sorted(
        (c for c in chosen if c.type == TYPE and c.subtype == "Company" and c.key and c.inside is None),
        key=lambda c: c.start,
    )
    only = _the_one(_without_legal_form(c.key or "") for c in companies)
    out: list[Candidate] = []
    for c in chosen:
        if c.rule != "org.head.company-bare":
            out.append(c)
            continue
        named = _named_before(ctx, companies, c)
        company = _without_legal_form(named[-1].key or "") if named else only
        if company is None:
            continue
        out.append(dataclasses.replace(c, key=canonical(company + (c.key or "")[2:])))
    return out


@functools.lru_cache(maxsize=1)
def _legal_forms() -> tuple[str, ...]:
    """Legal forms that end a company's full name (有限公司), longest first."""
    return tuple(sorted(lexicon("org_legal_forms"), key=lambda w: (-len(w), w)))


def _without_legal_form(key: str) -> str:
    """东湖化工集团有限公司 -> 东湖化工集团; a name that is nothing but a legal form stays."""
    form = next((f for f in _legal_forms() if key.endswith(f) and len(key) > len(f) + 1), None)
    return key[: -len(form)] if form else key


def _bare_start(ctx: DocContext, start: int) -> bool:
    """A body written bare may start here: nothing before it names it (punctuation, a function word or a verb)."""
    if start == 0:
        return True
    return start in ctx.bounds and (not _CJK.match(ctx.norm[start - 1]) or _delimited(ctx, start))


def _delimited(ctx: DocContext, start: int) -> bool:
    """The word before is a function word or verb, no part of a name (在园区党工委, 推动园区党工委)."""
    ws = ctx.word_start[start - 1]
    return word_tag(ctx.norm[ws:start])[:1] in ("p", "v", "c", "d", "u")


def zone_scoped(ctx: DocContext, chosen: list[Candidate]) -> list[Candidate]:
    """园区党工委 is the body of the zone last named in its paragraph, else of the report's one zone.

    A zone's body written bare in a report about several zones and naming
    none nearby stays unnamed: it is dropped rather than guessed.
    """
    zones = [c for c in chosen if c.type == "Place" and c.subtype in ZONE_SUBTYPES]
    # a zone named only in its body's name (东湖开发区党工委) is named all the same
    for c in chosen:
        m = _NAMED_ZONE_BODY.match(c.key or "") if c.type == TYPE and c.rule != "org.head.zone-bare" else None
        if m:
            zones.append(dataclasses.replace(c, key=m.group(1)))
    zones.sort(key=lambda z: z.start)
    only = _the_one(c.key for c in zones)
    out: list[Candidate] = []
    for c in chosen:
        # The head rule reads 开发区党工委 after a sentence end as a name of its own: the
        # same bare body, scoped alike where a zone is named (kept as it is where none is).
        read_whole = (
            c.rule.startswith("org.head.")
            and c.rule != "org.head.zone-bare"
            and _ZONE_BODY.fullmatch(c.key or "") is not None
        )
        if c.rule != "org.head.zone-bare" and not read_whole:
            out.append(c)
            continue
        named = _named_before(ctx, zones, c)
        # the zone's own name before a name inside its body's name (长寿经开区管委会)
        places = [z.key for z in named if z.type == "Place"]
        zone = places[-1] if places else named[-1].key if named else only
        if zone is None:
            if read_whole:
                out.append(c)
            continue
        head = next(h for h in ("党工委", "管理委员会", "管委会") if c.key.endswith(h))
        out.append(dataclasses.replace(c, key=canonical(zone + head)))
    # 党工委 alone in the same report is then that zone's body as well
    named_heads: dict[str, set[str]] = {}
    for c in out:
        if c.rule == "org.head.zone-bare":
            named_heads.setdefault(c.key[-3:], set()).add(c.key)
    return [
        dataclasses.replace(c, key=next(iter(named_heads[c.key])))
        if c.rule == "org.head.bare" and len(named_heads.get(c.key, ())) == 1
        else c
        for c in out
    ]


def short_forms(chosen: list[Candidate]) -> list[Candidate]:
    """指挥部党总支, 太湖治理党总支 after 太湖治理指挥部党总支: one body, one key.

    Within one document, a body's name with a part left out (a leading place
    or topic, or a middle word such as 工作 or 指挥部) takes the key of the
    one longer name it shortens. Scoped generic names (市委组织部) and named
    national bodies keep their keys.
    """
    orgs = [c for c in chosen if c.type == TYPE and c.key and not c.rule.startswith(_FIXED_KEY_RULES)]
    keys = sorted({c.key for c in orgs})
    is_org = set(orgs)  # membership by hash: a list would compare every pair of candidates
    out: list[Candidate] = []
    for c in chosen:
        if c in is_org and len(c.key) >= 4:
            longer = [k for k in keys if len(k) > len(c.key) and _shortens(c.key, k)]
            if len(longer) == 1:
                c = dataclasses.replace(c, key=longer[0])
            elif not longer:
                c = _branch_of_last(c, out)
        out.append(c)
    return out


def _branch_of_last(c: Candidate, before: list[Candidate]) -> Candidate:
    """成立指挥部党支部 right after X指挥部: the branch of the body just named."""
    for branch in _BRANCHES:
        head = c.key[: -len(branch)]
        if c.key.endswith(branch) and head in _head_words():
            for prev in reversed(before):
                if prev.type == TYPE and prev.key.endswith(head) and prev.key != head and c.start - prev.end < 200:
                    return dataclasses.replace(c, key=prev.key + branch)
                if prev.type == TYPE and c.start - prev.end >= 200:
                    break
            break
    return c


def _shortens(short: str, long: str) -> bool:
    """``short`` is ``long`` with one inner or leading part left out, ending on the same head.

    Or ``long`` is ``short`` and its legal form (东湖化工集团 / 东湖化工集团有限公司).
    """
    if long.startswith(short) and _without_legal_form(long) == short:
        return True
    if short[-2:] != long[-2:]:
        return False
    for i in range(len(short) - 1):
        if long.startswith(short[:i]) and long.endswith(short[i:]):
            left_out = long[i : len(long) - len(short) + i]
            if i > 0 and short[i:] in _head_words() and not _filler(left_out):
                continue  # 九江学院 is no short form of 九江职业技术学院: a place and a head name a body of their own
            return True
    return False


def _filler(word: str) -> bool:
    """A middle part a short form may leave out: a level, 人民, 工作 or a body's head (指挥部)."""
    return word in _LEVEL_WORDS or word in ("人民", "工作") or word in _head_words()


@functools.lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    return frozenset(h for h, _, _ in _heads())


@functools.lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    """One key per body: 中共苏州市委 for 苏州市委 and 中共苏州市委 alike."""
    name = _expand(name_key(name))
    bare = _PARTY_PREFIX.sub("", name)
    if _COMMITTEE.match(bare) and not bare.startswith(("共青团", _YOUTH_LEAGUE)):
        return "中共" + bare
    return bare if bare else name


@functools.lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[str, str]]:
    rows = [tuple(line.split("\t")) for line in lexicon("org_abbreviations")]
    return sorted(rows, key=lambda r: (-len(r[0]), r[0]))  # type: ignore[arg-type]


def _expand(name: str) -> str:
    """X市发改委 -> X市发展和改革委员会: keys use a department's full name."""
    for short, full in _abbreviations():
        if name.endswith(short) and not name.endswith(full):
            return name[: -len(short)] + full
    return name


def _from_named(ctx: DocContext) -> list[Candidate]:
    named = _named()
    out = []
    for i, start in occurrences(ctx.norm, _named_words()):
        name, subtype, key = named[i]
        out.append(Candidate(start, start + len(name), TYPE, subtype, "org.named", key=key, priority=2))
    return out


@functools.lru_cache(maxsize=1)
def _named_words() -> tuple[str, ...]:
    return tuple(name for name, _, _ in _named())


# Committees of a unit, named after it (X有限公司党委, X学院党委, X公司工会).
_UNIT_COMMITTEES = frozenset({"党委", "党总支", "党支部", "工会"})
# Units whose own head rule keeps words a committee's walk would stop at.
_UNIT_SUBTYPES = frozenset({"Company", "ResearchInstitute", "Media"})


def _from_heads(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    generic = lexicon("org_generic")
    place_generic = lexicon("place_generic")
    out: list[Candidate] = []
    taken_ends: set[int] = set()
    index = _heads_by_char()
    for at in _head_starts().finditer(norm):
        pos = at.start()
        for head, subtype, hi in index[at.group()]:
            if not norm.startswith(head, pos):
                continue
            end = pos + len(head)
            if end in taken_ends:
                break
            if end < len(norm) and end not in ctx.bounds and not _title_after(ctx, end):
                continue  # 局部, 部门: the head runs on into another word
            if _ends_generic(norm, pos, end, generic):
                continue  # 干部, 布局, 举办, 格局
            taken_ends.add(end)
            if head in _BARE and pos in ctx.bounds and not _generic_before(ctx, pos):
                out.append(_scoped(ctx, pos, end, subtype, "org.head.bare"))
            if head in _task_heads():
                starts = ctx.name_starts(
                    pos, hi, stop_tags=_TASK_STOP_TAGS, keep=_keep_words(False, True), joins=_JOINS
                )
            else:
                keep_here = _keep_words(subtype == "Company", False)
                starts = ctx.name_starts(pos, hi, stop_tags=_STOP_TAGS, keep=keep_here, joins=_JOINS, brackets=True)
            if starts and _plural_before(ctx, starts[-1]):
                break  # 各专项整治专班: several bodies, none named
            if subtype == "Company":
                starts += _brand_after_place(ctx, starts[-1] if starts else pos)
            if subtype == "GovernmentBody" and starts:
                starts += _and_department(ctx, starts[-1])
            if head in _UNIT_COMMITTEES:
                # X建设发展集团有限公司党委, X大学土木与水利工程学院党委: the
                # company's or institute's name, read by its own head (verbs and
                # 与 kept), is the name of its party committee too
                for start in sorted({c.start for c in out if c.end == pos and c.subtype in _UNIT_SUBTYPES}):
                    span = norm[start:end]
                    out.append(
                        Candidate(start, end, TYPE, subtype, f"org.head.{head}", key=canonical(span), priority=1)
                    )
                    starts = [s for s in starts if s > start]
            for start in [] if head in _QUOTED_ONLY else starts:
                span = norm[start:end]
                name = norm[start:pos]
                pair = _COMMITTEE_AND_GOVERNMENT.search(span) if subtype == "GovernmentBody" else None
                if pair is not None:
                    # 市委市政府, 猇亭区委区政府: the party committee and the government, two bodies
                    cut = start + pair.start() + 2
                    for a, b, sub in ((start, cut, "PartyBody"), (cut, end, subtype)):
                        if norm[a] in _LEVELS:
                            out.append(_scoped(ctx, a, b, sub, f"org.head.pair.{head}"))
                        elif b - a > 2:
                            key = canonical(norm[a:b])
                            out.append(Candidate(a, b, TYPE, sub, f"org.head.pair.{head}", key=key, priority=1))
                    continue
                if name in ("村", "街道") and start in ctx.bounds and (subtype == "PartyBody" or name == "街道"):
                    # 村党支部书记, 街道党工委: the body of a village or street the report names (town_scoped)
                    rule = "org.head.village-bare" if name == "村" else "org.head.street-bare"
                    out.append(Candidate(start, end, TYPE, subtype, rule, key=span, priority=1))
                    continue
                if name[:1] in _LEVELS and name[1:2] == "直" and len(name) > 2:
                    # 区直机关工委: the body of the bodies under the report's district
                    out.append(_scoped(ctx, start, end, subtype, f"org.head.scoped.{head}"))
                    continue
                if span in generic or not (ctx.good_first_word(start, pos) or norm.startswith(river_reaches(), start)):
                    continue
                if not _proper(name, place_generic) or _generic_name(ctx, start, pos, generic):
                    unit = _unit_of(ctx, start, end, subtype, out)
                    if unit is not None:
                        out.append(unit)
                    continue
                if _bad_join(ctx, start, pos, generic) or _body_and(norm, start, name):
                    continue
                if head in _LEVEL_HEADS and name[-1:] in _LEVELS:
                    continue  # 省市委, 区县委: several committees
                if (
                    span[0] in _LEVELS
                    and (
                        len(name) == 1
                        or name[1] in "委政"
                        or start + 1 in ctx.bounds
                        # 县公安局, one word to jieba: a level and a department it knows
                        or word_tag(span[1:]) in _DEPARTMENT_TAGS
                    )
                ):
                    # 市委组织部, 区发改委, 区生态环境局: the report's own division's body
                    out.append(_scoped(ctx, start, end, subtype, f"org.head.scoped.{head}"))
                    continue
                if len(name) < 2:
                    continue
                out.append(Candidate(start, end, TYPE, subtype, f"org.head.{head}", key=canonical(span), priority=1))
            quoted = ctx.quoted_start(starts[-1] if starts else pos)
            if quoted is not None:
                span = norm[quoted:end]
                out.append(Candidate(quoted, end, TYPE, subtype, "org.head.quoted", key=name_key(span), priority=1))
            break
    return out


@functools.lru_cache(maxsize=4)
def _keep_words(company: bool, task: bool) -> frozenset[str]:
    """Words a body's name is made of although their tags end other names (built once, not per head).

    A task's verbs belong to the name of the body that does it
    (化工园区认定工作小组); other bodies may be named after a river's reach
    (长江上游绿色化工研究中心), and companies after words of their trade.
    """
    keep = lexicon("org_name_verbs") | lexicon("org_protected")
    if task:
        return keep | lexicon("org_task_words")
    if company:
        keep = keep | lexicon("org_company_words")
    return keep | frozenset(river_reaches())


def _and_department(ctx: DocContext, start: int) -> list[int]:
    """县文化和广电旅游体育局, 区经济和信息化委员会: 和 joins the two fields of one department.

    The name walk stops at 和, as it joins two bodies far more often; a
    department's name joins two field words with it right after its level
    (县, 区) or its county or city, which no list of two bodies does
    (县委组织部和县财政局 has a head before 和).
    """
    norm = ctx.norm
    if start < 3 or norm[start - 1] != "和":
        return []
    ws = ctx.word_start[start - 2]
    left = norm[ws : start - 1]
    if not (2 <= len(left) <= 4 and _topic_word(left)) or ws == 0:
        return []
    if any(left.endswith(h) for h, _, _ in _heads()):
        return []
    before = ctx.word_start[ws - 1]
    word = norm[before:ws]
    if word[-1:] in "省市区县" and word_tag(word)[:2] == "ns":
        return [before]  # 长兴县文化和…局
    if word == norm[ws - 1] and word in "省市区县":
        if before > 0 and word_tag(norm[ctx.word_start[before - 1] : before])[:2] == "ns":
            return [ctx.word_start[before - 1]]  # 青山|县|文化和…局
        return [ws - 1]  # 县文化和…局: the report's own county's department
    return []


def _unit_of(ctx: DocContext, start: int, end: int, subtype: str, before: list[Candidate]) -> Candidate | None:
    """东湖园区管委会下设企业服务中心: a body named by generic words, set up by the body just named, is its unit.

    The key joins the parent's name (without the head of a zone's managing
    body, 管委会 or 党工委) and the unit's: 东湖园区企业服务中心.
    """
    norm = ctx.norm
    if start == 0 or norm[start - 1] == "、":
        return None
    verb_start = ctx.word_start[start - 1]
    if norm[verb_start:start] not in _unit_verbs():
        return None
    parents = [c for c in before if c.end == verb_start and c.inside is None]
    if not parents:
        return None
    parent = min(parents, key=lambda c: (c.start, c.rule))
    stem = parent.key or canonical(norm[parent.start : parent.end])
    for tail in _ZONE_BODY_HEADS:
        if stem.endswith(tail) and len(stem) > len(tail):
            stem = stem[: -len(tail)]
            break
    return Candidate(start, end, TYPE, subtype, "org.head.unit", key=stem + name_key(norm[start:end]), priority=1)


@functools.lru_cache(maxsize=1)
def _unit_verbs() -> frozenset[str]:
    """Verbs by which a body sets up a unit of its own (下设, 组建, 成立)."""
    under = {line.split("\t")[1] for line in lexicon("relation_structure") if line.startswith("under\t")}
    return frozenset(under | {"组建", "成立", "设立"})


def _brand_after_place(ctx: DocContext, start: int) -> list[int]:
    """湖北兴发化工集团: a company's brand that the dictionary tags as a verb, right after a place.

    The walk stops at the brand (兴发 is a verb to jieba); a province or city
    right before it shows that a company name starts there. Words that end
    names anyway (推进, 实施) are no brand.
    """
    if start < 3 or start not in ctx.bounds:
        return []
    brand_start = ctx.word_start[start - 1]
    brand = ctx.norm[brand_start:start]
    if len(brand) != 2 or word_tag(brand) not in _BRAND_VERB_TAGS or brand in _name_stops():
        return []
    place_start = ctx.word_start[brand_start - 1]
    place = ctx.norm[place_start:brand_start]
    if len(place) < 2 or word_tag(place) != "ns":
        return []
    if (
        place_start > 0
        and re.match(r"[\u4e00-\u9fffA-Za-z0-9]", ctx.norm[place_start - 1])
        and not _stop_before(ctx, place_start)
    ):
        return []
    return [place_start]


def _stop_before(ctx: DocContext, start: int) -> bool:
    """The word before ``start`` ends a name (a function word, a stop verb or another verb: 吸纳湖北X公司)."""
    ws = ctx.word_start[start - 1]
    word = ctx.norm[ws:start]
    return (
        word in _name_stops()
        or (len(word) == 1 and word in _FUNCTION_CHARS)
        or (len(word) >= 2 and word_tag(word)[:1] in ("v", "p", "c"))
    )


@functools.lru_cache(maxsize=1)
def _name_stops() -> frozenset[str]:
    return lexicon("place_stop_words") | frozenset(lexicon("program_triggers"))


def _plural_before(ctx: DocContext, start: int) -> bool:
    """各 / 诸 / 多个 / a count (3个) right before a name makes it a category (下设3个机关党支部)."""
    norm = ctx.norm
    return start > 0 and (
        norm[start - 1] in "各诸"
        or norm[max(0, start - 2) : start] in ("多个", "一批", "若干")
        or _COUNTED.search(norm, max(0, start - 6), start) is not None
    )


def _title_after(ctx: DocContext, end: int) -> bool:
    """党委书记: the head runs on into a job title, which is no part of the name."""
    word_end = end
    while word_end < len(ctx.norm) and word_end not in ctx.bounds:
        word_end += 1
    tail = ctx.norm[end:word_end]
    return any(tail in lexicon(name) for name in ("person_titles", "relation_titles", "org_titles"))


def _ends_generic(norm: str, pos: int, end: int, generic: frozenset[str]) -> bool:
    """The head closes a longer generic word (干部, 布局, 会办), whatever the segmentation."""
    # one startswith per length of word, each testing all the words of that length
    return any(norm.startswith(words, end - size) for size, words in _generic_by_tail(norm[pos:end], generic))


@functools.cache
def _generic_by_tail(head: str, generic: frozenset[str]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The generic words longer than ``head`` that end with it, by length: (length, words)."""
    by_size: dict[int, list[str]] = {}
    for g in sorted(generic):
        if len(g) > len(head) and g.endswith(head):
            by_size.setdefault(len(g), []).append(g)
    return tuple((size, tuple(words)) for size, words in sorted(by_size.items()))


def _generic_before(ctx: DocContext, pos: int) -> bool:
    """省市委, 街道党工委: a level or generic word glued to a bare head names no one body."""
    norm = ctx.norm
    if pos > 0 and norm[pos - 1] in _LEVELS:
        return True
    # one set lookup per length of generic word, not one comparison per word
    generic = lexicon("org_generic")
    return any(norm[pos - size : pos] in generic for size in _generic_sizes() if size <= pos)


@functools.lru_cache(maxsize=1)
def _generic_sizes() -> tuple[int, ...]:
    """Lengths of the generic words of two characters or more."""
    return tuple(sorted({len(g) for g in lexicon("org_generic") if len(g) > 1}))


def _bad_join(ctx: DocContext, start: int, pos: int, generic: frozenset[str]) -> bool:
    """与/及 joins two topic words of one name, never two bodies (住建部与生态环境部, 中央及上级党委)."""
    norm = ctx.norm
    for join in _JOIN_CHAR.finditer(norm, start, pos):  # the joining characters only, not every character
        i = join.start()
        if i not in ctx.bounds or i + 1 not in ctx.bounds:
            continue
        left = norm[ctx.word_start[i - 1] : i]
        right = norm[i + 1 : pos]
        if left.endswith(_head_tuple()) or left in lexicon("org_named") or left in _LEVEL_WORDS:
            return True
        if not (_topic_word(left) and _topic_word(norm[slice(*ctx.word_at(i + 1))])):
            return True  # 东湖市与江城化工研究院: a place or a name on either side makes two names
        if right[:1] in _LEVELS or right.startswith(_longer_than_one(generic)):
            return True
        if _long_head().search(right):
            return True
    return False


@functools.lru_cache(maxsize=1)
def _head_tuple() -> tuple[str, ...]:
    """The heads, for one endswith or startswith test of them all."""
    return tuple(h for h, _, _ in _heads())


@functools.cache
def _longer_than_one(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(w for w in words if len(w) > 1))


@functools.lru_cache(maxsize=1)
def _long_head() -> re.Pattern[str]:
    """A head of two characters or more, anywhere (one search instead of one ``in`` test per head)."""
    return re.compile("|".join(re.escape(h) for h in _head_tuple() if len(h) > 1) or "(?!)")


@functools.lru_cache(maxsize=1)
def _head_and() -> re.Pattern[str]:
    """A head right before 和 (one search instead of one ``in`` test per head)."""
    return re.compile("(?:" + "|".join(re.escape(h) for h in sorted(_head_words())) + ")和")


def _body_and(norm: str, start: int, name: str) -> bool:
    """县委组织部和县财政局: a head and 和 inside or before a name join two bodies.

    jieba reads 和县 (a county's name) across the join, so the word walk
    does not stop there by itself.
    """
    if norm[start : start + 1] == "和" and norm.endswith(_head_tuple(), 0, start):
        return True
    return "和" in name and _head_and().search(name) is not None


def _topic_word(word: str) -> bool:
    """A common word of a field (科学, 技术, 碳纤维, 保护), as 与/及 join them inside one name."""
    return len(word) >= 2 and word_tag(word) in _TOPIC_TAGS


def _generic_name(ctx: DocContext, start: int, pos: int, generic: frozenset[str]) -> bool:
    """基层党委, 上级党委, 企业技术中心: every word of the name is a generic modifier."""
    norm = ctx.norm
    words = []
    i = start
    while i < pos:
        j = i + 1
        while j < pos and j not in ctx.bounds:
            j += 1
        words.append(norm[i:j])
        i = j
    return all(w in generic or w.isdigit() for w in words)


def _scoped(ctx: DocContext, start: int, end: int, subtype: str, rule: str) -> Candidate:
    span = name_key(ctx.norm[start:end])
    if span.startswith(_YOUTH_LEAGUE) and span[1:2] in _LEVELS:
        # 团县委: the Youth League committee of the report's county, no party committee
        return Candidate(start, end, TYPE, subtype, rule, key="共青团" + ctx.scope(span[1:]), priority=1)
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
    """XX科技, XX药业 between delimiters: a company's short name.

    The brand is two to four characters that jieba does not know as common
    words (恒达, 宏泰 are cut into single characters; 华星 is a proper
    noun), so 全面整合环保 or 双碳建设 are no companies. A preposition right
    before the brand (以恒达新材料为代表) counts as a delimiter.
    """
    norm = ctx.norm
    out = []
    industries = _industries()
    for i, at in occurrences(norm, industries):
        end = at + len(industries[i])
        if (
            end < len(norm)
            and norm[end] not in _DELIM
            and not norm.startswith(("公司", "集团", "有限"), end)
            and not _verb_at(ctx, end)
        ):
            continue
        if at not in ctx.bounds:
            continue
        for size in (2, 3, 4):
            start = at - size
            if start < 0 or start not in ctx.bounds:
                continue
            brand = norm[start:at]
            if not all("\u4e00" <= c <= "\u9fff" for c in brand):
                break
            if (
                start > 0
                and norm[start - 1] not in _DELIM
                and not _preposition_before(ctx, start)
                and not _verb_at(ctx, ctx.word_start[start - 1])
            ):
                continue
            if not _brand_like(ctx, start, at):
                break
            out.append(Candidate(start, end, TYPE, "Company", "org.brand", key=name_key(norm[start:end])))
            break
    return out


@functools.lru_cache(maxsize=1)
def _industries() -> tuple[str, ...]:
    """The industry words, longest first."""
    return tuple(sorted(lexicon("org_industry"), key=lambda w: (-len(w), w)))


def _verb_at(ctx: DocContext, pos: int) -> bool:
    """A verb of two or more characters starts at ``pos`` (支持华星科技, 恒达药业建成)."""
    start, end = ctx.word_at(pos)
    word = ctx.norm[start:end]
    return len(word) >= 2 and (word_tag(word) == "v" or word_tag(word[-2:]) == "v")


_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9]{2,8}"
_LIST_COUNT = r"(?:[0-9一二三四五六七八九十百多]+家)?"


@functools.lru_cache(maxsize=1)
def _list_pattern() -> re.Pattern[str]:
    cats = sorted(lexicon("org_categories"), key=lambda w: (-len(w), w))
    return re.compile(rf"({_LIST_ITEM}(?:、{_LIST_ITEM})+)等{_LIST_COUNT}(?:{'|'.join(cats)})")


@functools.lru_cache(maxsize=1)
def _list_end_pattern() -> re.Pattern[str]:
    """The end of a list of companies (等 + a count + a category), which _list_pattern() needs to match."""
    cats = sorted(lexicon("org_categories"), key=lambda w: (-len(w), w))
    return re.compile(rf"等{_LIST_COUNT}(?:{'|'.join(cats)})")


@functools.lru_cache(maxsize=1)
def _list_breaks() -> re.Pattern[str]:
    """A character that no list of companies holds (none of its items, 、, 等, count and category)."""
    extra = sorted({c for cat in lexicon("org_categories") for c in cat} | set("、等多家"))
    return re.compile(r"[^\u4e00-\u9fffA-Za-z0-9" + "".join(re.escape(c) for c in extra) + "]")


def _list_windows(norm: str) -> list[tuple[int, int]]:
    """The runs of list characters that hold the end of a list, in text order.

    _list_pattern() tried at every character of a text backtracks over
    every run of CJK characters (most of the text); its matches lie inside
    such runs, so matching inside the few runs that end a list finds the
    same matches, in the same order.
    """
    windows: list[tuple[int, int]] = []
    breaks = _list_breaks()
    for end in _list_end_pattern().finditer(norm):
        if windows and end.start() < windows[-1][1]:
            continue  # in the run already found
        start = end.start()
        while start > 0 and not breaks.match(norm, start - 1):
            start -= 1
        stop = breaks.search(norm, end.start())
        windows.append((start, stop.start() if stop else len(norm)))
    return windows


def _listed_companies(ctx: DocContext) -> list[Candidate]:
    """金风科技、远景能源等龙头企业: names listed before 等 + a kind of company are companies."""
    norm = ctx.norm
    industries = _industries()
    out = []
    matches = (m for s, e in _list_windows(norm) for m in _list_pattern().finditer(norm, s, e))
    for m in matches:
        pos = m.start(1)
        parts = m.group(1).split("、")
        for i, part in enumerate(parts):
            start, end = pos, pos + len(part)
            pos = end + 1
            if i == 0:
                # The first item reaches left only to a word boundary after a verb or delimiter.
                cut = next(
                    (
                        s
                        for s in range(start, end - 1)
                        if s in ctx.bounds and _brand_start(ctx, s) and not _function_word_at(ctx, s)
                    ),
                    None,
                )
                if cut is None:
                    continue
                start = cut
            name = norm[start:end]
            if len(name) < 4 or not name.endswith(industries) or name in lexicon("org_generic"):
                continue
            if start not in ctx.bounds:
                continue
            out.append(Candidate(start, end, TYPE, "Company", "org.listed", key=name_key(name)))
    return out


def _function_word_at(ctx: DocContext, pos: int) -> bool:
    """A verb (推动) or a lone preposition (以) starts at ``pos``: no company name starts there."""
    start, end = ctx.word_at(pos)
    return _verb_at(ctx, pos) or (end - start == 1 and ctx.norm[pos] in _PREPOSITIONS | _FUNCTION_CHARS)


def _brand_start(ctx: DocContext, start: int) -> bool:
    norm = ctx.norm
    return (
        start == 0
        or norm[start - 1] in _DELIM
        or _verb_at(ctx, ctx.word_start[start - 1])
        or _preposition_before(ctx, start)
    )


def _preposition_before(ctx: DocContext, start: int) -> bool:
    """以 / 如 / 像 as a word of its own, after a delimiter: 以恒达新材料为代表."""
    norm = ctx.norm
    return (
        norm[start - 1] in _PREPOSITIONS
        and ctx.word_start[start - 1] == start - 1
        and (start < 2 or norm[start - 2] in _DELIM)
    )


def _brand_like(ctx: DocContext, start: int, end: int) -> bool:
    """A brand is a proper noun or unknown to jieba, never a common word."""
    brand = ctx.norm[start:end]
    if brand in lexicon("place_generic") or brand in lexicon("place_stop_words") or brand in lexicon("org_generic"):
        return False
    words = []
    i = start
    while i < end:
        j = i + 1
        while j < end and j not in ctx.bounds:
            j += 1
        words.append(ctx.norm[i:j])
        i = j
    if len(words) == 1:
        return word_tag(brand)[:2] in _PROPER_TAGS
    # Cut into pieces: an unknown name when made of single characters that are no function words.
    return all(len(w) == 1 and w not in _FUNCTION_CHARS for w in words)


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
        body = Candidate(c.start, m.end(), TYPE, c.subtype, "org.bracket_alias", key=key, priority=2, aliases=(alias,))
        out.append(body)
        for head, subtype, _ in _heads():
            if norm.startswith(head, m.end()) and m.end() + len(head) in ctx.bounds:
                end = m.end() + len(head)
                out.append(
                    Candidate(
                        c.start, end, TYPE, subtype, "org.bracket_dept", key=canonical(norm[c.start : end]), priority=2
                    )
                )
                # The department's body is an entity of its own (subOrganizationOf needs it).
                out.append(dataclasses.replace(body, inside=(c.start, end)))
                break
    return out
