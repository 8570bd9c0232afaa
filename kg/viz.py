"""See the graph: one self-contained, offline HTML view, and a static PNG overview.

Scope: entities are nodes (coloured by type, sized by mention count, labelled
in Chinese), relations are edges; the page has a search box (name or alias),
filters by type, relation and document, and a side panel with a node's
aliases, documents and the evidence sentences of its relations.

Limits: the layout is computed here, in Python, so the browser only draws
(sigma.js over WebGL, bundled in ``kg/data/viz/``; nothing is fetched). Each
connected component is laid out on its own with igraph's seeded
Fruchterman-Reingold (the grid variant above 300 nodes, so 5,000 nodes take
a few seconds), then the components are packed in rows, largest first, and
the isolated entities gathered in a block grouped by type. Same graph, same
bytes. The PNG is a screenshot of the same page taken by headless Chromium
(``kg/browser.py``), so it looks exactly like the view.

A view is built from a :class:`~kg.model.Corpus` (:func:`from_corpus`) or read
back from an exported ``graph.ttl`` (:func:`from_rdf`) by walking the triples
of the graph contract; both give the same :class:`View`.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from .errors import DependencyError, InputError
from .model import ENTITY_TYPES, RELATION_TYPES, Corpus
from .vocab import ONTOLOGY_IRI

if TYPE_CHECKING:
    from .query import Dataset

_OWL = "http://www.w3.org/2002/07/owl#"

# Tableau-10 hues: distinct for the five types, readable on white.
TYPE_COLOURS = {
    "Organization": "#4e79a7",
    "Program": "#f28e2b",
    "Place": "#59a14f",
    "Document": "#b07aa1",
    "Person": "#e15759",
}
OTHER_COLOUR = "#9c9c9c"
TYPE_NAMES_ZH = {"Organization": "组织", "Program": "项目", "Place": "地点", "Document": "文件", "Person": "人物"}


@dataclass
class Node:
    iri: str
    label: str
    type: str
    subtype: str
    mentions: int = 0
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    gb2260: str = ""


@dataclass
class Evidence:
    doc: str
    text: str
    implicit: bool = False


@dataclass
class Edge:
    source: str  # node IRI
    type: str
    target: str  # node IRI
    knowledge: str = "text"  # "text" or "gazetteer"
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class View:
    """What the page shows: nodes, edges and the documents they come from."""

    nodes: list[Node]
    edges: list[Edge]
    documents: dict[str, str]  # doc id -> title

    def sort(self) -> View:
        """Put everything in a stable order (nodes by IRI, edges by ends and type)."""
        self.nodes.sort(key=lambda n: n.iri)
        for n in self.nodes:
            n.aliases.sort()
            n.documents.sort()
        for e in self.edges:
            e.evidence = sorted(
                {(v.doc, v.text, v.implicit): v for v in e.evidence}.values(), key=lambda v: (v.doc, v.text, v.implicit)
            )
        self.edges.sort(key=lambda e: (e.source, e.type, e.target, e.knowledge))
        self.documents = dict(sorted(self.documents.items()))
        return self


# ------------------------------------------------------------------ sources


def from_corpus(corpus: Corpus) -> View:
    """The view of a resolved corpus."""
    nodes = [
        Node(
            iri=e.iri,
            label=e.label,
            type=e.type,
            subtype=e.subtype,
            mentions=len(e.mentions),
            aliases=sorted({t for t, _ in e.alt_labels if t != e.label}),
            documents=list(e.documents),
            gb2260=e.gb2260 or "",
        )
        for e in corpus.entities
    ]
    known = {n.iri for n in nodes}
    edges = [
        Edge(f.head, f.type, f.tail, "text", [Evidence(v.doc_id, v.text, v.implicit) for v in f.evidence])
        for f in corpus.facts
        if f.head in known and f.tail in known
    ]
    edges += [Edge(e.iri, "locatedIn", e.parent, "gazetteer") for e in corpus.entities if e.parent in known]
    docs = {d.doc_id: d.title for d in corpus.documents}
    return View(nodes, edges, docs).sort()


_DOCS = "SELECT ?id ?t WHERE { ?d a kgo:SourceDocument ; dcterms:identifier ?id OPTIONAL { ?d dcterms:title ?t } }"
_ENTITIES = """SELECT ?s ?label ?cls ?count ?code WHERE {
  ?s skos:prefLabel ?label . OPTIONAL { ?s a ?cls }
  OPTIONAL { ?s kgo:mentionCount ?count } OPTIONAL { ?s kgo:gb2260 ?code }
}"""
_ALIASES = "SELECT ?s ?alt WHERE { ?s skos:prefLabel ?l ; skos:altLabel ?alt }"
_SOURCES = "SELECT ?s ?id WHERE { ?s skos:prefLabel ?l ; dcterms:source ?d . ?d dcterms:identifier ?id }"
_STATEMENTS = """SELECT ?h ?p ?t ?kind ?text ?doc ?implicit WHERE {
  ?st a rdf:Statement ; rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t .
  OPTIONAL { ?st kgo:knowledgeSource ?kind } OPTIONAL { ?st kgo:evidenceText ?text }
  OPTIONAL { ?st kgo:implicitActor ?implicit }
  OPTIONAL { ?st prov:wasDerivedFrom ?w . ?w nif:referenceContext ?ctx . ?ctx dcterms:identifier ?doc }
}"""


def from_rdf(path: Path) -> View:
    """The view of an exported graph file (Turtle, or N-Triples, TriG, RDF/XML, JSON-LD by suffix)."""
    from .errors import QueryError
    from .query import Dataset

    if not path.is_file():
        raise InputError(str(path), "no such graph file; build one first with `kg build --out DIR`")
    try:
        data = Dataset.from_file(path)
    except QueryError as exc:
        why = " ".join(str(exc).split())[:200]
        fix = "pass the graph.ttl that `kg build` wrote"
        raise InputError(str(path), f"not a readable RDF graph ({why}); {fix}") from exc
    return _from_dataset(data)


def from_store(path: Path) -> View:
    """The view of a store made by ``kg build --store``."""
    from .query import Dataset

    return _from_dataset(Dataset.from_store(path))


def _from_dataset(data: Dataset) -> View:
    """Walk the graph contract with a few SPARQL queries (Oxigraph: fast on large graphs)."""

    def rows(query: str) -> list[tuple[str, ...]]:
        return [tuple("" if t is None else t.value for t in row) for row in data.query(query).rows]  # type: ignore[union-attr]

    docs = {doc: title for doc, title in rows(_DOCS)}
    coarse = _coarse_types()
    found: dict[str, tuple[str, str, int]] = {}  # iri -> label, code, mention count
    classes: dict[str, set[str]] = {}
    for s, label, cls, mentions, code in rows(_ENTITIES):
        found.setdefault(s, (label, code, int(mentions or 0)))
        classes.setdefault(s, set()).add(cls)
    nodes: dict[str, Node] = {}
    for s, (label, code, count) in found.items():
        known = sorted(c for c in classes[s] if c in coarse)
        if not known and any(c.startswith(_OWL) for c in classes[s]):
            continue  # a term of the ontology (store graphs include it), not an entity
        nodes[s] = Node(
            s,
            label,
            coarse[known[0]] if known else "Other",
            known[0].rsplit("#", 1)[-1] if known else "",
            count,
            gb2260=code,
        )
    for s, alt in rows(_ALIASES):
        if s in nodes and alt != nodes[s].label and alt not in nodes[s].aliases:
            nodes[s].aliases.append(alt)
    for s, doc in rows(_SOURCES):
        if s in nodes and doc not in nodes[s].documents:
            nodes[s].documents.append(doc)
    relations = {f"{ONTOLOGY_IRI}#{r}": r for r in RELATION_TYPES}
    grouped: dict[tuple[str, str, str, str], Edge] = {}
    for h, p, t, kind, text, doc, implicit in rows(_STATEMENTS):
        if p not in relations or h not in nodes or t not in nodes:
            continue
        edge = grouped.setdefault((h, relations[p], t, kind or "text"), Edge(h, relations[p], t, kind or "text"))
        if text:
            edge.evidence.append(Evidence(doc, text, implicit == "true"))
    return View(list(nodes.values()), list(grouped.values()), docs).sort()


@lru_cache(maxsize=1)
def _coarse_types() -> dict[str, str]:
    """Every class IRI of the bundled ontology -> the coarse type it falls under."""
    from rdflib import RDFS, Graph, URIRef

    from .vocab import KGO

    g = Graph()
    g.parse(data=resources.files("kg").joinpath("ontology/kg.ttl").read_text(encoding="utf-8"), format="turtle")
    roots = {f"{KGO._NS}{t}": t for t in ENTITY_TYPES}
    out = dict(roots)
    for cls in {str(c) for c in g.subjects(RDFS.subClassOf, None)}:
        seen: set[str] = set()
        todo = [cls]
        while todo:  # breadth-first up rdfs:subClassOf until a core class
            c = todo.pop(0)
            if c in roots:
                out[cls] = roots[c]
                break
            if c not in seen:
                seen.add(c)
                todo.extend(sorted(str(o) for o in g.objects(URIRef(c), RDFS.subClassOf)))
    return out


def load_view(graph: Path | None = None) -> View:
    """The view of ``graph`` (an exported graph.ttl) or, without one, of the bundled samples."""
    if graph is not None:
        return from_rdf(graph)
    from .build import build

    return from_corpus(build(None, None).corpus)


# ------------------------------------------------------------------ layout

Point = tuple[float, float]


def layout(view: View, *, seed: int = 7) -> list[Point]:
    """Node positions in [-1, 1]^2, in ``view.nodes`` order; the same view gives the same positions."""
    n = len(view.nodes)
    if n == 0:
        return []
    index = {node.iri: i for i, node in enumerate(view.nodes)}
    ends = [(index[e.source], index[e.target]) for e in view.edges if e.source != e.target]
    pairs = sorted({(min(a, b), max(a, b)) for a, b in ends})
    pieces: list[list[tuple[int, Point]]] = []
    singles: list[int] = []
    for comp in _components(n, pairs):
        if len(comp) == 1:
            singles.append(comp[0])
        else:
            pieces.append(_component_layout(comp, pairs, seed))
    if singles:  # isolated entities: one block, grouped by type, most mentioned first
        order = {t: i for i, t in enumerate(ENTITY_TYPES)}
        singles.sort(key=lambda i: (order.get(view.nodes[i].type, 99), -view.nodes[i].mentions, view.nodes[i].iri))
        # Columns twice as far apart as rows (labels are wide), half as many: a square block.
        cols = math.ceil(math.sqrt(len(singles) / 2))
        pieces.append([(i, (2.0 * (k % cols), float(k // cols))) for k, i in enumerate(singles)])
    pos: list[Point] = [(0.0, 0.0)] * n
    for i, p in _pack(pieces):
        pos[i] = p
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return [(round((x - cx) / scale, 4) + 0.0, round((y - cy) / scale, 4) + 0.0) for x, y in pos]


def _components(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components (ignoring direction), largest first, each sorted."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda c: (-len(c), c[0]))


def _component_layout(comp: list[int], pairs: list[tuple[int, int]], seed: int) -> list[tuple[int, Point]]:
    """Force-directed positions of one component, centred, radius about sqrt(size)."""
    try:
        import igraph
    except ImportError as exc:  # a core dependency, but say how to fix a broken install
        raise DependencyError("kg viz needs python-igraph for the layout: pip install igraph") from exc
    local = {v: k for k, v in enumerate(comp)}
    edges = [(local[a], local[b]) for a, b in pairs if a in local]
    if len(comp) == 2:
        coords = [(-0.5, 0.0), (0.5, 0.0)]
    else:
        import random

        # igraph draws from a Python Random; a private seeded one keeps the layout reproducible
        # without touching the caller's global random state.
        igraph.set_random_number_generator(random.Random(seed))
        try:
            g = igraph.Graph(n=len(comp), edges=edges)
            coords = [(float(x), float(y)) for x, y in g.layout_fruchterman_reingold(niter=500, grid=len(comp) > 300)]
        finally:
            igraph.set_random_number_generator(random)
    cx = sum(x for x, _ in coords) / len(coords)
    cy = sum(y for _, y in coords) / len(coords)
    # Root-mean-square radius, not the maximum: one long tail must not shrink the rest to a blot.
    radius = math.sqrt(sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in coords) / len(coords)) or 1.0
    scale = 1.1 * math.sqrt(len(comp)) / radius  # connected entities get more room than the unrelated block
    return [(v, ((x - cx) * scale, (y - cy) * scale)) for v, (x, y) in zip(comp, coords, strict=True)]


def _pack(pieces: list[list[tuple[int, Point]]], gap: float = 1.5) -> list[tuple[int, Point]]:
    """Place pieces left to right in rows (shelf packing), about as wide as high."""
    boxes = []
    for piece in pieces:
        xs, ys = [p[0] for _, p in piece], [p[1] for _, p in piece]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + gap) * (h + gap) for _, _, w, h in boxes)
    width = max(max(w for _, _, w, _ in boxes), math.sqrt(area) * 1.3)
    out: list[tuple[int, Point]] = []
    x = y = row = 0.0
    for piece, (x0, y0, w, h) in zip(pieces, boxes, strict=True):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        out.extend((i, (px - x0 + x, py - y0 + y)) for i, (px, py) in piece)
        x += w + gap
        row = max(row, h)
    return out


def node_size(mentions: int) -> float:
    """Drawn radius in pixels: grows with the square root of the mention count, capped."""
    return round(min(3.0 + 1.6 * math.sqrt(mentions), 18.0), 2)


# ------------------------------------------------------------------ HTML


def payload(view: View, positions: list[Point] | None = None) -> dict[str, object]:
    """The JSON the page reads: short keys, nodes and edges by index."""
    positions = positions if positions is not None else layout(view)
    index = {node.iri: i for i, node in enumerate(view.nodes)}
    # Sizes are screen pixels: smaller nodes when there are many, so thousands do not become one blot.
    shrink = min(1.0, max(0.4, math.sqrt(1000 / max(len(view.nodes), 1))))
    nodes = []
    for node, (x, y) in zip(view.nodes, positions, strict=True):
        item: dict[str, object] = {
            "id": node.iri,
            "l": node.label,
            "t": node.type,
            "st": node.subtype,
            "m": node.mentions,
            "x": x,
            "y": -y + 0.0,  # screen y grows downwards; + 0.0 turns -0.0 into 0.0
            "s": round(node_size(node.mentions) * shrink, 2),
        }
        if node.aliases:
            item["a"] = node.aliases
        if node.documents:
            item["d"] = node.documents
        if node.gb2260:
            item["g"] = node.gb2260
        nodes.append(item)
    edges = []
    for e in view.edges:
        edge: dict[str, object] = {"s": index[e.source], "t": index[e.target], "r": e.type}
        if e.knowledge != "text":
            edge["k"] = e.knowledge
        if e.evidence:
            edge["ev"] = [[v.doc, v.text, 1 if v.implicit else 0] for v in e.evidence]
        edges.append(edge)
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    types = sorted({n.type for n in view.nodes}, key=lambda t: (order.get(t, len(order)), t))
    return {
        "nodes": nodes,
        "edges": edges,
        "docs": view.documents,
        "types": [[t, TYPE_COLOURS.get(t, OTHER_COLOUR), TYPE_NAMES_ZH.get(t, t)] for t in types],
        "relations": [r for r in RELATION_TYPES if any(e.type == r for e in view.edges)],
    }


def _asset(name: str) -> str:
    return resources.files("kg").joinpath(f"data/viz/{name}").read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot close the <script> element it is embedded in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render_html(
    view: View, *, title: str = "kg graph", positions: list[Point] | None = None, overview: bool = False
) -> str:
    """The whole page as one string: libraries, style, code and data inline, nothing fetched.

    ``overview`` hides the controls and shows more labels: the page the PNG is taken of.
    """
    from html import escape

    data = json.dumps(payload(view, positions), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    libs = []
    for name in ("graphology.umd.min.js", "sigma.min.js"):
        # Drop the source-map comment: the map is not bundled and nothing may be fetched.
        code = "\n".join(ln for ln in _asset(name).splitlines() if not ln.startswith("//# sourceMappingURL="))
        libs.append(f"<script>{_script_safe(code)}</script>")
    values = {
        "MODE": "overview" if overview else "explore",
        "TITLE": escape(title),
        "CSS": _asset("view.css"),
        "LIBS": "\n".join(libs),
        "DATA": data.replace("<", "\\u003c"),  # JSON stays valid; no "</script>" can appear
        "APP": _script_safe(_asset("app.js")),
    }
    # One pass, so a value (a title, a library) that happens to contain a marker is left alone.
    page = re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], _asset("view.html"))
    return page


def write_html(view: View, path: Path, *, title: str = "kg graph") -> None:
    """Write the view as one self-contained HTML file, atomically."""
    from .export import atomic_write

    with atomic_write(path) as fh:
        fh.write(render_html(view, title=title).encode("utf-8"))


def write_png(view: View, path: Path, *, title: str = "kg graph", size: tuple[int, int] = (1600, 1200)) -> None:
    """Write a static overview image: the overview page, screenshotted by headless Chromium."""
    from . import browser
    from .export import atomic_write

    with tempfile.TemporaryDirectory(prefix="kg-viz-") as tmp:
        page = Path(tmp) / "overview.html"
        page.write_text(render_html(view, title=title, overview=True), encoding="utf-8")
        shot = browser.screenshot(page, Path(tmp) / "overview.png", size=size)
        with atomic_write(path) as fh:
            fh.write(shot.read_bytes())


# ------------------------------------------------------------------ GEXF


def gexf_lines(view: View, positions: list[Point] | None = None) -> Iterator[str]:
    """The view as GEXF 1.2 for Gephi: the same attributes as the GraphML, plus the layout, colours and sizes."""
    positions = positions if positions is not None else layout(view)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">\n')
    yield "  <meta><creator>kg</creator></meta>\n"
    yield '  <graph defaultedgetype="directed" mode="static">\n'
    for cls, names in (("node", _GEXF_NODE_ATTRS), ("edge", _GEXF_EDGE_ATTRS)):
        yield f'    <attributes class="{cls}">\n'
        for name in names:
            typ = "integer" if name == "mentions" else "string"
            yield f'      <attribute id="{name}" title="{name}" type="{typ}"/>\n'
        yield "    </attributes>\n"
    ids = {n.iri: f"n{i}" for i, n in enumerate(view.nodes)}
    yield "    <nodes>\n"
    for node, (x, y) in zip(view.nodes, positions, strict=True):
        values = {
            "type": node.type,
            "subtype": node.subtype,
            "iri": node.iri,
            "aliases": "|".join(node.aliases),
            "documents": "|".join(node.documents),
            "gb2260": node.gb2260,
            "mentions": str(node.mentions),
        }
        colour = TYPE_COLOURS.get(node.type, OTHER_COLOUR)
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        yield f'      <node id="{ids[node.iri]}" label={quoteattr(node.label)}>\n'
        yield from _attvalues(values)
        yield f'        <viz:color r="{r}" g="{g}" b="{b}"/>\n'
        yield f'        <viz:position x="{x * 1000:.1f}" y="{y * 1000:.1f}" z="0.0"/>\n'
        yield f'        <viz:size value="{node_size(node.mentions)}"/>\n'
        yield "      </node>\n"
    yield "    </nodes>\n    <edges>\n"
    for i, e in enumerate(view.edges):
        values = {
            "relation": e.type,
            "source_kind": e.knowledge,
            "evidence": " | ".join(v.text for v in e.evidence),
            "documents": "|".join(sorted({v.doc for v in e.evidence})),
        }
        weight = float(max(len(e.evidence), 1))
        yield (
            f'      <edge id="e{i}" source="{ids[e.source]}" target="{ids[e.target]}" '
            f'label="{e.type}" weight="{weight}">\n'
        )
        yield from _attvalues(values)
        yield "      </edge>\n"
    yield "    </edges>\n  </graph>\n</gexf>\n"


_GEXF_NODE_ATTRS = ("type", "subtype", "iri", "aliases", "documents", "gb2260", "mentions")
_GEXF_EDGE_ATTRS = ("relation", "source_kind", "evidence", "documents")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attvalues(values: dict[str, str]) -> Iterator[str]:
    kept = {k: _XML_INVALID.sub(" ", v).strip() for k, v in values.items()}
    kept = {k: v for k, v in kept.items() if v}  # no empty values: tools read "" differently
    if kept:
        yield "        <attvalues>\n"
        for k, v in kept.items():
            yield f'          <attvalue for="{k}" value={quoteattr(v)}/>\n'
        yield "        </attvalues>\n"


def write_gexf(view: View, path: Path) -> None:
    """Write the view as GEXF (Gephi opens it with the view's layout and colours), atomically."""
    from .export import atomic_write

    with atomic_write(path) as fh:
        for line in gexf_lines(view):
            fh.write(line.encode("utf-8"))
