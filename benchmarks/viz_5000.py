"""How long the graph view takes for 5,000 nodes: layout, page, and loading it in headless Chromium.

Run from the repository root: python benchmarks/viz_5000.py [NODES]
Speed is measured here, not in the tests (which only check that every node is drawn).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from kg import browser, viz
from tests.viz_fixtures import synthetic_view


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    view = synthetic_view(n)
    t0 = time.perf_counter()
    positions = viz.layout(view)
    t1 = time.perf_counter()
    html = viz.render_html(view, positions=positions)
    t2 = time.perf_counter()
    print(f"{n} nodes, {len(view.edges)} edges: layout {t1 - t0:.2f} s, page {t2 - t1:.2f} s, {len(html) / 1e6:.1f} MB")
    binary = browser.find_chromium()
    if binary is None:
        print("no Chromium: browser timing skipped")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "graph.html"
        page_file.write_text(html, encoding="utf-8")
        ctx = p.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=str(binary), args=list(browser.FLAGS), headless=True
        )
        page = ctx.new_page()
        t3 = time.perf_counter()
        page.goto(page_file.as_uri())
        page.wait_for_selector("html[data-ready=true]", timeout=300_000)
        t4 = time.perf_counter()
        frame = page.evaluate(
            """() => new Promise((done) => { const t = performance.now();
                 kg.select(kg.graph.nodes()[42]); requestAnimationFrame(() => done(performance.now() - t)); })"""
        )
        timed_search = "() => { const t = performance.now(); kg.search('第12'); return performance.now() - t; }"
        search = page.evaluate(timed_search)
        print(f"browser (software WebGL): loaded and drawn in {t4 - t3:.2f} s; "
              f"select + redraw {frame:.0f} ms; search {search:.0f} ms")
        ctx.close()


if __name__ == "__main__":
    main()
