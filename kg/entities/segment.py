"""Word lengths of a text: jieba's dictionary segmentation (HMM off), computed faster.

Recognizers need the word boundaries of every document, and segmentation is
the largest single cost of a build. jieba's ``Tokenizer.cut(text, HMM=False)``
builds a dict of word ends per character and then takes ``max()`` over a
generator of tuples per character, calling ``log()`` each time. This module
runs the same dynamic programme in one backward pass over precomputed
log-frequencies: same dictionary, same scores (the same floating-point
operations in the same order) and the same tie-breaks, so the same words,
in about half the time. ``tests/test_segment.py`` compares the two.

Limits: only the mode kg uses (accurate, no HMM, no paddle). The character
classes are jieba's own (``re_han_default``, ``re_skip_default``,
``re_eng``), so a jieba release that changes them changes both alike. They
are part of the segmenter's table, so that a table read back from kg's table
cache needs no import of jieba (a tenth of a second at every start).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

_NOT_A_WORD = object()  # dict.get default: no dictionary word starts with this fragment
_NO_SCORE = float("-inf")

# What a segmenter is made of, as plain data (for the table cache): the
# log-probability of every word and prefix, the score of a lone character,
# and jieba's character classes as (pattern, flags): runs segmented with the
# dictionary, whitespace kept as tokens elsewhere, single Latin letters and
# digits that jieba glues together.
Table = tuple[dict[str, float | None], float, tuple[tuple[str, int], tuple[str, int], tuple[str, int]]]


def table(tokenizer: Any) -> Table:
    """The table of a jieba tokenizer's dictionary."""
    import jieba

    log_total = math.log(tokenizer.total)
    # Every dictionary word and every prefix of one (jieba's FREQ holds
    # prefixes with frequency 0): the log-probability jieba gives a word,
    # None for a prefix that is no word.
    logp = {w: (math.log(f) - log_total if f else None) for w, f in tokenizer.FREQ.items()}
    han, skip, eng = ((r.pattern, r.flags) for r in (jieba.re_han_default, jieba.re_skip_default, jieba.re_eng))
    # jieba scores a character that starts no word as log(1) - log(total).
    return logp, 0.0 - log_total, (han, skip, eng)


class Segmenter:
    """The dictionary of one jieba tokenizer, ready for ``lengths``."""

    def __init__(self, tokenizer: Any) -> None:
        self._use(table(tokenizer))

    @classmethod
    def from_table(cls, made: Table) -> Segmenter:
        """A segmenter over a table ``table()`` made (read back from the table cache)."""
        seg = cls.__new__(cls)
        seg._use(made)
        return seg

    def _use(self, made: Table) -> None:
        self._logp, self._single, classes = made
        self._han, self._skip, self._eng = (re.compile(pattern, flags) for pattern, flags in classes)

    def lengths(self, text: str) -> list[int]:
        """Lengths of the words ``jieba.Tokenizer.cut(text, HMM=False)`` yields, in order."""
        out: list[int] = []
        han, skip = self._han, self._skip
        # jieba's run class has one capturing group, so split() alternates:
        # text between runs at even indices, the runs themselves at odd ones.
        for i, block in enumerate(han.split(text)):
            if not block:
                continue
            if i % 2:
                self._block(block, out)
                continue
            # Likewise: whitespace tokens at odd indices, single characters between.
            for j, part in enumerate(skip.split(block)):
                if j % 2:
                    out.append(len(part))
                else:
                    out.extend([1] * len(part))
        return out

    def _block(self, block: str, out: list[int]) -> None:
        """jieba's ``__cut_DAG_NO_HMM``: best route from each character to the end, then the words."""
        n = len(block)
        get: Callable[[str, object], Any] = self._logp.get
        missing, single, eng = _NOT_A_WORD, self._single, self._eng
        score = [0.0] * (n + 1)  # best route's log-probability from each position
        step = [0] * (n + 1)  # end of the first word of that route
        for start in range(n - 1, -1, -1):
            end = start + 1
            logp = get(block[start], missing)
            # best starts below any score, so the first word always takes it
            # (as jieba's max() over the candidates does); -inf stays only
            # when no dictionary word starts here.
            best, best_end = _NO_SCORE, end
            while logp is not missing:
                if logp is not None:
                    s = logp + score[end]
                    # jieba's max((score, end)): ties go to the longer word
                    if s >= best:
                        best, best_end = s, end
                if end >= n:
                    break
                end += 1
                logp = get(block[start:end], missing)
            score[start] = single + score[start + 1] if best == _NO_SCORE else best
            step[start] = best_end
        pos, glued = 0, 0
        while pos < n:
            end = step[pos]
            if end - pos == 1 and eng.match(block[pos]):
                glued += 1  # runs of single letters and digits are one word
            else:
                if glued:
                    out.append(glued)
                    glued = 0
                out.append(end - pos)
            pos = end
        if glued:
            out.append(glued)
