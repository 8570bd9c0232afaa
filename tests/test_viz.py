"""The graph view: what it shows, how it is laid out, and that the page is self-contained.

What the page does in a browser is tested in test_viz_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg import viz
from kg.cli import main
from kg.export import write_turtle
from tests.viz_fixtures import DOC_A, DOC_B, small_corpus, synthetic_view


@pytest.fixture(scope="module")
def small_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "graph.ttl"
    write_turtle(small_corpus(), path)
    return path


def _embedded(html: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def test_view_read_back_from_turtle_equals_view_of_the_corpus(small_ttl: Path) -> None:
    assert viz.from_rdf(small_ttl) == viz.from_corpus(small_corpus())


def test_view_has_aliases_documents_and_evidence_of_each_entity(small_ttl: Path) -> None:
    view = viz.from_rdf(small_ttl)
    office = next(n for n in view.nodes if n.label == "锦江区委组织部")
    assert office.type == "Organization" and office.subtype == "PartyBody"
    assert office.aliases == ["錦江區委組織部"]
    assert office.documents == [DOC_A, DOC_B]
    assert office.mentions == 2
    labels = {n.iri: n.label for n in view.nodes}
    facts = {(labels[e.source], e.type, labels[e.target]): e for e in view.edges}
    joined = facts[("锦江区人民医院", "memberOf", "邻里红盟")]
    assert [(v.doc, v.text) for v in joined.evidence] == [
        (DOC_A, "锦江区人民医院、锦江区图书馆等12家单位加入“邻里红盟”。")
    ]
    assert facts[("锦江区委组织部", "implements", "四川省城乡社区治理条例")].evidence[0].implicit
    assert facts[("锦江区委组织部", "cooperatesWith", "锦江区人民医院")].evidence[0].doc == DOC_B
    gazetteer = facts[("锦江区", "locatedIn", "成都市")]
    assert gazetteer.knowledge == "gazetteer" and not gazetteer.evidence
    assert next(n for n in view.nodes if n.label == "成都市").gb2260 == "510100"


def test_sample_graph_view_has_every_entity(sample_build) -> None:  # type: ignore[no-untyped-def]
    report, out = sample_build
    view = viz.from_rdf(out / "graph.ttl")
    assert sorted(n.iri for n in view.nodes) == sorted(e.iri for e in report.corpus.entities)
    assert {n.type for n in view.nodes} <= {"Organization", "Program", "Place", "Document", "Person"}


def test_layout_is_reproducible_and_fits_the_unit_square() -> None:
    view = synthetic_view(400)
    first, second = viz.layout(view), viz.layout(synthetic_view(400))
    assert first == second
    assert len(first) == 400
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first)
    assert len(set(first)) == 400, "two nodes drawn on the same spot"


def test_layout_keeps_separate_components_apart(small_ttl: Path) -> None:
    view = viz.from_rdf(small_ttl)
    pos = dict(zip((n.label for n in view.nodes), viz.layout(view), strict=True))
    alliance = ["锦江区委组织部", "锦江区人民医院", "锦江区图书馆", "邻里红盟", "四川省城乡社区治理条例"]
    places = ["锦江区", "成都市", "四川省"]

    def box(names: list[str]) -> tuple[float, float, float, float]:
        xs, ys = [pos[n][0] for n in names], [pos[n][1] for n in names]
        return min(xs), min(ys), max(xs), max(ys)

    a, b = box(alliance), box(places)
    assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], "the two components overlap"


def test_page_is_self_contained_and_reproducible(small_ttl: Path) -> None:
    view = viz.from_rdf(small_ttl)
    html = viz.render_html(view, title="锦江区")
    assert html == viz.render_html(viz.from_rdf(small_ttl), title="锦江区")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b|@import|sourceMappingURL", html)
    assert "default-src 'none'" in html  # the browser itself refuses any fetch
    assert html.count("<script") == html.count("</script>") == 4
    data = _embedded(html)
    assert len(data["nodes"]) == 8 and len(data["edges"]) == 7
    assert {n["l"] for n in data["nodes"]} >= {"锦江区委组织部", "邻里红盟"}


def test_names_with_markup_cannot_break_out_of_the_page() -> None:
    view = synthetic_view(3)
    view.nodes[0].label = "</script><script>alert(1)</script>"
    view.nodes[1].aliases = ["<!--", "{{DATA}}"]
    html = viz.render_html(view, title="</title>{{APP}}")
    assert html.count("</script>") == 4
    assert "<title>&lt;/title&gt;{{APP}}</title>" in html
    data = _embedded(html)
    assert data["nodes"][0]["l"] == "</script><script>alert(1)</script>"
    assert data["nodes"][1]["a"] == ["<!--", "{{DATA}}"]


def test_cli_writes_the_view_of_a_built_graph(
    small_ttl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "view" / "graph.html"
    assert main(["viz", "--graph", str(small_ttl), "--out", str(out)]) == 0
    assert "8 entities, 7 relations" in capsys.readouterr().err
    assert _embedded(out.read_text(encoding="utf-8"))["relations"] == [
        "memberOf",
        "establishedBy",
        "implements",
        "cooperatesWith",
        "locatedIn",
    ]


@pytest.mark.parametrize("content", [None, "这不是 Turtle 文件 <<<"])
def test_cli_names_a_missing_or_broken_graph_in_one_line(
    content: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "graph.ttl"
    if content is not None:
        graph.write_text(content, encoding="utf-8")
    assert main(["viz", "--graph", str(graph), "--out", str(tmp_path / "g.html")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(graph) in err and "kg build" in err
    assert not (tmp_path / "g.html").exists()


def test_cli_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["viz", "--help"])
    assert "example: kg viz" in capsys.readouterr().out


def test_view_of_a_store_equals_view_of_the_exported_graph(tmp_path: Path) -> None:
    from kg import store
    from kg.build import build

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(
        "锦江区委组织部关于基层党建工作的报告\n锦江区委组织部牵头成立社区治理联盟,辖区12家单位加入联盟。\n",
        encoding="utf-8",
    )
    (reports / "b.txt").write_text("錦江區人民醫院黨委與錦江區委組織部簽訂共建協議。\n", encoding="utf-8")
    build([reports], tmp_path / "out")
    store.update(tmp_path / "store", [reports])
    from_graph = viz.from_rdf(tmp_path / "out" / "graph.ttl")
    assert from_graph.nodes, "nothing recognized in the test reports"
    assert viz.from_store(tmp_path / "store") == from_graph


def test_gexf_opens_in_networkx_with_labels_colours_positions_and_evidence(small_ttl: Path, tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "graph.gexf"
    assert main(["viz", "--graph", str(small_ttl), "--gexf", str(out)]) == 0
    assert not (tmp_path / "graph.html").exists()
    g = nx.read_gexf(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (8, 7)
    by_label = {d["label"]: d for _, d in g.nodes(data=True)}
    office = by_label["锦江区委组织部"]
    assert office["aliases"] == "錦江區委組織部" and office["mentions"] == 2
    blue = viz.TYPE_COLOURS["Organization"]
    assert (office["viz"]["color"]["r"], office["viz"]["color"]["g"], office["viz"]["color"]["b"]) == tuple(
        int(blue[i : i + 2], 16) for i in (1, 3, 5)
    )
    assert len({(d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for d in by_label.values()}) == 8
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    edges = {(label[s], d["relation"], label[t]): d for s, t, d in g.edges(data=True)}
    assert edges[("锦江区委组织部", "implements", "四川省城乡社区治理条例")]["evidence"] == (
        "认真贯彻《四川省城乡社区治理条例》,推进&优化“一站式”服务<试点>。"
    )
