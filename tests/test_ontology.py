"""The ontology (ontology/kg.ttl) and the SHACL shapes of exported graphs (ontology/shapes.ttl)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.vocab import ITSRDF, KGO, NIF, ONTOLOGY_IRI

pyshacl = pytest.importorskip("pyshacl", reason="pip install pyshacl (the dev extra)")

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
KGO_NS = ONTOLOGY_IRI + "#"
CORE = ("Organization", "Program", "Place", "Document", "Person")
SH = Namespace("http://www.w3.org/ns/shacl#")
# A plain Namespace: pytest probes module attributes, which a closed DefinedNamespace warns about.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def kgo_terms(graph: Graph) -> set[str]:
    """Local names of the kgo classes and properties the ontology defines."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        str(s)[len(KGO_NS) :]
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(KGO_NS)
    }


# ---------------------------------------------------------------- ontology


def test_ontology_header(ontology: Graph) -> None:
    node = URIRef(ONTOLOGY_IRI)
    assert (node, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(node, OWL.versionInfo) is not None
    assert {t.language for t in ontology.objects(node, DCTERMS.title)} >= {"en"}
    assert ontology.value(node, DCTERMS.description) is not None
    assert ontology.value(node, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_every_vocab_term_is_defined(ontology: Graph) -> None:
    assert set(KGO._NS and KGO.__annotations__) - kgo_terms(ontology) == set()


def test_nothing_defined_beyond_vocab(ontology: Graph) -> None:
    assert kgo_terms(ontology) - set(KGO.__annotations__) == set()
    used = {str(t) for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(KGO_NS)}
    assert {u[len(KGO_NS) :] for u in used} - set(KGO.__annotations__) == set()


@pytest.mark.parametrize("term", sorted(KGO.__annotations__))
def test_term_has_english_and_chinese_label_and_definition(ontology: Graph, term: str) -> None:
    node = KGO[term]
    langs = {lbl.language for lbl in ontology.objects(node, RDFS.label)}
    assert {"en", "zh-hans"} <= langs
    assert ontology.value(node, SKOS.definition) is not None or ontology.value(node, RDFS.comment) is not None


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        for parent in ontology.objects(c, RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _kgo_classes(ontology: Graph) -> list[URIRef]:
    return sorted(
        c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(KGO_NS)
    )


def test_every_class_reaches_exactly_one_core_class(ontology: Graph) -> None:
    """How the scorer resolves types: by local name along rdfs:subClassOf, inside the loaded graphs."""
    for cls in _kgo_classes(ontology):
        if cls == KGO.SourceDocument:
            continue
        names = {str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in _superclasses(ontology, cls) | {cls}}
        assert len(names & set(CORE)) == 1, (cls, names & set(CORE))


def test_source_document_reaches_no_core_class(ontology: Graph) -> None:
    names = {str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in _superclasses(ontology, KGO.SourceDocument)}
    assert names & set(CORE) == set()
    assert NIF.Context in _superclasses(ontology, KGO.SourceDocument)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (KGO.Organization, URIRef("http://www.w3.org/ns/org#Organization")),
        (KGO.Alliance, URIRef("http://www.w3.org/ns/org#OrganizationalCollaboration")),
        (KGO.Place, URIRef("https://schema.org/Place")),
        (KGO.Person, URIRef("https://schema.org/Person")),
        (KGO.Document, DCTERMS.BibliographicResource),
        (KGO.City, KGO.Place),
        (KGO.Village, KGO.AdministrativeArea),
        (KGO.DevelopmentZone, KGO.Place),
        (KGO.Regulation, KGO.Document),
        (KGO.GovernmentBody, KGO.Organization),
    ],
)
def test_alignment(ontology: Graph, child: URIRef, parent: URIRef) -> None:
    assert parent in _superclasses(ontology, child)


def test_core_classes_are_disjoint(ontology: Graph) -> None:
    (node,) = ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    members = set(ontology.items(ontology.value(node, OWL.members)))
    assert members == {KGO[c] for c in CORE} | {KGO.SourceDocument}
    for cls in _kgo_classes(ontology):
        assert len((_superclasses(ontology, cls) | {cls}) & members) <= 1, cls


def test_properties_have_domain_and_range(ontology: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if str(prop).startswith(KGO_NS):
                assert ontology.value(prop, RDFS.domain) is not None, prop
                assert ontology.value(prop, RDFS.range) is not None, prop


def test_cooperates_with_is_symmetric(ontology: Graph) -> None:
    assert (KGO.cooperatesWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_data_property_ranges(ontology: Graph) -> None:
    assert ontology.value(KGO.gb2260, RDFS.range) == XSD.string
    assert ontology.value(KGO.implicitActor, RDFS.range) == XSD.boolean
    assert ontology.value(KGO.mentionCount, RDFS.range) == XSD.nonNegativeInteger


def test_shapes_parse(shapes: Graph) -> None:
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) >= 10


# ---------------------------------------------------------------- SHACL

KGR = Namespace("https://w3id.org/kg-zh/resource/")
DOC = KGR["doc/t.txt"]
TEXT = "吴中区星湖街道党工委联合临港物流公司组建“滨河党建联盟”。星湖街道党工委书记王建华出席。临港物流公司位于吴中区。"
A, B, ALLIANCE = KGR["org/a"], KGR["org/b"], KGR["program/c"]
PERSON, DISTRICT, CITY = KGR["person/d"], KGR["place/e"], KGR["place/f"]
GAZETTEER = KGR["source/gb2260-gazetteer"]


def _span(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def _nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def conforming_graph() -> Graph:
    """A small graph that follows the contract: one document, entities, mentions, facts, a gazetteer link."""
    g = Graph()
    g.add((DOC, RDF.type, KGO.SourceDocument))
    g.add((DOC, RDF.type, NIF.Context))
    g.add((DOC, DCTERMS.identifier, Literal("t.txt")))
    g.add((DOC, DCTERMS.title, Literal("滨河党建联盟工作报告", lang="zh-hans")))
    g.add((DOC, DCTERMS.language, Literal("zh-hans")))
    g.add((DOC, NIF.isString, Literal(TEXT)))
    entities = [
        (A, KGO.PartyBody, "吴中区星湖街道党工委", [("星湖街道党工委", 1)], [("吴中区星湖街道党工委", 0)]),
        (B, KGO.Company, "临港物流公司", [], [("临港物流公司", 0), ("临港物流公司", 1)]),
        (ALLIANCE, KGO.Alliance, "滨河党建联盟", [], [("滨河党建联盟", 0)]),
        (PERSON, KGO.Person, "王建华", [], [("王建华", 0)]),
        (DISTRICT, KGO.District, "吴中区", [], [("吴中区", 1)]),
        (CITY, KGO.City, "苏州市", [], []),
    ]
    for node, cls, label, alts, spans in entities:
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(label, lang="zh-hans")))
        g.add((node, RDFS.label, Literal(label, lang="zh-hans")))
        g.add((node, SKOS.altLabel, Literal("吳中區星湖街道黨工委", lang="zh-hant"))) if node == A else None
        for surface, nth in spans + alts:
            start, end = _span(surface, nth)
            m = URIRef(f"{DOC}#offset_{start}_{end}")
            g.add((m, RDF.type, NIF.Phrase))
            g.add((m, RDF.type, NIF.OffsetBasedString))
            g.add((m, NIF.referenceContext, DOC))
            g.add((m, NIF.beginIndex, _nni(start)))
            g.add((m, NIF.endIndex, _nni(end)))
            g.add((m, NIF.anchorOf, Literal(surface)))
            g.add((m, ITSRDF.taIdentRef, node))
            g.add((m, ITSRDF.taClassRef, cls))
        if spans:
            g.add((node, KGO.mentionCount, _nni(len(spans) + len(alts))))
    g.add((DISTRICT, KGO.gb2260, Literal("320506")))
    g.add((CITY, KGO.gb2260, Literal("320500")))
    sentences = TEXT.split("。")
    facts = [
        (A, KGO.memberOf, ALLIANCE, 0, False),
        (B, KGO.memberOf, ALLIANCE, 0, False),
        (ALLIANCE, KGO.establishedBy, A, 0, False),
        (PERSON, KGO.affiliatedWith, A, 1, False),
        (B, KGO.locatedIn, DISTRICT, 2, False),
        (A, KGO.cooperatesWith, B, 0, True),
    ]
    for i, (h, p, t, sent, implicit) in enumerate(facts):
        start = TEXT.index(sentences[sent])
        end = start + len(sentences[sent]) + 1
        s = URIRef(f"{DOC}#offset_{start}_{end}")
        g.add((s, RDF.type, NIF.Sentence))
        g.add((s, RDF.type, NIF.OffsetBasedString))
        g.add((s, NIF.referenceContext, DOC))
        g.add((s, NIF.beginIndex, _nni(start)))
        g.add((s, NIF.endIndex, _nni(end)))
        g.add((s, NIF.anchorOf, Literal(TEXT[start:end])))
        st = KGR[f"statement/{i}"]
        g.add((h, p, t))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, h))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, t))
        g.add((st, PROV.wasDerivedFrom, s))
        g.add((st, KGO.evidenceText, Literal(TEXT[start:end])))
        g.add((st, KGO.extractionRule, Literal("test")))
        g.add((st, KGO.implicitActor, Literal(implicit)))
        g.add((st, KGO.knowledgeSource, Literal("text")))
    g.add((DISTRICT, KGO.locatedIn, CITY))
    st = KGR["statement/gazetteer"]
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, DISTRICT))
    g.add((st, RDF.predicate, KGO.locatedIn))
    g.add((st, RDF.object, CITY))
    g.add((st, PROV.wasDerivedFrom, GAZETTEER))
    g.add((st, KGO.knowledgeSource, Literal("gazetteer")))
    g.add((GAZETTEER, RDF.type, PROV.Entity))
    return g


def validate(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=False
    )
    return conforms, results, text


def test_conforming_graph_passes(shapes: Graph, ontology: Graph) -> None:
    conforms, _, text = validate(conforming_graph(), shapes, ontology)
    assert conforms, text


def _mention(start_text: str, nth: int = 0) -> URIRef:
    start, end = _span(start_text, nth)
    return URIRef(f"{DOC}#offset_{start}_{end}")


def _set(s, p, o) -> Callable[[Graph], None]:  # type: ignore[no-untyped-def]
    return lambda g: g.set((s, p, o))


def _remove(s, p, o=None) -> Callable[[Graph], None]:  # type: ignore[no-untyped-def]
    return lambda g: g.remove((s, p, o))


def _add(s, p, o) -> Callable[[Graph], None]:  # type: ignore[no-untyped-def]
    return lambda g: g.add((s, p, o))


def _both(*edits: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def apply(g: Graph) -> None:
        for edit in edits:
            edit(g)

    return apply


# (case, edit, focus node of the expected violation)
VIOLATIONS = [
    ("missing prefLabel", _remove(A, SKOS.prefLabel), A),
    ("two prefLabels", _add(A, SKOS.prefLabel, Literal("星湖街道党工委", lang="zh-hans")), A),
    ("prefLabel not tagged", _set(A, SKOS.prefLabel, Literal("吴中区星湖街道党工委")), A),
    ("prefLabel mixed-case tag", _set(A, SKOS.prefLabel, Literal("吴中区星湖街道党工委", lang="zh-Hans")), A),
    ("altLabel untagged", _add(B, SKOS.altLabel, Literal("臨港物流")), B),
    ("missing rdfs:label", _remove(PERSON, RDFS.label), PERSON),
    ("typed with a superclass too", _add(CITY, RDF.type, KGO.Place), CITY),
    ("offset typed xsd:integer", _set(_mention("王建华"), NIF.beginIndex, Literal(39)), _mention("王建华")),
    ("offset as a string", _set(_mention("王建华"), NIF.endIndex, Literal("42")), _mention("王建华")),
    ("anchor does not match offsets", _set(_mention("王建华"), NIF.anchorOf, Literal("王建")), _mention("王建华")),
    ("end beyond text", _set(_mention("王建华"), NIF.endIndex, _nni(10_000)), _mention("王建华")),
    ("mention without context", _remove(_mention("王建华"), NIF.referenceContext), _mention("王建华")),
    ("mention without entity", _remove(_mention("王建华"), ITSRDF.taIdentRef), _mention("王建华")),
    ("statement without provenance", _remove(KGR["statement/0"], PROV.wasDerivedFrom), KGR["statement/0"]),
    ("text statement without evidence", _remove(KGR["statement/1"], KGO.evidenceText), KGR["statement/1"]),
    ("statement without plain triple", _remove(B, KGO.memberOf, ALLIANCE), KGR["statement/1"]),
    ("statement with two subjects", _add(KGR["statement/1"], RDF.subject, A), KGR["statement/1"]),
    ("implicitActor not boolean", _set(KGR["statement/0"], KGO.implicitActor, Literal("false")), KGR["statement/0"]),
    ("fact without statement", _add(A, KGO.subOrganizationOf, B), A),
    ("bad gb2260", _set(DISTRICT, KGO.gb2260, Literal("32050")), DISTRICT),
    ("gb2260 as a number", _set(DISTRICT, KGO.gb2260, Literal(320506)), DISTRICT),
    ("gb2260 on a non-place", _add(B, KGO.gb2260, Literal("320506")), B),
    ("document language wrong", _set(DOC, DCTERMS.language, Literal("zh-cn")), DOC),
    ("document without text", _remove(DOC, NIF.isString), DOC),
    ("document without identifier", _remove(DOC, DCTERMS.identifier), DOC),
    (
        "affiliatedWith from a non-person",
        _both(_add(B, KGO.affiliatedWith, A), _add(KGR["statement/x"], RDF.type, RDF.Statement)),
        B,
    ),
    ("memberOf from a person", _add(PERSON, KGO.memberOf, ALLIANCE), PERSON),
    ("locatedIn a non-place", _add(A, KGO.locatedIn, B), A),
    ("implements a non-program", _add(A, KGO.implements, B), A),
    ("mention pointing to a non-entity", _set(_mention("王建华"), ITSRDF.taIdentRef, BNode()), _mention("王建华")),
]


@pytest.mark.parametrize(("case", "edit", "focus"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_violation_is_rejected(
    shapes: Graph, ontology: Graph, case: str, edit: Callable[[Graph], None], focus: URIRef
) -> None:
    data = conforming_graph()
    edit(data)
    conforms, results, text = validate(data, shapes, ontology)
    assert not conforms, case
    assert focus in set(results.objects(None, SH.focusNode)), text


def test_shapes_use_the_ontology_for_subclasses(shapes: Graph) -> None:
    """Without the ontology a kgo:City is not known to be a Place, so locatedIn's range check fails."""
    conforms, _, _ = pyshacl.validate(conforming_graph(), shacl_graph=shapes, inference="none")
    assert not conforms


# ---------------------------------------------------------------- the built sample graph


def _build_module_missing() -> bool:
    return importlib.util.find_spec("kg.build") is None or importlib.util.find_spec("kg.graph") is None


@pytest.mark.skipif(_build_module_missing(), reason="kg.build / kg.graph not written yet")
def test_built_sample_graph_conforms(shapes: Graph, ontology: Graph, tmp_path: Path) -> None:
    """The exported graph of the bundled samples satisfies every shape."""
    import kg

    kg.build(None, tmp_path)
    data = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    conforms, _, text = validate(data, shapes, ontology)
    assert conforms, text[:20_000]
