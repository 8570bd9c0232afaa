"""Place recognition on sentences of the genre (written for these tests)."""

from __future__ import annotations

import pytest

from kg.entities import recognize
from kg.sentences import split

from .conftest import source


def places(text: str) -> dict[str, str]:
    """Place mentions of a text: surface form -> key."""
    src = source(text)
    return {m.text: m.key for m in recognize(src, split(src)) if m.type == "Place"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # zones and parks: suffix with a proper name on its left
        ("主动对接安徽宣城新材料产业园区,推动项目落地。", "安徽宣城新材料产业园区"),
        ("盐城经济技术开发区连续三年位居全省前列。", "盐城经济技术开发区"),
        ("稳步推进“自贸联动创新区”建设。", "自贸联动创新区"),
        ("以华泰智能装备产业园为代表的先进制造业集群加快成长。", "华泰智能装备产业园"),
        # water, roads, facilities
        ("全面完成清水河、通榆运河沿线整治。", "清水河"),
        ("加快建设通江路北延、太湖大道等道路。", "通江路北延"),
        ("加快建设通江路北延、太湖大道等道路。", "太湖大道"),
        ("建设青年南路、人民路等项目。", "青年南路"),
        ("建设青年南路、人民路等项目。", "人民路"),
        ("在310快速路北延沿线开展整治。", "310快速路北延"),
        ("建成运河文化展示馆,拓展宣传教育功能。", "运河文化展示馆"),
        ("建成以周庄村为中心的千亩设施蔬菜示范基地。", "千亩设施蔬菜示范基地"),
        ("在“长河一号”趸船上开展主题党日。", "“长河一号”趸船"),
        # villages: unknown names cut into characters by jieba
        ("在长旺村开展光伏示范。", "长旺村"),
        # a river, then its basin
        ("充分利用区镇汉水流域水土肥沃的优势。", "汉水流域"),
        # bare names counted under a category
        ("区镇还在东湖等村新建完成农村公厕。", "东湖"),
        ("在青松、白杨两个村试点推广。", "白杨"),
        ("天福家园、柳岸二期等安置区全部交房。", "天福家园"),
    ],
)
def test_recognizes_place(text: str, name: str) -> None:
    assert name in places(text)


def test_road_crossing_a_village_is_cut_at_the_village() -> None:
    found = places("在长旺村樱花大道、湖滨广场等地建设光伏车棚。")
    assert "樱花大道" in found
    assert "长旺村樱花大道" not in found


def test_counted_village_key_has_its_suffix() -> None:
    assert places("区镇还在东湖等村新建完成农村公厕。")["东湖"] == "东湖村"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("建成全国碳中和示范村镇。", "范村"),  # 示范村镇 holds no village
        ("开启美丽区镇建设新征程,勾画区镇发展蓝图。", "区镇"),
        ("探索产业扶贫新出路。", "新出路"),
        ("坚定实施产业强市战略,争创全国文明城市。", "强市"),
        ("完成58个城市住宅小区改造和农村公路提升。", "住宅小区"),
        ("充分发挥园区优势,创建优质园区。", "园区"),
        ("电力设施、物流园区、粮食等领域。", "物流园区"),
        ("创成国家生态文明建设示范区。", "示范区"),  # an honour
        ("积极实施西北片区化工企业关停。", "西北片区"),  # a direction only
        ("完成25项镇街、14项村(社区)任务。", "项"),
        ("坚持中国特色社会主义,庆祝新中国成立。", "中国"),
        ("清理不合格村(社区)干部。", "合格村"),
        ("打造华东地区最大的人工生态林。", "人工生态林"),
    ],
)
def test_rejects_generic_phrase(text: str, word: str) -> None:
    assert not any(word in found for found in places(text))


def test_town_named_in_full_then_by_its_stem() -> None:
    src = source("关于柳河镇光伏示范建设的报告。\n近年来,柳河扎实推进屋顶光伏安装。")
    found = [m for m in recognize(src, split(src)) if m.type == "Place"]
    stems = [m for m in found if m.text == "柳河"]
    assert stems and stems[0].key == "柳河镇"


def test_verb_before_village_is_no_name() -> None:
    assert not any("进村" in p for p in places("全面推进律师进村,开展法律服务。"))


def test_road_named_by_an_adjective() -> None:
    assert "幸福大道" in places("完成幸福大道、通港路东延等道路建设。")


@pytest.mark.parametrize("text", ["创成省“四好农村路”示范县。", "修建产业路、旅游路30公里。"])
def test_kind_of_road_is_no_road(text: str) -> None:
    assert not any(p.endswith("路") for p in places(text))
