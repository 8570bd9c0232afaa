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
    ],
)
def test_no_person(text: str) -> None:
    assert _persons(text) == []
