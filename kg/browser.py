"""Headless Chromium: find the binary, the flags it needs, and a screenshot of a local page.

Only ``kg viz --png`` (and the browser tests) use it. The browser is driven by
its own command line (``--screenshot``), so no Python package is needed, just
Chromium itself (Debian: ``apt-get install chromium fonts-noto-cjk``; the CJK
font is what draws the Chinese labels). ``KG_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import DependencyError, OutputError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = "install it with `apt-get install chromium fonts-noto-cjk` (Debian/Ubuntu) or set KG_CHROMIUM"

# Without the background-networking flags Chromium keeps retrying refused connections
# (update checks, sync) and may hang on a machine without network. --disable-gpu plus
# --enable-unsafe-swiftshader gives software WebGL, which sigma.js needs; safe here
# because only kg's own local page is loaded.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def find_chromium() -> Path | None:
    """The Chromium (or Chrome) binary: $KG_CHROMIUM, else the first on PATH; None if there is none."""
    named = os.environ.get("KG_CHROMIUM")
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def require_chromium() -> Path:
    """The Chromium binary, or a DependencyError that says how to install it."""
    found = find_chromium()
    if found is None:
        raise DependencyError(f"no Chromium or Chrome found (looked for {', '.join(NAMES)}); {INSTALL_HINT}")
    return found


def screenshot(
    page: Path, png: Path, *, size: tuple[int, int] = (1600, 1200), fragment: str = "", wait_ms: int = 4000
) -> Path:
    """Load a local HTML file in headless Chromium and write a PNG of the window; return ``png``.

    ``fragment`` is appended to the page's URL (the view opens ``#node=NAME``); ``wait_ms`` of
    virtual time lets the page run its scripts and draw before the shot.
    """
    binary = require_chromium()
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        cmd = [
            str(binary),
            *FLAGS,
            f"--user-data-dir={profile}",  # a fresh profile: no state from earlier runs
            f"--window-size={size[0]},{size[1]}",
            f"--virtual-time-budget={wait_ms}",
            f"--screenshot={png}",
            page.resolve().as_uri() + fragment,
        ]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(f"{png}: Chromium did not finish the screenshot within 180 s") from exc
    if run.returncode != 0 or not png.is_file():
        tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise OutputError(f"{png}: Chromium ({binary}) could not take the screenshot: {tail}")
    return png
