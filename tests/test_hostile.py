"""Hostile input and failure: every bad file gets one clear line, good files still build, exports survive."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg import ingest, iri, pipeline
from kg.build import build, bundled_corpus
from kg.cli import EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, main
from kg.errors import InputError, OutputError
from kg.export import atomic_write, check_writable

from .conftest import ROOT, source

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SENTENCE = "江苏省南京市委组织部联合市发改委启动“强链”行动，推动企业加入产业联盟。\n"


def _kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def _bad_files(folder: Path) -> dict[str, str]:
    """Write one file of each bad kind into ``folder``; return file name -> expected problem."""
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(" \n\t\r\n\u3000\n".encode())
    (folder / "latin1.txt").write_bytes("Résumé — café, naïve, façade.\n".encode("cp1252") + b"\xff\xfe\x81" * 3)
    damaged = SENTENCE.encode() * 20
    (folder / "damaged.txt").write_bytes(damaged[:100] + b"\xff" + damaged[101:])  # breaks the character at 99
    (folder / "english.txt").write_text("This annual report has no Chinese text at all.\n", encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "missing-target")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    expected = {
        "binary.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty or whitespace-only file",
        "blank.txt": "empty or whitespace-only file",
        "latin1.txt": "not valid UTF-8, GBK/GB18030 or Big5 text",
        "damaged.txt": "invalid UTF-8 at byte 99 of an otherwise UTF-8 file",
        "english.txt": "contains no Chinese text",
        "dangling.txt": "cannot be read (broken symbolic link",
        "loop.txt": "cannot be read (symbolic link loop)",
        "pipe.txt": "not a regular file",
    }
    if not IS_ROOT:  # root reads any file, so permissions cannot make one unreadable there
        (folder / "locked.txt").write_text(SENTENCE, encoding="utf-8")
        (folder / "locked.txt").chmod(0)
        expected["locked.txt"] = "cannot be read (permission denied)"
    return expected


def _document_triples(g: Graph, doc_ids: list[str]) -> set[tuple[object, object, object]]:
    """Triples about the given documents: the documents, their sentences and mentions, and the facts they state."""
    prefixes = tuple(iri.document_iri(d) for d in doc_ids)
    own = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(prefixes)}
    derived = {
        st for st, _, src in g.triples((None, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)) if src in own
    }
    return {t for t in g if t[0] in own or t[0] in derived}


# ------------------------------------------------------------ the whole story


def test_bad_files_beside_the_samples_are_skipped_each_with_its_line(tmp_path: Path, sample_build) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    shutil.copytree(bundled_corpus(), folder)
    expected = _bad_files(folder)
    (folder / "a").mkdir()
    (folder / "a" / "back").symlink_to(folder)  # a folder symlink loop
    result = _kg("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == EXIT_SKIPPED, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(lines) == len(expected), result.stderr
    for name, problem in expected.items():
        assert any(line.startswith(f"kg: skipped {folder / name}: {problem}") for line in lines), (name, lines)
    samples = sorted(p.name for p in bundled_corpus().glob("*.txt"))
    assert f"documents: {len(samples)} built, {len(expected)} skipped" in result.stderr
    alone, mixed = Graph(), Graph()
    alone.parse(sample_build[1] / "graph.ttl")
    mixed.parse(tmp_path / "out" / "graph.ttl")
    assert _document_triples(mixed, samples) == _document_triples(alone, samples)
    assert len(mixed) == len(alone)


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01binary")
    result = _kg("build", str(folder), "--out", str(tmp_path / "out"), "--strict", "-q")
    assert result.returncode == EXIT_FATAL
    assert (
        result.stderr.strip() == f"kg: error: {folder / 'b.txt'}: binary file (contains NUL bytes); "
        "expected UTF-8, GBK or Big5 text"
    )
    assert not (tmp_path / "out" / "graph.ttl").exists()
    assert not list((tmp_path / "out").iterdir())  # no temporary file left behind either


# ------------------------------------------------------------------ decoding


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty or whitespace-only file"),
        (b"\r\n \t\r\n", "empty or whitespace-only file"),
        ("\u3000\u3000\n".encode(), "empty or whitespace-only file"),
        (b"GIF89a\x01\x00\x00\x00", "binary file (contains NUL bytes)"),
        (b"plain ASCII minutes of a meeting\n", "contains no Chinese text"),
        ("Ελληνικά και русский текст\n".encode(), "contains no Chinese text"),
        (b"caf\xe9 \xff\xfe\xfd", "not valid UTF-8, GBK/GB18030 or Big5 text"),
        (SENTENCE.encode() * 3 + b"\xe6\xb1", "invalid UTF-8 at byte"),  # cut off in the middle of a character
        (b"\xff\xfe" + b"\x00\xd8", "invalid UTF-16"),  # lone surrogate
    ],
)
def test_bad_bytes_name_the_problem(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as info:
        ingest.from_bytes(data, "dir/report.txt")
    assert str(info.value).startswith(f"dir/report.txt: {problem}")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SENTENCE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig"),
        (SENTENCE.encode("gbk"), "gb18030"),
        ("臺北市政府推動「數位轉型」計畫。\n".encode("big5"), "big5"),
        (SENTENCE.encode("utf-16"), "utf-16"),  # Windows Notepad's "Unicode"
    ],
)
def test_encodings_of_the_genre_are_read(data: bytes, encoding: str) -> None:
    src = ingest.from_bytes(data, "r.txt")
    assert src.encoding == encoding
    assert "\ufeff" not in src.text


def test_too_large_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "dump.txt"
    file.write_text(SENTENCE * 2000, encoding="utf-8")
    monkeypatch.setattr(ingest, "MAX_BYTES", 1024 * 1024 // 10)
    with pytest.raises(InputError, match=r"dump.txt: too large \(0 MB; the limit is 0 MB\); split it"):
        ingest.read_text(file, "dump.txt")


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    file = tmp_path / "locked.txt"
    file.write_text(SENTENCE, encoding="utf-8")
    file.chmod(0)
    with pytest.raises(InputError, match="locked.txt: cannot be read \\(permission denied\\)"):
        ingest.read_text(file, "locked.txt")


# ------------------------------------------------------------ shape of text


def test_crlf_offsets_point_into_the_original_text() -> None:
    text = (
        "关于加强基层党建的报告\r\n江苏省南京市委组织部召开会议。\r\n"
        "苏州市人民政府出台《关于促进民营经济发展的意见》。\r\n"
    )
    src = ingest.from_bytes(text.encode("utf-8"), "crlf.txt")
    assert src.text == text  # line ends kept as they were
    analysis = pipeline.analyze(src)
    assert analysis.mentions
    for m in analysis.mentions:
        assert text[m.start : m.end] == m.text and "\r" not in m.text
    for s in analysis.sentences:
        assert text[s.start : s.end] == s.text and not s.text.endswith("\r")


def test_a_very_long_line_is_cut_into_bounded_sentences() -> None:
    text = "本段没有句号，" * 3000 + "江苏省南京市委组织部召开会议。"
    analysis = pipeline.analyze(source(text))
    assert max(len(s.text) for s in analysis.sentences) <= 1000
    assert "".join(s.text for s in analysis.sentences) == text
    assert any(m.text == "江苏省南京市委组织部" or m.text == "南京市委组织部" for m in analysis.mentions)


def test_large_file_is_analyzed_in_windows_with_offsets_into_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    report = "\n".join(p.read_text(encoding="utf-8") for p in sorted(bundled_corpus().glob("*.txt"))[:2])
    whole = pipeline.analyze(source(report))
    seen: list[int] = []
    from kg import entities

    recognize = entities.recognize

    def spy(src, sents):  # type: ignore[no-untyped-def]
        seen.append(len(src.text))
        return recognize(src, sents)

    monkeypatch.setattr(pipeline, "WINDOW", 3000)
    monkeypatch.setattr(entities, "recognize", spy)
    src = source(report)
    windowed = pipeline.analyze(src)
    assert len(seen) > 2 and max(seen) <= 3000 + 1000
    for m in windowed.mentions:
        assert src.text[m.start : m.end] == m.text
    for r in windowed.relations:
        assert src.text[r.sentence.start : r.sentence.end] == r.sentence.text
    # Most names are local: windows find nearly what the whole document finds.
    found = {(m.start, m.end) for m in windowed.mentions}
    assert len(found & {(m.start, m.end) for m in whole.mentions}) >= 0.9 * len(whole.mentions)


def test_a_few_megabytes_build_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_text("本段为长行测试文本，用于检查很长的一行能否分段处理，" * 80_000 + SENTENCE, encoding="utf-8")
    assert big.stat().st_size > 3_000_000
    code = (
        "import resource, sys; from kg.cli import main; "
        f"rc = main(['build', {str(big.parent)!r}, '--out', {str(tmp_path / 'out')!r}, '-q']); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024); sys.exit(rc)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == EXIT_OK, result.stderr
    peak_mb = int(result.stdout.split()[-1])
    assert peak_mb < 600, peak_mb  # text held a few times over, not a structure per character
    assert "江苏省南京市委组织部" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


# ----------------------------------------------------------------- discovery


def test_same_name_in_different_folders_stays_two_documents(tmp_path: Path) -> None:
    for folder, city in (("a", "南京"), ("b", "苏州")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"江苏省{city}市委组织部召开会议。\n", encoding="utf-8")
    assert [d for _, d in ingest.discover([tmp_path])] == ["a/report.txt", "b/report.txt"]
    # Given as two inputs, the ids are relative to their common folder, so they still differ.
    assert [d for _, d in ingest.discover([tmp_path / "b", tmp_path / "a"])] == ["a/report.txt", "b/report.txt"]
    report = build([tmp_path / "a", tmp_path / "b"])
    assert [d.doc_id for d in report.corpus.documents] == ["a/report.txt", "b/report.txt"]


def test_one_folder_ids_are_paths_inside_it_and_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.TXT").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "y.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "notes.md").write_text(SENTENCE, encoding="utf-8")
    assert [d for _, d in ingest.discover([tmp_path])] == ["sub/x.TXT", "y.txt"]
    assert [d for _, d in ingest.discover([tmp_path / "y.txt"])] == ["y.txt"]
    assert [d for _, d in ingest.discover([tmp_path, tmp_path / "sub", tmp_path / "y.txt"])] == ["sub/x.TXT", "y.txt"]


def test_folder_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "a" / "up").symlink_to(tmp_path)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a")
    assert [d for _, d in ingest.discover([tmp_path])] == ["a/r.txt"]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: None, "no such file or folder"),
        (lambda p: p.symlink_to(p), "cannot be read (symbolic link loop)"),
        (lambda p: p.symlink_to(p.parent / "gone"), "cannot be read (broken symbolic link"),
        (lambda p: os.mkfifo(p), "not a regular file or folder"),
    ],
)
def test_bad_input_argument_is_a_usage_error(tmp_path: Path, make, problem: str) -> None:  # type: ignore[no-untyped-def]
    arg = tmp_path / "reports"
    make(arg)
    with pytest.raises(InputError) as info:
        ingest.discover([arg])
    assert str(info.value).startswith(f"{arg}: {problem}")
    assert main(["build", str(arg), "--out", str(tmp_path / "out"), "-q"]) == EXIT_FATAL


# ------------------------------------------------------------------- outputs


def test_output_folder_that_cannot_be_written_fails_before_any_work(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "exports"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="exports: output folder is a file"):
        check_writable(blocker)
    with pytest.raises(OutputError, match="output folder cannot be written \\(not a directory\\)"):
        check_writable(blocker / "sub")
    (tmp_path / "out" / "graph.ttl").mkdir(parents=True)
    with pytest.raises(OutputError, match="graph.ttl: is a folder"):
        check_writable(tmp_path / "out", ("graph.ttl",))
    # Refused before any input is looked at: the missing input folder is not what it complains about.
    assert main(["build", str(tmp_path / "missing"), "--out", str(blocker / "sub"), "-q"]) == EXIT_FATAL
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {blocker / 'sub'}: output folder cannot be written") and err.count("\n") == 1


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    with atomic_write(target) as fh:
        fh.write(b"new")
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not mkstemp's private mode


def _start_build_and_wait_for_temp(out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--out", str(out), "-q"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(".graph.ttl.*.tmp")):
        assert proc.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return proc


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_previous_exports_intact(tmp_path: Path, sample_build, sig: signal.Signals) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    shutil.copytree(sample_build[1], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = _start_build_and_wait_for_temp(out)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")}
    assert after == before
    if sig == signal.SIGINT:  # Ctrl-C: a clean stop, no temporary file left
        assert proc.returncode == EXIT_INTERRUPTED
        assert err.strip() == "kg: interrupted; previous exports left intact"
        assert not list(out.glob("*.tmp"))
    else:
        assert proc.returncode == -signal.SIGKILL


# ---------------------------------------------------------------- exit codes


def test_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good"
    good.mkdir()
    (good / "r.txt").write_text(SENTENCE, encoding="utf-8")
    assert main(["build", str(good), "--out", str(tmp_path / "o1"), "-q"]) == EXIT_OK
    (good / "bad.txt").write_bytes(b"")
    assert main(["build", str(good), "--out", str(tmp_path / "o2"), "-q"]) == EXIT_SKIPPED
    assert main(["build", str(good), "--out", str(tmp_path / "o3"), "-q", "--strict"]) == EXIT_FATAL
    with pytest.raises(SystemExit) as info:
        main(["build", "--no-such-option"])
    assert info.value.code == EXIT_FATAL
    capsys.readouterr()

    import importlib

    build_module = importlib.import_module("kg.build")  # `kg.build` is also the function kg exports

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    def disk_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device", str(tmp_path / "o4" / "graph.ttl"))

    def bug(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("unexpected")

    for fake, code, message in (
        (interrupted, EXIT_INTERRUPTED, "kg: interrupted; previous exports left intact"),
        (disk_full, EXIT_FATAL, f"kg: error: {tmp_path / 'o4' / 'graph.ttl'}: no space left on device"),
        (bug, EXIT_FATAL, "kg: internal error: ValueError: unexpected (a bug; KG_DEBUG=1 shows the traceback)"),
    ):
        monkeypatch.setattr(build_module, "build", fake)
        assert main(["build", str(good), "--out", str(tmp_path / "o4")]) == code
        assert capsys.readouterr().err.strip() == message


def test_a_crash_while_analyzing_one_document_skips_only_that_one(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("苏州市人民政府召开会议。\n", encoding="utf-8")
    analyze = pipeline.analyze

    def fragile(src, timings=None):  # type: ignore[no-untyped-def]
        if "苏州" in src.text:
            raise IndexError("string index out of range")
        return analyze(src, timings)

    monkeypatch.setattr(pipeline, "analyze", fragile)
    report = build([tmp_path])
    assert [d.doc_id for d in report.corpus.documents] == ["a.txt"]
    assert [str(e) for e in report.skipped] == [
        f"{tmp_path / 'b.txt'}: could not be analyzed (internal error: IndexError: string index out of range); "
        "please report it"
    ]


def test_ctrl_c_inside_a_lazy_import_is_an_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    # Ctrl-C while a library loads its data can surface as an ImportError.
    import importlib

    build_module = importlib.import_module("kg.build")

    def import_interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ImportError("cannot import name 'OpenCC' (partially initialized module)") from None

    monkeypatch.setattr(build_module.pipeline, "analyze", import_interrupted)
    assert main(["build", "-q", "--out", str(tmp_path / "out")]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_ctrl_c_whose_interrupt_python_drops_still_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, sample_build
) -> None:  # type: ignore[no-untyped-def]
    # A KeyboardInterrupt raised while Python runs a finalizer is printed and dropped;
    # the build must still stop before it replaces any export.
    import importlib

    build_module = importlib.import_module("kg.build")
    real_analyze = build_module.pipeline.analyze

    pressed: list[bool] = []

    def analyze_with_lost_interrupt(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not pressed:
            pressed.append(True)
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)  # the handler runs here
            except KeyboardInterrupt:
                pass  # what a finalizer does with it
        return real_analyze(*args, **kwargs)

    out = tmp_path / "out"
    shutil.copytree(sample_build[1], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(build_module.pipeline, "analyze", analyze_with_lost_interrupt)
    assert main(["build", "-q", "--out", str(out)]) == EXIT_INTERRUPTED
    assert "interrupted" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
