"""A read-only SPARQL 1.1 Protocol endpoint over a graph file or a store.

``kg serve`` answers ``GET /sparql?query=...``, ``POST`` with a form
(``query=...``) and ``POST`` with ``Content-Type: application/sparql-query``.
Results come in the format the ``Accept`` header asks for: SPARQL JSON
(default), XML, CSV or TSV for SELECT and ASK; Turtle (default) or
N-Triples for CONSTRUCT and DESCRIBE. A ``format=`` parameter overrides
``Accept`` (for browsers). Every answer carries CORS headers.

Scope and limits:

- read-only: SPARQL Update (``update=`` or ``application/sparql-update``) is
  refused with 403, and the data is opened read-only anyway;
- each query runs in a worker process (Oxigraph queries cannot be
  interrupted from Python): one that runs past the time limit is killed,
  its worker replaced, and the client gets 503;
- at most ``max_rows`` rows (or triples) are returned; when a result is cut,
  the ``X-SPARQL-MaxRows`` header says so (as Virtuoso does);
- requests with a body over ``max_body`` bytes get 413; malformed queries get
  400 with the parser's message (line and column); a worker that dies is
  replaced. Binds to the loopback interface unless told otherwise.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import KGError, QueryError

# (format name, media type) in order of preference for each kind of result.
RESULT_TYPES = (
    ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
    ("json", "application/json"),
    ("xml", "application/xml"),
    ("xml", "text/xml"),
    ("table", "text/plain"),
)
GRAPH_TYPES = (
    ("turtle", "text/turtle"),
    ("ntriples", "application/n-triples"),
    ("turtle", "application/x-turtle"),
    ("ntriples", "text/plain"),
)


def negotiate(accept: str | None, kind: str, fmt: str | None = None) -> tuple[str, str] | None:
    """The (format, media type) to answer with, or None when nothing acceptable is offered.

    ``kind`` is "select", "ask" or "graph"; ``fmt`` (the ``format=`` parameter)
    wins over ``Accept``. Media ranges with q-values and wildcards are honoured.
    """
    offers = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if fmt:
        fmt = {"turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "text": "table"}.get(fmt, fmt)
        return next(((f, t) for f, t in offers if f == fmt or t == fmt), None)
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranges.append((-q, i, fields[0].lower()))
    for _, _, media in sorted(ranges):
        for f, t in offers:
            major = t.split("/")[0]
            if media in (t, "*/*", "*") or media == f"{major}/*":
                return f, t
    return None


@dataclass(frozen=True)
class Source:
    """What the endpoint serves: a graph file or a store folder."""

    graph: Path | None = None
    store: Path | None = None

    def open(self):  # type: ignore[no-untyped-def]
        from .query import Dataset

        if self.store is not None:
            return Dataset.from_store(self.store)
        return Dataset.from_file(self.graph or Path("exports/graph.ttl"))


# ------------------------------------------------------------------ workers


@dataclass(frozen=True)
class Request:
    query: str
    accept: str | None
    fmt: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


Reply = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, extra headers


def answer(dataset: Any, req: Request, max_rows: int) -> Reply:
    """Run one request against an open dataset (in a worker process)."""
    import pyoxigraph as ox

    from .query import write

    try:
        if req.default_graphs or req.named_graphs:
            dataset = _restricted(dataset, req, ox)
        result = dataset.query(req.query, where="query", max_rows=max_rows)
    except QueryError as err:
        return _text(400, str(err))
    chosen = negotiate(req.accept, result.kind, req.fmt)
    if chosen is None:
        offers = ", ".join(t for _, t in (GRAPH_TYPES if result.kind == "graph" else RESULT_TYPES))
        return _text(406, f"cannot answer this query as {req.fmt or req.accept!r}; offered: {offers}")
    fmt, media = chosen
    headers = {"X-SPARQL-MaxRows": str(max_rows)} if result.truncated else {}
    return 200, f"{media}; charset=utf-8", write(result, fmt).encode("utf-8"), headers


def _restricted(dataset: Any, req: Request, ox: Any) -> Any:
    from .query import Dataset

    default = [ox.NamedNode(g) for g in req.default_graphs] or dataset.default_graph
    named = [ox.NamedNode(g) for g in req.named_graphs] or dataset.named_graphs
    return Dataset(dataset.store, default_graph=default, named_graphs=named, name=dataset.name)


def _text(status: int, message: str) -> Reply:
    return status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), {}


def _worker_main(conn: Connection, source: Source, max_rows: int) -> None:
    try:
        dataset = source.open()
    except KGError as err:
        conn.send(("error", str(err)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req is None:
            return
        try:
            reply = answer(dataset, req, max_rows)
        except Exception as exc:  # a bug must not take the endpoint down: report it as 500
            reply = _text(500, f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}")
        conn.send(reply)


class _Worker:
    def __init__(self, source: Source, max_rows: int) -> None:
        ctx = mp.get_context("spawn")  # a clean interpreter: no inherited threads or open stores
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, source, max_rows), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise QueryError(f"the query worker did not start within {timeout:.0f} s")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise QueryError(message)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Pool:
    """Worker processes that each hold the dataset; a query that overruns its time kills its worker."""

    def __init__(self, source: Source, *, workers: int, timeout: float, max_rows: int) -> None:
        self.source, self.timeout, self.max_rows = source, timeout, max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        started = [self._spawn() for _ in range(max(1, workers))]
        try:
            for w in started:
                w.wait_ready(max(60.0, timeout))
        except KGError:
            self.close()
            raise
        for w in started:
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self.source, self.max_rows)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            self._all.discard(dead)

        def start() -> None:
            w = self._spawn()
            try:
                w.wait_ready(max(60.0, self.timeout))
            except KGError:
                return
            self._idle.put(w)

        threading.Thread(target=start, daemon=True).start()

    def run(self, req: Request) -> Reply:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return _text(503, f"all query workers are busy; try again (time limit {self.timeout:g} s)")
        try:
            w.conn.send(req)
            if not w.conn.poll(self.timeout):
                self._replace(w)
                return _text(503, f"query exceeded the time limit of {self.timeout:g} s; add LIMIT or narrow it")
            reply: Reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            return _text(500, "the query worker stopped; it has been restarted")
        self._idle.put(w)
        return reply

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# ------------------------------------------------------------------ HTTP

HELP = """kg SPARQL endpoint (read-only)

GET  /sparql?query=...                       SPARQL 1.1 Protocol query
POST /sparql  query=... (form)               same, as a form
POST /sparql  Content-Type: application/sparql-query
Results by Accept: application/sparql-results+json (default), application/sparql-results+xml,
text/csv, text/tab-separated-values; CONSTRUCT/DESCRIBE: text/turtle, application/n-triples.
Prefixes kgo:, kgr:, skos:, nif:, prov:, dcterms:, ... need no PREFIX line.
"""


# A refused body is drained up to this size and for this long, then the connection is dropped.
_DRAIN_LIMIT = 64 << 20
_DRAIN_SECONDS = 5.0


class Handler(BaseHTTPRequestHandler):
    """One HTTP request; the server holds the pool and the limits."""

    server: EndpointServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, reply: Reply) -> None:
        status, ctype, body, extra = reply
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        self.send_header("Vary", "Accept")
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _discard(self, length: int) -> None:
        """Read and drop a refused body before closing.

        Closing a socket with unread data makes the kernel send a reset, and a
        client still writing its body then sees "connection reset" instead of
        the 413. Draining (bounded in bytes and time) lets it read the answer.
        """
        if length > _DRAIN_LIMIT:
            return
        try:
            self.connection.settimeout(_DRAIN_SECONDS)
            while length > 0:
                chunk = self.rfile.read(min(length, 1 << 16))
                if not chunk:
                    return
                length -= len(chunk)
        except OSError:
            return

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            return self._send(_text(404, f"no such path {url.path!r}; the endpoint is /sparql"))
        params = parse_qs(url.query, keep_blank_values=True)
        if "query" not in params and "update" not in params:
            if url.path == "/":
                return self._send((200, "text/plain; charset=utf-8", HELP.encode("utf-8"), {}))
            return self._send(_text(400, "missing query parameter: GET /sparql?query=..."))
        self._dispatch(params, None)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            self.close_connection = True
            return self._send(_text(404, f"no such path {url.path!r}; the endpoint is /sparql"))
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return self._send(_text(411, "a POST needs a Content-Length"))
        if int(length) > self.server.max_body:
            self.close_connection = True
            self._send(_text(413, f"request body over {self.server.max_body} bytes"))
            return self._discard(int(length))
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                return self._send(_text(400, "the form is not UTF-8"))
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            return self._dispatch(params, None)
        if ctype == "application/sparql-update":
            return self._send(_text(403, "this endpoint is read-only: SPARQL Update is not accepted"))
        if ctype == "application/sparql-query":
            try:
                return self._dispatch(params, body.decode("utf-8"))
            except UnicodeDecodeError:
                return self._send(_text(400, "the query is not UTF-8"))
        return self._send(_text(415, f"unsupported Content-Type {ctype!r}; use application/sparql-query or a form"))

    def _dispatch(self, params: dict[str, list[str]], direct: str | None) -> None:
        if "update" in params:
            return self._send(_text(403, "this endpoint is read-only: SPARQL Update is not accepted"))
        queries = params.get("query", []) if direct is None else [direct]
        if len(queries) != 1:
            return self._send(_text(400, "exactly one query is expected"))
        req = Request(
            query=queries[0],
            accept=self.headers.get("Accept"),
            fmt=next(iter(params.get("format") or []), None),
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        self._send(self.server.pool.run(req))


class EndpointServer(ThreadingHTTPServer):
    """The HTTP server with its worker pool and limits."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        source: Source,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        max_rows: int = 10000,
        max_body: int = 1 << 20,
        quiet: bool = False,
    ) -> None:
        self.pool = Pool(source, workers=workers, timeout=timeout, max_rows=max_rows)
        self.max_body, self.quiet = max_body, quiet
        try:
            super().__init__(address, Handler)
        except OSError as exc:
            self.pool.close()
            raise QueryError(f"cannot listen on {address[0]}:{address[1]} ({exc.strerror or exc})") from None

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if isinstance(host, bytes):
            host = host.decode("ascii")
        return f"http://{host}:{port}/sparql"
