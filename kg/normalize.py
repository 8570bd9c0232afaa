"""Script conversion and width folding that never moves an offset.

The normalized text has exactly the length of the original, character for
character, so any span found in it is a valid span of the original. OpenCC
converts whole phrases (better than character tables); where a phrase
conversion changes the length of a line, that line falls back to
character-by-character conversion.
"""

from __future__ import annotations

import functools
import operator
import re

# A run of characters that are no CJK ideographs. `[^…][^…]*` rather than
# `[^…]+`: a pattern that opens with a character class is searched for in C.
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff][^\u4e00-\u9fff]*")


@functools.lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


# Full-width ASCII -> ASCII, the ideographic space -> a space.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# `[…][…]*` rather than `[…]+`, so that re searches for its first character in C.
_FOLDABLE = re.compile("[\uff01-\uff5e\u3000][\uff01-\uff5e\u3000]*")


def fold_width(text: str) -> str:
    """Fold full-width ASCII and the ideographic space to half width."""
    # The same as text.translate(_FOLD), which looks every character up in
    # the dict: one str.replace (a C pass) per full-width character the text
    # holds is three times faster on a report (the replacements are ASCII,
    # which no later replace touches).
    for char in set("".join(_FOLDABLE.findall(text))):
        text = text.replace(char, chr(_FOLD[ord(char)]))
    return text


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified, keeping the length of every line."""
    converter = _t2s()
    # One call for the whole text, then only the lines whose length changed
    # again: the same as converting line by line, as OpenCC's phrases never
    # hold a line break (a phrase match stops at it, and it converts to
    # itself); a call per line cost a third more. Should a result ever hold
    # another number of line breaks, the lines are converted one by one.
    whole = converter.convert(text)
    lines = text.split("\n")
    converted = whole.split("\n")
    if len(converted) != len(lines):
        converted = [converter.convert(line) for line in lines]
    out = []
    for line, conv in zip(lines, converted, strict=True):
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := converter.convert(c)) == 1 else c for c in line)
        out.append(conv)
    return "\n".join(out)


def to_traditional(text: str) -> str:
    """Convert Simplified to Traditional (for labels)."""
    return str(_s2t().convert(text))


def normalize(text: str) -> str:
    """Simplified, width-folded text of the same length as ``text``, its quotes in one style."""
    return fold_quotes(fold_width(to_simplified(text)))


# Corner brackets, the quotes of texts written in Traditional style, -> the curly
# quotes the recognizers read (「X」工程 as “X”工程); one character each, so no offset moves.
_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}


def fold_quotes(text: str) -> str:
    """Write 「」 and 『』 as “” and ‘’."""
    for corner, curly in _QUOTES.items():
        if corner in text:
            text = text.replace(corner, curly)
    return text


def detect_script(text: str) -> str:
    """Return ``zh-hant`` when conversion to Simplified changes many characters."""
    # The CJK characters of the start, joined: removing the others is one C
    # pass (a findall would make a string per character).
    sample = _NOT_CJK.sub("", text[:20000])
    if not sample:
        return "zh-hans"
    simplified = to_simplified(sample)
    if simplified == sample:  # Simplified text: nothing to count
        return "zh-hans"
    # Characters that conversion changed, counted in C (to_simplified keeps the length).
    changed = sum(map(operator.ne, sample, simplified))
    return "zh-hant" if changed / len(sample) > 0.02 else "zh-hans"


_STRIP = re.compile(r"[“”‘’\"'《》〈〉「」『』()（）【】\[\]、，,·•\s]")


# Names recur throughout a corpus (every mention, alias and lookup asks again),
# and each conversion is a call into OpenCC.
@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Canonical comparison key of a name: Simplified, folded, punctuation removed."""
    return _STRIP.sub("", fold_width(to_simplified(name)))
