"""Split a document into sentences and heading lines, with original offsets.

A sentence ends at 。！？；!? or a line break; a closing quote or bracket right
after the end mark stays with the sentence. Surrounding whitespace is trimmed.
"""

from __future__ import annotations

import re

from .model import Sentence, SourceText

_END = re.compile(r"[。！？；!?;]+[”’」』)）]*|\n+")


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


def _add(out: list[Sentence], doc_id: str, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(doc_id, start, end, text[start:end]))
