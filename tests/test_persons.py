"""Person recognition: bylines, author lines, names with titles; no person from ordinary words."""

from __future__ import annotations

import pytest

from kg import sentences
from kg.entities import recognize

from .conftest import source


def _persons(text: str) -> list[str]:
    src = source(text)
    return [m.text for m in recognize(src, sentences.split(src)) if m.type == "Person"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # newspaper byline: reporter and correspondent
        ("园区综合考核再升级\n本报记者王晓东 通讯员陈静\n今年以来,园区以考核为抓手。", ["王晓东", "陈静"]),
        # 文/ and 图/ bylines, Traditional script
        ("文/劉志遠 圖/陳曉東\n", ["劉志遠", "陳曉東"]),
        # author with a colon
        ("作者:欧阳明远\n", ["欧阳明远"]),
        # an author line under the title: nothing but names
        ("奋力谱写乡村振兴新篇章\n\n赵立新 钱文\n\n今年以来,全镇上下。", ["赵立新", "钱文"]),
        # a name before a title
        ("深入学习贯彻习近平总书记重要讲话精神。", ["习近平"]),
        # the customary short form of a top leader
        ("按照习总书记“把基层党组织建设成为坚强战斗堡垒”的要求。", ["习总书记"]),
        # a name after a title, closed by a verb of speech
        ("区委书记周建华指出,要把项目建设作为头等大事。", ["周建华"]),
        ("局党组书记、局长张国强带头讲授专题党课。", ["张国强"]),
        # further names listed after a titled one
        ("局长刘国华主持召开专题会议,副局长孙海燕、张宏参加。", ["刘国华", "孙海燕", "张宏"]),
        # a space between the title and the name at the end of an author note or a byline
        ("(作者系中共青山县委书记 林建国)", ["林建国"]),
        ("东湖县人民政府县长 赵明远\n二、工作安排", ["赵明远"]),
        # editors listed with 、
        ("(责编:周晓燕、吴凡)", ["周晓燕", "吴凡"]),
        # titles and forms of address of the interview style, verbs of speech
        ("江城市江豚保护协会会长马志远告诉记者,巡护频次增加。", ["马志远"]),
        ("青山村村民钱秀兰笑着说,日子越过越好。", ["钱秀兰"]),
        ("省委党校教授孙德华认为,经验值得借鉴。", ["孙德华"]),
        # ordinary people named after their trade, no title
        ("退捕渔民周海生带领10名老渔民组建护渔队。", ["周海生"]),
        ("退休教师吴秀兰自发组建志愿队,定期清理河道。", ["吴秀兰"]),
        ("老职工陈立勇是一名有30年党龄的老党员。", ["陈立勇"]),
        # a byline that starts with the paper's name
        ("东湖日报记者 钱立峰 通讯员 孙佳\n本报讯 今年以来。", ["钱立峰", "孙佳"]),
    ],
)
def test_person_names(text: str, expected: list[str]) -> None:
    assert _persons(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # (作者系…) introduces an organization, not a name
        "(作者系市生态环境局党组书记、局长)",
        # a role word in running text is no byline
        "企业负责人接受记者采访时表示,营商环境越来越好。",
        # the leader's name in the name of a theory is not a mention of him
        "深入学习习近平新时代中国特色社会主义思想。",
        # words before a title that are no names
        "镇党委书记带头走访企业。",
        "持续展现城市长效管理新成效。",
        # a short heading line is no author line
        "一、工作背景\n\n近年来,全区上下。",
        "严考核\n全年开展督查12次。",
        # a title cut across two words (地处|长江下游) has no name after it
        "青山区地处长江下游,岸线长18公里。",
        # a trade word after a name is no title (不是某渔民)
        "全村渔民转产就业,老党员带头。",
        # a reporter of a paper in running text is no byline
        "企业负责人接受东湖日报记者采访时说,订单增长。",
    ],
)
def test_no_person(text: str) -> None:
    assert _persons(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("村党委书记张华说,今年要把产业做强。", ["张华"]),
        ("书记王强说:“好。”", ["王强"]),
    ],
)
def test_a_speech_verb_after_a_name_is_no_part_of_it(text: str, expected: list[str]) -> None:
    assert _persons(text) == expected
