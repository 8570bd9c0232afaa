"""See the graph: one self-contained, offline HTML view, and a static PNG overview.

Scope: entities are nodes (coloured by type, sized by mention count, labelled
in Chinese), relations are edges; the page has a search box (name or alias),
filters by type, relation and document, and a side panel with a node's
aliases, documents and the evidence sentences of its relations.

Limits: the layout is computed here, in Python (a seeded Fruchterman-Reingold
in numpy, so the same graph gives the same bytes); the browser only draws it
(sigma.js over WebGL, bundled in ``kg/data/viz/``, no network). Pairwise
repulsion is O(n^2) per step, done in blocks: about ten seconds for 5,000
nodes, which is the size the view is meant for.

The view is built from a :class:`~kg.model.Corpus` (:func:`from_corpus`) or
read back from an exported ``graph.ttl`` (:func:`from_rdf`) by walking the
triples of the graph contract; both give the same :class:`View`.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError, KGError
from .model import ENTITY_TYPES, RELATION_TYPES, Corpus

# Tableau-10 hues: distinct for the five types, readable on white.
TYPE_COLOURS = {
    "Organization": "#4e79a7",
    "Program": "#f28e2b",
    "Place": "#59a14f",
    "Document": "#b07aa1",
    "Person": "#e15759",
}
OTHER_COLOUR = "#9c9c9c"

# CJK fonts looked up by path (Debian fonts-noto-cjk, then common others).
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


class VizError(KGError):
    """The view or image could not be made (missing optional package or font)."""


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
            e.evidence.sort(key=lambda v: (v.doc, v.text, v.implicit))
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


def from_rdf(path: Path) -> View:
    """The view of an exported graph (Turtle or any format rdflib guesses from the suffix)."""
    from rdflib import RDF, Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, SKOS
    from rdflib.util import guess_format

    from .vocab import KGO, NIF

    g = Graph()
    try:
        g.parse(str(path), format=guess_format(str(path)) or "turtle")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such graph file; build one with `kg build --out DIR`") from exc
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise InputError(f"{path}: not a readable RDF graph ({exc}); pass the graph.ttl that `kg build` wrote") from exc

    def ident(doc: object) -> str:
        return str(g.value(doc, DCTERMS.identifier) or doc)  # type: ignore[arg-type]

    docs = {ident(d): str(g.value(d, DCTERMS.title) or "") for d in g.subjects(RDF.type, KGO.SourceDocument)}
    coarse = _coarse_types()
    nodes: dict[str, Node] = {}
    for s, label in g.subject_objects(SKOS.prefLabel):
        if not isinstance(s, URIRef):
            continue
        subtype = next((str(c).rsplit("#", 1)[-1] for c in g.objects(s, RDF.type) if str(c) in coarse), "")
        count = g.value(s, KGO.mentionCount)
        nodes[str(s)] = Node(
            iri=str(s),
            label=str(label),
            type=coarse.get(f"{KGO._NS}{subtype}", subtype or "Other"),
            subtype=subtype,
            mentions=int(count) if isinstance(count, Literal) else 0,
            aliases=sorted({str(a) for a in g.objects(s, SKOS.altLabel)} - {str(label)}),
            documents=sorted(ident(d) for d in g.objects(s, DCTERMS.source)),
            gb2260=str(g.value(s, KGO.gb2260) or ""),
        )
    grouped: dict[tuple[str, str, str, str], Edge] = {}
    relations = {f"{KGO._NS}{r}": r for r in RELATION_TYPES}
    for st in g.subjects(RDF.type, RDF.Statement):
        h, p, t = (str(g.value(st, x)) for x in (RDF.subject, RDF.predicate, RDF.object))
        if p not in relations or h not in nodes or t not in nodes:
            continue
        kind = str(g.value(st, KGO.knowledgeSource) or "text")
        edge = grouped.setdefault((h, relations[p], t, kind), Edge(h, relations[p], t, kind))
        text = g.value(st, KGO.evidenceText)
        if text is not None:
            where = g.value(st, PROV.wasDerivedFrom)
            ctx = g.value(where, NIF.referenceContext) if where is not None else None
            implicit = g.value(st, KGO.implicitActor)
            edge.evidence.append(
                Evidence(ident(ctx) if ctx is not None else "", str(text), bool(implicit and implicit.toPython()))
            )
    return View(list(nodes.values()), list(grouped.values()), docs).sort()


@lru_cache(maxsize=1)
def _coarse_types() -> dict[str, str]:
    """Every class IRI of the bundled ontology -> the coarse type it falls under."""
    from rdflib import RDFS, Graph, URIRef

    from .vocab import KGO

    g = Graph()
    g.parse(data=resources.files("kg").joinpath("ontology/kg.ttl").read_text(encoding="utf-8"), format="turtle")
    roots = {URIRef(f"{KGO._NS}{t}"): t for t in ENTITY_TYPES}
    out: dict[str, str] = {str(r): t for r, t in roots.items()}
    for cls in set(g.subjects(RDFS.subClassOf, None)):
        seen, todo = set(), [cls]
        while todo:  # breadth-first up rdfs:subClassOf until a core class
            c = todo.pop(0)
            if c in roots:
                out[str(cls)] = roots[c]
                break
            if c not in seen:
                seen.add(c)
                todo.extend(sorted(g.objects(c, RDFS.subClassOf)))
    return out


# ------------------------------------------------------------------ layout


def layout(view: View, *, seed: int = 7, iterations: int | None = None) -> list[tuple[float, float]]:
    """Node positions in [-1, 1]^2, in ``view.nodes`` order; the same view gives the same positions."""
    import numpy as np

    n = len(view.nodes)
    if n == 0:
        return []
    index = {node.iri: i for i, node in enumerate(view.nodes)}
    pairs = sorted({(index[e.source], index[e.target]) for e in view.edges if e.source != e.target})
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) - 0.5
    k = 1.0 / math.sqrt(n)  # ideal edge length for a unit square
    steps = iterations or (80 if n <= 1000 else 40)
    temp = 0.1
    block = max(1, 2_000_000 // n)  # rows per block: ~32 MB of float64 pair deltas
    for step in range(steps):
        disp = np.zeros_like(pos)
        for lo in range(0, n, block):
            delta = pos[lo : lo + block, None, :] - pos[None, :, :]
            dist2 = np.maximum((delta**2).sum(axis=-1), 1e-6)
            disp[lo : lo + block] = (delta * (k * k / dist2)[..., None]).sum(axis=1)
        if len(pairs):
            delta = pos[src] - pos[dst]
            pull = delta * (np.sqrt((delta**2).sum(axis=1)) / k)[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * (0.5 * k * math.sqrt(n))  # gravity: keeps small components near the middle
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = 0.1 * (1 - (step + 1) / (steps + 1))
    pos -= pos.mean(axis=0)
    scale = float(np.abs(pos).max()) or 1.0
    return [(round(float(x) / scale, 4), round(float(y) / scale, 4)) for x, y in pos]


def node_size(mentions: int) -> float:
    """Drawn radius: grows with the square root of the mention count, capped."""
    return round(min(3.0 + 2.0 * math.sqrt(mentions), 24.0), 2)


# ------------------------------------------------------------------ HTML


def payload(view: View, positions: list[tuple[float, float]] | None = None) -> dict[str, object]:
    """The JSON the page reads: short keys, nodes and edges by index."""
    positions = positions if positions is not None else layout(view)
    index = {node.iri: i for i, node in enumerate(view.nodes)}
    nodes = []
    for node, (x, y) in zip(view.nodes, positions, strict=True):
        item: dict[str, object] = {
            "id": node.iri,
            "l": node.label,
            "t": node.type,
            "st": node.subtype,
            "m": node.mentions,
            "x": x,
            "y": -y,  # screen y grows downwards
            "s": node_size(node.mentions),
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
        item = {"s": index[e.source], "t": index[e.target], "r": e.type}
        if e.knowledge != "text":
            item["k"] = e.knowledge
        if e.evidence:
            item["ev"] = [[v.doc, v.text, 1 if v.implicit else 0] for v in e.evidence]
        edges.append(item)
    types = sorted({n.type for n in view.nodes}, key=lambda t: (t not in ENTITY_TYPES, ENTITY_TYPES.index(t) if t in ENTITY_TYPES else 0, t))
    return {
        "nodes": nodes,
        "edges": edges,
        "docs": view.documents,
        "types": [[t, TYPE_COLOURS.get(t, OTHER_COLOUR)] for t in types],
        "relations": sorted({e.type for e in view.edges}),
    }


def _asset(name: str) -> str:
    return resources.files("kg").joinpath(f"data/viz/{name}").read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot close the <script> element it is embedded in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render_html(view: View, *, title: str = "kg graph", positions: list[tuple[float, float]] | None = None) -> str:
    """The whole page as one string: libraries, style, code and data inline, nothing fetched."""
    from html import escape

    data = json.dumps(payload(view, positions), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    libs = []
    for name in ("graphology.umd.min.js", "sigma.min.js"):
        # Drop the source-map comment: the map is not bundled and nothing may be fetched.
        code = "\n".join(ln for ln in _asset(name).splitlines() if not ln.startswith("//# sourceMappingURL="))
        libs.append(f"<script>{_script_safe(code)}</script>")
    page = _asset("view.html")
    for marker, value in (
        ("{{TITLE}}", escape(title)),
        ("{{CSS}}", _asset("view.css")),
        ("{{LIBS}}", "\n".join(libs)),
        ("{{APP}}", _script_safe(_asset("app.js"))),
        ("{{DATA}}", data.replace("<", "\\u003c")),
    ):
        page = page.replace(marker, value, 1)
    return page


def write_html(view: View, path: Path, *, title: str = "kg graph") -> None:
    """Write the view as one self-contained HTML file, atomically."""
    from .export import atomic_write

    with atomic_write(path) as fh:
        fh.write(render_html(view, title=title).encode("utf-8"))


# ------------------------------------------------------------------ PNG


def find_cjk_font() -> Path:
    """The first CJK font found on this machine, or a VizError saying how to install one."""
    for candidate in CJK_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise VizError(
        "no CJK font found for the Chinese labels (looked in " + ", ".join(CJK_FONTS[:2]) + "); "
        "install one, e.g. `apt-get install fonts-noto-cjk`"
    )


def write_png(view: View, path: Path, *, labels: int = 60, title: str = "") -> None:
    """Write a static overview: the same layout and colours, the most-mentioned nodes labelled."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.font_manager import FontProperties
        from matplotlib.lines import Line2D
    except ImportError as exc:
        raise VizError("--png needs matplotlib; install it with `pip install 'kg[png]'` (or `pip install matplotlib`)") from exc
    from .export import atomic_write

    font = FontProperties(fname=str(find_cjk_font()))
    positions = layout(view)
    index = {n.iri: i for i, n in enumerate(view.nodes)}
    fig, ax = plt.subplots(figsize=(12, 9), dpi=150)
    ax.set_axis_off()
    segments = [(positions[index[e.source]], positions[index[e.target]]) for e in view.edges]
    if segments:
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(segments, colors="#c8c8c8", linewidths=0.5, zorder=1))
    if view.nodes:
        xs, ys = zip(*positions, strict=True)
        sizes = [(node_size(n.mentions) * 1.6) ** 2 for n in view.nodes]
        colours = [TYPE_COLOURS.get(n.type, OTHER_COLOUR) for n in view.nodes]
        ax.scatter(xs, ys, s=sizes, c=colours, linewidths=0.4, edgecolors="white", zorder=2)
    ranked = sorted(range(len(view.nodes)), key=lambda i: (-view.nodes[i].mentions, view.nodes[i].label))
    for i in ranked[:labels]:
        x, y = positions[i]
        ax.annotate(view.nodes[i].label, (x, y), xytext=(4, 3), textcoords="offset points",
                    fontproperties=font, fontsize=7, color="#222222", zorder=3)
    present = [t for t in ENTITY_TYPES if any(n.type == t for n in view.nodes)]
    handles = [Line2D([], [], marker="o", ls="", color=TYPE_COLOURS[t], label=t) for t in present]
    if handles:
        ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=8)
    ax.set_title(title or f"{len(view.nodes)} entities, {len(view.edges)} relations", fontproperties=font, fontsize=11)
    ax.set_aspect("equal")
    ax.autoscale_view()
    fig.tight_layout()
    with atomic_write(path) as fh:
        fig.savefig(fh, format="png")
    plt.close(fig)


# ------------------------------------------------------------------ library entry


def load_view(graph: Path | None = None) -> View:
    """The view of ``graph`` (an exported graph.ttl) or, without one, of the bundled samples."""
    if graph is not None:
        return from_rdf(graph)
    from .build import build

    return from_corpus(build(None, None).corpus)


def evidence_by_node(view: View) -> dict[str, list[Edge]]:
    """Index edges by the IRIs of both ends (what the side panel lists)."""
    out: dict[str, list[Edge]] = defaultdict(list)
    for e in view.edges:
        out[e.source].append(e)
        if e.target != e.source:
            out[e.target].append(e)
    return out
