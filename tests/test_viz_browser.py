"""The graph view in a real headless Chromium: it loads offline, draws, searches, filters and explains.

Chromium is driven by Playwright's Python package with the system browser
(never a downloaded one). Without Chromium or Playwright these tests are
skipped, unless KG_REQUIRE_BROWSER=1 (set by CI), where they fail instead.
"""

from __future__ import annotations

import base64
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import browser, viz
from tests.viz_fixtures import DOC_B, small_corpus, synthetic_view

REQUIRED = os.environ.get("KG_REQUIRE_BROWSER") == "1"


def _unavailable(why: str) -> None:
    if REQUIRED:
        pytest.fail(f"KG_REQUIRE_BROWSER=1 but {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One browser (a persistent context on a fresh profile) for the module."""
    binary = browser.find_chromium()
    if binary is None:
        _unavailable(f"no Chromium found; {browser.INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="kg-test-profile-") as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(binary),
            args=list(browser.FLAGS),
            headless=True,
            viewport={"width": 1400, "height": 900},
        )
        yield ctx
        ctx.close()


class Page:
    """A loaded view, with what it logged and requested."""

    def __init__(self, ctx: Any, html: Path, timeout_ms: int = 60_000) -> None:
        self.page = ctx.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(html.as_uri())
        self.page.wait_for_selector("html[data-ready=true]", timeout=timeout_ms)

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def colour_pixels(self, png: bytes, colours: list[str]) -> dict[str, int]:
        """How many pixels of ``png`` have each colour (within a small tolerance), counted by the browser."""
        return self.js(
            """async ([b64, colours]) => {
                const img = new Image(); img.src = "data:image/png;base64," + b64; await img.decode();
                const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
                const g = c.getContext("2d"); g.drawImage(img, 0, 0);
                const px = g.getImageData(0, 0, c.width, c.height).data;
                const rgb = colours.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
                const out = Object.fromEntries(colours.map((h) => [h, 0]));
                const near = (i, c) => [0, 1, 2].reduce((s, k) => s + Math.abs(px[i + k] - c[k]), 0) < 24;
                for (let i = 0; i < px.length; i += 4) rgb.forEach((c, k) => { if (near(i, c)) out[colours[k]]++; });
                return out;
            }""",
            [base64.b64encode(png).decode("ascii"), colours],
        )


@pytest.fixture(scope="module")
def small_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "graph.html"
    viz.write_html(viz.from_corpus(small_corpus()), path, title="锦江区党建图谱")
    return path


@pytest.fixture
def page(chromium: Any, small_html: Path) -> Iterator[Page]:
    p = Page(chromium, small_html)
    yield p
    assert p.problems == [], "the page logged errors"
    p.page.close()


def _node_id(page: Page, label: str) -> str:
    return page.js("(l) => kg.graph.findNode((id, a) => a.name === l)", label)


def test_page_loads_offline_and_draws_every_node_in_its_type_colour(page: Page) -> None:
    assert [u for u in page.requests if not u.startswith("file:")] == []
    assert page.js("() => [kg.graph.order, kg.graph.size]") == [8, 7]
    drawn = page.js("() => kg.graph.nodes().filter((n) => kg.renderer.getNodeDisplayData(n)).length")
    assert drawn == 8
    assert "8 个实体 entities · 7 条关系 relations" in page.page.inner_text("#counts")
    counts = page.colour_pixels(page.page.locator("#graph").screenshot(), list(viz.TYPE_COLOURS.values()))
    for typ in ("Organization", "Program", "Place", "Document"):
        assert counts[viz.TYPE_COLOURS[typ]] > 20, f"no {typ} node visible on the canvas"


@pytest.mark.parametrize("query", ["组织部", "錦江區委"])  # a part of the name; the Traditional alias
def test_search_finds_a_node_by_its_chinese_name(page: Page, query: str) -> None:
    page.page.fill("#search", query)
    assert page.page.inner_text("#results li >> nth=0").startswith("锦江区委组织部")
    page.page.press("#search", "Enter")
    assert page.page.inner_text("#panel h2") == "锦江区委组织部"
    assert page.js("() => kg.state.selected") == _node_id(page, "锦江区委组织部")


def test_clicking_a_node_shows_its_aliases_documents_and_evidence(page: Page) -> None:
    node = _node_id(page, "锦江区人民医院")
    # Where sigma drew the node, in page pixels: click there, as a user would.
    x, y = page.js("(n) => Object.values(kg.renderer.graphToViewport(kg.graph.getNodeAttributes(n)))", node)
    box = page.page.locator("#graph").bounding_box()
    page.page.mouse.click(box["x"] + x, box["y"] + y)
    page.page.wait_for_selector("#panel h2")
    panel = page.page.inner_text("#panel")
    assert page.page.inner_text("#panel h2") == "锦江区人民医院"
    assert "錦江區人民醫院" in page.page.inner_text("#panel .aliases")
    assert DOC_B in page.page.inner_text("#panel .documents")
    assert "锦江区人民医院、锦江区图书馆等12家单位加入“邻里红盟”。" in panel
    assert "錦江區委組織部聯合錦江區人民醫院開展健康義診活動。" in panel
    assert "memberOf" in panel and "cooperatesWith" in panel
    # The entity's names are marked in its evidence, the Traditional one included.
    marks = page.js("() => [...document.querySelectorAll('#panel mark')].map((m) => m.textContent)")
    assert "锦江区人民医院" in marks and "錦江區人民醫院" in marks
    # A related entity in the panel is a link to it.
    page.page.click("#panel .rel button >> text=邻里红盟")
    assert page.page.inner_text("#panel h2") == "邻里红盟"
    assert "#node=" in page.page.url


def test_evidence_of_an_inferred_subject_is_flagged(page: Page) -> None:
    page.js("(n) => kg.select(n)", _node_id(page, "四川省城乡社区治理条例"))
    assert "《四川省城乡社区治理条例》" in page.page.inner_text("#panel .evidence")
    assert page.page.locator("#panel .badge").count() == 1


def test_filters_hide_by_type_relation_and_document(page: Page) -> None:
    shown = "() => kg.graph.nodes().filter((n) => !kg.renderer.getNodeDisplayData(n).hidden).length"
    page.page.uncheck("#f-types input[value=Place]")
    assert page.js(shown) == 5
    assert "5 个实体 entities · 5 条关系 relations" in page.page.inner_text("#counts")
    page.page.uncheck("#f-relations input[value=memberOf]")
    assert "· 3 条关系" in page.page.inner_text("#counts")
    page.page.select_option("#f-doc", DOC_B)
    assert page.js(shown) == 2  # the two organizations named in the second report
    assert "2 个实体 entities · 1 条关系 relations" in page.page.inner_text("#counts")


def test_a_link_to_a_node_opens_it(chromium: Any, small_html: Path) -> None:
    p = chromium.new_page()
    p.goto(small_html.as_uri() + "#node=" + "邻里红盟")
    p.wait_for_selector("html[data-ready=true]")
    assert p.inner_text("#panel h2") == "邻里红盟"
    p.close()


def test_five_thousand_nodes_load_and_are_all_drawn(chromium: Any, tmp_path: Path) -> None:
    html = tmp_path / "big.html"
    viz.write_html(synthetic_view(5000), html)
    page = Page(chromium, html, timeout_ms=120_000)  # a generous bound: software WebGL on a shared machine
    assert page.js("() => kg.graph.order") == 5000
    drawn = page.js("() => kg.graph.nodes().filter((n) => kg.renderer.getNodeDisplayData(n)).length")
    assert drawn == 5000
    page.page.fill("#search", "第4320号党委")
    page.page.press("#search", "Enter")
    assert page.page.inner_text("#panel h2") == "第4320号党委"
    assert page.problems == []
    page.page.close()


def test_png_overview_shows_the_graph(tmp_path: Path, chromium: Any, small_html: Path) -> None:
    png = tmp_path / "overview.png"
    viz.write_png(viz.from_corpus(small_corpus()), png, size=(1200, 800))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 800)
    counts = Page(chromium, small_html).colour_pixels(data, list(viz.TYPE_COLOURS.values()))
    assert counts[viz.TYPE_COLOURS["Organization"]] > 20 and counts[viz.TYPE_COLOURS["Place"]] > 20
