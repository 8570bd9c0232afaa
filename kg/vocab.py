"""The ontology's terms as closed namespaces, and every prefix `kg` binds.

A typo such as ``KGO.Persn`` fails at import time, not inside a query.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-zh/ontology"
RESOURCE_IRI = "https://w3id.org/kg-zh/resource/"


class KGO(DefinedNamespace):
    """Classes and properties of ontology/kg.ttl."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # core classes
    Organization: object
    Program: object
    Place: object
    Document: object
    Person: object
    SourceDocument: object
    # Organization subclasses
    GovernmentBody: object
    PartyBody: object
    Company: object
    ResearchInstitute: object
    Media: object
    CommandPost: object
    Association: object
    # Program subclasses
    Alliance: object
    Campaign: object
    Project: object
    Model: object
    Brand: object
    Strategy: object
    Platform: object
    # Place subclasses
    Country: object
    AdministrativeArea: object
    Province: object
    City: object
    District: object
    County: object
    Town: object
    Village: object
    DevelopmentZone: object
    IndustrialPark: object
    River: object
    Road: object
    Facility: object
    Region: object
    # Document subclasses
    Plan: object
    Regulation: object
    # relations
    memberOf: object
    subOrganizationOf: object
    establishedBy: object
    implements: object
    cooperatesWith: object
    locatedIn: object
    affiliatedWith: object
    # data properties
    gb2260: object
    evidenceText: object
    extractionRule: object
    implicitActor: object
    knowledgeSource: object
    mentionCount: object


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
KGR = Namespace(RESOURCE_IRI)

PREFIXES = {
    "kgo": Namespace(ONTOLOGY_IRI + "#"),
    "kgr": KGR,
    "rdf": Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "org": ORG,
    "schema": SCHEMA,
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "nif": NIF,
    "itsrdf": ITSRDF,
    "sh": Namespace("http://www.w3.org/ns/shacl#"),
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind every prefix of PREFIXES on an rdflib graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
