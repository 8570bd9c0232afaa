"""Entity resolution: one node per real thing, never a wrong merge, stable IRIs."""

from __future__ import annotations

from pathlib import Path

from kg.build import build, bundled_corpus
from kg.model import DocumentAnalysis, Mention, Relation, Sentence
from kg.normalize import name_key
from kg.resolve import resolve

from .conftest import source


def _analysis(doc_id: str, text: str, spans: list[tuple[str, str, str, str, tuple[str, ...]]]) -> DocumentAnalysis:
    """spans: (surface, type, subtype, key or "", aliases) — located in text by search."""
    src = source(text, doc_id)
    mentions = []
    pos = 0
    for surface, type_, subtype, key, aliases in spans:
        start = text.index(surface, pos)
        pos = start + len(surface)
        mentions.append(Mention(doc_id, start, pos, surface, type_, subtype, key or name_key(surface), "test", aliases))
    sent = Sentence(doc_id, 0, len(text), text)
    return DocumentAnalysis(source=src, sentences=[sent], mentions=mentions, relations=[])


def _iri_of(corpus, doc_id: str, surface: str) -> str:  # type: ignore[no-untyped-def]
    for e in corpus.entities:
        for m in e.mentions:
            if m.doc_id == doc_id and m.text == surface:
                return e.iri
    raise AssertionError(f"{surface} not found in {doc_id}")


def test_same_name_in_two_documents_is_one_entity() -> None:
    a = _analysis("a.txt", "长江大保护指挥部召开会议。", [("长江大保护指挥部", "Organization", "CommandPost", "", ())])
    b = _analysis("b.txt", "長江大保護指揮部召開會議。", [("長江大保護指揮部", "Organization", "CommandPost", "", ())])
    corpus = resolve([a, b])
    assert _iri_of(corpus, "a.txt", "长江大保护指挥部") == _iri_of(corpus, "b.txt", "長江大保護指揮部")
    ent = next(e for e in corpus.entities if e.label == "长江大保护指挥部")
    assert ("長江大保護指揮部", "zh-hant") in ent.alt_labels


def test_bracketed_alias_joins_the_entity_named_alone() -> None:
    a = _analysis(
        "a.txt",
        "某某高新区(某某区)成立联盟。某某区推进工作。",
        [
            ("某某高新区(某某区)", "Place", "DevelopmentZone", "某某高新区", ("某某区",)),
            ("某某区", "Place", "District", "", ()),
        ],
    )
    corpus = resolve([a])
    assert _iri_of(corpus, "a.txt", "某某高新区(某某区)") == _iri_of(corpus, "a.txt", "某某区")


def test_scoped_generic_names_of_two_cities_stay_apart() -> None:
    a = _analysis("a.txt", "市委组织部牵头。", [("市委组织部", "Organization", "PartyBody", "甲州市委组织部", ())])
    b = _analysis("b.txt", "市委组织部牵头。", [("市委组织部", "Organization", "PartyBody", "乙州市委组织部", ())])
    corpus = resolve([a, b])
    assert _iri_of(corpus, "a.txt", "市委组织部") != _iri_of(corpus, "b.txt", "市委组织部")


def test_entities_of_different_types_never_merge() -> None:
    a = _analysis(
        "a.txt",
        "长江大保护是战略。长江大保护展示馆开馆。",
        [("长江大保护", "Program", "Strategy", "长江", ()), ("长江", "Place", "River", "", ())],
    )
    corpus = resolve([a])
    assert len({e.iri for e in corpus.entities if e.mentions}) == 2


def test_relations_become_facts_with_one_evidence_per_sentence() -> None:
    a = _analysis(
        "a.txt",
        "某区实施某某行动。",
        [("某区", "Place", "District", "", ()), ("某某行动", "Program", "Campaign", "", ())],
    )
    h, t = a.mentions
    a.relations = [
        Relation("implements", h, t, a.sentences[0], "test"),
        Relation("implements", h, t, a.sentences[0], "test2"),
    ]
    corpus = resolve([a])
    assert len(corpus.facts) == 1
    assert len(corpus.facts[0].evidence) == 1


def test_adding_a_document_keeps_the_iris_of_existing_entities(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for f in sorted(bundled_corpus().glob("*.txt")):
        (corpus_dir / f.name).write_bytes(f.read_bytes())
    before = build([corpus_dir], None).corpus
    (corpus_dir / "zz_new.txt").write_text(
        "某某市委组织部牵头成立“红色先锋”党建联盟，长江沿线各区县积极推进“绿色发展”行动。", encoding="utf-8"
    )
    after = build([corpus_dir], None).corpus
    old = {(m.doc_id, m.start, m.end): e.iri for e in before.entities for m in e.mentions}
    new = {(m.doc_id, m.start, m.end): e.iri for e in after.entities for m in e.mentions}
    assert old
    changed = {k: (v, new.get(k)) for k, v in old.items() if new.get(k) != v}
    assert not changed


def test_names_worked_out_in_another_process_resolve_as_in_one() -> None:
    # A parallel build's workers send each document's name nodes with its
    # analysis, pickled; the process that joins them uses those as they are.
    import pickle

    from kg.build import _without_text, analyze_paths
    from kg.resolve import Resolver, name_nodes

    analyses, _ = analyze_paths([bundled_corpus()])
    whole = resolve(analyses)
    resolver = Resolver()
    for a in analyses:
        # As a worker sends it: no text, and the relations with the names.
        sent = _without_text(a)
        assert a.relations and not sent.relations
        resolver.add(pickle.loads(pickle.dumps(sent)), pickle.loads(pickle.dumps(name_nodes(a))))
    apart = resolver.finish()

    def summary(corpus):  # type: ignore[no-untyped-def]
        ents = [(e.iri, e.label, e.subtype, sorted(e.alt_labels), len(e.mentions), e.parent) for e in corpus.entities]
        facts = [(f.head, f.type, f.tail, f.evidence) for f in corpus.facts]
        return ents, facts, corpus.mention_entity

    assert summary(apart) == summary(whole)
    assert any(e.gb2260 for e in apart.entities) and any(a.aliases for e in apart.entities for a in e.mentions)


def test_a_document_resolved_twice_doubles_its_mentions_and_keeps_its_facts() -> None:
    # The same span named by two analyses (one document given twice): each of
    # its mentions goes to the entity of the span's last node, as resolution
    # always did, and a fact's evidence lists its sentence once.
    from kg.build import analyze_paths

    analyses, _ = analyze_paths([bundled_corpus()])
    once = resolve(analyses[:1])
    twice = resolve([analyses[0], analyses[0]])
    assert [e.iri for e in twice.entities] == [e.iri for e in once.entities]
    assert [len(e.mentions) for e in twice.entities] == [2 * len(e.mentions) for e in once.entities]
    assert [(f.head, f.type, f.tail, f.evidence) for f in twice.facts] == [
        (f.head, f.type, f.tail, f.evidence) for f in once.facts
    ]
    assert once.facts and twice.mention_entity == once.mention_entity
