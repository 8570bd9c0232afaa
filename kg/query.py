"""SPARQL 1.1 queries over a built graph or a persistent store, and their results.

A ``Dataset`` is what a query sees: the knowledge graph plus the ontology, so
``?x a/rdfs:subClassOf* kgo:Place`` finds every place whatever its most
specific class. It is opened from a graph file (Turtle, N-Triples, ... read
into memory) or from a store made by ``kg build --store`` (see kg/store.py),
where the default graph is the union of the knowledge graphs and the store's
bookkeeping graph is left out.

Results are read into a ``Result`` (up to an optional row limit) and written
in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV), as an aligned text
table, or, for CONSTRUCT and DESCRIBE, as Turtle or N-Triples. The same
writers serve ``kg query`` and ``kg serve``, so both give the same answers.
Limits: no query time limit here (``kg serve`` enforces one by running
queries in worker processes).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from . import iri
from .errors import QueryError
from .vocab import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# Prefixes a query may use without declaring them (its own PREFIX lines win).
DEFAULT_PREFIXES: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples")

_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.S)
_RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def syntax_message(exc: BaseException, where: str) -> str:
    """One line naming the query, the line and column, and what the parser expected."""
    text = " ".join(str(exc).split())
    m = _ERROR_AT.match(text)
    if m:
        return f"{where}: SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    return f"{where}: SPARQL syntax error: {text}"


@dataclass
class Result:
    """The answer to one query: solutions, a boolean, or triples."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False  # more rows (or triples) than the limit; the rest were dropped

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)


class Dataset:
    """A graph (or store) and the ontology, ready to answer SPARQL queries."""

    def __init__(self, store: ox.Store, *, default_graph: list | None, named_graphs: list | None, name: str) -> None:
        self.store = store
        self.default_graph = default_graph
        self.named_graphs = named_graphs
        self.name = name

    @classmethod
    def from_file(cls, path: Path, ontology: Path | None = None) -> Dataset:
        """Read a graph file into memory with the ontology (beside it, else the bundled one)."""
        if not path.is_file():
            raise QueryError(f"{path}: no such graph file; run `kg build` first, or pass --graph FILE or --store DIR")
        store = ox.Store()
        _load(store, path, ox.DefaultGraph())
        onto_graph = ox.NamedNode(iri.ONTOLOGY_GRAPH_IRI)
        if ontology is None:
            ontology = ontology_beside(path)
        if ontology is not None:
            _load(store, ontology, onto_graph)
        else:
            data = resources.files("kg").joinpath("ontology/kg.ttl").read_bytes()
            store.load(data, format=ox.RdfFormat.TURTLE, to_graph=onto_graph)
        return cls(store, default_graph=[ox.DefaultGraph(), onto_graph], named_graphs=[onto_graph], name=str(path))

    @classmethod
    def from_store(cls, path: Path) -> Dataset:
        """Open a store made by ``kg build --store``, read-only."""
        from .store import open_read_only

        store = open_read_only(path)
        graphs = sorted((g for g in store.named_graphs() if g.value != iri.STORE_GRAPH_IRI), key=lambda g: g.value)
        return cls(store, default_graph=list(graphs), named_graphs=list(graphs), name=str(path))

    def query(
        self,
        text: str,
        *,
        where: str = "query",
        max_rows: int | None = None,
    ) -> Result:
        """Run a SPARQL query; stop reading after ``max_rows`` rows (then ``truncated`` is set)."""
        try:
            answer = self.store.query(
                text,
                prefixes=DEFAULT_PREFIXES,
                default_graph=self.default_graph,
                named_graphs=self.named_graphs,
            )
        except SyntaxError as exc:
            raise QueryError(syntax_message(exc, where)) from None
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"{where}: query failed: {' '.join(str(exc).split())}") from None
        try:
            return _read(answer, max_rows)
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"{where}: query failed while reading results: {' '.join(str(exc).split())}") from None


def ontology_beside(graph: Path) -> Path | None:
    """The ontology.ttl that kg build wrote beside ``graph``, if there is one (else the bundled one is used)."""
    beside = graph.with_name("ontology.ttl")
    return beside if beside.is_file() and beside != graph else None


def _load(store: ox.Store, path: Path, graph: ox.NamedNode | ox.DefaultGraph) -> None:
    fmt = _RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise QueryError(f"{path}: unknown graph file type; expected one of {', '.join(sorted(_RDF_FORMATS))}")
    try:
        store.bulk_load(path=str(path), format=fmt, to_graph=graph)
    except SyntaxError as exc:
        raise QueryError(f"{path}: not valid RDF: {' '.join(str(exc).split())}") from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot be read ({exc})") from None


def _read(answer: object, max_rows: int | None) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[tuple[Term | None, ...]] = []
        for solution in answer:
            if max_rows is not None and len(rows) >= max_rows:
                return Result("select", variables, rows, truncated=True)
            rows.append(tuple(solution[i] for i in range(len(variables))))
        return Result("select", variables, rows)
    triples: list[ox.Triple] = []
    for triple in answer:  # type: ignore[attr-defined]
        if max_rows is not None and len(triples) >= max_rows:
            return Result("graph", triples=sorted(set(triples), key=str), truncated=True)
        triples.append(triple)
    return Result("graph", triples=sorted(set(triples), key=str))


# ------------------------------------------------------------------ writers


def write(result: Result, fmt: str) -> str:
    """The result as text: ``fmt`` is a result format, or a graph format for CONSTRUCT/DESCRIBE."""
    if result.kind == "graph":
        return write_graph(result.triples, fmt if fmt in GRAPH_FORMATS else "turtle")
    writer = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}.get(fmt)
    if writer is None:
        raise QueryError(f"unknown result format {fmt!r}; expected one of {', '.join(RESULT_FORMATS)}")
    return writer(result)


def write_graph(triples: Iterable[ox.Triple], fmt: str) -> str:
    """Triples as Turtle (with the prefixes it uses) or N-Triples."""
    triples = list(triples)
    if fmt == "ntriples":
        return _serialized(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    used: dict[str, str] = {}
    for t in triples:
        for term in (t.subject, t.predicate, t.object, getattr(t.object, "datatype", None)):
            if isinstance(term, ox.NamedNode):
                for prefix, ns in DEFAULT_PREFIXES.items():
                    # Only where the local name needs no escapes (kgr:org/... would read kgr:org\/...).
                    if term.value.startswith(ns) and _PLAIN_LOCAL.match(term.value[len(ns) :]):
                        used[prefix] = ns
    return _serialized(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(used.items()))))


def _serialized(data: bytes | None) -> str:
    # Without an output file pyoxigraph returns the bytes.
    assert data is not None
    return data.decode("utf-8")


_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json(result: Result) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows
    ]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    for v in result.variables:
        out.append(f"<variable name={quoteattr(v)}/>")
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for v, t in zip(result.variables, row, strict=True):
                if t is None:
                    continue
                if isinstance(t, ox.NamedNode):
                    val = f"<uri>{escape(t.value)}</uri>"
                elif isinstance(t, ox.BlankNode):
                    val = f"<bnode>{escape(t.value)}</bnode>"
                elif isinstance(t, ox.Literal) and t.language:
                    val = f'<literal xml:lang="{t.language}">{escape(t.value)}</literal>'
                elif isinstance(t, ox.Literal) and t.datatype.value != _XSD_STRING:
                    val = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
                else:
                    val = f"<literal>{escape(t.value if isinstance(t, ox.Literal) else str(t))}</literal>"
                out.append(f"<binding name={quoteattr(v)}>{val}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _tsv(result: Result) -> str:
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ table


def compact(term: Term | None) -> str:
    """A term for people: a prefixed name for known namespaces, a literal's text."""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in sorted(DEFAULT_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    return " ".join(_plain(term).split())


def _width(text: str) -> int:
    """Display columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(result: Result) -> str:
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    cells = [[compact(t) for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = [" | ".join(_pad(v, w) for v, w in zip(result.variables, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    for r in cells:
        lines.append(" | ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip())
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''}{', truncated' if result.truncated else ''})")
    return "\n".join(lines) + "\n"


def read_query(arg: str, stdin: io.TextIOBase | None = None) -> tuple[str, str]:
    """The query text and a name for messages: a file, ``-`` (standard input) or the text itself."""
    import sys

    if arg == "-":
        return (stdin or sys.stdin).read(), "<stdin>"
    path = Path(arg)
    looks_like_file = "\n" not in arg and len(arg) < 4096 and (arg.endswith((".rq", ".sparql")) or path.is_file())
    if looks_like_file:
        try:
            return path.read_text(encoding="utf-8-sig"), arg
        except FileNotFoundError:
            raise QueryError(f"{arg}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{arg}: cannot be read as a UTF-8 query ({exc})") from None
    return arg, "<query>"


def parse_binding(text: str) -> tuple[str, Term]:
    """``name=value`` from the command line: ``<iri>`` is an IRI, anything else a plain string."""
    name, sep, value = text.partition("=")
    name = name.lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--bind {text!r}: expected NAME=VALUE, e.g. --bind name=某某区")
    if value.startswith("<") and value.endswith(">"):
        return name, ox.NamedNode(value[1:-1])
    return name, ox.Literal(value)


def bind_values(text: str, bindings: dict[str, Term], where: str = "query") -> str:
    """Set query parameters: the query's ``VALUES ?name { UNDEF }`` line gets the value.

    Parameters are plain SPARQL (a VALUES line at the top of the WHERE
    clause), so a query file runs unchanged on any endpoint; ``--bind`` only
    fills the line in. A VALUES line over several variables
    (``VALUES (?a ?b) { (UNDEF UNDEF) }``) gets each bound one in its place.
    """
    for name, term in bindings.items():
        single = re.compile(r"VALUES\s+\?" + name + r"\s*\{[^}]*\}", re.I)
        if single.search(text):
            text = single.sub(f"VALUES ?{name} {{ {term} }}".replace("\\", "\\\\"), text, count=1)
            continue
        multi = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{\s*\(([^)]*)\)\s*\}", re.I)
        m = next((m for m in multi.finditer(text) if f"?{name}" in m.group(1).split()), None)
        if m is None:
            raise QueryError(f"{where}: --bind {name}: the query has no `VALUES ?{name} {{ UNDEF }}` line to set")
        names, values = m.group(1).split(), m.group(2).split()
        if len(values) != len(names):
            raise QueryError(f"{where}: --bind {name}: the VALUES line for ?{name} must hold one row")
        values[names.index(f"?{name}")] = str(term)
        text = text[: m.start()] + f"VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}" + text[m.end() :]
    return text
