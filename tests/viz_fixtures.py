"""A small resolved corpus with relations and evidence, written for the view and GraphML tests.

The sentences are of the genre (a district's party-building report) but written for
these tests; entities and facts are given directly, so the tests do not depend on how
well extraction does on any text.
"""

from __future__ import annotations

import random

from kg import iri
from kg.model import Corpus, Entity, Evidence, Fact, Mention
from kg.viz import Edge, Node, View
from tests.conftest import source

DOC_A = "jinjiang/2023-report.txt"
TEXT_A = (
    "锦江区党建工作总结\n"
    "锦江区委组织部牵头成立“邻里红盟”社区治理联盟。"
    "锦江区人民医院、锦江区图书馆等12家单位加入“邻里红盟”。"
    "认真贯彻《四川省城乡社区治理条例》,推进&优化“一站式”服务<试点>。\n"
)
DOC_B = "jinjiang/2024-briefing.txt"
TEXT_B = "錦江區委組織部聯合錦江區人民醫院開展健康義診活動。\n"

# name, type, subtype, gb2260, parent name, documents it is mentioned in
ENTITIES = [
    ("锦江区委组织部", "Organization", "PartyBody", None, None),
    ("锦江区人民医院", "Organization", "Organization", None, None),
    ("锦江区图书馆", "Organization", "Organization", None, None),
    ("邻里红盟", "Program", "Alliance", None, None),
    ("四川省城乡社区治理条例", "Document", "Regulation", None, None),
    ("锦江区", "Place", "District", "510104", "成都市"),
    ("成都市", "Place", "City", "510100", "四川省"),
    ("四川省", "Place", "Province", "510000", None),
]
TRADITIONAL = {"锦江区委组织部": "錦江區委組織部", "锦江区人民医院": "錦江區人民醫院"}


def _sentence(text: str, needle: str) -> tuple[int, int, str]:
    start = text.index(needle)
    end = text.index("。", start) + 1
    while start > 0 and text[start - 1] not in "。\n":
        start -= 1
    return start, end, text[start:end]


def small_corpus() -> Corpus:
    """Eight entities, three text facts (one stated twice, once in Traditional), gazetteer parents."""
    docs = [source(TEXT_A, DOC_A), source(TEXT_B, DOC_B)]
    by_name: dict[str, Entity] = {}
    for name, typ, subtype, code, _ in ENTITIES:
        ent = Entity(iri=iri.entity_iri(typ, name), type=typ, subtype=subtype, label=name, gb2260=code)
        for doc in docs:
            for surface in (name, TRADITIONAL.get(name, name)):
                at = doc.text.find(surface)
                while at >= 0:
                    ent.mentions.append(Mention(doc.doc_id, at, at + len(surface), surface, typ, subtype, name, "test"))
                    if surface != name:
                        ent.alt_labels.add((surface, "zh-hant"))
                    at = doc.text.find(surface, at + 1)
        ent.mentions = sorted(set(ent.mentions), key=lambda m: (m.doc_id, m.start))
        by_name[name] = ent
    for name, *_, parent in ENTITIES:
        if parent:
            by_name[name].parent = by_name[parent].iri

    def ev(doc_id: str, text: str, needle: str, implicit: bool = False) -> Evidence:
        start, end, sentence = _sentence(text, needle)
        return Evidence(doc_id, start, end, sentence, "test", implicit)

    facts = [
        Fact(by_name["邻里红盟"].iri, "establishedBy", by_name["锦江区委组织部"].iri, [ev(DOC_A, TEXT_A, "牵头成立")]),
        Fact(by_name["锦江区人民医院"].iri, "memberOf", by_name["邻里红盟"].iri, [ev(DOC_A, TEXT_A, "等12家单位")]),
        Fact(by_name["锦江区图书馆"].iri, "memberOf", by_name["邻里红盟"].iri, [ev(DOC_A, TEXT_A, "等12家单位")]),
        Fact(
            by_name["锦江区委组织部"].iri,
            "implements",
            by_name["四川省城乡社区治理条例"].iri,
            [ev(DOC_A, TEXT_A, "认真贯彻", implicit=True)],
        ),
        Fact(
            by_name["锦江区委组织部"].iri, "cooperatesWith", by_name["锦江区人民医院"].iri, [ev(DOC_B, TEXT_B, "聯合")]
        ),
    ]
    entities = sorted(by_name.values(), key=lambda e: e.iri)
    return Corpus(documents=docs, entities=entities, facts=facts)


def synthetic_view(n: int, *, seed: int = 1) -> View:
    """A graph of ``n`` organizations, programs and places named like a report's, tree-like with extra links."""
    rng = random.Random(seed)
    kinds = [("Organization", "PartyBody", "党委"), ("Program", "Project", "工程"), ("Place", "Town", "镇")]
    nodes = []
    for i in range(n):
        typ, sub, suffix = kinds[i % 3]
        nodes.append(
            Node(
                f"urn:test:{i:05d}",
                f"第{i}号{suffix}",
                typ,
                sub,
                mentions=rng.randint(1, 30),
                documents=[f"doc{i % 40}.txt"],
            )
        )
    edges = [Edge(nodes[i].iri, "memberOf", nodes[rng.randrange(i)].iri) for i in range(1, n)]
    edges += [Edge(nodes[rng.randrange(n)].iri, "cooperatesWith", nodes[rng.randrange(n)].iri) for _ in range(n // 5)]
    docs = {f"doc{k}.txt": f"第{k}份报告" for k in range(40)}
    return View(nodes, edges, docs).sort()
