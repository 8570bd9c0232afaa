"""Write the graph as Turtle and GraphML, atomically.

Every file is written to a temporary file in the target folder and renamed
over the old one, so an interrupted build leaves the previous exports
intact. Output is deterministic: the same corpus gives the same bytes.

GraphML follows the contract: entities are nodes, relations are edges of a
directed multigraph; every key is declared for node or edge, values are
strings or doubles, never empty; the file validates against the GraphML XSD.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from . import graph as graph_mod
from . import iri
from .errors import OutputError
from .model import Corpus
from .vocab import ONTOLOGY_IRI


_UMASK = os.umask(0)
os.umask(_UMASK)


@contextmanager
def atomic_write(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; exports are ordinary files
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def check_writable(out_dir: Path) -> None:
    """Fail before any work when ``out_dir`` cannot be created or written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kg-write-test.", dir=out_dir)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise OutputError(f"{out_dir}: output folder cannot be written ({exc.strerror or exc}); choose another with --out") from exc


def write_turtle(corpus: Corpus, path: Path) -> int:
    """Write the corpus graph as Turtle; return the number of triples."""
    g = graph_mod.build(corpus)
    data = g.serialize(format="turtle", encoding="utf-8")
    with atomic_write(path) as fh:
        fh.write(data)
    return len(g)


# ------------------------------------------------------------------ GraphML

_NODE_KEYS = (("label", "string"), ("name", "string"), ("type", "string"), ("subtype", "string"),
              ("iri", "string"), ("gb2260", "string"), ("aliases", "string"), ("documents", "string"),
              ("mentions", "double"))
_EDGE_KEYS = (("label", "string"), ("interaction", "string"), ("predicate", "string"), ("weight", "double"),
              ("evidence", "string"), ("documents", "string"), ("source_kind", "string"))


def _key_id(kind: str, name: str) -> str:
    return f"{kind[0]}_{name}"


def graphml_lines(corpus: Corpus) -> Iterator[str]:
    """The GraphML document, line by line."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for kind, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name, typ in keys:
            yield f'  <key id="{_key_id(kind, name)}" for="{kind}" attr.name="{name}" attr.type="{typ}"/>\n'
    yield '  <graph id="kg" edgedefault="directed">\n'
    ids = {e.iri: f"n{i}" for i, e in enumerate(corpus.entities)}
    for ent in corpus.entities:
        data = {
            "label": ent.label,
            "name": ent.label,
            "type": ent.type,
            "subtype": ent.subtype,
            "iri": ent.iri,
            "gb2260": ent.gb2260 or "",
            "aliases": "|".join(sorted({t for t, _ in ent.alt_labels if t != ent.label})),
            "documents": "|".join(ent.documents),
            "mentions": f"{float(len(ent.mentions))}",
        }
        yield f'    <node id="{ids[ent.iri]}">\n'
        yield from _data("node", data)
        yield "    </node>\n"
    n = 0
    for fact in corpus.facts:
        data = {
            "label": fact.type,
            "interaction": fact.type,
            "predicate": ONTOLOGY_IRI + "#" + fact.type,
            "weight": f"{float(len(fact.evidence))}",
            "evidence": " | ".join(e.text for e in fact.evidence),
            "documents": "|".join(sorted({e.doc_id for e in fact.evidence})),
            "source_kind": "text",
        }
        yield f'    <edge id="e{n}" source="{ids[fact.head]}" target="{ids[fact.tail]}">\n'
        yield from _data("edge", data)
        yield "    </edge>\n"
        n += 1
    for ent in corpus.entities:
        if ent.parent is None or ent.parent not in ids:
            continue
        data = {
            "label": "locatedIn",
            "interaction": "locatedIn",
            "predicate": ONTOLOGY_IRI + "#locatedIn",
            "weight": "1.0",
            "evidence": "GB/T 2260 gazetteer",
            "documents": iri.GAZETTEER_IRI,
            "source_kind": "gazetteer",
        }
        yield f'    <edge id="e{n}" source="{ids[ent.iri]}" target="{ids[ent.parent]}">\n'
        yield from _data("edge", data)
        yield "    </edge>\n"
        n += 1
    yield "  </graph>\n</graphml>\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _data(kind: str, values: dict[str, str]) -> Iterator[str]:
    for name, value in values.items():
        value = _XML_INVALID.sub(" ", value).strip()
        if value:
            yield f"      <data key={quoteattr(_key_id(kind, name))}>{escape(value)}</data>\n"


def write_graphml(corpus: Corpus, path: Path) -> None:
    """Write the corpus graph as GraphML."""
    with atomic_write(path) as fh:
        for line in graphml_lines(corpus):
            fh.write(line.encode("utf-8"))


def write_ontology(path: Path) -> None:
    """Copy the bundled ontology next to the exports (the scorer reads subclasses from it)."""
    from importlib import resources

    data = resources.files("kg").joinpath("ontology/kg.ttl").read_bytes()
    with atomic_write(path) as fh:
        fh.write(data)
