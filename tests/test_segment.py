"""kg's segmenter gives exactly jieba's words (accurate mode, no HMM) for the same dictionary."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import bundled_corpus
from kg.entities.context import _tokenizer
from kg.entities.segment import Segmenter
from kg.ingest import from_bytes


@pytest.fixture(scope="module")
def pair():  # type: ignore[no-untyped-def]
    tok = _tokenizer()
    return tok, Segmenter(tok)


def _jieba(tok, text: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [len(w) for w in tok.cut(text, HMM=False)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "东湖区委组织部联合青山镇开展“强链”行动。",
        "ABC公司2024年投资3.5亿元，建设5G+工业互联网项目（一期）",
        "a b\r\nc\t\u3000d  e",  # whitespace of every kind, single letters apart
        "x1y2 z3-Q_R#S&T%U.V",  # characters jieba keeps inside a block
        "臺灣數位轉型聯盟與東湖區",  # Traditional characters, some unknown to the dictionary
        "😀党建😀引领🚀发展",  # characters outside the blocks jieba segments
        "的的的的的的的的",
    ],
)
def test_same_words_as_jieba(pair, text: str) -> None:  # type: ignore[no-untyped-def]
    tok, seg = pair
    assert seg.lengths(text) == _jieba(tok, text)


def test_same_words_as_jieba_on_the_samples(pair) -> None:  # type: ignore[no-untyped-def]
    tok, seg = pair
    for path in sorted(bundled_corpus().glob("*.txt")):
        norm = from_bytes(path.read_bytes(), path.name).norm
        assert seg.lengths(norm) == _jieba(tok, norm), path.name


PIECES = st.one_of(
    st.sampled_from(["组织部", "党建联盟", "高新区", "有限公司", "实施", "与", "A", "5", "+", " ", "\r\n", "，", "。"]),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=4),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=30).map("".join))
def test_same_words_as_jieba_on_any_text(pair, text: str) -> None:  # type: ignore[no-untyped-def]
    tok, seg = pair
    assert seg.lengths(text) == _jieba(tok, text)


@pytest.fixture(scope="module")
def keys(pair):  # type: ignore[no-untyped-def]
    # Every dictionary key of two characters or more: words and the prefixes
    # of longer words, so that texts made of them overlap in many ways.
    tok, _ = pair
    return st.sampled_from(sorted(w for w in tok.FREQ if len(w) > 1))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_same_words_as_jieba_on_runs_of_dictionary_words(pair, keys, data) -> None:  # type: ignore[no-untyped-def]
    # Dictionary keys side by side make runs where words of three or more
    # characters compete (the segmenter's slow path), broken by letters,
    # digits, whitespace and characters outside jieba's runs.
    tok, seg = pair
    pieces = st.one_of(
        keys,
        keys,
        st.sampled_from(["A", "b", "7", "的", " ", "\r\n", "，", "·", "γ", "😀"]),
    )
    text = "".join(data.draw(st.lists(pieces, max_size=20)))
    assert seg.lengths(text) == _jieba(tok, text)
