"""The administrative-division gazetteer: codes, chains, short forms, ambiguous names."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from kg.build import build
from kg.entities import recognize
from kg.gazetteer import load
from kg.pipeline import analyze
from kg.resolve import resolve
from kg.sentences import split

from .conftest import source

KGO = Namespace("https://w3id.org/kg-zh/ontology#")


def places(text: str) -> dict[str, str | None]:
    """Place mentions of a text: surface form -> gazetteer key (None if not a division)."""
    src = source(text)
    return {m.text: m.division for m in recognize(src, split(src)) if m.type == "Place"}


def test_every_level_has_its_code_and_parent_up_to_the_province() -> None:
    gaz = load()
    chain = gaz.chain(gaz.resolve("锦江区", ["成都市"]).key)
    assert [(d.name, d.code, d.level) for d in chain] == [
        ("锦江区", "510104", "county"),
        ("成都市", "510100", "city"),
        ("四川省", "510000", "province"),
    ]


def test_a_name_in_several_counties_needs_context_and_is_never_guessed() -> None:
    gaz = load()
    assert len(gaz.lookup("城中街道")) > 2
    assert gaz.resolve("城中街道") is None
    in_hailing = gaz.resolve("城中街道", ["江苏省", "泰州市", "海陵区"])
    assert in_hailing is not None and [d.name for d in gaz.chain(in_hailing.key)][1:] == ["海陵区", "泰州市", "江苏省"]
    # A province alone does not tell the town apart: Jiangsu has more than one.
    assert gaz.resolve("城中街道", ["江苏省"]) is None


def test_a_county_name_shared_by_two_provinces_is_resolved_by_its_city() -> None:
    gaz = load()
    assert {d.parent for d in gaz.lookup("鼓楼区")} >= {"320100", "350100"}  # Nanjing and Fuzhou
    assert gaz.resolve("鼓楼区") is None
    assert gaz.resolve("鼓楼区", ["福建省", "福州市"]).code == "350102"


def test_short_forms_and_a_division_written_after_its_parent() -> None:
    found = places("江苏泰州海陵区持续推进老城改造,泰州海陵的经验在全省推广。")
    assert found["泰州海陵"] == "321202"
    assert found["江苏"] == "320000"


def test_a_county_short_name_that_is_a_common_word_is_no_place() -> None:
    # 公安 is also 公安县 of Jingzhou; in a Hubei report it is the police.
    found = places("湖北省荆州市组织公安、消防、应急等部门开展联合检查,荆州市民积极参与。")
    assert "公安" not in found
    assert found["荆州市"] == "421000"


def test_generic_zone_rows_are_not_read_as_one_particular_zone() -> None:
    # Some county lists carry a town-level row named just 高新区 or 化工园区.
    gaz = load()
    assert not gaz.lookup("化工园区") and not gaz.lookup("高新区")
    assert all(v is None for k, v in places("推动化工园区转型,高新区加快发展。").items())


def test_towns_and_villages_are_found_under_the_report_own_city() -> None:
    text = "泰州市海陵区城中街道运河社区开展志愿服务。泰州市持续推进社区治理。"
    found = places(text)
    gaz = load()
    assert [d.name for d in gaz.chain(found["城中街道"])][:3] == ["城中街道", "海陵区", "泰州市"]
    assert found["运河社区"] is not None and gaz.get(found["运河社区"]).level == "village"


def test_same_town_name_in_two_reports_stays_two_places() -> None:
    a = analyze(source("江苏省泰州市海陵区城中街道推进老旧小区改造。泰州市海陵区召开会议。", "a.txt"))
    b = analyze(source("广西柳州市城中区城中街道推进背街小巷整治。柳州市城中区召开会议。", "b.txt"))
    corpus = resolve([a, b])
    towns = [e for e in corpus.entities if e.label == "城中街道"]
    assert len(towns) == 2
    gaz = load()
    parents = sorted(gaz.get(t.division).parent for t in towns)
    assert parents == ["321202", "450202"]


def test_sample_graph_divisions_carry_codes_and_chains(tmp_path: Path, sample_build) -> None:  # type: ignore[no-untyped-def]
    g = Graph()
    g.parse(sample_build[1] / "graph.ttl")
    coded = set(g.subjects(KGO.gb2260, None))
    assert len(coded) >= 15
    provinces = {s for s in coded if (s, None, KGO.Province) in g or str(g.value(s, KGO.gb2260)).endswith("0000")}
    for place in coded:
        hops, node = 0, place
        while node not in provinces:
            parents = list(g.objects(node, KGO.locatedIn))
            parents = [p for p in parents if (p, KGO.gb2260, None) in g]
            assert parents, f"{g.value(place, KGO.gb2260)} has no chain to its province"
            node, hops = parents[0], hops + 1
            assert hops < 5


@pytest.mark.parametrize("name", ["京山县"])
def test_a_former_name_means_the_division_that_replaced_it(name: str) -> None:
    assert load().resolve(name).name == "京山市"


def test_adding_a_document_that_names_more_divisions_keeps_earlier_iris(tmp_path: Path) -> None:
    first = tmp_path / "one"
    first.mkdir()
    (first / "a.txt").write_text("泰州市海陵区城中街道推进老旧小区改造,泰州市海陵区召开会议。\n", encoding="utf-8")
    out1 = build([first], tmp_path / "out1").corpus
    (first / "b.txt").write_text("南京市鼓楼区持续开展志愿服务,南京市鼓楼区召开会议。\n", encoding="utf-8")
    out2 = build([first], tmp_path / "out2").corpus
    before = {e.label: e.iri for e in out1.entities}
    after = {e.label: e.iri for e in out2.entities}
    assert before and all(after[label] == iri for label, iri in before.items())


def test_a_zone_with_its_district_in_brackets_is_the_district() -> None:
    # 区政合一: the zone and the bracketed district are one administration, one node.
    text = "苏州市高新区(虎丘区)持续推进产业转型。浒墅关镇是虎丘区的工业重镇,虎丘区召开推进会。"
    corpus = resolve([analyze(source(text, "a.txt"))])
    (district,) = [e for e in corpus.entities if e.gb2260 == "320505"]
    assert {m.text for m in district.mentions} >= {"苏州市高新区(虎丘区)", "虎丘区"}


def test_a_leader_title_form_takes_the_full_name_as_label() -> None:
    a = analyze(source("王总书记强调要抓好基层党建。基层党组织认真学习。", "a.txt"))
    b = analyze(source("王建国总书记在大会上指出,要加强基层治理。", "b.txt"))
    (person,) = [e for e in resolve([a, b]).entities if e.type == "Person"]
    assert person.label == "王建国" and {m.text for m in person.mentions} == {"王总书记", "王建国"}


def test_a_leader_title_form_with_two_full_names_of_its_surname_stays_apart() -> None:
    a = analyze(source("王总书记强调要抓好基层党建。基层党组织认真学习。", "a.txt"))
    b = analyze(source("王建国总书记在大会上指出,要加强基层治理。王立新书记主持会议。", "b.txt"))
    persons = [e for e in resolve([a, b]).entities if e.type == "Person" and e.mentions]
    assert {m.text for e in persons for m in e.mentions} >= {"王总书记", "王建国", "王立新"}
    assert all(len({m.text for m in e.mentions}) == 1 for e in persons)  # no guess between the two


@pytest.mark.parametrize("text", ["南京市", "南京", "江苏省南京市", "在南京市", "南京市玄武区", "京", ""])
def test_scan_reads_names_up_to_the_end_of_the_text(text: str) -> None:
    hits = load().scan(text)
    assert all(0 <= h.start < h.end <= len(text) and text[h.start : h.end] == h.name for h in hits)
    assert ("南京市" in text) == any(h.name == "南京市" for h in hits)


def test_names_in_finds_full_and_short_names_overlapping_in_text_order() -> None:
    found = load().names_in("江苏省苏州市姑苏区平江街道")
    names = [name for _, name in found]
    assert names[:6] == ["江苏", "江苏省", "苏州", "苏州市", "姑苏", "姑苏区"]
    assert "平江街道" in names
    starts = [end + 1 - len(name) for end, name in found]
    assert starts == sorted(starts)


@pytest.mark.parametrize("text", ["宿迁宿豫区青山镇", "苏州市吴中区", "在苏州", "江苏省南京市玄武区,南京"])
def test_scan_with_names_found_beforehand_is_the_same_scan(text: str) -> None:
    gaz = load()
    names = gaz.names_in(text)
    for home, bounds in [((), None), (("江苏省", "宿迁市"), frozenset(range(0, len(text) + 1, 2)))]:
        assert gaz.scan(text, home, bounds, names=names) == gaz.scan(text, home, bounds)
