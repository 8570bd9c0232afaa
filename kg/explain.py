"""Explain an entity: its surface forms and the rule and sentence behind each merge."""

from __future__ import annotations

from .errors import UsageError
from .model import Corpus, Entity
from .normalize import name_key


def find_entities(corpus: Corpus, query: str) -> list[Entity]:
    """Entities whose IRI is ``query`` or whose labels include it (after normalization)."""
    exact = [e for e in corpus.entities if e.iri == query]
    if exact:
        return exact
    key = name_key(query)
    return [e for e in corpus.entities if key == name_key(e.label) or any(key == name_key(t) for t, _ in e.alt_labels)]


def explain(corpus: Corpus, query: str) -> str:
    """A human-readable account of how the entities named ``query`` were formed."""
    found = find_entities(corpus, query)
    if not found:
        raise UsageError(f"no entity named or identified by {query!r}; try `kg query` to list labels")
    texts = {d.doc_id: d.text for d in corpus.documents}
    out: list[str] = []
    for ent in found:
        out.append(f"{ent.label}  <{ent.iri}>  ({ent.subtype})")
        if ent.gb2260:
            out.append(f"  GB/T 2260 code {ent.gb2260}")
        seen: set[tuple[str, str, str, int]] = set()
        for r in sorted(ent.reasons, key=lambda r: (r.doc_id, r.start, r.rule, r.surface)):
            k = (r.surface, r.rule, r.doc_id, r.start)
            if k in seen:
                continue
            seen.add(k)
            if not r.doc_id:
                out.append(f"  {r.surface}: {r.rule}")
                continue
            text = texts.get(r.doc_id, "")
            left = max(text.rfind("。", 0, r.start), text.rfind("\n", 0, r.start)) + 1
            right_candidates = [i for i in (text.find("。", r.end), text.find("\n", r.end)) if i >= 0]
            right = min(right_candidates) + 1 if right_candidates else len(text)
            out.append(f"  {r.surface}: {r.rule} — {r.doc_id}[{r.start}:{r.end}] {text[left:right].strip()[:160]}")
    return "\n".join(out)
