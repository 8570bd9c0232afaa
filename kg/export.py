"""Write the graph as Turtle and GraphML, atomically.

Every file is written to a temporary file in the target folder and renamed
over the old one, so an interrupted build leaves the previous exports
intact. Output is deterministic: the same corpus gives the same bytes.

GraphML follows the contract: entities are nodes, relations are edges of a
directed multigraph; every key is declared for node or edge, values are
strings or doubles, never empty; the file validates against the GraphML XSD.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from rdflib import Literal, URIRef

from . import graph as graph_mod
from . import iri
from .errors import OutputError, check_sigint
from .model import Corpus
from .vocab import ONTOLOGY_IRI, PREFIXES

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
        check_sigint()  # an interrupted build replaces no export
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class WriteBack:
    """Write what an open file holds so far to disk in the background (an fsync in a thread).

    The fsync that ends its atomic write then finds only what was written
    since. ``wait`` before that end (and before forking): it raises what the
    fsync raised, which a later fsync of the file would no longer report.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        fh.flush()
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._sync, args=(fh.fileno(),), daemon=True)
        self._thread.start()

    def _sync(self, fd: int) -> None:
        try:
            os.fsync(fd)  # waits for the disk without the GIL
        except OSError as exc:
            self._error = exc

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def check_writable(out_dir: Path, names: tuple[str, ...] = ()) -> None:
    """Fail before any work when ``out_dir`` (or a file ``names`` of it) cannot be created or written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: output folder is a file; choose another with --out")
    for name in names:
        if (out_dir / name).is_dir():
            raise OutputError(f"{out_dir / name}: is a folder, so the export cannot replace it; move it away")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kg-write-test.", dir=out_dir)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        problem = (exc.strerror or str(exc)).lower()
        raise OutputError(f"{out_dir}: output folder cannot be written ({problem}); choose another with --out") from exc


def write_turtle(corpus: Corpus, path: Path) -> int:
    """Write the corpus graph as Turtle; return the number of triples."""
    with atomic_write(path) as fh:
        writer = TurtleWriter(fh)
        writer.write(graph_mod.triples(corpus, TURTLE))
        return writer.close()


# ------------------------------------------------------------------- Turtle
#
# A streaming writer: one line per triple, straight from the triple
# generator, so no rdflib Graph is held and a million triples take seconds
# (rdflib's pretty serializer sorts and indexes the whole graph first).
# Consecutive triples of one subject share it (``;``); a subject that comes
# back later simply starts a new statement, which Turtle allows.

# The prefixed-name local parts we write: a safe subset of Turtle's PN_LOCAL.
_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
# Characters IRIREF forbids: written as \uXXXX escapes.
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# Characters a "..." string literal must escape.
_STR_BAD = re.compile(r'[\x00-\x1f"\\\x7f]')
# Control characters without a short escape: written as \uXXXX.
_STR_OTHER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_STR_OTHER_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F] if chr(i) not in "\t\n\r"}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_CHUNK = 1 << 16  # lines buffered between writes
_BATCH = 512  # triples taken from their generator at a time (see TurtleWriter.write)


def _turtle_string(lex: str) -> str:
    if _STR_BAD.search(lex):
        # One str.replace per short escape (a C pass each; backslashes first,
        # so no escape written is escaped again), then the rare other control
        # characters: the same as one translate() with all the escapes, which
        # looks each character up in a dict (15 times slower on a document).
        lex = lex.replace("\\", "\\\\").replace('"', '\\"')
        lex = lex.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if _STR_OTHER.search(lex):
            lex = lex.translate(_STR_OTHER_ESCAPES)
    return f'"{lex}"'


_NAMESPACES = {str(ns): prefix for prefix, ns in PREFIXES.items()}
_PREFIXED: dict[str, str] = {_RDF_TYPE: "a"}  # vocabulary IRI -> prefixed name (a bounded set)


def turtle_iri(term: object) -> str:
    """An IRI (a string or an rdflib term) as a prefixed name where a kg prefix covers it, else as <...>."""
    value = str(term)  # rdflib terms hash differently from their strings
    name = _PREFIXED.get(value)
    if name is not None:
        return name
    cut = max(value.rfind("#"), value.rfind("/")) + 1
    prefix = _NAMESPACES.get(value[:cut])
    if prefix is not None and _PN_LOCAL.match(value, cut):
        name = _PREFIXED[value] = f"{prefix}:{value[cut:]}"
        return name
    if _IRI_BAD.search(value):
        value = _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f"<{value}>"


class TurtleTerms:
    """Subjects and objects already spelled in Turtle (kg.graph's fast term maker).

    Each gives the bytes TurtleWriter would write for the rdflib term, so the
    two makers give identical files; the writer passes plain ``str`` through.
    """

    @staticmethod
    def iri(value: str) -> str:
        return turtle_iri(value)

    @staticmethod
    def span(doc_id: str, start: int, end: int) -> str:
        # turtle_iri(iri.mention_iri(doc_id, start, end)), without its work per
        # span (a build spells every mention and sentence up to three times).
        stem = _span_stem(doc_id)
        if stem:
            return f"{stem}{start}_{end}>"
        return turtle_iri(iri.mention_iri(doc_id, start, end))

    @staticmethod
    def document(doc_id: str) -> str:
        return _document_spelling(doc_id)

    @staticmethod
    def statements(head: str, type_: str, tail: str) -> Callable[[str, int, int], str]:
        of = iri.statement_iris(head, type_, tail)
        if _STATEMENTS_PLAIN:  # turtle_iri(of(...)) without its work per statement
            return lambda doc_id, start, end: f"<{of(doc_id, start, end)}>"
        return lambda doc_id, start, end: turtle_iri(of(doc_id, start, end))

    @staticmethod
    def text(value: str) -> str:
        return _turtle_string(value)

    @staticmethod
    def lang(value: str, tag: str) -> str:
        return f"{_turtle_string(value)}@{tag}"

    @staticmethod
    def nni(value: int) -> str:
        return f'"{value}"^^xsd:nonNegativeInteger'

    @staticmethod
    def boolean(value: bool) -> str:
        return "true" if value else "false"


TURTLE = TurtleTerms()


# Statement IRIs are the statement namespace and hexadecimal digits. Where
# no prefix covers that namespace (it ends with "/", so turtle_iri looks for
# a prefix of exactly it) and it holds no character IRIREF forbids (the
# digits hold none), turtle_iri spells each as "<IRI>".
_STATEMENTS_PLAIN = (
    iri.STATEMENT_NAMESPACE.endswith("/")
    and iri.STATEMENT_NAMESPACE not in _NAMESPACES
    and not _IRI_BAD.search(iri.STATEMENT_NAMESPACE)
)


@functools.lru_cache(maxsize=1 << 16)  # a document's IRI is named once per mention, sentence and entity
def _document_spelling(doc_id: str) -> str:
    return turtle_iri(iri.document_iri(doc_id))


@functools.lru_cache(maxsize=1 << 16)
def _span_stem(doc_id: str) -> str:
    """``"<"`` and the document's mention_iri_stem, when its span IRIs are spelled as ``<...>``; else ``""``.

    turtle_iri reads an IRI only up to its last ``#`` (for a prefix) and
    looks for characters IRIREF forbids; a span IRI differs from another of
    its document only in the digits after ``#offset_``, which neither sees.
    So one span spelled as ``<IRI>`` means every span of the document is.
    """
    stem = iri.mention_iri_stem(doc_id)
    probe = stem + "0_0"
    return "<" + stem if turtle_iri(probe) == f"<{probe}>" else ""


class TurtleWriter:
    """Write triples as deterministic Turtle, as they come.

    Subjects and objects are rdflib terms, or plain ``str`` already spelled
    in Turtle (from TurtleTerms). The bytes depend only on the sequence of
    triples: prefixes are those of kg.vocab, in name order; a triple repeated
    within one subject's run is written once.
    """

    def __init__(self, fh: IO[bytes], *, prefixes: bool = True) -> None:
        self._fh = fh
        self._subject: object = None
        self._seen: set[str] = set()  # predicate-object pairs of the current subject
        self._lines: list[str] = []
        # id -> (the term, its spelling), for predicates and for objects that are rdflib terms
        self._predicates: dict[int, tuple[object, str]] = {}
        self._objects: dict[int, tuple[object, str]] = {}
        self.count = 0
        if prefixes:
            header = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items()))
            fh.write(header.encode("utf-8"))

    @staticmethod
    def term(node: object) -> str:
        """A subject or object in Turtle syntax."""
        if type(node) is str:
            return node
        if isinstance(node, Literal):
            lex = str(node)
            if node.language:
                return f"{_turtle_string(lex)}@{node.language}"
            if node.datatype is None:
                return _turtle_string(lex)
            dt = str(node.datatype)  # a URIRef never equals a plain str
            if dt == _XSD + "boolean" and lex in ("true", "false"):
                return lex
            if dt == _XSD + "integer" and _INTEGER.match(lex):
                return lex
            return f"{_turtle_string(lex)}^^{turtle_iri(dt)}"
        if isinstance(node, URIRef):
            return turtle_iri(node)
        raise TypeError(f"cannot write {type(node).__name__} {node!r} as Turtle (blank nodes are not used)")

    def write(self, triples: Iterable[tuple[object, object, object]]) -> None:
        """Append triples."""
        # Triples are taken in batches and then written: the generator that
        # makes them and the loop that writes them each run a while in turn,
        # which takes about a tenth less CPU than switching between the two
        # at every triple (the same bytes). A batch stays under the collector's
        # threshold of young objects (700), so it sets off no collection.
        triples = iter(triples)
        while batch := list(itertools.islice(triples, _BATCH)):
            self._write(batch)
        self._flush()

    def _write(self, triples: list[tuple[object, object, object]]) -> None:
        # The loop runs once per triple: state lives in locals, and each
        # vocabulary term (predicates, classes: a few dozen long-lived rdflib
        # terms) is spelled once, found by identity (a predicate with the
        # space after it). A new subject ends the open statement and starts
        # its own with one string; the buffer is flushed once per batch.
        lines = self._lines
        term, predicates, objects = self.term, self._predicates, self._objects
        subject, seen, count = self._subject, self._seen, self.count
        try:
            for s, p, o in triples:
                known = predicates.get(id(p))
                if known is None or known[0] is not p:
                    known = _remember(predicates, p, turtle_iri(p) + " ")
                if type(o) is str:
                    pair = known[1] + o
                else:
                    obj = objects.get(id(o))
                    if obj is None or obj[0] is not o:
                        obj = _remember(objects, o, term(o))
                    pair = known[1] + obj[1]
                if s is not subject and s != subject:
                    lines.append(("\n" if subject is None else " .\n\n") + term(s) + " ")
                    subject = s
                    seen = {pair}
                elif pair in seen:
                    continue
                else:
                    seen.add(pair)
                    lines.append(" ;\n    ")
                lines.append(pair)
                count += 1
        finally:
            self._subject, self._seen, self.count = subject, seen, count
        if len(lines) >= _CHUNK:
            self._flush()

    def append(self, chunk: TurtleChunk, source: IO[bytes] | None = None) -> None:
        """Append triples already written by ``render`` (in a worker process), as ``write`` would have.

        ``source``, if given, is a file that holds the chunk's bytes (all of
        it, from its start) instead of ``chunk.data``.
        """
        if not chunk.count:
            return
        if chunk.first is self._subject or chunk.first == self._subject:
            # write() would have continued the open statement; a build's
            # chunks start with their document's own IRI, so this is a bug.
            raise ValueError(f"a chunk must not start with the open subject {chunk.first!r}")
        if self._subject is not None:
            self._lines.append(" .\n")
        self._flush()
        if source is None:
            self._fh.write(chunk.data)
        else:
            _copy_file(source, self._fh)
        self._subject, self._seen = chunk.last, set(chunk.seen)
        self.count += chunk.count

    def _flush(self) -> None:
        if self._lines:
            self._fh.write("".join(self._lines).encode("utf-8"))
            self._lines.clear()

    def close(self) -> int:
        """End the last statement; return the number of triples written."""
        if self._subject is not None:
            self._lines.append(" .\n")
            self._subject = None
        self._flush()
        return self.count


def _copy_file(source: IO[bytes], target: IO[bytes]) -> None:
    """Write the whole of the file ``source`` to ``target``, at its position.

    The kernel copies the bytes where it can (copy_file_range, Linux): the
    part of the corpus triples another process wrote (19 MB for the 10 MB
    benchmark corpus), read into a new bytes object and written again, cost
    this process about 0.04 s instead of 0.008. The rest, or all of it
    elsewhere, is copied through a buffer.
    """
    target.flush()
    copied = 0
    try:
        fd_in, fd_out = source.fileno(), target.fileno()
        size = os.fstat(fd_in).st_size
        while copied < size:
            # From ``copied`` in source, to target's file position (which it moves on).
            n = os.copy_file_range(fd_in, fd_out, size - copied, copied)
            if not n:
                break
            copied += n
    except (AttributeError, OSError):  # no such call here, or not for these files
        pass
    if copied:  # the file object learns the position the copy moved on
        target.seek(os.lseek(target.fileno(), 0, os.SEEK_CUR))
    source.seek(copied)
    shutil.copyfileobj(source, target)


@dataclass(frozen=True)
class TurtleChunk:
    """Triples written as Turtle statements apart from the file, for ``TurtleWriter.append``.

    Workers of a parallel build write their documents' triples this way, so
    the process that writes the file only copies bytes.
    """

    data: bytes  # opens with a new statement; the last one is left open
    count: int  # triples written
    first: object  # the first and last subjects
    last: object
    seen: frozenset[str]  # predicate-object pairs of the last subject


def render(triples: Iterable[tuple[object, object, object]]) -> TurtleChunk:
    """Write triples as a chunk: the bytes a TurtleWriter gives them after another subject's statement."""
    # The first triple is taken ahead and put back (not a list of them all,
    # whose many young tuples set the collector off over a large heap).
    triples = iter(triples)
    head = next(triples, None)
    if head is None:
        return TurtleChunk(b"", 0, None, None, frozenset())
    buf = io.BytesIO()
    writer = TurtleWriter(buf, prefixes=False)
    writer.write(itertools.chain((head,), triples))
    return TurtleChunk(buf.getvalue(), writer.count, head[0], writer._subject, frozenset(writer._seen))


def _remember(spelled: dict[int, tuple[object, str]], node: object, text: str) -> tuple[object, str]:
    """Keep a term's spelling by its id; the term is kept with it, so the id stays its own."""
    if len(spelled) > 4096:  # terms made afresh per triple (rdflib's maker) are not worth keeping
        spelled.clear()
    known = spelled[id(node)] = (node, text)
    return known


# ------------------------------------------------------------------ GraphML

_NODE_KEYS = (
    ("label", "string"),
    ("name", "string"),
    ("type", "string"),
    ("subtype", "string"),
    ("iri", "string"),
    ("gb2260", "string"),
    ("aliases", "string"),
    ("documents", "string"),
    ("mentions", "double"),
)
_EDGE_KEYS = (
    ("label", "string"),
    ("interaction", "string"),
    ("predicate", "string"),
    ("weight", "double"),
    ("evidence", "string"),
    ("documents", "string"),
    ("source_kind", "string"),
)


def _key_id(kind: str, name: str) -> str:
    return f"{kind[0]}_{name}"


def graphml_lines(corpus: Corpus) -> Iterator[str]:
    """The GraphML document, line by line."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
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


# The opening tag of each key's data, made once: quoteattr costs more than the rest of a short value's line.
_DATA_OPEN = {
    (kind, name): f"      <data key={quoteattr(_key_id(kind, name))}>"
    for kind, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS))
    for name, _ in keys
}


def _data(kind: str, values: dict[str, str]) -> Iterator[str]:
    for name, value in values.items():
        value = _XML_INVALID.sub(" ", value).strip()
        if value:
            yield f"{_DATA_OPEN[kind, name]}{escape(value)}</data>\n"


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
