"""The fast paths give the same graph: the streaming Turtle writer and parallel builds."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import SKOS

from kg import graph as graph_mod
from kg import iri
from kg.build import build, bundled_corpus
from kg.cli import make_parser
from kg.export import TURTLE, TurtleWriter, render, turtle_iri, write_turtle
from kg.vocab import KGO, NIF, RESOURCE_IRI, bind_prefixes

DOC = URIRef(RESOURCE_IRI + "doc/%E6%8A%A5%E5%91%8A%201.txt")


def _write(triples: list[tuple[URIRef, URIRef, URIRef | Literal]]) -> bytes:
    buf = io.BytesIO()
    writer = TurtleWriter(buf)
    writer.write(triples)
    writer.close()
    return buf.getvalue()


def _parse(data: bytes) -> Graph:
    g = Graph()
    g.parse(data=data.decode("utf-8"), format="turtle")
    return g


def _rdflib_roundtrip(triples: list[tuple[URIRef, URIRef, URIRef | Literal]]) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for t in triples:
        g.add(t)
    return _parse(g.serialize(format="turtle", encoding="utf-8"))


def _assert_same(ours: Graph, theirs: Graph) -> None:
    if not isomorphic(ours, theirs):
        _, only_ours, only_theirs = graph_diff(ours, theirs)
        pytest.fail(f"only ours: {sorted(only_ours)[:5]}\nonly rdflib's: {sorted(only_theirs)[:5]}")


ADVERSARIAL = [
    "中共某县委组织部“两新”党建工作",  # CJK and curly quotes
    '他说："要把\\"基层\\"建强"',  # ASCII quotes and backslashes
    "第一行\n第二行\r\n第三行\t制表",  # line breaks and tabs
    "C:\\路径\\n不是换行",  # a backslash before n is text, not a newline
    "\x00\x01\x1f\x7f控制字符",  # control characters
    "𠀀𪚥 astral 😀",  # beyond the BMP
    "   ",
    "",
    '"""三引号"""',
    "末尾反斜杠\\",
    "@zh-hans ^^xsd:string <http://x> . ;",  # Turtle punctuation inside a string
]


def test_adversarial_literals_read_back_as_rdflib_writes_them() -> None:
    triples: list[tuple[URIRef, URIRef, URIRef | Literal]] = []
    for i, text in enumerate(ADVERSARIAL):
        node = URIRef(f"{DOC}#offset_{i}_{i + len(text)}")
        triples += [
            (node, RDF.type, NIF.Phrase),
            (node, NIF.anchorOf, Literal(text)),
            (node, SKOS.altLabel, Literal(text, lang="zh-hant")),
            (node, KGO.evidenceText, Literal(text, datatype=XSD.string)),
        ]
    node = URIRef(RESOURCE_IRI + "statement/abc")
    triples += [
        (node, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)),
        (node, NIF.endIndex, Literal(12345, datatype=XSD.nonNegativeInteger)),
        (node, KGO.implicitActor, Literal(True)),
        (node, KGO.knowledgeSource, Literal(False)),
        (node, KGO.mentionCount, Literal(-7)),
        (node, KGO.gb2260, Literal("3.50", datatype=XSD.decimal)),
        (node, KGO.extractionRule, Literal("x", datatype=URIRef("http://example.org/dt#myType"))),
        (node, RDF.subject, URIRef(KGO.PartyBody)),
        (node, RDF.object, URIRef(str(KGO) + "not.a-local")),  # no valid prefixed name: written in full
        (node, RDF.predicate, URIRef(RESOURCE_IRI + "org/0123abcd")),
    ]
    data = _write(triples)
    _assert_same(_parse(data), _rdflib_roundtrip(triples))
    text = data.decode("utf-8")
    assert "kgo:PartyBody" in text
    assert "kgo:implicitActor true" in text and "kgo:mentionCount -7" in text  # Turtle's short forms


def test_characters_an_iri_cannot_hold_are_escaped() -> None:
    odd = URIRef("http://example.org/a b<c>{d}")  # rdflib's own serializer refuses this IRI
    data = _write([(DOC, RDF.type, odd)])
    assert b"a b" not in data and b"<c>" not in data
    assert list(_parse(data).objects(DOC, RDF.type)) == [odd]


@settings(max_examples=200, deadline=None)
@given(text=st.text(), lang=st.sampled_from([None, "zh-hans", "zh-hant", "en"]))
def test_any_string_reads_back_unchanged(text: str, lang: str | None) -> None:
    lit = Literal(text, lang=lang)
    g = _parse(_write([(DOC, NIF.isString, lit)]))
    assert list(g.objects(DOC, NIF.isString)) == [lit]


def test_a_triple_repeated_for_one_subject_is_written_once() -> None:
    t = (DOC, RDF.type, NIF.Context)
    buf = io.BytesIO()
    writer = TurtleWriter(buf)
    writer.write([t, t, (DOC, NIF.isString, Literal("正文")), t])
    assert writer.close() == 2
    assert buf.getvalue().decode("utf-8").count("nif:Context") == 1


def test_chunks_written_apart_append_to_the_bytes_of_one_writer() -> None:
    other = URIRef(RESOURCE_IRI + "doc/b.txt")
    parts = [
        [(DOC, RDF.type, NIF.Context), (DOC, NIF.isString, Literal("正文"))],
        [],
        [(other, RDF.type, NIF.Context), (other, RDF.type, NIF.Context), (other, SKOS.prefLabel, Literal("乙"))],
    ]
    tail = [(other, RDF.type, NIF.Context), (other, SKOS.altLabel, Literal("丙")), (DOC, SKOS.prefLabel, Literal("甲"))]
    whole = _write([t for part in parts for t in part] + tail)
    buf = io.BytesIO()
    writer = TurtleWriter(buf)
    for part in parts:
        writer.append(render(part))
    writer.write(tail)  # continues the last chunk's open statement, without repeating its triple
    assert writer.close() == 6
    assert buf.getvalue() == whole


@pytest.mark.parametrize("target", ["file", "memory"])
def test_a_chunk_left_in_a_file_appends_as_its_bytes_do(target: str, tmp_path: Path) -> None:
    # A parallel build's second writer leaves its part in a file; where the
    # kernel cannot copy it (here: into memory) it is copied through a buffer.
    head = [(DOC, RDF.type, NIF.Context)]
    part = [(URIRef(RESOURCE_IRI + "doc/b.txt"), SKOS.prefLabel, Literal("乙" * 50_000))]
    tail = [(DOC, SKOS.prefLabel, Literal("甲"))]
    chunk = render(part)
    (tmp_path / "part").write_bytes(chunk.data)
    fh = io.BytesIO() if target == "memory" else (tmp_path / "out").open("w+b")
    with fh, (tmp_path / "part").open("rb") as source:
        writer = TurtleWriter(fh)
        writer.write(head)
        writer.append(replace(chunk, data=b""), source)
        writer.write(tail)
        assert writer.close() == 3
        fh.seek(0)
        assert fh.read() == _write(head + part + tail)


def test_a_write_back_that_fails_raises_when_waited_for() -> None:
    # A build writes graph.ttl's first part to disk in the background; a
    # failure there must stop the build, as the fsync at its end would.
    import os

    from kg.export import WriteBack

    read, write = os.pipe()  # a pipe cannot be synced
    with os.fdopen(read, "rb"), os.fdopen(write, "wb") as fh:
        back = WriteBack(fh)
        with pytest.raises(OSError):
            back.wait()


def test_a_chunk_that_continues_the_open_statement_is_refused() -> None:
    writer = TurtleWriter(io.BytesIO())
    writer.write([(DOC, RDF.type, NIF.Context)])
    with pytest.raises(ValueError, match="open subject"):
        writer.append(render([(DOC, NIF.isString, Literal("正文"))]))


def test_sample_graph_is_what_rdflib_writes(sample_build) -> None:  # type: ignore[no-untyped-def]
    report, out = sample_build
    ours = _parse((out / "graph.ttl").read_bytes())
    corpus = build(None).corpus  # with texts: the streamed build let go of them
    theirs = _parse(graph_mod.build(corpus).serialize(format="turtle", encoding="utf-8"))
    _assert_same(ours, theirs)
    assert len(ours) == report.triples


def test_streamed_build_equals_writing_the_whole_corpus(sample_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = build(None).corpus
    write_turtle(corpus, tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == (sample_build[1] / "graph.ttl").read_bytes()


def test_turtle_terms_spell_what_the_writer_makes_of_rdflib_terms() -> None:
    corpus = build(None).corpus
    fast, slow = io.BytesIO(), io.BytesIO()
    for buf, terms in ((fast, TURTLE), (slow, graph_mod.RDFLIB)):
        writer = TurtleWriter(buf)
        writer.write(graph_mod.triples(corpus, terms))
        writer.close()
    assert fast.getvalue() == slow.getvalue()


@settings(max_examples=200, deadline=None)
@given(doc_id=st.text(min_size=1), start=st.integers(0, 10**6), length=st.integers(0, 500))
def test_a_span_and_a_document_are_spelled_as_their_iris(doc_id: str, start: int, length: int) -> None:
    # TURTLE.span reuses one spelling per document; it must stay turtle_iri's.
    for s, e in ((start, start + length), (0, 0), (start, start)):
        assert TURTLE.span(doc_id, s, e) == turtle_iri(iri.mention_iri(doc_id, s, e))
    assert graph_mod.RDFLIB.span(doc_id, start, start + length) == URIRef(
        iri.mention_iri(doc_id, start, start + length)
    )
    assert TURTLE.document(doc_id) == turtle_iri(iri.document_iri(doc_id))
    assert graph_mod.RDFLIB.document(doc_id) == URIRef(iri.document_iri(doc_id))


@settings(max_examples=200, deadline=None)
@given(
    parts=st.tuples(st.text(), st.text(), st.text(), st.text()), start=st.integers(0, 10**6), end=st.integers(0, 10**6)
)
def test_a_facts_statement_iris_are_statement_iri(parts: tuple[str, str, str, str], start: int, end: int) -> None:
    head, type_, tail, doc_id = parts
    of = iri.statement_iris(head, type_, tail)
    assert of(doc_id, start, end) == iri.statement_iri(head, type_, tail, doc_id, start, end)
    assert of(doc_id, end, start) == iri.statement_iri(head, type_, tail, doc_id, end, start)  # the stem is reused
    statement = iri.statement_iri(head, type_, tail, doc_id, start, end)
    assert TURTLE.statements(head, type_, tail)(doc_id, start, end) == turtle_iri(statement)
    assert graph_mod.RDFLIB.statements(head, type_, tail)(doc_id, start, end) == URIRef(statement)


def test_parallel_build_gives_the_same_bytes_as_one_job(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(bundled_corpus(), inputs / "a")
    shutil.copytree(bundled_corpus(), inputs / "b")  # same names in two folders stay two documents
    (inputs / "a" / "broken.txt").write_bytes(b"\x00\x01binary")
    one = build([inputs], tmp_path / "one", jobs=1)
    two = build([inputs], tmp_path / "two", jobs=3)
    assert len(one.corpus.documents) == len(two.corpus.documents) == 10
    assert [e.path for e in one.skipped] == [e.path for e in two.skipped] and len(two.skipped) == 1
    for name in ("graph.ttl", "graph.graphml", "ontology.ttl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_parallel_build_skips_a_document_that_breaks_the_analysis_as_one_job_does(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    from kg import pipeline

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the workers see the broken analysis only when forked")
    inputs = tmp_path / "in"
    shutil.copytree(bundled_corpus(), inputs)
    (inputs / "c_notice.txt").write_text("青山镇人民政府召开会议。\n", encoding="utf-8")  # sorts among the samples
    analyze = pipeline.analyze

    def fragile(src, timings=None):  # type: ignore[no-untyped-def]
        if "青山镇" in src.text:
            raise IndexError("string index out of range")
        return analyze(src, timings)

    monkeypatch.setattr(pipeline, "analyze", fragile)
    one = build([inputs], tmp_path / "one", jobs=1)
    two = build([inputs], tmp_path / "two", jobs=2)
    assert [str(e) for e in two.skipped] == [str(e) for e in one.skipped]
    assert len(two.skipped) == 1 and "internal error: IndexError" in str(two.skipped[0])
    assert [d.doc_id for d in two.corpus.documents] == [d.doc_id for d in one.corpus.documents]
    for name in ("graph.ttl", "graph.graphml"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_facts_cut_after_any_fact_with_evidence_join_to_the_bytes_of_one_writer() -> None:
    corpus = build(None).corpus
    facts = corpus.facts
    whole = io.BytesIO()
    writer = TurtleWriter(whole)
    writer.write(graph_mod.corpus_triples(corpus, TURTLE))
    writer.close()
    cuts = [k for k in range(len(facts) + 1) if k == 0 or facts[k - 1].evidence]
    assert len(cuts) == len(facts) + 1 > 10  # every fact of a build has evidence
    for cut in cuts[:: max(1, len(cuts) // 12)] + [len(facts)]:
        buf = io.BytesIO()
        writer = TurtleWriter(buf)
        writer.write(graph_mod.entity_triples(corpus, TURTLE))
        writer.write(graph_mod.fact_triples(corpus, TURTLE, facts[:cut]))
        writer.append(
            render([*graph_mod.fact_triples(corpus, TURTLE, facts[cut:]), *graph_mod.sentence_triples(corpus, TURTLE)])
        )
        writer.close()
        assert buf.getvalue() == whole.getvalue(), cut


def test_the_corpus_export_is_split_after_a_fact_with_evidence() -> None:
    from dataclasses import replace

    from kg.build import _facts_here

    corpus = build(None).corpus
    # The samples have many entities for their facts: this process has enough
    # to write with the entities. Without them, the facts are shared.
    assert _facts_here(corpus) == 0
    facts_only = replace(corpus, entities=[])
    cut = _facts_here(facts_only)
    assert 0 < cut < len(corpus.facts)
    # Facts with no evidence (none a build makes) are never the last before the cut.
    facts = [replace(f, evidence=[]) if i < cut + 3 else f for i, f in enumerate(corpus.facts)]
    bare = replace(facts_only, facts=facts)
    cut = _facts_here(bare)
    assert cut > 0 and bare.facts[cut - 1].evidence


def _here(func, *args):  # type: ignore[no-untyped-def]
    return lambda: func(*args)  # what _in_child does where fork is missing


def _written_then_failed(func, *args):  # type: ignore[no-untyped-def]
    func(*args)  # a second process that wrote its part, then died: the part is written here again
    return lambda: func(*args)


@pytest.mark.parametrize("in_child", [_here, _written_then_failed])
def test_parallel_build_gives_the_same_bytes_when_its_second_writer_is_missing(  # type: ignore[no-untyped-def]
    in_child, tmp_path: Path, monkeypatch
) -> None:
    import importlib

    build_module = importlib.import_module("kg.build")  # `kg.build` is also the function kg exports
    build(None, tmp_path / "one", jobs=1)
    monkeypatch.setattr(build_module, "_in_child", in_child)
    build(None, tmp_path / "two", jobs=2)
    for name in ("graph.ttl", "graph.graphml"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_tail_work_runs_in_another_process_and_a_failure_surfaces_here() -> None:
    import multiprocessing
    import os

    from kg.build import _in_child

    if "fork" in multiprocessing.get_all_start_methods():
        assert _in_child(os.getpid)() != os.getpid()

    def fail() -> None:
        raise ValueError("no such term")

    result = _in_child(fail)
    with pytest.raises(ValueError, match="no such term"):
        result()


def test_parallel_strict_build_stops_at_the_bad_file(tmp_path: Path) -> None:
    from kg.errors import InputError

    shutil.copytree(bundled_corpus(), tmp_path / "in")
    (tmp_path / "in" / "000_empty.txt").write_bytes(b"   \n")
    with pytest.raises(InputError, match="000_empty.txt"):
        build([tmp_path / "in"], tmp_path / "out", strict=True, jobs=2)
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize(("arg", "ok"), [("1", True), ("4", True), ("0", True), ("-1", False), ("many", False)])
def test_jobs_option_takes_a_count(arg: str, ok: bool, capsys: pytest.CaptureFixture[str]) -> None:
    parser = make_parser()
    if ok:
        assert parser.parse_args(["build", "--jobs", arg]).jobs >= 1
    else:
        with pytest.raises(SystemExit):
            parser.parse_args(["build", "--jobs", arg])
        assert "number of processes" in capsys.readouterr().err


@pytest.mark.parametrize("count, jobs", [(1, 2), (7, 2), (100, 2), (757, 3)])
def test_documents_go_to_workers_in_order_in_runs_that_shrink_to_one(count: int, jobs: int) -> None:
    from kg.build import _BATCH, _batches

    files = [(Path(f"{i}.txt"), f"{i}.txt") for i in range(count)]
    runs = _batches(files, jobs)
    assert [f for run in runs for f in run] == files
    sizes = [len(run) for run in runs]
    assert all(1 <= n <= _BATCH for n in sizes)
    assert sizes == sorted(sizes, reverse=True)  # the workers' last tasks are the shortest
    assert sizes[-min(count, 4 * jobs) :] == [1] * min(count, 4 * jobs)


def test_parallel_build_of_many_documents_keeps_input_order_and_skips_bad_ones(tmp_path: Path) -> None:
    # Enough documents that workers get runs of several at once, a bad file inside a run.
    inputs = tmp_path / "in"
    inputs.mkdir()
    towns = ["青山镇", "东湖区", "白沙街道", "桃源县", "石门镇", "龙泉乡"]
    for i in range(60):
        town = towns[i % len(towns)]
        text = f"{town}第{i}号通知\n{town}党委牵头成立“{i}号党建联盟”，{town}人民政府参与。\n"
        (inputs / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (inputs / "010.txt").write_bytes(b"\xff\xfe\x00broken")
    one = build([inputs], tmp_path / "one", jobs=1)
    two = build([inputs], tmp_path / "two", jobs=2)
    assert [d.doc_id for d in two.corpus.documents] == [d.doc_id for d in one.corpus.documents]
    assert len(two.corpus.documents) == 59 and [e.path for e in two.skipped] == [e.path for e in one.skipped]
    for name in ("graph.ttl", "graph.graphml"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_a_worker_killed_mid_build_stops_it_with_an_error_and_leaves_the_outputs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing
    import os
    import signal

    from kg import pipeline
    from kg.errors import WorkerError

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the workers see the patched analysis only when forked")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(12):
        (inputs / f"{i:02d}.txt").write_text(f"青山镇第{i}号通知\n青山镇人民政府召开会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    build([inputs], out, jobs=1)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    here, analyze = os.getpid(), pipeline.analyze

    def killed_in_a_worker(src, timings=None):  # type: ignore[no-untyped-def]
        if os.getpid() != here:  # as the kernel's out-of-memory killer would
            os.kill(os.getpid(), signal.SIGKILL)
        return analyze(src, timings)

    monkeypatch.setattr(pipeline, "analyze", killed_in_a_worker)
    with pytest.raises(WorkerError, match="worker process was killed \\(SIGKILL"):
        build([inputs], out, jobs=2)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
