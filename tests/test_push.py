"""kg push: the graph sent to a real Oxigraph server through the Graph Store HTTP Protocol, then asked
the questions of queries/ over SPARQL; and the protocol details and errors against a stub server.

The Oxigraph server binary comes from the `oxigraph` package (the dev extra). Without it the
server tests are skipped, unless KG_REQUIRE_OXIGRAPH=1 (set by CI), where they fail instead.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg import iri, store
from kg.cli import main
from kg.push import graph_url

from .conftest import ROOT

QUERIES = ROOT / "queries"
ALL_QUERIES = sorted(QUERIES.glob("*.rq"))
REQUIRED = os.environ.get("KG_REQUIRE_OXIGRAPH") == "1"
NAMED = "https://example.org/graph/推送"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
CONCATENATED = {"traditionalNames": " | ", "documents": " "}  # GROUP_CONCAT columns of queries/ and separators


def _unavailable(why: str) -> None:
    if REQUIRED:
        pytest.fail(f"KG_REQUIRE_OXIGRAPH=1 but {why}")
    pytest.skip(why)


def oxigraph_binary() -> str | None:
    """The `oxigraph` server installed beside this Python (a virtual environment), else on PATH."""
    here = str(Path(sys.executable).parent)
    return shutil.which("oxigraph", path=os.pathsep.join([here, os.environ.get("PATH", "")]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ready(base: str, proc: subprocess.Popen[bytes], wait: float = 30.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port for this module; its base URL."""
    binary = oxigraph_binary()
    if binary is None:
        _unavailable("the Oxigraph server is not installed (pip install oxigraph, part of pip install -e '.[dev]')")
    where = tmp_path_factory.mktemp("oxigraph")
    log = where / "server.log"
    for _ in range(3):  # another process may take the port between our probe and the server's bind
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [binary, "serve", "--location", str(where / "data"), "--bind", f"127.0.0.1:{port}"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            if _ready(base, proc):
                yield base
                return
        finally:
            _stop(proc)
    pytest.fail(f"the Oxigraph server did not start: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture
def server(oxigraph: str) -> str:
    """The server, emptied: each test starts from no data."""
    request = urllib.request.Request(
        oxigraph + "/update", data=b"DROP SILENT ALL", headers={"Content-Type": "application/sparql-update"}
    )
    with urllib.request.urlopen(request, timeout=30):
        pass
    return oxigraph


def sparql(base: str, query: str) -> dict[str, Any]:
    request = urllib.request.Request(
        base + "/query",
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=120) as resp:
        return json.loads(resp.read())


def count(base: str, where: str = "?s ?p ?o") -> int:
    answer = sparql(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(answer["results"]["bindings"][0]["n"]["value"])


def server_quads(base: str) -> list[ox.Quad]:
    request = urllib.request.Request(base + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as resp:
        return list(ox.parse(resp.read(), format=ox.RdfFormat.N_QUADS))


def answers(doc: dict[str, Any]) -> list[dict[str, tuple[str, str, str]]]:
    """SPARQL JSON rows, comparable across implementations (xsd:string implicit, blank nodes unnamed)."""

    def term(t: dict[str, str]) -> tuple[str, str, str]:
        if t["type"] == "bnode":
            return ("bnode", "", "")
        lang_or_type = t.get("xml:lang", "").lower() or t.get("datatype", XSD_STRING)
        return (t["type"], t["value"], lang_or_type if t["type"] != "uri" else "")

    def value(var: str, t: dict[str, str]) -> tuple[str, str, str]:
        kind, text, tag = term(t)
        if var in CONCATENATED:  # GROUP_CONCAT: each endpoint lists the parts in its own order
            text = CONCATENATED[var].join(sorted(text.split(CONCATENATED[var])))
        return kind, text, tag

    return [{v: value(v, t) for v, t in row.items()} for row in doc["results"]["bindings"]]


def kg(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def file_triples(*paths: Path) -> set[ox.Triple]:
    """What the files hold, as a set (no blank nodes in them)."""
    return {q.triple for p in paths for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)}


# ------------------------------------------------------------------ against a real Oxigraph server


def test_pushed_samples_answer_every_question_like_kg_query(server: str, sample_build, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = sample_build[1] / "graph.ttl"
    code, _, err = kg(capsys, "push", "--endpoint", f"{server}/store", "--from-graph", str(graph))
    assert code == 0 and "replaced the default graph" in err, err
    # No union default graph on this server: the questions see exactly what was pushed (graph and ontology).
    for query in ALL_QUERIES:
        code, out, _ = kg(capsys, "query", str(query), "--graph", str(graph), "--format", "json")
        here = json.loads(out)
        there = sparql(server, query.read_text(encoding="utf-8"))
        assert there["head"]["vars"] == here["head"]["vars"], query.name
        assert sorted(map(repr, answers(there))) == sorted(map(repr, answers(here))), query.name
    members = answers(sparql(server, (QUERIES / "alliance-members.rq").read_text(encoding="utf-8")))
    assert any("member" in row for row in members)


def test_put_twice_leaves_one_copy(server: str, sample_build, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = sample_build[1] / "graph.ttl"
    expected = len(file_triples(graph, sample_build[1] / "ontology.ttl"))
    for _ in range(2):
        assert kg(capsys, "push", "--endpoint", f"{server}/store", "--from-graph", str(graph))[0] == 0
        assert count(server) == expected
    assert count(server, "GRAPH ?g { ?s ?p ?o }") == 0


def test_graph_option_fills_that_named_graph_only(server: str, sample_build, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = sample_build[1] / "graph.ttl"
    code, _, err = kg(capsys, "push", "--endpoint", f"{server}/store", "--from-graph", str(graph), "--graph", NAMED)
    assert code == 0 and f"graph <{NAMED}>" in err
    in_graph = count(server, f"GRAPH <{NAMED}> {{ ?s ?p ?o }}")
    assert in_graph == len(file_triples(graph, sample_build[1] / "ontology.ttl"))
    assert count(server) == 0  # the default graph is untouched
    alliances = f"SELECT ?a FROM <{NAMED}> WHERE {{ ?a a <https://w3id.org/kg-zh/ontology#Alliance> }}"
    assert answers(sparql(server, alliances))


def test_append_adds_and_put_replaces(server: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text("<https://example.org/青山镇> <https://example.org/p> 1 .\n", encoding="utf-8")
    b.write_text("<https://example.org/东湖区> <https://example.org/p> 2 .\n", encoding="utf-8")
    endpoint = f"{server}/store"
    subjects = "SELECT ?s WHERE { ?s <https://example.org/p> ?o } ORDER BY ?s"

    def found() -> list[str]:
        return [r["s"][1] for r in answers(sparql(server, subjects))]

    base = ["--no-ontology", "--graph", NAMED]
    assert kg(capsys, "push", "--endpoint", endpoint, "--from-graph", str(a), *base)[0] == 0
    code, _, err = kg(capsys, "push", "--endpoint", endpoint, "--from-graph", str(b), "--append", *base)
    assert code == 0 and "added graph" in err
    query = subjects.replace("WHERE", f"FROM <{NAMED}> WHERE")
    assert [r["s"][1] for r in answers(sparql(server, query))] == [
        "https://example.org/东湖区",
        "https://example.org/青山镇",
    ]
    assert kg(capsys, "push", "--endpoint", endpoint, "--from-graph", str(b), *base)[0] == 0
    assert [r["s"][1] for r in answers(sparql(server, query))] == ["https://example.org/东湖区"]
    assert found() == []  # nothing reached the default graph


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of two invented reports."""
    folder = tmp_path_factory.mktemp("reports")
    (folder / "a.txt").write_text(
        "东湖区推进党建引领基层治理\n东湖区委组织部牵头成立“湖畔红盟”党建联盟,青山镇党委加入联盟。\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text("青山镇深入实施“红色根脉”强基工程。\n", encoding="utf-8")
    where = tmp_path_factory.mktemp("store") / "kg-store"
    store.update(where, [folder])
    return where


def by_graph(quads: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    out: dict[str, list[ox.Quad]] = {}
    for q in quads:
        out.setdefault(str(q.graph_name), []).append(q)
    return out


def no_blank(quads: list[ox.Quad]) -> set[ox.Quad]:
    return {q for q in quads if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def test_a_pushed_store_gives_the_server_the_same_quads(server: str, small_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    st = ox.Store.read_only(str(small_store))
    wanted = by_graph([q for q in st if q.graph_name.value != iri.STORE_GRAPH_IRI])
    assert len(wanted) >= 5  # two documents, corpus, gazetteer or not, ontology
    for _ in range(2):  # a second push replaces each graph: still the same quads
        code, _, err = kg(capsys, "push", "--endpoint", f"{server}/store", "--store", str(small_store))
        assert code == 0 and f"({'replaced'} {len(wanted)} named graphs)" in err, err
        got = by_graph(server_quads(server))
        assert set(got) == set(wanted)
        for g, quads in wanted.items():
            assert len(got[g]) == len(quads), g
            assert no_blank(got[g]) == no_blank(quads), g
    documents = "SELECT ?g WHERE { GRAPH ?g { ?d a <https://w3id.org/kg-zh/ontology#SourceDocument> } } ORDER BY ?g"
    assert [r["g"][1] for r in answers(sparql(server, documents))] == [
        iri.document_graph_iri("a.txt"),
        iri.document_graph_iri("b.txt"),
    ]


def test_a_store_into_one_named_graph_is_its_union(server: str, small_store: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = kg(capsys, "push", "--endpoint", f"{server}/store", "--store", str(small_store), "--graph", NAMED)
    assert code == 0
    st = ox.Store.read_only(str(small_store))
    union = {q.triple for q in st if q.graph_name.value != iri.STORE_GRAPH_IRI}
    assert count(server, f"GRAPH <{NAMED}> {{ ?s ?p ?o }}") == len(union)
    assert count(server, "GRAPH ?g { ?s ?p ?o }") == len(union)  # nothing else was sent


def test_wrong_url_is_one_line_with_the_status_and_exit_2(server: str, sample_build, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = sample_build[1] / "graph.ttl"
    code, out, err = kg(capsys, "push", "--endpoint", f"{server}/nowhere", "--from-graph", str(graph))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"kg: error: {server}/nowhere: HTTP 404")
    assert "not supported by this server" in err  # the server's own message
    assert count(server) == 0


# ------------------------------------------------------------------ protocol details, against a stub


class Stub(BaseHTTPRequestHandler):
    """Records each request; answers with the status, headers and body set on the server."""

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        srv: Any = self.server
        srv.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
        status, headers, body = srv.reply
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_GET = _any

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[Any]:
    srv: Any = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    srv.requests, srv.reply = [], (204, {}, b"")
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def small_graph(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(
        "@prefix kgo: <https://w3id.org/kg-zh/ontology#> .\n"
        "<https://w3id.org/kg-zh/resource/org/1> a kgo:PartyBody ;\n"
        "    kgo:memberOf <https://w3id.org/kg-zh/resource/program/2> .\n",
        encoding="utf-8",
    )
    return path


def test_gsp_parameters_body_and_basic_auth(stub: Any, small_graph: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KG_PUSH_PASSWORD", "s3cret:好")
    graph = "https://example.org/g?x=1&y=#2"
    code, _, err = kg(
        capsys, "push", "--endpoint", f"{stub.url}/kg/data?db=main", "--from-graph", str(small_graph),
        "--graph", graph, "--user", "editor", "--no-ontology",
    )  # fmt: skip
    assert code == 0, err
    ((method, path, headers, body),) = stub.requests
    assert method == "PUT"
    assert path == "/kg/data?db=main&graph=" + urllib.parse.quote(graph, safe="")
    assert headers["Content-Type"] == "text/turtle"
    assert headers["Authorization"] == "Basic " + base64.b64encode("editor:s3cret:好".encode()).decode()
    assert int(headers["Content-Length"]) == len(body)
    assert {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)} == file_triples(small_graph)
    assert "s3cret" not in err


def test_default_graph_append_and_ntriples(stub: Any, small_graph: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["push", "--endpoint", stub.url, "--from-graph", str(small_graph), "--append", "--format", "ntriples"]
    assert kg(capsys, *argv)[0] == 0
    ((method, path, headers, body),) = stub.requests
    assert (method, path, headers["Content-Type"]) == ("POST", "/?default", "application/n-triples")
    assert "Authorization" not in headers
    pushed = {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    assert file_triples(small_graph) < pushed  # with the ontology (the bundled one: none beside this file)
    assert (
        ox.Triple(
            ox.NamedNode("https://w3id.org/kg-zh/ontology#Alliance"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            ox.NamedNode("https://w3id.org/kg-zh/ontology#Program"),
        )
        in pushed
    )


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected"),
    [
        (401, {"WWW-Authenticate": 'Basic realm="kg"'}, b"Unauthorized", "HTTP 401 Unauthorized for PUT of the "
         "default graph: Unauthorized; give --user NAME and set KG_PUSH_PASSWORD"),
        (500, {"Content-Type": "text/html"}, b"<html><head><title>Oops</title><style>p{}</style></head>"
         b"<body><h1>Error</h1>\n<p>Parse error: line 3</p></body></html>", "HTTP 500 Internal Server Error for PUT "
         "of the default graph: Oops Error Parse error: line 3"),
        (302, {"Location": "https://example.org/store"}, b"", "HTTP 302 Found for PUT of the default graph; the server "
         "redirects to https://example.org/store: use that URL as --endpoint"),
        (413, {}, "图太大".encode() * 500, "HTTP 413 Request Entity Too Large for PUT of the default graph: 图太大"),
    ],
)  # fmt: skip
def test_a_refusal_is_one_line_naming_the_endpoint_status_and_message(  # type: ignore[no-untyped-def]
    stub: Any, small_graph: Path, capsys, status: int, headers: dict[str, str], body: bytes, expected: str
) -> None:
    stub.reply = (status, headers, body)
    code, out, err = kg(capsys, "push", "--endpoint", stub.url, "--from-graph", str(small_graph))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"kg: error: {stub.url}: {expected}")
    assert len(err) < 600  # a long error page is cut
    assert len(stub.requests) == 1  # a redirect is not followed


def test_unreachable_server_and_no_answer(small_graph: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    closed = f"http://127.0.0.1:{free_port()}/store"
    code, _, err = kg(capsys, "push", "--endpoint", closed, "--from-graph", str(small_graph))
    assert (code, err) == (2, f"kg: error: {closed}: cannot connect (connection refused); is the server running, "
                              "and is the port right?\n")  # fmt: skip
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        code, _, err = kg(capsys, "push", "--endpoint", url, "--from-graph", str(small_graph), "--timeout", "0.5")
    assert code == 2 and err.startswith(f"kg: error: {url}: no answer within 0.5 s (--timeout)")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--endpoint", "ftp://example.org/store"], "expected an http:// or https:// URL"),
        (["--endpoint", "localhost:7878/store"], "expected an http:// or https:// URL"),
        (["--endpoint", "http://editor:pw@example.org/store"], "leave the user name and password out of the URL"),
        (["--endpoint", "http://example.org/store", "--graph", "not an iri"], "expected an absolute IRI"),
        (["--endpoint", "http://example.org/store", "--user", "editor"], "KG_PUSH_PASSWORD environment variable"),
    ],
)
def test_usage_errors_before_anything_is_sent(  # type: ignore[no-untyped-def]
    argv: list[str], expected: str, small_graph: Path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("KG_PUSH_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: no password prompt
    code, _, err = kg(capsys, "push", *argv, "--from-graph", str(small_graph))
    assert code == 2 and expected in err and err.count("\n") == 1


def test_a_bad_graph_file_sends_nothing(stub: Any, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "graph.ttl"
    bad.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    code, _, err = kg(capsys, "push", "--endpoint", stub.url, "--from-graph", str(bad))
    assert code == 2 and "graph.ttl: not valid RDF, nothing was sent" in err
    code, _, err = kg(capsys, "push", "--endpoint", stub.url, "--from-graph", str(tmp_path / "none.ttl"))
    assert code == 2 and "none.ttl: no such graph file" in err
    code, _, err = kg(capsys, "push", "--endpoint", stub.url, "--store", str(tmp_path))
    assert code == 2 and "no store here" in err
    assert stub.requests == []


def test_graph_url_follows_the_protocol() -> None:
    assert graph_url("http://h:7878/store", None) == "http://h:7878/store?default"
    assert graph_url("http://h/ds/data?x=1", "urn:g") == "http://h/ds/data?x=1&graph=urn%3Ag"
