"""The table cache: a table is read back only when every file it derives from is unchanged and the file is whole."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import gazetteer, tablecache
from kg.entities import context

from .conftest import ROOT


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    monkeypatch.delenv("KG_NO_CACHE", raising=False)
    return folder


class _Builder:
    """A table built from a source file, counting its builds."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.builds = 0

    def __call__(self) -> dict[str, list[str]]:
        self.builds += 1
        return {"words": self.source.read_text(encoding="utf-8").split()}

    def load(self) -> dict[str, list[str]]:
        return tablecache.load("words", [self.source], self)


def _versions(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}-*.bin"))


@pytest.fixture
def builder(tmp_path: Path) -> _Builder:
    source = tmp_path / "words.txt"
    source.write_text("东湖区 青山镇", encoding="utf-8")
    return _Builder(source)


def test_table_is_built_once_then_read(cache: Path, builder: _Builder) -> None:
    assert builder.load() == {"words": ["东湖区", "青山镇"]}
    assert builder.load() == {"words": ["东湖区", "青山镇"]}
    assert builder.builds == 1
    assert len(_versions(cache, "words")) == 1
    assert len(list(cache.iterdir())) == 1  # no temporary file left behind


def test_changed_source_rebuilds(cache: Path, builder: _Builder) -> None:
    builder.load()
    builder.source.write_text("东湖区 青山镇 西岭村", encoding="utf-8")
    assert builder.load() == {"words": ["东湖区", "青山镇", "西岭村"]}
    assert builder.builds == 2
    assert builder.load() == {"words": ["东湖区", "青山镇", "西岭村"]}
    assert builder.builds == 2


def test_versions_used_in_turn_are_kept(cache: Path, builder: _Builder) -> None:
    builder.load()
    builder.source.write_text("东湖区 青山镇 西岭村", encoding="utf-8")
    builder.load()
    builder.source.write_text("东湖区 青山镇", encoding="utf-8")
    assert builder.load() == {"words": ["东湖区", "青山镇"]}
    assert builder.builds == 2  # two checkouts used in turn rebuild nothing
    assert len(_versions(cache, "words")) == 2


def test_only_the_most_recently_used_versions_are_kept(cache: Path, builder: _Builder) -> None:
    for n in range(tablecache.KEEP + 2):
        builder.source.write_text(f"东湖区 第{n}版", encoding="utf-8")
        builder.load()
    assert len(_versions(cache, "words")) == tablecache.KEEP
    builder.load()  # the newest is still there
    assert builder.builds == tablecache.KEEP + 2
    builder.source.write_text("东湖区 第0版", encoding="utf-8")
    builder.load()  # the oldest was removed
    assert builder.builds == tablecache.KEEP + 3


def test_other_kg_version_rebuilds(cache: Path, builder: _Builder, monkeypatch: pytest.MonkeyPatch) -> None:
    builder.load()
    monkeypatch.setattr("kg.__version__", "0.0.0-other")
    builder.load()
    assert builder.builds == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the table flipped
        lambda data: b"",
        lambda data: b"\x00" * len(data),
    ],
    ids=["truncated", "bit-flip", "empty", "zeros"],
)
def test_damaged_file_is_ignored_and_rewritten(cache: Path, builder: _Builder, damage) -> None:  # type: ignore[no-untyped-def]
    builder.load()
    [path] = _versions(cache, "words")
    path.write_bytes(damage(path.read_bytes()))
    assert builder.load() == {"words": ["东湖区", "青山镇"]}
    assert builder.builds == 2
    builder.load()
    assert builder.builds == 2  # the damaged file was replaced by a good one


def test_file_that_does_not_load_is_ignored(cache: Path, builder: _Builder) -> None:
    def fail(data: memoryview) -> object:
        raise ValueError("bad marshal data")

    builder.load()
    assert tablecache.load("words", [builder.source], builder, loads=fail) == {"words": ["东湖区", "青山镇"]}
    assert builder.builds == 2


def test_table_that_cannot_be_written_is_still_returned(cache: Path, builder: _Builder) -> None:
    def fail(table: object) -> bytes:
        raise TypeError("cannot pickle")

    assert tablecache.load("words", [builder.source], builder, dumps=fail) == {"words": ["东湖区", "青山镇"]}
    assert not _versions(cache, "words")


def test_unwritable_cache_folder_means_no_cache(
    tmp_path: Path, builder: _Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    assert builder.load() == {"words": ["东湖区", "青山镇"]}
    assert builder.load() == {"words": ["东湖区", "青山镇"]}
    assert builder.builds == 2


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX folder modes")
def test_folder_others_may_write_to_is_not_used(cache: Path, builder: _Builder) -> None:
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)  # as a shared temporary folder: anyone could plant a table
    builder.load()
    builder.load()
    assert builder.builds == 2
    assert list(cache.iterdir()) == []


def test_cache_folder_is_made_private(cache: Path, builder: _Builder) -> None:
    builder.load()
    assert cache.stat().st_mode & 0o077 == 0


def test_cache_can_be_turned_off(cache: Path, builder: _Builder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NO_CACHE", "1")
    builder.load()
    builder.load()
    assert builder.builds == 2
    assert not cache.exists()


def test_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KG_NO_CACHE", raising=False)
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert tablecache.cache_dir() == tmp_path / "kg"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid under the XDG rules: ignored
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert tablecache.cache_dir() == tmp_path / "home" / ".cache" / "kg"


def test_cached_dictionary_is_the_built_one(cache: Path) -> None:
    built = context._build_dictionary()
    first = context._dictionary.__wrapped__()  # type: ignore[attr-defined]  # builds and writes
    again = context._dictionary.__wrapped__()  # type: ignore[attr-defined]  # reads back
    assert len(_versions(cache, "dictionary")) == 1
    assert first == built
    assert again == built
    # Words of three or more characters, by the pair they start with: log-probabilities, None for a prefix.
    longer = [marshal.loads(p[4]) for firsts in again[0][4].values() for p in firsts.values() if p[4] is not None]
    assert {type(v) for keys in longer for v in keys.values()} == {float, type(None)}
    assert {"组织部", "有限公司"} <= {w for keys in longer for w in keys}
    assert {type(v) for v in marshal.loads(again[1]["组"]).values()} == {str}  # word tags by first character


def test_word_tags_are_jiebas() -> None:
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    assert all(context.word_tag(word) == tag for word, tag in tags.items())
    assert context.word_tag("东湖青山西岭") == context.word_tag("") == ""  # no dictionary word


def test_cached_gazetteer_answers_as_the_built_one(cache: Path) -> None:
    built = gazetteer._read()
    gazetteer.load.__wrapped__()  # type: ignore[attr-defined]  # builds and writes
    cached = gazetteer.load.__wrapped__()  # type: ignore[attr-defined]  # reads back
    assert len(_versions(cache, "gazetteer")) == 1
    text = "江苏省南京市玄武区玄武门街道和苏州吴江区的同里镇"
    assert cached.scan(text) == built.scan(text)
    assert cached.scan(text, ["南京市"]) == built.scan(text, ["南京市"])
    for name in ("玄武区", "同里镇", "南京"):
        assert cached.resolve(name, ["江苏省"]) == built.resolve(name, ["江苏省"])
    for name in ("玄武区", "同里镇", "玄武门街道"):  # a county, a town, a subdistrict
        assert cached.lookup(name) == built.lookup(name) != ()
    assert cached.chain(built.lookup("玄武区")[0].key) == built.chain(built.lookup("玄武区")[0].key)


def _build(out: Path, env: dict[str, str]) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "kg", "build", "--out", str(out), "-q"],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        check=True,
        capture_output=True,
        timeout=600,
    )
    return (out / "graph.ttl").read_bytes()


def test_same_graph_with_and_without_cache(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    without = _build(tmp_path / "off", {"KG_NO_CACHE": "1"})
    cold = _build(tmp_path / "cold", {"KG_CACHE_DIR": folder, "KG_NO_CACHE": ""})
    assert len(_versions(Path(folder), "dictionary")) == len(_versions(Path(folder), "gazetteer")) == 1
    warm = _build(tmp_path / "warm", {"KG_CACHE_DIR": folder, "KG_NO_CACHE": ""})
    assert cold == without
    assert warm == without
