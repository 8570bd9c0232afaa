"""The exported files follow the graph contract and are reproducible."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, URIRef

from kg.build import build
from kg.vocab import ITSRDF, KGO, NIF

XSD_PATH = Path(__file__).resolve().parent / "data" / "graphml.xsd"


def test_every_anchor_is_the_slice_of_its_document(sample_graph: Graph) -> None:
    texts = {ctx: str(s) for ctx, s in sample_graph.subject_objects(NIF.isString)}
    checked = 0
    for m in sample_graph.subjects(ITSRDF.taIdentRef, None):
        ctx = sample_graph.value(m, NIF.referenceContext)
        begin = int(sample_graph.value(m, NIF.beginIndex))
        end = int(sample_graph.value(m, NIF.endIndex))
        assert texts[ctx][begin:end] == str(sample_graph.value(m, NIF.anchorOf))
        checked += 1
    assert checked > 100


def test_every_source_document_is_a_context_with_identifier(sample_graph: Graph) -> None:
    docs = set(sample_graph.subjects(RDF.type, KGO.SourceDocument))
    assert len(docs) == 5
    for d in docs:
        assert (d, RDF.type, NIF.Context) in sample_graph
        assert str(sample_graph.value(d, URIRef("http://purl.org/dc/terms/identifier"))).endswith(".txt")


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    build(None, tmp_path / "a")
    build(None, tmp_path / "b")
    for name in ("graph.ttl", "graph.graphml", "ontology.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_graphml_validates_against_the_schema(sample_build) -> None:  # type: ignore[no-untyped-def]
    lxml = pytest.importorskip("lxml.etree")
    schema = lxml.XMLSchema(lxml.parse(str(XSD_PATH)))
    doc = lxml.parse(str(sample_build[1] / "graph.graphml"))
    assert schema.validate(doc), schema.error_log


def test_graphml_reads_back_with_every_node_and_edge(sample_build) -> None:  # type: ignore[no-untyped-def]
    report, out = sample_build
    g = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert g.number_of_nodes() == len(report.corpus.entities)
    gazetteer_edges = sum(1 for e in report.corpus.entities if e.parent)
    assert g.number_of_edges() == len(report.corpus.facts) + gazetteer_edges
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert all(labels)
