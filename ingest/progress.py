"""Progress of long work (reading a big PDF page by page, embedding), for whoever listens.

The command line's progress bar listens; nothing else does, and then reporting costs nothing.
A context variable rather than a callback threaded through every reader: the readers stay small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Reporter = Callable[[str], None]

_reporter: ContextVar[Reporter | None] = ContextVar("caselearn_progress", default=None)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[None]:
    """Send what long work reports to ``reporter`` while the block runs."""
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)


def report(stage: str) -> None:
    """Say what is being done now ("Reading report.pdf: page 12 of 400"), if anyone listens."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter(stage)
