"""Every error `kg` raises on purpose.

Messages name the input and say how to fix it; only the CLI turns these
into exit codes (see README, "Exit codes").
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class KGError(Exception):
    """Base class: a problem the user can act on."""


class InputError(KGError):
    """A source file cannot be used (binary, empty, undecodable, unreadable)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(KGError):
    """An output location cannot be written."""


class UsageError(KGError):
    """The command line or a setting is wrong."""


class QueryError(KGError):
    """A SPARQL query is malformed or cannot be answered."""


class PushError(KGError):
    """The graph could not be sent to a server: it refused, or could not be reached."""


class WorkerError(KGError):
    """A worker process of a parallel build stopped (killed, out of memory) before sending its results."""


class DependencyError(KGError):
    """An optional dependency is missing; the message gives the install command."""


def interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` stems from Ctrl-C.

    A KeyboardInterrupt that lands inside an import (opencc, jieba load their
    data lazily) can come back as an ImportError; it is still an interruption.
    """
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, KeyboardInterrupt):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


_sigint_seen = False


@contextmanager
def sigint_guard() -> Iterator[None]:
    """Within: Ctrl-C is remembered as well as raised (see ``on_sigint``)."""
    global _sigint_seen
    _sigint_seen = False
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return
    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _sigint_seen = False  # remembered for this run only


def on_sigint(signum: int, frame: object) -> None:
    """SIGINT handler: remember Ctrl-C, then interrupt as Python's own handler does.

    A KeyboardInterrupt that Python raises while it runs a finalizer is
    printed and dropped, and the build would go on; the remembered Ctrl-C
    still stops it before any export is replaced (``check_sigint``).
    """
    global _sigint_seen
    _sigint_seen = True
    raise KeyboardInterrupt


def check_sigint() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even if its first interrupt was lost."""
    if _sigint_seen:
        raise KeyboardInterrupt
