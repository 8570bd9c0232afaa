"""Relation rules on sentences of the genre.

The mentions are given by hand (the recognizers are tested elsewhere), so
each case checks only what the relation rules make of a sentence.
"""

from __future__ import annotations

import pytest

from kg import pipeline, relations, sentences
from kg.model import Mention
from kg.normalize import name_key

from .conftest import source

ORG, PLACE, PROG, PERSON = "Organization", "Place", "Program", "Person"


def mentions_of(text: str, spans: list[tuple[str, str]], doc_id: str = "t.txt") -> list[Mention]:
    """Mentions for every occurrence of each (surface, type); ``Place:River`` gives a subtype."""
    src = source(text, doc_id)
    out = []
    for surface, kind in spans:
        type_, _, subtype = kind.partition(":")
        pos = src.norm.find(surface)
        assert pos >= 0, surface
        while pos >= 0:
            out.append(
                Mention(
                    doc_id,
                    pos,
                    pos + len(surface),
                    src.text[pos : pos + len(surface)],
                    type_,
                    subtype or type_,
                    name_key(surface),
                    "test",
                )
            )
            pos = src.norm.find(surface, pos + len(surface))
    return sorted(out, key=lambda m: m.start)


def run(text: str, spans: list[tuple[str, str]]) -> tuple[set[tuple[str, str, str, bool]], Mention | None]:
    src = source(text)
    rels, protagonist = relations.extract(src, sentences.split(src), mentions_of(text, spans))
    return {(r.type, r.head.key, r.tail.key, r.implicit) for r in rels}, protagonist


def test_elided_subject_is_the_protagonist_named_by_the_title() -> None:
    text = "淮安清江浦:实干争先 奋力谱写新篇章\n雷厉风行开展“六项整治”。全区推行“日周月”学习模式。\n"
    got, protagonist = run(text, [("“六项整治”", PROG), ("“日周月”学习模式", PROG)])
    assert protagonist is not None and protagonist.text == "清江浦" and protagonist.key == "清江浦区"
    assert ("locatedIn", "清江浦区", "淮安市", False) in got
    assert ("implements", "清江浦区", "六项整治", True) in got
    assert ("implements", "清江浦区", "日周月学习模式", True) in got


def test_an_anaphor_of_another_kind_is_not_the_protagonist() -> None:
    # 全市 is the city, 公司 a company the district's report speaks of: not the district, nor are
    # the clauses after them without a subject of their own.
    text = (
        "东湖区2023年工作总结\n东湖区深入实施“清水护河”行动。\n"
        "全市启动“无废城市”建设行动,开展“蓝天”专项行动。\n公司投资3亿元实施“智慧工厂”改造工程。\n"
    )
    spans = [("东湖区", PLACE), ("“清水护河”行动", PROG), ("“无废城市”建设行动", PROG), ("“蓝天”专项行动", PROG)]
    got, protagonist = run(text, [*spans, ("“智慧工厂”改造工程", PROG)])
    assert protagonist is not None and protagonist.key == "东湖区"
    assert ("implements", "东湖区", "清水护河行动", False) in got
    assert not {r for r in got if r[2] in ("无废城市建设行动", "蓝天专项行动", "智慧工厂改造工程")}


def test_a_demonstrative_anaphor_is_the_body_just_named_and_where_it_moved_to() -> None:
    # A city's report: 该公司 is the company its manager speaks for, not the city; the park it
    # moved to is where it lies, where it was (原位于) is not.
    text = (
        "江城市推进沿江化工企业搬迁改造\n江城市深入实施“腾笼换鸟”行动。\n"
        "江城宏远化工有限公司总经理说,搬进园区后环保设施全部升级。"
        "据介绍,该公司原位于青山县城区,2021年整体搬迁至金沙湾工业园,总投资18亿元建设“有机硅单体”项目。\n"
    )
    spans = [
        ("江城市", PLACE),
        ("“腾笼换鸟”行动", PROG),
        ("江城宏远化工有限公司", ORG),
        ("青山县", PLACE),
        ("金沙湾工业园", PLACE + ":IndustrialPark"),
        ("“有机硅单体”项目", PROG),
    ]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "江城市"
    assert ("locatedIn", "江城宏远化工有限公司", "金沙湾工业园", True) in got
    assert ("implements", "江城宏远化工有限公司", "有机硅单体项目", True) in got
    assert not {r for r in got if r[0] == "locatedIn" and r[2] == "青山县"}
    assert not {r for r in got if r[1] == "江城市" and r[2] in ("金沙湾工业园", "有机硅单体项目")}


def test_bodies_that_become_members_of_the_alliance_just_founded() -> None:
    text = (
        "东湖区委组织部牵头成立“红链”党建联盟,东湖经济开发区党工委、东湖区生态环境局、"
        "东湖建设发展集团有限公司党委等18家单位成为首批成员单位。\n"
    )
    spans = [
        ("东湖区委组织部", ORG),
        ("“红链”党建联盟", PROG),
        ("东湖经济开发区党工委", ORG),
        ("东湖区生态环境局", ORG),
        ("东湖建设发展集团有限公司党委", ORG),
    ]
    got, _ = run(text, spans)
    members = {r[1] for r in got if r[0] == "memberOf" and r[2] == "红链党建联盟"}
    assert members == {"东湖经济开发区党工委", "东湖区生态环境局", "东湖建设发展集团有限公司党委"}
    assert ("establishedBy", "红链党建联盟", "东湖区委组织部", False) in got


def test_a_report_about_a_body_does_not_move_it_where_the_firms_it_helps_move() -> None:
    text = (
        "江城市应急管理局\n江城市应急管理局开展安全检查。\n"
        "2022年以来,先后推动12家化工企业从长江沿岸搬迁进入江城化工园区。\n"
    )
    got, protagonist = run(text, [("江城市应急管理局", ORG), ("江城化工园区", PLACE + ":IndustrialPark")])
    assert protagonist is not None and protagonist.key == "江城市应急管理局"
    assert not {r for r in got if r[0] == "locatedIn"}


def test_the_body_that_opens_the_lead_is_the_protagonist_and_a_community_is_the_one_just_named() -> None:
    text = (
        "“五聚五强”激活城市基层治理新动能\n"
        "本报讯(记者 刘晓燕)今年以来,白杨街道党工委探索实施“五聚五强”工作法。\n"
        "街道以“红色物业”建设为抓手,推动小区成立党支部,并与东湖设计院党委、东湖学院党委等12家单位签订共建协议。\n"
        "白杨街道西园社区党委牵头组建“邻里帮”志愿服务队。社区还联合东湖区城市管理局开展“美丽街巷”创建活动。\n"
    )
    spans = [
        ("刘晓燕", "Person"),
        ("白杨街道党工委", ORG),
        ("“五聚五强”工作法", PROG),
        ("东湖设计院党委", ORG),
        ("东湖学院党委", ORG),
        ("白杨街道西园社区党委", ORG),
        ("“邻里帮”志愿服务队", ORG),
        ("东湖区城市管理局", ORG),
        ("“美丽街巷”创建活动", PROG),
    ]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "白杨街道党工委"
    # 街道 is the street whose committee the report is about; 社区 the community named just before
    assert ("cooperatesWith", "白杨街道党工委", "东湖设计院党委", True) in got
    assert ("cooperatesWith", "白杨街道党工委", "东湖学院党委", True) in got
    assert ("cooperatesWith", "白杨街道西园社区党委", "东湖区城市管理局", True) in got
    assert ("implements", "白杨街道西园社区党委", "美丽街巷创建活动", True) in got
    # 成立 of the clause before is no verb of the partners 并与 names
    assert not {r for r in got if r[0] == "establishedBy" and r[1] in ("东湖设计院党委", "东湖学院党委")}


def test_common_nouns_that_are_anaphors_count_only_as_subjects() -> None:
    # 社区 said of the street's eight communities, a community party committee's secretary and a
    # quoted platform: no subject pointing to the protagonist, which the title still names.
    text = (
        "白杨街道创新“网格连心”工作法\n白杨街道辖8个社区。街道党工委以“网格连心”工作法为抓手。\n"
        "社区党委书记周敏说,社区居民满意。开设“社区大学堂”,为社区居民提供培训。\n"
        "街道还与东湖职业技术学院签订共建协议。\n"
    )
    spans = [("白杨街道", PLACE), ("“网格连心”工作法", PROG), ("东湖职业技术学院", ORG)]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "白杨街道"
    assert ("cooperatesWith", "白杨街道", "东湖职业技术学院", True) in got


def test_a_county_work_report_titled_with_its_province_is_the_countys_and_a_list_of_firms_moves_in() -> None:
    text = (
        "江苏省青石县2023年政府工作报告(摘要)\n"
        "全县深入实施“项目攻坚年”活动。青山化工有限公司、白沙化工有限公司等企业入驻青石经济开发区。\n"
    )
    spans = [
        ("江苏省", PLACE),
        ("青石县", PLACE),
        ("“项目攻坚年”活动", PROG),
        ("青山化工有限公司", ORG),
        ("白沙化工有限公司", ORG),
        ("青石经济开发区", PLACE + ":DevelopmentZone"),
    ]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "青石县"
    assert ("implements", "青石县", "项目攻坚年活动", True) in got
    assert ("locatedIn", "青山化工有限公司", "青石经济开发区", False) in got
    assert ("locatedIn", "白沙化工有限公司", "青石经济开发区", False) in got


def test_an_alliance_founded_by_an_agent_lists_its_members_and_a_firm_moves_from_its_origin() -> None:
    text = (
        "“江海联动”党建联盟成立大会在东湖新区召开。联盟由东湖新区党工委发起,"
        "成员单位包括东湖海事局、东湖港集团有限公司等26家单位。\n"
        "东湖红太阳股份有限公司由西江区搬迁至东湖化学工业园区。\n"
    )
    spans = [
        ("“江海联动”党建联盟", PROG),
        ("东湖新区", PLACE + ":DevelopmentZone"),
        ("东湖新区党工委", ORG),
        ("东湖海事局", ORG),
        ("东湖港集团有限公司", ORG),
        ("东湖红太阳股份有限公司", ORG),
        ("西江区", PLACE),
        ("东湖化学工业园区", PLACE + ":IndustrialPark"),
    ]
    got, _ = run(text, spans)
    assert ("establishedBy", "江海联动党建联盟", "东湖新区党工委", False) in got
    assert ("memberOf", "东湖海事局", "江海联动党建联盟", False) in got
    assert ("memberOf", "东湖港集团有限公司", "江海联动党建联盟", False) in got
    assert ("locatedIn", "东湖红太阳股份有限公司", "东湖化学工业园区", False) in got
    assert ("locatedIn", "西江区", "东湖化学工业园区", False) not in got


def test_a_committee_and_its_government_written_together_both_act() -> None:
    text = "青石县工作总结\n县委县政府深入实施“产业强县”战略。\n"
    got, _ = run(text, [("县委", ORG), ("县政府", ORG), ("“产业强县”战略", PROG)])
    actors = {r[1] for r in got if r[0] == "implements" and r[2] == "产业强县战略"}
    assert len(actors) == 2


def test_company_anaphors_point_to_the_company_whose_party_committee_the_report_is_about() -> None:
    text = (
        "华泰化工集团党委:党建引领绿色转型\n集团党委下设12个党支部。\n"
        "公司投资15亿元建设“可降解材料”项目。集团实施“绿色工厂”创建工程。\n"
    )
    spans = [("华泰化工集团党委", ORG), ("“可降解材料”项目", PROG), ("“绿色工厂”创建工程", PROG)]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "华泰化工集团党委"
    assert ("implements", "华泰化工集团党委", "可降解材料项目", True) in got
    assert ("implements", "华泰化工集团党委", "绿色工厂创建工程", True) in got


@pytest.mark.parametrize(
    ("text", "spans", "protagonist", "present"),
    [
        # The gazetteer reads the prefix: each part under its full name.
        (
            "宿迁宿豫:党建引领乡村振兴\n宿豫区深入实施“强村富民”工程。\n",
            [("宿豫区", PLACE), ("“强村富民”工程", PROG)],
            "宿豫区",
            {("locatedIn", "宿豫区", "宿迁市", False), ("implements", "宿豫区", "强村富民工程", False)},
        ),
        # A prefix no gazetteer reads ends with the short name of a place the article names in full.
        (
            "青山东湖:党建引领乡村振兴\n东湖区深入实施“强村富民”工程。\n",
            [("东湖区", PLACE), ("“强村富民”工程", PROG)],
            "东湖区",
            {("locatedIn", "东湖区", "青山", False)},
        ),
        # Places right after the colon narrow the prefix's region to the report's own town.
        (
            "江苏盐城:大丰区青山镇党建引领乡村振兴\n一是推行“网格+农户”治理模式。\n",
            [("大丰区", PLACE), ("青山镇", PLACE), ("“网格+农户”治理模式", PROG)],
            "青山镇",
            {("implements", "青山镇", "网格+农户治理模式", True)},
        ),
    ],
)
def test_title_prefix_of_two_places(
    text: str, spans: list[tuple[str, str]], protagonist: str, present: set[tuple[str, str, str, bool]]
) -> None:
    got, found = run(text, spans)
    assert found is not None and found.key == protagonist
    assert present <= got
    assert not any(h in ("江苏盐城", "江苏", "盐城") for _, h, _, _ in got)


def test_stated_subject_carries_through_its_clauses() -> None:
    text = (
        "近年来,盐城经济开发区紧紧围绕市委部署,组建湿地保护指挥部,牵头成立湿地保护党建联盟,"
        "创新开展“绿色港湾”行动。\n盐城经济开发区持续推进“一企一策”。\n"
    )
    got, protagonist = run(
        text,
        [
            ("盐城经济开发区", PLACE),
            ("湿地保护指挥部", ORG),
            ("湿地保护党建联盟", PROG),
            ("“绿色港湾”行动", PROG),
            ("“一企一策”", PROG),
        ],
    )
    assert protagonist is not None and protagonist.key == "盐城经济开发区"
    assert ("establishedBy", "湿地保护指挥部", "盐城经济开发区", False) in got
    assert ("establishedBy", "湿地保护党建联盟", "盐城经济开发区", False) in got
    assert ("implements", "盐城经济开发区", "绿色港湾行动", False) in got


def test_enumerated_founding_units_are_members_not_founders() -> None:
    text = (
        "由无锡市委办、市委宣传部、无锡海关、太湖治理指挥部和区级机关等20家单位组建太湖保护“365党建联盟”,"
        "全力打造“共建共享”等五类平台。\n"
    )
    got, _ = run(
        text,
        [
            ("无锡市委办", ORG),
            ("市委宣传部", ORG),
            ("无锡海关", ORG),
            ("太湖治理指挥部", ORG),
            ("太湖保护“365党建联盟”", PROG),
            ("“共建共享”", PROG),
        ],
    )
    members = {(h, t) for r, h, t, _ in got if r == "memberOf"}
    assert members == {(u, "太湖保护365党建联盟") for u in ("无锡市委办", "市委宣传部", "无锡海关", "太湖治理指挥部")}
    assert not any(r == "establishedBy" for r, *_ in got)


@pytest.mark.parametrize(
    ("sentence", "spans", "expected"),
    [
        # Object verbs: the actor connects with each listed partner.
        (
            "宿迁高新区全力推进产业转移。宿迁高新区积极对接安徽芜湖经济技术开发区、江西九江出口加工区等园区。",
            [("宿迁高新区", PLACE), ("安徽芜湖经济技术开发区", PLACE), ("江西九江出口加工区", PLACE)],
            {
                ("cooperatesWith", "宿迁高新区", "安徽芜湖经济技术开发区", False),
                ("cooperatesWith", "宿迁高新区", "江西九江出口加工区", False),
            },
        ),
        # Mutual verbs: both sides named around 与.
        (
            "交通运输部与水利部联合督查航道整治。",
            [("交通运输部", ORG), ("水利部", ORG)],
            {("cooperatesWith", "交通运输部", "水利部", False)},
        ),
    ],
)
def test_cooperation(sentence: str, spans: list[tuple[str, str]], expected: set[tuple[str, str, str, bool]]) -> None:
    got, _ = run(sentence + "\n", spans)
    assert expected <= {g for g in got if g[0] == "cooperatesWith"}


def test_located_in_by_verb_by_superlative_and_by_set_up_in() -> None:
    text = (
        "太湖无锡段岸线总长30公里,为江苏省最长的太湖岸线,全部位于无锡经济开发区。\n"
        "协调市交通运输综合执法局在化工园区设立港口执法大队。\n"
    )
    got, _ = run(
        text,
        [
            ("太湖无锡段", PLACE),
            ("江苏省", PLACE),
            ("无锡经济开发区", PLACE),
            ("市交通运输综合执法局", ORG),
            ("化工园区", PLACE),
            ("港口执法大队", ORG),
        ],
    )
    assert ("locatedIn", "太湖无锡段", "无锡经济开发区", False) in got
    assert ("locatedIn", "太湖无锡段", "江苏省", False) in got
    assert ("locatedIn", "港口执法大队", "化工园区", False) in got
    assert ("establishedBy", "港口执法大队", "市交通运输综合执法局", False) in got


def test_place_chain_reads_broad_to_narrow() -> None:
    got, _ = run("在淮安市金湖镇调研。\n", [("淮安市", PLACE), ("金湖镇", PLACE)])
    assert ("locatedIn", "金湖镇", "淮安市", False) in got
    # places of one level listed after the first of a chain lie in the broader place too
    text = "青山镇红星村、白沙村等6个村和东湖区组建服务队。\n"
    got, _ = run(text, [("青山镇", PLACE), ("红星村", PLACE), ("白沙村", PLACE), ("东湖区", PLACE)])
    assert {("locatedIn", "红星村", "青山镇", False), ("locatedIn", "白沙村", "青山镇", False)} <= got
    assert ("locatedIn", "东湖区", "青山镇", False) not in got


def test_branch_of_a_named_body_is_its_sub_organization() -> None:
    text = "组建航道整治指挥部。航道整治指挥部党总支作用日益突显。\n"
    got, _ = run(text, [("航道整治指挥部党总支", ORG), ("航道整治指挥部", ORG)])
    assert ("subOrganizationOf", "航道整治指挥部党总支", "航道整治指挥部", False) in got


def test_copula_ends_the_actors_acts() -> None:
    text = "宿迁洋河镇:调研报告\n打造“零碳小镇”是推动乡村振兴的为民之举。\n"
    got, _ = run(text, [("宿迁洋河镇", PLACE), ("“零碳小镇”", PROG), ("乡村振兴", PROG)])
    assert ("establishedBy", "零碳小镇", "宿迁洋河镇", True) in got
    assert not any(r == "implements" and t == "乡村振兴" for r, _, t, _ in got)


def test_program_before_its_verb_and_purpose_clause() -> None:
    text = "淮安金湖:年度工作综述\n“清河行动”有序开展。以“两学一做”为抓手,扎实推进作风建设。\n"
    got, _ = run(text, [("“清河行动”", PROG), ("“两学一做”", PROG)])
    assert ("implements", "金湖县", "清河行动", True) in got
    assert ("implements", "金湖县", "两学一做", True) in got


def test_each_article_has_its_own_protagonist_and_author_note() -> None:
    text = (
        "勇当排头兵\n\n王立新\n\n2022年以来,市交通运输局认真贯彻市委部署,深入开展“畅行工程”。市交通运输局持续推进“四好农村路”建设。\n\n"
        "(作者单位:宿迁市交通运输局)\n\n"
        "奋进新征程\n\n——关于洋河镇乡村振兴的调研报告\n\n李红\n\n一是实施“美丽庭院”行动。\n"
    )
    spans = [
        ("王立新", PERSON),
        ("市交通运输局", ORG),
        ("“畅行工程”", PROG),
        ("“四好农村路”", PROG),
        ("宿迁市交通运输局", ORG),
        ("洋河镇", PLACE),
        ("李红", PERSON),
        ("“美丽庭院”行动", PROG),
    ]
    got, _ = run(text, spans)
    assert ("implements", "市交通运输局", "畅行工程", False) in got
    assert ("affiliatedWith", "王立新", "宿迁市交通运输局", False) in got
    assert ("implements", "洋河镇", "美丽庭院行动", True) in got
    assert not any(h == "市交通运输局" and t == "美丽庭院行动" for _, h, t, _ in got)


def test_a_column_name_before_a_colon_is_no_protagonist() -> None:
    _, protagonist = run("专家观点:如何抓好基层党建\n深入实施“百企联百村”工程。\n", [("“百企联百村”工程", PROG)])
    assert protagonist is None


def test_a_protagonist_no_recognizer_found_becomes_a_mention() -> None:
    src = source("泰兴黄桥:聚力实干\n深入实施“百企联百村”工程。全区推进“红色网格”建设。\n")
    analysis = pipeline.analyze(src)
    assert analysis.protagonist is not None
    p = analysis.protagonist
    assert src.text[p.start : p.end] == p.text and p.text.endswith("黄桥")
    assert any((m.start, m.end, m.type) == (p.start, p.end, p.type) for m in analysis.mentions)
    assert all(r.head in analysis.mentions and r.tail in analysis.mentions for r in analysis.relations)


def test_export_marks_implicit_actor_and_rule(sample_graph) -> None:  # type: ignore[no-untyped-def]
    from rdflib import RDF, Literal

    from kg.vocab import KGO

    implicit = [st for st in sample_graph.subjects(KGO.implicitActor, Literal(True))]
    assert implicit, "the samples state many acts of their elided protagonist"
    for st in implicit[:20]:
        assert (st, RDF.type, RDF.Statement) in sample_graph
        rule = str(sample_graph.value(st, KGO.extractionRule))
        assert rule.split(".")[0] in {"implements", "established", "cooperates", "members"}


@pytest.mark.parametrize(
    ("sentence", "spans", "present", "absent"),
    [
        # Pilot places named with 在…试点 carry the program out themselves.
        (
            "洋河镇:报告\n在双河、三桥两个村试点建设零碳示范村。\n",
            [("洋河镇", PLACE), ("双河", PLACE), ("三桥", PLACE), ("零碳示范村", PROG)],
            {("implements", "双河", "零碳示范村", False), ("implements", "三桥", "零碳示范村", False)},
            {("implements", "洋河镇", "零碳示范村", True)},
        ),
        # A body that only qualifies the object is not what was set up.
        (
            "金湖县:报告\n建立起县委领导下的5个基层党委。\n",
            [("金湖县", PLACE), ("县委", ORG)],
            set(),
            {("establishedBy", "县委", "金湖县", True)},
        ),
        # Who heads a body set up describes it: the body is still what was set up.
        (
            "东湖市委、市政府高度重视,成立由市长任组长的化工企业搬迁工作领导小组。\n",
            [("东湖市委", ORG), ("市政府", ORG), ("化工企业搬迁工作领导小组", ORG)],
            {
                ("establishedBy", "化工企业搬迁工作领导小组", "东湖市委", False),
                ("establishedBy", "化工企业搬迁工作领导小组", "市政府", False),
            },
            set(),
        ),
        # 以X…为抓手 with more words after X: X only qualifies the lever.
        (
            "金湖县:报告\n全县以中央环保督查反馈问题整改为抓手,推进治理。\n",
            [("金湖县", PLACE), ("中央环保督查", PROG)],
            set(),
            {("implements", "金湖县", "中央环保督查", True)},
        ),
    ],
)
def test_local_actors_and_modifiers(
    sentence: str,
    spans: list[tuple[str, str]],
    present: set[tuple[str, str, str, bool]],
    absent: set[tuple[str, str, str, bool]],
) -> None:
    got, _ = run(sentence, spans)
    assert present <= got
    assert not (absent & got)


def test_bylines_and_reporters_are_affiliated() -> None:
    text = (
        "为民办实事\n来源:淮安日报\n本报记者 王立新 通讯员 李红\n2023年以来,市交通运输局深入开展“畅行工程”。\n"
        "习近平总书记指出,要坚持人民至上。\n(作者单位:宿迁市交通运输局)\n"
    )
    spans = [("淮安日报", ORG), ("王立新", PERSON), ("李红", PERSON), ("习近平", PERSON), ("宿迁市交通运输局", ORG)]
    got, _ = run(text, spans)
    affiliated = {(h, t) for r, h, t, _ in got if r == "affiliatedWith"}
    assert ("王立新", "淮安日报") in affiliated
    assert ("李红", "宿迁市交通运输局") in affiliated
    assert ("王立新", "宿迁市交通运输局") not in affiliated  # the paper's reporter is not the author's colleague
    assert not any(h == "习近平" for h, _ in affiliated)


def test_the_title_names_the_protagonist_among_clause_subjects() -> None:
    text = (
        "宿迁宿豫:党建引领乡村振兴\n近年来,宿豫区深入实施“强村富民”工程。\n"
        "三是积极推进“一村一品”建设。\n区农业农村局与区财政局联合开展专项督查。区农业农村局做好保障。\n"
    )
    spans = [("宿豫区", PLACE), ("“强村富民”工程", PROG), ("“一村一品”", PROG)]
    spans += [("区农业农村局", ORG), ("区财政局", ORG)]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "宿豫区"
    assert ("implements", "宿豫区", "一村一品", True) in got


@pytest.mark.parametrize(
    ("text", "spans", "present", "absent"),
    [
        # 联盟成员包括A、B以及C: the bare 联盟 points back to the alliance of the paragraph;
        # a company inside its branch's name is no list item.
        (
            "青山镇牵头成立“绿水青山”党建联盟。联盟成员包括青山镇党委、东湖区水务局以及青山化工有限公司党支部等12家单位。\n",
            [
                ("“绿水青山”党建联盟", PROG),
                ("青山镇党委", ORG),
                ("东湖区水务局", ORG),
                ("青山化工有限公司党支部", ORG),
                ("青山化工有限公司", ORG),
            ],
            {
                ("memberOf", "青山镇党委", "绿水青山党建联盟", False),
                ("memberOf", "东湖区水务局", "绿水青山党建联盟", False),
                ("memberOf", "青山化工有限公司党支部", "绿水青山党建联盟", False),
            },
            {("memberOf", "青山化工有限公司", "绿水青山党建联盟", False)},
        ),
        # S联合A、B…等N家单位组建X: the listed units are members, S founded X.
        (
            "东湖区联合区水务局、区交通运输局、东湖海事处等12家单位组建“一湖清水”党建联盟,建立联席会议机制。\n",
            [
                ("东湖区", PLACE),
                ("区水务局", ORG),
                ("区交通运输局", ORG),
                ("东湖海事处", ORG),
                ("“一湖清水”党建联盟", PROG),
            ],
            {
                ("memberOf", "区水务局", "一湖清水党建联盟", False),
                ("memberOf", "区交通运输局", "一湖清水党建联盟", False),
                ("memberOf", "东湖海事处", "一湖清水党建联盟", False),
                ("establishedBy", "一湖清水党建联盟", "东湖区", False),
            },
            {("establishedBy", "一湖清水党建联盟", "区水务局", False)},
        ),
        # 由A、B、C等N家单位共同发起成立X: founding units are members, not founders.
        (
            "由区委组织部、区生态环境局、东湖港务集团等8家单位共同发起成立东湖生态保护志愿者协会。\n",
            [("区委组织部", ORG), ("区生态环境局", ORG), ("东湖港务集团", ORG), ("东湖生态保护志愿者协会", ORG)],
            {
                ("memberOf", "区委组织部", "东湖生态保护志愿者协会", False),
                ("memberOf", "区生态环境局", "东湖生态保护志愿者协会", False),
                ("memberOf", "东湖港务集团", "东湖生态保护志愿者协会", False),
            },
            {("establishedBy", "东湖生态保护志愿者协会", "区委组织部", False)},
        ),
        # A是X的成员单位 / A为X成员单位.
        (
            "临湖街道党工委是“一湖清水”党建联盟的成员单位,牵头负责岸线巡查。东湖化工行业协会为江东化工产业联盟成员单位。\n",
            [
                ("临湖街道党工委", ORG),
                ("“一湖清水”党建联盟", PROG),
                ("东湖化工行业协会", ORG),
                ("江东化工产业联盟", PROG),
            ],
            {
                ("memberOf", "临湖街道党工委", "一湖清水党建联盟", False),
                ("memberOf", "东湖化工行业协会", "江东化工产业联盟", False),
            },
            set(),
        ),
        # X吸纳A、B等N家单位加入: the listed bodies (some not recognized) join X, named before the clause.
        (
            "东湖园区党工委牵头组建“园企同心”党建联盟,吸纳入园企业党组织、区税务局、江城银行等18家单位加入。\n",
            [("东湖园区党工委", ORG), ("“园企同心”党建联盟", PROG), ("区税务局", ORG), ("江城银行", ORG)],
            {
                ("memberOf", "区税务局", "园企同心党建联盟", False),
                ("memberOf", "江城银行", "园企同心党建联盟", False),
                ("establishedBy", "园企同心党建联盟", "东湖园区党工委", False),
            },
            {("memberOf", "区税务局", "东湖园区党工委", False)},
        ),
        # 吸纳A、B、C等N家单位,组建X: the bodies taken in (C not recognized) are members of what the next
        # clause forms.
        (
            "区委牵头,区发改委配合,吸纳青山化工有限公司、江城银行、东方集团等19家单位,组建“红色江岸”党建联盟。\n",
            [
                ("区委", ORG),
                ("区发改委", ORG),
                ("青山化工有限公司", ORG),
                ("江城银行", ORG),
                ("“红色江岸”党建联盟", PROG),
            ],
            {
                ("memberOf", "青山化工有限公司", "红色江岸党建联盟", False),
                ("memberOf", "江城银行", "红色江岸党建联盟", False),
            },
            {("memberOf", "青山化工有限公司", "区发改委", False)},
        ),
        # People of a body taken in, or a body taken in for work, are no members.
        (
            "青山镇建设共富工坊,吸纳青山化工有限公司职工就业230余人。东湖产业联盟吸纳江城银行职工加入。\n",
            [
                ("青山镇", PLACE),
                ("共富工坊", PROG),
                ("青山化工有限公司", ORG),
                ("东湖产业联盟", PROG),
                ("江城银行", ORG),
            ],
            set(),
            {("memberOf", "青山化工有限公司", "共富工坊", False), ("memberOf", "江城银行", "东湖产业联盟", False)},
        ),
    ],
)
def test_membership_patterns(
    text: str,
    spans: list[tuple[str, str]],
    present: set[tuple[str, str, str, bool]],
    absent: set[tuple[str, str, str, bool]],
) -> None:
    got, _ = run(text, spans)
    assert present <= got
    assert not (absent & got)


def test_leader_acts_and_participants_take_part() -> None:
    text = (
        "青山县:报告\n县委组织部牵头,县应急管理局、县生态环境局、青山镇参与,组建“蓝色港湾”党建联盟。\n"
        "由东湖高新区牵头,西山区、南湖市参与,共同推进湖岸生态修复工程。\n"
    )
    spans = [("青山县", PLACE), ("县委组织部", ORG), ("县应急管理局", ORG), ("县生态环境局", ORG), ("青山镇", PLACE)]
    spans += [("“蓝色港湾”党建联盟", PROG), ("东湖高新区", PLACE), ("西山区", PLACE), ("南湖市", PLACE)]
    spans += [("湖岸生态修复工程", PROG)]
    got, _ = run(text, spans)
    alliance = "蓝色港湾党建联盟"
    assert ("establishedBy", alliance, "县委组织部", False) in got
    assert {("memberOf", u, alliance, False) for u in ("县应急管理局", "县生态环境局")} <= got
    assert not any(r == "establishedBy" and h == alliance and t != "县委组织部" for r, h, t, _ in got)
    assert not any(h == "青山镇" and t == alliance for _, h, t, _ in got)  # a town is no member unit
    assert {("implements", p, "湖岸生态修复工程", False) for p in ("东湖高新区", "西山区", "南湖市")} <= got
    assert not any(i for *_, i in got)  # every actor is stated


@pytest.mark.parametrize("verb", ["所属", "下属", "旗下"])
def test_unit_written_after_its_parent_is_its_sub_organization(verb: str) -> None:
    text = f"青松化工集团{verb}东湖精细化工有限公司率先完成搬迁。\n"
    got, _ = run(text, [("青松化工集团", ORG), ("东湖精细化工有限公司", ORG)])
    assert ("subOrganizationOf", "东湖精细化工有限公司", "青松化工集团", False) in got


@pytest.mark.parametrize(
    ("text", "spans", "present", "absent"),
    [
        # X与Y签订…协议 / 签约: the two signing sides.
        (
            "青山县与东湖化学工业区签订战略合作协议。江城市与江城化工研究院签约共建中试基地。\n",
            [("青山县", PLACE), ("东湖化学工业区", PLACE), ("江城市", PLACE), ("江城化工研究院", ORG)],
            {
                ("cooperatesWith", "青山县", "东湖化学工业区", False),
                ("cooperatesWith", "江城市", "江城化工研究院", False),
            },
            set(),
        ),
        # A与B签约共建X: both sides found X.
        (
            "东湖开发区与江城大学签约共建东湖绿色化工研究院。\n",
            [("东湖开发区", PLACE), ("江城大学", ORG), ("东湖绿色化工研究院", ORG)],
            {
                ("cooperatesWith", "东湖开发区", "江城大学", False),
                ("establishedBy", "东湖绿色化工研究院", "东湖开发区", False),
                ("establishedBy", "东湖绿色化工研究院", "江城大学", False),
            },
            set(),
        ),
        # A会同B: A works with B.
        (
            "区发改委会同区工信局,对全区化工企业开展“回头看”。\n",
            [("区发改委", ORG), ("区工信局", ORG)],
            {("cooperatesWith", "区发改委", "区工信局", False)},
            set(),
        ),
        # A、B联合开展X: the two work together and both carry X out.
        (
            "镇派出所、镇司法所联合开展“法律进村”活动。\n",
            [("镇派出所", ORG), ("镇司法所", ORG), ("“法律进村”活动", PROG)],
            {
                ("cooperatesWith", "镇派出所", "镇司法所", False),
                ("implements", "镇派出所", "法律进村活动", False),
                ("implements", "镇司法所", "法律进村活动", False),
            },
            set(),
        ),
        # 与+a short modifier+的 before the partner's name.
        (
            "东港区与上游的西江区结对共建,开展跨区联合巡河。\n",
            [("东港区", PLACE), ("西江区", PLACE)],
            {("cooperatesWith", "东港区", "西江区", False)},
            set(),
        ),
        # A与B联合开展X: both sides carry X out.
        (
            "区生态环境分局与区应急管理局联合开展“护江行动”。\n",
            [("区生态环境分局", ORG), ("区应急管理局", ORG), ("“护江行动”", PROG)],
            {
                ("cooperatesWith", "区生态环境分局", "区应急管理局", False),
                ("implements", "区生态环境分局", "护江行动", False),
                ("implements", "区应急管理局", "护江行动", False),
            },
            set(),
        ),
        # A chain of places names its narrowest one as the partner.
        (
            "青山镇与江海市临港区金沙镇结对,开展党建共建活动。青山区积极对接连海市临港新区、南湖经济开发区等园区。\n",
            [("青山镇", PLACE), ("江海市", PLACE), ("临港区", PLACE), ("金沙镇", PLACE)]
            + [("青山区", PLACE), ("连海市", PLACE), ("临港新区", PLACE), ("南湖经济开发区", PLACE)],
            {
                ("cooperatesWith", "青山镇", "金沙镇", False),
                ("cooperatesWith", "青山区", "临港新区", False),
                ("cooperatesWith", "青山区", "南湖经济开发区", False),
            },
            {("cooperatesWith", "青山镇", "江海市", False), ("cooperatesWith", "青山区", "连海市", False)},
        ),
        # A联合B、C开展X: A works with each partner, and all carry X out.
        (
            "市生态环境局联合市水利局、市农业农村局开展“清四乱”专项行动。\n",
            [("市生态环境局", ORG), ("市水利局", ORG), ("市农业农村局", ORG), ("“清四乱”专项行动", PROG)],
            {
                ("cooperatesWith", "市生态环境局", "市水利局", False),
                ("cooperatesWith", "市生态环境局", "市农业农村局", False),
                ("implements", "市生态环境局", "清四乱专项行动", False),
                ("implements", "市水利局", "清四乱专项行动", False),
                ("implements", "市农业农村局", "清四乱专项行动", False),
            },
            set(),
        ),
        # 联合辖区内的B、C共同开展X: where the partners are, and an adverb before the verb, between.
        (
            "青山镇党委联合辖区内的光明社区、和平社区共同开展“邻里守望”行动。\n",
            [("青山镇党委", ORG), ("光明社区", PLACE), ("和平社区", PLACE), ("“邻里守望”行动", PROG)],
            {
                ("cooperatesWith", "青山镇党委", "光明社区", False),
                ("cooperatesWith", "青山镇党委", "和平社区", False),
                ("implements", "青山镇党委", "邻里守望行动", False),
            },
            set(),
        ),
        # The same after the body's own clause: it still acts, not the last partner alone.
        (
            "青山镇党委坚持党建引领,联合辖区内的光明社区、和平社区共同开展“邻里守望”行动。\n",
            [("青山镇党委", ORG), ("光明社区", PLACE), ("和平社区", PLACE), ("“邻里守望”行动", PROG)],
            {("cooperatesWith", "青山镇党委", "和平社区", False), ("implements", "青山镇党委", "邻里守望行动", False)},
            {("implements", "和平社区", "邻里守望行动", False)},
        ),
        # X牵头,联合A、B等部门成立Y: the leader founds Y, the partners are members.
        (
            "区委组织部牵头,联合区委宣传部、区委政法委等部门成立“红船”党建服务中心。\n",
            [("区委组织部", ORG), ("区委宣传部", ORG), ("区委政法委", ORG), ("“红船”党建服务中心", ORG)],
            {
                ("establishedBy", "红船党建服务中心", "区委组织部", False),
                ("memberOf", "区委宣传部", "红船党建服务中心", False),
                ("memberOf", "区委政法委", "红船党建服务中心", False),
            },
            {("establishedBy", "红船党建服务中心", "区委政法委", False)},
        ),
        # S联合A、B,组建X: the partners listed in the clause before the forming verb are members.
        (
            "青山镇党委联合江城学院、江城农业科学研究院,组建“桃李”产业党建联盟。\n",
            [("青山镇党委", ORG), ("江城学院", ORG), ("江城农业科学研究院", ORG), ("“桃李”产业党建联盟", PROG)],
            {
                ("establishedBy", "桃李产业党建联盟", "青山镇党委", False),
                ("memberOf", "江城学院", "桃李产业党建联盟", False),
                ("memberOf", "江城农业科学研究院", "桃李产业党建联盟", False),
            },
            set(),
        ),
        # S联合A、B组建X: the partners are members, S founds X.
        (
            "东湖区联合区水务局、区交通运输局组建“一湖清水”党建联盟。\n",
            [("东湖区", PLACE), ("区水务局", ORG), ("区交通运输局", ORG), ("“一湖清水”党建联盟", PROG)],
            {
                ("establishedBy", "一湖清水党建联盟", "东湖区", False),
                ("memberOf", "区水务局", "一湖清水党建联盟", False),
                ("memberOf", "区交通运输局", "一湖清水党建联盟", False),
            },
            {
                ("establishedBy", "一湖清水党建联盟", "区交通运输局", False),
                ("cooperatesWith", "东湖区", "区水务局", False),
            },
        ),
        # 与所在地X: a word for where it is stands before the partner
        (
            "集团党委与所在地青山街道党工委开展结对共建。\n",
            [("集团党委", ORG), ("青山街道党工委", ORG)],
            {("cooperatesWith", "集团党委", "青山街道党工委", False)},
            set(),
        ),
        # A与B、C分别签订: each listed partner; A与B共建X right after B: both founded X, X being the whole object
        (
            "青山经济开发区与东湖化学工业区、西江经济技术开发区分别签订合作框架协议。"
            "江城大学与青山区人民政府共建长江生态研究院。与江城师范学院共建乡村振兴人才培训基地。\n",
            [
                ("青山经济开发区", PLACE + ":DevelopmentZone"),
                ("东湖化学工业区", PLACE + ":IndustrialPark"),
                ("西江经济技术开发区", PLACE + ":DevelopmentZone"),
                ("江城大学", ORG),
                ("青山区人民政府", ORG),
                ("长江生态研究院", ORG),
                ("江城师范学院", ORG),
                ("乡村振兴", PROG),
            ],
            {
                ("cooperatesWith", "青山经济开发区", "东湖化学工业区", False),
                ("cooperatesWith", "青山经济开发区", "西江经济技术开发区", False),
                ("establishedBy", "长江生态研究院", "江城大学", False),
                ("establishedBy", "长江生态研究院", "青山区人民政府", False),
            },
            {("establishedBy", "乡村振兴", "江城师范学院", False)},
        ),
    ],
)
def test_cooperation_patterns(
    text: str,
    spans: list[tuple[str, str]],
    present: set[tuple[str, str, str, bool]],
    absent: set[tuple[str, str, str, bool]],
) -> None:
    got, _ = run(text, spans)
    assert present <= got
    assert not (absent & got)


@pytest.mark.parametrize(
    ("text", "spans", "present", "absent"),
    [
        # 位于X的Y: Y lies in X.
        (
            "位于青山镇的东湖县企业服务中心,为转移企业提供代办服务。\n",
            [("青山镇", PLACE), ("东湖县企业服务中心", ORG)],
            {("locatedIn", "东湖县企业服务中心", "青山镇", False)},
            set(),
        ),
        # Y落户X: the firm lies in the narrowest place named.
        (
            "江城裕港化工有限公司落户连海市临港新区,建设新材料项目。\n",
            [("江城裕港化工有限公司", ORG), ("连海市", PLACE), ("临港新区", PLACE)],
            {("locatedIn", "江城裕港化工有限公司", "临港新区", False)},
            {("locatedIn", "江城裕港化工有限公司", "连海市", False)},
        ),
        # A firm that moved to a park lies there (the relocation's target, not its origin).
        (
            "东湖化工有限公司从青山区整体搬迁至连海市临港化工园区,新建高端材料项目。\n",
            [("东湖化工有限公司", ORG), ("青山区", PLACE), ("连海市", PLACE), ("临港化工园区", PLACE)],
            {("locatedIn", "东湖化工有限公司", "临港化工园区", False)},
            {("locatedIn", "东湖化工有限公司", "青山区", False), ("locatedIn", "东湖化工有限公司", "连海市", False)},
        ),
        # A firm that moved into a park lies there; 入驻 a body is joining it, no place.
        (
            "青山化工有限公司入驻东湖化工园区,江城新材料有限公司入驻园区服务中心。\n",
            [("青山化工有限公司", ORG), ("东湖化工园区", PLACE), ("江城新材料有限公司", ORG), ("园区服务中心", ORG)],
            {("locatedIn", "青山化工有限公司", "东湖化工园区", False)},
            {("locatedIn", "江城新材料有限公司", "东湖化工园区", False)},
        ),
        # Y内的X: the body lies in the place; a bare 园区 points back to the zone named last.
        (
            "东湖经济开发区位于青山镇,园区内的东湖化工有限公司实施节能改造。\n",
            [("东湖经济开发区", PLACE + ":DevelopmentZone"), ("青山镇", PLACE), ("东湖化工有限公司", ORG)],
            {("locatedIn", "东湖化工有限公司", "东湖经济开发区", False)},
            {("locatedIn", "东湖化工有限公司", "青山镇", False)},
        ),
        # A clause opening with 位于 describes the name closing the clause before.
        (
            "江城市规划建设青港化工园,位于枝山市青港镇。\n",
            [("江城市", PLACE), ("青港化工园", PLACE), ("枝山市", PLACE), ("青港镇", PLACE)],
            {("locatedIn", "青港化工园", "青港镇", False)},
            {("locatedIn", "江城市", "青港镇", False), ("locatedIn", "江城市", "枝山市", False)},
        ),
        # Without that name, a city never lies in another city.
        (
            "江城市规划建设化工园,位于枝山市。\n",
            [("江城市", PLACE), ("枝山市", PLACE)],
            set(),
            {("locatedIn", "江城市", "枝山市", False)},
        ),
        # A place lies beside a river, not within it.
        (
            "东港区地处长江下游,沿江岸线长18公里。\n",
            [("东港区", PLACE), ("长江", PLACE + ":River")],
            set(),
            {("locatedIn", "东港区", "长江", False)},
        ),
        # Y是X所在地: X lies in Y.
        (
            "青港镇地处灌河入海口,是东湖沿海化工园区所在地。\n",
            [("青港镇", PLACE), ("东湖沿海化工园区", PLACE)],
            {("locatedIn", "东湖沿海化工园区", "青港镇", False)},
            set(),
        ),
    ],
)
def test_location_patterns(
    text: str,
    spans: list[tuple[str, str]],
    present: set[tuple[str, str, str, bool]],
    absent: set[tuple[str, str, str, bool]],
) -> None:
    got, _ = run(text, spans)
    assert present <= got
    assert not (absent & got)


@pytest.mark.parametrize(
    ("text", "spans", "present", "absent"),
    [
        # X所属Y, written with no gap: Y belongs to X.
        (
            "江海港务集团所属东港码头公司成立党员先锋岗12个。\n",
            [("江海港务集团", ORG), ("东港码头公司", ORG)],
            {("subOrganizationOf", "东港码头公司", "江海港务集团", False)},
            set(),
        ),
        # Y隶属于X.
        (
            "东港区沿江环境监测站隶属于区生态环境局,负责断面水质监测。\n",
            [("东港区沿江环境监测站", ORG), ("区生态环境局", ORG)],
            {("subOrganizationOf", "东港区沿江环境监测站", "区生态环境局", False)},
            set(),
        ),
        # X下设Y、Z names its units; X党委下设N个党支部 names none.
        (
            "区水务局党委下设机关党支部、执法大队党支部。青山镇党委下设12个村党总支、3个机关党支部。\n",
            [("区水务局党委", ORG), ("机关党支部", ORG), ("执法大队党支部", ORG), ("青山镇党委", ORG)],
            {
                ("subOrganizationOf", "机关党支部", "区水务局党委", False),
                ("subOrganizationOf", "执法大队党支部", "区水务局党委", False),
            },
            {("subOrganizationOf", "机关党支部", "青山镇党委", False)},
        ),
        # X下属的Y; 成立Y,隶属于Z (the body the clause before set up)
        (
            "区水务局下属的东湖区河道管理所负责巡查。区委组织部牵头成立临时党支部,隶属于区直机关工委。\n",
            [
                ("区水务局", ORG),
                ("东湖区河道管理所", ORG),
                ("区委组织部", ORG),
                ("临时党支部", ORG),
                ("区直机关工委", ORG),
            ],
            {
                ("subOrganizationOf", "东湖区河道管理所", "区水务局", False),
                ("subOrganizationOf", "临时党支部", "区直机关工委", False),
            },
            {("subOrganizationOf", "区委组织部", "区直机关工委", False)},
        ),
    ],
)
def test_structure_patterns(
    text: str,
    spans: list[tuple[str, str]],
    present: set[tuple[str, str, str, bool]],
    absent: set[tuple[str, str, str, bool]],
) -> None:
    got, _ = run(text, spans)
    assert present <= got
    assert not (absent & got)


def test_a_site_built_in_a_place_lies_there() -> None:
    text = "东港区:报告\n在临江街道建成沿江党建展示馆,打造“江岸红”党建品牌。\n"
    spans = [("东港区", PLACE), ("临江街道", PLACE), ("沿江党建展示馆", PLACE), ("“江岸红”党建品牌", PROG)]
    got, _ = run(text, spans)
    assert ("locatedIn", "沿江党建展示馆", "临江街道", False) in got
    assert ("establishedBy", "江岸红党建品牌", "东港区", True) in got


@pytest.mark.parametrize(
    ("text", "spans", "present", "absent"),
    [
        # 由X组织实施的Y: X carries Y out, stated (not the protagonist).
        (
            "青山县:报告\n由县生态环境局组织实施的灌河水环境综合整治工程全面完工。\n",
            [("青山县", PLACE), ("县生态环境局", ORG), ("灌河水环境综合整治工程", PROG)],
            {("implements", "县生态环境局", "灌河水环境综合整治工程", False)},
            {("implements", "青山县", "灌河水环境综合整治工程", True)},
        ),
        # 由X牵头成立的Y: X founded Y.
        (
            "青山县:报告\n由县委组织部牵头成立的“红色港湾”党建联盟已有成员单位30家。\n",
            [("青山县", PLACE), ("县委组织部", ORG), ("“红色港湾”党建联盟", PROG)],
            {("establishedBy", "红色港湾党建联盟", "县委组织部", False)},
            {("establishedBy", "红色港湾党建联盟", "青山县", True)},
        ),
    ],
)
def test_passive_agent_before_a_program(
    text: str,
    spans: list[tuple[str, str]],
    present: set[tuple[str, str, str, bool]],
    absent: set[tuple[str, str, str, bool]],
) -> None:
    got, _ = run(text, spans)
    assert present <= got
    assert not (absent & got)


def test_author_named_on_the_source_line_takes_the_author_note() -> None:
    text = "守护一江碧水\n来源:江海晚报  作者:刘文静\n东港区推进岸线整治。\n(作者系东港区委组织部组织科科长)\n"
    got, _ = run(text, [("江海晚报", ORG), ("刘文静", PERSON), ("东港区", PLACE), ("东港区委组织部", ORG)])
    assert ("affiliatedWith", "刘文静", "东港区委组织部", False) in got


def test_places_of_the_same_ending_chain_by_the_gazetteer() -> None:
    text = "江阴临港经济开发区位于无锡市江阴市西部。江城市规划建设化工园,位于枝山市。\n"
    spans = [("无锡市", PLACE), ("江阴市", PLACE), ("江城市", PLACE), ("枝山市", PLACE)]
    got, _ = run(text, spans)
    assert ("locatedIn", "江阴市", "无锡市", False) in got  # a county-level city in its city
    assert ("locatedIn", "江城市", "枝山市", False) not in got


def test_a_correspondent_is_not_the_papers_reporter() -> None:
    text = "守护碧水\n来源:江海日报\n本报记者 王立新 通讯员 李红\n东湖区推进岸线整治。\n(作者单位:东湖区委组织部)\n"
    spans = [("江海日报", ORG), ("王立新", PERSON), ("李红", PERSON), ("东湖区", PLACE), ("东湖区委组织部", ORG)]
    got, _ = run(text, spans)
    affiliated = {(h, t) for r, h, t, _ in got if r == "affiliatedWith"}
    assert affiliated == {("王立新", "江海日报"), ("李红", "东湖区委组织部")}


def test_a_zone_after_a_known_city_in_the_title_is_the_protagonist() -> None:
    text = "江阴临港:“红色引擎”驱动转型\n临港开发区深入实施“强园”工程。全区推进“绿岸”行动。\n"
    got, protagonist = run(text, [("江阴", PLACE), ("临港开发区", PLACE), ("“强园”工程", PROG), ("“绿岸”行动", PROG)])
    assert protagonist is not None and protagonist.key == "临港开发区"
    assert ("locatedIn", "临港开发区", "江阴", False) in got
    assert ("implements", "临港开发区", "绿岸行动", True) in got


def test_one_partner_after_lianhe_works_with_the_actor() -> None:
    """A联合B开展X: A works with B; a list after 联合 names members, not partners."""
    text = "东湖镇联合江城大学农学院开展技术培训。\n"
    rels, _ = run(text, [("东湖镇", "Place"), ("江城大学农学院", "Organization")])
    assert ("cooperatesWith", "东湖镇", "江城大学农学院", False) in rels
    listed = "区委组织部联合区财政局、区水利局等8家单位组建“清水”党建联盟。\n"
    rels, _ = run(
        listed,
        [
            ("区委组织部", "Organization"),
            ("区财政局", "Organization"),
            ("区水利局", "Organization"),
            ("“清水”党建联盟", "Program"),
        ],
    )
    assert not any(r[0] == "cooperatesWith" for r in rels)


def test_reporter_after_the_papers_name_works_for_the_paper() -> None:
    text = "东湖日报记者 钱立峰 通讯员 孙佳\n本报讯 今年以来,青山县推进改革。\n"
    rels, _ = run(
        text,
        [("东湖日报", "Organization:Media"), ("钱立峰", "Person"), ("孙佳", "Person"), ("青山县", "Place")],
    )
    assert ("affiliatedWith", "钱立峰", "东湖日报", False) in rels
    assert not any(r[0] == "affiliatedWith" and r[1] == "孙佳" for r in rels)


def test_committee_member_heading_a_department_works_for_it() -> None:
    text = "青山县委组织部牵头组建联盟。\n青山县委常委、组织部部长林海表示,联盟要见实效。\n"
    rels, _ = run(
        text,
        [("青山县委组织部", "Organization"), ("青山县委", "Organization"), ("林海", "Person")],
    )
    assert ("affiliatedWith", "林海", "青山县委组织部", False) in rels


@pytest.mark.parametrize(
    ("second", "related"),
    [
        ("和“青山讲堂”活动", True),  # joined by 和: the verb before carries over
        ("“青山讲堂”活动", False),  # no verb and no joining word: nothing is done to it
    ],
)
def test_clause_without_a_verb_of_its_own_takes_the_verb_before_only_when_joined(second: str, related: bool) -> None:
    text = f"东湖区委深入开展“红色课堂”活动,{second}。\n"
    got, _ = run(text, [("东湖区委", ORG), ("“红色课堂”活动", PROG), ("“青山讲堂”活动", PROG)])
    assert ("implements", "东湖区委", "红色课堂活动", False) in got
    assert (("implements", "东湖区委", "青山讲堂活动", False) in got) is related


def test_a_places_own_work_report_speaks_for_the_place() -> None:
    text = "东湖县2023年政府工作报告(摘要)\n我们全面实施“十大行动”。县司法局开展普法。全县启动“美丽河湖”创建工程。\n"
    spans = [("东湖县", PLACE), ("“十大行动”", PROG), ("县司法局", ORG), ("“美丽河湖”创建工程", PROG)]
    got, protagonist = run(text, spans)
    assert protagonist is not None and protagonist.key == "东湖县"
    assert ("implements", "东湖县", "美丽河湖创建工程", True) in got
