"""Build a knowledge graph from files: the library entry point behind `kg build`."""

from __future__ import annotations

import gc
import itertools
import queue as queues
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from . import export, graph, ingest, pipeline, resolve
from .errors import InputError, WorkerError, interrupted
from .model import Corpus, DocumentAnalysis, NameNodes

# Stages in the order the summary shows them; analysis stages are summed over workers.
STAGES = ("read", "sentences", "entities", "relations", "resolve", "export")


@dataclass
class BuildReport:
    """What a build did: for the closing summary and the exit code."""

    corpus: Corpus
    skipped: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    stages: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (summed over workers)

    def summary(self) -> str:
        ents = Counter(e.type for e in self.corpus.entities if e.mentions)
        rels = Counter(f.type for f in self.corpus.facts)
        lines = [
            f"documents: {len(self.corpus.documents)} built, {len(self.skipped)} skipped",
            "entities:  " + ", ".join(f"{t} {n}" for t, n in sorted(ents.items())) + f" (total {sum(ents.values())})",
            "relations: " + ", ".join(f"{t} {n}" for t, n in sorted(rels.items())) + f" (total {sum(rels.values())})",
            f"triples:   {self.triples}",
            f"seconds:   {self.seconds:.1f}",
            "CPU:       " + ", ".join(f"{k} {self.stages[k]:.1f}s" for k in STAGES if k in self.stages),
        ]
        return "\n".join(lines)


def bundled_corpus() -> Path:
    """Folder of the sample reports shipped with the package."""
    return Path(str(resources.files("kg").joinpath("corpus")))


def analyze_paths(
    paths: list[Path],
    *,
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> tuple[list[DocumentAnalysis], list[InputError]]:
    """Read and analyze every document under ``paths``; bad files are reported and skipped."""
    skipped: list[InputError] = []
    files = _discover(paths, skipped, strict=strict, on_error=on_error)
    stream = iter_analyses(files, skipped, strict=strict, on_error=on_error, progress=progress, jobs=jobs)
    return list(stream), skipped


def iter_analyses(
    files: list[tuple[Path, str]],
    skipped: list[InputError],
    *,
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: bool = False,
    jobs: int = 1,
    timings: dict[str, float] | None = None,
) -> Iterator[DocumentAnalysis]:
    """Analyze ``(file, doc_id)`` pairs one at a time, in input order, with ``jobs`` processes.

    Bad files go to ``skipped`` (or raise, when ``strict``). Workers return
    their results in input order, so the output does not depend on ``jobs``.
    """
    for analysis, _ in _iter_results(
        _analyze_file, files, skipped, strict=strict, on_error=on_error, progress=progress, jobs=jobs, timings=timings
    ):
        yield analysis


def _iter_results(
    work: Callable[[tuple[Path, str]], _Result],
    files: list[tuple[Path, str]],
    skipped: list[InputError],
    *,
    strict: bool,
    on_error: Callable[[InputError], None] | None,
    progress: bool,
    jobs: int,
    timings: dict[str, float] | None,
) -> Iterator[tuple[DocumentAnalysis, _Written | None]]:
    """``work`` on each file, in input order, with ``jobs`` processes: (analysis, what else ``work`` made of it)."""
    bar = _progress(len(files)) if progress and len(files) > 20 else None
    if timings is None:
        timings = {}
    results: Iterator[_Result]
    shared: Generator[_Result, None, None] | None = None
    if jobs > 1 and len(files) > 1:
        pipeline.warm_up()  # forked workers inherit the loaded tables
        # The loaded tables stay: the collector need not visit them, and a
        # worker that did would copy every page they sit on (undone below).
        gc.freeze()
        jobs = min(jobs, len(files))
        results = shared = _shared(work, _batches(files, jobs), jobs - 1)
    else:
        results = map(work, files)
    try:
        for analysis, written, error, seconds in results:
            for stage, value in seconds.items():
                timings[stage] = timings.get(stage, 0.0) + value
            if bar is not None:
                bar.update(1)
            if error is not None:
                err = InputError(*error)
                if strict:
                    raise err
                skipped.append(err)
                if on_error:
                    on_error(err)
                continue
            assert analysis is not None
            yield analysis, written
    finally:
        if shared is not None:
            shared.close()  # a build stopped early (strict, interrupted) stops the workers
            gc.unfreeze()
        if bar is not None:
            bar.close()


# Most documents in a run (see _batches).
_BATCH = 8


def _batches(files: list[tuple[Path, str]], jobs: int) -> list[list[tuple[Path, str]]]:
    """``files`` cut into runs, each taken by a process as a whole: long at first, one document at the end.

    A worker's run comes back as one message, taken in by the main process
    between its own runs: fewer, larger messages cost both sides less than
    one per document. Runs shrink with the documents left (a quarter of each
    process's share, at most _BATCH), so that the processes still end
    together: the last runs are single documents.
    """
    out: list[list[tuple[Path, str]]] = []
    at = 0
    while at < len(files):
        size = max(1, min(_BATCH, (len(files) - at) // (4 * jobs)))
        out.append(files[at : at + size])
        at += size
    return out


def _work_batch(work: Callable[[tuple[Path, str]], _Result], batch: list[tuple[Path, str]]) -> list[_Result]:
    return [work(item) for item in batch]


def _shared(
    work: Callable[[tuple[Path, str]], _Result], runs: list[list[tuple[Path, str]]], workers: int
) -> Generator[_Result, None, None]:
    """``work`` on each run's files, in input order, by ``workers`` processes and this one.

    Every process takes the next run from a shared counter whenever it is
    free, so no process hands out work, and this one works on runs whenever
    the next results it needs are not back yet. Compared with a pool of as
    many workers as cores, with this process only taking in results:
    - the runs done here are neither pickled nor sent, nor received;
    - no third process competes for the cores;
    - a worker never waits for this one: it takes its next run from the
      counter, and its results are written to the pipe by a thread of its
      own (an executor's worker waited on this process's thread that hands
      out tasks and reads results, which waits for the interpreter lock
      while this process analyzes).
    """
    ctx = _context()
    counter = ctx.Value("q", 0)  # the next run to take
    queue = ctx.Queue()  # (run, its results) from the workers
    procs = [ctx.Process(target=_worker, args=(work, runs, counter, queue), daemon=True) for _ in range(workers)]
    for proc in procs:
        proc.start()
    done: dict[int, list[_Result]] = {}
    finished = False
    try:
        for at in range(len(runs)):
            while at not in done:
                if _receive(queue, done, procs, wait=False):
                    continue
                mine = _take(counter)
                if mine < len(runs):
                    done[mine] = _work_batch(work, runs[mine])
                else:  # every run is taken: the rest come from the workers
                    _receive(queue, done, procs, wait=True)
            yield from done.pop(at)
        finished = True  # every run came back: the workers are ending by themselves
    finally:
        if not finished:
            for proc in procs:
                proc.terminate()
        for proc in procs:
            proc.join()
        queue.close()


def _take(counter: Any) -> int:
    with counter.get_lock():
        at: int = counter.value
        counter.value = at + 1
    return at


def _worker(
    work: Callable[[tuple[Path, str]], _Result], runs: list[list[tuple[Path, str]]], counter: Any, queue: Any
) -> None:
    try:
        while (at := _take(counter)) < len(runs):
            queue.put((at, _work_batch(work, runs[at])))
    except KeyboardInterrupt:
        pass  # Ctrl-C reached the main process too, which stops the build


def _receive(queue: Any, done: dict[int, list[_Result]], procs: list[Any], *, wait: bool) -> bool:
    """File the results the workers have sent; with ``wait``, until some come. Whether any came."""
    got = False
    while True:
        try:
            at, results = queue.get(timeout=1.0) if wait and not got else queue.get_nowait()
        except queues.Empty:
            if got or not wait:
                return got
            codes = [p.exitcode for p in procs if p.exitcode is not None]
            if any(codes) or len(codes) == len(procs):  # killed, failed, or ended with runs not sent
                raise WorkerError(_stopped(max(codes, key=abs))) from None
            continue
        done[at] = results
        got = True


def _stopped(code: int) -> str:
    if code < 0:
        how = f"was killed ({signal.Signals(-code).name}; out of memory? try fewer --jobs)"
    else:
        how = f"ended with exit code {code}"
    return f"a worker process {how} before sending its documents' results; the build was stopped"


@dataclass
class _Written:
    """What a build makes of a document where it is analyzed, besides the analysis."""

    turtle: export.TurtleChunk  # the document's own triples
    names: NameNodes  # the part of resolution that needs only this document (resolve.name_nodes)


# What a worker sends back: the analysis (and what _Written holds, when
# asked), or the (path, problem) of an InputError (whose constructor
# arguments do not survive pickling), and the seconds it spent per stage.
_Result = tuple[DocumentAnalysis | None, _Written | None, tuple[str, str] | None, dict[str, float]]


def _analyze_file(item: tuple[Path, str]) -> _Result:
    file, doc_id = item
    timings: dict[str, float] = {}
    started = time.process_time()
    try:
        src = ingest.read_text(file, doc_id)
    except InputError as err:
        return None, None, (err.path, err.problem), timings
    timings["read"] = time.process_time() - started
    try:
        return pipeline.analyze(src, timings), None, None, timings
    except Exception as exc:  # a bug on odd input costs that document, not the build
        if interrupted(exc):
            raise KeyboardInterrupt from exc
        problem = f"could not be analyzed (internal error: {type(exc).__name__}: {exc}); please report it"
        return None, None, (str(file), problem), timings


def _analyze_and_write(item: tuple[Path, str]) -> _Result:
    """Analyze a file and write its document's own triples as Turtle, where it was analyzed.

    In a parallel build the writing then happens in the workers too, and the
    analysis sent back is the small one resolution needs (no text, no
    sentences). So does the part of resolution that needs only the document:
    the worker has the gazetteer's divisions of the document at hand, made as
    it analyzed it (the main process has not made them).
    """
    analysis, _, error, timings = _analyze_file(item)
    if analysis is None:
        return analysis, None, error, timings
    started = time.process_time()
    chunk = export.render(graph.document_triples(analysis.source, analysis.mentions, export.TURTLE))
    timings["export"] = timings.get("export", 0.0) + time.process_time() - started
    started = time.process_time()
    names = resolve.name_nodes(analysis)
    timings["resolve"] = timings.get("resolve", 0.0) + time.process_time() - started
    return _without_text(analysis), _Written(chunk, names), None, timings


def _discover(
    paths: list[Path], skipped: list[InputError], *, strict: bool, on_error: Callable[[InputError], None] | None
) -> list[tuple[Path, str]]:
    """The input files; folders that cannot be listed are reported like bad files."""
    errors: list[InputError] | None = None if strict else []
    files = ingest.discover(paths, errors)
    for err in errors or []:
        skipped.append(err)
        if on_error:
            on_error(err)
    return files


def _context():  # type: ignore[no-untyped-def]
    import multiprocessing as mp

    # fork shares the warmed-up tables; elsewhere the platform default works, only slower to start.
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)


def _progress(total: int):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=None)


def build(
    paths: list[Path] | None = None,
    out_dir: Path | None = None,
    *,
    strict: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: bool = False,
    jobs: int = 1,
) -> BuildReport:
    """Build the graph of ``paths`` (default: the bundled samples) and, if ``out_dir``, export it.

    Documents are analyzed one at a time (``jobs`` at a time in worker
    processes). With ``out_dir``, each document's own triples (its text, its
    mentions) are written as soon as it is analyzed and its text and
    sentences are let go: the returned corpus then holds document metadata
    without text, and memory holds only mentions and relations, never the
    whole corpus text or an RDF graph.
    """
    started = time.perf_counter()
    if out_dir is not None:
        export.check_writable(out_dir, ("graph.ttl", "graph.graphml", "ontology.ttl"))
    report = BuildReport(corpus=Corpus([], [], []))
    files = _discover(paths or [bundled_corpus()], report.skipped, strict=strict, on_error=on_error)
    options: dict[str, Any] = dict(
        strict=strict, on_error=on_error, progress=progress, jobs=jobs, timings=report.stages
    )
    if out_dir is None:
        analyses = list(iter_analyses(files, report.skipped, **options))
        report.corpus = _timed(report.stages, "resolve", resolve.resolve, analyses)
    else:
        with export.atomic_write(out_dir / "graph.ttl") as fh:
            writer = export.TurtleWriter(fh)
            # Each document's names are joined as it arrives: in a parallel
            # build, while the workers analyze the next documents.
            resolver = resolve.Resolver()
            try:
                for analysis, written in _iter_results(_analyze_and_write, files, report.skipped, **options):
                    assert written is not None
                    _timed(report.stages, "export", writer.append, written.turtle)
                    _timed(report.stages, "resolve", resolver.add, analysis, written.names)
                    # The analyses kept so far, and then the resolved corpus,
                    # live to the end of the build: frozen, the collector (run
                    # often while documents are analyzed or received, and by
                    # the export's many short-lived objects) walks only what
                    # is new instead of all of them again and again.
                    gc.freeze()
                # Again: the end of a parallel build's pool unfroze everything,
                # and finish's new objects then set off full collections over
                # the whole heap (which doubled its time).
                gc.freeze()
                # The documents' triples (most of the file) go to disk while
                # the corpus is resolved, not in the fsync that ends the file
                # (there, 0.05 s of waiting for 90 MB from the 10 MB corpus).
                # Done before _write_corpus forks.
                flushing = export.WriteBack(fh)
                try:
                    report.corpus = _timed(report.stages, "resolve", resolver.finish)
                finally:
                    flushing.wait()
                gc.freeze()
                _timed(report.stages, "export", _write_corpus, report.corpus, writer, out_dir, jobs)
            finally:
                gc.unfreeze()
            report.triples = writer.close()
        export.write_ontology(out_dir / "ontology.ttl")
    report.seconds = time.perf_counter() - started
    return report


def _write_corpus(corpus: Corpus, writer: export.TurtleWriter, out_dir: Path, jobs: int) -> None:
    """Write the corpus-level triples and the GraphML, in two processes when ``jobs`` allows.

    Nothing else runs after resolution, so one of the cores would idle: a
    forked process (which shares the resolved corpus, unpickled) writes the
    last facts' and the sentences' triples while this one writes the
    entities' triples, the first facts' and the GraphML (``_facts_here``
    cuts the facts where the two sides come out about even). The parts are
    joined in the order of corpus_triples, the bytes one process writes.
    """
    terms = export.TURTLE
    graphml = out_dir / "graph.graphml"
    if jobs <= 1:
        writer.write(graph.corpus_triples(corpus, terms))
        export.write_graphml(corpus, graphml)
        return
    # The other process leaves its Turtle in a file, not in a pipe: a pipe
    # would hold it up at its first 64 KiB until this process is done and
    # reads, and then copy the rest in small pieces while both wait.
    with tempfile.TemporaryFile(dir=out_dir) as part:
        cut = _facts_here(corpus)

        def facts_and_sentences() -> export.TurtleChunk:
            chunk = export.render(
                itertools.chain(
                    graph.fact_triples(corpus, terms, corpus.facts[cut:]), graph.sentence_triples(corpus, terms)
                )
            )
            part.seek(0)
            part.truncate()  # run here after the child failed: what it wrote goes
            part.write(chunk.data)
            part.flush()
            return replace(chunk, data=b"")

        later = _in_child(facts_and_sentences)
        writer.write(graph.entity_triples(corpus, terms))
        writer.write(graph.fact_triples(corpus, terms, corpus.facts[:cut]))
        export.write_graphml(corpus, graphml)
        writer.append(later(), part)


def _facts_here(corpus: Corpus) -> int:
    """How many facts, from the first, the main process writes after the entities in ``_write_corpus``.

    The work of each side is estimated in the time of one fact triple, with
    the costs per triple measured on the benchmark corpus: an entity's and a
    sentence's triples cost about 1.5 times as much (labels, sorted
    mentions; about 5 triples per cited sentence), the GraphML about 0.7
    per mention and evidence. A poor estimate only costs time: the bytes do
    not depend on where the facts are cut. The cut follows a fact with
    evidence, so that the chunk after it starts with a new subject.
    """
    mentions = sum(len(e.mentions) for e in corpus.entities)
    evidence = [len(f.evidence) for f in corpus.facts]
    here = 1.5 * (mentions + 6 * len(corpus.entities)) + 0.7 * (mentions + sum(evidence))
    there = 1.5 * 5 * sum(evidence) + sum(1 + 9 * n for n in evidence)
    cut = 0
    while cut < len(evidence) and (here < there or (cut and not evidence[cut - 1])):
        work = 1 + 9 * evidence[cut]
        here, there, cut = here + work, there - work, cut + 1
    return cut


def _in_child(func: Callable[..., _T], *args: Any) -> Callable[[], _T]:
    """Start ``func(*args)`` in a forked process; the function returned waits for its result.

    Where fork is missing, or the child fails, ``func`` runs here when its
    result is asked for (and raises what it raises).
    """
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return lambda: func(*args)
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def run() -> None:
        try:
            send.send((True, func(*args)))
        except BaseException:
            send.send((False, None))

    child = ctx.Process(target=run, daemon=True)
    child.start()
    send.close()

    def result() -> _T:
        try:
            ok, value = receive.recv()
        except EOFError:  # the child died
            ok, value = False, None
        finally:
            receive.close()
            child.join()
        return value if ok else func(*args)

    return result


def _without_text(analysis: DocumentAnalysis) -> DocumentAnalysis:
    """What resolution needs of a document whose text is already written and whose names are worked out.

    Metadata and mentions; its relations go with its names (``NameNodes.relations``).
    """
    return DocumentAnalysis(
        source=replace(analysis.source, text="", norm=""),
        sentences=[],
        mentions=analysis.mentions,
        relations=[],
        protagonist=analysis.protagonist,
    )


_T = TypeVar("_T")


def _timed(timings: dict[str, float], stage: str, func: Callable[..., _T], *args: Any) -> _T:
    began = time.process_time()
    try:
        return func(*args)
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.process_time() - began
