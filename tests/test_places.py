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
        # at the very start and end of a text
        ("东湖等村", "东湖"),
        ("推广到青松、白杨两个村", "白杨"),
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


@pytest.mark.parametrize(
    "text",
    [
        "每名县领导挂钩联系2至3家重点企业。",  # 每名 is no county's name
        "在沿江村(社区)设立党员责任区46个。",  # 责任区 is a common word
        "全镇辖12个行政村,总人口5.6万人。",
        "选优配强村“两委”班子,提升治理能力。",  # the village committees
        "推进县人民医院新院区建设。",
        "为建设更高水平的鱼米之乡而努力奋斗。",
        "新建沿河生态林带1200亩。",
        "与职业学院共建化工安全实训基地。",  # 实|训 is a generic word cut up, no unknown name
    ],
)
def test_common_word_before_a_suffix_names_no_place(text: str) -> None:
    assert places(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the count after a listed village is no part of it; items between 、 may be common words
        ("镇里的青松村、白杨村等5个村发展起了生态农业。", {"青松村", "白杨村"}),
        ("桥头村、幸福村等10个村创建市级示范村。", {"桥头村", "幸福村"}),
        # a district the gazetteer does not know, named by a proper noun
        ("东湖区与上游的西江区结对共建。", {"西江区"}),
        # a county named by a common word, shown to be one by its part or its town
        ("白沙镇位于青石县东南部。", {"白沙镇", "青石县"}),
        ("青石县白沙镇探索“党建+产业”发展模式。", {"青石县", "白沙镇"}),
    ],
)
def test_listed_and_unknown_divisions(text: str, expected: set[str]) -> None:
    assert expected <= set(places(text))
    assert not any("等" in p or p[-1].isdigit() for p in places(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a locative between a known place and a zone's suffix belongs to the zone
        ("陈庄镇是江苏盐城沿海化工园区所在地。", "江苏盐城沿海化工园区"),
        # kinds of zones named in the genre
        ("与上海化学工业区签订战略合作协议。", "上海化学工业区"),
        ("宜昌市规划建设白沙港化工园,承接搬迁企业。", "白沙港化工园"),
        ("青山食品有限公司落户青山工业集中区。", "青山工业集中区"),
        ("共建洞庭湖生态经济区。", "洞庭湖生态经济区"),
    ],
)
def test_zone_names(text: str, name: str) -> None:
    assert name in places(text)


def test_a_county_report_is_about_the_city_of_its_county() -> None:
    """The county's mentions count for its city, not a city named once in a company's name."""
    text = (
        "响水县推进化工园区转型\n"
        "响水县地处灌河入海口。响水县成立领导小组。连云港徐圩新区、连云港港口参与。"
        "盐城市响水县陈家港镇。县应急管理局牵头。"
    )
    src = source(text)
    mentions = {m.text: m for m in recognize(src, split(src))}
    assert mentions["陈家港镇"].division is not None  # the gazetteer's town, under the report's city
    assert mentions["县应急管理局"].key == "响水县应急管理局"


def test_zone_with_and_without_its_county_is_one_zone() -> None:
    text = "在湖口县白沙湾工业园,厂房拔地而起。全市保留湖口白沙湾工业园等5个化工园区。\n"
    found = places(text)
    assert found["湖口县白沙湾工业园"] == found["湖口白沙湾工业园"]


def test_zone_after_its_city_is_one_name() -> None:
    assert "连云港徐圩新区" in places("江城化工有限公司落户连云港徐圩新区,总投资12亿元。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a word and 湾 / 港 / 洲 name a place jieba does not know: a zone's or site's proper part
        ("在原采砂场旧址建成江豚湾湿地公园,成为打卡地。", "江豚湾湿地公园"),
        ("2021年整体搬迁至金砂湾工业园,总投资18亿元。", "金砂湾工业园"),
    ],
)
def test_toponym_character_makes_a_proper_part(text: str, name: str) -> None:
    assert name in places(text)


def test_listed_villages_after_their_towns() -> None:
    found = places("青石镇新河村、白沙镇前进村等6个村发展生态农业。")
    assert {"新河村", "前进村"} <= set(found)
    assert "白沙镇前进村" not in found


def test_honour_conferred_is_no_village() -> None:
    assert "文明村" not in places("全镇6个村被评为市级生态文明村。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a one-character river name, shown by its mouth, a list or a second mention
        ("青港镇地处灌河入海口,是化工园区所在地。", "灌河"),
        ("区水利局对泪河、桃花溪等支流实行一河一策。", "泪河"),
        ("东湖镇建设凤河生态护岸,解决了凤河汛期冲刷问题。", "凤河"),
        ("以长江、岷江“两江”岸线为重点。", "岷江"),
        # rivers named X江 and X溪 by their suffix
        ("以长江、金沙江岸线为重点。", "金沙江"),
        ("区水利局对泪河、桃花溪等支流实行一河一策。", "桃花溪"),
    ],
)
def test_short_river_names(text: str, name: str) -> None:
    assert name in places(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("区级河长巡河312次,护河员巡河。", "巡河"),
        ("坚决破解化工围江,化工围江问题突出。", "围江"),
        ("推动沿长江发展,守护一江碧水。", "沿长江"),
        ("建设新镇江,打造美丽镇江。", "新镇江"),
    ],
)
def test_no_river_in_common_words(text: str, word: str) -> None:
    assert word not in places(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a hall named after where it stands keeps that word
        ("区里投资建成沿江党建展示馆,年接待群众3万人次。", "沿江党建展示馆"),
        ("区里建成长江上游生态保护展示馆。", "长江上游生态保护展示馆"),
    ],
)
def test_site_named_after_where_it_stands(text: str, name: str) -> None:
    assert name in places(text)


def test_locative_alone_names_no_zone() -> None:
    assert not places("推动沿江化工园区转型升级。")


def test_county_written_after_its_province_is_the_county() -> None:
    found = places("深化与浙江安吉、安徽广德的跨省合作。")
    assert found["浙江安吉"] == "安吉县"
    assert found["安徽广德"] == "广德市"


def test_a_park_inside_a_development_zone_keeps_the_zones_name() -> None:
    assert "荆州经济技术开发区化工园区" in places("东湖化工有限公司迁入荆州经济技术开发区化工园区。")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a village or community named by a wish or a virtue, written after its town, and then alone
        (
            "白沙镇幸福社区成立“红管家”服务队。幸福社区还开展了志愿服务。",
            {"白沙镇", "幸福社区"},
            set(),
        ),
        ("白沙镇团结村、胜利村开展产业合作。", {"白沙镇", "团结村"}, set()),
        # categories and counts after a town name no village
        ("白沙镇贫困村全部出列。", {"白沙镇"}, {"白沙镇贫困村", "贫困村"}),
        ("白沙镇各村开展人居环境整治。", {"白沙镇"}, {"各村", "白沙镇各村"}),
        # without its town the wish alone is no village
        ("打造幸福社区,建设美好家园。", set(), {"幸福社区"}),
    ],
)
def test_village_named_by_a_common_word_after_its_town(text: str, present: set[str], absent: set[str]) -> None:
    found = set(places(text))
    assert present <= found
    assert not (absent & found)
