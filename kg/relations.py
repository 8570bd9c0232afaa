"""Relation extraction: stub, replaced by the real rule tables."""

from __future__ import annotations

from .model import Mention, Relation, Sentence, SourceText


def extract(
    src: SourceText, sentences: list[Sentence], mentions: list[Mention]
) -> tuple[list[Relation], Mention | None]:
    """Return the relations stated in one document and its protagonist (the elided actor)."""
    return [], None
