"""Build a knowledge graph from files: the library entry point behind `kg build`."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import export, ingest, pipeline, resolve
from .errors import InputError
from .model import Corpus, DocumentAnalysis


@dataclass
class BuildReport:
    """What a build did: for the closing summary and the exit code."""

    corpus: Corpus
    skipped: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0

    def summary(self) -> str:
        ents = Counter(e.type for e in self.corpus.entities if e.mentions)
        rels = Counter(f.type for f in self.corpus.facts)
        lines = [
            f"documents: {len(self.corpus.documents)} built, {len(self.skipped)} skipped",
            "entities:  " + ", ".join(f"{t} {n}" for t, n in sorted(ents.items())) + f" (total {sum(ents.values())})",
            "relations: " + ", ".join(f"{t} {n}" for t, n in sorted(rels.items())) + f" (total {sum(rels.values())})",
            f"triples:   {self.triples}",
            f"seconds:   {self.seconds:.1f}",
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
) -> tuple[list[DocumentAnalysis], list[InputError]]:
    """Read and analyze every document under ``paths``; bad files are reported and skipped."""
    files = list(ingest.discover(paths))
    bar = _progress(len(files)) if progress and len(files) > 20 else None
    analyses: list[DocumentAnalysis] = []
    skipped: list[InputError] = []
    for file, doc_id in files:
        try:
            src = ingest.read_text(file, doc_id)
        except InputError as err:
            if strict:
                raise
            skipped.append(err)
            if on_error:
                on_error(err)
            continue
        finally:
            if bar is not None:
                bar.update(1)
        analyses.append(pipeline.analyze(src))
    if bar is not None:
        bar.close()
    return analyses, skipped


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
) -> BuildReport:
    """Build the graph of ``paths`` (default: the bundled samples) and, if ``out_dir``, export it."""
    started = time.perf_counter()
    if out_dir is not None:
        export.check_writable(out_dir)
    analyses, skipped = analyze_paths(paths or [bundled_corpus()], strict=strict, on_error=on_error, progress=progress)
    corpus = resolve.resolve(analyses)
    report = BuildReport(corpus=corpus, skipped=skipped)
    if out_dir is not None:
        report.triples = export.write_turtle(corpus, out_dir / "graph.ttl")
        export.write_graphml(corpus, out_dir / "graph.graphml")
        export.write_ontology(out_dir / "ontology.ttl")
    report.seconds = time.perf_counter() - started
    return report
