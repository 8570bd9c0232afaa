"""Turn a resolved Corpus into RDF triples that follow the graph contract.

The contract (GRAPH.md in the design notes, summarized in the README):
source documents as NIF contexts holding their text; entities with SKOS
labels; NIF mentions with exact offsets; every relation as a plain triple
and as one rdf:Statement per source sentence with prov:wasDerivedFrom and
the evidence text; administrative divisions with their GB/T 2260 code and a
locatedIn chain marked as gazetteer knowledge.

``triples()`` yields rdflib terms in a deterministic order, so a writer can
stream them without holding a Graph; ``build()`` collects them into one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from . import iri
from .model import Corpus, Entity, Fact, Mention, SourceText
from .vocab import ITSRDF, KGO, NIF, ONTOLOGY_IRI, bind_prefixes

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_KGO = ONTOLOGY_IRI + "#"


def _cls(local: str) -> URIRef:
    return URIRef(_KGO + local)


def _nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def triples(corpus: Corpus) -> Iterator[Triple]:
    """Every triple of the corpus graph, in a stable order.

    The same triples, in the same order, as a streaming build writes: each
    document's own triples in input order, then the corpus-level ones.
    """
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for ent in corpus.entities:
        for m in ent.mentions:
            by_doc[m.doc_id].append(m)
    for doc in corpus.documents:
        yield from document_triples(doc, by_doc.get(doc.doc_id, []))
    yield from corpus_triples(corpus)


def document_triples(doc: SourceText, mentions: list[Mention]) -> Iterator[Triple]:
    """The triples one document gives on its own: its text and its mentions, without their entities.

    They need nothing from other documents, so a build writes them as soon as
    the document is analyzed and can let go of its text.
    """
    yield from _document(doc)
    for m in sorted(mentions, key=_mention_order):
        node = URIRef(iri.mention_iri(m.doc_id, m.start, m.end))
        yield node, RDF.type, NIF.Phrase
        yield node, RDF.type, NIF.OffsetBasedString
        yield node, NIF.referenceContext, URIRef(iri.document_iri(m.doc_id))
        yield node, NIF.beginIndex, _nni(m.start)
        yield node, NIF.endIndex, _nni(m.end)
        yield node, NIF.anchorOf, Literal(m.text)
        yield node, ITSRDF.taClassRef, _cls(m.subtype)
        yield node, KGO.extractionRule, Literal(m.rule)


def _mention_order(m: Mention) -> tuple[int, int, str, str, str]:
    return (m.start, m.end, m.type, m.subtype, m.rule)


def corpus_triples(corpus: Corpus) -> Iterator[Triple]:
    """The triples that need the resolved corpus: entities, mention links, facts, gazetteer.

    Reads no document text (a sentence's anchor is its evidence text), so it
    works on a corpus whose texts were already written and dropped.
    """
    gazetteer = URIRef(iri.GAZETTEER_IRI)
    yield gazetteer, RDF.type, PROV.Entity
    yield gazetteer, RDFS.label, Literal("GB/T 2260 administrative divisions (bundled gazetteer)", lang="en")
    for ent in corpus.entities:
        yield from _entity(ent)
    for ent in corpus.entities:
        target = URIRef(ent.iri)
        for m in sorted(ent.mentions, key=lambda m: (m.doc_id, m.start, m.end)):
            yield URIRef(iri.mention_iri(m.doc_id, m.start, m.end)), ITSRDF.taIdentRef, target
    sentences: dict[tuple[str, int, int], str] = {}
    for fact in corpus.facts:
        yield from _fact(fact, sentences)
    # A sentence that is also a mention (a heading that is one name) already
    # has its offsets and anchor; repeating them would only duplicate triples.
    spans = ((m.doc_id, m.start, m.end) for ent in corpus.entities for m in ent.mentions)
    mentioned = {span for span in spans if span in sentences}
    for (doc_id, start, end), text in sorted(sentences.items()):
        node = URIRef(iri.mention_iri(doc_id, start, end))
        yield node, RDF.type, NIF.Sentence
        if (doc_id, start, end) in mentioned:
            continue
        yield node, RDF.type, NIF.OffsetBasedString
        yield node, NIF.referenceContext, URIRef(iri.document_iri(doc_id))
        yield node, NIF.beginIndex, _nni(start)
        yield node, NIF.endIndex, _nni(end)
        yield node, NIF.anchorOf, Literal(text)
    yield from _gazetteer_links(corpus.entities)


def _document(doc: SourceText) -> Iterator[Triple]:
    node = URIRef(iri.document_iri(doc.doc_id))
    yield node, RDF.type, KGO.SourceDocument
    yield node, RDF.type, NIF.Context
    yield node, DCTERMS.identifier, Literal(doc.doc_id)
    if doc.title:
        yield node, DCTERMS.title, Literal(doc.title, lang=doc.script)
    if doc.source:
        yield node, DCTERMS.publisher, Literal(doc.source, lang=doc.script)
    yield node, DCTERMS.language, Literal(doc.script)
    yield node, DCTERMS.format, Literal("text/plain")
    yield node, NIF.isString, Literal(doc.text)
    yield node, NIF.beginIndex, _nni(0)
    yield node, NIF.endIndex, _nni(len(doc.text))


def _entity(ent: Entity) -> Iterator[Triple]:
    node = URIRef(ent.iri)
    yield node, RDF.type, _cls(ent.subtype)
    yield node, SKOS.prefLabel, Literal(ent.label, lang="zh-hans")
    yield node, RDFS.label, Literal(ent.label, lang="zh-hans")
    for text, lang in sorted(ent.alt_labels):
        if text != ent.label:
            yield node, SKOS.altLabel, Literal(text, lang=lang)
    if ent.gb2260:
        yield node, KGO.gb2260, Literal(ent.gb2260)
    if ent.mentions:
        yield node, KGO.mentionCount, _nni(len(ent.mentions))
    for doc_id in ent.documents:
        yield node, DCTERMS.source, URIRef(iri.document_iri(doc_id))


def _fact(fact: Fact, sentences: dict[tuple[str, int, int], str]) -> Iterator[Triple]:
    h, p, t = URIRef(fact.head), _cls(fact.type), URIRef(fact.tail)
    yield h, p, t
    for ev in sorted(fact.evidence, key=lambda e: (e.doc_id, e.start, e.end)):
        st = URIRef(iri.statement_iri(fact.head, fact.type, fact.tail, ev.doc_id, ev.start, ev.end))
        sentences[(ev.doc_id, ev.start, ev.end)] = ev.text
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, h
        yield st, RDF.predicate, p
        yield st, RDF.object, t
        yield st, PROV.wasDerivedFrom, URIRef(iri.mention_iri(ev.doc_id, ev.start, ev.end))
        yield st, KGO.evidenceText, Literal(ev.text)
        yield st, KGO.extractionRule, Literal(ev.rule)
        yield st, KGO.implicitActor, Literal(ev.implicit)
        yield st, KGO.knowledgeSource, Literal("text")


def _gazetteer_links(entities: list[Entity]) -> Iterator[Triple]:
    for ent in entities:
        if ent.parent is None:
            continue
        h, t = URIRef(ent.iri), URIRef(ent.parent)
        yield h, KGO.locatedIn, t
        st = URIRef(iri.gazetteer_statement_iri(ent.iri, ent.parent))
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, h
        yield st, RDF.predicate, KGO.locatedIn
        yield st, RDF.object, t
        yield st, PROV.wasDerivedFrom, URIRef(iri.GAZETTEER_IRI)
        yield st, KGO.knowledgeSource, Literal("gazetteer")


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


__all__ = ["build", "triples", "document_triples", "corpus_triples", "facts_by_entity"]
