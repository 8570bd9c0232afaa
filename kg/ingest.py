"""Read source files into SourceText, keeping the original text exactly.

Encodings: UTF-8 (with or without BOM), then GB18030 (a superset of GBK and
GB2312), then Big5. A file is refused with an InputError naming it when it is
binary, empty, undecodable or holds no Chinese.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .model import SourceText
from .normalize import detect_script, normalize

_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_SOURCE = re.compile(r"(?:来源|來源|来源于|稿源)\s*[:：]\s*([^\s　|｜]+)")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes, returning (text, encoding)."""
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes); expected UTF-8, GBK or Big5 text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(path, "not valid UTF-8, GBK/GB18030 or Big5 text; re-save it as UTF-8")


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return ""


def read_text(path: Path, doc_id: str) -> SourceText:
    """Read one file into a SourceText; ``doc_id`` is its path relative to the input root."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    return from_bytes(data, doc_id, display=str(path))


def from_bytes(data: bytes, doc_id: str, *, display: str | None = None) -> SourceText:
    """Build a SourceText from raw bytes."""
    where = display or doc_id
    text, encoding = decode(data, where)
    if not text.strip():
        raise InputError(where, "empty or whitespace-only file")
    if not _CJK.search(text):
        raise InputError(where, "contains no Chinese text")
    norm = normalize(text)
    source = _SOURCE.search(norm[:2000])
    return SourceText(
        doc_id=doc_id,
        text=text,
        norm=norm,
        encoding=encoding,
        script=detect_script(text),
        title=_title(text),
        source=source.group(1) if source else "",
    )


def discover(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Yield (file, doc_id) for every ``*.txt`` under the given files or folders, sorted.

    A document is identified by its path relative to the folder it was found
    under (a lone file: its name), so equal names in different folders stay
    distinct. Symlink loops are skipped.
    """
    for root in paths:
        if root.is_file():
            yield root, root.name
            continue
        if not root.is_dir():
            raise InputError(str(root), "no such file or folder")
        seen: set[tuple[int, int]] = set()
        found: list[tuple[str, Path]] = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen:
                dirnames[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirnames.sort()
            for name in filenames:
                if name.endswith(".txt"):
                    file = Path(dirpath) / name
                    found.append((file.relative_to(root).as_posix(), file))
        for doc_id, file in sorted(found):
            yield file, doc_id

