"""The recognizers' scans that skip most of a text find what a pass over every character finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.entities import organizations, programs
from kg.entities.context import by_first_char, first_chars, occurrences

# A few characters, so that words overlap, repeat and run into each other.
_CHARS = "项目一是等、企业公司科技长江。，\n和与"
_TEXT = st.text(alphabet=_CHARS, max_size=60)
_WORDS = st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=4), min_size=1, max_size=6, unique=True)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, words=_WORDS)
def test_occurrences_are_those_of_a_search_per_word(text: str, words: list[str]) -> None:
    expected = sorted((i, m.start()) for i, w in enumerate(words) for m in re.finditer(re.escape(w), text))
    assert occurrences(text, tuple(words)) == expected


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, words=_WORDS)
def test_first_chars_matches_where_a_word_starts(text: str, words: list[str]) -> None:
    index = by_first_char([(w,) for w in words])
    starts = [m.start() for m in first_chars(index).finditer(text)]
    assert starts == [i for i in range(len(text)) if text.startswith(tuple(words), i)]


def _texts(*pieces: str) -> st.SearchStrategy[str]:
    """Texts made of the pieces a pattern looks for, so that it matches often."""
    return st.lists(st.sampled_from(pieces), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_texts("一是", "项目", "城市", "更新", "的", "。", "\n", "，", "长", "江"))
def test_clause_projects_are_the_pattern_s_matches(text: str) -> None:
    found = [m.span() for m in programs._clause_projects(text)]
    assert found == [m.span() for m in programs._CLAUSE_PROJECT.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    text=_texts("恒达科技", "华星能源", "宏泰", "、", "、", "等", "龙头企业", "企业", "公司", "3家", "。", "支持", "\n")
)
def test_company_lists_are_found_where_the_pattern_finds_them(text: str) -> None:
    windows = organizations._list_windows(text)
    found = [m.span() for s, e in windows for m in organizations._list_pattern().finditer(text, s, e)]
    assert found == [m.span() for m in organizations._list_pattern().finditer(text)]
