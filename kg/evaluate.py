"""Score a built graph against gold annotations (the guideline's matching rules).

Gold files: one ``<document file name>.gold.json`` per document with
``entities`` (id, type, name, variants) and ``relations`` (head, type, tail,
implicit). A predicted entity matches a gold entity when the coarse types are
equal and one of its labels (prefLabel, rdfs:label, altLabel, or the anchor
of one of its mentions in that document) equals the gold name or a variant
after normalization (Simplified, NFKC, quotes, brackets, enumeration commas,
middle dots and spaces removed). Matching is one-to-one per document
(maximum bipartite matching). A relation matches when its type is equal and
both ends match; ``cooperatesWith`` matches in either direction.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from .errors import InputError
from .model import ENTITY_TYPES, RELATION_TYPES
from .normalize import to_simplified
from .vocab import ITSRDF, NIF

SYMMETRIC = {"cooperatesWith"}
_STRIP = re.compile(r"[“”‘’\"'《》〈〉「」『』()（）【】\[\]、，,·•\s]")


def gold_key(name: str) -> str:
    """The guideline's normalization of a name."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", to_simplified(name)))


def _local(node: object) -> str:
    return re.split(r"[#/:]", str(node))[-1]


def _doc_key(name: str) -> str:
    name = Path(str(name)).name
    return name[:-4] if name.endswith(".txt") else name


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Scores:
    entities: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    relations: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    missed: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)
    missed_relations: dict[str, list[str]] = field(default_factory=dict)

    def table(self) -> str:
        head = f"{'':<20} {'tp':>5} {'fp':>5} {'fn':>5}   {'P':>6} {'R':>6} {'F1':>6}"
        lines = []
        for title, rows, names in (
            ("entities", self.entities, ENTITY_TYPES),
            ("relations", self.relations, RELATION_TYPES),
        ):
            lines += ["", title, head]
            for n in (*names, "ALL"):
                c = rows[n]
                lines.append(f"{n:<20} {c.tp:>5} {c.fp:>5} {c.fn:>5}   {c.p:6.3f} {c.r:6.3f} {c.f1:6.3f}")
        lines.append(f"\nentity F1={self.entities['ALL'].f1:.3f} relation F1={self.relations['ALL'].f1:.3f}")
        return "\n".join(lines).lstrip("\n")


class _Prediction:
    """What a graph says per document, read by local names like an outside tool would."""

    def __init__(self, g: Graph) -> None:
        parents: dict[Any, set[Any]] = defaultdict(set)
        for sub, sup in g.subject_objects(RDFS.subClassOf):
            parents[sub].add(sup)
        coarse: dict[Any, set[str]] = {}
        for c in set(g.objects(None, RDF.type)) | set(parents):
            seen: set[Any] = set()
            todo: list[Any] = [c]
            found: set[str] = set()
            while todo:
                x = todo.pop()
                if x in seen:
                    continue
                seen.add(x)
                if _local(x) in ENTITY_TYPES:
                    found.add(_local(x))
                todo.extend(parents.get(x, ()))
            if found:
                coarse[c] = found
        self.docs: dict[Any, str] = {}
        for node, ident in g.subject_objects(DCTERMS.identifier):
            if {_local(c) for c in g.objects(node, RDF.type)} & {"SourceDocument", "Context"}:
                self.docs[node] = _doc_key(str(ident))
        self.types: dict[Any, set[str]] = defaultdict(set)
        for s, c in g.subject_objects(RDF.type):
            if c in coarse:
                self.types[s] |= coarse[c]
        self.labels: dict[Any, set[str]] = defaultdict(set)
        for e in self.types:
            for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
                for lbl in g.objects(e, p):
                    if isinstance(lbl, Literal):
                        self.labels[e].add(gold_key(str(lbl)))
        self.entities: dict[str, dict[object, set[str]]] = defaultdict(dict)
        for m, e in g.subject_objects(ITSRDF.taIdentRef):
            doc = self._doc_for(g, m)
            if e in self.types and doc is not None:
                self.entities[doc][e] = self.types[e]
                for a in g.objects(m, NIF.anchorOf):
                    self.labels[e].add(gold_key(str(a)))
        self.relations: dict[str, set[tuple[object, str, object]]] = defaultdict(set)
        for st in g.subjects(RDF.type, RDF.Statement):
            pred, h, t = (g.value(st, x) for x in (RDF.predicate, RDF.subject, RDF.object))
            if pred is None or h is None or t is None or _local(pred) not in RELATION_TYPES:
                continue
            for src in g.objects(st, PROV.wasDerivedFrom):
                doc = self._doc_for(g, src)
                if doc is not None:
                    self.relations[doc].add((h, _local(pred), t))

    def _doc_for(self, g: Graph, node: Any) -> str | None:
        if node in self.docs:
            return self.docs[node]
        for ctx in g.objects(node, NIF.referenceContext):
            if ctx in self.docs:
                return self.docs[ctx]
        for link in (PROV.wasDerivedFrom, DCTERMS.source, DCTERMS.isPartOf):
            for target in g.objects(node, link):
                if target in self.docs:
                    return self.docs[target]
        return None


def _matching(candidates: dict[str, list[object]]) -> dict[str, object]:
    """Maximum bipartite matching gold -> predicted (augmenting paths)."""
    owner: dict[object, str] = {}

    def augment(gid: str, seen: set[object]) -> bool:
        for p in candidates[gid]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = gid
                return True
        return False

    for gid in sorted(candidates, key=lambda k: len(candidates[k])):
        augment(gid, set())
    return {gid: p for p, gid in owner.items()}


def load_gold(folder: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    """Read every ``*.gold.json`` of a folder, keyed by document name without ``.txt``."""
    golds = {}
    for path in sorted(folder.glob("*.gold.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(path), f"not a readable gold JSON file ({exc})") from exc
        golds[_doc_key(gold["doc"])] = gold
    if not golds:
        raise InputError(str(folder), "no *.gold.json files found")
    return golds


def score(graph: Graph, golds: dict[str, dict]) -> Scores:  # type: ignore[type-arg]
    """Entity and relation P/R/F1 of ``graph`` against ``golds``."""
    pred = _Prediction(graph)
    out = Scores()
    for doc, gold in golds.items():
        gents = {e["id"]: e for e in gold["entities"]}
        names = {gid: {gold_key(e["name"])} | {gold_key(v) for v in e.get("variants", [])} for gid, e in gents.items()}
        predicted = pred.entities.get(doc, {})
        candidates = {
            gid: [p for p, types in predicted.items() if gents[gid]["type"] in types and pred.labels[p] & names[gid]]
            for gid in gents
        }
        match = _matching(candidates)
        gold_of = {p: g for g, p in match.items()}
        for t in ENTITY_TYPES:
            gold_t = [g for g, e in gents.items() if e["type"] == t]
            pred_t = [p for p, types in predicted.items() if t in types]
            tp = sum(1 for g in gold_t if g in match)
            right = sum(1 for p in pred_t if p in gold_of and gents[gold_of[p]]["type"] == t)
            c = out.entities[t]
            c.tp, c.fp, c.fn = c.tp + tp, c.fp + len(pred_t) - right, c.fn + len(gold_t) - tp
        c = out.entities["ALL"]
        c.tp, c.fp, c.fn = c.tp + len(match), c.fp + len(predicted) - len(match), c.fn + len(gents) - len(match)
        out.missed[doc] = [gents[g]["name"] for g in gents if g not in match]
        out.spurious[doc] = sorted(min(pred.labels[p], default=str(p)) for p in predicted if p not in gold_of)

        gold_rel = {(r["head"], r["type"], r["tail"]) for r in gold["relations"]}
        hit: set[tuple[str, str, str]] = set()
        extra = 0
        for ph, rel, pt in pred.relations.get(doc, set()):
            gh, gt = gold_of.get(ph), gold_of.get(pt)
            keys = {(gh, rel, gt)} | ({(gt, rel, gh)} if rel in SYMMETRIC else set())
            found = keys & gold_rel  # type: ignore[operator]
            if found:
                hit |= found  # type: ignore[arg-type]
            else:
                extra += 1
        for rel in RELATION_TYPES:
            g_r = {x for x in gold_rel if x[1] == rel}
            h_r = {x for x in hit if x[1] == rel}
            p_r = sum(1 for x in pred.relations.get(doc, set()) if x[1] == rel)
            c = out.relations[rel]
            c.tp, c.fp, c.fn = c.tp + len(h_r), c.fp + max(p_r - len(h_r), 0), c.fn + len(g_r) - len(h_r)
        c = out.relations["ALL"]
        c.tp, c.fp, c.fn = c.tp + len(hit), c.fp + extra, c.fn + len(gold_rel) - len(hit)
        out.missed_relations[doc] = [
            f"{gents[h]['name']} {rel} {gents[t]['name']}" for h, rel, t in sorted(gold_rel - hit)
        ]
    return out


def score_files(graph_path: Path, gold_dir: Path, ontology: Path | None = None) -> Scores:
    """Read a graph (and the ontology, for subclasses) and score it."""
    g = Graph()
    for p in (graph_path, ontology):
        if p is None:
            continue
        try:
            g.parse(p)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(str(p), f"cannot be read as RDF ({exc})") from exc
    if ontology is None:
        from importlib import resources

        g.parse(data=resources.files("kg").joinpath("ontology/kg.ttl").read_bytes(), format="turtle")
    return score(g, load_gold(gold_dir))
