"""A persistent Oxigraph store that documents can be added to, one build at a time.

``kg build --store DIR`` keeps the graph in an on-disk Oxigraph store and
updates it in place: a document already in the store with the same text is
not analyzed again, a document whose text changed replaces its old version,
and nothing is ever duplicated. After every update the store holds exactly
the graph a one-shot ``kg build`` of all its documents would export.

Layout (named graphs; IRIs minted in kg/iri.py):

- ``kgr:graph/doc/<file>``, one per source document: what that document says
  on its own — the document node and its text, its mentions and sentences,
  the rdf:Statement of each fact it states (with the evidence sentence), and
  ``dcterms:source`` links from the entities it mentions;
- ``kgr:graph/corpus``: what needs the whole corpus — entities with their
  labels and classes, and the plain relation triples (``?a kgo:memberOf ?b``);
- ``kgr:graph/gazetteer``: locatedIn statements taken from the gazetteer;
- ``kgr:graph/ontology``: the bundled ontology, so queries can follow
  ``rdfs:subClassOf``;
- ``kgr:graph/store``: bookkeeping, never queried by ``kg query``/``kg serve``:
  each document's cached analysis (mentions, relations, text) and the
  fingerprint of the analyzer that made it.

Every triple lives in exactly one graph (a union default graph therefore
never repeats a triple). Queries see the union of all graphs but the
bookkeeping one as their default graph.

How an update works: cached analyses are reused where the text and the
analyzer are unchanged, new or changed documents are analyzed, resolution
runs over all analyses (cheap next to analysis; it is what keeps entity
merges and labels the same as in a one-shot build), and the difference
between the wanted quads and the stored ones is applied in one transaction.
An interrupted update leaves the previous state; the next one converges.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from . import graph, ingest, iri, pipeline, resolve
from .errors import InputError, OutputError, QueryError
from .model import Corpus, DocumentAnalysis

# Bookkeeping terms, used only inside the store graph (not part of the ontology).
_KGS = "https://w3id.org/kg-zh/store#"
_DOCUMENT_ID = ox.NamedNode(_KGS + "documentId")
_ANALYSIS = ox.NamedNode(_KGS + "analysis")
_ANALYZER = ox.NamedNode(_KGS + "analyzer")
_FORMAT = ox.NamedNode(_KGS + "format")
_SOURCE_HASH = ox.NamedNode(_KGS + "sourceHash")
FORMAT_VERSION = "1"


@dataclass
class StoreReport:
    """What an update did: for the summary and the exit code."""

    corpus: Corpus
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reanalyzed: list[str] = field(default_factory=list)  # kept documents analyzed again by a newer analyzer
    skipped: list[InputError] = field(default_factory=list)
    quads_added: int = 0
    quads_removed: int = 0
    triples: int = 0  # triples of the knowledge graph (without ontology and bookkeeping)
    seconds: float = 0.0

    def summary(self) -> str:
        docs = len(self.corpus.documents)
        return "\n".join(
            [
                f"documents: {docs} in store; {len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged, {len(self.reanalyzed)} re-analyzed, {len(self.skipped)} skipped",
                f"entities:  {sum(1 for e in self.corpus.entities if e.mentions)}",
                f"relations: {len(self.corpus.facts)}",
                f"triples:   {self.triples} (quads {self.quads_added} added, {self.quads_removed} removed)",
                f"seconds:   {self.seconds:.1f}",
            ]
        )


# ------------------------------------------------------------------ opening


def open_store(path: Path) -> ox.Store:
    """Open (or create) the store in ``path`` for writing."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: not a folder; --store needs a folder for the Oxigraph store")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise OutputError(f"{path}: folder is not empty and holds no Oxigraph store; choose an empty or new folder")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot open the store ({_one_line(exc)}); is another kg process using it?"
        ) from None


def open_read_only(path: Path) -> ox.Store:
    """Open the store in ``path`` for queries; it must have been made by ``kg build --store``."""
    if not (path / "CURRENT").is_file():
        raise QueryError(f"{path}: no store here; make one with `kg build --store {path}`")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as exc:
        raise QueryError(f"{path}: cannot open the store ({_one_line(exc)})") from None
    if not store.contains_named_graph(ox.NamedNode(iri.STORE_GRAPH_IRI)):
        raise QueryError(f"{path}: an Oxigraph store, but not one made by `kg build --store`")
    return store


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# ------------------------------------------------------------------ update


def update(
    store_dir: Path,
    paths: list[Path],
    *,
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    jobs: int = 1,
) -> StoreReport:
    """Add the documents under ``paths`` to the store in ``store_dir`` (created if needed)."""
    from .build import _discover, iter_analyses

    started = time.perf_counter()
    store = open_store(store_dir)
    fingerprint = analyzer_fingerprint()
    cached = _cached(store)
    report = StoreReport(corpus=Corpus([], [], []))
    analyses: dict[str, DocumentAnalysis] = {}

    to_analyze: list[tuple[Path, str]] = []
    for file, doc_id in _discover(paths, report.skipped, strict=strict, on_error=on_error):
        try:
            src = ingest.read_text(file, doc_id)
        except InputError as err:
            if strict:
                raise
            report.skipped.append(err)
            if on_error:
                on_error(err)
            continue
        old = cached.pop(doc_id, None)
        same_text = old is not None and _decode_text(old[1]) == src.text
        if same_text and old is not None and old[0] == fingerprint:
            analyses[doc_id] = decode_analysis(old[1])
            report.unchanged.append(doc_id)
            continue
        (report.reanalyzed if same_text else report.replaced if old is not None else report.added).append(doc_id)
        to_analyze.append((file, doc_id))
    for analysis in iter_analyses(to_analyze, report.skipped, strict=strict, on_error=on_error, jobs=jobs):
        analyses[analysis.source.doc_id] = analysis
    # Documents already in the store and not given now stay; a newer analyzer analyzes them again.
    for doc_id, (old_fingerprint, data) in cached.items():
        if old_fingerprint == fingerprint:
            analyses[doc_id] = decode_analysis(data)
        else:
            old_src = decode_analysis(data).source
            src = dataclasses.replace(
                ingest.from_bytes(old_src.text.encode("utf-8"), doc_id), encoding=old_src.encoding
            )
            analyses[doc_id] = pipeline.analyze(src)
            report.reanalyzed.append(doc_id)

    ordered = [analyses[d] for d in sorted(analyses)]
    corpus = resolve.resolve(ordered)
    wanted = _as_stored(_knowledge_quads(corpus))
    report.triples = len(wanted)
    ontology, ontology_hash = _ontology()
    wanted.update(_as_stored(_bookkeeping_quads(ordered, fingerprint, ontology_hash)))
    onto_graph = ox.NamedNode(iri.ONTOLOGY_GRAPH_IRI)
    existing = {q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != onto_graph}
    removed, added = existing - wanted, wanted - existing
    # The ontology has blank nodes (fresh on every parse), so it is replaced whole when it changed.
    stored_hash = next(iter(store.quads_for_pattern(onto_graph, _SOURCE_HASH, None, None)), None)
    reload = stored_hash is None or _value(stored_hash.object) != ontology_hash
    _apply(store, removed, added, ontology if reload else None)
    store.flush()
    report.quads_added, report.quads_removed = len(added), len(removed)
    report.corpus = corpus
    report.seconds = time.perf_counter() - started
    return report


def _apply(
    store: ox.Store, removed: Iterable[ox.Quad], added: Iterable[ox.Quad], ontology: list[ox.Quad] | None
) -> None:
    """Remove and add quads (and replace the ontology) in one SPARQL update: Oxigraph runs it as one transaction."""
    parts = []
    if ontology is not None:
        parts.append(f"DROP SILENT GRAPH <{iri.ONTOLOGY_GRAPH_IRI}>")
    for verb, quads in (("DELETE", removed), ("INSERT", added), ("INSERT", ontology or [])):
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
        if by_graph:
            body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(sorted(ts)) + "\n}" for g, ts in sorted(by_graph.items()))
            parts.append(f"{verb} DATA {{\n{body}\n}}")
    if parts:
        store.update(" ;\n".join(parts))


def _as_stored(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads as the store gives them back (Oxigraph stores xsd:nonNegativeInteger as xsd:integer)."""
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


def _cached(store: ox.Store) -> dict[str, tuple[str, str]]:
    """doc_id -> (analyzer fingerprint, analysis JSON) of every document in the store."""
    g = ox.NamedNode(iri.STORE_GRAPH_IRI)
    out: dict[str, tuple[str, str]] = {}
    for q in store.quads_for_pattern(None, _DOCUMENT_ID, None, g):
        node = q.subject
        analyzer = next(iter(store.quads_for_pattern(node, _ANALYZER, None, g)), None)
        analysis = next(iter(store.quads_for_pattern(node, _ANALYSIS, None, g)), None)
        if analyzer is not None and analysis is not None:
            out[_value(q.object)] = (_value(analyzer.object), _value(analysis.object))
    return out


def _bookkeeping_quads(analyses: list[DocumentAnalysis], fingerprint: str, ontology_hash: str) -> Iterator[ox.Quad]:
    g = ox.NamedNode(iri.STORE_GRAPH_IRI)
    yield ox.Quad(g, _FORMAT, ox.Literal(FORMAT_VERSION), g)
    yield ox.Quad(ox.NamedNode(iri.ONTOLOGY_GRAPH_IRI), _SOURCE_HASH, ox.Literal(ontology_hash), g)
    for a in analyses:
        node = ox.NamedNode(iri.document_graph_iri(a.source.doc_id))
        yield ox.Quad(node, _DOCUMENT_ID, ox.Literal(a.source.doc_id), g)
        yield ox.Quad(node, _ANALYZER, ox.Literal(fingerprint), g)
        yield ox.Quad(node, _ANALYSIS, ox.Literal(encode_analysis(a)), g)


def _ontology() -> tuple[list[ox.Quad], str]:
    """The bundled ontology as quads of the ontology graph, and a hash of its file."""
    data = resources.files("kg").joinpath("ontology/kg.ttl").read_bytes()
    g = ox.NamedNode(iri.ONTOLOGY_GRAPH_IRI)
    quads = [ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    return quads, hashlib.sha256(data).hexdigest()[:32]


def _knowledge_quads(corpus: Corpus) -> Iterator[ox.Quad]:
    """The corpus graph, each triple in the named graph it belongs to (see the module docstring)."""
    triples = list(graph.triples(corpus))
    doc_of = {iri.document_iri(d.doc_id): iri.document_graph_iri(d.doc_id) for d in corpus.documents}
    # A statement belongs where its sentence is (or to the gazetteer).
    statement_graph: dict[str, str] = {}
    for s, p, o in triples:
        if p == PROV.wasDerivedFrom:
            target = str(o)
            statement_graph[str(s)] = (
                iri.GAZETTEER_GRAPH_IRI if target == iri.GAZETTEER_IRI else doc_of.get(target.split("#")[0], "")
            )
    for s, p, o in triples:
        subject = str(s)
        where = doc_of.get(subject.split("#")[0]) or statement_graph.get(subject)
        if p == DCTERMS.source and str(o) in doc_of:
            where = doc_of[str(o)]
        elif subject == iri.GAZETTEER_IRI:
            where = iri.GAZETTEER_GRAPH_IRI
        yield ox.Quad(_ox(s), _ox(p), _ox(o), ox.NamedNode(where or iri.CORPUS_GRAPH_IRI))


def _ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


# ------------------------------------------------------------------ the analysis cache


# Modules that do not change what a document's analysis holds (resolution and
# export run again on every update anyway).
_NOT_ANALYSIS = frozenset(
    f"{m}.py"
    for m in (
        "__main__",
        "build",
        "cli",
        "evaluate",
        "explain",
        "export",
        "graph",
        "push",
        "query",
        "resolve",
        "serve",
        "store",
        "viz",
    )
)


def analyzer_fingerprint() -> str:
    """A hash of the code and data that analyze a document: a cached analysis is reused only under the same one."""
    root = Path(str(resources.files("kg")))
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.startswith(("corpus/", "data/viz/")):
            continue
        if path.suffix not in (".py", ".txt", ".tsv", ".gz", ".json") or rel in _NOT_ANALYSIS:
            continue
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def encode_analysis(analysis: DocumentAnalysis) -> str:
    """What a later update needs of a document: its text, mentions, relations (no sentences, no norm)."""
    slim = dataclasses.replace(analysis, source=dataclasses.replace(analysis.source, norm=""), sentences=[])
    return json.dumps(_encode(slim), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode_analysis(data: str) -> DocumentAnalysis:
    """The analysis stored by ``encode_analysis``."""
    return _decode(DocumentAnalysis, json.loads(data))


def _decode_text(data: str) -> str:
    return str(json.loads(data)["source"]["text"])


def _encode(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_encode(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _encode(v) for k, v in obj.items()}
    return obj


def _decode(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(options[0], data) if len(options) == 1 else data
    if origin is list:
        return [_decode(typing.get_args(tp)[0], x) for x in data]
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], x) for x in data)
        return tuple(_decode(a, x) for a, x in zip(args, data, strict=True))
    if origin is dict:
        return {k: _decode(typing.get_args(tp)[1], v) for k, v in data.items()}
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        names = {f.name for f in dataclasses.fields(tp) if f.init}
        return typing.cast(Any, tp)(**{k: _decode(hints[k], v) for k, v in data.items() if k in names})
    return data


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The lexical value of a stored term (bookkeeping objects are never quoted triples)."""
    if isinstance(term, ox.Triple):
        raise TypeError("a quoted triple where a literal or IRI was expected")
    return term.value
