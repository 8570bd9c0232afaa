"""kg build --store: a persistent Oxigraph store that grows by documents and equals a one-shot build."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import iri, store
from kg.build import bundled_corpus
from kg.cli import main
from kg.query import Dataset

from .conftest import ROOT

QUERIES = ROOT / "queries"
SAMPLES = sorted(bundled_corpus().glob("*.txt"))


def knowledge_triples(st: ox.Store) -> list[ox.Triple]:
    """Triples of every knowledge graph of the store (not the ontology, not the bookkeeping)."""
    skip = {iri.ONTOLOGY_GRAPH_IRI, iri.STORE_GRAPH_IRI}
    return [ox.Triple(q.subject, q.predicate, q.object) for q in st if q.graph_name.value not in skip]


def file_triples(path: Path) -> set[ox.Triple]:
    """A graph file's triples as Oxigraph stores them."""
    st = ox.Store()
    st.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in st}


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[store.StoreReport]]:
    """A store built in three steps: two samples, then all of them, then all of them again."""
    where = tmp_path_factory.mktemp("store") / "kg-store"
    reports = [store.update(where, SAMPLES[:2]), store.update(where, [bundled_corpus()])]
    reports.append(store.update(where, [bundled_corpus()]))
    return where, reports


def test_store_grown_by_documents_equals_a_one_shot_build(grown, sample_build) -> None:  # type: ignore[no-untyped-def]
    where, (first, second, _) = grown
    assert first.added == [p.name for p in SAMPLES[:2]]
    assert second.unchanged == [p.name for p in SAMPLES[:2]]
    assert second.added == [p.name for p in SAMPLES[2:]]
    st = ox.Store.read_only(str(where))
    in_store = knowledge_triples(st)
    assert len(in_store) == len(set(in_store)), "a triple is in two named graphs: the union would repeat it"
    assert set(in_store) == file_triples(sample_build[1] / "graph.ttl")


def test_unchanged_documents_are_neither_analyzed_nor_rewritten(grown) -> None:  # type: ignore[no-untyped-def]
    _, (_, _, third) = grown
    assert third.unchanged == [p.name for p in SAMPLES]
    assert (third.added, third.replaced, third.reanalyzed) == ([], [], [])
    assert (third.quads_added, third.quads_removed) == (0, 0)


def test_each_document_has_its_own_named_graph(grown) -> None:  # type: ignore[no-untyped-def]
    where, _ = grown
    st = ox.Store.read_only(str(where))
    graphs = {g.value for g in st.named_graphs()}
    for p in SAMPLES:
        g = ox.NamedNode(iri.document_graph_iri(p.name))
        assert g.value in graphs
        doc = ox.NamedNode(iri.document_iri(p.name))
        assert list(st.quads_for_pattern(doc, None, None, g)), f"{p.name}: its text is not in its own graph"
        # Nothing about this document's text or mentions lives in another graph.
        for q in st.quads_for_pattern(None, None, None, None):
            if q.subject.value.split("#")[0] == doc.value:
                assert q.graph_name == g
    ds = Dataset.from_store(where)
    # Every statement with evidence sits in the graph of the document its sentence is from.
    misplaced = ds.query(
        """SELECT ?st WHERE {
             GRAPH ?g { ?st kgo:evidenceText ?t ; prov:wasDerivedFrom ?s }
             ?s nif:referenceContext ?doc . ?doc dcterms:identifier ?id .
             FILTER(?g != IRI(CONCAT(STR(kgr:), "graph/doc/", ENCODE_FOR_URI(?id))))
           }"""
    )
    assert misplaced.rows == []


REPORT_V1 = "南湖区推进党建引领基层治理\n南湖区委组织部牵头成立运河先锋党建联盟。南湖区深入实施“红船领航”工程。\n"
REPORT_V2 = "南湖区推进党建引领基层治理\n南湖区深入实施“红船领航”工程。\n"


def labels(where: Path) -> set[str]:
    ds = Dataset.from_store(where)
    return {row[0].value for row in ds.query("SELECT ?l WHERE { ?e skos:prefLabel ?l }").rows}


def test_a_changed_document_replaces_its_old_version(tmp_path: Path) -> None:
    doc = tmp_path / "in" / "report.txt"
    doc.parent.mkdir()
    doc.write_text(REPORT_V1, encoding="utf-8")
    where = tmp_path / "st"
    store.update(where, [doc.parent])
    before = labels(where)
    doc.write_text(REPORT_V2, encoding="utf-8")
    report = store.update(where, [doc.parent])
    assert report.replaced == ["report.txt"] and report.quads_removed > 0
    assert labels(where) != before
    # Nothing of the old version is left: the store is what V2 alone gives.
    fresh = tmp_path / "fresh"
    store.update(fresh, [doc.parent])
    replaced = knowledge_triples(ox.Store.read_only(str(where)))
    assert set(replaced) == set(knowledge_triples(ox.Store.read_only(str(fresh))))
    ds = Dataset.from_store(where)
    texts = ds.query("SELECT ?t WHERE { ?d a kgo:SourceDocument ; nif:isString ?t }").rows
    assert [t[0].value for t in texts] == [REPORT_V2]


def test_a_new_analyzer_analyzes_stored_documents_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT_V1, encoding="utf-8")
    where = tmp_path / "st"
    monkeypatch.setattr(store, "analyzer_fingerprint", lambda: "old")
    store.update(where, [doc])
    other = tmp_path / "other.txt"
    other.write_text(REPORT_V2.replace("南湖区", "秀洲区"), encoding="utf-8")
    monkeypatch.setattr(store, "analyzer_fingerprint", lambda: "new")
    report = store.update(where, [other])
    # report.txt was not given again: it stays, analyzed again from its stored text.
    assert report.added == ["other.txt"] and report.reanalyzed == ["report.txt"]
    assert "秀洲区" in labels(where)
    ds = Dataset.from_store(where)
    docs = ds.query("SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id").rows
    assert [d[0].value for d in docs] == ["other.txt", "report.txt"]


def test_cli_build_store_then_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT_V1, encoding="utf-8")
    where = tmp_path / "st"
    assert main(["build", str(doc), "--store", str(where), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "1 added" in err and (tmp_path / "out" / "graph.ttl").is_file()
    code = main(["query", str(QUERIES / "documents-overview.rq"), "--store", str(where), "--format", "csv"])
    out = capsys.readouterr().out
    assert code == 0 and "report.txt" in out
    # The store and the exported file answer alike.
    main(["query", str(QUERIES / "entity-mentions.rq"), "--store", str(where), "--format", "csv"])
    from_store = capsys.readouterr().out
    main(
        [
            "query",
            str(QUERIES / "entity-mentions.rq"),
            "--graph",
            str(tmp_path / "out" / "graph.ttl"),
            "--format",
            "csv",
        ]
    )
    assert capsys.readouterr().out == from_store


def test_cli_store_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["build", "--store", str(busy), "-q"]) == 2
    assert "holds no Oxigraph store" in capsys.readouterr().err
    assert main(["query", "ASK {}", "--store", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "no store here" in err and err.count("\n") == 1
