"""Split a document into sentences and heading lines, with original offsets.

A sentence ends at 。！？；!? or a line break; a closing quote or bracket right
after the end mark stays with the sentence. Surrounding whitespace is trimmed.
Overlong sentences are cut (see MAX_SENTENCE).
"""

from __future__ import annotations

import re

from .model import Sentence, SourceText

# End marks with their closing quotes, or a run of line breaks. Written so
# that the pattern opens with one character class, which re's search skips
# along in C (the two alternatives `[。！？；!?;]+[”’」』)）]*|\n+` made it try
# the pattern at every character); the same matches.
_END = re.compile(r"[。！？；!?;\n](?:(?<=\n)\n*|(?<!\n)[。！？；!?;]*[”’」』)）]*)")


def split(src: SourceText) -> list[Sentence]:
    """Return the sentences of ``src`` in order."""
    out: list[Sentence] = []
    text = src.text
    start = 0
    for m in _END.finditer(text):
        _add(out, src.doc_id, text, start, m.end())
        start = m.end()
    _add(out, src.doc_id, text, start, len(text))
    return out


# A "sentence" longer than this (a file without end marks) is cut at its last
# comma or space before the limit, else hard: evidence stays readable and
# the work per sentence bounded. Real sentences of the genre are far shorter.
MAX_SENTENCE = 1000
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


def _add(out: list[Sentence], doc_id: str, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        soft = [m.end() for m in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE // 2, cut)]
        _add(out, doc_id, text, start, soft[-1] if soft else cut)
        start = soft[-1] if soft else cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(doc_id, start, end, text[start:end]))
