"""Run the stages over one document, and over a corpus."""

from __future__ import annotations

import time

from . import entities, relations, sentences
from .model import DocumentAnalysis, SourceText


def analyze(src: SourceText, timings: dict[str, float] | None = None) -> DocumentAnalysis:
    """Sentences, mentions and relations of one document; add CPU seconds per stage to ``timings``."""
    clock = time.process_time  # CPU, not wall: stages of parallel workers add up, and other load does not count
    t0 = clock()
    sents = sentences.split(src)
    t1 = clock()
    mentions = entities.recognize(src, sents)
    t2 = clock()
    rels, protagonist = relations.extract(src, sents, mentions)
    t3 = clock()
    if timings is not None:
        for stage, seconds in (("sentences", t1 - t0), ("entities", t2 - t1), ("relations", t3 - t2)):
            timings[stage] = timings.get(stage, 0.0) + seconds
    # Relations may name a protagonist no recognizer found (a title prefix such
    # as 淮安清江浦:…); it becomes a mention so its facts resolve to an entity.
    known = {(m.start, m.end, m.type) for m in mentions}
    extra = {m for r in rels for m in (r.head, r.tail) if (m.start, m.end, m.type) not in known}
    if protagonist is not None and (protagonist.start, protagonist.end, protagonist.type) not in known:
        extra.add(protagonist)
    if extra:
        mentions = sorted([*mentions, *extra], key=lambda m: (m.start, m.end, m.type))
    return DocumentAnalysis(source=src, sentences=sents, mentions=mentions, relations=rels, protagonist=protagonist)


# A short report in the genre: analyzing it loads every lazily built table
# (segmentation dictionaries, gazetteer, lexicons, OpenCC) once.
_WARM_UP = "江苏省南京市委组织部\n来源：新华网\n市委组织部联合区发改委启动“强链”行动，推动企业加入产业联盟。".encode()


def warm_up() -> None:
    """Load every table the stages use, so that forked workers share them instead of loading them again."""
    from .ingest import from_bytes

    analyze(from_bytes(_WARM_UP, "warm-up.txt"))
