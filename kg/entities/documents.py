"""Document recognizer: named plans, measures, opinions, manuals and reports.

Rules, most specific first:

- ``《…》`` titles, except newspapers, journals, websites and broadcasts
  (``《人民日报》`` is a Media organization, left to the organization rules);
- ``关于…的调研报告 / 实施意见 / 通知``: a ``关于`` title runs to its head;
- unquoted titles closed by a document head (``…规划``, ``…实施方案``,
  ``…意见``, ``…办法``, ``…细则``, ``…手册``), when a verb that issues or
  applies a document stands before them (``印发``, ``出台``, ``编制完成``,
  ``执行``), and the further titles of the same enumeration
  (``出台A办法、B方案``, ``完成A规划及B规划``);
- a year span written with the title belongs to it: ``…规划(2018-2035年)``,
  ``2021-2025年…规划`` (the name without the span is kept as an alias);
- nationwide documents cited without ``《》`` (``中央八项规定``, lexicon).

A head alone, or with only a category before it (``专项规划``,
``实施方案``, ``各年度工作要点``), names no particular document. ``…行动计划``
without ``《》`` or a year span is left to the program rules: reports use it
for the campaign as much as for the paper.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from ..normalize import name_key
from . import Candidate
from .context import DocContext, occurrences
from .programs import Table, ending_head, load_table, load_words

# Characters that end the object of a verb: clause punctuation and the
# opening of a 《》 title (the 《》 rule owns what follows).
_REGION_STOP = set("，,。；;：:！？!?\n\r\t《")
# Characters that separate the titles of one enumeration.
_ENUM = "、 "
_COORD = set("和及与")
# Every character _region_items reacts to: brackets, stops, separators and coordinators.
_REGION_MARK = re.compile("[" + re.escape("".join(sorted({*"(（)）", *_REGION_STOP, *_ENUM, *_COORD}))) + "]")
_YEAR_AFTER = re.compile(r"[(（][0-9]{4}\s*[-—–~至到]\s*[0-9]{2,4}\s*年?[)）]|[(（][0-9]{4}年[)）]")
_YEAR_BEFORE = re.compile(r"[0-9]{4}\s*[-—–~至到]\s*[0-9]{2,4}年(?:度)?")
_YEAR_BEFORE_END = re.compile(_YEAR_BEFORE.pattern + r"$")
_YEAR_AFTER_END = re.compile("(?:" + _YEAR_AFTER.pattern + ")(?=》?$)")
_YEAR_BEFORE_START = re.compile("^(《?)" + _YEAR_BEFORE.pattern)
_BOOK = re.compile(r"《([^《》\n]{1,60})》")
_GUANYU = re.compile(r"关于[^，,。；;：:！？!?\n《》“”]{2,50}?的")
# A count before the words of a title: 六大, 55个, 13条, 三年.
_COUNT = re.compile(r"^(?:[0-9]+|[一二三四五六七八九十百千两]+)[大个项条类部份年]?")
# Leading words after which no particular document is meant.


def _heads() -> Table:
    return load_table("document_heads.txt")


def _issuing_verbs() -> tuple[str, ...]:
    return load_words("document_verbs.txt")


def _applying_verbs() -> tuple[str, ...]:
    return load_words("document_apply_verbs.txt")


_QUOTED_CORE = re.compile(r"[^“”]{0,6}“[^“”]+”")
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@functools.cache
def _generic_words() -> frozenset[str]:
    return frozenset(load_words("document_generic.txt"))


def is_generic(core: str, title: str) -> bool:
    """True when ``title`` (``core`` + head) is a category, not a document's name."""
    generic = _generic_words()
    if title in generic or _COUNT.sub("", title) in generic:
        return True  # 专项规划, 六大专项规划
    if _QUOTED_CORE.fullmatch(core):
        return False  # a quoted name (“十四五”, “金英计划”) is specific
    rest = _COUNT.sub("", core.strip("“”‘’"))
    if len(_WORD_CHAR.findall(rest)) < 2:
        return True
    vague = load_words("program_vague_starts.txt")
    return rest.startswith(vague) or core.startswith(vague)


def _title_end(norm: str, start: int, limit: int) -> tuple[int, str] | None:
    """The end of the longest title starting at ``start`` inside ``norm[:limit]``, and its head."""
    table = _heads()
    guards = load_words("document_head_guards.txt")
    # Only the ends where a head's last character or a closing quote stands
    # are tried (found in C, longest first): at any other end ending_head
    # finds no head.
    ends = [m.end() for m in _head_end_chars().finditer(norm, start + 1, limit)]
    for end in reversed(ends):
        text = norm[start:end].rstrip("”’")
        head = ending_head(text, table)
        if head is None:
            continue
        if norm.startswith(guards, end):
            continue  # 规划建设, 方案设计: the head word is a verb or a modifier here
        return end, head
    return None


@functools.cache
def _head_end_chars() -> re.Pattern[str]:
    """A character that ends a document head, or a closing quote (stripped before a head is looked for)."""
    return re.compile("[" + re.escape("".join(sorted(_heads().last_chars | {"”", "’"}))) + "]")


def _with_year(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen a title over a year span written right after or right before it."""
    m = _YEAR_AFTER.match(norm, end)
    if m:
        end = m.end()
    before = norm[max(0, start - 12) : start]
    mb = _YEAR_BEFORE_END.search(before)
    if mb:
        start -= len(before) - mb.start()
    return start, end


def year_free(title: str) -> str:
    """``title`` without the year span it starts or ends with (inside 《》 too)."""
    out = _YEAR_AFTER_END.sub("", title)
    return _YEAR_BEFORE_START.sub(r"\1", out)


def _candidate(norm: str, start: int, end: int, sub: str, rule: str, priority: int) -> Candidate:
    """A document over ``start:end``, widened over its year span, the span-free name an alias."""
    s, e = _with_year(norm, start, end)
    short = year_free(norm[s:e])
    aliases = (short,) if short != norm[s:e] else ()
    return Candidate(s, e, "Document", sub, rule, priority=priority, aliases=aliases)


def _book_titles(ctx: DocContext) -> list[Candidate]:
    """``《…》`` titles that are not media."""
    norm = ctx.norm
    media = load_words("document_media_suffixes.txt")
    out = []
    for m in _BOOK.finditer(norm):
        content = m.group(1).strip()
        if not content or content.endswith(media):
            continue
        head = ending_head(year_free(content), _heads())
        sub = _heads()[head] if head else "Document"
        out.append(_candidate(norm, m.start(), m.end(), sub, "document-book-title", 3))
    return out


def _guanyu_titles(ctx: DocContext) -> list[Candidate]:
    """``关于X的<head>`` titles, 关于 included."""
    norm = ctx.norm
    table = dict(_heads())
    table.update(load_table("document_report_heads.txt"))
    out = []
    for m in _GUANYU.finditer(norm):
        for k in range(min(8, len(norm) - m.end()), 1, -1):
            word = norm[m.end() : m.end() + k]
            if word in table:
                out.append(Candidate(m.start(), m.end() + k, "Document", table[word], "document-guanyu", priority=2))
                break
    return out


@functools.cache
def _verb_pattern() -> re.Pattern[str]:
    """Issuing and applying verbs, longest first."""
    verbs = sorted(set(_issuing_verbs()) | set(_applying_verbs()), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(v) for v in verbs))


def _region_items(norm: str, start: int) -> list[tuple[int, int]]:
    """Split the object of a verb into the items of its enumeration.

    A coordinator (和/及/与) separates two items only when a title ends right
    before it, so 党风廉政建设和反腐败工作 stays one item.
    """
    items = []
    item = start
    depth = 0
    # Only the characters the walk reacts to are visited (the pattern finds
    # them in C); the walk ends at a stop or 80 characters on.
    limit = min(len(norm), start + 80)
    i = limit
    for mark in _REGION_MARK.finditer(norm, start, limit):
        i = mark.start()
        ch = mark.group()
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _REGION_STOP:
            break
        elif depth == 0 and ch in _ENUM:
            items.append((item, i))
            item = i + 1
        elif depth == 0 and ch in _COORD:
            before = norm[item:i]
            m = _YEAR_AFTER.search(before)
            if m and m.end() == len(before):
                before = before[: m.start()]
            if ending_head(before.rstrip("”’"), _heads()) is not None:
                items.append((item, i))
                item = i + 1
    else:
        i = limit
    items.append((item, i))
    return [(s, e) for s, e in items if e > s]


def _verb_titles(ctx: DocContext) -> list[Candidate]:
    """Unquoted titles after a verb that issues or applies a document."""
    norm = ctx.norm
    issuing = _issuing_verbs()
    pattern = _verb_pattern()
    out: list[Candidate] = []
    pos = 0
    while True:
        m = pattern.search(norm, pos)
        if m is None:
            break
        # a chain of verbs (推进落实, 研究制定); an issuing verb ends it, since
        # a title may itself start with a verb (制定|推进服务业…实施方案)
        start = m.end()
        last = m.group(0)
        while last not in issuing:
            nxt = pattern.match(norm, start)
            if nxt is None:
                break
            start, last = nxt.end(), nxt.group(0)
        items = _region_items(norm, start)
        pos = max(start, items[-1][1]) if items else start
        if not items:
            continue
        for s, e in items:
            s = _skip_noise(norm, s, e)
            found = _title_end(norm, s, e)
            if found is None:
                continue
            t_end, head = found
            # 最高资助达1000万元的10条人才新政, A、B等六大专项规划: the
            # title follows the last 的 or 等
            cut = max(norm.rfind("的", s, t_end - len(head)), norm.rfind("等", s, t_end - len(head)))
            if cut >= 0:
                s = cut + 1
            core = norm[s : t_end - len(head)]
            title = norm[s:t_end]
            after_year = _YEAR_AFTER.match(norm, t_end) is not None
            if head in load_words("document_heads_need_year.txt") and not after_year:
                continue  # 两年行动计划: a campaign unless its years are given
            if is_generic(core, title.strip("“”‘’")) and not after_year:
                continue
            out.append(_candidate(norm, s, t_end, _heads()[head], "document-after-verb", 1))
    return out


def _skip_noise(norm: str, s: int, e: int) -> int:
    """Skip spaces and a year span that the title starts with (kept by _with_year)."""
    while s < e and norm[s] in " \u3000":
        s += 1
    m = _YEAR_BEFORE.match(norm, s, e)
    return m.end() if m else s


def _national(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    out = []
    names, subs = _national_rows()
    for i, start in occurrences(norm, names):
        out.append(Candidate(start, start + len(names[i]), "Document", subs[i], "document-national", priority=4))
    return out


@functools.cache
def _national_rows() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The nationwide documents in name order, and each one's subclass."""
    rows = sorted(load_table("document_national.txt").items())
    return tuple(name for name, _ in rows), tuple(sub for _, sub in rows)


def _short_forms(cands: list[Candidate], norm: str) -> list[Candidate]:
    """Key a shortened title by the full title it abbreviates in the same report.

    ``制定整治方案`` after ``全市河道综合整治方案``: the later mention drops
    the leading words of the title, and names the same document.
    """
    keys = {c: name_key(norm[c.start : c.end]) for c in cands}
    full = sorted(set(keys.values()), key=lambda k: (-len(k), k))
    out = []
    for c in cands:
        key = keys[c]
        longer = next((k for k in full if len(k) > len(key) >= 4 and k.endswith(key)), None)
        out.append(replace(c, key=longer) if longer else c)
    return out


def find(ctx: DocContext) -> list[Candidate]:
    """All document candidates of a document."""
    cands = _book_titles(ctx) + _guanyu_titles(ctx) + _verb_titles(ctx) + _national(ctx)
    return _short_forms(cands, ctx.norm)
