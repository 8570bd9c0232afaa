"""Scans and tables rewritten for speed give what their plain forms give."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import normalize, sentences
from kg.entities.context import WordStarts
from kg.model import SourceText


def _texts(*pieces: str) -> st.SearchStrategy[str]:
    """Texts made of the pieces a pattern looks for, so that it matches often."""
    return st.lists(st.sampled_from(pieces), max_size=40).map("".join)


# The sentence end as first written: end marks and the quotes closing them, or line breaks.
_PLAIN_END = re.compile(r"[。！？；!?;]+[”’」』)）]*|\n+")


@settings(max_examples=300, deadline=None)
@given(text=_texts("青山镇", "。", "！", "？", ";", "!", "”", "’", "）", ")", "\n", "\r", " ", "“", "、"))
def test_sentences_are_those_of_the_plain_end_pattern(text: str) -> None:
    src = SourceText(doc_id="a.txt", text=text, norm=text, encoding="utf-8", script="zh-hans")
    found = sentences.split(src)
    fast = sentences._END
    try:
        sentences._END = _PLAIN_END
        expected = sentences.split(src)
    finally:
        sentences._END = fast
    assert found == expected


@settings(max_examples=300, deadline=None)
@given(text=_texts("东湖", "ＡＢ", "１２", "　", "，", "！", "a", "\n", "～", "｟"))
def test_width_folding_is_the_translation_table(text: str) -> None:
    assert normalize.fold_width(text) == text.translate(normalize._FOLD)
    assert normalize._NOT_CJK.sub("", text) == re.sub(r"[^\u4e00-\u9fff]+", "", text)


@settings(max_examples=300, deadline=None)
@given(lengths=st.lists(st.integers(min_value=1, max_value=300), max_size=12), extra=st.integers(0, 3))
def test_word_starts_read_like_the_list_of_every_character_s_word_start(lengths: list[int], extra: int) -> None:
    # the list as it was built: each word's start once per character, then 0
    # for characters after the last word
    starts = list(itertools.accumulate([0, *lengths]))[:-1]
    listed = [s for s, n in zip(starts, lengths, strict=True) for _ in range(n)]
    listed += [0] * extra
    word_start = WordStarts(list(itertools.accumulate(lengths)), len(listed))
    assert len(word_start) == len(listed)
    for i in range(-len(listed), len(listed)):
        assert word_start[i] == listed[i]
    for i in (len(listed), -len(listed) - 1):
        with pytest.raises(IndexError):
            word_start[i]
