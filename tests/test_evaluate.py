"""`kg eval` agrees with the reference scorer of the annotation guideline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import gold_key, score_files

from .conftest import SHARED

GOLD = SHARED / "eval" / "gold"
SCORER = SHARED / "eval" / "score.py"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("長江大保護“258黨建聯盟”", "长江大保护258党建联盟"),
        ("《党建惠企服务手册》", "党建惠企服务手册"),
        ("常州高新區(新北區)", "常州高新区新北区"),
        ("“停、转、拆、绿、提”五大行动", "停转拆绿提五大行动"),
        ("“1＋3”党建模式", "1+3党建模式"),
    ],
)
def test_gold_key_follows_the_guideline(name: str, key: str) -> None:
    assert gold_key(name) == key


@pytest.mark.skipif(not SCORER.exists(), reason="the reference scorer and gold set are not beside this checkout")
def test_kg_eval_agrees_with_the_reference_scorer(sample_build) -> None:  # type: ignore[no-untyped-def]
    _, out = sample_build
    ours = score_files(out / "graph.ttl", GOLD, out / "ontology.ttl")
    ref = subprocess.run(
        [sys.executable, str(SCORER), str(out / "graph.ttl"), str(out / "ontology.ttl"), "--gold", str(GOLD)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = dict(re.findall(r"^(\w+)\s+(\d+\s+\d+\s+\d+)", ref, flags=re.M))
    blocks = ref.split("\nrelations\n")
    ent_rows = dict(re.findall(r"^(\w+)\s+(\d+\s+\d+\s+\d+)", blocks[0], flags=re.M))
    rel_rows = dict(re.findall(r"^(\w+)\s+(\d+\s+\d+\s+\d+)", blocks[1].split("relations_explicit")[0], flags=re.M))
    assert rows
    for name, c in ours.entities.items():
        assert ent_rows[name].split() == [str(c.tp), str(c.fp), str(c.fn)], name
    for name, c in ours.relations.items():
        assert rel_rows[name].split() == [str(c.tp), str(c.fp), str(c.fn)], name


def test_eval_refuses_a_folder_without_gold(tmp_path: Path, sample_build) -> None:  # type: ignore[no-untyped-def]
    from kg.errors import InputError

    with pytest.raises(InputError, match="no \\*.gold.json"):
        score_files(sample_build[1] / "graph.ttl", tmp_path)
