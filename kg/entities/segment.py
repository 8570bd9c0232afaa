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
``re_eng``), so a jieba release that changes them changes both alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import jieba

_HAN = jieba.re_han_default  # runs segmented with the dictionary
_SKIP = jieba.re_skip_default  # whitespace kept as tokens elsewhere
_ENG = jieba.re_eng  # single Latin letters and digits that jieba glues together
_NOT_A_WORD = object()  # dict.get default: no dictionary word starts with this fragment
_NO_SCORE = float("-inf")


def table(tokenizer: Any) -> tuple[dict[str, float | None], float]:
    """The scores of a jieba tokenizer's dictionary: (log-probability per word or prefix, score of a lone character)."""
    log_total = math.log(tokenizer.total)
    # Every dictionary word and every prefix of one (jieba's FREQ holds
    # prefixes with frequency 0): the log-probability jieba gives a word,
    # None for a prefix that is no word.
    logp = {w: (math.log(f) - log_total if f else None) for w, f in tokenizer.FREQ.items()}
    # jieba scores a character that starts no word as log(1) - log(total).
    return logp, 0.0 - log_total


class Segmenter:
    """The dictionary of one jieba tokenizer, ready for ``lengths``."""

    def __init__(self, tokenizer: Any) -> None:
        self._logp, self._single = table(tokenizer)

    @classmethod
    def from_table(cls, logp: dict[str, float | None], single: float) -> Segmenter:
        """A segmenter over a table ``table()`` made (read back from the table cache)."""
        seg = cls.__new__(cls)
        seg._logp, seg._single = logp, single
        return seg

    def lengths(self, text: str) -> list[int]:
        """Lengths of the words ``jieba.Tokenizer.cut(text, HMM=False)`` yields, in order."""
        out: list[int] = []
        # _HAN has one capturing group, so split() alternates: text between
        # runs at even indices, the runs themselves at odd ones.
        for i, block in enumerate(_HAN.split(text)):
            if not block:
                continue
            if i % 2:
                self._block(block, out)
                continue
            # Likewise: whitespace tokens at odd indices, single characters between.
            for j, part in enumerate(_SKIP.split(block)):
                if j % 2:
                    out.append(len(part))
                else:
                    out.extend([1] * len(part))
        return out

    def _block(self, block: str, out: list[int]) -> None:
        """jieba's ``__cut_DAG_NO_HMM``: best route from each character to the end, then the words."""
        n = len(block)
        get: Callable[[str, object], Any] = self._logp.get
        missing, single = _NOT_A_WORD, self._single
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
            if end - pos == 1 and _ENG.match(block[pos]):
                glued += 1  # runs of single letters and digits are one word
            else:
                if glued:
                    out.append(glued)
                    glued = 0
                out.append(end - pos)
            pos = end
        if glued:
            out.append(glued)
