"""Person recognizer: bylines, author lines, and names written with a title.

A person's name is a surname of the surname lexicon (single or compound)
followed by one or two given-name characters. It is only taken where the
layout or a title says a name stands there:

- bylines: a role word, then one or more names (``本报记者李明 通讯员王小川``,
  ``作者：张三``); ``作者系…`` / ``作者单位`` introduce no name;
- author lines: a short line made of nothing but one to three names
  (``赵一鸣 孙悦`` under an article's title);
- a name right before a title or form of address (``习近平总书记``,
  ``王明同志``, ``张华书记``), or right after a title and before a verb of
  speech or a separator (``区委书记王明指出``);
- a name right after a word for the person's trade or standing, closed the
  same way (``退休教师王秀兰自发组建``, ``渔民周海带领``): interview-style
  reports name ordinary people without any title;
- the customary short form of the top leaders, surname + 总书记/总理/主席
  (``习总书记``).

A candidate that the dictionary knows as an ordinary word (``党委书记``:
党委 is no name) or that ends like a place or a body is rejected.
"""

from __future__ import annotations

import functools
import re

from . import Candidate
from .context import DocContext, lexicon, word_tag

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TWO_TO_FOUR_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
# What may follow a byline name: end of line, space, punctuation, another role.
_NAME_END = set(" \u3000\t\n\r,，、;；。:：()（）")
# Dictionary tags of words that are names (jieba: nr person, nrfg/nrt names).
_NAME_TAGS = {"", "nr", "nrfg", "nrt"}
# Tags of a first word that no name starts with (verbs, adverbs, conjunctions).
_NOT_NAME_START_TAGS = {"v", "vn", "vd", "d", "ad", "c", "p", "r"}
# Tags of a given name that is really a verb (考核, 推动).
_VERB_TAGS = {"v", "vn", "vd"}


@functools.lru_cache(maxsize=1)
def _surnames() -> tuple[str, ...]:
    return tuple(sorted(lexicon("person_surnames"), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _surname_set() -> frozenset[str]:
    return frozenset(_surnames())


@functools.lru_cache(maxsize=1)
def _roles() -> tuple[str, ...]:
    return tuple(sorted(lexicon("person_roles"), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(sorted(lexicon("person_titles"), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _not_name_endings() -> tuple[str, ...]:
    return tuple(lexicon("person_not_name_endings"))


def _is_name(text: str) -> bool:
    """True when ``text`` can be a full name: surname + one or two given characters."""
    if not _TWO_TO_FOUR_CJK.fullmatch(text):
        return False
    surname = next((text[:k] for k in range(len(text), 0, -1) if text[:k] in _surname_set()), None)
    if surname is None or not 1 <= len(text) - len(surname) <= 2:
        return False
    if text.endswith(_not_name_endings()):
        return False
    tag = word_tag(text)
    if tag not in _NAME_TAGS:
        return False
    if tag == "" and len(text) == 3 and word_tag(text[:2]) in _NOT_NAME_START_TAGS:
        return False  # 展现城(市长): a verb, not a surname and a given name
    if tag == "" and word_tag(text[len(surname) :]) in _VERB_TAGS:
        return False  # 严考核: an adverb and a verb, a slogan rather than a name
    return True


def _names_at(norm: str, start: int) -> list[tuple[int, int]]:
    """Names written from ``start`` on, separated by spaces or 、, each ending cleanly."""
    out: list[tuple[int, int]] = []
    i = start
    while i < len(norm):
        found = None
        for k in (3, 2, 4):
            end = i + k
            if end > len(norm) or not _is_name(norm[i:end]):
                continue
            if end == len(norm) or norm[end] in _NAME_END or norm.startswith(_roles(), end):
                found = end
                break
        if found is None:
            break
        out.append((i, found))
        i = found
        if norm.startswith("、", i):
            i += 1  # 责编:张明、李华
        while i < len(norm) and norm[i] in " \u3000\t":
            i += 1
        if norm.startswith(_roles(), i):
            break  # the next role starts its own byline
    return out


@functools.lru_cache(maxsize=1)
def _media_suffixes() -> tuple[str, ...]:
    return tuple(lexicon("document_media_suffixes"))


def _after_media(norm: str, start: int) -> bool:
    """True when the line so far is nothing but a newspaper's or station's name.

    ``江城日报记者 王明`` starts a byline with the paper's name; a role word
    after a medium in running text (接受江城日报记者采访) has words and
    punctuation before it on its line.
    """
    line = norm[norm.rfind("\n", 0, start) + 1 : start].strip()
    return 2 <= len(line) <= 12 and all(_CJK.match(c) for c in line) and line.endswith(_media_suffixes())


@functools.lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(r) for r in _roles()))


def _bylines(ctx: DocContext) -> list[Candidate]:
    norm = ctx.norm
    out = []
    for m in _role_pattern().finditer(norm):
        # a role inside running text (接受记者采访) is no byline: a byline
        # role starts a line or follows a space or a bracket
        if m.start() > 0 and norm[m.start() - 1] not in " \u3000\t\n(（" and not _after_media(norm, m.start()):
            continue
        i = m.end()
        colon = i < len(norm) and norm[i] in ":："
        while i < len(norm) and norm[i] in ":： \u3000":
            i += 1
        if m.group(0) in lexicon("person_roles_need_colon") and not colon and i == m.end():
            continue  # 作者系…, 作者单位: no name follows
        for s, e in _names_at(norm, i):
            out.append(Candidate(s, e, "Person", "Person", "person-byline", priority=3))
    return out


def _author_lines(ctx: DocContext) -> list[Candidate]:
    """Lines that hold nothing but one to three names."""
    norm = ctx.norm
    out = []
    pos = 0
    for line in norm.split("\n"):
        start = pos
        pos += len(line) + 1
        text = line.strip()
        if not text or len(text) > 14:
            continue
        lead = start + len(line) - len(line.lstrip())
        names = _names_at(norm, lead)
        if not names or len(names) > 3 or names[-1][1] != lead + len(text):
            continue
        for s, e in names:
            out.append(Candidate(s, e, "Person", "Person", "person-author-line", priority=3))
    return out


@functools.lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    """Titles and trade words, longest first, so that 退休教师 wins over 教师."""
    words = sorted({*_titles(), *lexicon("person_occupations")}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(t) for t in words))


@functools.lru_cache(maxsize=1)
def _speech() -> tuple[str, ...]:
    return tuple(sorted(lexicon("person_after_title"), key=lambda w: (-len(w), w)))


def _titled(ctx: DocContext) -> list[Candidate]:
    """Names before a title (习近平总书记) and after one (书记王明指出)."""
    norm = ctx.norm
    out = []
    titles = _titles()
    occupations = lexicon("person_occupations")
    leaders = lexicon("person_leader_titles")
    speech = _speech()
    for m in _title_pattern().finditer(norm):
        t0, t1 = m.start(), m.end()
        # name + title: the name starts on a word boundary, so that it is
        # not the tail of a longer word (党委|书记 has no name)
        before = None
        # a trade word (渔民, 教师) stands before a name, never after one
        only_after = m.group(0) in occupations and m.group(0) not in titles
        for k in (3, 2) if t0 in ctx.bounds and not only_after else ():
            s = t0 - k
            if s >= 0 and _is_name(norm[s:t0]) and s in ctx.bounds:
                before = s
                break
        if before is not None:
            out.append(Candidate(before, t0, "Person", "Person", "person-before-title", priority=2))
        elif m.group(0) in leaders and t0 >= 1 and norm[t0 - 1] in _surnames():
            # surname + 总书记 (习总书记): the customary short form for top leaders
            out.append(Candidate(t0 - 1, t1, "Person", "Person", "person-leader", priority=1))
        # title + name + verb of speech or separator; the title is no piece cut
        # across words (地处|长江下游 holds no 处长 and no name 江下游)
        if t0 not in ctx.bounds and t1 not in ctx.bounds:
            continue
        # 书记 张华) at the end of an author note: a space may stand between
        gap = t1 + 1 if norm[t1 : t1 + 1] in (" ", "\u3000") else t1
        for k in (3, 2):
            e = gap + k
            if e > len(norm) or not _is_name(norm[gap:e]):
                continue
            if e == len(norm) or norm[e] in _NAME_END or (gap == t1 and norm.startswith(speech, e)):
                out.append(Candidate(gap, e, "Person", "Person", "person-after-title", priority=2))
                out.extend(_listed_after(norm, e, speech))
                break
    return out


def _listed_after(norm: str, end: int, closers: tuple[str, ...]) -> list[Candidate]:
    """Further names listed after a titled one (副局长孙海燕、张宏参加)."""
    out = []
    while norm.startswith("、", end):
        start = end + 1
        for k in (3, 2):
            e = start + k
            if (
                e <= len(norm)
                and _is_name(norm[start:e])
                and (norm.startswith(("、", *closers), e) or norm[e : e + 1] in _NAME_END)
            ):
                out.append(Candidate(start, e, "Person", "Person", "person-listed", priority=2))
                end = e
                break
        else:
            break
    return out


def find(ctx: DocContext) -> list[Candidate]:
    """All person candidates of a document."""
    return _bylines(ctx) + _author_lines(ctx) + _titled(ctx)
