"""Resolve mentions into entities across documents, and relations into facts.

Rules, strongest first, each recorded for `kg explain`:

- ``same-key``: mentions of one coarse type whose canonical keys are equal
  (Simplified, width-folded, punctuation removed; generic names scoped by the
  recognizer, e.g. 市委组织部 -> 苏州市委组织部) are one entity, in any document.
- ``stated-alias``: a name stated beside another in the same mention
  (``苏州高新区(虎丘区)``) joins that name's entity, within its document and type.
- ``gazetteer``: a place that the gazetteer resolves unambiguously in its
  document's context is keyed by its division code, so 苏州 and 苏州市 meet.

Entities of different coarse types never merge, and merges are never chained
through fuzzy similarity: every link is one of the rules above.

IRIs come from kg.iri.entity_iri(type, anchor key), where the anchor key is
chosen from the entity's own names by an order that does not depend on which
other documents are in the corpus (division code first, then the longest key).
"""

from __future__ import annotations

import functools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable

from . import iri
from .entities.context import gazetteer
from .model import Corpus, DocumentAnalysis, Entity, Evidence, Fact, Mention, MergeReason, NameNodes
from .normalize import name_key
from .normalize import to_simplified as _to_simplified

# Mention texts and aliases repeat across a corpus; each conversion is a call into OpenCC.
to_simplified = functools.lru_cache(maxsize=1 << 16)(_to_simplified)

SYMMETRIC = {"cooperatesWith"}

_Span = tuple[str, int, int, str]  # a mention's (doc_id, start, end, type)
# A mention's name as _finish_entity weighs it, and its class; made in C.
_form = operator.attrgetter("text", "key", "aliases", "rule", "subtype")
_Form = tuple[str, str, tuple[str, ...], str, str]
# A node's mentions, their places in input order, and their forms counted.
_Filed = tuple[list[Mention], list[int], dict[_Form, int]]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _division_keys(analysis: DocumentAnalysis, gaz) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Map each place mention (by index) to a gazetteer division key, if unambiguous."""
    if gaz is None:
        return {}
    out: dict[int, str] = {}
    places = [(i, m) for i, m in enumerate(analysis.mentions) if m.type == "Place"]
    # Recognition resolved the gazetteer's hits with the report's home; those
    # divisions are the context for the names other rules found (浒墅关镇 by its suffix).
    for i, m in places:
        if m.division is not None:
            out[i] = m.division
    context: list[str] = sorted(set(out.values()))
    # Two passes: names resolved in the first give context to the second.
    for _ in range(2):
        for i, m in places:
            if i in out:
                continue
            div = gaz.resolve(m.key, context)
            if div is not None:
                out[i] = div.key
                if div.key not in context:
                    context.append(div.key)
    return out


def _node_key(key: str, division: str | None, gaz) -> str:  # type: ignore[no-untyped-def]
    """The key of a name's node: the name's own key, or its division's where several divisions bear the name.

    A name that several divisions bear (东城街道 names towns in many counties)
    goes to its division only: the name alone must not join this document's
    town with another's (no chain of weak matches through a shared name).
    """
    if division is not None and len(gaz.lookup(key)) > 1:
        return "gb2260:" + division
    return key


def name_nodes(analysis: DocumentAnalysis) -> NameNodes:
    """The nodes of a document's mentions and their stated aliases, as the document and the gazetteer place them.

    With the document's relations between its mentions, each by its two
    mentions' places in ``analysis.mentions`` and its evidence.
    """
    gaz = gazetteer()
    divisions = _division_keys(analysis, gaz)
    context = sorted(set(divisions.values()))
    out = NameNodes([], [], [], [], [])
    for i, m in enumerate(analysis.mentions):
        division = divisions.get(i)
        out.keys.append(_node_key(m.key, division, gaz))
        out.divisions.append(division)
        out.scoped.append(name_key(m.text) != m.key)
        aliases: list[tuple[str, str | None]] = []
        for alias in m.aliases:
            key = name_key(alias)
            # X高新区(Y区): a bracketed district is a division; the zone and the
            # district are one place (one administration), with the district's code.
            alias_div = gaz.resolve(key, context) if gaz is not None and m.type == "Place" else None
            alias_division = alias_div.key if alias_div else None
            aliases.append((_node_key(key, alias_division, gaz), alias_division))
        out.aliases.append(tuple(aliases))
    # A span names the node of its last mention (as Resolver.add keys spans).
    index = {(m.doc_id, m.start, m.end, m.type): i for i, m in enumerate(analysis.mentions)}
    for r in analysis.relations:
        head = index.get((r.head.doc_id, r.head.start, r.head.end, r.head.type))
        tail = index.get((r.tail.doc_id, r.tail.start, r.tail.end, r.tail.type))
        if head is None or tail is None or head == tail:
            continue  # not between two mentions: no fact
        s = r.sentence
        out.relations.append((head, r.type, tail, Evidence(s.doc_id, s.start, s.end, s.text, r.rule, r.implicit)))
    return out


def _joined(uf: _UnionFind, type_: str, key: str, division: str | None) -> tuple[str, str]:
    """The node (type_, key), joined to its division's node when the name was resolved to one."""
    node = (type_, key)
    if division is None:
        uf.find(node)
    else:
        uf.union(node, (type_, "gb2260:" + division))
    return node


def _anchor(keys: Iterable[str]) -> str:
    """The key that names the entity's IRI: division codes first, then longest, then smallest."""
    return sorted(keys, key=lambda k: (not k.startswith("gb2260:"), -len(k), k))[0]


def resolve(analyses: list[DocumentAnalysis]) -> Corpus:
    """Merge the mentions of all documents into entities and facts."""
    resolver = Resolver()
    for analysis in analyses:
        resolver.add(analysis)
    return resolver.finish()


class Resolver:
    """``resolve``, fed one document at a time (in input order) and then finished.

    A parallel build adds each document as its analysis arrives, while the
    workers analyze the next ones; only ``finish`` is left for after them.
    """

    def __init__(self) -> None:
        self.uf = _UnionFind()
        self.reasons: dict[tuple[str, str], list[MergeReason]] = defaultdict(list)
        self.node_of: dict[tuple[str, int, int, str], tuple[str, str]] = {}
        self.analyses: list[DocumentAnalysis] = []
        # Each node's mentions, in input order, with their places in that order
        # (to put an entity's mentions in order when it has several nodes),
        # and their forms counted (_form: what _finish_entity weighs).
        self.mentions: dict[tuple[str, str], _Filed] = {}
        self.count = 0  # mentions added
        self.repeated = False  # a span was named twice: its mentions go to its last node
        self.persons: list[Mention] = []  # the mentions of persons, in input order (for _link_leader_forms)
        # Each relation between mentions, in input order: (head span, type, tail span, evidence).
        self.relations: list[tuple[_Span, str, _Span, Evidence]] = []

    def add(self, analysis: DocumentAnalysis, names: NameNodes | None = None) -> None:
        """Join one document's names (``name_nodes(analysis)``, unless given) into the nodes of the corpus."""
        if names is None:
            names = name_nodes(analysis)
        uf, reasons, node_of = self.uf, self.reasons, self.node_of
        self.analyses.append(analysis)
        spans: list[_Span] = []
        nodes: list[tuple[str, str]] = []
        known = len(node_of)
        for i, m in enumerate(analysis.mentions):
            division = names.divisions[i]
            node = _joined(uf, m.type, names.keys[i], division)
            span = (m.doc_id, m.start, m.end, m.type)
            node_of[span] = node
            spans.append(span)
            nodes.append(node)
            rule = "scoped-name" if names.scoped[i] else "same-key"
            reasons[node].append(MergeReason(m.text, f"{rule} ({m.rule})", m.doc_id, m.start, m.end))
            if division is not None:
                reasons[node].append(MergeReason(m.text, "gazetteer", m.doc_id, m.start, m.end))
            for alias, (key, alias_division) in zip(m.aliases, names.aliases[i], strict=True):
                alias_node = _joined(uf, m.type, key, alias_division)
                uf.union(node, alias_node)
                reasons[alias_node].append(MergeReason(alias, "stated-alias", m.doc_id, m.start, m.end))
        # What finish would otherwise do mention by mention and relation by
        # relation, after the analysis (in a parallel build, this runs while
        # the workers analyze): each node's mentions, each relation's spans.
        self.repeated = self.repeated or len(node_of) - known < len(spans)
        self.count = _file(self.mentions, zip(nodes, analysis.mentions, strict=True), self.count)
        self.persons += [m for m in analysis.mentions if m.type == "Person"]
        self.relations.extend((spans[h], type_, spans[t], ev) for h, type_, t, ev in names.relations)

    def finish(self) -> Corpus:
        """The entities and facts of the documents added."""
        analyses, uf, reasons, node_of = self.analyses, self.uf, self.reasons, self.node_of
        # Not loaded for a corpus of no documents (a build of bad files only).
        gaz = gazetteer() if analyses else None
        _link_leader_forms(self.persons, uf, reasons)

        members: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for node in list(uf.parent):
            members[uf.find(node)].append(node)

        entities: dict[tuple[str, str], Entity] = {}
        for root, nodes in members.items():
            type_ = root[0]
            anchor = _anchor(k for _, k in nodes)
            entities[root] = Entity(iri=iri.entity_iri(type_, anchor), type=type_, subtype=type_, label=anchor)
            for n in nodes:
                entities[root].reasons.extend(reasons.get(n, []))
            if anchor.startswith("gb2260:") and gaz is not None:
                div = gaz.get(anchor[len("gb2260:") :])
                entities[root].division = div.key
                entities[root].gb2260 = div.code
                entities[root].subtype = div.cls

        # An entity's mentions are its nodes' (add grouped them), in input order.
        mentions = self.mentions if not self.repeated else _mentions_by_node(analyses, node_of)
        forms: dict[tuple[str, str], dict[_Form, int]] = {}
        for root, nodes in members.items():
            found = [mentions[n] for n in nodes if n in mentions]
            if len(found) == 1:
                entities[root].mentions = list(found[0][0])
                forms[root] = found[0][2]
            elif found:
                listed = [m for ms, _, _ in found for m in ms]
                places = [p for _, ps, _ in found for p in ps]
                entities[root].mentions = [listed[i] for i in sorted(range(len(listed)), key=places.__getitem__)]
                merged: Counter[_Form] = Counter()
                for _, _, counted in found:
                    merged.update(counted)
                forms[root] = merged
        # Each name's entity IRI, found once: a corpus has far fewer names than mentions.
        iri_of = {node: entities[root].iri for root, nodes in members.items() for node in nodes}
        # A span repeated goes to its last node (node_of keeps the first place, the last node).
        mention_entity = {span: iri_of[node] for span, node in node_of.items()}

        by_iri = {e.iri: e for e in entities.values()}
        for root, ent in entities.items():
            if by_iri[ent.iri] is ent:
                _finish_entity(ent, gaz, forms.get(root, {}))
        if gaz is not None:
            _add_ancestors(by_iri, gaz)

        facts: dict[tuple[str, str, str], Fact] = {}
        cited: set[tuple[tuple[str, str, str], str, int, int]] = set()  # (fact, sentence): evidence already listed
        for head, type_, tail, ev in self.relations:
            h, t = mention_entity[head], mention_entity[tail]
            if h == t:
                continue
            if type_ in SYMMETRIC and t < h:
                h, t = t, h
            key = (h, type_, t)
            fact = facts.get(key)
            if fact is None:
                fact = facts[key] = Fact(h, type_, t)
            if (key, ev.doc_id, ev.start, ev.end) not in cited:
                cited.add((key, ev.doc_id, ev.start, ev.end))
                fact.evidence.append(ev)

        return Corpus(
            documents=[a.source for a in analyses],
            entities=sorted(by_iri.values(), key=lambda e: e.iri),
            facts=[facts[k] for k in sorted(facts)],
            mention_entity=mention_entity,
        )


def _file(filed: dict[tuple[str, str], _Filed], mentions: Iterable[tuple[tuple[str, str], Mention]], place: int) -> int:
    """File each (node, mention) under its node, numbered from ``place`` on; return the next place."""
    for node, m in mentions:
        found = filed.get(node)
        if found is None:
            found = filed[node] = ([], [], {})
        found[0].append(m)
        found[1].append(place)
        form, counted = _form(m), found[2]
        counted[form] = counted.get(form, 0) + 1
        place += 1
    return place


def _mentions_by_node(
    analyses: list[DocumentAnalysis], node_of: dict[_Span, tuple[str, str]]
) -> dict[tuple[str, str], _Filed]:
    """Resolver.mentions, where a span was named twice: each mention under its span's last node."""
    out: dict[tuple[str, str], _Filed] = {}
    mentions = (m for a in analyses for m in a.mentions)
    _file(out, ((node_of[(m.doc_id, m.start, m.end, m.type)], m) for m in mentions), 0)
    return out


def _link_leader_forms(
    persons: list[Mention], uf: _UnionFind, reasons: dict[tuple[str, str], list[MergeReason]]
) -> None:
    """王总书记 (surname + a top leader's title) is the one full name of that surname in the corpus.

    ``persons``: the corpus's mentions of persons, in input order.

    Reports write the top leaders this way; the full name appears elsewhere in
    the corpus. Linked only when exactly one full name has that surname, so the
    link never guesses between two people.
    """
    leaders = [m for m in persons if m.rule == "person-leader"]
    if not leaders:
        return
    # The full names of two or three characters, by their first (the surname), in order.
    full_names: dict[str, list[str]] = defaultdict(list)
    for key in sorted({m.key for m in persons if m.rule != "person-leader"}):
        if 2 <= len(key) <= 3:
            full_names[key[0]].append(key)
    for m in leaders:
        same = full_names.get(m.key[0], [])
        if len(same) == 1:
            uf.union(("Person", m.key), ("Person", same[0]))
            reasons[("Person", m.key)].append(MergeReason(m.text, "leader-title-form", m.doc_id, m.start, m.end))


def _finish_entity(ent: Entity, gaz, counted: dict[_Form, int]) -> None:  # type: ignore[no-untyped-def]
    """Choose the preferred label, the subtype and the alternative labels; ``counted``: its mentions' forms."""
    if not ent.mentions:
        return
    # An entity's mentions repeat a few names: each distinct form is looked
    # at once, with its number of mentions (the same counts and label set as
    # a pass over every mention).
    forms: dict[tuple[str, str, tuple[str, ...], str], int] = defaultdict(int)
    subtypes: dict[str, int] = defaultdict(int)
    for (text, key, aliases, rule, subtype), n in counted.items():
        forms[text, key, aliases, rule] += n
        subtypes[subtype] += n
    # A leader's title form (王总书记) names the person less well than the full name.
    named = {form: n for form, n in forms.items() if form[3] != "person-leader"} or forms
    counts: dict[str, int] = defaultdict(int)
    for (text, _, _, _), n in named.items():
        counts[to_simplified(text).strip()] += n
    if ent.division is None:
        ent.subtype = sorted(subtypes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    longest_key = max((key for _, key, _, _ in named), key=lambda k: (len(k), k))
    best = sorted(counts.items(), key=lambda kv: (-len(name_key(kv[0])), -kv[1], kv[0]))[0][0]
    ent.label = best if name_key(best) == longest_key or len(name_key(best)) >= len(longest_key) else longest_key
    if ent.division is not None and gaz is not None:
        ent.label = gaz.get(ent.division).name
        ent.subtype = gaz.get(ent.division).cls
    labels: set[tuple[str, str]] = set()
    for text, key, aliases, _ in forms:
        simp = to_simplified(text)
        if text != ent.label:
            labels.add((text, "zh-hant" if simp != text else "zh-hans"))
        if simp != ent.label:
            labels.add((simp, "zh-hans"))
        for a in aliases:
            if to_simplified(a) != ent.label:
                labels.add((to_simplified(a), "zh-hans"))
            if a != to_simplified(a):
                labels.add((a, "zh-hant"))
        if key != name_key(ent.label) and key != name_key(text):
            labels.add((key, "zh-hans"))
    ent.alt_labels = labels


def _add_ancestors(by_iri: dict[str, Entity], gaz) -> None:  # type: ignore[no-untyped-def]
    """Give each division entity its parent, creating unmentioned ancestors as entities."""
    for ent in list(by_iri.values()):
        if ent.division is None:
            continue
        child = ent
        for div in gaz.chain(ent.division)[1:]:
            parent_iri = iri.entity_iri("Place", "gb2260:" + div.key)
            parent = by_iri.get(parent_iri)
            if parent is None:
                parent = Entity(
                    iri=parent_iri,
                    type="Place",
                    subtype=div.cls,
                    label=div.name,
                    division=div.key,
                    gb2260=div.code,
                )
                parent.reasons.append(MergeReason(div.name, "gazetteer-ancestor", "", 0, 0))
                by_iri[parent_iri] = parent
            child.parent = parent_iri
            if parent.parent is not None:
                break
            child = parent
