"""The time budget of the file being converted.

The command line gives each file ``--timeout`` seconds. The worker that converts the file
sets the deadline here once; readers that call external programs (Tesseract, LibreOffice)
ask :func:`remaining` for their own limit instead of using fixed constants, so a slow page
is bounded by what the user allowed and never by a number of ours.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

# Monotonic time at which the current file's budget runs out; None = no limit.
_deadline: ContextVar[float | None] = ContextVar("phuluc_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None):
    """Run the body with a deadline ``seconds`` from now (None or 0 = unlimited)."""
    token = _deadline.set(time.monotonic() + seconds if seconds and seconds > 0 else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining(default: float | None = None) -> float | None:
    """Seconds left for the current file, or ``default`` when it has no limit."""
    deadline = _deadline.get()
    if deadline is None:
        return default
    return max(0.0, deadline - time.monotonic())


def expired() -> bool:
    """True once the current file's budget is spent."""
    left = remaining()
    return left is not None and left <= 0
