"""Throughput, stage times, peak memory and Turtle export speed of `kg build`, in one run.

Not part of the test suite. Run from the repository root:

    python benchmarks/bench.py            # the full run (10 MB corpus, 1M-triple export)
    python benchmarks/bench.py --quick    # a small version of the same (about a minute)

What it does:

1. makes a corpus of at least ``--size`` MB from the bundled sample reports:
   many copies, each with its paragraphs shuffled by a fixed seed, so that no
   two files are byte-identical (the header lines stay on top);
2. ``kg build`` end to end, one job, on the smaller prefixes of that corpus
   (``--mem-sizes``): seconds and the child's peak resident memory per size;
3. ``--rounds`` rounds (default 5) on the largest size, each of five runs:
   the floor (jieba segmentation alone over the same text, on one core:
   ``Tokenizer.cut(text, HMM=False)``, the call kg makes), then ``kg build``
   with one job, with ``--jobs`` processes, with ``--jobs`` again and with
   one job again; throughput in characters per second, seconds per stage and
   peak memory come from the first one-job build of each round;
4. the export of a graph of about ``--triples`` triples (the analyses of the
   smallest size, copied under other document names) to Turtle by kg's
   writer, and by rdflib's serializer from an rdflib Graph of the same triples.

Every measurement runs in a fresh child process (after one start that fills
kg's table cache), so that its peak memory is its own; its CPU seconds are
the child's and those of the processes it waited for (the workers, the
export's second process).

Why rounds: the host's CPU speed drifts by 10-20% within minutes, so one pair
of builds gave anything from 1.55x to 1.89x for the same code. The runs of a
round follow one another, so a ratio within a round (one job to N jobs, the
floor to one job) sees about the same CPU speed on both sides. The builds of
a round run in the order 1, N, N, 1 jobs, and the speedup is the ratio of
the two one-job times to the two N-job times: a drift that speeds up or
slows down the host steadily through the round weighs on both sides alike
(with the order 1, N it favoured one side; one run of that order gave round
speedups from 1.46x to 2.01x). The table
gives each time's median over the rounds with its spread (min-max), the
speedup and the ratio to the floor as the medians of the rounds' ratios, and
the CPU seconds N jobs spend beyond one job (the parallel overhead: pickling,
IPC, the pool). With an even number of rounds a median is the lower of the two
middle values, so that every figure printed is one that was measured. The
floor is measured in every round too, right before the one-job build it is
compared with: on the 10 MB corpus a round takes about 50 s, the whole run
about eight minutes (rdflib's export takes the longest). Five rounds by
default: with three, one round slowed by the host moved the median by a few
hundredths (1.68x in one run, 1.73x in the next of the same code).

It prints the tables, the ratio of kg to the floor and the run's conditions
(CPUs, load average), since timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "kg" / "corpus"
MB = 1_000_000


# ------------------------------------------------------------------ corpus


def make_corpus(folder: Path, size_mb: float, seed: int = 2024) -> list[Path]:
    """Write shuffled copies of the samples into ``folder`` until it holds ``size_mb`` MB; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    files: list[Path] = []
    total, i = 0, 0
    while total < size_mb * MB:
        k = i % len(samples)
        lines = texts[k].split("\n")
        head, body = lines[:3], lines[3:]  # title, byline, source stay on top
        random.Random(seed * 100_003 + i).shuffle(body)
        data = "\n".join(head + body).encode("utf-8")
        path = folder / f"{i:05d}_{samples[k].name}"
        path.write_bytes(data)
        files.append(path)
        total += len(data)
        i += 1
    return files


def prefix_corpus(files: list[Path], folder: Path, size_mb: float) -> Path:
    """Link the first files of ``files`` that make ``size_mb`` MB into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in files:
        if total >= size_mb * MB:
            break
        target = folder / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        total += path.stat().st_size
    return folder


def corpus_chars(folder: Path) -> tuple[int, int, int]:
    """(files, bytes, characters) of a corpus folder."""
    files = sorted(folder.glob("*.txt"))
    nbytes = sum(p.stat().st_size for p in files)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    return len(files), nbytes, chars


# ------------------------------------------------------------------ children

# Each measurement runs in a fresh interpreter, so that its peak memory is its own.

_FLOOR = """
import json, sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
tok = jieba.Tokenizer()
t0 = time.perf_counter(); tok.initialize(); t1 = time.perf_counter()
words = 0
c1 = time.process_time()
for text in texts:
    for _ in tok.cut(text, HMM=False):
        words += 1
t2 = time.perf_counter()
c2 = time.process_time()
print(json.dumps({"load": t1 - t0, "seconds": t2 - t1, "cpu_cut": c2 - c1, "chars": sum(map(len, texts))}))
"""

_BUILD = """
import json, sys, time
from pathlib import Path
from kg.build import build
t0 = time.perf_counter()
report = build([Path(sys.argv[1])], Path(sys.argv[2]), jobs=int(sys.argv[3]))
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "stages": report.stages, "triples": report.triples,
                  "documents": len(report.corpus.documents), "skipped": len(report.skipped)}))
"""

_EXPORT = """
import json, sys, time
from dataclasses import replace
from pathlib import Path
from kg import graph
from kg.build import analyze_paths
from kg.export import TURTLE, TurtleWriter
from kg.resolve import resolve

target, out, with_rdflib = int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
analyses, _ = analyze_paths([Path(sys.argv[1])])

def copy(a, k):
    doc = f"copy{k}/"
    def m2(m):
        return replace(m, doc_id=doc + m.doc_id)
    def s2(s):
        return replace(s, doc_id=doc + s.doc_id)
    rels = [replace(r, head=m2(r.head), tail=m2(r.tail), sentence=s2(r.sentence)) for r in a.relations]
    return replace(a, source=replace(a.source, doc_id=doc + a.source.doc_id), sentences=[],
                   mentions=[m2(m) for m in a.mentions], relations=rels,
                   protagonist=m2(a.protagonist) if a.protagonist else None)

per_copy = sum(1 for _ in graph.triples(resolve(analyses)))
copies = max(1, round(target / per_copy))
corpus = resolve([copy(a, k) for k in range(copies) for a in analyses])

# As `kg build` writes: triples made with the Turtle term maker, streamed to the file.
t0, c0 = time.perf_counter(), time.process_time()
with open(out / "kg.ttl", "wb") as fh:
    writer = TurtleWriter(fh)
    writer.write(graph.triples(corpus, TURTLE))
    n = writer.close()
result = {"triples": n, "kg": time.perf_counter() - t0, "kg_cpu": time.process_time() - c0,
          "bytes": (out / "kg.ttl").stat().st_size}
if with_rdflib:
    t0, c0 = time.perf_counter(), time.process_time()
    g = graph.build(corpus)
    t1, c1 = time.perf_counter(), time.process_time()
    g.serialize(destination=str(out / "rdflib.ttl"), format="turtle", encoding="utf-8")
    t2, c2 = time.perf_counter(), time.process_time()
    result.update({"rdflib_graph": t1 - t0, "rdflib_graph_cpu": c1 - c0, "rdflib_serialize": t2 - t1,
                   "rdflib_serialize_cpu": c2 - c1, "rdflib_triples": len(g)})
print(json.dumps(result))
"""


_WARM = """
import json
from kg import pipeline
pipeline.warm_up()
print(json.dumps({}))
"""


def run_measured(code: str, *args: str) -> tuple[dict, float, int]:
    """Run ``code`` in a fresh interpreter; return its JSON output, wall seconds and its own peak RSS (bytes).

    The output also gets ``cpu``: the child's user + system seconds, with those of
    the workers it waited for (on a shared machine, steadier than wall time).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"bench: child failed ({proc.returncode}):\n{err.read().decode(errors='replace')[-3000:]}")
        lines = out.read().decode().strip().splitlines()
    result = json.loads(lines[-1])
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result, wall, usage.ru_maxrss * 1024


# ------------------------------------------------------------------ report


def middle(values: list[float]) -> float:
    """The median of ``values``; of an even number, the lower middle one (a value that was measured)."""
    return sorted(values)[(len(values) - 1) // 2]


def spread(values: list[float], fmt: str = ".1f", unit: str = "") -> str:
    """``values`` as their median and range: ``12.1 (11.8-12.6)``; one value alone."""
    if len(values) == 1:
        return f"{values[0]:{fmt}}{unit}"
    return f"{middle(values):{fmt}}{unit} ({min(values):{fmt}}-{max(values):{fmt}}{unit})"


def fmt_rate(chars: float, seconds: float) -> str:
    return f"{chars / seconds / 1000:,.0f} k" if seconds > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument(
        "--mem-sizes", default="2.5,5,10", help="corpus sizes in MB built one job each (default 2.5,5,10)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel build (default 2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds of floor, one job, --jobs on the largest size (default 5; odd: a true median)",
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="triples in the export comparison (default 1M)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's serializer (slow, GBs of memory)")
    parser.add_argument("--quick", action="store_true", help="small version: 1 MB, sizes 0.25,0.5,1, 100k triples")
    parser.add_argument("--work", help="folder for the corpus and outputs (default: a temporary folder)")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.mem_sizes, args.triples = 1.0, "0.25,0.5,1", 100_000
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    sizes = sorted(float(s) for s in args.mem_sizes.split(","))
    size = max([args.size, *sizes])

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    conditions = {
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }
    print(f"bench: corpus of {size:g} MB in {work}", file=sys.stderr)
    files = make_corpus(work / "corpus", size)
    folders = {s: prefix_corpus(files, work / f"corpus-{s:g}MB", s) for s in sizes}
    full = folders[size] if size in folders else prefix_corpus(files, work / f"corpus-{size:g}MB", size)
    n_files, n_bytes, n_chars = corpus_chars(full)

    # Builds read their tables from kg's table cache, as a user's second and
    # later builds do: one start fills it first, so that no measured build
    # pays for deriving them (about a second, once per version of kg).
    run_measured(_WARM)

    builds = {}
    for s in sizes[:-1] if sizes[-1] == size else sizes:
        print(f"bench: kg build {s:g} MB, one job", file=sys.stderr)
        res, wall, rss = run_measured(_BUILD, str(folders[s]), str(work / f"out-{s:g}"), "1")
        builds[s] = (res, wall, rss, corpus_chars(folders[s])[2])

    # The largest size in rounds, the runs of a round one right after the
    # other, so that a ratio within a round sees one CPU speed (see above).
    rounds = []
    for r in range(1, args.rounds + 1):
        print(
            f"bench: round {r}/{args.rounds}: floor, kg build {size:g} MB with 1 and {args.jobs} jobs", file=sys.stderr
        )
        floor, _, _ = run_measured(_FLOOR, str(full))
        one, one_wall, one_rss = run_measured(_BUILD, str(full), str(work / "out-1"), "1")
        par, par_wall, par_rss = run_measured(_BUILD, str(full), str(work / "out-jobs"), str(args.jobs))
        par_b, _, _ = run_measured(_BUILD, str(full), str(work / "out-jobs"), str(args.jobs))
        one_b, _, _ = run_measured(_BUILD, str(full), str(work / "out-1"), "1")
        rounds.append(
            {
                "floor": floor,
                "one": [one, one_wall, one_rss],
                "jobs": [par, par_wall, par_rss],
                "jobs_b": par_b,
                "one_b": one_b,
            }
        )

    print(f"bench: Turtle export of about {args.triples:,} triples", file=sys.stderr)
    exp_dir = work / "export"
    exp_dir.mkdir(exist_ok=True)
    export, _, export_rss = run_measured(
        _EXPORT, str(folders[sizes[0]]), str(args.triples), str(exp_dir), "0" if args.no_rdflib else "1"
    )
    conditions["load_after"] = os.getloadavg()

    floors = [r["floor"] for r in rounds]
    ones = [r["one"][0] for r in rounds]
    floor_wall = [f["seconds"] for f in floors]
    floor_cpu = [f["cpu_cut"] for f in floors]
    first_wall = [o["seconds"] for o in ones]
    first_cpu = [o["cpu"] for o in ones]
    # Each round's time for one and N jobs: the mean of its two builds of each
    # (run 1, N, N, 1), so that a steady drift through the round cancels out.
    one_wall = [(r["one"][0]["seconds"] + r["one_b"]["seconds"]) / 2 for r in rounds]
    one_cpu = [(r["one"][0]["cpu"] + r["one_b"]["cpu"]) / 2 for r in rounds]
    par_wall = [(r["jobs"][0]["seconds"] + r["jobs_b"]["seconds"]) / 2 for r in rounds]
    par_cpu = [(r["jobs"][0]["cpu"] + r["jobs_b"]["cpu"]) / 2 for r in rounds]
    # Ratios within a round, then their median: the host's drift between rounds cancels out.
    speedup = [o / p for o, p in zip(one_wall, par_wall, strict=True)]
    overhead = [p - o for o, p in zip(one_cpu, par_cpu, strict=True)]
    # The floor is compared with the one-job build right after it.
    of_floor_wall = [f / o for f, o in zip(floor_wall, first_wall, strict=True)]
    of_floor_cpu = [f / o for f, o in zip(floor_cpu, first_cpu, strict=True)]
    # The stage table and the largest size's memory come from the first one-job run of median wall time.
    median_one = next(r["one"] for r in rounds if r["one"][0]["seconds"] == middle(first_wall))
    builds[size] = (*median_one, n_chars)

    lines = [
        "",
        f"corpus: {n_files} files, {n_bytes / MB:.1f} MB, {n_chars:,} characters",
        f"conditions: {conditions['cpus']} CPUs, load average {conditions['load_before'][0]:.1f} before, "
        f"{conditions['load_after'][0]:.1f} after; Python {conditions['python']}; {conditions['started']}",
        f"rounds: {args.rounds} of floor, 1, {args.jobs}, {args.jobs}, 1 jobs in turn; median (min-max) over the "
        "rounds; a round's 1-job and N-job times are the means of its two builds of each",
        "",
        "| measurement | wall s | CPU s | chars/s (wall) | chars/s (CPU) | note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        f"| jieba alone (floor, one core) | {spread(floor_wall)} | {spread(floor_cpu)} "
        f"| {fmt_rate(n_chars, middle(floor_wall))} | {fmt_rate(n_chars, middle(floor_cpu))} "
        f"| dictionary load not counted ({middle([f['load'] for f in floors]):.1f} s) |",
        f"| kg build, 1 job | {spread(one_wall)} | {spread(one_cpu)} "
        f"| {fmt_rate(n_chars, middle(one_wall))} | {fmt_rate(n_chars, middle(one_cpu))} "
        f"| {spread(of_floor_wall, '.0%')} of the floor (wall), {spread(of_floor_cpu, '.0%')} (CPU), "
        "each against the round's first build |",
        f"| kg build, {args.jobs} jobs | {spread(par_wall)} | {spread(par_cpu)} "
        f"| {fmt_rate(n_chars, middle(par_wall))} | | {spread(speedup, '.2f', 'x')} one job (wall); "
        f"{spread(overhead)} CPU s more than one job |",
        "",
        f"| round | floor wall s | 1 job wall s (mean of 2) | 1 job CPU s | {args.jobs} jobs wall s (mean of 2) "
        f"| {args.jobs} jobs CPU s "
        "| speedup | CPU s more than 1 job |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in range(args.rounds):
        lines.append(
            f"| {r + 1} | {floor_wall[r]:.1f} | {one_wall[r]:.1f} | {one_cpu[r]:.1f} | {par_wall[r]:.1f} "
            f"| {par_cpu[r]:.1f} | {speedup[r]:.2f}x | {overhead[r]:.1f} |"
        )
    lines += ["", f"| stage (1 job, {size:g} MB, median run) | CPU s | share |", "| --- | ---: | ---: |"]
    stages = median_one[0]["stages"]
    total_stage = sum(stages.values())
    for stage, seconds in stages.items():
        lines.append(f"| {stage} | {seconds:.1f} | {seconds / total_stage:.0%} |")
    lines += [
        "",
        "| corpus (1 job; the largest: its median run) | documents | triples | wall s | CPU s | peak memory |",
    ]
    lines += ["| --- | ---: | ---: | ---: | ---: | ---: |"]
    for s in sorted(builds):
        res, wall, rss, chars = builds[s]
        lines.append(
            f"| {s:g} MB | {res['documents']} | {res['triples']:,} | {res['seconds']:.1f} | {res['cpu']:.1f} "
            f"| {rss / 2**20:,.0f} MB |"
        )
    lines += ["", "| Turtle export | triples | wall s | CPU s | |", "| --- | ---: | ---: | ---: | --- |"]
    lines.append(
        f"| kg writer (triples made from the corpus and written) | {export['triples']:,} | {export['kg']:.1f} "
        f"| {export['kg_cpu']:.1f} | |"
    )
    if "rdflib_serialize" in export:
        wall = export["rdflib_serialize"] / export["kg"]
        cpu = export["rdflib_serialize_cpu"] / export["kg_cpu"]
        lines.append(
            f"| rdflib serializer (from a Graph already built) | {export['rdflib_triples']:,} "
            f"| {export['rdflib_serialize']:.1f} | {export['rdflib_serialize_cpu']:.1f} "
            f"| kg {wall:.0f}x faster (wall), {cpu:.0f}x (CPU) |"
        )
        lines.append(
            f"| rdflib: building that Graph | {export['rdflib_triples']:,} | {export['rdflib_graph']:.1f} "
            f"| {export['rdflib_graph_cpu']:.1f} | |"
        )
    lines.append(f"| (peak memory of the export child, with rdflib: {export_rss / 2**20:,.0f} MB) | | | |")
    print("\n".join(lines))
    print(
        f"\nkg / floor: {middle(of_floor_wall):.2f} (wall), {middle(of_floor_cpu):.2f} (CPU); "
        f"{args.jobs} jobs / 1 job: {middle(speedup):.2f}x (medians of {args.rounds} rounds)"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "conditions": conditions,
                    "corpus": [n_files, n_bytes, n_chars],
                    "jobs": args.jobs,
                    "rounds": rounds,
                    "builds": {str(s): v for s, v in builds.items()},
                    "export": export,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
