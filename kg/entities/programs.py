"""Program recognizer: named initiatives (alliances, actions, projects, models, brands, strategies).

Rules, most specific first:

- quoted names joined with the head noun that follows (``“1+4”党建模式``,
  ``“关、改、搬、转”四大行动``, adjacent quotes closed by one head);
- quoted names that are programs on their own: content ending in a head
  noun, ``X+Y`` combinations, counted campaigns (``“五项整治”``), chains of
  steps, list members before ``等…平台/机制/活动``;
- unquoted names closed by a head noun (``…工程``, ``…行动``, ``…学习教育``),
  whose left edge is the nearest clause boundary with leading verbs and
  adverbs stripped;
- named investment projects (``总投资X亿元的…项目``, ``年产N吨…项目``,
  ``以A、B、C项目为代表``);
- a lexicon of nationwide strategies and campaigns written without quotes.

Slogans, honours and ideas in quotes are left alone: a quote is a program
only when its content or its head noun says so. Also exports the boundary
helpers the document recognizer shares.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import replace

from ..normalize import name_key
from . import Candidate
from .context import DocContext, lexicon, lexicon_lines, occurrences, word_tag

# Quoted segments; ‘’ also serves as the inner quote of the genre (normalize writes 「」 as “”).
QUOTE = re.compile(r"“([^“”\n]{1,40})”|‘([^‘’\n]{1,40})’")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters that end a name on its left: punctuation, spaces, brackets that
# do not close inside the span, and function words that never open a name.
HARD_STOP = set("，,。；;：:！？!?、\n\r\t 　《》〈〉【】[]…—·") | set(
    "的等在对把将由从向以为是了着被于即让使并但而也还都又或"
)
# Coordinators split two names only when the left part is itself a name.
COORD = set("和及与")
# Where a sentence or a line ends, inside brackets too.
_LINE_STOP = set("\n\r。；;！？!?")
_COORD_CHAR = re.compile("[和及与]")
# The characters extend_left reacts to: brackets, hard stops and coordinators.
_WALK_MARK = re.compile("[" + re.escape("".join(sorted(HARD_STOP | COORD | set("()（）")))) + "]")
NUMERAL = "一二三四五六七八九十百千万两0123456789"
# Leading dates and enumerators stripped from a span (2022年, 一是, 1.).
LEADING_NOISE = re.compile(
    r"(?:[0-9]{2,4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?|[今明去]年|年初|年底|目前|同时|此外|[一二三四五六七八九十]是|[一二三四五六七八九十]要|[0-9]+\."
    r"|[(（][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)
# A number with its measure word before a head (五大, 四项, 三风, 百日, 2.0).
COUNT = r"(?:[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十百千万两]+[大项个条类种件面风日]?)"


def _load(name: str) -> tuple[str, ...]:
    return lexicon_lines(name.removesuffix(".txt"))


class Table(dict[str, str]):
    """A word table (never changed once built) that knows its longest word and the characters its words end with.

    ``ending_head`` then skips texts that no word can end and lookups longer
    than any word: it is asked of every few characters after a quote or
    before a document head.
    """

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(items)
        self.longest = max(map(len, self), default=0)
        self.last_chars = frozenset(w[-1] for w in self if w)


@functools.cache
def load_table(name: str) -> Table:
    """Read a ``word<TAB>value`` lexicon."""
    out: dict[str, str] = {}
    for ln in _load(name):
        word, _, value = ln.partition("\t")
        out[word.strip()] = value.strip()
    return Table(out.items())


@functools.cache
def load_words(name: str) -> tuple[str, ...]:
    """Read a one-word-per-line lexicon, longest words first."""
    return tuple(sorted(set(_load(name)), key=lambda w: (-len(w), w)))


@functools.cache
def heads() -> Table:
    """Program heads and the subclass each implies."""
    return Table((w, v.split("\t")[0].strip()) for w, v in load_table("program_heads.txt").items())


@functools.cache
def heads_with(flag: str) -> Table:
    """The heads that carry ``flag`` in program_heads.txt (bare, build, de, class, weak)."""
    out = {}
    for w, v in load_table("program_heads.txt").items():
        parts = v.split("\t")
        if len(parts) > 1 and flag in {f.strip() for f in parts[1].split(",")}:
            out[w] = parts[0].strip()
    return Table(out.items())


def _head_words() -> tuple[str, ...]:
    return tuple(sorted(heads(), key=lambda w: (-len(w), w)))


def ending_head(text: str, table: dict[str, str]) -> str | None:
    """The longest head of ``table`` that ``text`` ends with."""
    longest = len(text)
    if isinstance(table, Table):
        if text[-1:] not in table.last_chars:
            return None
        longest = min(longest, table.longest)
    for size in range(longest, 0, -1):  # one lookup per suffix of text, not one per head
        if text[-size:] in table:
            return text[-size:]
    return None


# ------------------------------------------------------------ boundaries


def extend_left(norm: str, end_of_core: int, *, max_len: int = 30, names: dict[str, str] | None = None) -> int | None:
    """Walk left from ``end_of_core`` to the clause boundary; None when none is near.

    Quotes and balanced brackets are crossed. A coordinator (和/及/与) stops
    the walk only when the text before it ends with a head of ``names``.
    """
    depth = 0
    opened = 0  # just after the closing bracket that began the bracket being crossed
    # Only the characters the walk reacts to (brackets, stops, coordinators)
    # are visited, right to left; the others only move it on.
    lowest = max(0, end_of_core - max_len)
    for mark in reversed(list(_WALK_MARK.finditer(norm, lowest, end_of_core))):
        i = mark.start() + 1
        ch = mark.group()
        if ch in ")）":
            if depth == 0:
                opened = i
            depth += 1
        elif ch in "(（":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and ch in HARD_STOP:
            return i
        elif ch in _LINE_STOP:
            # A bracket in a name never spans a line or a sentence: the one
            # being crossed has no opening here (an enumerator such as 2）),
            # and the name starts after it.
            return opened
        elif depth == 0 and ch in COORD and names is not None and ending_head(norm[max(0, i - 12) : i - 1], names):
            return i
    if depth:
        return opened if lowest == 0 else None
    return 0 if lowest == 0 else None


def strip_left(
    norm: str, start: int, end: int, *, stop_after: tuple[str, ...] = (), ctx: DocContext | None = None
) -> int:
    """Move ``start`` past leading dates, enumerators, verbs and adverbs.

    The first trigger verb in the span marks where the name begins (a name
    follows its verb); when a verb of ``stop_after`` is stripped, stripping
    ends there (``制定推进…方案``: the title starts with 推进). With ``ctx``,
    a trigger that is part of a noun or a body's name (组织 of 市委组织部,
    建设 of 城乡建设局) marks nothing: it is part of the subject's name.
    """
    leftmost, at_start = _trigger_patterns(tuple(stop_after))
    # the leftmost trigger: what stands before it is the clause's subject;
    # never jump over the name's own quotes
    quote = min((q for q in (norm.find("“", start, end), norm.find("‘", start, end)) if q >= 0), default=end)
    m = leftmost.search(norm, start, end)
    while m is not None and ctx is not None and _opens_noun(ctx, m.start(), m.end()):
        m = leftmost.search(norm, m.start() + 1, end)
    first = m.start() - start if m is not None and m.start() <= quote else None
    if first is not None and first <= min(end, len(norm)) - start - 2:
        start += first
    changed = True
    while changed:
        changed = False
        m = LEADING_NOISE.match(norm, start, end)
        if m and m.end() > start:
            start = m.end()
            changed = True
        # the first trigger (longest first) that leaves a character after it
        t = at_start.match(norm, start, end - 1) if end - 1 >= start else None
        if t is not None:
            start = t.end()
            changed = True
            if t.group() in stop_after:
                return start
    return start


# One-character heads of a body's name (建设|局, 宣传|部).
_BODY_HEAD_CHARS = frozenset("局部委厅办处署站所")


def _opens_noun(ctx: DocContext, start: int, end: int) -> bool:
    """The word at [start, end) is part of a body's or a longer noun's name (组织 of 组织部, 建设 of 建设|局)."""
    if end not in ctx.bounds:
        return start in ctx.bounds and word_tag(ctx.norm[start : ctx.word_at(start)[1]])[:1] == "n"
    return ctx.norm[end : end + 1] in _BODY_HEAD_CHARS and end + 1 in ctx.bounds


@functools.cache
def _trigger_patterns(stop_after: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Triggers (with ``stop_after``), longest first: found where a CJK character or quote starts, and at a point."""
    triggers = sorted(set(load_words("program_triggers.txt") + stop_after), key=lambda w: (-len(w), w))
    words = "|".join(re.escape(t) for t in triggers) or "(?!)"
    return re.compile(r"(?=[\u4e00-\u9fff“‘])(?:" + words + ")"), re.compile(words)


_LEVELS_ONLY = re.compile(r"[国省市区县镇乡村街]+")
_LEADING_LEVEL = re.compile(r"^[省市区县镇村全各本该]")
_LEADING_COUNT = re.compile(r"^" + COUNT + r"[个项条大]?")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9+]")


def is_generic(core: str) -> bool:
    """True when ``core`` (the words before a head) names no particular thing."""
    if _LEVELS_ONLY.fullmatch(core):
        return True  # 省市专项整治: the levels that run it, not a name
    if core in load_words("program_triggers.txt") or LEADING_NOISE.fullmatch(core):
        return True  # 确保专项整治工作, 目前联盟已扩大: a verb or an adverb, no name
    core = _LEADING_LEVEL.sub("", core) if len(core) > 2 else core
    core = _LEADING_COUNT.sub("", core)
    if len(CJK.findall(core)) + len(_LATIN_OR_DIGIT.findall(core)) < 2:
        return True
    if core in _generic_words():
        return True
    return core.startswith(load_words("program_vague_starts.txt"))


@functools.cache
def _generic_words() -> frozenset[str]:
    return frozenset(load_words("program_generic.txt"))


# ----------------------------------------------------------------- rules


def _subtype(name: str, default: str = "Campaign") -> str:
    h = ending_head(name, heads())
    if h is not None:
        return heads()[h]
    if "+" in name:
        return "Model"
    return default


_TAIL_MODIFIER = re.compile(r"(" + COUNT + r")?([\u4e00-\u9fffA-Za-z]*)")


@functools.cache
def _tail_break() -> re.Pattern[str]:
    """A character that no phrase after a quote holds (none of a count, words and a head)."""
    extra = sorted({c for h in heads() for c in h})
    return re.compile(r"[^\u4e00-\u9fffA-Za-z0-9." + "".join(re.escape(c) for c in extra) + "]")


def _quote_tail(norm: str, end: int) -> tuple[int, str] | None:
    """The head noun phrase right after a closing quote: (end, head)."""
    table = heads()
    de_heads = heads_with("de")
    weak = heads_with("weak")
    triggers = load_words("program_triggers.txt")
    works = load_words("program_project_works.txt")  # “X”建设项目: the work on X, no category
    best = None
    # Only the phrase ends inside the run of count, word and head characters
    # after the quote are tried (up to 14 characters, as before): any other
    # character can stand neither in the head nor in what precedes it, and
    # a phrase end whose character ends no head has no head (ending_head's
    # first test, made here without the call).
    limit = min(len(norm), end + 14)
    stop = _tail_break().search(norm, end, limit)
    if stop is not None:
        limit = stop.start()
    for phrase_end in range(end + 1, limit + 1):
        if norm[phrase_end - 1] not in table.last_chars:
            continue
        s = norm[end:phrase_end]
        h = ending_head(s, table)
        if h is None:
            continue
        rest = s[: -len(h)]
        de = rest.startswith("的")
        if de:
            if h not in de_heads:
                continue
            rest = rest[1:]
        m = _TAIL_MODIFIER.fullmatch(rest)
        if m is None:
            continue
        mod = m.group(2)
        if any(ch in HARD_STOP or ch in COORD for ch in mod):
            continue
        if h in weak and mod in works:
            best = (phrase_end, h)  # “X”建设项目: the work on X (建设 here is no verb between quote and head)
            continue
        if mod.startswith(triggers):
            continue  # “A”“B”形成长效机制: a verb stands between the quotes and the head
        if h in weak and len(mod) > (0 if table[h] == "Project" else 4):
            continue  # “X”重点项目: a category of projects; a long phrase before 改革 is no name
        best = (phrase_end, h)
    if best is None:
        return None
    # a head that runs on into a document head belongs to a document title
    after = norm[best[0] : best[0] + 4]
    if after.startswith(_document_heads()):
        return None
    return best


@functools.cache
def _document_heads() -> tuple[str, ...]:
    return tuple(load_table("document_heads.txt"))


def _bare_quote_is_program(content: str) -> bool:
    """A quoted string that names a program by itself."""
    national = load_table("program_national.txt")
    if content in national:
        return True
    if "、" in content:
        return False  # “建机制、立体系”: a list of slogans needs a head after it to be a program
    h = ending_head(content, heads())
    if h is not None and not is_generic(content[: -len(h)]) and h not in heads_with("weak"):
        return True
    if "+" in content and CJK.search(content):
        return True  # 党建+安全, 光伏+
    if _COUNTED_CAMPAIGN.fullmatch(content):
        return True
    if _NUMBER_ONE.fullmatch(content):
        return True  # “一号工程”: the genre's name for a place's top-priority programme
    if _TASKS.fullmatch(content):
        return True
    parts = content.split("-")
    return len(parts) >= 3 and all(_STEP.fullmatch(p) for p in parts)


_COUNTED_CAMPAIGN = re.compile(
    r"[一二三四五六七八九十两]+[项大面]?(?:整治|攻坚|督查|清洁|行动|关键战|攻坚战|机制|工程)"
)
_NUMBER_ONE = re.compile(r"[一二三四五六七八九十]号(?:战略|工程|行动|项目)")
_TASKS = re.compile(r"[\u4e00-\u9fff]{2,8}[一二三四五六七八九十两]件事")
_STEP = re.compile(r"[\u4e00-\u9fff]{2,6}")


_LISTED_CLASS = re.compile(r"等(?:" + COUNT + r")?[类项个种大]?([\u4e00-\u9fff]{0,6})")


def _quote_rules(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    out: list[Candidate] = []
    # one group of QUOTE takes part in a match (one per kind of quote): the last that matched
    quotes = [(m.start(), m.end(), m.group(m.lastindex or 0)) for m in QUOTE.finditer(norm)]
    # group adjacent quotes (“A”“B”“C” or “A”、“B”) into runs
    runs: list[list[tuple[int, int, str]]] = []
    for q in quotes:
        if runs and (q[0] == runs[-1][-1][1] or (q[0] == runs[-1][-1][1] + 1 and norm[q[0] - 1] == "、")):
            runs[-1].append(q)
        else:
            runs.append([q])
    for run in runs:
        start, end = run[0][0], run[-1][1]
        tail = _quote_tail(norm, end)
        if tail is not None:
            t_end, h = tail
            contents = tuple(c for _, _, c in run)
            aliases = (norm[start:end],) if len(run) == 1 else ()
            national = load_table("program_national.txt")
            if len(run) == 1 and contents[0] in national:
                # “长江大保护”战略: the head only states the kind of a nationwide program
                out.append(
                    Candidate(
                        start,
                        t_end,
                        "Program",
                        national[contents[0]].split("\t")[0],
                        "program-quote-head",
                        key=_national_key(contents[0]),
                        priority=2,
                        aliases=aliases,
                    )
                )
                continue
            out.append(
                Candidate(start, t_end, "Program", heads()[h], "program-quote-head", priority=2, aliases=aliases)
            )
            continue
        # “A”“B”等五类平台: each listed quote is a program of that class
        listed = _LISTED_CLASS.match(norm[end : end + 12])
        list_head: str | None = None
        if listed:
            for k in range(len(listed.group(1)), 0, -1):
                class_head = ending_head(listed.group(1)[:k], heads())
                if class_head is not None and class_head in heads_with("class"):
                    list_head = class_head
                    break
        for s, e, content in run:
            if list_head is not None or _bare_quote_is_program(content):
                sub = heads()[list_head] if list_head and ending_head(content, heads()) is None else _subtype(content)
                # “十年禁渔”: a nationwide program's other name takes the key of the name it stands for
                key = _national_key(content) if content in load_table("program_national.txt") else ""
                out.append(Candidate(s, e, "Program", sub, "program-quote", key=key, priority=1))
            elif len(run) == 1 and _carried_out(norm, s, e, content):
                out.append(Candidate(s, e, "Program", _subtype(content), "program-quote-carried", priority=1))
    return out


_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
# A quoted name alone in its clause (“X”工作 too): a punctuation mark, a line end or the text's end after it.
_CLAUSE_END = re.compile(r"(?:工作)?(?:[,;。!?、\n]|$)")


def _carried_out(norm: str, start: int, end: int, content: str) -> bool:
    """扎实开展“X”, 深入推进“X”。: a quote a verb of carrying out takes whole names what is carried out."""
    if "、" in content or not 2 <= len(content) <= 10 or not _ALL_CJK.fullmatch(content):
        return False  # “建机制、立体系”: a list of slogans; long quotes are sayings
    return norm.endswith(load_words("program_carry_verbs.txt"), 0, start) and bool(_CLAUSE_END.match(norm, end))


_COUNTED_WORD = re.compile(COUNT + r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[0-9]")
_CAPACITY_WORDS = re.compile(r"[0-9]+[\u4e00-\u9fff]*[吨瓦W]")


@functools.cache
def _bare_head_pattern() -> re.Pattern[str]:
    """The heads that close a name written without quotes, longest first."""
    return re.compile("|".join(sorted(heads_with("bare"), key=lambda w: (-len(w), w))))


def _head_rules(ctx: DocContext) -> list[Candidate]:
    """Unquoted names closed by a head noun (…工程, …行动, …学习教育)."""
    norm = ctx.norm
    out: list[Candidate] = []
    unquoted_heads = heads_with("bare")
    for m in _bare_head_pattern().finditer(norm):
        h = m.group(0)
        end = m.end()
        if norm.startswith(load_words("program_head_blockers.txt"), end):
            # …联盟建设, …示范圈建设: the program is what is built
            if not (norm.startswith("建设", end) and h in heads_with("build")):
                continue
        # A year span after the head (…行动计划(2019-2021年)) is left to the
        # document recognizer, whose longer span wins in select(); a campaign
        # with its years (…三年行动(2019—2021年)) stays a program.
        if norm.startswith(_org_heads(), end):
            continue  # 东湖工程大学: the head runs on into a body's name
        left = extend_left(norm, m.start(), names=_names_before_coordinator())
        if left is None:
            continue
        start = _strip_predicate(ctx, strip_left(norm, left, m.start(), ctx=ctx), m.start())
        core = norm[start : m.start()]
        if _generic_after_coordinator(ctx, start, m.start()):
            continue  # 最大的政治任务和民生工程: two kinds of work, no name
        if core.count("“") != core.count("”"):
            # 如何推进“绿色示范社区”: the head closes a quote, and the quoted
            # name is the program
            opening = norm.rfind("“", start, m.start())
            if not norm.startswith("”", end) or opening < 0:  # ”…” with no opening quote (found by a property test)
                continue
            start, end = opening, end + 1
        if is_generic(core) or norm[start] in NUMERAL and not _COUNTED_WORD.match(norm, start):
            continue
        if _DIGIT.search(core) and not _CAPACITY_WORDS.search(core) and "“" not in core:
            continue
        # 化工企业“关改搬转”工程: the quote right before the head is the program's own name,
        # written alone elsewhere (深化“关改搬转”), as a quote before its head is (see _quote_rules).
        opening = norm.rfind("“", start, m.start()) if norm[m.start() - 1] == "”" else -1
        quoted = norm[opening : m.start()]
        aliases = (quoted,) if opening > start and quoted.count("”") == 1 else ()
        out.append(Candidate(start, end, "Program", unquoted_heads[h], "program-head", priority=0, aliases=aliases))
    return out


@functools.cache
def _org_heads() -> tuple[str, ...]:
    """Head nouns of organizations of two characters or more (大学, 研究院, 协会)."""
    words = {line.split("\t")[0] for line in lexicon("org_heads")}
    return tuple(sorted((w for w in words if len(w) >= 2), key=lambda w: (-len(w), w)))


@functools.cache
def _names_before_coordinator() -> dict[str, str]:
    """Heads of names that a coordinator (和/及/与) ends: programs and bodies (江豚保护协会与联盟合作)."""
    return {**dict.fromkeys(_org_heads(), "Organization"), **heads_with("bare")}


def _strip_predicate(ctx: DocContext, start: int, end: int) -> int:
    """Move ``start`` past an adverb and the verbs it modifies (不断放大党建联盟: the name is 党建联盟).

    An adverb opens a predicate, never a name, whatever the trigger lexicon
    holds; jieba's tags decide here because the adverbs are common words.
    """
    while start < end and start in ctx.bounds:
        word_end = ctx.word_at(start)[1]
        if word_end - start < 2 or word_tag(ctx.norm[start:word_end]) not in _ADVERB_TAGS or word_end >= end:
            break  # 普|惠金融: a lone character tagged as an adverb may begin a name
        start = word_end
        while start < end:
            word_end = ctx.word_at(start)[1]
            if word_tag(ctx.norm[start:word_end]) not in _VERB_TAGS or word_end >= end:
                break
            start = word_end
    return start


def _generic_after_coordinator(ctx: DocContext, start: int, end: int) -> bool:
    """政治任务和民生工程: a coordinator before a generic word joins two kinds of work."""
    norm = ctx.norm
    # the coordinators between start and end (exclusive), nearest to end first
    for coord in reversed(list(_COORD_CHAR.finditer(norm, start + 1, end))):
        i = coord.start()
        if i in ctx.bounds and i + 1 in ctx.bounds:
            return is_generic(norm[i + 1 : end])
    return False


_ADVERB_TAGS = frozenset({"d", "ad", "dg"})
_VERB_TAGS = frozenset({"v", "vd"})


INVEST = re.compile(
    r"(?:总投资|计划投资|投资)(?:约|近|超)?[0-9.]+(?:多|余)?(?:亿|万)(?:元|美元)(?:的|建设|新建|实施)"
    r"([^，,。；;、的\n“”]{2,30}?项目)"
)
CAPACITY = re.compile(r"(年产[0-9.]+(?:万|千)?(?:吨|件|套|台|平方米|GW|MW)[^，,。；;、的\n]{2,24}?项目)")
PROJECT_PHASE = re.compile(r"项目[一二三四五]期")
EXAMPLES = re.compile(r"以([^，,。；;以为\n]{2,80}?)为代表的")


def _project_rules(ctx: DocContext) -> list[Candidate]:
    """Named investment and construction projects."""
    norm = ctx.norm
    out: list[Candidate] = []
    for m in INVEST.finditer(norm):
        s = m.start(1)
        cap = CAPACITY.match(norm, s)
        name_start = s
        if not cap:
            name_start = strip_left(norm, s, m.end(1))
            if is_generic(norm[name_start : m.end(1) - 2]):
                continue  # 投资8亿元实施技术改造项目: a kind of work, no named project
        out.append(Candidate(name_start, m.end(1), "Program", "Project", "program-investment", priority=3))
    for m in CAPACITY.finditer(norm):
        out.append(Candidate(m.start(1), m.end(1), "Program", "Project", "program-capacity", priority=3))
    for m in PROJECT_PHASE.finditer(norm):
        left = extend_left(norm, m.start())
        if left is None:
            continue
        start = strip_left(norm, left, m.start())
        if not is_generic(norm[start : m.start()]) and m.start() - start >= 4:
            out.append(Candidate(start, m.end(), "Program", "Project", "program-phase", priority=2))
    # 以A、B、C项目为代表的…产业: the listed items are projects
    for m in EXAMPLES.finditer(norm):
        items = m.group(1).split("、")
        last_is_project = items[-1].endswith("项目")
        pos = m.start(1)
        for item in items:
            s, e = pos, pos + len(item)
            pos = e + 1
            if not item or item.endswith(load_words("program_not_project_endings.txt")):
                continue
            if item.endswith("项目") or last_is_project or re.search(r"[A-Za-z0-9]", item):
                key_alias = () if item.endswith("项目") else (item + "项目",)
                out.append(Candidate(s, e, "Program", "Project", "program-examples", priority=1, aliases=key_alias))
    # clause-initial …项目 followed by its description (生活垃圾焚烧厂项目重点解决…)
    for m in _clause_projects(norm):
        start = strip_left(norm, m.start(1), m.end(1))
        if start != m.start(1):
            continue  # 加强政府投资项目监管: a verb's object, not the subject of the clause
        name = m.group(1)
        core = name[:-2]
        if is_generic(core) or core.endswith(load_words("program_project_categories.txt")):
            continue
        out.append(Candidate(m.start(1), m.end(1), "Program", "Project", "program-project-subject", priority=1))
    return out


_CLAUSE_START = re.compile(r"(?:^|(?<=[。；;:：!?！？\n]))", re.M)
_CLAUSE_PROJECT = re.compile(
    _CLAUSE_START.pattern + r"(?:[一二三四五六七八九十]是)?([^\W的]{4,14}项目)(?=[，,]|[\u4e00-\u9fff]{2})", re.M
)


def _clause_projects(norm: str) -> list[re.Match[str]]:
    """What ``_CLAUSE_PROJECT.finditer(norm)`` finds, tried only at the clause starts shortly before a 项目.

    The pattern's 项目 lies 4 to 16 characters after its start; trying it
    there, in text order and never inside an earlier match, finds the same
    matches without a pass of the pattern over every character.
    """
    out: list[re.Match[str]] = []
    tried = 0  # every start before this one is tried, or inside a match
    q = norm.find("项目")
    while q >= 0:
        if q - 4 >= tried:
            for start in _CLAUSE_START.finditer(norm, max(tried, q - 16), q - 4):
                if start.start() < tried:
                    continue  # inside the match just found
                m = _CLAUSE_PROJECT.match(norm, start.start())
                if m is not None:
                    out.append(m)
                    tried = m.end()
            tried = max(tried, q - 3)
        q = norm.find("项目", q + 1)
    return out


def _lexicon_rules(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    out: list[Candidate] = []
    names, rows = _national_rows()
    for i, start in occurrences(norm, names):
        sub, stem = rows[i]
        end = start + len(names[i])
        if norm.startswith("战略", end):
            end += 2
        out.append(Candidate(start, end, "Program", sub, "program-national", key=stem, priority=4))
    return out


@functools.cache
def _national_rows() -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """The nationwide programs in name order, and each one's subclass and key."""
    table = load_table("program_national.txt")
    rows = []
    for name, value in sorted(table.items()):
        sub = value.split("\t")[0]
        # 长江经济带发展战略, 乡村振兴战略: 战略 only states the kind; the
        # nationwide name is the key either way
        stem = _national_key(name[:-2] if name.endswith("战略") and name[:-2] in table else name)
        rows.append((sub, stem))
    return tuple(sorted(table)), rows


def _national_key(name: str) -> str:
    """The key of a nationwide program: the name its lexicon row says it is another name of."""
    _, _, same_as = load_table("program_national.txt").get(name, "").partition("\t")
    return same_as or name


def _prefer_lexicon(cands: list[Candidate]) -> list[Candidate]:
    """A head-rule span that ends with a lexicon name is cut back to that name.

    ``中央督导组扫黑除恶专项斗争``: the walk left overshoots into the
    subject; the nationwide name is the reliable edge.
    """
    lex = [c for c in cands if c.rule == "program-national"]
    out = []
    for c in cands:
        if c.rule == "program-head" and any(x.end == c.end and x.start > c.start for x in lex):
            continue
        out.append(c)
    return out


def find(ctx: DocContext) -> list[Candidate]:
    """All program candidates of a document."""
    cands = _quote_rules(ctx) + _head_rules(ctx) + _project_rules(ctx) + _lexicon_rules(ctx)
    return _same_steps(_prefer_lexicon(_drop_honours(cands, ctx.norm)), ctx.norm)


def _drop_honours(cands: list[Candidate], norm: str) -> list[Candidate]:
    """Drop names right after a verb that confers an honour (创成省“四好农村路”示范区)."""
    honour = _honour_before()
    return [c for c in cands if not honour.search(norm, max(0, c.start - 8), c.start)]


@functools.cache
def _honour_before() -> re.Pattern[str]:
    """An honouring verb, perhaps followed by a level, right at the end of the searched span.

    One search instead of an endswith test per level: the pattern tries
    every verb and level (or none) the way those tests did.
    """
    verbs = "|".join(re.escape(v) for v in load_words("program_honour_verbs.txt")) or "(?!)"
    levels = "|".join(re.escape(lv) for lv in load_words("program_honour_levels.txt")) or "(?!)"
    return re.compile(f"(?:{verbs})(?:{levels})?\\Z")


_QUOTED_STEPS = re.compile(r"“([^“”]+)”(.*)")


def _same_steps(cands: list[Candidate], norm: str) -> list[Candidate]:
    """Key a list of steps written in another order by its first mention.

    ``“关、改、搬、转”四大行动`` and later ``“改、关、搬、转”四大行动``
    name one program: same steps, same head.
    """
    first: dict[tuple[tuple[str, ...], str], str] = {}
    out = []
    for c in sorted(cands, key=lambda c: (c.start, c.end, c.rule)):
        m = _QUOTED_STEPS.fullmatch(norm, c.start, c.end)
        if m is None or "、" not in m.group(1):
            out.append(c)
            continue
        sig = (tuple(sorted(m.group(1).split("、"))), m.group(2))
        key = first.setdefault(sig, c.key or name_key(norm[c.start : c.end]))
        out.append(replace(c, key=key))
    return out
