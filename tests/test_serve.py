"""kg serve: the SPARQL 1.1 Protocol endpoint, through a real HTTP client against a server on an
ephemeral port; every question in queries/ gets the same answer from kg serve as from kg query."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main, make_parser
from kg.serve import EndpointServer, Source, negotiate

from .conftest import ROOT

QUERIES = ROOT / "queries"
CONTRACT = ROOT / "tests" / "data" / "contract-graph.ttl"
ALL_QUERIES = sorted(QUERIES.glob("*.rq"))
ALLIANCES = "SELECT ?l WHERE { ?a a kgo:Alliance ; skos:prefLabel ?l }"


def start(source: Source, **limits: float) -> EndpointServer:
    server = EndpointServer(("127.0.0.1", 0), source, quiet=True, **limits)  # type: ignore[arg-type]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = start(Source(graph=CONTRACT), workers=2, timeout=60, max_rows=1000)
    yield server.url
    server.shutdown()
    server.server_close()


def http(
    url: str,
    *,
    query: str | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    if query is not None:
        url += "?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def bindings(body: bytes) -> list[dict[str, dict[str, str]]]:
    return json.loads(body)["results"]["bindings"]


def cli_json(capsys: pytest.CaptureFixture[str], query: Path | str, graph: Path) -> dict:  # type: ignore[type-arg]
    assert main(["query", str(query), "--graph", str(graph), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_get_post_form_and_post_direct_agree(endpoint: str) -> None:
    s1, h1, get = http(endpoint, query=ALLIANCES)
    form = urllib.parse.urlencode({"query": ALLIANCES}).encode()
    s2, _, post = http(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    s3, _, direct = http(endpoint, data=ALLIANCES.encode(), headers={"Content-Type": "application/sparql-query"})
    assert (s1, s2, s3) == (200, 200, 200)
    assert h1["Content-Type"].startswith("application/sparql-results+json")
    assert h1["Access-Control-Allow-Origin"] == "*"
    assert get == post == direct
    assert bindings(get) == [{"l": {"type": "literal", "value": "运河先锋党建联盟", "xml:lang": "zh-hans"}}]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_results_in_the_format_accept_asks_for(endpoint: str, accept: str, media: str) -> None:
    status, headers, body = http(endpoint, query=ALLIANCES, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    text = body.decode("utf-8")
    assert "运河先锋党建联盟" in text
    if media.endswith("xml"):
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        assert ET.fromstring(body).find("s:results/s:result/s:binding/s:literal", ns).text == "运河先锋党建联盟"


def test_construct_gives_turtle_or_ntriples(endpoint: str) -> None:
    q = "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a kgo:Alliance ; skos:prefLabel ?l }"
    status, headers, body = http(endpoint, query=q)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) == 1
    status, headers, body = http(endpoint, query=q, headers={"Accept": "application/n-triples"})
    assert status == 200 and body.decode("utf-8").count(" .\n") == 1
    assert http(endpoint, query=q, headers={"Accept": "image/png"})[0] == 406


def test_ask(endpoint: str) -> None:
    status, _, body = http(endpoint, query="ASK { ?p a kgo:Person }")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    ("data", "ctype", "status"),
    [
        (
            b"update=INSERT+DATA+%7B%3Chttp%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+%3Chttp%3A%2F%2Fc%3E%7D",
            "application/x-www-form-urlencoded",
            403,
        ),
        (b"INSERT DATA { <http://a> <http://b> <http://c> }", "application/sparql-update", 403),
        (b"INSERT DATA { <http://a> <http://b> <http://c> }", "application/sparql-query", 400),
        (b"DROP ALL", "application/sparql-query", 400),
        (b"<x/>", "application/xml", 415),
    ],
)
def test_updates_are_refused_and_nothing_changes(endpoint: str, data: bytes, ctype: str, status: int) -> None:
    before = bindings(http(endpoint, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])
    assert http(endpoint, data=data, headers={"Content-Type": ctype})[0] == status
    assert bindings(http(endpoint, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2]) == before


def test_malformed_query_gives_the_parser_message(endpoint: str) -> None:
    status, headers, body = http(endpoint, query="SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR(?o) }")
    text = body.decode("utf-8")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert "SPARQL syntax error at line 3, column" in text and text.count("\n") == 1


def test_oversized_and_odd_requests_leave_the_server_working(endpoint: str) -> None:
    big = b"query=" + b"x" * (2 << 20)
    assert http(endpoint, data=big, headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 413
    assert http(endpoint.replace("/sparql", "/nowhere"), query="ASK {}")[0] == 404
    assert http(endpoint)[0] == 400  # GET without a query
    assert http(endpoint, query="ASK {}", data=None, headers={"Accept": "application/json"})[0] == 200
    assert http(endpoint + "?query=" + "%FF%FE")[0] == 400  # not UTF-8 once decoded: a syntax error, not a crash
    assert http(endpoint, query=ALLIANCES)[0] == 200


def test_cors_preflight(endpoint: str) -> None:
    status, headers, _ = http(endpoint, method="OPTIONS", headers={"Origin": "https://example.org"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]


def test_concurrent_requests_all_get_the_answer(endpoint: str) -> None:
    query = (QUERIES / "entity-mentions.rq").read_text(encoding="utf-8")
    expected = http(endpoint, query=query)[2]
    with ThreadPoolExecutor(max_workers=12) as pool:
        replies = list(pool.map(lambda _: http(endpoint, query=query), range(24)))
    assert all(status == 200 and body == expected for status, _, body in replies)


def test_every_question_answers_alike_through_kg_query_and_kg_serve(
    endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for query in ALL_QUERIES:
        status, _, body = http(endpoint, query=query.read_text(encoding="utf-8"))
        assert status == 200, query.name
        assert json.loads(body) == cli_json(capsys, query, CONTRACT), query.name


def test_every_question_answers_alike_on_the_samples(sample_build, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    graph = sample_build[1] / "graph.ttl"
    server = start(Source(graph=graph), workers=1, timeout=120, max_rows=100000)
    try:
        for query in ALL_QUERIES:
            status, _, body = http(server.url, query=query.read_text(encoding="utf-8"))
            assert status == 200, query.name
            assert json.loads(body) == cli_json(capsys, query, graph), query.name
    finally:
        server.shutdown()
        server.server_close()


def test_time_limit_and_row_limit() -> None:
    server = start(Source(graph=CONTRACT), workers=1, timeout=1, max_rows=5)
    try:
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        status, _, body = http(server.url, query=endless)
        assert status == 503 and b"time limit" in body
        # The killed worker is replaced; the endpoint answers again (the limit allows a restart).
        for _ in range(60):
            status, headers, body = http(server.url, query="SELECT ?s WHERE { ?s ?p ?o }")
            if status == 200:
                break
        assert status == 200 and len(bindings(body)) == 5 and headers["X-SPARQL-MaxRows"] == "5"
    finally:
        server.shutdown()
        server.server_close()


def test_serves_a_store(tmp_path: Path) -> None:
    from kg import store

    doc = tmp_path / "report.txt"
    doc.write_text("南湖区推进党建引领基层治理\n南湖区深入实施“红船领航”工程。\n", encoding="utf-8")
    store.update(tmp_path / "st", [doc])
    server = start(Source(store=tmp_path / "st"), workers=1, timeout=60)
    try:
        status, _, body = http(
            server.url, query="SELECT ?id WHERE { ?d a kgo:SourceDocument ; dcterms:identifier ?id }"
        )
        assert status == 200 and bindings(body) == [{"id": {"type": "literal", "value": "report.txt"}}]
    finally:
        server.shutdown()
        server.server_close()


def test_bad_source_fails_before_serving(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--graph", str(tmp_path / "none.ttl"), "--port", "0"]) == 2
    assert "none.ttl: no such graph file" in capsys.readouterr().err


def test_loopback_by_default_and_negotiation_rules() -> None:
    args = make_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 7878)
    assert negotiate(None, "select") == ("json", "application/sparql-results+json")
    assert negotiate("text/*", "graph") == ("turtle", "text/turtle")
    assert negotiate("application/json;q=0, text/csv", "select") == ("csv", "text/csv")
    assert negotiate("text/html", "select", "csv") == ("csv", "text/csv")
    assert negotiate("image/png", "ask") is None
