"""Read source files into SourceText, keeping the original text exactly.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030 (a
superset of GBK and GB2312) or Big5, whichever reads as common characters. A
file is refused with a one-line InputError naming it and the problem when it
is binary, empty, undecodable (or damaged UTF-8), too large, not a regular
file, unreadable, or holds no Chinese.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .model import SourceText
from .normalize import detect_script, normalize, to_simplified

_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_SOURCE = re.compile(r"(?:来源|來源|来源于|稿源)\s*[:：]\s*([^\s　|｜]+)")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes, returning (text, encoding)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                problem = f"invalid {encoding.upper()} at byte {exc.start}; fix or re-save it as UTF-8"
                raise InputError(path, problem) from exc
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes); expected UTF-8, GBK or Big5 text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _damaged_utf8(data):
            # GB18030 would decode it, but into nonsense: say where the damage is instead.
            problem = f"invalid UTF-8 at byte {exc.start} of an otherwise UTF-8 file; fix or re-save it"
            raise InputError(path, problem) from exc
    decoded: list[tuple[str, str]] = []
    for encoding in ("gb18030", "big5"):
        try:
            decoded.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise InputError(path, "not valid UTF-8, GBK/GB18030 or Big5 text; re-save it as UTF-8")
    # Big5 bytes are often valid GB18030 too, but read so they give rare
    # characters: keep the reading whose characters are common (GBK on a tie).
    return max(decoded, key=lambda item: _common_share(item[0]))


def _common_share(text: str) -> float:
    """Share of the Chinese characters that, in Simplified, are among the 6,763 common ones of GB 2312."""
    chars = _CJK.findall(to_simplified(text[:20000]))
    return sum(1 for c in chars if _in_gb2312(c)) / max(1, len(chars))


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _damaged_utf8(data: bytes) -> bool:
    """True when bytes that fail as UTF-8 are still mostly good UTF-8 Chinese (a truncated or damaged file).

    GBK or Big5 text read as UTF-8 gives almost no Chinese and many
    replacement characters; a UTF-8 file with a few bad bytes gives the reverse.
    """
    text = data[: 1 << 20].decode("utf-8", errors="replace")
    return len(_CJK.findall(text)) > 20 * text.count("\ufffd")


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return ""


# Larger files are refused: a report is a few hundred kilobytes, and a
# multi-gigabyte "*.txt" is far more likely a dump than a report.
MAX_BYTES = 64 * 1024 * 1024


def read_text(path: Path, doc_id: str) -> SourceText:
    """Read one file into a SourceText; ``doc_id`` is its path relative to the input root."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            # A named pipe or device would block or never end.
            raise InputError(str(path), "not a regular file (a pipe, device or socket)")
        if st.st_size > MAX_BYTES:
            raise InputError(
                str(path), f"too large ({st.st_size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB); split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({_os_problem(path, exc)})") from exc
    return from_bytes(data, doc_id, display=str(path))


def _os_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return "broken symbolic link: its target does not exist"
    return (exc.strerror or str(exc)).lower()


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


def discover(paths: list[Path], errors: list[InputError] | None = None) -> list[tuple[Path, str]]:
    """Return (file, doc_id) for every ``*.txt`` under the given files or folders, sorted by doc_id.

    A document is identified by its path relative to the deepest folder that
    holds every input: for one folder, its path inside that folder; for one
    file, its name. So files of the same name in different folders stay
    distinct documents, and a file given twice is read once. Folder symlinks
    are followed, loops are not. A sub-folder that cannot be listed is added
    to ``errors`` (or raised, when ``errors`` is None).
    """
    bases: list[str] = []
    for root in paths:
        if root.is_dir():
            bases.append(os.path.abspath(root))
        elif root.is_file():
            bases.append(os.path.dirname(os.path.abspath(root)))
        else:
            try:
                os.stat(root)
            except OSError as exc:
                problem = "no such file or folder" if exc.errno == errno.ENOENT and not root.is_symlink() else None
                raise InputError(str(root), problem or f"cannot be read ({_os_problem(root, exc)})") from exc
            raise InputError(str(root), "not a regular file or folder")
    try:
        base = os.path.commonpath(bases) if bases else ""
    except ValueError:  # different drives: no common folder
        base = ""
    found: dict[str, Path] = {}
    for root in paths:
        for file in [root] if root.is_file() else _walk(root, errors):
            doc_id = Path(os.path.relpath(os.path.abspath(file), base) if base else os.path.abspath(file)).as_posix()
            found.setdefault(doc_id, file)
    return sorted(((file, doc_id) for doc_id, file in found.items()), key=lambda item: item[1])


def _walk(root: Path, errors: list[InputError] | None) -> Iterator[Path]:
    def failed(exc: OSError) -> None:
        where = Path(exc.filename or root)
        err = InputError(str(where), f"folder cannot be read ({_os_problem(where, exc)})")
        if errors is None:
            raise err
        errors.append(err)

    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=failed):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen:  # a symlink back to a folder already walked
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(".txt"):
                yield Path(dirpath) / name
