"""Derive kg's bundled gazetteer from jionlp's administrative-division data.

Run by developers when the source data changes, never at runtime::

    pip download jionlp==1.5.31 --no-deps -d downloads
    python scripts/build_gazetteer.py downloads/jionlp-1.5.31-py2.py3-none-any.whl

The argument is the jionlp wheel, or its unpacked ``jionlp/dictionary``
folder. The script reads ``china_location.zip`` (a tab-indented tree:
province, city and county lines carry ``name<TAB>code<TAB>short``; towns and
villages are bare names) and ``china_location_change.txt`` (divisions renamed
or merged since 2002), and writes three gzip files (mtime 0, so the bytes
depend only on the input) into ``kg/data/``:

``gazetteer.tsv.gz``
    province, city, county and town rows in tree order:
    ``level  key  code  name  short  parent``. ``level`` is ``p c d t``.
``gazetteer_villages.tsv.gz``
    one row per town that has villages or communities:
    ``town_key  name|name|...``, so loading is one split per town rather
    than one row per village.
``gazetteer_former.tsv.gz``
    ``former_name  key  date``: a former county-or-above name and the key of
    the division that replaced it.

Clean-ups, each counted in the printed summary:

- pseudo levels are dropped and their children attached one level up: the
  city row a municipality or SAR repeats under its province (same code),
  ``省直辖行政区划`` and ``市直辖行政区划``;
- a code seen before (Hong Kong and Macau districts all carry their SAR's
  code) is dropped, so ``code`` is never ambiguous; such a division, like a
  Taiwan district without a code, is keyed ``parent_key/name``;
- a county-level economic zone, scenic area or management committee (a
  statistical code ending 71-79, or a zone word in its name) keeps its row
  but not its code, which is not a GB/T 2260 code, nor its generic short
  name (``高新区``, ``经开区``); it is keyed ``parent_key/name``;
- a town or village repeated under the same parent is kept once.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

LEVELS = ("p", "c", "d", "t", "v")
PSEUDO_NAMES = frozenset({"省直辖行政区划", "市直辖行政区划", "市辖区"})
ZONE_WORDS = re.compile(
    "开发区|产业园|工业园|示范区|实验区|试验区|保税区|管委会|委员会|管理区|风景名胜区|食品区|聚集区"
)
TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡")


def read_source(src: Path) -> tuple[str, str]:
    """Return the texts of china_location.txt and china_location_change.txt."""
    if src.is_file():
        with zipfile.ZipFile(src) as wheel:
            inner = wheel.read("jionlp/dictionary/china_location.zip")
            change = wheel.read("jionlp/dictionary/china_location_change.txt")
    else:
        inner = (src / "china_location.zip").read_bytes()
        change = (src / "china_location_change.txt").read_bytes()
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        location = z.read("china_location.txt")
    return location.decode("utf-8"), change.decode("utf-8")


def town_short(name: str) -> str:
    """Strip a town suffix when at least two characters remain."""
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def parse_tree(text: str, stats: Counter[str]) -> list[dict[str, str]]:
    """Turn the indented tree into rows with parent links, pseudo levels removed."""
    rows: list[dict[str, str]] = []
    # stack[depth] = key of the nearest real ancestor at or above that depth
    stack: list[str] = ["", "", "", "", ""]
    codes: list[str] = ["", "", "", "", ""]
    seen: set[str] = set()
    seen_codes: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        name = fields[0]
        code = fields[1] if len(fields) > 1 else ""
        short = fields[2].split("/")[0] if len(fields) > 2 else ""
        parent = stack[depth - 1] if depth else ""
        parent_code = codes[depth - 1] if depth else ""
        if depth in (1, 2) and (name in PSEUDO_NAMES or (code and code == parent_code)):
            stats[f"pseudo level {depth} dropped"] += 1
            stack[depth] = parent
            codes[depth] = code
            continue
        if depth <= 2 and not code:
            stats["county without code"] += 1
        if depth == 2 and code and (code[4] == "7" and code[5] != "0" or ZONE_WORDS.search(name)):
            stats["zone code and short dropped"] += 1
            code, short = "", name
        if depth <= 2 and code in seen_codes:  # HK and Macau districts repeat their SAR's code
            stats["repeated code dropped"] += 1
            print(f"repeated code {code}: {name}", file=sys.stderr)
            code = ""
        key = code if depth <= 2 and code else f"{parent}/{name}"
        if code:
            seen_codes.add(code)
        if key in seen:
            stats[f"duplicate {LEVELS[depth]} dropped"] += 1
            stack[depth] = key
            codes[depth] = code
            continue
        seen.add(key)
        if depth == 3:
            short = town_short(name)
        elif depth == 4:
            short = name
        rows.append(
            {"level": LEVELS[depth], "key": key, "code": code if depth <= 2 else "",
             "name": name, "short": short or name, "parent": parent}
        )
        stack[depth] = key
        codes[depth] = code
    return rows


def parse_changes(text: str, rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """Map former county-or-above names to the key of today's division."""
    by_path: dict[tuple[str, ...], str] = {}
    names = {r["key"]: r["name"] for r in rows}
    parents = {r["key"]: r["parent"] for r in rows}
    for row in rows:
        if row["level"] in "pcd":
            path, key = [], row["key"]
            while key:
                path.append(names[key])
                key = parents[key]
            by_path[tuple(reversed(path))] = row["key"]
            if row["level"] == "d" and len(path) == 2:  # county right under a municipality
                by_path[(path[1], path[1], path[0])] = row["key"]
    out: set[tuple[str, str, str]] = set()
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_f, new_f = old.split("\t"), tuple(f for f in new.split("\t") if f)
        date, former = old_f[0], old_f[-2]
        key = by_path.get(new_f)
        if key is None or names[key] == former:
            continue
        out.add((former, key, date))
    return sorted(out)


def write_gz(path: Path, lines: list[str]) -> None:
    """Write lines as UTF-8 text, gzip with mtime 0 so the bytes are reproducible."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9
    ) as gz:
        gz.write(data)


def main(argv: list[str] | None = None) -> int:
    """Build the three data files from a jionlp wheel or dictionary folder."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="jionlp wheel or its jionlp/dictionary folder")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "kg" / "data")
    args = ap.parse_args(argv)
    location, change = read_source(args.source)
    stats: Counter[str] = Counter()
    rows = parse_tree(location, stats)
    upper = [r for r in rows if r["level"] != "v"]
    villages: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["level"] == "v":
            villages[r["parent"]].append(r["name"])
    former = parse_changes(change, rows)
    args.out.mkdir(parents=True, exist_ok=True)
    write_gz(
        args.out / "gazetteer.tsv.gz",
        ["\t".join((r["level"], r["key"], r["code"], r["name"], r["short"], r["parent"]))
         for r in upper],
    )
    write_gz(
        args.out / "gazetteer_villages.tsv.gz",
        [f"{town}\t{'|'.join(names)}" for town, names in villages.items()],
    )
    write_gz(args.out / "gazetteer_former.tsv.gz", ["\t".join(f) for f in former])
    stats.update(f"level {r['level']}" for r in rows)
    stats["distinct village names"] = len({r["name"] for r in rows if r["level"] == "v"})
    stats["former names"] = len(former)
    for k, v in sorted(stats.items()):
        print(f"{k}: {v}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
