"""Organization recognition on sentences of the genre (written for these tests)."""

from __future__ import annotations

import pytest

from kg.entities import recognize
from kg.sentences import split

from .conftest import source


def orgs(text: str) -> dict[str, str]:
    """Organization mentions of a text: surface form -> key."""
    src = source(text)
    return {m.text: m.key for m in recognize(src, split(src)) if m.type == "Organization"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # head nouns with a leading place absorbed into the name
        ("会议由南京市交通运输局牵头召开。", "南京市交通运输局"),
        ("宿迁海事局组织开展水上安全检查。", "宿迁海事局"),
        ("成立沿江生态修复指挥部,统筹推进治理。", "沿江生态修复指挥部"),
        ("镇江港务集团党委书记出席会议。", "镇江港务集团党委"),
        ("(作者系盐城市大丰区草堰镇党委书记)", "盐城市大丰区草堰镇党委"),
        ("区委第三巡察组进驻开展巡察。", "区委第三巡察组"),
        # a verb before the name is not part of it
        ("同时将其列入滨湖园区党工委重点督办事项。", "滨湖园区党工委"),
        # topic words joined by 与/及 inside one name
        ("依托新能源科学与技术重点实验室开展攻关。", "新能源科学与技术重点实验室"),
        # a bracketed place inside the name
        ("共建长三角(无锡)数字经济研究院。", "长三角(无锡)数字经济研究院"),
        # a quoted brand before the head
        ("打造“青春同行”志愿服务工作室,服务群众。", "“青春同行”志愿服务工作室"),
        # brand + industry word, listed or after a verb
        ("以华澜新材料、瑞恒药业等企业为龙头。", "华澜新材料"),
        ("大力支持瑞恒药业扩大产能。", "瑞恒药业"),
    ],
)
def test_recognizes_organization(text: str, name: str) -> None:
    assert name in orgs(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("充分发挥党员干部先锋模范作用。", "党员干部"),  # 干部 is no department
        ("构建开放新格局,优化总体布局。", "新格局"),  # 局 inside 格局
        ("建立联席会办机制,集中会办。", "联席会办"),
        ("按照中央及上级党委要求开展工作。", "上级党委"),  # generic
        ("下设5个基层党委和街道党工委。", "基层党委"),
        ("市级以上企业技术中心8家。", "企业技术中心"),
        ("认真学习省市委全会精神。", "省市委"),  # several committees
        ("全面整合环保、安全等职能。", "全面整合环保"),  # no brand
        ("加强党的建设和双碳建设。", "双碳建设"),
        ("住建部与生态环境部联合督查。", "住建部与生态环境部"),  # two bodies
    ],
)
def test_rejects_generic_or_verb_phrase(text: str, word: str) -> None:
    assert not any(word in found for found in orgs(text))


def test_generic_name_is_scoped_by_report_city() -> None:
    text = "苏州市推进产业转型。\n苏州市召开会议,市委组织部、市发改委参加。苏州市"
    found = orgs(text)
    assert found["市委组织部"] == "苏州市委组织部"
    assert found["市发改委"] == "苏州市发展和改革委员会"  # short form expanded


def test_department_under_bracketed_body_keeps_both() -> None:
    found = orgs("中共无锡高新区工委(新吴区委)组织部召开会议。")
    assert "中共无锡高新区工委(新吴区委)组织部" in found
    assert found["中共无锡高新区工委(新吴区委)"] == "中共无锡高新区工委"


def test_shortened_names_take_the_full_body_key() -> None:
    text = "组建沿江整治工作指挥部。成立沿江整治指挥部党总支。指挥部党总支书记带头,沿江整治党总支党员参加。"
    src = source(text)
    keys = {m.text: m.key for m in recognize(src, split(src)) if m.type == "Organization"}
    assert keys["指挥部党总支"] == keys["沿江整治指挥部党总支"]
    assert keys["沿江整治党总支"] == keys["沿江整治指挥部党总支"]


def test_companies_listed_before_a_kind_of_company() -> None:
    found = orgs("推动金川科技、远洋能源等龙头企业落户。")
    assert "金川科技" in found and "远洋能源" in found
    assert not any(name.startswith("推动") for name in found)


def test_department_with_level_character_is_scoped() -> None:
    assert "区生态环境局" in orgs("区生态环境局牵头开展执法检查。")
    text = "宿迁市推进生态治理。\n市生态环境局牵头开展执法检查。宿迁市"
    assert orgs(text)["市生态环境局"] == "宿迁市生态环境局"


def test_job_title_after_committee_is_no_body() -> None:
    found = orgs("(作者系淮安市清江浦区委常委、组织部部长)")
    assert "淮安市清江浦区委" in found
    assert not any(name.endswith("常委") for name in found)


def test_branch_of_the_body_just_named() -> None:
    found = orgs("管委会设立港区安全生产指挥部,成立指挥部党支部。")
    assert found["指挥部党支部"] == "港区安全生产指挥部党支部"


def test_body_holding_a_party_committee_is_kept_beside_it() -> None:
    found = orgs("(作者系南京市城市管理局党委书记)")
    assert "南京市城市管理局党委" in found
    assert "南京市城市管理局" in found


@pytest.mark.parametrize(
    ("text", "names", "not_names"),
    [
        # a verb that places one body beside or under another ends both names
        ("区水务局会同区工信局开展联合检查。", {"区水务局", "区工信局"}, {"会同区工信局"}),
        (
            "东湖区水质监测站隶属于区生态环境局,负责断面监测。",
            {"东湖区水质监测站", "区生态环境局"},
            {"隶属于区生态环境局"},
        ),
        ("区农业农村局协同县公安局开展禁渔执法。", {"区农业农村局", "县公安局"}, {"农业农村局协同县公安局"}),
        # 所属 / 下属 / 旗下 split a parent from its unit: two bodies
        ("青松化工集团所属东湖精细化工有限公司率先完成搬迁。", {"青松化工集团", "东湖精细化工有限公司"}, set()),
        ("白沙港务集团下属东湖码头公司完成关停。", {"白沙港务集团", "东湖码头公司"}, set()),
        ("江城钢铁有限公司旗下青山物流公司转型发展多式联运。", {"江城钢铁有限公司", "青山物流公司"}, set()),
        # 与 between a place and a name joins two names, not one
        ("江城市与白沙化工研究院签约共建中试基地。", {"白沙化工研究院"}, {"江城市与白沙化工研究院"}),
        # a dictionary word glued to a county's name (会同县) still ends the name
        ("县应急管理局会同县消防救援大队开展安全检查。", {"县应急管理局", "县消防救援大队"}, set()),
        # a long department name after the city
        ("东湖市人力资源和社会保障局开展技能培训。", {"东湖市人力资源和社会保障局"}, set()),
        # a brand the dictionary tags as a verb, right after a province
        ("湖南振兴化工集团与园区签订入园协议。", {"湖南振兴化工集团"}, set()),
        # bodies named after their task hold the task's verbs
        ("县委成立化工企业搬迁改造工作领导小组,统筹推进。", {"化工企业搬迁改造工作领导小组"}, set()),
        ("市里专门成立化工园区认定工作小组,开展认定复核。", {"化工园区认定工作小组"}, set()),
        ("青山县化工企业搬迁工作领导小组办公室设在县工信局。", {"青山县化工企业搬迁工作领导小组办公室"}, set()),
        # new heads: a maritime office, a branch, a lab named 联合实验室, a party school
        ("与东湖海事局青山海事处联合开展巡江。", {"东湖海事局青山海事处"}, set()),
        ("与白沙新材料有限公司共建绿色铸造联合实验室。", {"绿色铸造联合实验室"}, set()),
        ("江城银行青山分行推出专项贷款。", {"江城银行青山分行"}, set()),
        ("东湖省委党校教授认为。", {"东湖省委党校"}, set()),
    ],
)
def test_names_end_at_verbs_between_bodies(text: str, names: set[str], not_names: set[str]) -> None:
    found = orgs(text)
    assert names <= set(found)
    assert not not_names & set(found)


def test_unit_set_up_by_a_body_is_named_after_it() -> None:
    """东湖园区管委会下设企业服务中心: a generic name is that body's unit, not every 企业服务中心."""
    found = orgs("青山园区管委会下设企业服务中心,推行专员服务。")
    assert found["企业服务中心"] == "青山园区企业服务中心"
    assert "企业服务中心" not in orgs("全市培育企业服务中心3家。")


@pytest.mark.parametrize(
    "text",
    [
        "青山镇党委下设12个村党总支、3个机关党支部。",
        "联盟下设岸线整治、生态修复3个功能型党支部。",
    ],
)
def test_counted_bodies_are_a_category(text: str) -> None:
    found = orgs(text)
    assert not any(name.endswith("党支部") or name.endswith("党总支") for name in found if "青山镇" not in name)


def test_town_bodies_take_the_town_of_the_report_or_of_the_paragraph() -> None:
    report = (
        "青山镇:党建引领乡村振兴\n青山镇地处江边。青山镇推进振兴。\n"
        "三是深化结对共建。青山镇与江城区白沙镇结对,镇党委联合镇农商银行组建联盟。\n"
        "五是提升治理效能。镇派出所、镇司法所联合开展活动。\n"
    )
    found = orgs(report)
    assert found["镇党委"] == "青山镇党委"  # the report's town, though 白沙镇 was named last
    assert found["镇农商银行"] == "青山镇农商银行"
    assert found["镇派出所"] == "青山镇派出所"  # no town in the paragraph: the report's town
    several = "在白沙镇,镇党委书记介绍了做法。\n记者在青松镇看到,由镇党委牵头建设的观测站已投入使用。\n"
    src = source(several)
    keys = [m.key for m in recognize(src, split(src)) if m.type == "Organization"]
    assert keys == ["白沙镇党委", "青松镇党委"]
    # a town named only by its own body's name in the paragraph
    named = orgs("红星村位于城郊。\n白沙镇党委高度重视,镇党委书记多次到村调研。\n")
    assert named["镇党委"] == "白沙镇党委"


def test_youth_league_committee_is_no_party_committee() -> None:
    found = orgs("沅陵县人民政府\n沅陵县推进就业。县总工会、团县委联合举办招聘会。在县委的领导下,沅陵县奋力前行。")
    assert found["团县委"] == "共青团沅陵县委"
    assert found["县委"] == "中共沅陵县委"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("县国资中心推动青山县城市建设投资集团有限公司实体化转型。", "青山县城市建设投资集团有限公司"),
        ("县生态环境局、县自然资源局配合,建立整改台账。", "县自然资源局"),
        ("县城市管理和综合执法局配合县住建局开展排查。", "县城市管理和综合执法局"),
        ("2023年06月15日 来源:江城大众报\n本报记者 王明", "江城大众报"),
    ],
)
def test_company_department_and_newspaper_names(text: str, name: str) -> None:
    assert name in orgs(text)


def test_a_place_and_a_head_is_no_short_form_of_a_longer_name() -> None:
    found = orgs("东湖职业技术学院与园区共建基地。东湖学院与企业开展合作。")
    assert found["东湖学院"] != found["东湖职业技术学院"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a state-assets centre, scoped or written with its county
        ("青山县国资中心牵头组建县生态环境治理公司。", "青山县国资中心"),
        ("县国资中心党支部与东湖镇党委结对共建。", "县国资中心党支部"),
        # 和 joins two fields of one department after its level or county
        ("由县委组织部、县文化和广电旅游体育局等12家单位组建。", "县文化和广电旅游体育局"),
        ("区经济和信息化委员会制定实施方案。", "区经济和信息化委员会"),
        ("青山县文化和广电旅游体育局牵头实施。", "青山县文化和广电旅游体育局"),
        # a university's college and a bank's sub-branch keep their parent's name
        ("东湖镇联合江城大学农业与生物技术学院开展培训。", "江城大学农业与生物技术学院"),
        ("江城农村商业银行青山支行推出专属贷款产品。", "江城农村商业银行青山支行"),
    ],
)
def test_compound_department_names(text: str, name: str) -> None:
    assert name in orgs(text)


def test_and_between_two_bodies_joins_no_name() -> None:
    found = orgs("县委组织部和县财政局联合发文。")
    assert "县委组织部" in found
    assert not any(name.startswith("县委组织部和") for name in found)


def test_zone_body_written_bare_is_the_body_of_the_zone_named() -> None:
    """园区党工委 after the zone's name is that zone's working committee."""
    found = orgs("东湖经济技术开发区是搬迁企业的承接地。园区党工委推行“党建+项目”工作法。")
    assert found["园区党工委"] == "东湖经济技术开发区党工委"


def test_zone_body_after_the_zone_bodys_full_name() -> None:
    found = orgs("青山临港经济开发区党工委推动企业改造。园区党工委与江城大学签订合作协议。")
    assert found["园区党工委"] == found["青山临港经济开发区党工委"]


def test_zone_body_with_no_zone_named_is_no_body() -> None:
    assert "园区党工委" not in orgs("东湖开发区和西山工业园区参与。\n园区党工委推行机制。")


def test_body_named_after_a_rivers_reach() -> None:
    assert "长江上游绿色化工研究中心" in orgs("园区与江城大学共建长江上游绿色化工研究中心。")


def test_quoted_volunteer_team_is_a_body_and_a_counted_one_is_not() -> None:
    assert "“青山红管家”志愿服务队" in orgs("东湖乡党委成立“青山红管家”志愿服务队,由党员骨干组成。")
    assert not orgs("全区组建38支志愿服务队,开展活动。")


def test_zone_body_prefers_the_zones_own_name_in_its_paragraph() -> None:
    text = "东湖经济技术开发区是承接地。东湖经开区管委会与江城集团签约。江城化工公司党委与园区党工委结对共建。"
    assert orgs(text)["园区党工委"] == "东湖经济技术开发区党工委"


def test_a_subtitles_verb_after_its_dash_is_no_part_of_the_name() -> None:
    found = orgs("凝心聚力促发展——记东湖县青山镇红星村党支部\n红星村党支部推行联户制度。\n")
    assert "东湖县青山镇红星村党支部" in found
    assert not any(name.startswith("记") for name in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("村里成立了红星村集体经济合作社,由村党支部书记兼任理事长。", {"红星村集体经济合作社"}),
        ("青山蔬菜专业合作社带动农户增收。", {"青山蔬菜专业合作社"}),
        # kinds of cooperatives, no one cooperative
        ("全镇成立农民专业合作社32家,组建种植专业合作社。", set()),
    ],
)
def test_a_cooperative_is_named_by_a_proper_part(text: str, expected: set[str]) -> None:
    assert {name for name in orgs(text) if name.endswith("合作社")} == expected


def test_a_zone_body_opening_a_sentence_is_the_body_of_the_zone_named_before() -> None:
    found = orgs("东湖经济开发区位于青山镇。开发区党工委与白沙镇党委签订党建共建协议。")
    assert found["开发区党工委"] == "东湖经济开发区党工委"


@pytest.mark.parametrize("name", ["东湖化工集团控股有限公司", "东湖投资控股有限公司", "东湖城市发展投资集团有限公司"])
def test_a_holding_or_investment_company_keeps_its_whole_name(name: str) -> None:
    assert name in orgs(f"园区内的{name}实施节能改造。")


def test_a_company_and_its_bodies_written_without_its_name_or_legal_form_are_its_own() -> None:
    src = source("东湖化工集团党委推进工作。\n东湖化工集团有限公司成立于1990年。集团党委下设12个党支部。\n")
    keys = {m.text: m.key for m in recognize(src, split(src)) if m.type == "Organization"}
    assert keys["东湖化工集团"] == keys["东湖化工集团有限公司"]  # the name without its legal form
    assert keys["集团党委"] == keys["东湖化工集团党委"]


def test_a_company_body_with_no_company_in_its_paragraph_among_several_is_dropped() -> None:
    found = orgs("东湖化工有限公司与西山集团合作。\n公司党委开展活动。\n")
    assert "公司党委" not in found


def test_bodies_under_the_district_and_management_offices() -> None:
    found = orgs("东湖区推进工作。临时党支部隶属于区直机关工委,东湖区河道管理所负责巡查。\n")
    assert found["区直机关工委"] == "中共东湖区直机关工委"
    assert "东湖区河道管理所" in found


def test_a_village_body_written_bare_is_that_of_the_village_named() -> None:
    found = orgs("红星村位于青山镇西部。村党支部书记陈国强介绍了做法。\n")
    assert found["村党支部"] == "红星村党支部"
    # no village named, or several and none in the paragraph: no body at all
    assert "村党支部" not in orgs("村党支部书记陈国强介绍了做法。\n")
    assert "村党支部" not in orgs("红星村与白沙村结对。\n村党支部书记陈国强介绍。\n")
    assert "村党支部" not in orgs("全镇12个村党支部全面推行。\n")


def test_a_company_brand_after_a_place_after_a_verb() -> None:
    found = orgs("联盟吸纳湖北兴发化工集团股份有限公司、江城硅材料有限公司加入。")
    assert "湖北兴发化工集团股份有限公司" in found


def test_a_level_and_a_department_read_as_one_word_are_the_reports_own() -> None:
    found = orgs("华容县推进平安建设。县公安局、县司法局联合开展活动,县城管局参与。")
    assert found["县公安局"] == "华容县公安局"  # 县公安局 is one word to jieba
    assert found["县城管局"] == "华容县城市管理局"
    assert found["县司法局"] == "华容县司法局"


def test_courts_and_procuratorates() -> None:
    found = orgs("华容县推进法治建设。县人民法院审理案件,江城市中级人民法院开展巡回审判。依法向法院起诉。")
    assert found["县人民法院"] == "华容县人民法院"
    assert "江城市中级人民法院" in found
    assert "法院" not in found  # no court named


def test_a_street_body_written_bare_is_that_of_the_street_named() -> None:
    assert orgs("白杨街道辖8个社区。街道党工委以网格为抓手。")["街道党工委"] == "白杨街道党工委"
    assert orgs("白杨街道办事处牵头。街道办事处组织培训。")["街道办事处"] == "白杨街道办事处"
    assert "街道党工委" not in orgs("白杨街道与青松街道结对。\n街道党工委召开会议。\n")


@pytest.mark.parametrize(
    "text",
    [
        "小区物业公司和业主委员会共同参与治理。",
        "将保洁工作交给外包公司和第三方机构。",
        "督促施工单位和物流公司落实责任。",
    ],
)
def test_a_trade_alone_names_no_organization(text: str) -> None:
    assert not any(o.endswith(("公司", "委员会", "机构")) for o in orgs(text))


def test_a_companys_party_committee_takes_the_companys_whole_name() -> None:
    # 建设, 发展: verbs a company's name keeps, and so does its party committee's
    found = orgs("江苏洋口港建设发展集团有限公司党委召开会议。")
    assert "江苏洋口港建设发展集团有限公司党委" in found


def test_an_institutes_party_committee_takes_the_institutes_whole_name() -> None:
    found = orgs("合肥工业大学土木与水利工程学院党委召开会议。")
    assert "合肥工业大学土木与水利工程学院党委" in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("新浦化学（泰兴）有限公司入驻园区。", "新浦化学（泰兴）有限公司"),
        ("巴斯夫（中国）有限公司召开会议。", "巴斯夫（中国）有限公司"),
    ],
)
def test_a_company_named_with_its_place_in_brackets(text: str, name: str) -> None:
    assert name in orgs(text)


@pytest.mark.parametrize("text", ["会议要求:(二)党委统一领导。", "压实乡镇(街道)党委主体责任。"])
def test_an_enumerator_or_a_level_in_brackets_opens_no_body(text: str) -> None:
    assert not any("(" in o or "（" in o for o in orgs(text))


def test_a_committee_written_right_before_its_government_is_two_bodies() -> None:
    found = orgs("宜昌市猇亭区2022年政府工作报告\n猇亭区委区政府出台三年行动方案。")
    assert {"猇亭区委", "区政府"} <= set(found)
    assert not any(o.endswith("委区政府") for o in found)
