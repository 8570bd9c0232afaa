"""Entity recognition: rule recognizers per type, then one flat, non-overlapping selection.

Each recognizer module (places, organizations, programs, documents, persons)
exposes ``find(ctx) -> list[Candidate]``. Candidates overlap freely; select()
keeps the longest (then highest-priority) spans so mentions are flat, as the
annotation guideline asks. Everything works on ``SourceText.norm``
(Simplified, same offsets as the original).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Mention, Sentence, SourceText
from .context import DocContext


@dataclass(frozen=True)
class Candidate:
    """A possible mention before overlap resolution."""

    start: int
    end: int
    type: str
    subtype: str
    rule: str
    key: str = ""  # canonical name; default: normalized span text
    priority: int = 0  # breaks ties between equally long spans
    aliases: tuple[str, ...] = field(default_factory=tuple)


def recognize(src: SourceText, sentences: list[Sentence]) -> list[Mention]:
    """Find the entity mentions of one document."""
    from . import documents, organizations, persons, places, programs

    ctx = DocContext.build(src, sentences)
    candidates: list[Candidate] = []
    for module in (places, organizations, programs, documents, persons):
        candidates.extend(module.find(ctx))
    return [ctx.to_mention(c) for c in select(candidates)]


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep a flat set of spans: longer first, then higher priority, then earlier."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    order = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.type, c.rule))
    for c in order:
        if c.end <= c.start:
            continue
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: (c.start, c.end))
