"""The one place that mints IRIs.

Entity IRIs depend only on the entity's type and canonical key, never on
document order or corpus content, so an entity keeps its IRI when other
documents are added. Document IRIs depend only on the document's path
relative to its input root.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from urllib.parse import quote

from .vocab import RESOURCE_IRI

_TYPE_SEGMENT = {
    "Organization": "org",
    "Program": "program",
    "Place": "place",
    "Document": "document",
    "Person": "person",
}


def _digest(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def entity_iri(type_: str, key: str) -> str:
    """IRI of the entity of coarse type ``type_`` with canonical key ``key``."""
    return f"{RESOURCE_IRI}{_TYPE_SEGMENT[type_]}/{_digest(type_, key)}"


@functools.lru_cache(maxsize=1 << 16)  # asked once per mention: quote() is slow
def document_iri(doc_id: str) -> str:
    """IRI of a source document (also its NIF context)."""
    return f"{RESOURCE_IRI}doc/{quote(doc_id, safe='')}"


# Every statement IRI is this and 16 hexadecimal digits.
STATEMENT_NAMESPACE = f"{RESOURCE_IRI}statement/"


def mention_iri(doc_id: str, start: int, end: int) -> str:
    """NIF offset-based IRI of a span of a document."""
    return f"{mention_iri_stem(doc_id)}{start}_{end}"


@functools.lru_cache(maxsize=1 << 16)
def mention_iri_stem(doc_id: str) -> str:
    """What every span IRI of a document starts with: ``mention_iri(d, s, e) == mention_iri_stem(d) + f"{s}_{e}"``."""
    return f"{document_iri(doc_id)}#offset_"


def statement_iri(head: str, type_: str, tail: str, doc_id: str, start: int, end: int) -> str:
    """IRI of the reified statement of one fact in one sentence."""
    return f"{STATEMENT_NAMESPACE}{_digest(head, type_, tail, doc_id, str(start), str(end))}"


def statement_iris(head: str, type_: str, tail: str) -> Callable[[str, int, int], str]:
    """``statement_iri`` of one fact, as a function of the sentence: ``(doc_id, start, end) -> IRI``.

    A fact has one statement per sentence that states it (thousands, for a
    common fact of a large corpus). The digest of the fact's part is taken
    once and copied for each sentence: SHA-256 reads its input as a stream,
    so this is the digest of the whole joined string, as statement_iri takes.
    """
    stem = hashlib.sha256("\x1f".join((head, type_, tail, "")).encode("utf-8"))

    def of(doc_id: str, start: int, end: int) -> str:
        digest = stem.copy()
        digest.update(f"{doc_id}\x1f{start}\x1f{end}".encode())
        return f"{STATEMENT_NAMESPACE}{digest.hexdigest()[:16]}"

    return of


def gazetteer_statement_iri(head: str, tail: str) -> str:
    """IRI of a locatedIn statement that comes from the gazetteer, not from a text."""
    return f"{STATEMENT_NAMESPACE}{_digest(head, 'gazetteer', tail)}"


GAZETTEER_IRI = f"{RESOURCE_IRI}source/gb2260-gazetteer"


# Named graphs of a persistent store (kg/store.py). The default graph a query
# sees is the union of the knowledge graphs; the store graph is bookkeeping.
def document_graph_iri(doc_id: str) -> str:
    """Named graph holding what one source document says (its text, mentions, statements)."""
    return f"{RESOURCE_IRI}graph/doc/{quote(doc_id, safe='')}"


CORPUS_GRAPH_IRI = f"{RESOURCE_IRI}graph/corpus"  # entities and plain relation triples, across documents
GAZETTEER_GRAPH_IRI = f"{RESOURCE_IRI}graph/gazetteer"  # locatedIn knowledge from the gazetteer
ONTOLOGY_GRAPH_IRI = f"{RESOURCE_IRI}graph/ontology"  # the bundled ontology
STORE_GRAPH_IRI = f"{RESOURCE_IRI}graph/store"  # bookkeeping: cached analyses, never queried
