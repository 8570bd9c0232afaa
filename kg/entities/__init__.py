"""Entity recognition: rule recognizers per type, then one flat, non-overlapping selection.

Each recognizer module (places, organizations, programs, documents, persons)
exposes ``find(ctx) -> list[Candidate]``. Candidates overlap freely; select()
keeps the longest (then highest-priority) spans so mentions are flat, as the
annotation guideline asks. Everything works on ``SourceText.norm``
(Simplified, same offsets as the original).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Mention, Sentence, SourceText
from .context import DocContext


# Not frozen, though no rule changes a candidate (dataclasses.replace makes a
# new one): a frozen dataclass sets each field through object.__setattr__,
# which made a candidate cost 2.5 times as much, and the recognizers make
# some ten thousand a megabyte. Equality and hashing stay field by field, as
# frozen made them (unsafe_hash: sets and dicts of candidates hash them).
@dataclass(unsafe_hash=True)
class Candidate:
    """A possible mention before overlap resolution."""

    start: int
    end: int
    type: str
    subtype: str
    rule: str
    key: str = ""  # canonical name; default: normalized span text
    priority: int = 0  # breaks ties between equally long spans
    aliases: tuple[str, ...] = ()
    # A name inside a longer name that names another entity (中共X工委(Y区委)
    # in 中共X工委(Y区委)组织部, 宿迁 in 宿迁宿豫): the span of that longer
    # name. Kept beside it when it is chosen, dropped otherwise.
    inside: tuple[int, int] | None = None
    division: str | None = None  # gazetteer key, when recognition resolved the name in context


def recognize(src: SourceText, sentences: list[Sentence]) -> list[Mention]:
    """Find the entity mentions of one document."""
    from . import documents, organizations, persons, places, programs

    ctx = DocContext.build(src, sentences)
    candidates: list[Candidate] = []
    for module in (places, organizations, programs, documents, persons):
        candidates.extend(module.find(ctx))
    chosen = organizations.town_scoped(ctx, select(candidates))
    chosen = organizations.company_scoped(ctx, organizations.zone_scoped(ctx, chosen))
    chosen = organizations.short_forms(chosen)
    chosen = places.zone_short_forms(chosen, candidates)
    return [ctx.to_mention(c) for c in chosen]


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep a flat set of spans: longer first, then higher priority, then earlier.

    An ``inside`` candidate is kept as well when the longer name it lies in
    is chosen (the body named at the start of a department's name).
    """
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    order = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.type, c.rule))
    # Characters already in a chosen span (offset so that no index is negative):
    # an overlap test is one search, not a pass over every chosen span.
    base = min((c.start for c in candidates), default=0)
    used = bytearray(max(0, max((c.end for c in candidates), default=0) - base))
    for c in order:
        if c.end <= c.start or c.inside is not None:
            continue
        if used.find(1, c.start - base, c.end - base) >= 0:
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
        used[c.start - base : c.end - base] = b"\x01" * (c.end - c.start)
    inner: list[Candidate] = []
    spans = set(taken)
    for c in order:
        if c.inside is None or c.inside not in spans or any(c.start < n.end and n.start < c.end for n in inner):
            continue
        inner.append(c)
    return sorted(chosen + inner, key=lambda c: (c.start, c.end))
