"""A one-line progress counter on a terminal: documents done, of how many, and per second.

The command line shows it on stderr while it cleans many documents.  It is a few
lines rather than a dependency (tqdm and, on Windows, colorama were 0.7 MB of the
install for this one line).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

__all__ = ["counted"]

T = TypeVar("T")

#: Seconds between two redraws of the line.
INTERVAL = 0.2


def _line(done: int, total: int | None, seconds: float) -> str:
    rate = done / seconds if seconds > 0 else 0.0
    count = f"{done}/{total}" if total is not None else str(done)
    return f"{count} doc, {rate:.1f} doc/s, {seconds:.1f} s"


def counted(
    items: Iterable[T],
    stream: TextIO,
    total: int | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[T]:
    """Yield ``items`` and keep one line on ``stream`` up to date with how many were
    yielded, of ``total`` if known, and how many per second (redrawn at most every
    :data:`INTERVAL` seconds, and once at the end, followed by a newline)."""
    start = last = clock()
    done = 0
    width = 0

    def draw(now: float) -> None:
        nonlocal width
        text = _line(done, total, now - start)
        stream.write("\r" + text.ljust(width))
        stream.flush()
        width = len(text)

    try:
        for item in items:
            yield item
            done += 1
            now = clock()
            if now - last >= INTERVAL:
                draw(now)
                last = now
    finally:
        draw(clock())
        stream.write("\n")
        stream.flush()
