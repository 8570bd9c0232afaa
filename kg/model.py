"""Plain records passed between the stages of the pipeline.

ingest -> SourceText -> entities -> Mention -> relations -> Relation
-> resolve -> Entity / Fact -> graph -> export.

All offsets are Python ``str`` offsets into the ORIGINAL text of a document.
``SourceText.norm`` (Simplified, width-folded) has exactly the same length as
``SourceText.text``, so an offset found in ``norm`` is valid in ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The five coarse entity types of the graph contract.
ENTITY_TYPES = ("Organization", "Program", "Place", "Document", "Person")
# The Place subtypes that are zones (a development zone, an industrial or chemical park),
# which bodies are named after and firms lie in.
ZONE_SUBTYPES = frozenset({"DevelopmentZone", "IndustrialPark"})
RELATION_TYPES = (
    "memberOf",
    "subOrganizationOf",
    "establishedBy",
    "implements",
    "cooperatesWith",
    "locatedIn",
    "affiliatedWith",
)


@dataclass(frozen=True)
class SourceText:
    """One input document, text kept exactly as read."""

    doc_id: str  # path relative to the input root, POSIX separators
    text: str  # original text (BOM removed, nothing else changed)
    norm: str  # Simplified + width-folded; len(norm) == len(text)
    encoding: str  # encoding the bytes were decoded with
    script: str  # "zh-hans" or "zh-hant"
    title: str = ""  # first non-empty line, as a title
    source: str = ""  # publisher named in a "来源:" line, if any

    @property
    def name(self) -> str:
        """The file name (the graph's dcterms:identifier)."""
        return self.doc_id.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading line) of a document."""

    doc_id: str
    start: int
    end: int
    text: str  # original text[start:end]


@dataclass(frozen=True)
class Mention:
    """A span of a document that names an entity."""

    doc_id: str
    start: int
    end: int
    text: str  # original text[start:end], the NIF anchor
    type: str  # one of ENTITY_TYPES
    subtype: str  # most specific class local name, e.g. "PartyBody"
    key: str  # canonical Simplified name used to resolve (may be scoped, e.g. 苏州市委组织部)
    rule: str  # recognizer rule that produced it
    aliases: tuple[str, ...] = ()  # other names stated with it, e.g. a bracketed alias
    division: str | None = None  # gazetteer key of the division it names, resolved in its document


@dataclass(frozen=True)
class Relation:
    """A relation between two mentions of one document, with its evidence."""

    type: str  # one of RELATION_TYPES
    head: Mention
    tail: Mention
    sentence: Sentence
    rule: str
    implicit: bool = False  # head inferred (elided subject), not stated in the sentence


@dataclass
class DocumentAnalysis:
    """Everything extracted from one document, before cross-document resolution."""

    source: SourceText
    sentences: list[Sentence]
    mentions: list[Mention]
    relations: list[Relation]
    protagonist: Mention | None = None  # the report's own actor, if found


@dataclass
class NameNodes:
    """Where one document's mentions enter resolution: what needs only the document and the gazetteer.

    One entry per mention, in the order of DocumentAnalysis.mentions. A
    build works this out where the document is analyzed (in a parallel
    build, the worker), so the process that joins the corpus only unites
    nodes. A node is (mention type, key); a name resolved to a division is
    also joined to that division's node, (type, "gb2260:" + division).
    """

    # The key of the mention's node: its own key, or its division's "gb2260:"
    # key where several divisions bear the name.
    keys: list[str]
    divisions: list[str | None]  # the division its name was resolved to in its document
    scoped: list[bool]  # its key is not its text's plain key (a generic name the recognizer scoped)
    aliases: list[tuple[tuple[str, str | None], ...]]  # (node key, division) of each stated alias, as above
    # Each relation, in order, as (head mention's index, relation type, tail
    # mention's index, its evidence): the relations between two mentions of
    # the document, of two different mentions.
    relations: list[tuple[int, str, int, Evidence]] = field(default_factory=list)


@dataclass
class MergeReason:
    """Why a surface form was attached to an entity (for `kg explain`)."""

    surface: str
    rule: str
    doc_id: str
    start: int
    end: int


@dataclass
class Entity:
    """One real-world thing, across the corpus."""

    iri: str
    type: str
    subtype: str
    label: str  # Simplified preferred label
    alt_labels: set[tuple[str, str]] = field(default_factory=set)  # (text, lang tag)
    mentions: list[Mention] = field(default_factory=list)
    division: str | None = None  # gazetteer key of the administrative division, if any
    gb2260: str | None = None
    parent: str | None = None  # IRI of the parent administrative division (gazetteer)
    reasons: list[MergeReason] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})


@dataclass(frozen=True)
class Evidence:
    """One sentence that states a fact."""

    doc_id: str
    start: int
    end: int
    text: str
    rule: str
    implicit: bool


@dataclass
class Fact:
    """A resolved relation between two entities, with every sentence that states it."""

    head: str  # entity IRI
    type: str
    tail: str  # entity IRI
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Corpus:
    """The resolved corpus: what the graph is built from."""

    documents: list[SourceText]
    entities: list[Entity]
    facts: list[Fact]
    mention_entity: dict[tuple[str, int, int, str], str] = field(default_factory=dict)
    # (doc_id, start, end, type) -> entity IRI
