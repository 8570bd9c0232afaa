"""Program recognition: quoted names with their head noun, numeral patterns, projects, national strategies."""

from __future__ import annotations

import pytest

from kg import pipeline, sentences
from kg.entities import recognize
from kg.resolve import resolve

from .conftest import source


def _programs(text: str) -> list[str]:
    src = source(text)
    return [m.text for m in recognize(src, sentences.split(src)) if m.type == "Program"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted name joined with the head noun that follows
        ("全面推行“红色管家”服务品牌,打通服务群众最后一米。", ["“红色管家”服务品牌"]),
        ("牵头成立“同心圆”党建联盟,凝聚发展合力。", ["“同心圆”党建联盟"]),
        # numeral patterns inside the quotes
        ("探索“1+5+N”党建模式,推动资源下沉。", ["“1+5+N”党建模式"]),
        ("深入开展“拆、改、建、绿”四大行动,城乡面貌焕然一新。", ["“拆、改、建、绿”四大行动"]),
        # a quoted X+Y combination is a program on its own
        ("大力推进“党建+网格”,提升基层治理效能。", ["“党建+网格”"]),
        # an unquoted name closed by a head noun, the verb stripped
        ("深入实施乡村人才振兴工程,培育新型职业农民。", ["乡村人才振兴工程"]),
        # a section number before the name is not part of it
        ("(一)大气污染防治攻坚战取得新成效。", ["大气污染防治攻坚战"]),
        # named investment projects
        ("总投资12亿元的年产5万吨高性能纤维项目顺利投产。", ["年产5万吨高性能纤维项目"]),
        # the work done on a quoted thing, before a weak head, is part of the name; a category is not
        ("先后实施“一村一品”培育计划和“数字乡村”建设项目。", ["“一村一品”培育计划", "“数字乡村”建设项目"]),
        # a verb between the quotes and the head: each quote stands alone
        ("“党建+物业”“党建+养老”形成长效机制。", ["“党建+物业”", "“党建+养老”"]),
        # a head inside a quote: the quoted name, without the words before it
        ("高标准建成“滨河生态党建示范带”,串联沿线村居。", ["“滨河生态党建示范带”"]),
        # a demonstration program followed by 建设
        ("全面推进零碳示范村建设,打造绿色低碳样板。", ["零碳示范村"]),
        # counted mechanisms and the genre's “一号工程”
        ("深入贯彻“四项机制”,激励干部担当作为。", ["“四项机制”"]),
        ("坚定实施“一号工程”,全力攻坚。", ["“一号工程”"]),
        # nationwide strategies written without quotes
        ("全面落实乡村振兴战略,推动农业农村现代化。", ["乡村振兴战略"]),
        ("主动融入长三角一体化发展,深化区域合作。", ["长三角一体化发展"]),
        ("深入贯彻长江经济带发展战略,守护一江清水。", ["长江经济带发展战略"]),
        # a list of steps closed by a counted 整治
        ("系统推进“关、搬、转、治”四项整治。", ["“关、搬、转、治”四项整治"]),
        # a closing bracket with no opening one in its line is an enumerator, not part of the name
        ("工作回顾\n2）深入实施乡村人才振兴工程", ["乡村人才振兴工程"]),
        ("主要做法如下。\n二)全面推进清水河道工程,成效明显。", ["清水河道工程"]),
        # a campaign with its years stays a program
        ("全面实施农村人居环境整治三年行动(2019—2021年)。", ["农村人居环境整治三年行动"]),
    ],
)
def test_program_names(text: str, expected: list[str]) -> None:
    assert _programs(text) == expected


def test_a_plan_with_its_years_is_a_document_not_a_program() -> None:
    src = source("区政府出台城乡绿道建设三年行动计划(2024-2026年),全面推进。")
    found = [(m.type, m.text) for m in recognize(src, sentences.split(src))]
    assert ("Document", "城乡绿道建设三年行动计划(2024-2026年)") in found
    assert not any(t == "Program" for t, _ in found)


def test_a_name_never_spans_a_line_break() -> None:
    # found by a property test: the walk left from 联盟 crossed the bracket and the line break
    assert all("\n" not in name for name in _programs("标题\n\n）产业联盟建设"))


def test_steps_in_another_order_are_one_program() -> None:
    src = source("系统推进“清、治、建、管”四大行动。通过推进“清、建、管、治”四大行动,河道面貌一新。")
    keys = {m.key for m in recognize(src, sentences.split(src)) if m.type == "Program"}
    assert keys == {"清治建管四大行动"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote that a verb of carrying out takes whole names what is carried out
        ("扎实开展“双招双引”,引进重点企业23家。", ["“双招双引”"]),
        ("全市深入推进“关改搬转”工作。", ["“关改搬转”"]),
        # a principle held, a list of slogans, a quote in a longer phrase: no program
        ("始终坚持“人民至上”,把群众放在心上。", []),
        ("开展“建机制、立体系”,提升治理水平。", []),
        ("开展“三废”专项检查。", []),
    ],
)
def test_a_quote_carried_out_whole_is_a_program(text: str, expected: list[str]) -> None:
    assert _programs(text) == expected


def test_the_quote_before_a_head_names_the_program_written_alone() -> None:
    src = source("全面实施化工企业“关改搬转”工程,推动转型。下一步将持续深化“关改搬转”。")
    found = [m for m in recognize(src, sentences.split(src)) if m.type == "Program"]
    assert [(m.text, m.aliases) for m in found] == [("化工企业“关改搬转”工程", ("“关改搬转”",)), ("“关改搬转”", ())]
    corpus = resolve([pipeline.analyze(src)])
    assert len([e for e in corpus.entities if e.type == "Program"]) == 1  # the alias joins them
    traditional = source("全面實施化工企業「關改搬轉」工程。下一步將持續深化「關改搬轉」。")
    corpus = resolve([pipeline.analyze(traditional)])
    assert len([e for e in corpus.entities if e.type == "Program"]) == 1  # 「」 quotes alike


def test_quoted_national_strategy_keyed_by_its_name() -> None:
    src = source("在“乡村振兴”战略中发挥作用。全面推进乡村振兴。")
    keys = {m.key for m in recognize(src, sentences.split(src)) if m.type == "Program"}
    assert keys == {"乡村振兴"}


@pytest.mark.parametrize(
    "text",
    [
        # a slogan in quotes is no program
        "始终坚持“人民至上”,把群众冷暖放在心上。",
        # head nouns with only a category before them
        "扎实推进重点工程和民生项目建设。",
        "加快推进“青山”重点项目,确保年底投产。",
        # an investment in a kind of work names no project
        "公司投资8亿元实施技术改造项目,产能提升三成。",
        "各级党组织要把党建联盟作为重要抓手。",
        # a list of slogans in quotes, with no head after it
        "以“强基础、优服务”为抓手,提升治理水平。",
        # a verb or an adverb before a head is no name
        "确保专项整治工作取得实效,目前联盟已扩大至30家。",
        # an honour conferred is no program carried out
        "全区创成省“美丽乡村”示范区,获评国家级“绿色工厂”示范单位。",
        # a quoted name inside a document title belongs to the document
        "印发《“乡村工匠”培育实施办法》,培育技能人才。",
        # an adverb and its verb open a predicate, not a name
        "下一步将继续深化建设,不断放大党建联盟效应。",
        # a coordinator before a generic word joins two kinds of work
        "把园区转型作为最大的政治任务和民生工程。",
    ],
)
def test_no_program(text: str) -> None:
    assert _programs(text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # 工程 running on into 大学 closes a university's name, not a project
        ("东湖铸管有限责任公司与江城工程大学共建联合实验室。", "工程"),
        # 与 after a body's name ends the program's name (the body is no part of it)
        ("江豚保护协会与联盟合作组建巡护队。", "协会与联盟"),
    ],
)
def test_program_name_stops_at_a_body(text: str, word: str) -> None:
    assert not any(word in p for p in _programs(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an investment stated before 建设 (no 的) names the project after it
        ("青松化工集团签订入园协议,总投资30亿元建设新材料产业园项目。", ["新材料产业园项目"]),
        # a party-building community is a program like an alliance
        ("探索构建“滨江党建共同体”,打破部门壁垒。", ["“滨江党建共同体”"]),
    ],
)
def test_more_program_patterns(text: str, expected: list[str]) -> None:
    assert _programs(text) == expected


def test_national_campaign_by_its_short_name() -> None:
    src = source("巩固“十年禁渔”成果,深化“放管服”改革,推行“一件事一次办”。")
    keys = {m.key for m in recognize(src, sentences.split(src)) if m.type == "Program"}
    assert keys == {"长江十年禁渔", "放管服改革", "一件事一次办"}


@pytest.mark.parametrize(
    ("text", "program", "body"),
    [
        # a trigger word inside the acting body's name (组织 of 组织部, 建设 of 建设局) opens no program
        ("市委组织部牵头成立“红链”党建联盟。", "“红链”党建联盟", "市委组织部"),
        ("区委组织部会同区民政局实施“红色物业”工程。", "“红色物业”工程", "区委组织部"),
        ("市住房和城乡建设局牵头实施老旧小区改造工程。", "老旧小区改造工程", "市住房和城乡建设局"),
    ],
)
def test_a_body_whose_name_holds_a_verb_stays_out_of_the_program_it_carries_out(
    text: str, program: str, body: str
) -> None:
    src = source(text)
    found = {m.text: m.type for m in recognize(src, sentences.split(src))}
    assert found.get(program) == "Program"
    assert found.get(body) == "Organization"
    assert [p for p in found if found[p] == "Program"] == [program]
