"""kg query and the analyst questions of queries/: on a small hand-made graph that follows
the graph contract (exact answers) and on the sample build (answers that hold as
extraction improves)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import main
from kg.errors import QueryError
from kg.query import Dataset, bind_values, parse_binding, read_query, write
from kg.vocab import KGO

from .conftest import ROOT

QUERIES = ROOT / "queries"
CONTRACT = ROOT / "tests" / "data" / "contract-graph.ttl"
ALL_QUERIES = sorted(QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def contract() -> Dataset:
    return Dataset.from_file(CONTRACT)


@pytest.fixture(scope="module")
def samples(sample_build) -> Dataset:  # type: ignore[no-untyped-def]
    return Dataset.from_file(sample_build[1] / "graph.ttl")


def rows(ds: Dataset, query: str, **bind: str) -> list[dict[str, str]]:
    """Run queries/<name>.rq; each row as {variable: plain value}."""
    text = (QUERIES / f"{query}.rq").read_text(encoding="utf-8")
    text = bind_values(text, {k: parse_binding(f"{k}={v}")[1] for k, v in bind.items()})
    result = ds.query(text, where=query)
    return [
        {v: ("" if t is None else t.value) for v, t in zip(result.variables, row, strict=True)} for row in result.rows
    ]


def pairs(found: list[dict[str, str]], a: str, b: str) -> set[tuple[str, str]]:
    return {(r[a], r[b]) for r in found}


def test_there_are_at_least_twelve_commented_questions() -> None:
    assert len(ALL_QUERIES) >= 12
    for q in ALL_QUERIES:
        lines = q.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and "?" in lines[0], f"{q.name} must open with its question"
        header = "\n".join(line for line in lines if line.startswith("#"))
        assert "To adapt" in header or "--bind" in header, f"{q.name} must say how to adapt it"


def test_the_issue_questions_are_all_there() -> None:
    asked = {
        "alliance-members",  # members of each alliance
        "place-programs",  # programs each place implements
        "established-by",  # organizations set up by a given body
        "park-partners",  # parks that relocating firms connect with
        "fact-evidence",  # evidence sentence and document of any fact
        "places-by-province",  # places by province with codes
        "entities-by-documents",  # entities mentioned in most documents
        "person-affiliations",  # persons and their affiliations
        "path-between",  # path between two entities
    }
    assert asked <= {q.stem for q in ALL_QUERIES}


def test_alliance_members(contract: Dataset) -> None:
    assert pairs(rows(contract, "alliance-members"), "alliance", "member") == {
        ("运河先锋党建联盟", "南湖区委组织部"),
        ("运河先锋党建联盟", "嘉兴市生态环境局"),
        ("运河先锋党建联盟", "华晟新材料公司"),
        ("运河先锋党建联盟", "海宁市委组织部"),
    }


def test_programs_each_place_implements(contract: Dataset) -> None:
    found = rows(contract, "place-programs")
    assert pairs(found, "place", "program") == {("南湖区", "红船领航工程"), ("海宁市", "红色根脉强基工程")}
    assert {r["programClass"] for r in found} == {"Project"}


def test_organizations_set_up_by_a_given_body(contract: Dataset) -> None:
    # The alliance is a Program, so only the service centre counts as an organization.
    everything = rows(contract, "established-by")
    assert pairs(everything, "body", "organization") == {("南湖区委组织部", "南湖区党员服务中心")}
    assert rows(contract, "established-by", bodyName="南湖区委组织部") == everything
    assert rows(contract, "established-by", bodyName="海宁市委组织部") == []


def test_parks_that_firms_connect_with(contract: Dataset) -> None:
    (row,) = rows(contract, "park-partners")
    assert (row["park"], row["partner"], row["parkClass"]) == (
        "嘉兴港区化工新材料园区",
        "华晟新材料公司",
        "IndustrialPark",
    )
    assert row["relocation"] == "true" and "搬迁" in row["evidence"]


def test_evidence_of_every_fact_is_the_exact_sentence(contract: Dataset) -> None:
    found = rows(contract, "fact-evidence")
    assert len(found) == 12  # one row per (fact, sentence) of the hand-made graph
    texts = {r["document"]: r for r in rows(contract, "documents-overview")}
    assert set(texts) == {"a.txt", "b.txt"}
    g = Graph().parse(CONTRACT)
    docs = {
        str(d): str(t)
        for d, t in g.subject_objects(URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"))
    }
    by_id = {d.rsplit("/", 1)[-1]: t for d, t in docs.items()}
    for r in found:
        assert by_id[r["document"]][int(r["begin"]) : int(r["end"])] == r["evidence"]
    assert {r["implicit"] for r in found} == {"true", "false"}


def test_places_by_province_with_codes(contract: Dataset) -> None:
    found = rows(contract, "places-by-province")
    assert [(r["province"], r["place"], r["code"]) for r in found] == [
        ("浙江省", "浙江省", "330000"),
        ("浙江省", "嘉兴市", "330400"),
        ("浙江省", "南湖区", "330402"),
        ("浙江省", "海宁市", "330481"),
    ]


def test_entities_in_most_documents_come_first(contract: Dataset) -> None:
    found = rows(contract, "entities-by-documents")
    assert (found[0]["entity"], found[0]["documents"], found[0]["mentions"]) == ("运河先锋党建联盟", "2", "3")
    assert all(int(r["documents"]) == 1 for r in found[1:])


def test_persons_and_affiliations(contract: Dataset) -> None:
    (row,) = rows(contract, "person-affiliations")
    assert (row["person"], row["organization"], row["documents"]) == ("王晓明", "海宁市委组织部", "b.txt")


def test_path_between_two_entities_by_any_label(contract: Dataset) -> None:
    # Traditional spelling of one end: labels of either script find the entity.
    (path,) = rows(contract, "path-between", fromName="王曉明", toName="南湖区")
    assert [path[k] for k in ("hops", "rel1", "via1", "rel2", "via2", "rel3")] == [
        "3",
        "affiliatedWith",
        "海宁市委组织部",
        "memberOf",
        "运河先锋党建联盟",
        "establishedBy",
    ]
    one_hop = rows(contract, "path-between", fromName="南湖区委组织部", toName="中共南湖区委")
    assert one_hop[0]["hops"] == "1" and one_hop[0]["rel1"] == "subOrganizationOf"


def test_sub_organizations(contract: Dataset) -> None:
    assert pairs(rows(contract, "sub-organizations"), "organization", "parent") == {("南湖区委组织部", "中共南湖区委")}


def test_entity_mentions_point_into_the_original_text(contract: Dataset) -> None:
    found = rows(contract, "entity-mentions", name="运河先锋党建联盟")
    assert [(r["document"], r["anchor"]) for r in found] == [
        ("a.txt", "运河先锋党建联盟"),
        ("a.txt", "运河先锋党建联盟"),
        ("b.txt", "運河先鋒黨建聯盟"),
    ]


def test_documents_overview(contract: Dataset) -> None:
    found = {r["document"]: r for r in rows(contract, "documents-overview")}
    assert found["a.txt"]["publisher"] == "嘉兴日报" and found["a.txt"]["language"] == "zh-hans"
    assert found["b.txt"]["language"] == "zh-hant"
    assert (found["a.txt"]["facts"], found["b.txt"]["facts"]) == ("8", "4")


def test_cooperation_implicit_classes_and_traditional_names(contract: Dataset) -> None:
    assert pairs(rows(contract, "cooperation-network"), "one", "other") == {
        ("华晟新材料公司", "嘉兴港区化工新材料园区")
    }
    assert [r["evidence"] for r in rows(contract, "implicit-facts")] == ["海寧市推進“紅色根脈”強基工程"]
    classes = {(r["type"], r["class"]): int(r["entities"]) for r in rows(contract, "entity-classes")}
    assert classes[("Organization", "PartyBody")] == 3 and classes[("Place", "City")] == 2
    names = {r["entity"]: r["traditionalNames"] for r in rows(contract, "traditional-names")}
    assert names["运河先锋党建联盟"] == "運河先鋒黨建聯盟" and "南湖区" not in names


# ------------------------------------------------------------------ the sample build


@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda p: p.stem)
def test_every_question_runs_on_the_samples(samples: Dataset, query: Path) -> None:
    result = samples.query(query.read_text(encoding="utf-8"), where=query.name)
    assert result.kind == "select"


def test_sample_evidence_query_gives_the_exact_sentence_of_every_fact(samples: Dataset, sample_graph: Graph) -> None:
    found = rows(samples, "fact-evidence")
    text_statements = {
        st for st in sample_graph.subjects(RDF.type, RDF.Statement) if (st, KGO.evidenceText, None) in sample_graph
    }
    assert len(found) == len(text_statements)
    texts = {r["document"]: r for r in rows(samples, "documents-overview")}
    iso = {}
    for doc in sample_graph.subjects(RDF.type, KGO.SourceDocument):
        iso[str(sample_graph.value(doc, URIRef("http://purl.org/dc/terms/identifier")))] = str(
            sample_graph.value(doc, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"))
        )
    assert set(texts) == set(iso)
    for r in found:
        assert iso[r["document"]][int(r["begin"]) : int(r["end"])] == r["evidence"]


def test_sample_alliances_are_all_listed(samples: Dataset, sample_graph: Graph) -> None:
    alliances = set(sample_graph.subjects(RDF.type, KGO.Alliance))
    assert len({r["alliance"] for r in rows(samples, "alliance-members")}) == len(alliances)


def test_sample_alliances_have_members_with_evidence(samples: Dataset) -> None:
    members = [r for r in rows(samples, "alliance-members") if r["member"]]
    assert members and all(int(r["sentences"]) >= 1 for r in members)


def test_sample_questions_answer_with_the_classes_they_promise(samples: Dataset) -> None:
    programs = rows(samples, "place-programs")
    assert programs and all(r["evidence"] for r in programs)
    subclasses = samples.query("SELECT ?c WHERE { ?c rdfs:subClassOf* kgo:Program }")
    program_classes = {c.value.rsplit("#", 1)[-1] for (c,) in subclasses.rows}
    assert {r["programClass"] for r in programs} <= program_classes
    parks = rows(samples, "park-partners")
    assert parks and {r["parkClass"] for r in parks} <= {"IndustrialPark", "DevelopmentZone"}
    affiliated = [r for r in rows(samples, "person-affiliations") if r["organization"]]
    assert affiliated and all(r["evidence"] and r["documents"] for r in affiliated)
    widespread = rows(samples, "entities-by-documents")
    counts = [(int(r["documents"]), int(r["mentions"])) for r in widespread]
    assert counts == sorted(counts, reverse=True) and counts[0][0] >= 2


def test_sample_organizations_set_up_by_one_body(samples: Dataset) -> None:
    everything = rows(samples, "established-by")
    body = everything[0]["body"]
    one = rows(samples, "established-by", bodyName=body)
    assert one == [r for r in everything if r["body"] == body]


def test_sample_path_between_a_member_and_its_alliance(samples: Dataset) -> None:
    member = next(r for r in rows(samples, "alliance-members") if r["member"])
    found = rows(samples, "path-between", fromName=member["member"], toName=member["alliance"])
    assert (found[0]["hops"], found[0]["rel1"]) == ("1", "memberOf")


@pytest.mark.skipif(
    importlib.util.find_spec("kg.gazetteer") is None,
    reason="division codes need the gazetteer module (kg/gazetteer.py)",
)
def test_sample_places_by_province_carry_their_codes(samples: Dataset) -> None:
    found = rows(samples, "places-by-province")
    assert found
    for r in found:
        assert re.fullmatch(r"\d{2}0000", r["provinceCode"]) and re.fullmatch(r"\d{6}", r["code"])
        assert r["code"][:2] == r["provinceCode"][:2]


def test_sample_document_overview_counts_every_document(samples: Dataset, sample_build) -> None:  # type: ignore[no-untyped-def]
    found = rows(samples, "documents-overview")
    assert len(found) == len(sample_build[0].corpus.documents)
    assert all(int(r["entities"]) > 0 for r in found)


# ------------------------------------------------------------------ the command


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_table_and_formats_agree(capsys: pytest.CaptureFixture[str]) -> None:
    q = str(QUERIES / "alliance-members.rq")
    code, table, _ = run(capsys, "query", q, "--graph", str(CONTRACT))
    assert code == 0 and "运河先锋党建联盟" in table and table.rstrip().endswith("(4 rows)")
    _, out, _ = run(capsys, "query", q, "--graph", str(CONTRACT), "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["alliance", "member", "sentences"]
    assert doc["results"]["bindings"][0]["alliance"] == {
        "type": "literal",
        "value": "运河先锋党建联盟",
        "xml:lang": "zh-hans",
    }
    _, out, _ = run(capsys, "query", q, "--graph", str(CONTRACT), "--format", "csv")
    assert len(list(csv.reader(io.StringIO(out)))) == 5
    _, out, _ = run(capsys, "query", q, "--graph", str(CONTRACT), "--format", "tsv")
    assert out.splitlines()[1].startswith('"运河先锋党建联盟"@zh-hans\t')
    _, out, _ = run(capsys, "query", q, "--graph", str(CONTRACT), "--format", "xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert len(ET.fromstring(out).findall("s:results/s:result", ns)) == 4


def test_cli_inline_query_with_default_prefixes_ask_and_construct(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "ASK { ?a a kgo:Alliance }", "--graph", str(CONTRACT))
    assert (code, out) == (0, "true\n")
    code, out, _ = run(
        capsys,
        "query",
        "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a kgo:Alliance ; skos:prefLabel ?l }",
        "--graph",
        str(CONTRACT),
    )
    g = Graph().parse(data=out, format="turtle")
    assert code == 0 and len(g) == 1 and "运河先锋党建联盟" in out


def test_cli_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT (COUNT(*) AS ?n) WHERE { ?p a kgo:Person }"))
    code, out, _ = run(capsys, "query", "-", "--graph", str(CONTRACT), "--format", "csv")
    assert (code, out) == (0, "n\r\n1\r\n")


def test_cli_bind_fills_the_values_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "query",
        str(QUERIES / "entity-mentions.rq"),
        "--graph",
        str(CONTRACT),
        "--bind",
        "name=海寧市",
        "--format",
        "csv",
    )
    assert code == 0 and out.count("\r\n") == 3  # header + two mentions of 海寧市
    code, _, err = run(capsys, "query", str(QUERIES / "alliance-members.rq"), "--graph", str(CONTRACT), "--bind", "x=1")
    assert code == 2 and "VALUES ?x" in err


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR(?o) }", "line 3, column"),
        ("SELECT * WHERE { ?s <http://x/p ?o }", "line 1, column"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "line 1, column"),
    ],
)
def test_cli_syntax_error_is_one_line_with_line_and_column(
    capsys: pytest.CaptureFixture[str], query: str, where: str
) -> None:
    code, out, err = run(capsys, "query", query, "--graph", str(CONTRACT))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "SPARQL syntax error at " + where in err


def test_cli_missing_graph_and_query_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", "ASK {}", "--graph", str(tmp_path / "none.ttl"))
    assert code == 2 and "none.ttl: no such graph file" in err
    code, _, err = run(capsys, "query", str(tmp_path / "missing.rq"), "--graph", str(CONTRACT))
    assert code == 2 and "missing.rq: no such query file" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    code, _, err = run(capsys, "query", "ASK {}", "--graph", str(bad))
    assert code == 2 and "bad.ttl: not valid RDF" in err and err.count("\n") == 1


def test_read_query_and_bindings() -> None:
    assert read_query("ASK {}") == ("ASK {}", "<query>")
    assert read_query(str(QUERIES / "alliance-members.rq"))[0].startswith("# Which")
    text = "SELECT * { VALUES (?a ?b) { (UNDEF UNDEF) } }"
    assert bind_values(text, {"b": parse_binding("b=x")[1]}) == 'SELECT * { VALUES (?a ?b) { (UNDEF "x") } }'
    with pytest.raises(QueryError):
        parse_binding("no-equals-sign")


def test_result_limit_truncates(contract: Dataset) -> None:
    result = contract.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=3)
    assert len(result) == 3 and result.truncated
    assert "truncated" in write(result, "table")
