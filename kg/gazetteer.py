"""Administrative divisions of China: names, GB/T 2260 codes and parents.

The data (``kg/data/gazetteer*.tsv.gz``) is derived from jionlp's location
tables by ``scripts/build_gazetteer.py``; ``kg/data/SOURCES.md`` says where
it comes from and under which licence. Levels: province, city, county (the
GB/T 2260 levels, each with its six-digit code), town (镇, 乡, 街道 and the
zones listed at that level, no GB/T 2260 code) and village (村, 社区, loaded
per town on demand).

Three ways in:

- ``scan(text, home, bounds)`` finds division names in a text. Province,
  city and county names are found anywhere; short forms (苏州 for 苏州市)
  need word bounds, and a county's short form (宿豫) also needs the report's
  own city or its parent written right before it (宿迁宿豫), because many are
  ordinary words (城中, 和平, 新华). Towns and villages are looked for only
  under the divisions the report is about (``home``) or names unambiguously:
  the same town name exists in dozens of counties.
- ``resolve(name, context)`` picks the division a name means, given the
  divisions (names or keys) known around it; it returns None rather than
  guess between two candidates that the context does not tell apart.
- ``get(key)`` and ``chain(key)`` (the division and its ancestors up to the
  province).
"""

from __future__ import annotations

import functools
import gzip
import marshal
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
_LEVELS = {"p": "province", "c": "city", "d": "county", "t": "town"}
# Ranks, most general first: a deeper context division tells more.
_DEPTH = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
# Town-level rows that are places people name: towns, townships, subdistricts and
# the zones listed beside them. Farms, prisons, companies and offices at that level
# are statistical units, not places a report names as divisions.
_TOWN_ENDS = ("镇", "乡", "街道", "苏木", "开发区", "园区", "工业园", "新区", "工业区", "度假区", "示范区", "管理区")
_VILLAGE_ENDS = ("村", "社区", "居委会", "嘎查")
_ZONE_ENDS = ("开发区", "高新区", "示范区", "管理区", "新区", "度假区", "试验区", "实验区", "保税区")
_PARK_ENDS = ("园区", "工业园", "产业园", "工业区", "集中区", "聚集区")
# Zone words a town-level zone's name ends with, longest first: what is left names it.
_ZONE_WORDS = sorted(
    (
        "经济技术开发区",
        "高新技术产业开发区",
        "高新技术开发区",
        "经济开发区",
        "开发区",
        "高新区",
        "工业园区",
        "工业园",
        "产业园",
        "园区",
        "工业区",
        "新区",
        "旅游度假区",
        "度假区",
        "示范区",
        "管理区",
    ),
    key=len,
    reverse=True,
)
_DIRECTION_CHARS = frozenset("东南西北中上下内外前后")
# Last characters of the level words that most names end with (see _Names): 省, 市,
# 自治区, 县, 旗, 州, 盟; 镇, 乡, 街道, 苏木, 园区; 村, 社区, 居委会, 嘎查.
_LEVEL_CHARS = "省市区县旗州盟镇乡道木园村会查"


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division (or a zone listed among them)."""

    key: str  # the GB/T 2260 code where there is one, else "parent_key/name"
    code: str | None  # six-digit GB/T 2260 code (province, city and county levels)
    name: str  # full name, 苏州市
    short: str  # name without its level word, 苏州
    level: str  # province, city, county, town or village
    parent: str | None  # key of the parent division

    @property
    def cls(self) -> str:
        """The ontology class (local name) of this division."""
        name = self.name
        if name.endswith(_ZONE_ENDS):
            return "DevelopmentZone"
        if name.endswith(_PARK_ENDS):
            return "IndustrialPark"
        if self.level == "province":
            return "City" if name.endswith("市") else "Province"
        if self.level == "city":
            return "City" if name.endswith("市") else "AdministrativeArea"
        if self.level == "county":
            if name.endswith("市"):
                return "City"
            return "District" if name.endswith("区") else "County"
        return "Town" if self.level == "town" else "Village"


# A division as the gazetteer keeps it, by key: (code, name, short, level, parent).
# A build looks at a few hundred of the 46,000 divisions: each becomes a
# Division when first asked for (making them all took most of a start's
# loading of the gazetteer).
_Row = tuple[str | None, str, str, str, str | None]


@dataclass(frozen=True, slots=True)
class Hit:
    """A division name found in a text, with the divisions it may mean."""

    start: int
    end: int
    name: str
    candidates: tuple[Division, ...]


class Gazetteer:
    """The bundled divisions, indexed by key and by name."""

    def __init__(
        self, rows: Iterable[Division], villages: dict[str, str], former: dict[str, str], generic: frozenset[str]
    ) -> None:
        self._rows: dict[str, _Row] = {}
        # Most rows are towns whose key is "parent key/name", with no code and a
        # short name that begins their name: such a town is kept as the length
        # of its short name (loading 43,000 small numbers instead of as many
        # tuples and strings is a third of the gazetteer's start).
        self._towns: dict[str, int] = {}
        children: dict[str, list[str]] = defaultdict(list)
        full: dict[str, list[str]] = defaultdict(list)
        short: dict[str, list[str]] = defaultdict(list)
        for div in rows:
            if (
                div.level == "town"
                and div.code is None
                and div.key == f"{div.parent}/{div.name}"
                and div.name.startswith(div.short)
            ):
                self._towns[div.key] = len(div.short)
            else:
                self._rows[div.key] = (div.code, div.name, div.short, div.level, div.parent)
            if div.parent:
                children[div.parent].append(div.key)
            if div.level == "town" and (not div.name.endswith(_TOWN_ENDS) or _generic_zone(div.name, generic)):
                continue
            full[div.name].append(div.key)
            if div.level != "town" and len(div.short) >= 2 and div.short != div.name:
                short[div.short].append(div.key)
        for old, key in former.items():
            # A renamed or merged county (京山县 -> 京山市): the old name means the new division.
            if (key in self._rows or key in self._towns) and old not in full:
                full[old].append(key)
        self._children = dict(children)
        # town key -> its villages' names "name|name|..." in UTF-8, decoded and split on demand
        self._villages_raw = {town: names.encode() for town, names in villages.items()}
        self._full = dict(full)  # full name -> keys
        self._short = dict(short)  # short name -> keys (province..county)
        self._index = _Names(list(self._full) + list(self._short), _LEVEL_CHARS)
        self._start()

    def _start(self) -> None:
        # Divisions made so far (villages among them), by key.
        self._div: dict[str, Division] = {}
        # Per division key, filled as scans ask (a scan asks for each name it finds):
        # (key, depth) of the division and its ancestors, and the names that may precede it.
        self._ancestry: dict[str, tuple[tuple[str, int], ...]] = {}
        self._before: dict[str, tuple[str, ...]] = {}
        # Per name, filled as scans ask: _name_divisions (every report's home and
        # places scan look up the same names, and most of a report's names repeat).
        self._by_name: dict[str, tuple[tuple[Division, ...], tuple[Division, ...], tuple[Division, ...]]] = {}

    # -- the table cache -------------------------------------------------

    def table(self) -> tuple[Any, ...]:
        """The gazetteer as builtins only, for marshal (the table cache); ``from_table`` reads it back.

        marshal writes an object it meets twice once, and reads it back as
        one: so that each key and name is written once and shared when read
        back, equal strings are made one object first.
        """
        same: dict[str, str] = {}

        def one(s: str) -> str:
            return same.setdefault(s, s)

        def keys(table: dict[str, list[str]]) -> dict[str, list[str]]:
            return {one(name): [one(k) for k in ks] for name, ks in table.items()}

        rows = {
            one(key): (code, one(name), one(short), sys.intern(level), parent and one(parent))
            for key, (code, name, short, level, parent) in self._rows.items()
        }
        return (
            rows,
            {one(key): n for key, n in self._towns.items()},
            keys(self._children),
            {one(town): names for town, names in self._villages_raw.items()},
            keys(self._full),
            keys(self._short),
            self._index.table(one),
        )

    @classmethod
    def from_table(cls, table: tuple[Any, ...]) -> Gazetteer:
        """The gazetteer ``table()`` was made from."""
        gaz = cls.__new__(cls)
        rows, towns, gaz._children, gaz._villages_raw, gaz._full, gaz._short, index = table
        gaz._rows, gaz._towns = rows, towns
        gaz._index = _Names.from_table(index)
        gaz._start()
        return gaz

    # -- lookups ---------------------------------------------------------

    def get(self, key: str) -> Division:
        """The division of ``key``, made on first use; villages are made from their town's list."""
        div = self._div.get(key)
        if div is None:
            row = self._rows.get(key)
            short = self._towns.get(key)
            if row is not None:
                div = Division(key, *row)
            elif short is not None:
                parent, _, name = key.rpartition("/")
                div = Division(key, None, name, name[:short], "town", parent)
            else:
                town, _, name = key.rpartition("/")
                if name not in self._village_names(town):
                    raise KeyError(key)
                div = Division(key, None, name, _short(name), "village", town)
            self._div[key] = div
        return div

    def _known(self, key: str) -> bool:
        """Whether ``key`` is the key of a row or of a village made so far (what ``scope`` takes as a key)."""
        return key in self._rows or key in self._towns or key in self._div

    def chain(self, key: str) -> list[Division]:
        """The division and its ancestors, up to the province."""
        out = [self.get(key)]
        while out[-1].parent:
            out.append(self.get(out[-1].parent))
        return out

    def lookup(self, name: str) -> tuple[Division, ...]:
        """Every province, city, county or town that ``name`` names (full, short or former name)."""
        keys = self._full.get(name, []) + self._short.get(name, [])
        return tuple(self.get(k) for k in dict.fromkeys(keys))

    def resolve(self, name: str, context: Sequence[str] = ()) -> Division | None:
        """The division ``name`` means among the divisions in ``context`` (names or keys).

        A single province, city or county candidate is taken as it is. A town,
        or any name with several candidates, needs a context division among
        its ancestors; the candidate under the most specific context division
        wins, and a tie leaves the name unresolved.
        """
        scope = self.scope(context)
        cands = list(self.lookup(name))
        if not cands:
            cands = self._villages_in(name, scope)
        if not cands:
            return None
        if len(cands) == 1 and cands[0].level in ("province", "city", "county"):
            return cands[0]
        ranked = sorted(((self._depth_in(c, scope), c.key) for c in cands), reverse=True)
        best = ranked[0][0]
        if best < 0 or (len(ranked) > 1 and ranked[1][0] == best):
            return None
        return self.get(ranked[0][1])

    def scope(self, context: Iterable[str]) -> set[str]:
        """Keys of the context divisions: keys as they are, names resolved among each other."""
        keys: set[str] = set()
        names: list[str] = []
        for item in context:
            if self._known(item):
                keys.add(item)
            else:
                names.append(item)
        # Names from the most general down, so 宿豫区 is read under 宿迁市.
        for name in sorted(names, key=lambda n: min((_DEPTH[d.level] for d in self.lookup(n)), default=9)):
            cands = self.lookup(name)
            if len(cands) == 1:
                keys.add(cands[0].key)
                continue
            under = [c for c in cands if any(a.key in keys for a in self.chain(c.key)[1:])]
            if len(under) == 1:
                keys.add(under[0].key)
        return keys

    # -- scanning --------------------------------------------------------

    def names_in(self, text: str) -> list[tuple[int, str]]:
        """(index of the last character, name) of every province to town name in ``text``, overlapping ones too.

        What ``scan`` looks up: a caller that scans one text several times
        (with and without its home) finds the names once and passes them on.
        """
        return self._index.iter(text)

    def scan(
        self,
        text: str,
        home: Sequence[str] = (),
        bounds: frozenset[int] | None = None,
        names: Sequence[tuple[int, str]] | None = None,
    ) -> list[Hit]:
        """Division names in ``text``, leftmost-longest, not overlapping.

        ``home`` names the divisions the text is about; ``bounds`` holds the
        word boundaries of the text (a name must start at one). ``names`` is
        ``names_in(text)`` where the caller has it already.
        """
        scope = self.scope(home)
        if names is None:
            names = self._index.iter(text, bounds)
        elif bounds is not None:
            # The occurrences that start on a bound, in the same order as iter(text, bounds) gives them.
            names = [(end, name) for end, name in names if end + 1 - len(name) in bounds]
        found: list[tuple[int, int, str, tuple[Division, ...]]] = []
        for end, name in names:
            start = end + 1 - len(name)
            cands = self._candidates(name, text, start, end + 1, scope, bounds)
            if cands:
                found.append((start, end + 1, name, cands))
        if scope:
            found.extend(self._scan_villages(text, scope, bounds))
        found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        hits: list[Hit] = []
        last_end = -1
        for start, end, name, cands in found:
            if start >= last_end:
                hits.append(Hit(start, end, name, cands))
                last_end = end
        return hits

    def _candidates(
        self, name: str, text: str, start: int, end: int, scope: set[str], bounds: frozenset[int] | None
    ) -> tuple[Division, ...]:
        divisions = self._by_name.get(name)
        if divisions is None:
            divisions = self._by_name[name] = self._name_divisions(name)
        others, towns, shorts = divisions
        out = list(others)
        # A town only under the report's own divisions: names repeat across counties.
        out += [d for d in towns if self._depth_in(d, scope) >= _DEPTH["city"]]
        if shorts and (bounds is None or end in bounds or end == len(text)):
            for d in shorts:
                if d.level != "county":
                    out.append(d)
                elif self._depth_in(d, scope) >= _DEPTH["city"] or self._parent_before(d, text, start):
                    out.append(d)
        return tuple(dict.fromkeys(out))

    def _name_divisions(self, name: str) -> tuple[tuple[Division, ...], tuple[Division, ...], tuple[Division, ...]]:
        """The divisions a name may mean, as _candidates sorts them: (full names but towns, towns, short names)."""
        full = [self.get(k) for k in self._full.get(name, ())]
        return (
            tuple(d for d in full if d.level != "town"),
            tuple(d for d in full if d.level == "town"),
            tuple(self.get(k) for k in self._short.get(name, ())),
        )

    def _parent_before(self, div: Division, text: str, start: int) -> bool:
        """宿迁宿豫, 江苏宿迁, 江苏宜兴: the name right after its parent's or province's full or short name."""
        names = self._before.get(div.key)
        if names is None:
            ancestors = []
            if div.parent:
                ancestors.append(self.get(div.parent))
                province = self.chain(div.key)[-1]
                if province.key != div.parent:
                    ancestors.append(province)  # a county after its province (浙江安吉): a common byline of places
            names = self._before[div.key] = tuple(n for a in ancestors for n in (a.name, a.short) if n)
        return any(text.endswith(n, 0, start) for n in names)

    def _scan_villages(
        self, text: str, scope: set[str], bounds: frozenset[int] | None
    ) -> list[tuple[int, int, str, tuple[Division, ...]]]:
        index, by_name = self._village_index(frozenset(scope))
        if index is None:
            return []
        out: list[tuple[int, int, str, tuple[Division, ...]]] = []
        for end, name in index.iter(text, bounds):
            start = end + 1 - len(name)
            keys = by_name[name]
            if len(keys) == 1:  # a name twice in the report's area is left to context
                out.append((start, end + 1, name, (self.get(keys[0]),)))
        return out

    # -- helpers ---------------------------------------------------------

    def _depth_in(self, div: Division, scope: set[str]) -> int:
        """Depth of the most specific scope division among div's ancestors (itself included); -1 if none."""
        if not scope:
            return -1
        ancestry = self._ancestry.get(div.key)
        if ancestry is None:
            ancestry = self._ancestry[div.key] = tuple((a.key, _DEPTH[a.level]) for a in self.chain(div.key))
        return max((depth for key, depth in ancestry if key in scope), default=-1)

    def _village_names(self, town: str) -> frozenset[str]:
        return _split_villages(self._villages_raw.get(town, b""))

    def _villages_in(self, name: str, scope: set[str]) -> list[Division]:
        if not scope or not name.endswith(_VILLAGE_ENDS):
            return []
        _, by_name = self._village_index(frozenset(scope))
        return [self.get(k) for k in by_name.get(name, ())]

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one gazetteer per process
    def _village_index(self, scope: frozenset[str]) -> tuple[_Names | None, dict[str, list[str]]]:
        """Villages under the most specific scope divisions (county level at most general)."""
        roots = [k for k in scope if self.get(k).level in ("county", "town")]
        if not roots:
            # A city-wide scope: its counties' villages (a few thousand names).
            roots = [c for k in scope if self.get(k).level == "city" for c in self._children.get(k, ())]
        by_name: dict[str, list[str]] = defaultdict(list)
        for town in sorted(self._towns_under(roots)):
            for name in sorted(self._village_names(town)):
                if len(name) >= 3 and name.endswith(_VILLAGE_ENDS):
                    by_name[name].append(f"{town}/{name}")
        if not by_name:
            return None, {}
        return _Names(by_name, _LEVEL_CHARS), dict(by_name)

    def _towns_under(self, roots: Iterable[str]) -> set[str]:
        out: set[str] = set()
        todo = list(roots)
        while todo:
            key = todo.pop()
            if key in self._towns or self._rows[key][3] == "town":
                out.add(key)
            todo.extend(self._children.get(key, ()))
        return out


def _generic_zone(name: str, generic: frozenset[str]) -> bool:
    """高新区, 化工园区, 城北物流园区: a zone row whose name names no particular place.

    Some town-level rows are named only by the kind of zone; scanning for them
    would turn every 化工园区 of a report into one zone in one county.
    """
    word = next((w for w in _ZONE_WORDS if name.endswith(w)), None)
    if word is None:
        return False
    rest = name[: -len(word)]
    return len(rest) < 2 or _made_of(rest, generic)


def _made_of(text: str, words: frozenset[str]) -> bool:
    """Whether ``text`` splits into generic words and direction characters."""
    ok = [True] + [False] * len(text)
    for i in range(len(text)):
        if not ok[i]:
            continue
        if text[i] in _DIRECTION_CHARS:
            ok[i + 1] = True
        for j in range(i + 2, len(text) + 1):
            if text[i:j] in words:
                ok[j] = True
    return ok[len(text)]


class _Names:
    """Names to find in a text, looked up from their last or their first two characters.

    A scan must not visit every position of a text in Python: that took most
    of the time of recognizing places. (pyahocorasick's automaton took 2.5
    times as long as a dict lookup per position: its root has one child per
    first character, thousands here, searched one by one at every position.)
    So a compiled pattern finds the positions where a name may be, and dict
    lookups try there only the lengths of the names that can match:

    - most names end with a level word (镇, 乡, 街道, 区, 县, 市; 村 and 社区
      for villages), whose last characters make one in thirty of a report:
      such names are found from their last two characters, at those;
    - the others (short names, 苏州, 宿豫) from their first two characters, at
      the positions where a first character of theirs stands before a second
      character of theirs.
    """

    def __init__(self, names: Iterable[str], ends: str) -> None:
        names = frozenset(n for n in names if n)
        # Each name is looked up one way only, so that it is found once.
        self._ending = frozenset(n for n in names if len(n) >= 2 and n[-1] in ends)
        self._starting = frozenset(n for n in names if len(n) >= 2) - self._ending
        by_end: dict[str, set[int]] = defaultdict(set)
        by_start: dict[str, set[int]] = defaultdict(set)
        for name in self._ending:
            by_end[name[-2:]].add(len(name))
        for name in self._starting:
            by_start[name[:2]].add(len(name))
        self._by_end = {pair: tuple(sorted(ns)) for pair, ns in by_end.items()}
        self._by_start = {pair: tuple(sorted(ns)) for pair, ns in by_start.items()}
        self._end_at = _char_class({pair[-1] for pair in self._by_end})
        first, second = {pair[0] for pair in self._by_start}, {pair[1] for pair in self._by_start}
        self._start_at = re.compile(f"{_char_class(first).pattern}(?={_char_class(second).pattern})")
        single = {n for n in names if len(n) == 1}
        self._single = _char_class(single) if single else None

    def table(self, one: Callable[[str], str]) -> tuple[Any, ...]:
        """The index as builtins (``Gazetteer.table``); ``one`` makes equal strings one object."""
        return (
            frozenset(map(one, self._ending)),
            frozenset(map(one, self._starting)),
            self._by_end,
            self._by_start,
            self._end_at.pattern,
            self._start_at.pattern,
            None if self._single is None else self._single.pattern,
        )

    @classmethod
    def from_table(cls, table: tuple[Any, ...]) -> _Names:
        index = cls.__new__(cls)
        index._ending, index._starting, index._by_end, index._by_start, end_at, start_at, single = table
        index._end_at = re.compile(end_at)
        index._start_at = re.compile(start_at)
        index._single = None if single is None else re.compile(single)
        return index

    def iter(self, text: str, starts: Iterable[int] | None = None) -> list[tuple[int, str]]:
        """(index of the last character, name) of every occurrence of every name, overlapping ones too.

        Ordered by start, then shortest first. With ``starts``, only
        occurrences that start there (word bounds).
        """
        found: list[tuple[int, int, str]] = []  # (start, length, name)
        if self._single is not None:
            found.extend((m.start(), 1, m.group()) for m in self._single.finditer(text))
        by_start, names = self._by_start, self._starting
        for m in self._start_at.finditer(text):
            i = m.start()
            for n in by_start.get(text[i : i + 2], ()):  # shortest first
                name = text[i : i + n]
                if len(name) < n:
                    break  # a name longer than the rest of the text
                if n == 2 or name in names:
                    found.append((i, n, name))
        by_end, names = self._by_end, self._ending
        for m in self._end_at.finditer(text, 1):
            end = m.end()
            for n in by_end.get(text[end - 2 : end], ()):  # shortest first
                if n > end:
                    break  # a name longer than the text before it
                name = text[end - n : end]
                if n == 2 or name in names:
                    found.append((end - n, n, name))
        if starts is not None:
            starts = starts if isinstance(starts, (set, frozenset)) else frozenset(starts)
            found = [f for f in found if f[0] in starts]
        found.sort()
        return [(i + n - 1, name) for i, n, name in found]


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern of one of ``chars`` (one that never matches when there are none)."""
    chars = sorted(chars)
    return re.compile("[" + "".join(map(re.escape, chars)) + "]" if chars else "(?!)")


@functools.lru_cache(maxsize=4096)
def _split_villages(raw: bytes) -> frozenset[str]:
    return frozenset(raw.decode().split("|")) if raw else frozenset()


def _short(name: str) -> str:
    for end in _VILLAGE_ENDS:
        if name.endswith(end) and len(name) > len(end) + 1:
            return name[: -len(end)]
    return name


def _rows(path: Path) -> Iterable[Division]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            level, key, code, name, short, parent = line.rstrip("\n").split("\t")
            yield Division(key, code or None, name, short, _LEVELS[level], parent or None)


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The bundled gazetteer (read once per process, from the table cache when it holds it)."""
    from . import tablecache

    entities = Path(__file__).resolve().parent / "entities"
    sources = [
        Path(__file__).resolve(),
        DATA / "gazetteer.tsv.gz",
        DATA / "gazetteer_villages.tsv.gz",
        DATA / "gazetteer_former.tsv.gz",
        entities / "context.py",  # lexicon() reads place_generic
        DATA / "lexicon" / "place_generic.txt",
    ]
    return tablecache.load("gazetteer", sources, _read, dumps=_dump, loads=_load)


def _dump(gaz: Gazetteer) -> bytes:
    return marshal.dumps(gaz.table())


def _load(data: memoryview) -> Gazetteer:
    return Gazetteer.from_table(marshal.loads(data))


def _read() -> Gazetteer:
    """The gazetteer built from its data files."""
    villages: dict[str, str] = {}
    with gzip.open(DATA / "gazetteer_villages.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            town, _, names = line.rstrip("\n").partition("\t")
            villages[town] = names
    former: dict[str, str] = {}
    with gzip.open(DATA / "gazetteer_former.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            old, key, _date = line.rstrip("\n").split("\t")
            former.setdefault(old, key)
    # The words that name no particular place, as the recognizers read them.
    from .entities.context import lexicon

    return Gazetteer(_rows(DATA / "gazetteer.tsv.gz"), villages, former, lexicon("place_generic"))
