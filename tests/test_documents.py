"""Document recognition: 《》 titles, titles after an issuing verb, year spans, 关于 titles."""

from __future__ import annotations

import pytest

from kg import sentences
from kg.entities import recognize

from .conftest import source


def _mentions(text: str, type_: str) -> list[str]:
    src = source(text)
    return [m.text for m in recognize(src, sentences.split(src)) if m.type == type_]


def _keys(text: str, type_: str) -> list[str]:
    src = source(text)
    return [m.key for m in recognize(src, sentences.split(src)) if m.type == type_]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 《》 title, with the brackets in the span
        ("县委组织部印发《村级后备干部培养管理办法》,进一步规范后备干部选拔。", ["《村级后备干部培养管理办法》"]),
        # adjacent 《》 titles are two documents
        (
            "出台《人才安居实施办法》《青年人才引进意见》,吸引人才来区创业。",
            ["《人才安居实施办法》", "《青年人才引进意见》"],
        ),
        # a trailing year span belongs to the title
        (
            "牵头编制沿河地区生态保护与绿色发展规划(2021-2035年),形成规划体系。",
            ["沿河地区生态保护与绿色发展规划(2021-2035年)"],
        ),
        # a title after an issuing verb, enumerated with 、 and 和
        (
            "出台重点项目管理办法、招商引资考核方案和乡村旅游发展意见,压实各方责任。",
            ["重点项目管理办法", "招商引资考核方案", "乡村旅游发展意见"],
        ),
        # 及 joins two titles; 修编工作 after the head is not part of the title
        ("在完成城区总体规划及交通专项提升规划修编工作基础上。", ["城区总体规划", "交通专项提升规划"]),
        # 和 inside a title does not split it
        ("制定基层减负和作风建设实施细则,切实为基层松绑。", ["基层减负和作风建设实施细则"]),
        # the title after an issuing verb may itself start with a verb
        ("制定推进农村人居环境整治提升实施方案,补齐短板。", ["推进农村人居环境整治提升实施方案"]),
        # a quoted name inside an unquoted title
        ("严格执行街道“林长制”实施方案,落实巡林责任。", ["街道“林长制”实施方案"]),
        # the words before 的 describe the title, they are not part of it
        ("发布最高奖励500万元的10条人才新政,吸引高层次人才。", ["10条人才新政"]),
        # 关于…的调研报告 as a subtitle
        ("——关于某某镇美丽乡村建设的调研报告\n", ["关于某某镇美丽乡村建设的调研报告"]),
        # a nationwide document cited without 《》
        ("查处违反中央八项规定精神问题12起。", ["中央八项规定"]),
    ],
)
def test_document_titles(text: str, expected: list[str]) -> None:
    assert _mentions(text, "Document") == expected


@pytest.mark.parametrize(
    "text",
    [
        # a newspaper in 《》 is a media organization, not a document
        "相关做法获《人民日报》《新华日报》等媒体报道。",
        # category words before a head name no particular document
        "统筹推进28个专项规划编制,构建以发展规划为统领的规划体系。",
        "同步编制交通、生态、产业等六大专项规划。",
        "印发实施方案,明确时间表和路线图。",
        # 规划 used as a verb
        "坚持规划引领,加快产业园区规划建设。",
        # …行动计划 without 《》 or years is a campaign, left to the program rules
        "深入实施数字乡村三年行动计划,建成5G基站120个。",
    ],
)
def test_no_document(text: str) -> None:
    assert _mentions(text, "Document") == []


def test_short_form_keyed_by_full_title() -> None:
    text = "印发城乡供水一体化提升工作意见。年内推进落实供水一体化提升工作意见,定期通报。"
    keys = _keys(text, "Document")
    assert keys[0] == keys[1] == "城乡供水一体化提升工作意见"


def test_year_span_inside_book_title_gives_alias_without_years() -> None:
    src = source("印發《南海區鄉村振興戰略規劃（2018-2022年）》。")
    docs = [m for m in recognize(src, sentences.split(src)) if m.type == "Document"]
    assert docs[0].subtype == "Plan"
    assert "《南海区乡村振兴战略规划》" in docs[0].aliases


def test_year_span_title_keeps_alias_without_years() -> None:
    src = source("编制2021-2025年全域旅游发展规划,打造旅游名镇。")
    docs = [m for m in recognize(src, sentences.split(src)) if m.type == "Document"]
    assert [m.text for m in docs] == ["2021-2025年全域旅游发展规划"]
    assert "全域旅游发展规划" in docs[0].aliases
