"""Regenerate docs/screenshot.png: the graph view of the bundled samples, one entity opened.

Run from the repository root: python scripts/readme_screenshot.py
The entity shown is the one with the most kinds of relation (ties: fewest relations, so
its neighbours stay readable; then most mentions, then name).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from kg import browser, viz
from kg.build import build

OUT = Path("docs/screenshot.png")


def main() -> None:
    view = viz.from_corpus(build(None, None).corpus)
    kinds: dict[str, set[str]] = {}
    degree: dict[str, int] = {}
    for e in view.edges:
        for end in (e.source, e.target):
            kinds.setdefault(end, set()).add(e.type)
            degree[end] = degree.get(end, 0) + 1
    focus = min(view.nodes, key=lambda n: (-len(kinds.get(n.iri, ())), degree.get(n.iri, 0), -n.mentions, n.label))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "graph.html"
        viz.write_html(view, page, title="kg: 样例报告 sample reports")
        OUT.parent.mkdir(exist_ok=True)
        browser.screenshot(page, OUT, size=(1400, 860), fragment="#node=" + quote(focus.label))
    print(f"wrote {OUT} ({len(view.nodes)} entities, {len(view.edges)} relations; showing {focus.label})")


if __name__ == "__main__":
    main()
