"""Turn a resolved Corpus into RDF triples that follow the graph contract.

The contract (GRAPH.md in the design notes, summarized in the README):
source documents as NIF contexts holding their text; entities with SKOS
labels; NIF mentions with exact offsets; every relation as a plain triple
and as one rdf:Statement per source sentence with prov:wasDerivedFrom and
the evidence text; administrative divisions with their GB/T 2260 code and a
locatedIn chain marked as gazetteer knowledge.

``triples()`` yields the triples in a deterministic order, so a writer can
stream them without holding a Graph; ``build()`` collects them into one.
Subjects and objects come from a term maker: rdflib terms by default, or
(kg.export's) terms already spelled in Turtle, which saves building millions
of rdflib objects only to print them. Predicates and classes are always
rdflib terms, made once here.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from . import iri
from .model import Corpus, Entity, Fact, Mention, SourceText
from .vocab import ITSRDF, KGO, NIF, ONTOLOGY_IRI, bind_prefixes

# (subject, predicate, object); subject and object as the term maker makes them.
Triple = tuple[Any, Any, Any]

_KGO = ONTOLOGY_IRI + "#"


class Terms(Protocol):
    """Makes the subjects and objects of triples (rdflib terms, or their Turtle spelling)."""

    def iri(self, value: str) -> Any: ...
    def span(self, doc_id: str, start: int, end: int) -> Any: ...  # the IRI iri.mention_iri gives
    def document(self, doc_id: str) -> Any: ...  # the IRI iri.document_iri gives
    def statements(self, head: str, type_: str, tail: str) -> Callable[[str, int, int], Any]: ...  # iri.statement_iris
    def text(self, value: str) -> Any: ...
    def lang(self, value: str, tag: str) -> Any: ...
    def nni(self, value: int) -> Any: ...
    def boolean(self, value: bool) -> Any: ...


class RdflibTerms:
    """Subjects and objects as rdflib terms."""

    iri = staticmethod(URIRef)

    @staticmethod
    def span(doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(iri.mention_iri(doc_id, start, end))

    @staticmethod
    def document(doc_id: str) -> URIRef:
        return URIRef(iri.document_iri(doc_id))

    @staticmethod
    def statements(head: str, type_: str, tail: str) -> Callable[[str, int, int], URIRef]:
        of = iri.statement_iris(head, type_, tail)
        return lambda doc_id, start, end: URIRef(of(doc_id, start, end))

    @staticmethod
    def text(value: str) -> Literal:
        return Literal(value)

    @staticmethod
    def lang(value: str, tag: str) -> Literal:
        return Literal(value, lang=tag)

    @staticmethod
    def nni(value: int) -> Literal:
        return Literal(value, datatype=XSD.nonNegativeInteger)

    @staticmethod
    def boolean(value: bool) -> Literal:
        return Literal(value)


RDFLIB = RdflibTerms()


@functools.cache
def _cls(local: str) -> URIRef:
    return URIRef(_KGO + local)


# Vocabulary terms looked up once: namespace attribute access is slow, and
# these are used once per triple.
_TYPE, _STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, RDF.Statement, RDF.subject, RDF.predicate, RDF.object
_LABEL, _PREF, _ALT = RDFS.label, SKOS.prefLabel, SKOS.altLabel
_IDENTIFIER, _TITLE, _PUBLISHER, _LANGUAGE, _FORMAT, _SOURCE = (
    DCTERMS.identifier,
    DCTERMS.title,
    DCTERMS.publisher,
    DCTERMS.language,
    DCTERMS.format,
    DCTERMS.source,
)
_PROV_ENTITY, _DERIVED = PROV.Entity, PROV.wasDerivedFrom
_CONTEXT, _PHRASE, _SENTENCE, _OFFSET_STRING = NIF.Context, NIF.Phrase, NIF.Sentence, NIF.OffsetBasedString
_IS_STRING, _BEGIN, _END, _ANCHOR, _REF_CONTEXT = (
    NIF.isString,
    NIF.beginIndex,
    NIF.endIndex,
    NIF.anchorOf,
    NIF.referenceContext,
)
_CLASS_REF, _IDENT_REF = ITSRDF.taClassRef, ITSRDF.taIdentRef
_SOURCE_DOCUMENT, _LOCATED_IN, _GB2260, _MENTION_COUNT = KGO.SourceDocument, KGO.locatedIn, KGO.gb2260, KGO.mentionCount
_EVIDENCE, _RULE, _IMPLICIT, _KNOWLEDGE = KGO.evidenceText, KGO.extractionRule, KGO.implicitActor, KGO.knowledgeSource


def triples(corpus: Corpus, terms: Terms = RDFLIB) -> Iterator[Triple]:
    """Every triple of the corpus graph, in a stable order.

    The same triples, in the same order, as a streaming build writes: each
    document's own triples in input order, then the corpus-level ones.
    """
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for ent in corpus.entities:
        for m in ent.mentions:
            by_doc[m.doc_id].append(m)
    for doc in corpus.documents:
        yield from document_triples(doc, by_doc.get(doc.doc_id, []), terms)
    yield from corpus_triples(corpus, terms)


def document_triples(doc: SourceText, mentions: list[Mention], terms: Terms = RDFLIB) -> Iterator[Triple]:
    """The triples one document gives on its own: its text and its mentions, without their entities.

    They need nothing from other documents, so a build writes them as soon as
    the document is analyzed and can let go of its text.
    """
    yield from _document(doc, terms)
    context = terms.document(doc.doc_id)
    for m in sorted(mentions, key=_mention_order):
        node = terms.span(m.doc_id, m.start, m.end)
        yield node, _TYPE, _PHRASE
        yield node, _TYPE, _OFFSET_STRING
        yield node, _REF_CONTEXT, context
        yield node, _BEGIN, terms.nni(m.start)
        yield node, _END, terms.nni(m.end)
        yield node, _ANCHOR, terms.text(m.text)
        yield node, _CLASS_REF, _cls(m.subtype)
        yield node, _RULE, terms.text(m.rule)


# A mention's or an evidence's (doc_id, start, end), as one C call instead of a lambda's tuple.
_span_order = operator.attrgetter("doc_id", "start", "end")


def _mention_order(m: Mention) -> tuple[int, int, str, str, str]:
    return (m.start, m.end, m.type, m.subtype, m.rule)


def corpus_triples(corpus: Corpus, terms: Terms = RDFLIB) -> Iterator[Triple]:
    """The triples that need the resolved corpus: entities, mention links, facts, gazetteer.

    Reads no document text (a sentence's anchor is its evidence text), so it
    works on a corpus whose texts were already written and dropped.
    """
    yield from entity_triples(corpus, terms)
    yield from fact_triples(corpus, terms)
    yield from sentence_triples(corpus, terms)


def entity_triples(corpus: Corpus, terms: Terms = RDFLIB) -> Iterator[Triple]:
    """The first part of corpus_triples: the gazetteer, the entities and their mentions' links.

    It ends with a mention's link (or, with no mentions, has no fact to
    follow), so fact_triples never continues its last statement: the two
    parts can be written apart and joined as chunks.
    """
    gazetteer = terms.iri(iri.GAZETTEER_IRI)
    yield gazetteer, _TYPE, _PROV_ENTITY
    yield gazetteer, _LABEL, terms.lang("GB/T 2260 administrative divisions (bundled gazetteer)", "en")
    for ent in corpus.entities:
        yield from _entity(ent, terms)
    for ent in corpus.entities:
        target = terms.iri(ent.iri)
        for m in sorted(ent.mentions, key=_span_order):
            yield terms.span(m.doc_id, m.start, m.end), _IDENT_REF, target


def fact_triples(corpus: Corpus, terms: Terms = RDFLIB, facts: Sequence[Fact] | None = None) -> Iterator[Triple]:
    """The second part of corpus_triples: the facts (``corpus.facts``, or a run of them) with their statements.

    The triples of a fact with evidence end with one of its statements,
    whose subject no other fact's triples have: runs of facts cut after such
    a fact can be written apart as chunks and joined in order.
    """
    knowledge = terms.text("text")
    for fact in corpus.facts if facts is None else facts:
        yield from _fact(fact, knowledge, terms)


def sentence_triples(corpus: Corpus, terms: Terms = RDFLIB) -> Iterator[Triple]:
    """The last part of corpus_triples: the facts' sentences, and the gazetteer's links.

    Its first subject is a sentence or a place, never the statement that
    fact_triples ends with, so it too can be written apart as a chunk.
    """
    # A span's text is its document's, whichever fact cites it.
    sentences = {_span_order(ev): ev.text for fact in corpus.facts for ev in fact.evidence}
    # A sentence that is also a mention (a heading that is one name) already
    # has its offsets and anchor; repeating them would only duplicate triples.
    # (The spans of all mentions, made in C by map and attrgetter, met with the sentences'.)
    mentions = itertools.chain.from_iterable(ent.mentions for ent in corpus.entities)
    mentioned = sentences.keys() & map(_span_order, mentions)
    for (doc_id, start, end), text in sorted(sentences.items()):
        node = terms.span(doc_id, start, end)
        yield node, _TYPE, _SENTENCE
        if (doc_id, start, end) in mentioned:
            continue
        yield node, _TYPE, _OFFSET_STRING
        yield node, _REF_CONTEXT, terms.document(doc_id)
        yield node, _BEGIN, terms.nni(start)
        yield node, _END, terms.nni(end)
        yield node, _ANCHOR, terms.text(text)
    stated = {(f.head, f.tail) for f in corpus.facts if f.type == "locatedIn"}
    yield from _gazetteer_links(corpus.entities, stated, terms)


def _document(doc: SourceText, terms: Terms) -> Iterator[Triple]:
    node = terms.document(doc.doc_id)
    yield node, _TYPE, _SOURCE_DOCUMENT
    yield node, _TYPE, _CONTEXT
    yield node, _IDENTIFIER, terms.text(doc.doc_id)
    if doc.title:
        yield node, _TITLE, terms.lang(doc.title, doc.script)
    if doc.source:
        yield node, _PUBLISHER, terms.lang(doc.source, doc.script)
    yield node, _LANGUAGE, terms.text(doc.script)
    yield node, _FORMAT, terms.text("text/plain")
    yield node, _IS_STRING, terms.text(doc.text)
    yield node, _BEGIN, terms.nni(0)
    yield node, _END, terms.nni(len(doc.text))


def _entity(ent: Entity, terms: Terms) -> Iterator[Triple]:
    node = terms.iri(ent.iri)
    yield node, _TYPE, _cls(ent.subtype)
    yield node, _PREF, terms.lang(ent.label, "zh-hans")
    yield node, _LABEL, terms.lang(ent.label, "zh-hans")
    for text, lang in sorted(ent.alt_labels):
        if text != ent.label:
            yield node, _ALT, terms.lang(text, lang)
    if ent.gb2260:
        yield node, _GB2260, terms.text(ent.gb2260)
    if ent.mentions:
        yield node, _MENTION_COUNT, terms.nni(len(ent.mentions))
    for doc_id in ent.documents:
        yield node, _SOURCE, terms.document(doc_id)


def _fact(fact: Fact, knowledge: Any, terms: Terms) -> Iterator[Triple]:
    """A fact's plain triple and its statements; ``knowledge`` is ``terms.text("text")``, made once."""
    h, p, t = terms.iri(fact.head), _cls(fact.type), terms.iri(fact.tail)
    yield h, p, t
    statement = terms.statements(fact.head, fact.type, fact.tail)
    for ev in sorted(fact.evidence, key=_span_order):
        st = statement(ev.doc_id, ev.start, ev.end)
        yield st, _TYPE, _STATEMENT
        yield st, _SUBJECT, h
        yield st, _PREDICATE, p
        yield st, _OBJECT, t
        yield st, _DERIVED, terms.span(ev.doc_id, ev.start, ev.end)
        yield st, _EVIDENCE, terms.text(ev.text)
        yield st, _RULE, terms.text(ev.rule)
        yield st, _IMPLICIT, terms.boolean(ev.implicit)
        yield st, _KNOWLEDGE, knowledge


def _gazetteer_links(entities: list[Entity], stated: set[tuple[str, str]], terms: Terms) -> Iterator[Triple]:
    source = terms.iri(iri.GAZETTEER_IRI)
    for ent in entities:
        if ent.parent is None:
            continue
        h, t = terms.iri(ent.iri), terms.iri(ent.parent)
        if (ent.iri, ent.parent) not in stated:  # a text fact already wrote the plain triple
            yield h, _LOCATED_IN, t
        st = terms.iri(iri.gazetteer_statement_iri(ent.iri, ent.parent))
        yield st, _TYPE, _STATEMENT
        yield st, _SUBJECT, h
        yield st, _PREDICATE, _LOCATED_IN
        yield st, _OBJECT, t
        yield st, _DERIVED, source
        yield st, _KNOWLEDGE, terms.text("gazetteer")


def build(corpus: Corpus) -> Graph:
    """Collect the corpus triples into an rdflib Graph with the project's prefixes bound."""
    g = Graph()
    bind_prefixes(g)
    for triple in triples(corpus):
        g.add(triple)
    return g


def facts_by_entity(corpus: Corpus) -> dict[str, list[Fact]]:
    """Index facts by the IRIs of both ends."""
    out: dict[str, list[Fact]] = defaultdict(list)
    for f in corpus.facts:
        out[f.head].append(f)
        out[f.tail].append(f)
    return out


__all__ = [
    "build",
    "triples",
    "document_triples",
    "corpus_triples",
    "entity_triples",
    "fact_triples",
    "sentence_triples",
    "facts_by_entity",
    "Terms",
    "RDFLIB",
]
