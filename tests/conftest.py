"""Shared fixtures: one build of the bundled samples per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kg.build import BuildReport, build
from kg.ingest import from_bytes
from kg.model import SourceText

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    # kg caches derived tables in the user's cache folder; the suite (and the
    # kg processes it starts) uses a folder of its own instead, removed at the end.
    os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")
    os.environ.pop("KG_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.get("KG_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildReport, Path]:
    """Build the bundled samples once; return the report and the export folder."""
    out = tmp_path_factory.mktemp("exports")
    return build(None, out), out


@pytest.fixture(scope="session")
def sample_graph(sample_build):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    g = Graph()
    g.parse(sample_build[1] / "graph.ttl")
    return g


def source(text: str, doc_id: str = "t.txt") -> SourceText:
    """A SourceText from a string, as ingest would make it."""
    return from_bytes(text.encode("utf-8"), doc_id)
