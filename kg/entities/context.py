"""What recognizers share about one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Mention, Sentence, SourceText
from ..normalize import name_key

if TYPE_CHECKING:
    from . import Candidate


@dataclass
class DocContext:
    """The document, its sentences and facts recognizers derive about it."""

    src: SourceText
    sentences: list[Sentence]
    # Divisions the document is about (gazetteer keys), most specific last;
    # used to scope generic names such as 市委组织部.
    home: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, src: SourceText, sentences: list[Sentence]) -> DocContext:
        return cls(src=src, sentences=sentences)

    @property
    def norm(self) -> str:
        return self.src.norm

    def to_mention(self, c: Candidate) -> Mention:
        return Mention(
            doc_id=self.src.doc_id,
            start=c.start,
            end=c.end,
            text=self.src.text[c.start : c.end],
            type=c.type,
            subtype=c.subtype,
            key=c.key or name_key(self.src.norm[c.start : c.end]),
            rule=c.rule,
            aliases=c.aliases,
        )
