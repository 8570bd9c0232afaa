"""kg: knowledge graphs from Chinese policy and party-building reports."""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildReport, build  # noqa: E402

__all__ = ["BuildReport", "__version__", "build"]
