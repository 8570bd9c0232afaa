"""Relation extraction: trigger and structure rules, with the report's protagonist as the elided actor.

Stages, for one document:

1. ``protagonist``: split the file into articles and find each article's own
   actor (title ``地名:``, subtitle ``关于X…``, the most frequent clause
   subject agreeing with anaphors such as 全区/区镇/园区, the author note);
2. ``rules``: per sentence, trigger verbs with the programs or bodies in their
   clause, enumerations (由A、B…组建X), cooperation, location statements; a
   clause without a stated subject takes the protagonist, marked ``implicit``;
3. ``names``: relations stated by names (X党总支 under X, 淮安市金湖镇) and by
   bylines and author notes (作者单位:X).

The word lists live in ``kg/data/lexicon/relation_*.txt`` (see ``tables``).
All relations link mentions of the document; a protagonist that no
recognizer found (a title prefix, a park named at a clause start) is returned
as a new mention, which the pipeline adds to the document's mentions.
"""

from __future__ import annotations

from ..model import Mention, Relation, Sentence, SourceText
from . import clauses, names, protagonist, rules


def extract(
    src: SourceText, sentences: list[Sentence], mentions: list[Mention]
) -> tuple[list[Relation], Mention | None]:
    """Return the relations stated in one document and its protagonist (the elided actor)."""
    index = clauses.Index(src.norm, list(mentions))
    arts = protagonist.articles(src, sentences, index)
    added = [a.protagonist for a in arts if a.protagonist is not None and a.protagonist not in mentions]
    if added:
        index = clauses.Index(src.norm, list(mentions) + added)
    out: list[Relation] = []
    for art in arts:
        sent_rules = rules.SentenceRules(index, art.protagonist)
        for s in sentences:
            if art.start <= s.start < art.end:
                out.extend(sent_rules.sentence(s))
    out.extend(names.NameRules(index, sentences).all(arts))
    main = next((a.protagonist for a in sorted(arts, key=lambda a: a.start - a.end) if a.protagonist), None)
    return _dedupe(out), main


def _dedupe(rels: list[Relation]) -> list[Relation]:
    """One relation per (type, ends, sentence), explicit before implicit; stable order."""
    best: dict[tuple[object, ...], Relation] = {}
    for r in rels:
        key = (r.type, r.head.type, r.head.key, r.tail.type, r.tail.key, r.sentence.start)
        old = best.get(key)
        if old is None or (old.implicit and not r.implicit):
            best[key] = r
    return sorted(
        best.values(),
        key=lambda r: (r.sentence.start, r.type, r.head.start, r.tail.start, r.rule),
    )
