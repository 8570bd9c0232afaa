"""Run the stages over one document, and over a corpus."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TypeVar

from . import entities, relations, sentences
from .model import DocumentAnalysis, Mention, Sentence, SourceText

# Longer documents are analyzed in windows of whole sentences, so the work
# and memory of recognition stay bounded per window (some rules look at the
# whole document and would grow faster than its length). A report of the
# genre is a few thousand characters: windows only ever split huge files.
WINDOW = 20_000
# CPU, not wall: stages of parallel workers add up, and other load does not count.
_clock = time.process_time


def analyze(src: SourceText, timings: dict[str, float] | None = None) -> DocumentAnalysis:
    """Sentences, mentions and relations of one document; add CPU seconds per stage to ``timings``."""
    t0 = _clock()
    sents = sentences.split(src)
    _add_time(timings, "sentences", _clock() - t0)
    if len(src.text) <= WINDOW:
        return _analyze(src, sents, timings)
    result = DocumentAnalysis(source=src, sentences=sents, mentions=[], relations=[])
    for begin, end, part in _windows(sents, len(src.text)):
        window = replace(src, text=src.text[begin:end], norm=src.norm[begin:end])
        local = [_shift(s, -begin) for s in part]
        found = _analyze(window, local, timings)
        result.mentions.extend(_shift(m, begin) for m in found.mentions)
        result.relations.extend(
            replace(r, head=_shift(r.head, begin), tail=_shift(r.tail, begin), sentence=_shift(r.sentence, begin))
            for r in found.relations
        )
        if result.protagonist is None and found.protagonist is not None:
            result.protagonist = _shift(found.protagonist, begin)
    return result


def _windows(sents: list[Sentence], length: int) -> Iterator[tuple[int, int, list[Sentence]]]:
    """(begin, end, sentences) of consecutive windows of at most WINDOW characters, cut between sentences."""
    part: list[Sentence] = []
    for s in sents:
        if part and s.end - part[0].start > WINDOW:
            yield part[0].start, s.start, part
            part = []
        part.append(s)
    if part:
        yield part[0].start, length, part


_S = TypeVar("_S", Mention, Sentence)


def _shift(item: _S, offset: int) -> _S:
    return replace(item, start=item.start + offset, end=item.end + offset)


def _analyze(src: SourceText, sents: list[Sentence], timings: dict[str, float] | None) -> DocumentAnalysis:
    clock = _clock
    t1 = clock()
    mentions = entities.recognize(src, sents)
    t2 = clock()
    rels, protagonist = relations.extract(src, sents, mentions)
    t3 = clock()
    _add_time(timings, "entities", t2 - t1)
    _add_time(timings, "relations", t3 - t2)
    # Relations may name a protagonist no recognizer found (a title prefix such
    # as 淮安清江浦:…); it becomes a mention so its facts resolve to an entity.
    known = {(m.start, m.end, m.type) for m in mentions}
    extra = {m for r in rels for m in (r.head, r.tail) if (m.start, m.end, m.type) not in known}
    if protagonist is not None and (protagonist.start, protagonist.end, protagonist.type) not in known:
        extra.add(protagonist)
    if extra:
        mentions = sorted([*mentions, *extra], key=lambda m: (m.start, m.end, m.type))
    return DocumentAnalysis(source=src, sentences=sents, mentions=mentions, relations=rels, protagonist=protagonist)


def _add_time(timings: dict[str, float] | None, stage: str, seconds: float) -> None:
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + seconds


# A short report in the genre: analyzing it loads every lazily built table
# (segmentation dictionaries, gazetteer, lexicons, OpenCC) once.
_WARM_UP = "江苏省南京市委组织部\n来源：新华网\n市委组织部联合区发改委启动“强链”行动，推动企业加入产业联盟。".encode()


def warm_up() -> None:
    """Load every table the stages use, so that forked workers share them instead of loading them again."""
    from .ingest import from_bytes

    analyze(from_bytes(_WARM_UP, "warm-up.txt"))
