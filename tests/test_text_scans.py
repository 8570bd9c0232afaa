"""Patterns rewritten so that re can skip along a text in C find what their plain forms find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg import normalize, sentences
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
