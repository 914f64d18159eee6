"""Pause Python's cyclic garbage collector while a very long page is cleaned.

A page is cleaned as one :class:`~cleantext.document.Block` object per line or so, and
the collector, which runs every few hundred new objects, walks them again and again:
on a 4 MB page of short lines it took a tenth to a sixth of the time, and finds
nothing, since blocks hold no reference cycles.  So a page of at least
:data:`PAUSE_CHARS` characters is cleaned with the collector off; it is on again
when the last such page in the process is done (unless it was off before: then it
stays off).  Pages of the usual size leave the collector alone: there it costs well
under 1% of the time.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Pages of at least this many characters are cleaned with the collector paused.
PAUSE_CHARS = 1 << 20

_lock = threading.Lock()
_depth = 0  # how many long pages are being cleaned now, in all threads
_paused = False  # whether this module turned the collector off


@contextmanager
def paused(chars: int) -> Iterator[None]:
    """Run the ``with`` body with the collector off if ``chars`` (the page's length)
    is at least :data:`PAUSE_CHARS`; threads that clean long pages at once share one
    pause, which ends with the last of them."""
    if chars < PAUSE_CHARS:
        yield
        return
    global _depth, _paused
    with _lock:
        if _depth == 0 and gc.isenabled():
            gc.disable()
            _paused = True
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _paused:
                _paused = False
                gc.enable()
