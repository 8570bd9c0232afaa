"""Normalization keeps every offset: width folding and script detection."""

from __future__ import annotations

import pytest

from kg.normalize import detect_script, fold_width, normalize


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("", ""),
        ("东湖区委组织部", "东湖区委组织部"),
        ("ＡＢＣ公司２０２４年", "ABC公司2024年"),
        ("青山镇，西岭村：（一期）！", "青山镇,西岭村:(一期)!"),
        ("党建\u3000引领", "党建 引领"),
        ("＼＂～｛｝", '\\"~{}'),  # the ends of the range, and characters that are escapes elsewhere
        ("，，，、。", ",,,、。"),  # ideographic punctuation (、。) has no half-width form
    ],
)
def test_fold_width(text: str, folded: str) -> None:
    assert fold_width(text) == folded
    assert len(normalize(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("东湖区委组织部联合青山镇开展“强链”行动。", "zh-hans"),
        ("東湖區委組織部聯合青山鎮開展「強鏈」行動。", "zh-hant"),
        ("Report 2024: no Chinese at all", "zh-hans"),
        # A few Traditional characters in a long Simplified text stay Simplified.
        ("东湖区委组织部联合青山镇开展行动" * 10 + "發", "zh-hans"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_corner_brackets_are_read_as_curly_quotes() -> None:
    text = "開展「強鏈」行動,打造『紅色引擎』品牌。"
    assert normalize(text) == "开展“强链”行动,打造‘红色引擎’品牌。"
    assert len(normalize(text)) == len(text)
