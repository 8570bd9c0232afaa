"""Property-based tests: arbitrary text through the whole pipeline (ingest -> analyze -> resolve -> graph -> export).

Whatever the text, no stage crashes, every offset slices the original text
to its anchor, the exports parse, and two runs give identical bytes.
Example counts are modest so the suite stays fast.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg import export, graph, ingest, pipeline, resolve
from kg.errors import InputError
from kg.model import Corpus, DocumentAnalysis

# Pieces of the genre, so recognizers and relation rules actually fire on the random text.
GENRE = [
    "江苏省",
    "南京市",
    "常州",
    "高新区",
    "新北区",
    "街道",
    "村",
    "社区",
    "市委组织部",
    "党工委",
    "党支部",
    "有限公司",
    "集团",
    "产业联盟",
    "党建联盟",
    "“强链”行动",
    "工程",
    "《关于加强基层党建工作的意见》",
    "出台",
    "联合",
    "加入",
    "成立",
    "实施",
    "推动",
    "与",
    "合作",
    "共建",
    "位于",
    "来源：",
    "人民网",
    "记者",
    "书记",
    "张三",
    "（",
    "）",
    "、",
    "，",
    "。",
    "！",
    "？",
    "；",
    "：",
    "“",
    "”",
    "「",
    "」",
    "《",
    "》",
    "\n",
    "\r\n",
    "\u3000",
    " ",
    "\t",
    "一、",
    "（一）",
    "1.",
    "臺灣",
    "數位轉型",
    "聯盟",
    "組織部",
]
# Unicode at large, without lone surrogates (no file can hold them as UTF-8).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
PIECE = st.one_of(
    st.sampled_from(GENRE),
    st.lists(st.sampled_from(GENRE), min_size=3, max_size=12).map("".join),  # runs of the genre's words
    st.text(ANY_CHAR, min_size=1, max_size=4),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
)
TEXT = st.lists(PIECE, min_size=1, max_size=60).map("".join)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _analyze(text: str, doc_id: str = "p/doc.txt") -> DocumentAnalysis | None:
    try:
        src = ingest.from_bytes(text.encode("utf-8"), doc_id)
    except InputError as err:
        assert err.path == doc_id and "\n" not in err.problem
        return None
    assert src.text == text.removeprefix("\ufeff") and len(src.norm) == len(src.text)
    return pipeline.analyze(src)


def _exports(corpus: Corpus) -> tuple[bytes, bytes]:
    ttl = io.BytesIO()
    writer = export.TurtleWriter(ttl)
    writer.write(graph.triples(corpus))
    writer.close()
    return ttl.getvalue(), "".join(export.graphml_lines(corpus)).encode("utf-8")


def _check_offsets(analysis: DocumentAnalysis) -> None:
    text = analysis.source.text
    for m in analysis.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text, m
    for s in analysis.sentences:
        assert text[s.start : s.end] == s.text, s
    for r in analysis.relations:
        for m in (r.head, r.tail):
            assert text[m.start : m.end] == m.text, (r, m)
        assert text[r.sentence.start : r.sentence.end] == r.sentence.text, r


@SETTINGS
@given(TEXT)
def test_any_text_goes_through_every_stage_with_true_offsets(text: str) -> None:
    analysis = _analyze(text)
    if analysis is None:
        return
    _check_offsets(analysis)
    corpus = resolve.resolve([analysis])
    for ent in corpus.entities:
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text
    for fact in corpus.facts:
        for ev in fact.evidence:
            assert text[ev.start : ev.end] == ev.text
    ttl, graphml = _exports(corpus)
    g = Graph()
    g.parse(data=ttl.decode("utf-8"), format="turtle")  # the Turtle writer escapes whatever the text holds
    assert len(g) > 0
    ET.fromstring(graphml)  # well-formed XML, whatever the text holds


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_two_runs_give_identical_exports(texts: list[str]) -> None:
    def run() -> tuple[bytes, bytes]:
        analyses = [a for i, t in enumerate(texts) if (a := _analyze(t, f"d{i}.txt")) is not None]
        return _exports(resolve.resolve(analyses))

    assert run() == run()


@settings(max_examples=15, deadline=None)
@given(TEXT, st.sampled_from(["\r\n", "\r", "\n"]))
def test_line_ends_change_no_mention_but_its_offsets(text: str, newline: str) -> None:
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    if (a := _analyze(lf)) is None or (b := _analyze(lf.replace("\n", newline))) is None:
        return
    _check_offsets(b)
    if newline != "\r":  # a lone CR ends no line, so sentences may differ
        assert [m.text for m in a.mentions] == [m.text for m in b.mentions]


@settings(max_examples=15, deadline=None)
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_every_supported_encoding_reads_back_the_same_text(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        src = ingest.from_bytes(data, "e.txt")
    except InputError as err:
        assert "\n" not in str(err)
        return
    if encoding != "gb18030" or src.encoding == "gb18030":  # GB18030 bytes may also read as UTF-8 or Big5
        assert src.text == text.removeprefix("\ufeff")
