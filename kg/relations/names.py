"""Relations stated by names and bylines rather than by verbs.

- ``suborg.name``: a body whose name is another body's name plus a branch
  ending (X党总支, 市委组织部, 市委第一巡察组) is that body's
  sub-organization (table ``branch_suffixes``);
- ``located.name``: a name that opens with two places, broad then narrow
  (淮安市金湖镇党委), states that the narrow one lies in the broad one;
- ``located.title``: a title prefix of two places (宿迁宿豫:…) puts the
  report's own place in the broader one;
- ``affiliated.author-note``: the byline persons of an article work for the
  unit of its author note (作者单位:X, 作者系X书记);
- ``affiliated.title``: X + job title + person (区委书记张三).
- ``affiliated.department-head``: X委常委、组织部部长 + person: X委组织部.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator

from ..model import Mention, Relation, Sentence
from ..normalize import name_key
from . import tables
from .clauses import Index
from .protagonist import AUTHOR_NOTE, Article
from .rules import narrower

_ORDINAL = re.compile(r"第[一二三四五六七八九十0-9]+$")
_BRACKETED = re.compile(r"\([^()]*\)")
_LEVEL_CHARS = "省市县区镇乡"
# What a byline line may hold besides the names.
_AUTHOR_LABEL = re.compile(r"作者\s*:\s*")
# 常委、组织部部长: a standing committee member who heads one of its departments.
_DEPARTMENT_HEAD = re.compile(r"常委、((?:组织|宣传|统战|政法)部|政法委)(?:部长|副部长|书记|副书记)")
_BYLINE_ROLE = re.compile(r"本报记者|本报通讯员|特约记者|记者|通讯员|作者")
_BYLINE_REST = re.compile(r"[\s、,:;·/]|本报记者|特约记者|记者|通讯员|作者|文|图")


@functools.cache
def _suffixes_ending_in(last: str) -> tuple[str, ...]:
    """The branch suffixes ending in character ``last``, longest first (only they can end a name ending in it)."""
    return tuple(s for s in tables.words("branch_suffixes") if s.endswith(last))


def _bare(key: str) -> str:
    """A body's key without the party prefix, for comparing 中共X市委 with X市委."""
    return key[2:] if key.startswith("中共") else key


class NameRules:
    """Name- and byline-based rules of one document."""

    def __init__(self, index: Index, sentences: list[Sentence]) -> None:
        self.index = index
        self.norm = index.norm
        self.sentences = sentences
        ordered = all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
        self._starts = [s.start for s in sentences] if ordered else None
        self.orgs: dict[str, Mention] = {}
        self.places: dict[str, Mention] = {}
        for m in index.mentions:
            if m.type == "Organization":
                # By key and by the written name: a recognizer may scope or
                # complete the key (太湖治理工作指挥部 for 太湖治理指挥部).
                self.orgs.setdefault(_bare(m.key), m)
                self.orgs.setdefault(_bare(name_key(m.text)), m)
            elif m.type == "Place":
                self.places.setdefault(m.key, m)
        self._place_rank = {key: i for i, key in enumerate(self.places)}

    def sentence_of(self, m: Mention) -> Sentence | None:
        if self._starts is not None:
            # Sentences in order and apart: only the last one starting at or before the mention can hold it.
            i = bisect_right(self._starts, m.start) - 1
            s = self.sentences[i] if i >= 0 else None
            return s if s is not None and m.end <= s.end else None
        for s in self.sentences:
            if s.start <= m.start and m.end <= s.end:
                return s
        return None

    def all(self, articles: list[Article]) -> Iterator[Relation]:
        seen: set[tuple[str, str]] = set()
        for m in self.index.mentions:
            sent = self.sentence_of(m)
            if sent is None:
                continue
            if m.type == "Organization":
                parent = self._parent(m)
                if parent is not None and (m.key, parent.key) not in seen:
                    seen.add((m.key, parent.key))
                    yield Relation("subOrganizationOf", m, parent, sent, "suborg.name")
            if m.type in ("Organization", "Place"):
                yield from self._chain_in_name(m, sent)
        for art in articles:
            yield from self._author_note(art)
            if art.region is not None and art.protagonist is not None:
                sent = self.sentence_of(art.protagonist)
                if sent is not None:
                    yield Relation("locatedIn", art.protagonist, art.region, sent, "located.title")
        yield from self._titles()
        yield from self._reporters()
        yield from self._media_bylines()
        yield from self._department_heads()

    def _parent(self, m: Mention) -> Mention | None:
        """The body whose name plus a branch ending is this body's name."""
        for text in (_BRACKETED.sub("", self.norm[m.start : m.end]), m.key):
            key = _bare(name_key(text))
            for suffix in _suffixes_ending_in(key[-1:]):
                if not key.endswith(suffix) or len(key) - len(suffix) < 2:
                    continue
                stem = _ORDINAL.sub("", key[: -len(suffix)])
                parent = self.orgs.get(stem) or self._scoped(stem, m)
                if parent is not None and _bare(parent.key) != _bare(m.key):
                    return parent
        return None

    def _scoped(self, stem: str, m: Mention) -> Mention | None:
        """A parent written without its place (市委) where the child's key is scoped (无锡市委办)."""
        own = _bare(m.key)
        for key, org in self.orgs.items():
            # The cheap test first: few keys end the stem.
            if stem.endswith(key) and key != own and len(key) >= 2 and _bare(org.key) == stem:
                return org
        return None

    def _prefixes(self, text: str, longest: int) -> list[str]:
        """The place keys that ``text`` starts with, up to ``longest`` characters, in the order of ``places``.

        The same keys, in the same order, as testing text.startswith(key)
        for every key of ``places``: a name has a few prefixes to look up,
        while a report names dozens of places (and this runs per mention).
        """
        found = [text[:n] for n in range(min(longest, len(text)) + 1) if text[:n] in self.places]
        if len(found) > 1:
            found.sort(key=self._place_rank.__getitem__)
        return found

    def _chain_in_name(self, m: Mention, sent: Sentence) -> Iterator[Relation]:
        text = m.key
        for broad_key in self._prefixes(text, len(text) - 1):
            broad = self.places[broad_key]
            if broad is m:
                continue
            rest = text[len(broad_key) :]
            level = tables.place_level(broad_key)
            if level is None and rest[0] in _LEVEL_CHARS:
                level = tables.place_level(broad_key + rest[0])  # 淮安 written 淮安市 here
                rest = rest[1:]
            for narrow_key in self._prefixes(rest, len(rest)):
                narrow = self.places[narrow_key]
                if narrow_key in (broad_key, m.key):
                    continue
                narrow_level = tables.place_level(narrow_key)
                if (level is not None and narrow_level is not None and narrow_level > level) or narrower(narrow, broad):
                    yield Relation("locatedIn", narrow, broad, sent, "located.name")

    def _author_note(self, art: Article) -> Iterator[Relation]:
        """(作者单位:X) / (作者系X书记): the byline persons are affiliated with X."""
        for note in AUTHOR_NOTE.finditer(self.norm, art.start, art.end):
            units = [x for x in self.index.within(note.start(1), note.end(1)) if x.type == "Organization"]
            persons = [x for x in self.index.within(note.start(1), note.end(1)) if x.type == "Person"]
            if not persons:
                head_end = art.start
                lines = 0  # the byline is among the first non-empty lines
                while head_end < art.end and lines < 5:
                    nl = self.norm.find("\n", head_end, art.end)
                    line_end = art.end if nl < 0 else nl
                    if self.norm[head_end:line_end].strip():
                        lines += 1
                        # A reporter works for the paper (本报记者), not for the author's unit.
                        persons += [p for p in self._byline(head_end, line_end) if not self._reporter(p, head_end)]
                    head_end = line_end + 1
            sent = next((s for s in self.sentences if s.start <= note.start() < s.end), None)
            if sent is None:
                continue
            for p in persons:
                for u in units:
                    yield Relation("affiliatedWith", p, u, sent, "affiliated.author-note")

    def _byline(self, start: int, end: int) -> list[Mention]:
        """The persons of a byline line: names and nothing else but byline words."""
        persons = [x for x in self.index.within(start, end) if x.type == "Person"]
        rest = self.norm[start:end]
        for p in reversed(persons):
            rest = rest[: p.start - start] + rest[p.end - start :]
        if persons and not _BYLINE_REST.sub("", rest):
            return persons
        # 来源:X报 作者:张三: the names after 作者: on a line that holds more.
        out = []
        for m in _AUTHOR_LABEL.finditer(self.norm, start, end):
            pos = m.end()
            while (named := next((x for x in persons if x.start == pos), None)) is not None:
                out.append(named)
                pos = named.end + (1 if self.norm[named.end : named.end + 1] in ("、", " ") else 0)
        return out

    def _reporter(self, p: Mention, line_start: int) -> bool:
        """Whether the byline word nearest before ``p`` on its line is 记者 (本报记者, 特约记者)."""
        roles = list(_BYLINE_ROLE.finditer(self.norm, line_start, p.start))
        return bool(roles) and roles[-1].group().endswith("记者")

    def _titles(self) -> Iterator[Relation]:
        """区委书记张三: a body, a job title, then the person."""
        titles = tables.alternation(tables.words("titles"))
        pattern = re.compile(rf"(?:{titles})(?:、(?:{titles}))*")
        for p in self.index.mentions:
            if p.type != "Person":
                continue
            for org in self.index.mentions:
                if org.type != "Organization" or org.end > p.start or p.start - org.end > 12:
                    continue
                m = pattern.fullmatch(self.norm, org.end, p.start)
                if m:
                    sent = self.sentence_of(p)
                    if sent is not None:
                        yield Relation("affiliatedWith", p, org, sent, "affiliated.title")

    def _media_bylines(self) -> Iterator[Relation]:
        """东湖日报记者 张三: a reporter after the paper's name on a byline line works for that paper.

        A correspondent (通讯员) on the same line writes for the paper but
        works elsewhere; the paper must stand on the line before 记者.
        """
        for m in re.finditer("记者", self.norm):
            line_start = self.norm.rfind("\n", 0, m.start()) + 1
            line_end = self.norm.find("\n", m.end())
            line_end = len(self.norm) if line_end < 0 else line_end
            if self.norm.startswith("本报", m.start() - 2) or m.start() - line_start > 16:
                continue
            papers = [x for x in self.index.within(line_start, m.start()) if x.subtype == "Media"]
            if not papers:
                continue
            for p in self.index.within(m.end(), line_end):
                roles = list(_BYLINE_ROLE.finditer(self.norm, m.start(), p.start))
                sent = self.sentence_of(p)
                if p.type == "Person" and sent is not None and roles[-1].group() == "记者":
                    yield Relation("affiliatedWith", p, papers[-1], sent, "affiliated.reporter")

    def _department_heads(self) -> Iterator[Relation]:
        """区委常委、组织部部长张三: a committee member who heads its department works for that department.

        The department is the committee's (东湖区委 + 组织部), named in full
        elsewhere in the report; no relation where the report never names it.
        """
        for m in _DEPARTMENT_HEAD.finditer(self.norm):
            committee = self.index.covering(m.start() - 1)
            person = self.index.at.get(m.end())
            if committee is None or person is None or person.type != "Person" or committee.end != m.start():
                continue
            bare = re.sub(r"^(?:中共|中国共产党)", "", committee.key)
            want = name_key(bare + m.group(1))
            dept = next((x for x in self.index.mentions if x.type == "Organization" and x.key == want), None)
            sent = self.sentence_of(person)
            if dept is not None and sent is not None:
                yield Relation("affiliatedWith", person, dept, sent, "affiliated.department-head")

    def _reporters(self) -> Iterator[Relation]:
        """本报记者 张三: the reporter works for the paper the report comes from (来源:X报)."""
        source = re.search(r"来源\s*:", self.norm)
        papers = [
            m
            for m in self.index.mentions
            if m.type == "Organization" and source is not None and source.end() <= m.start < source.end() + 20
        ]
        if not papers:
            return
        for m in re.finditer(r"本报(?:记者|通讯员)", self.norm):
            line_end = self.norm.find("\n", m.end())
            for p in self.index.within(m.end(), len(self.norm) if line_end < 0 else line_end):
                sent = self.sentence_of(p)
                # 本报记者 A 通讯员 B: B writes for the paper but works elsewhere.
                roles = list(_BYLINE_ROLE.finditer(self.norm, m.start(), p.start))
                if p.type == "Person" and sent is not None and roles[-1].group() != "通讯员":
                    yield Relation("affiliatedWith", p, papers[0], sent, "affiliated.reporter")
