"""Send the graph to a server through the SPARQL 1.1 Graph Store HTTP Protocol.

``kg push --endpoint URL`` sends a graph file (``exports/graph.ttl``) or a
store (``kg build --store``) to any server that implements the Graph Store
HTTP Protocol (GSP): Oxigraph (``.../store``), Apache Jena Fuseki
(``.../DATASET/data``), Virtuoso (``.../sparql-graph-crud``), GraphDB, ...

What goes where:

- a graph file goes to the server's default graph (``?default``), or to the
  named graph ``--graph IRI`` (``?graph=IRI``), with the ontology added
  (beside the file, else the bundled one; ``include_ontology=False`` leaves it
  out) so that the questions in ``queries/`` (``a/rdfs:subClassOf*``) give the
  same answers on the server as ``kg query`` gives here;
- a store goes graph by graph: each named graph (one per document, corpus,
  gazetteer, ontology; never the bookkeeping graph) to the server's graph of
  the same IRI, so the server ends with the same quads. With ``--graph IRI``
  their union (what ``kg query --store`` sees) goes to that one graph.

PUT replaces the target graph (pushing twice leaves one copy); ``append``
uses POST, which adds to it. We send one graph per request because GSP
defines operations on graphs only: uploading a whole dataset (N-Quads, TriG)
in one request is an extension that servers spell differently or lack. The
cost is that a store's push is not one transaction: each graph is replaced
atomically by the server, and a push stopped halfway is completed by running
it again.

Each body is serialized by pyoxigraph (Turtle, or N-Triples) into a
temporary file and streamed from there with a Content-Length: memory stays
bounded whatever the graph's size, a malformed input fails before the server
is touched, and no chunked upload is needed (some servers and proxies refuse
those). Only the standard library speaks HTTP. Redirects are not followed
(urllib would turn a redirected POST into a GET and report success): a 3xx is
reported with its new location.
"""

from __future__ import annotations

import base64
import http.client
import re
import socket
import ssl
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from . import __version__, iri
from .errors import PushError, QueryError, UsageError
from .query import DEFAULT_PREFIXES, ontology_beside

# Media types per body format; N-Triples is also valid Turtle, should a server know only Turtle.
MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples"}
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
_GRAPH_FILES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
# Vocabulary prefixes only: the resource namespace's local names hold "/", which Turtle must escape.
_PREFIXES = dict(sorted((p, ns) for p, ns in DEFAULT_PREFIXES.items() if p != "kgr"))
_MESSAGE_BYTES = 4096  # read at most this much of an error page
_MESSAGE_CHARS = 300


@dataclass
class Sent:
    """One graph sent: where it went and what the server said."""

    graph: str | None  # None: the default graph
    triples: int
    status: int


@dataclass
class PushReport:
    """What a push did, for the summary line."""

    endpoint: str
    method: str
    sent: list[Sent] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        triples = sum(s.triples for s in self.sent)
        verb = "added" if self.method == "POST" else "replaced"
        where = describe(self.sent[0].graph) if len(self.sent) == 1 else f"{len(self.sent)} named graphs"
        return f"pushed {triples} triples to {self.endpoint} ({verb} {where}) in {self.seconds:.1f} s"


def describe(graph: str | None) -> str:
    """A target graph for messages."""
    return "the default graph" if graph is None else f"graph <{graph}>"


def check_endpoint(endpoint: str) -> str:
    """The endpoint URL, or a UsageError saying what is wrong with it."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--endpoint {endpoint!r}: expected an http:// or https:// URL of a Graph Store endpoint, "
            "e.g. http://localhost:7878/store (Oxigraph) or http://localhost:3030/kg/data (Fuseki)"
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            "--endpoint: leave the user name and password out of the URL; give --user NAME and set the "
            "password in the KG_PUSH_PASSWORD environment variable"
        )
    if parts.fragment:
        raise UsageError(f"--endpoint {endpoint!r}: a URL with a #fragment is not an endpoint")
    return endpoint


def check_graph_iri(graph: str) -> str:
    """The named graph's IRI, or a UsageError: GSP needs an absolute IRI."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S", graph) or any(c in graph for c in '<>"{}|\\^` '):
        raise UsageError(f"--graph {graph!r}: expected an absolute IRI, e.g. https://example.org/graph/kg")
    return graph


def graph_url(endpoint: str, graph: str | None) -> str:
    """The GSP request URL for ``graph``: ``?default`` or ``?graph=<encoded IRI>`` after the endpoint's own query."""
    parts = urlsplit(endpoint)
    param = "default" if graph is None else "graph=" + quote(graph, safe="")
    return urlunsplit(parts._replace(query=f"{parts.query}&{param}" if parts.query else param))


# ------------------------------------------------------------------ what to send


@dataclass
class Part:
    """One request's worth: the triples of one target graph, read when sent."""

    graph: str | None
    triples: Callable[[], Iterator[ox.Triple]]


def from_graph_file(path: Path, graph: str | None, *, include_ontology: bool = True) -> list[Part]:
    """A graph file (with its ontology) as one part for ``graph``."""
    if not path.is_file():
        raise PushError(f"{path}: no such graph file; run `kg build` first, or pass --from-graph FILE or --store DIR")
    fmt = _GRAPH_FILES.get(path.suffix.lower())
    if fmt is None:
        raise PushError(
            f"{path}: cannot push this file type; expected a graph file ({', '.join(sorted(_GRAPH_FILES))}), "
            "or a store with --store DIR"
        )

    def triples() -> Iterator[ox.Triple]:
        yield from _parse(path, fmt)
        if include_ontology:
            beside = ontology_beside(path)
            if beside is not None:
                yield from _parse(beside, ox.RdfFormat.TURTLE)
            else:
                data = resources.files("kg").joinpath("ontology/kg.ttl").read_bytes()
                yield from (q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE))

    return [Part(graph, triples)]


def _parse(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Triple]:
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            yield quad.triple
    except SyntaxError as exc:
        raise PushError(f"{path}: not valid RDF, nothing was sent: {_one_line(str(exc))}") from None
    except OSError as exc:
        raise PushError(f"{path}: cannot be read ({exc})") from None


def from_store(path: Path, graph: str | None, *, include_ontology: bool = True) -> list[Part]:
    """A store's named graphs, each as a part for the graph of the same IRI (or all of them for ``graph``)."""
    from .store import open_read_only

    try:
        store = open_read_only(path)
    except QueryError as exc:  # its message fits; only the kind of error changes
        raise PushError(str(exc)) from None
    names = sorted((g for g in store.named_graphs() if g.value != iri.STORE_GRAPH_IRI), key=lambda g: g.value)
    if not include_ontology:
        names = [g for g in names if g.value != iri.ONTOLOGY_GRAPH_IRI]

    def triples_of(graphs: list[ox.NamedNode | ox.BlankNode]) -> Callable[[], Iterator[ox.Triple]]:
        def triples() -> Iterator[ox.Triple]:
            for g in graphs:
                for quad in store.quads_for_pattern(None, None, None, g):
                    yield quad.triple

        return triples

    if graph is not None:
        return [Part(graph, triples_of(names))]
    return [Part(g.value, triples_of([g])) for g in names]


# ------------------------------------------------------------------ sending


def push(
    endpoint: str,
    parts: Iterable[Part],
    *,
    append: bool = False,
    fmt: str = "turtle",
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120.0,
    on_sent: Callable[[Sent], None] | None = None,
) -> PushReport:
    """Send each part to ``endpoint`` with PUT (or POST when ``append``); stop at the first failure."""
    check_endpoint(endpoint)
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown push format {fmt!r}; expected one of {', '.join(MEDIA_TYPES)}")
    method = "POST" if append else "PUT"
    headers = {"Content-Type": MEDIA_TYPES[fmt], "User-Agent": f"kg/{__version__}"}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    report = PushReport(endpoint, method)
    started = time.perf_counter()
    parts = list(parts)
    for part in parts:
        with tempfile.TemporaryFile(prefix="kg-push-") as body:
            count = _serialize(part.triples(), body, fmt)
            size = body.tell()
            body.seek(0)
            try:
                status = _send(graph_url(endpoint, part.graph), method, body, size, headers, timeout)
            except (_Refused, _Unreachable) as why:
                message = (
                    _refusal(endpoint, method, part.graph, why, user)
                    if isinstance(why, _Refused)
                    else f"{endpoint}: {why}"
                )
                if report.sent:
                    message += f" ({len(report.sent)} of {len(parts)} graphs were sent before; push again to send all)"
                raise PushError(message) from None
        sent = Sent(part.graph, count, status)
        report.sent.append(sent)
        if on_sent:
            on_sent(sent)
    report.seconds = time.perf_counter() - started
    return report


def _serialize(triples: Iterator[ox.Triple], out: IO[bytes], fmt: str) -> int:
    count = 0

    def counted() -> Iterator[ox.Triple]:
        nonlocal count
        for t in triples:
            count += 1
            yield t

    prefixes = _PREFIXES if fmt == "turtle" else None
    ox.serialize(counted(), out, format=_OX_FORMATS[fmt], prefixes=prefixes)
    return count


class _Refused(Exception):
    """The server answered with an error status."""

    def __init__(self, status: int, reason: str, message: str, location: str | None) -> None:
        super().__init__(status)
        self.status, self.reason, self.message, self.location = status, reason, message, location


class _Unreachable(Exception):
    """No HTTP answer: the text says why."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # the 3xx then surfaces as an HTTPError, reported with its Location


_OPENER = urllib.request.build_opener(_NoRedirects)


def _send(url: str, method: str, body: IO[bytes], size: int, headers: dict[str, str], timeout: float) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers={**headers, "Content-Length": str(size)})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(_MESSAGE_BYTES)
            return int(response.status)
    except urllib.error.HTTPError as err:
        try:
            text = err.read(_MESSAGE_BYTES)
        except (OSError, http.client.HTTPException):
            text = b""
        raise _Refused(err.code, str(err.reason or ""), _server_message(text), err.headers.get("Location")) from None
    except urllib.error.URLError as err:
        raise _Unreachable(_network_problem(err.reason, timeout)) from None
    except (OSError, http.client.HTTPException) as err:
        raise _Unreachable(_network_problem(err, timeout)) from None


def _network_problem(reason: object, timeout: float) -> str:
    """Why no answer came, in words."""
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s (--timeout); is the server overloaded, or is this the right URL?"
    if isinstance(reason, ConnectionRefusedError):
        return "cannot connect (connection refused); is the server running, and is the port right?"
    if isinstance(reason, socket.gaierror):
        return "cannot connect (unknown host name); check the URL"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(reason, ConnectionResetError | BrokenPipeError):
        return "the server closed the connection while the graph was being sent (too large for it?)"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed ({_one_line(str(reason))})"
    if isinstance(reason, http.client.HTTPException):
        return f"not an HTTP answer ({type(reason).__name__}); is this the right port?"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot connect ({reason.strerror.lower()})"
    return f"cannot connect ({_one_line(str(reason))})"


def _server_message(body: bytes) -> str:
    """The server's error text on one short line (tags of an HTML page dropped)."""
    text = body.decode("utf-8", errors="replace")
    if re.search(r"<(html|body|head|title|p|pre|h1)\b", text, re.I):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.I | re.S)
        text = re.sub(r"<[^>]*>", " ", text)
    text = _one_line(text)
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


def _refusal(endpoint: str, method: str, graph: str | None, why: _Refused, user: str | None) -> str:
    head = f"{endpoint}: HTTP {why.status} {why.reason}".rstrip() + f" for {method} of {describe(graph)}"
    if why.message:
        head += f": {why.message}"
    if 300 <= why.status < 400:
        return head + f"; the server redirects to {why.location or '(no location)'}: use that URL as --endpoint"
    if why.status in (401, 403):
        hint = "check --user and KG_PUSH_PASSWORD" if user else "give --user NAME and set KG_PUSH_PASSWORD"
        return f"{head}; {hint}"
    if why.status in (404, 405):
        return (
            f"{head}; is this the server's Graph Store endpoint (Oxigraph .../store, "
            "Fuseki .../DATASET/data, Virtuoso .../sparql-graph-crud)?"
        )
    return head


def _one_line(text: str) -> str:
    return " ".join(text.split())
