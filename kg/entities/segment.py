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

import marshal
import math
import re
import sys
from collections.abc import Callable
from itertools import islice, repeat
from typing import Any

_NOT_A_WORD = object()  # dict.get default: no dictionary word starts with this fragment
_OUTSIDE = object()  # at a character outside the runs jieba segments with the dictionary
_NO_PAIRS: dict[str, Any] = {}  # a character no dictionary word of two or more characters starts with
_NO_SCORE = float("-inf")
# chars[i + 2] past the end of the text: a character of no run, so in no ``thirds`` (checked in table()).
_PAST_END = " "

# What a segmenter is made of, as plain data (for the table cache):
# - the length of the longest dictionary word;
# - the score of a character that starts no word;
# - jieba's character classes as (pattern, flags): runs segmented with the
#   dictionary, whitespace kept as tokens elsewhere, single Latin letters and
#   digits that jieba glues together;
# - ``chars``: every character of the run class, with the score of the
#   one-character step from it (its log-probability as a word, else the
#   score of a character that starts no word);
# - ``pairs``: first character -> second character -> (first, word,
#   thirds, alone, longer) for every two-character dictionary key inside the
#   run class: the first character's log-probability as a word (-inf when it
#   is none), the pair's (None when it is only a prefix), the characters that
#   extend the pair to a longer key, the first character's ``chars`` score,
#   and the keys of three or more characters that begin with the pair
#   (``longer``, below).
#
# ``longer`` is the log-probability of every such key (None for a prefix that
# is no word), a dict marshalled into bytes (None when there is none): a
# segmenter decodes it the first time a text holds the pair's start of a
# longer key. A build's texts do so at a few hundred to a few thousand of the
# 104,000 pairs: decoding all 300,000 longer keys was a quarter of a start.
Pair = tuple[float, float | None, str, float, bytes | None]
Table = tuple[
    int,
    float,
    tuple[tuple[str, int], tuple[str, int], tuple[str, int]],
    dict[str, float],
    dict[str, dict[str, Pair]],
]


def table(tokenizer: Any) -> Table:
    """The table of a jieba tokenizer's dictionary."""
    import jieba

    log_total = math.log(tokenizer.total)
    # Every dictionary word and every prefix of one (jieba's FREQ holds
    # prefixes with frequency 0): the log-probability jieba gives a word,
    # None for a prefix that is no word.
    logp = {w: (math.log(f) - log_total if f else None) for w, f in tokenizer.FREQ.items()}
    classes = tuple((r.pattern, r.flags) for r in (jieba.re_han_default, jieba.re_skip_default, jieba.re_eng))
    # jieba scores a character that starts no word as log(1) - log(total).
    single = 0.0 - log_total
    # The characters of a class, found by matching it against every code point once.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    runs = "".join(re.findall(classes[0][0], every, classes[0][1]))
    glued = "".join(re.findall(classes[2][0], every, classes[2][1]))
    longest = max(map(len, logp), default=1)
    # lengths() relies on these; a jieba release that breaks one must be looked at.
    if not set(glued) <= set(runs) or _PAST_END in runs or longest > 255:
        raise RuntimeError("jieba's character classes or dictionary no longer fit kg's segmenter")
    chars: dict[str, float] = {c: single if (q := logp.get(c)) is None else q for c in runs}
    # Characters and strings of thirds appear many times: each is made one
    # object (``same``), which marshal writes once and loads shared (a
    # third of the table's memory).
    same = {c: c for c in chars}
    thirds: dict[str, str] = {}
    two = []
    longer: dict[str, dict[str, float | None]] = {}
    for w, p in logp.items():
        if len(w) >= 3:
            longer.setdefault(w[:2], {})[w] = p
        if len(w) == 3:
            if w[0] in chars and w[1] in chars and w[2] in chars:
                thirds[w[:2]] = thirds.get(w[:2], "") + w[2]
        elif len(w) == 2 and w[0] in chars and w[1] in chars:
            two.append((w, p))
    pairs: dict[str, dict[str, Pair]] = {}
    for w, p in two:
        first = logp[w[0]]
        extend = thirds.get(w, "")
        pairs.setdefault(same[w[0]], {})[same[w[1]]] = (
            _NO_SCORE if first is None else first,
            p,
            same.setdefault(extend, extend),
            chars[w[0]],
            marshal.dumps(longer[w]) if w in longer else None,
        )
    return longest, single, classes, chars, pairs  # type: ignore[return-value]


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
        longest, self._single, classes, self._chars, self._pairs = made
        # A pair's ``longer`` keys as decoded (a dict), by its bytes.
        self._longer: dict[bytes, dict[str, float | None]] = {}
        (han, han_flags), (skip, skip_flags), (eng, eng_flags) = classes
        self._skip = re.compile(skip, skip_flags)
        self._glued = re.compile(f"(?:{eng})+", eng_flags)
        # Reads the word lengths off lengths()'s codes: a code k >= 1 is a word
        # of k characters (itself and the k - 1 after it), a run of 0s one
        # word of glued letters and digits.
        alternatives = [b"\x01", *(bytes([k]) + b"." * (k - 1) for k in range(2, longest + 1)), b"\x00+"]
        self._words = re.compile(b"|".join(alternatives), re.DOTALL)

    def lengths(self, text: str) -> list[int]:
        """Lengths of the words ``jieba.Tokenizer.cut(text, HMM=False)`` yields, in order.

        jieba splits the text into runs of its run class, segments each run
        with the dictionary (``__cut_DAG_NO_HMM``: the best route from each
        character to the run's end, one backward pass, then the words along
        the route, single letters and digits glued together), and cuts the
        text between runs into whitespace tokens and single characters. Here
        the backward pass goes once over the whole text, and the route is
        written as one byte per character (``code``) that a regex reads in C.
        """
        n = len(text)
        if not n:
            return []
        # code[i]: the length of the word that starts at i if the route takes
        # that word; 0 for a letter or digit alone (glued to its neighbours),
        # whitespace tokens of two characters (\r\n) their length, else 1.
        code = bytearray(b"\x01") * n
        for m in self._glued.finditer(text):
            code[m.start() : m.end()] = bytes(m.end() - m.start())
        for m in self._skip.finditer(text):
            if m.end() - m.start() > 1:
                code[m.start()] = m.end() - m.start()
        # One string per character, so that its hash is computed once.
        chars = list(text)
        # What the backward pass needs at each position, looked up with map()
        # in C rather than in the Python loop (it runs for every character):
        # _OUTSIDE outside the runs; the pair's ``pairs`` entry where a
        # dictionary key of two characters starts; else (the one-character
        # word is the only candidate) the ``chars`` score of the character.
        at: list[Any] = list(
            map(
                dict.get,
                map(self._pairs.get, chars, repeat(_NO_PAIRS)),
                islice(chars, 1, None),
                map(self._chars.get, chars, repeat(_OUTSIDE)),
            )
        )
        at.append(self._chars.get(chars[-1], _OUTSIDE))
        at.append(_OUTSIDE)
        chars += (_PAST_END, _PAST_END)
        decoded, decode = self._longer, marshal.loads
        single, outside, float_ = self._single, _OUTSIDE, float
        # score[i]: the best route's log-probability from i to the end of its
        # run (0.0 at a run's end, which no iteration writes). The additions
        # are jieba's (word + score of the rest), so the scores and their
        # ties are the same to the last bit.
        score = [0.0] * (n + 1)
        sc = 0.0  # score[i + 1]
        for i in range(n - 1, -1, -1):
            v = at[i]
            if type(v) is float_:
                # Only the one-character word: jieba's max() over one candidate.
                sc = v + sc
            elif v is outside:
                sc = 0.0  # the end of the run before
                continue
            else:
                first, word, thirds, alone, longer = v
                if chars[i + 2] in thirds:
                    keys = decoded.get(longer)
                    if keys is None:
                        keys = decoded[longer] = decode(longer)
                    get: Callable[[str, object], Any] = keys.get
                    # Three characters or more may make a word: jieba's loop
                    # over every dictionary word starting here. best starts at
                    # -inf (first, when the character is no word), so the
                    # first word always takes it, as jieba's max() does; -inf
                    # stays only when no dictionary word starts here.
                    best, end = first + sc, i + 1
                    if word is not None:
                        s = word + score[i + 2]
                        if s >= best:  # jieba's max((score, end)): ties go to the longer word
                            best, end = s, i + 2
                    stop = i + 3
                    p = get(text[i:stop], _NOT_A_WORD)
                    while p is not _NOT_A_WORD:
                        if p is not None:
                            s = p + score[stop]
                            if s >= best:
                                best, end = s, stop
                        if at[stop] is outside:  # the run ends here
                            break
                        stop += 1
                        p = get(text[i:stop], _NOT_A_WORD)
                    if best == _NO_SCORE:
                        sc = single + sc
                    else:
                        sc = best
                        if end - i > 1:
                            code[i] = end - i
                elif word is None:
                    # The pair is only a prefix of longer words, none of which is here.
                    sc = alone + sc
                else:
                    # The one- and the two-character word (first is -inf when
                    # the character is no word, so the pair wins): jieba's
                    # max() over two candidates, ties to the longer.
                    s = word + score[i + 2]
                    sc1 = first + sc
                    if s >= sc1:
                        sc = s
                        code[i] = 2
                    else:
                        sc = sc1
            score[i] = sc
        return list(map(len, self._words.findall(code)))
