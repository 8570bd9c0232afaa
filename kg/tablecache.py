"""A cache of the tables kg derives from bundled files, so that a run loads them ready-made.

Every build needs jieba's dictionary as the segmenter scores it (with the
lexicons' words added), jieba's part-of-speech table and the gazetteer's
indexes. Deriving them from their sources (parsing jieba's dictionary twice,
decompressing and indexing the gazetteer) takes over a second at every
start; loading the derived tables takes a fraction of that.

A table is used only when its key matches: a hash of the cache format, kg's
version, the Python version (marshal's format may change with it), the
table's name and the bytes of every file it is derived from (data files,
lexicons, jieba's dictionary and module, and the kg modules that build it).
So a changed file, a new jieba or a new kg can never read a stale table.
Anything else that goes wrong on reading (a missing, truncated, damaged or
foreign file, one that fails to load) means the table is built from its
sources as if there were no cache, and written again.

Each version of a table is one file, ``<name>-<key>.bin``, in
``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``;
``KG_NO_CACHE=1`` turns the cache off. The last few versions used are kept
side by side, so that two checkouts or installs used in turn do not rebuild
each other's tables at every start. A file is written to a temporary file in
the same folder and renamed into place, so concurrent runs never read half
a file; a folder that cannot be written just means no cache.

Every table is builtins written with marshal (the gazetteer's too: it is
no pickle, which would run whatever it says when loaded). marshal is not
meant to read data made to do harm either, so a folder that others may
write to (not owned by the user, or writable by group or others, such as a
shared temporary folder) is never read.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")

# Bump when the file layout or a table's shape changes without any source file changing.
FORMAT = b"kg-table-cache 1"
_DIGEST = hashlib.sha256
_DIGEST_SIZE = _DIGEST().digest_size
_MISS = object()  # _read's answer when the file cannot be used
# Versions of one table kept (the most recently used): about 15 MB each.
KEEP = 4


def cache_dir() -> Path | None:
    """The folder of the table cache, or None when it is turned off."""
    if os.environ.get("KG_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # the XDG rule: a relative path is invalid and ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


def load(
    name: str,
    sources: Iterable[Path],
    build: Callable[[], _T],
    *,
    dumps: Callable[[Any], bytes] = marshal.dumps,
    loads: Callable[[memoryview], Any] = marshal.loads,
) -> _T:
    """The table ``name``: read from the cache when its key matches, else ``build()`` (and cached).

    ``sources`` are every file the table is derived from; ``dumps`` and
    ``loads`` turn the table into bytes and back (marshal: builtins only).
    """
    folder = cache_dir()
    if folder is None or not _private(folder):
        return build()
    try:
        key = _key(name, sources)
    except OSError:  # a source that cannot be read: no key, so no cache
        return build()
    path = folder / f"{name}-{key.hex()[:16]}.bin"
    table = _read(path, key, loads)
    if table is not _MISS:
        _touch(path)
        return table  # type: ignore[no-any-return]
    table = build()
    try:
        payload = dumps(table)
    except Exception:  # a table that cannot be written (a bug) costs the cache, not the build
        return table
    if _write(path, key, payload):
        _prune(folder, name)
    return table


def _private(folder: Path) -> bool:
    """False when others than the user may write into ``folder`` (where that can be told)."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        return True  # made by _write, for the user alone
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # no POSIX owners and modes to go by
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _key(name: str, sources: Iterable[Path]) -> bytes:
    from . import __version__

    digest = _DIGEST()
    for part in (FORMAT, __version__.encode(), sys.version.encode(), name.encode(), Path(__file__).read_bytes()):
        digest.update(len(part).to_bytes(8, "little") + part)
    for source in sources:
        data = source.read_bytes()
        # Lengths and names delimit the parts, so no two lists of files hash alike.
        digest.update(len(data).to_bytes(8, "little") + source.name.encode() + b"\0" + data)
    return digest.digest()


def _read(path: Path, key: bytes, loads: Callable[[memoryview], Any]) -> Any:
    """The table in ``path`` if the file is whole and holds ``key``, else ``_MISS``."""
    try:
        data = path.read_bytes()
    except OSError:
        return _MISS
    # Layout: key, digest of the payload, payload.
    head = 2 * _DIGEST_SIZE
    if data[:_DIGEST_SIZE] != key or _DIGEST(memoryview(data)[head:]).digest() != data[_DIGEST_SIZE:head]:
        return _MISS
    # Loading makes hundreds of thousands of containers at once, none of them
    # garbage: the collector, passing over them again and again while they
    # are made (a full pass among them), added a fifth to the loading time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return loads(memoryview(data)[head:])
    except Exception:  # a file that checks out but does not load (a bug): rebuild
        return _MISS
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, key: bytes, payload: bytes) -> bool:
    """Write a cache file atomically; False (and nothing written) when the folder cannot be written."""
    from .export import atomic_write  # the exports' own temporary-file-and-rename

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_write(path) as fh:
            fh.write(key + _DIGEST(payload).digest())
            fh.write(payload)
        return True
    except OSError:
        return False


def _touch(path: Path) -> None:
    """Mark a version as just used: pruning keeps the most recently used."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, name: str) -> None:
    """Remove the versions of table ``name`` beyond the KEEP most recently used."""

    def used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:  # removed meanwhile by another run
            return 0.0

    try:
        versions = sorted(folder.glob(f"{name}-*.bin"), key=used, reverse=True)
    except OSError:
        return
    for old in versions[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
