"""The relation rules' shortcuts change nothing: they pass over only what a full pass finds nothing in.

Random texts made of the rules' own words, with mentions and sentence
bounds laid anywhere (names cut by a sentence end, a sentence opening with
的), are read with the shortcuts and without them.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Mention, Sentence
from kg.relations import clauses, protagonist, rules, tables

# Words of the rule tables, joiners, openers, anaphors and punctuation, as
# the normalized text has them (ASCII commas), and names of each type.
_WORDS = [
    "成立", "组建", "建设", "实施", "开展", "创新", "发展", "成员包括", "加入", "联合", "对接", "合作", "会同",
    "共建", "位于", "所在地", "下设", "隶属于", "所属", "由", "以", "为抓手", "为中心", "牵头", "参与", "是",
    "的", "并", "和", "与", "、", "等", "2023年", "一是", "同时", " ", "全区", "我市", ",", ";", ":", "。", "\n",
]  # fmt: skip
_NAMES = {
    "东湖区": "Place",
    "青山镇": "Place",
    "科技局": "Organization",
    "产业联盟": "Organization",
    "强链工程": "Program",
}
_TYPES = ["Organization", "Place", "Program", "Person"]


@st.composite
def _documents(draw: st.DrawFn, words: list[str] = _WORDS) -> tuple[str, list[Mention], list[Sentence], int | None]:
    """A text, its mentions, its sentences and the index of the protagonist among the mentions.

    Most names are mentions of their type; a few more mentions lie anywhere
    (nested, overlapping, across a sentence end); sentences end at 。 and
    line breaks, and at a few random places too.
    """
    pieces = draw(st.lists(st.sampled_from(words + list(_NAMES) * 3), min_size=1, max_size=40))
    text = "".join(pieces)
    n = len(text)
    mentions = []
    pos = 0
    for piece in pieces:
        if piece in _NAMES and draw(st.integers(0, 4)) > 0:
            mentions.append(Mention("t.txt", pos, pos + len(piece), piece, _NAMES[piece], _NAMES[piece], piece, "t"))
        pos += len(piece)
    for start, length, type_ in draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 6), st.sampled_from(_TYPES)), max_size=3)
    ):
        end = min(n, start + length)
        mentions.append(Mention("t.txt", start, end, text[start:end], type_, type_, text[start:end], "t"))
    ends = {m.end() for m in re.finditer("。|\n", text)}
    cuts = sorted(ends | set(draw(st.lists(st.integers(1, n), max_size=2))) | {n})
    sentences, start = [], 0
    for cut in cuts:
        if cut > start:
            sentences.append(Sentence("t.txt", start, cut, text[start:cut]))
            start = cut
    protagonist = draw(st.none() | st.integers(0, max(0, len(mentions) - 1)))
    return text, mentions, sentences, protagonist if mentions else None


@settings(max_examples=500, deadline=None)
@given(doc=_documents())
def test_sentences_and_clauses_naming_nothing_state_nothing(
    doc: tuple[str, list[Mention], list[Sentence], int | None],
) -> None:
    text, mentions, sentences, who = doc
    index = clauses.Index(text, mentions)
    protagonist = mentions[who] if who is not None else None
    fast, full = rules.SentenceRules(index, protagonist), rules.SentenceRules(index, protagonist)
    full.shortcuts = False
    for s in sentences:
        assert list(fast.sentence(s)) == list(full.sentence(s))


def _skip_openers_by_matches(norm: str, pos: int, end: int) -> int:
    """``clauses.skip_openers`` as it was: both patterns tried at every step."""
    openers = clauses.words_re("openers")
    while pos < end:
        m = clauses._OPENER.match(norm, pos, end)
        if m and m.end() > pos:
            pos = m.end()
            continue
        m = openers.match(norm, pos)
        if m is None:
            break
        pos = m.end()
    return pos


_OPENER_TEXT = st.lists(
    st.sampled_from(
        ["2023年", "3月", "12日", "以来", "今年", "三是", "十、", "2.", "(一)", "(3)", " ", "\u3000", "\t"]
        + ["目前", "同时", "截至目前", "近年", "来", "全区", "我市", "全", "区", "东湖区", "，", "年", "("]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_OPENER_TEXT, data=st.data())
def test_openers_and_anaphors_found_after_a_first_character_test_as_before(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    assert clauses.skip_openers(text, pos, end) == _skip_openers_by_matches(text, pos, end)
    m = clauses.words_re("anaphors").match(text, pos, max(end, pos))
    assert clauses.anaphor_at(text, pos, end) == (m.group() if m else None)


def _read(parts: list[str], names: dict[str, str], protagonist: str, *, shortcuts: bool) -> set[tuple[str, ...]]:
    """The sentence rules' relations in the sentences ``parts``, each name of ``names`` a mention of its type."""
    text = "".join(parts)
    mentions = [
        Mention("t.txt", m.start(), m.end(), m.group(), type_, type_, m.group(), "t")
        for name, type_ in names.items()
        for m in re.finditer(name, text)
    ]
    index = clauses.Index(text, mentions)
    sent_rules = rules.SentenceRules(index, next(m for m in index.mentions if m.key == protagonist))
    sent_rules.shortcuts = shortcuts
    found = set()
    start = 0
    for part in parts:
        for r in sent_rules.sentence(Sentence("t.txt", start, start + len(part), part)):
            found.add((r.type, r.head.key, r.tail.key, r.implicit))
        start += len(part)
    return found


@pytest.mark.parametrize(
    ("parts", "fact", "stated"),
    [
        # A clause naming nothing passes on its trigger to a clause joined by 和.
        (["东湖区。", "全区深入推进,和强链工程。"], ("implements", "东湖区", "强链工程", True), True),
        # ... the last trigger of several such clauses.
        (["东湖区。", "全区推进,全区成立,和强链工程。"], ("establishedBy", "强链工程", "东湖区", True), True),
        # ... unless a clause after it has a trigger of its own: 和 takes that one.
        (
            ["东湖区。", "全区推进,科技局成立产业联盟,和强链工程。"],
            ("establishedBy", "强链工程", "科技局", False),
            True,
        ),
        # ... and its anaphoric subject: the report's own actor acts again, not the body named before.
        (
            ["东湖区。", "科技局成立产业联盟,全区开展对接,实施强链工程。"],
            ("implements", "东湖区", "强链工程", True),
            True,
        ),
        # After 由A、B等组建X no actor is carried on, even past a clause naming nothing: the
        # town after it is no participant of what the units do (no role clause follows an actor).
        (
            ["东湖区。", "由科技局、青山镇等组建产业联盟,随后,青山镇参与,实施强链工程。"],
            ("implements", "青山镇", "强链工程", False),
            False,
        ),
        # A sentence cut short (an overlong one, cut where it must be) may end
        # in a word whose name opens the next sentence: 会同 there relates it.
        (["东湖区。", "全区牵头,会同", "青山镇开展调研。"], ("cooperatesWith", "东湖区", "青山镇", True), True),
    ],
)
def test_clauses_naming_nothing_pass_on_their_trigger_and_subject(
    parts: list[str], fact: tuple[str, str, str, bool], stated: bool
) -> None:
    fast = _read(parts, _NAMES, "东湖区", shortcuts=True)
    assert (fact in fast) == stated
    assert fast == _read(parts, _NAMES, "东湖区", shortcuts=False)


def _votes_and_anaphors(
    norm: str, sentences: list[Sentence], index: clauses.Index
) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """The subjects of every clause, and the anaphors outside mentions counted by a find() loop per word."""
    votes: Counter[tuple[str, str]] = Counter()
    for s in sentences:
        for ca, cb in clauses.split(index, s.start, s.end):
            for m in clauses.subject(index, ca, cb)[0]:
                votes[(m.type, m.key)] += 1
    counts: Counter[str] = Counter()
    for s in sentences:
        for word in tables.words("anaphors"):
            pos = norm.find(word, s.start, s.end)
            while pos >= 0:
                if index.covering(pos) is None:
                    counts[word] += 1
                pos = norm.find(word, pos + len(word), s.end)
    return votes, counts


@settings(max_examples=300, deadline=None)
@given(doc=_documents(["全区", "区镇", "全园区", "园区", "开发区", "高新区", "全镇", "我市", "区", "全", "镇"]))
def test_votes_from_sentences_naming_something_and_anaphors_from_where_they_start(
    doc: tuple[str, list[Mention], list[Sentence], int | None],
) -> None:
    text, mentions, sentences, _ = doc
    index = clauses.Index(text, mentions)
    assert protagonist._votes(sentences, index) == _votes_and_anaphors(text, sentences, index)


def test_an_empty_mention_turns_the_shortcuts_off() -> None:
    # Recognizers make none, but an empty span covers no character: no sentence may be passed over for that.
    text = "东湖区。全区实施。"
    at = text.index("实施") + 2
    mentions = [
        Mention("t.txt", 0, 3, "东湖区", "Place", "Place", "东湖区", "t"),
        Mention("t.txt", at, at, "", "Program", "Program", "空", "t"),
    ]
    index = clauses.Index(text, mentions)
    sent_rules = rules.SentenceRules(index, mentions[0])
    found = list(sent_rules.sentence(Sentence("t.txt", 4, len(text), text[4:])))
    assert [(r.type, r.head.key, r.tail.key) for r in found] == [("implements", "东湖区", "空")]


def test_a_chain_of_places_ends_at_a_mention_of_no_characters() -> None:
    # 位于东湖区青山镇 with the town's mention empty (no recognizer makes one;
    # a chain must still end rather than find it at its own end forever).
    text = "位于东湖区青山镇"
    district = Mention("t.txt", 2, 5, "东湖区", "Place", "Place", "东湖区", "t")
    empty = Mention("t.txt", 5, 5, "", "Place", "Place", "", "t")
    town = Mention("t.txt", 5, 8, "青山镇", "Place", "Place", "青山镇", "t")
    narrowest = rules.SentenceRules(clauses.Index(text, [district, empty]), None)._narrowest
    assert narrowest(district) == district
    assert rules.SentenceRules(clauses.Index(text, [district, town]), None)._narrowest(district) == town
