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


# ---------------------------------------------------------------- GraphML for Gephi, Cytoscape, igraph, sigma.js


@pytest.fixture(scope="module")
def related_graphml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GraphML of a small corpus with relations, Traditional aliases and markup characters in its evidence."""
    from kg.export import write_graphml
    from tests.viz_fixtures import small_corpus

    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    write_graphml(small_corpus(), path)
    return path


def test_graphml_with_relations_validates_against_the_schema(related_graphml: Path) -> None:
    lxml = pytest.importorskip("lxml.etree")
    schema = lxml.XMLSchema(lxml.parse(str(XSD_PATH)))
    assert schema.validate(lxml.parse(str(related_graphml))), schema.error_log


def test_graphml_follows_the_contract_tools_rely_on(related_graphml: Path) -> None:
    lxml = pytest.importorskip("lxml.etree")
    raw = related_graphml.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = lxml.fromstring(raw)
    keys = root.findall("g:key", ns)
    assert {k.get("for") for k in keys} == {"node", "edge"}
    assert {k.get("attr.type") for k in keys} <= {"string", "double"}
    assert "id" not in {k.get("attr.name") for k in keys}
    assert all((d.text or "").strip() for d in root.iter(f"{{{ns['g']}}}data")), "an empty value"
    edge_ids = [e.get("id") for e in root.iter(f"{{{ns['g']}}}edge")]
    assert len(edge_ids) == len(set(edge_ids)) == 7


def test_graphml_loads_in_igraph_with_chinese_labels_and_evidence(related_graphml: Path) -> None:
    igraph = pytest.importorskip("igraph")
    g = igraph.Graph.Read_GraphML(str(related_graphml))
    assert g.is_directed() and (g.vcount(), g.ecount()) == (8, 7)
    assert set(g.vs["label"]) == {
        "锦江区委组织部",
        "锦江区人民医院",
        "锦江区图书馆",
        "邻里红盟",
        "四川省城乡社区治理条例",
        "锦江区",
        "成都市",
        "四川省",
    }
    office = g.vs.find(label="锦江区委组织部")
    assert office["aliases"] == "錦江區委組織部" and office["type"] == "Organization" and office["mentions"] == 2.0
    implements = g.es.find(interaction="implements")
    assert implements["evidence"] == "认真贯彻《四川省城乡社区治理条例》,推进&优化“一站式”服务<试点>。"
    assert g.vs[implements.source]["label"] == "锦江区委组织部"
    assert sorted(g.es["interaction"]) == sorted(
        ["establishedBy", "memberOf", "memberOf", "implements", "cooperatesWith", "locatedIn", "locatedIn"]
    )


def test_graphml_loads_in_networkx_with_every_node_edge_and_label(related_graphml: Path) -> None:
    g = nx.read_graphml(related_graphml, force_multigraph=True)
    assert g.is_directed() and (g.number_of_nodes(), g.number_of_edges()) == (8, 7)
    label = dict(g.nodes(data="label"))
    edges = {(label[s], d["interaction"], label[t]): d for s, t, d in g.edges(data=True)}
    member = edges[("锦江区人民医院", "memberOf", "邻里红盟")]
    assert member["evidence"] == "锦江区人民医院、锦江区图书馆等12家单位加入“邻里红盟”。"
    assert member["weight"] == 1.0 and member["predicate"].endswith("#memberOf")
    assert edges[("锦江区", "locatedIn", "成都市")]["source_kind"] == "gazetteer"
    assert g.nodes[next(n for n in g if label[n] == "成都市")]["gb2260"] == "510100"


def test_sample_graphml_loads_in_igraph_with_every_entity_label(sample_build) -> None:  # type: ignore[no-untyped-def]
    igraph = pytest.importorskip("igraph")
    report, out = sample_build
    g = igraph.Graph.Read_GraphML(str(out / "graph.graphml"))
    assert sorted(g.vs["label"]) == sorted(e.label for e in report.corpus.entities)
    assert sorted(g.vs["iri"]) == sorted(e.iri for e in report.corpus.entities)
    assert g.ecount() == len(report.corpus.facts) + sum(1 for e in report.corpus.entities if e.parent)


def test_committed_exports_are_what_the_code_builds(sample_build) -> None:  # type: ignore[no-untyped-def]
    """exports/ holds the samples' graph for readers; it must be what this code builds."""
    committed = Path(__file__).resolve().parent.parent / "exports"
    if not (committed / "graph.ttl").exists():
        pytest.skip("no exports/ in this checkout")
    for name in ("graph.ttl", "graph.graphml", "ontology.ttl"):
        fresh = (sample_build[1] / name).read_bytes()
        assert (committed / name).read_bytes() == fresh, f"exports/{name} is out of date: run `make graph`"
