"""What recognizers share about one document.

Besides the text, a DocContext holds a word segmentation of ``norm`` (a
private jieba tokenizer, so the global dictionary of other stages is left
alone) and the divisions the report is about (``home``). Suffix rules use the
segmentation to decide how far a name reaches to the left of its head noun:
a name starts on a word boundary and never crosses punctuation, a function
word or a verb from the stop lexicon.
"""

from __future__ import annotations

import functools
import importlib.util
import marshal
import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import Mention, Sentence, SourceText
from ..normalize import name_key

if TYPE_CHECKING:
    from . import Candidate
    from .segment import Table

_Row = TypeVar("_Row", bound=tuple[Any, ...])

LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon"

# Characters a name is made of: CJK, Latin letters and digits (318国道).
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]")
# A stretch of name characters: one fullmatch tests every character of a word.
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]*")
# Single characters that end a name on their left when they form a word alone.
_STOP_CHARS = frozenset(
    "的在和与及等对为是系把将被由以了着从到向于至并或个各每这该其我你他她它们也都又还就已而且即让使给跟"
)
# Verbs a subtitle opens with right after its dash (——记X: a record of X; ——访X).
_AFTER_DASH = frozenset("记访")
# Level characters a stop word may be glued to by the dictionary (会同县, a county's name).
_LEVEL_CHARS = frozenset("省市区县镇乡村")
# Ordinals belong to names (第二巡察组) although jieba tags them as numerals.
_ORDINAL = re.compile(r"^第[一二三四五六七八九十0-9]+$")
# Parts of speech a name does not begin with (verbs, adjectives, adverbs,
# function words, numerals, directions): 列入X党工委, 优质园区, 充分发挥园区.
# Words of a division level, which a bracket right before a head names (乡镇(街道)党委).
_LEVEL_WORDS = ("街道", "乡镇", "镇", "乡", "村", "社区", "区", "县", "市")
# Numerals of an enumerator in brackets ((二), (3)).
_ENUMERATOR = re.compile(r"[0-9一二三四五六七八九十]")
_BAD_FIRST_TAGS = frozenset({"v", "vn", "vd", "a", "ad", "d", "p", "c", "u", "r", "m", "q", "l", "i"})
# Header lines at the top of a report (title, byline) weigh more for `home`.
_HEADER_LINES = 3


@functools.cache
def lexicon_lines(name: str) -> tuple[str, ...]:
    """Entries of ``kg/data/lexicon/<name>.txt`` in file order.

    One entry a line, its tab-separated columns kept; ``#`` starts a comment,
    also after an entry. The one reader of the lexicons for every stage.
    """
    out = []
    for line in (LEXICON / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@functools.cache
def lexicon(name: str) -> frozenset[str]:
    """Entries of one lexicon file (``lexicon_lines``) as a set."""
    return frozenset(lexicon_lines(name))


def _tokenizer() -> Any:
    """A private jieba tokenizer with the lexicons' head nouns and protected phrases added (a fresh one each call)."""
    import jieba

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    tok.initialize()
    # Head nouns and protected phrases must be single words, so that a name
    # boundary is never placed inside them.
    for name in _SEGMENTER_LEXICONS:
        for word in sorted(lexicon(name)):
            tok.add_word(word.split("\t")[0], freq=2000)
    return tok


# The lexicons whose words _tokenizer adds to jieba's dictionary.
_SEGMENTER_LEXICONS = (
    "org_heads",
    "org_protected",
    "org_named",
    "org_industry",
    "place_suffixes",
    "place_named",
    "place_stop_words",
)


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    from .segment import Segmenter

    return Segmenter.from_table(_dictionary()[0])


# jieba's word tags, by the word's first character: a dict marshalled into
# bytes, decoded the first time a word of that character is asked about. A
# build asks about a few hundred to a few thousand of the 350,000 words:
# decoding them all was a sixth of a start.
Tags = dict[str, bytes]
# The groups of Tags decoded so far.
_tag_groups: dict[str, dict[str, str]] = {}


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[Table, Tags]:
    """The segmenter's table (``segment.table``) and jieba's word tags (``Tags``), from the table cache."""
    from .. import tablecache

    spec = importlib.util.find_spec("jieba")  # found, not imported: a cache hit needs no jieba
    if spec is None or not spec.submodule_search_locations:
        return _build_dictionary()
    jieba_dir = Path(spec.submodule_search_locations[0])
    here = Path(__file__).resolve().parent
    sources = [
        jieba_dir / "__init__.py",
        jieba_dir / "dict.txt",
        jieba_dir / "posseg" / "__init__.py",
        here / "context.py",
        here / "segment.py",
        *(LEXICON / f"{name}.txt" for name in _SEGMENTER_LEXICONS),
    ]
    return tablecache.load("dictionary", sources, _build_dictionary)


def _build_dictionary() -> tuple[Table, Tags]:
    # The tokenizer is only read: its dictionary becomes the segmenter's, and
    # the tokenizer itself (another copy of it) is let go.
    from .segment import table

    made = table(_tokenizer())
    # posseg reads its tag table on import; initializing its tokenizer would
    # load a second copy of jieba's dictionary (seconds, and ~100 MB) for nothing.
    import jieba.posseg

    groups: dict[str, dict[str, str]] = {}
    for word, tag in jieba.posseg.dt.word_tag_tab.items():
        # One string per tag, which marshal writes once per group.
        groups.setdefault(word[:1], {})[word] = sys.intern(tag)
    return made, {first: marshal.dumps(group) for first, group in groups.items()}


def by_first_char(rows: Iterable[_Row]) -> dict[str, list[_Row]]:
    """Index lexicon rows ``(word, ...)`` by the word's first character, keeping their order.

    A scan then tries at each position only the words that can start there,
    instead of every word of the lexicon (the hot loop of suffix rules).
    """
    index: dict[str, list[_Row]] = {}
    for row in rows:
        index.setdefault(row[0][0], []).append(row)
    return index


def first_chars(index: dict[str, list[tuple[Any, ...]]]) -> re.Pattern[str]:
    """A pattern that matches the first character of every place where a word of a ``by_first_char`` index starts.

    A scan then visits only the positions where some word of the index
    begins; the others (most of a text) cost nothing in Python. The pattern
    opens with a character class, which re's search skips along in C; the
    lookbehind then steps back over that character to check that a whole
    word follows (an alternation grouped by first character). The match is
    that first character, as ``index[match.group()]`` expects.
    """
    if not index:
        return re.compile("(?!)")
    chars = "".join(re.escape(c) for c in sorted(index))
    words = "|".join(
        re.escape(c) + "(?:" + "|".join(re.escape(row[0][1:]) for row in index[c]) + ")" for c in sorted(index)
    )
    return re.compile(f"[{chars}](?<=(?={words}).)", re.S)


def occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each of ``words`` occurs in ``text``: (index of the word, start), by word, then by start.

    The occurrences one ``re.finditer(re.escape(word), text)`` per word
    finds (left to right, none overlapping an earlier one of the same word),
    in one scan of the text instead of one per word of a lexicon.
    """
    index, starts = _occurrence_index(words)
    next_free = [0] * len(words)  # where each word's next occurrence may start
    found = []
    for at in starts.finditer(text):
        pos = at.start()
        for word, i in index[at.group()]:
            if pos >= next_free[i] and text.startswith(word, pos):
                found.append((i, pos))
                next_free[i] = pos + len(word)
    found.sort()
    return found


@functools.lru_cache(maxsize=32)
def _occurrence_index(words: tuple[str, ...]) -> tuple[dict[str, list[tuple[str, int]]], re.Pattern[str]]:
    index = by_first_char((word, i) for i, word in enumerate(words))
    return index, first_chars(index)


# Rules ask for the tags of a few thousand common words, again and again: a
# small table of those answers in one lookup that stays in the processor's
# cache, where jieba's tags (350,000 words, in groups by first character)
# take two lookups in tables far larger than it.
@functools.lru_cache(maxsize=1 << 14)
def word_tag(word: str) -> str:
    """The part-of-speech tag of a dictionary word ('' when unknown)."""
    group = _tag_groups.get(word[:1])
    if group is None:
        blob = _dictionary()[1].get(word[:1])
        group = _tag_groups[word[:1]] = marshal.loads(blob) if blob is not None else {}
    return group.get(word, "")


def gazetteer() -> Any | None:
    """The administrative-division gazetteer, or None where it is not available."""
    try:
        from .. import gazetteer as gaz
    except ImportError:
        return None
    try:
        return gaz.load()
    except Exception:  # a half-built data file must not stop recognition
        return None


class WordStarts:
    """The start of the word each character of a text belongs to, read like a list: ``word_start[i]``.

    Looked up among the ends of the words (a bisection) when asked: the
    recognizers ask at a tenth of the characters or fewer, and a list of one
    number per character cost more to build than all their lookups. As the
    list did, a negative index counts from the end, and characters after
    the last word (none: the words cover the text) read 0.
    """

    __slots__ = ("_ends", "_len")

    def __init__(self, ends: list[int], length: int) -> None:
        self._ends = ends  # the end of each word, in order
        self._len = length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("word_start index out of range")
        # the number of words that end at or before i: i lies in the next one
        at = bisect_right(self._ends, i)
        return self._ends[at - 1] if 0 < at < len(self._ends) else 0


@dataclass
class DocContext:
    """The document, its sentences and facts recognizers derive about it."""

    src: SourceText
    sentences: list[Sentence]
    # Divisions the document is about, broadest first (province, city,
    # district), as full names; used to scope generic names such as 市委组织部.
    home: list[str] = field(default_factory=list)
    # Word boundaries of norm (start offsets of words, and len(norm)).
    bounds: frozenset[int] = field(default_factory=frozenset)
    # Start offset of the word each character belongs to (read like a list).
    word_start: WordStarts | list[int] = field(default_factory=list)
    # Every gazetteer name in norm (see division_names), found once.
    _division_names: list[tuple[int, str]] | None = field(default=None, repr=False)
    # src.norm, the text every rule reads: an attribute, not a property, as
    # recognizers read it tens of thousands of times a megabyte.
    norm: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.norm = self.src.norm

    @classmethod
    def build(cls, src: SourceText, sentences: list[Sentence]) -> DocContext:
        ctx = cls(src=src, sentences=sentences)
        ctx._segment()
        ctx.home = _home(ctx)
        return ctx

    def _segment(self) -> None:
        norm = self.src.norm
        # Built from the word lengths in C loops: this runs over every word.
        ends = list(accumulate(_segmenter().lengths(norm)))
        self.bounds = frozenset([0, len(norm), *ends])
        self.word_start = WordStarts(ends, len(norm))

    def division_names(self) -> list[tuple[int, str]]:
        """Every division name of the gazetteer in ``norm`` (``Gazetteer.names_in``), overlapping ones too.

        The report's home and the place recognizer both scan the text for
        divisions, with different scopes; the names are looked up once.
        """
        if self._division_names is None:
            gaz = gazetteer()
            self._division_names = gaz.names_in(self.norm) if gaz is not None else []
        return self._division_names

    def word_at(self, start: int) -> tuple[int, int]:
        """The word that starts at ``start`` (start, end)."""
        end = start + 1
        while end < len(self.norm) and end not in self.bounds:
            end += 1
        return start, end

    def name_starts(
        self,
        head: int,
        max_len: int,
        *,
        stops: frozenset[str] = frozenset(),
        stop_tags: frozenset[str] = frozenset(),
        keep: frozenset[str] = frozenset(),
        joins: str = "",
        brackets: bool = False,
    ) -> list[int]:
        """Possible starts of a name ending at ``head``, nearest first.

        Walks left word by word; stops at punctuation, at a stop word, at a
        word whose part of speech is in ``stop_tags`` (unless it is in
        ``keep``, words names are often made of) and at ``max_len``
        characters. A head that begins inside a word takes that word's first
        part along (北 of 北路); a start inside a word is never returned, so
        示范村镇 yields no village 范村. Two more allowances, for names jieba
        does not know:

        - a single character that jieba tags as a function word is a name
          character when it pairs with another single character on its right
          (同泰: jieba cuts an unknown name into characters) or when the name
          would otherwise be a single character (高旺村);
        - ``joins`` characters (与, 及) join two name words (科学与技术), and
          with ``brackets`` a short bracketed part is crossed
          (长江经济带(苏州)产业创新研究院, 新浦化学(泰兴)有限公司); neither is
          ever a start.
        """
        norm = self.norm
        bounds = self.bounds
        word_start = self.word_start
        # a union only when there is something to add (copying the lexicon per call is the cost otherwise)
        stop_words = lexicon("place_stop_words") | stops if stops else lexicon("place_stop_words")
        starts: list[int] = []
        pos = head
        if 0 < pos < len(norm) and pos not in bounds:
            pos = word_start[pos]
            if pos < head and not _NAME_CHARS.fullmatch(norm, pos, head):
                return []
            if head - pos > max_len:
                return []
            starts.append(pos)
        while pos > 0:
            if brackets and norm[pos - 1] == ")":
                opening = norm.rfind("(", max(0, pos - 10), pos - 1)
                inner = norm[opening + 1 : pos - 1]
                if (
                    opening > 0
                    and _NAME_CHARS.fullmatch(inner)
                    and inner not in lexicon("place_generic")
                    and head - opening <= max_len
                    # right before the head, a place (X(中国)有限公司), not an enumerator
                    # ((二)党委) or a level (乡镇(街道)党委)
                    and (starts or not (_ENUMERATOR.search(inner) or inner.endswith(_LEVEL_WORDS)))
                ):
                    pos = opening
                    continue
                break
            # the word before pos; a bound right before pos makes it one character
            # (most often), told by a set lookup instead of a word_start one
            ws = pos - 1 if pos - 1 in bounds else word_start[pos - 1]
            word = norm[ws:pos]
            if head - ws > max_len or not _NAME_CHARS.fullmatch(word):
                break
            if word in joins and starts and ws > 0 and _NAME_CHAR.match(norm[ws - 1]):
                pos = ws  # a joining character is never a start
                continue
            if (word in stop_words and word not in keep) or (
                # ——记X, ——访X: a subtitle's verb (a record of X) is no part of X's name
                len(word) == 1 and (word in _STOP_CHARS or word in _AFTER_DASH and ws > 0 and norm[ws - 1] in "—-")
            ):
                break
            if len(word) >= 3 and word[-1] in _LEVEL_CHARS and word[:-1] in stop_words and word[:-1] not in keep:
                starts.append(pos - 1)  # 会同县 read as one word in 局会同县消防救援大队: the name starts at 县
                break
            if (
                stop_tags
                and word not in keep
                and not _ORDINAL.match(word)
                and word_tag(word) in stop_tags
                and not self._name_char(ws, pos, head)
            ):
                break
            starts.append(ws)
            pos = ws
        return starts

    def good_first_word(self, start: int, head: int) -> bool:
        """A name does not begin with a verb, adjective or function word (列入, 优质, 充分发挥).

        A single character is exempt: it may begin an unknown name (高旺村).
        """
        end = start + 1
        while end < head and end not in self.bounds:
            end += 1
        word = self.norm[start:end]
        return len(word) < 2 or word_tag(word) not in _BAD_FIRST_TAGS

    def quoted_start(self, start: int) -> int | None:
        """Start of a quoted name right before a name (“同心圆”志愿服务站, “长河一号”趸船)."""
        norm = self.norm
        gap = start
        while gap > 0 and start - gap < 2 and norm[gap - 1] != "”" and _NAME_CHAR.match(norm[gap - 1]):
            gap -= 1
        if gap == 0 or norm[gap - 1] != "”":
            return None
        opening = norm.rfind("“", max(0, gap - 14), gap - 1)
        if opening < 0 or not all(_NAME_CHAR.match(c) or c in "+-·" for c in norm[opening + 1 : gap - 1]):
            return None
        return opening

    def _name_char(self, ws: int, pos: int, head: int) -> bool:
        """A lone character jieba tags as a function word that belongs to an unknown name."""
        if pos - ws != 1:
            return False
        if ws > 0 and self.norm[ws - 1].isdigit():
            return False  # 5000亩: a measure word, no name
        right_single = pos < head and (pos + 1 in self.bounds or pos + 1 == head)
        left_single = ws > 0 and self.word_start[ws - 1] == ws - 1 and _NAME_CHAR.match(self.norm[ws - 1]) is not None
        # A lone verb before the suffix is no name (进村, 驻村); 旺 of 高旺村 is.
        alone = head - pos <= 1 and word_tag(self.norm[ws:pos]) != "v"
        return alone or right_single or left_single

    def to_mention(self, c: Candidate) -> Mention:
        return Mention(
            doc_id=self.src.doc_id,
            start=c.start,
            end=c.end,
            text=self.src.text[c.start : c.end],
            type=c.type,
            subtype=c.subtype,
            key=c.key or name_key(self.src.norm[c.start : c.end]),
            rule=c.rule,
            aliases=c.aliases,
            division=c.division,
        )

    def scope(self, name: str) -> str:
        """Scope a generic name (市委组织部) by the report's own division (苏州市委组织部)."""
        level = name[0]
        for full in reversed(self.home):
            if full.endswith(level) or (level == "区" and full.endswith("区")):
                return full + name[1:]
        return name


def _home(ctx: DocContext) -> list[str]:
    """Province, city and district the report is about, as full names.

    Counts the divisions named in the text, the header lines (title, byline,
    source) counting three times; the most frequent city wins (its districts'
    mentions counting for it), its province
    is taken from the gazetteer, and a district is kept when it lies in that
    city. Without a gazetteer, explicit ``X市`` / ``X省`` / ``X区`` names are
    counted instead.
    """
    norm = ctx.norm
    # The length of the header (its first lines, joined), found without splitting the whole text.
    header_len = len(norm)
    end = -1
    for _ in range(_HEADER_LINES):
        end = norm.find("\n", end + 1)
        if end < 0:
            break
    else:
        header_len = end
    gaz = gazetteer()
    counts: Counter[str] = Counter()
    divisions: dict[str, Any] = {}
    if gaz is not None:
        try:
            hits = gaz.scan(norm, names=ctx.division_names())
        except Exception:
            return []
        for hit in hits:
            cands = list(hit.candidates)
            if len(cands) != 1:
                continue
            div = cands[0]
            divisions[div.key] = div
            # The header is a prefix of the text ending at a line end, and no name
            # spans lines: its hits are the text's hits that start in it.
            counts[div.key] += 3 if hit.start < header_len else 1
        # A city's districts and counties vote for it: a county report names
        # its county far more often than its city (and other cities in passing).
        votes = Counter(counts)
        for key in counts:
            if _level(gaz, divisions[key]) == "district":
                for div in gaz.chain(key)[:-1]:
                    if div.key in counts and _level(gaz, divisions[div.key]) == "city":
                        votes[div.key] += counts[key]
        best: dict[str, str] = {}
        for level in ("province", "city", "district"):
            ranked = sorted((k for k in counts if _level(gaz, divisions[k]) == level), key=lambda k: (-votes[k], k))
            if ranked:
                best[level] = ranked[0]
        home: list[str] = []
        city = best.get("city")
        if city:
            chain = gaz.chain(city)
            home.extend(d.name for d in chain if _level(gaz, d) == "province")
            home.append(divisions[city].name)
            district = best.get("district")
            if district and city in [d.key for d in gaz.chain(district)]:
                home.append(divisions[district].name)
        elif best.get("district"):
            # a county's report that never names its city: the county's chain gives both
            chain = gaz.chain(best["district"])
            for level in ("province", "city"):
                home.extend(d.name for d in chain if _level(gaz, d) == level)
            home.append(divisions[best["district"]].name)
        elif best.get("province"):
            home.append(divisions[best["province"]].name)
        return home
    for m in re.finditer(r"[\u4e00-\u9fff]{2}[省市]", norm):
        if m.start() in ctx.bounds and norm[m.start() : m.end()] not in lexicon("place_generic"):
            counts[m.group()] += 3 if m.start() < header_len else 1
    home = []
    for suffix in ("省", "市"):
        ranked = sorted((k for k in counts if k.endswith(suffix)), key=lambda k: (-counts[k], k))
        if ranked and counts[ranked[0]] >= 2:
            home.append(ranked[0])
    return home


def _level(gaz: Any, div: Any) -> str:
    """Province, city or district: a county-level city that the province governs directly (省直辖) counts as a city."""
    if div.level == "county":
        return "city" if gaz.get(div.parent).level == "province" else "district"
    return str(div.level)
