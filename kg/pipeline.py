"""Run the stages over one document, and over a corpus."""

from __future__ import annotations

from . import entities, relations, sentences
from .model import DocumentAnalysis, SourceText


def analyze(src: SourceText) -> DocumentAnalysis:
    """Sentences, mentions and relations of one document."""
    sents = sentences.split(src)
    mentions = entities.recognize(src, sents)
    rels, protagonist = relations.extract(src, sents, mentions)
    return DocumentAnalysis(source=src, sentences=sents, mentions=mentions, relations=rels, protagonist=protagonist)
