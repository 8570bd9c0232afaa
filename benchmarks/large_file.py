"""One very large input file: time and peak memory of `kg build` on a single file of N MB.

Not part of the test suite (the suite checks a 3 MB file). Run from the
repository root:

    python benchmarks/large_file.py              # 50 MB
    python benchmarks/large_file.py --size 5     # a quicker 5 MB

The file is the bundled sample reports repeated until it reaches the size,
so it reads like the genre. The build runs in a fresh child process, which
reports its own peak resident memory. With recognition in sentence windows
(kg/pipeline.py, WINDOW) time grows linearly with the size; memory grows with
the text, sentences and mentions kept for resolution. Measured on a shared
2-CPU machine: 3 MB in 17 s, 221 MB peak; 12 MB in 56 s, 421 MB peak.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=50.0, help="file size in MB (default: 50)")
    args = parser.parse_args()
    samples = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "kg" / "corpus").glob("*.txt")))
    unit = (samples + "\n").encode("utf-8")
    copies = max(1, int(args.size * 1e6 / len(unit)))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "in" / "large.txt"
        big.parent.mkdir()
        big.write_bytes(unit * copies)
        code = (
            "import resource, sys; from kg.cli import main; "
            f"rc = main(['build', {str(big.parent)!r}, '--out', {str(Path(tmp) / 'out')!r}, '-q']); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024); sys.exit(rc)"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"build failed ({result.returncode}): {result.stderr}")
        size_mb = big.stat().st_size / 1e6
        triples = (Path(tmp) / "out" / "graph.ttl").stat().st_size / 1e6
        print(f"file:        {size_mb:.1f} MB ({copies} copies of the samples)")
        print(f"seconds:     {seconds:.1f} ({size_mb / seconds:.2f} MB/s)")
        print(f"peak memory: {result.stdout.split()[-1]} MB")
        print(f"graph.ttl:   {triples:.1f} MB")
        print(f"load:        {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
