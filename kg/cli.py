"""The `kg` command line: a thin shell over the library.

Exit codes: 0 success, 1 some input files were skipped, 2 usage or fatal error (a push the server refused
or that could not reach it included), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import InputError, KGError, interrupted, sigint_guard

EXIT_OK, EXIT_SKIPPED, EXIT_FATAL = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    def warn(err: InputError) -> None:
        print(f"kg: skipped {err}", file=sys.stderr)

    if args.store:
        return _build_store(args, warn)
    report = build(
        [Path(p) for p in args.paths] or None,
        Path(args.out or "exports"),
        strict=args.strict,
        on_error=warn,
        progress=not args.quiet,
        jobs=args.jobs,
    )
    if not args.quiet:
        print(report.summary(), file=sys.stderr)
        print(f"wrote {Path(args.out or 'exports') / 'graph.ttl'}, graph.graphml, ontology.ttl", file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _build_store(args: argparse.Namespace, warn) -> int:  # type: ignore[no-untyped-def]
    """kg build --store DIR: add the documents to a persistent store (and export all of it with --out)."""
    from . import export, store
    from .build import bundled_corpus

    out = Path(args.out) if args.out else None
    if out is not None:
        export.check_writable(out)
    paths = [Path(p) for p in args.paths] or [bundled_corpus()]
    report = store.update(Path(args.store), paths, strict=args.strict, on_error=warn, jobs=args.jobs)
    if out is not None:
        export.write_turtle(report.corpus, out / "graph.ttl")
        export.write_graphml(report.corpus, out / "graph.graphml")
        export.write_ontology(out / "ontology.ttl")
    if not args.quiet:
        print(report.summary(), file=sys.stderr)
        print(f"updated store {args.store}" + (f"; wrote {out / 'graph.ttl'}" if out else ""), file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import score_files

    graph = Path(args.graph)
    ontology = Path(args.ontology) if args.ontology else graph.with_name("ontology.ttl")
    scores = score_files(graph, Path(args.gold), ontology if ontology.exists() else None)
    print(scores.table())
    if args.show:
        for doc in scores.missed:
            print(f"\n== {doc}\nmissed: {'、'.join(scores.missed[doc])}")
            print(f"spurious: {'、'.join(scores.spurious[doc])}")
            print("missed relations: " + "; ".join(scores.missed_relations[doc]))
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from .build import build
    from .explain import explain

    report = build([Path(p) for p in args.paths] or None, None)
    print(explain(report.corpus, args.entity))
    return EXIT_OK


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a number of processes (0 for one per CPU), got {value!r}")
    return n or (os.cpu_count() or 1)


def _cmd_viz(args: argparse.Namespace) -> int:
    from . import viz

    source = Path(args.store or args.graph)
    view = viz.from_store(source) if args.store else viz.from_rdf(source)
    title = args.title or f"kg: {source.name}"
    if args.png:
        viz.write_png(view, Path(args.png), title=title)
        print(f"wrote {args.png}", file=sys.stderr)
    if args.gexf:
        viz.write_gexf(view, Path(args.gexf))
        print(f"wrote {args.gexf}", file=sys.stderr)
    if args.out or not (args.png or args.gexf):
        out = Path(args.out or "exports/graph.html")
        viz.write_html(view, out, title=title)
        counts = f"{len(view.nodes)} entities, {len(view.edges)} relations"
        print(f"wrote {out} ({counts}); open it in a browser", file=sys.stderr)
    return EXIT_OK


def _open_dataset(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .query import Dataset

    if args.store:
        return Dataset.from_store(Path(args.store))
    return Dataset.from_file(Path(args.graph or "exports/graph.ttl"))


def _cmd_query(args: argparse.Namespace) -> int:
    from .query import bind_values, parse_binding, read_query, write

    text, where = read_query(args.query)
    text = bind_values(text, dict(parse_binding(b) for b in args.bind), where)
    result = _open_dataset(args).query(text, where=where)
    sys.stdout.write(write(result, args.format))
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import EndpointServer, Source

    source = Source(graph=Path(args.graph) if args.graph else None, store=Path(args.store) if args.store else None)
    server = EndpointServer(
        (args.host, args.port), source, workers=args.workers, timeout=args.timeout, max_rows=args.max_rows
    )
    print(
        f"kg: serving {args.store or args.graph or 'exports/graph.ttl'} read-only at {server.url} (Ctrl-C stops)",
        file=sys.stderr,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def _cmd_push(args: argparse.Namespace) -> int:
    from . import push
    from .errors import UsageError

    endpoint = push.check_endpoint(args.endpoint)
    graph = push.check_graph_iri(args.graph) if args.graph else None
    password = None
    if args.user is not None:
        # Never a command-line option: it would show in `ps` and in the shell's history.
        password = os.environ.get("KG_PUSH_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise UsageError(f"--user {args.user}: set the password in the KG_PUSH_PASSWORD environment variable")
            import getpass

            password = getpass.getpass(f"password for {args.user} at {endpoint}: ")
        if endpoint.startswith("http://") and not _loopback(endpoint):
            print(
                "kg: warning: the password goes unencrypted over http://; use https:// if the server has it",
                file=sys.stderr,
            )
    include_ontology = not args.no_ontology
    if args.store:
        parts = push.from_store(Path(args.store), graph, include_ontology=include_ontology)
    else:
        parts = push.from_graph_file(Path(args.from_graph), graph, include_ontology=include_ontology)
    report = push.push(
        endpoint, parts, append=args.append, fmt=args.format, user=args.user, password=password, timeout=args.timeout
    )
    if not args.quiet:
        print(f"kg: {report.summary()}", file=sys.stderr)
    return EXIT_OK


def _loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build a knowledge graph from Chinese policy and party-building reports.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "build",
        help="build the graph of text files (default: the bundled sample reports)",
        description="Build the graph of text files or folders (*.txt, recursive).",
        epilog="example: kg build reports/ --out exports/",
    )
    p.add_argument("paths", nargs="*", help="files or folders; none: the bundled samples")
    p.add_argument("--out", help="output folder (default: exports/, or none with --store)")
    p.add_argument(
        "--store",
        metavar="DIR",
        help="add the documents to the persistent Oxigraph store in DIR: "
        "unchanged documents are not analyzed again, changed ones replace their old version",
    )
    p.add_argument("--strict", action="store_true", help="stop at the first bad input file")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="analyze N documents at a time in worker processes (0: one per CPU); same output as one job",
    )
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser(
        "eval",
        help="score a graph against gold annotations",
        description="Entity and relation precision, recall and F1 of a graph against *.gold.json files.",
        epilog="example: kg eval --gold annotations/ exports/graph.ttl --show",
    )
    p.add_argument("graph", nargs="?", default="exports/graph.ttl", help="graph file (default: exports/graph.ttl)")
    p.add_argument("--gold", required=True, help="folder of <document>.gold.json files")
    p.add_argument("--ontology", help="ontology file (default: ontology.ttl beside the graph, else the bundled one)")
    p.add_argument("--show", action="store_true", help="list missed and spurious entities per document")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser(
        "explain",
        help="show why an entity's surface forms were merged",
        description="Build the corpus and show, for an entity given by IRI or name, every surface form and the rule "
        "and sentence that attached it.",
        epilog="example: kg explain 长江",
    )
    p.add_argument("entity", help="entity IRI, or a name or alias (Simplified or Traditional)")
    p.add_argument("paths", nargs="*", help="files or folders; none: the bundled samples")
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser(
        "viz",
        help="see the graph: one offline HTML page (search, filters, evidence), or a PNG overview",
        description="Write an interactive view of a built graph as one self-contained HTML file (no network "
        "needed), and/or a static PNG overview taken with headless Chromium.",
        epilog="example: kg viz --graph exports/graph.ttl --out exports/graph.html --png exports/graph.png",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--graph", default="exports/graph.ttl", help="graph from kg build (default: exports/graph.ttl)")
    where.add_argument("--store", help="or a store made by kg build --store DIR")
    p.add_argument("--out", help="HTML file to write (default: exports/graph.html, unless --png/--gexf only)")
    p.add_argument("--png", help="also (or only) write a static overview image; needs Chromium and a CJK font")
    p.add_argument("--gexf", help="also (or only) write GEXF for Gephi, with this layout and the type colours")
    p.add_argument("--title", help="page title (default: kg: <graph file name>)")
    p.set_defaults(func=_cmd_viz)

    p = sub.add_parser(
        "query",
        help="run a SPARQL query over the graph or a store",
        description="Run a SPARQL 1.1 query over exports/graph.ttl (or --graph FILE, or --store DIR) with the "
        "ontology; the project's prefixes (kgo:, kgr:, skos:, nif:, ...) need no PREFIX line.",
        epilog="examples: kg query queries/alliance-members.rq; "
        "kg query 'SELECT ?a WHERE { ?a a kgo:Alliance }' --format csv; kg query - < my.rq",
    )
    p.add_argument("query", help="a .rq file, - for standard input, or the query text")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--graph", help="graph file (default: exports/graph.ttl)")
    src.add_argument("--store", help="store folder made by kg build --store")
    p.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "xml"),
        default="table",
        help="result format (default: table); CONSTRUCT and DESCRIBE print Turtle",
    )
    p.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill the query's `VALUES ?NAME { UNDEF }` line with VALUE (a string, or <iri>); repeatable",
    )
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser(
        "serve",
        help="serve the graph or a store as a read-only SPARQL endpoint",
        description="A SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql (GET, POST form, POST "
        "application/sparql-query; JSON, XML, CSV, TSV results; Turtle for CONSTRUCT). Read-only; each query "
        "runs under a time limit and returns at most --max-rows rows.",
        epilog="example: kg serve --store kg-store/ --port 7878, then "
        "curl 'http://127.0.0.1:7878/sparql' --data-urlencode 'query=ASK { ?a a kgo:Alliance }'",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--graph", help="graph file (default: exports/graph.ttl)")
    src.add_argument("--store", help="store folder made by kg build --store")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default: 30)")
    p.add_argument("--max-rows", type=int, default=10000, help="most rows or triples returned (default: 10000)")
    p.add_argument("--workers", type=int, default=2, help="queries answered at once, one process each (default: 2)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser(
        "push",
        help="send the graph or a store to a SPARQL Graph Store server (Oxigraph, Fuseki, Virtuoso, ...)",
        description="Send exports/graph.ttl (or --from-graph FILE, or a store) with its ontology to a server's "
        "SPARQL 1.1 Graph Store HTTP Protocol endpoint. PUT replaces the target graph (pushing twice leaves one "
        "copy); --append POSTs, adding to it. A store goes graph by graph, each to the named graph of the same "
        "IRI. HTTP basic authentication: --user NAME, the password in KG_PUSH_PASSWORD.",
        epilog="examples: kg push --endpoint http://localhost:7878/store; "
        "kg push --endpoint http://localhost:3030/kg/data --graph https://example.org/graph/kg; "
        "kg push --endpoint http://localhost:7878/store --store kg-store/",
    )
    p.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="the Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
        "http://localhost:3030/DATASET/data (Fuseki), http://localhost:8890/sparql-graph-crud (Virtuoso)",
    )
    p.add_argument(
        "--graph",
        metavar="IRI",
        help="named graph to send to (default: the server's default graph; "
        "with --store: each of the store's graphs to its own IRI)",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--from-graph",
        default="exports/graph.ttl",
        metavar="FILE",
        help="graph file to send (default: exports/graph.ttl)",
    )
    src.add_argument("--store", metavar="DIR", help="or a store made by kg build --store")
    p.add_argument("--append", action="store_true", help="add to the target graph (POST) instead of replacing it (PUT)")
    p.add_argument(
        "--no-ontology",
        action="store_true",
        help="leave the ontology out (queries with rdfs:subClassOf* then need it on the server)",
    )
    p.add_argument(
        "--format", choices=("turtle", "ntriples"), default="turtle", help="what the body is sent as (default: turtle)"
    )
    p.add_argument(
        "--user",
        metavar="NAME",
        help="user name for HTTP basic authentication; the password is read "
        "from the KG_PUSH_PASSWORD environment variable (or asked for on a terminal)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="seconds to wait for the server at each step (default: 120)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    p.set_defaults(func=_cmd_push)
    return parser


def _interrupted() -> int:
    print("kg: interrupted; previous exports left intact", file=sys.stderr)
    return EXIT_INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    with sigint_guard():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KGError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        # The reader went away (`kg query ... | head`): not an error; keep Python quiet at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:  # disk full, folder removed mid-build...: name the file
        where = f"{err.filename}: " if err.filename else ""
        print(f"kg: error: {where}{(err.strerror or str(err)).lower()}", file=sys.stderr)
        return EXIT_FATAL
    except MemoryError:
        print("kg: error: out of memory; build fewer or smaller files at a time", file=sys.stderr)
        return EXIT_FATAL
    except Exception as err:  # a bug: one line, the traceback on request
        if interrupted(err):
            return _interrupted()
        if os.environ.get("KG_DEBUG"):
            raise
        print(
            f"kg: internal error: {type(err).__name__}: {err} (a bug; KG_DEBUG=1 shows the traceback)", file=sys.stderr
        )
        return EXIT_FATAL


if __name__ == "__main__":
    sys.exit(main())
