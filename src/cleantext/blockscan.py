"""One compiled pass over a document's blocks: the character counts and the words
that :mod:`cleantext.features` reads.

This is the fast path, used when numba is installed (it is a dependency on CPython).
One loop over the characters counts, per block, the
sixteen character tests of :data:`cleantext.features.COUNTED` and cuts the words,
with their hashes (:func:`cleantext.words.hashes`).  Without numba the same arrays come
from about forty numpy passes over the text; both paths give the same numbers
(``tests/test_blockscan.py`` checks it), so the choice changes speed, never output.

The loop is compiled on the first call in a process, about a second, and cached
beside this module (or in numba's per-user cache when that is read-only): later
processes load it in about 0.3 s, most of it importing numba.  For one-shot use,
where that matters more than throughput, set the environment variable
``CLEANTEXT_NO_NUMBA=1`` to take the numpy path; numba's own ``NUMBA_DISABLE_JIT``
does the same (the loop uncompiled would be far slower than numpy).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from .charclass import lower_table, table

#: The arrays one scan returns: counts per block (16 rows), then per word its start,
#: end, hash and block.
Scan = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@lru_cache(maxsize=1)
def _compiled() -> Callable[..., Scan] | None:
    """The compiled scan, or ``None`` without numba (imported on first use, so that
    importing cleantext stays quick)."""
    if os.environ.get("CLEANTEXT_NO_NUMBA", "") not in ("", "0"):
        return None
    if "numba" not in sys.modules:
        # numba colours its error messages with colorama when that is installed, which
        # leaves a terminal reset code on stdout at exit (even under NO_COLOR): off,
        # unless the caller chose otherwise
        os.environ.setdefault("NUMBA_DISABLE_ERROR_MESSAGE_HIGHLIGHTING", "1")
    try:
        import numba
    except ImportError:
        return None
    if numba.config.DISABLE_JIT:
        return None
    from ._blockscan_kernel import scan

    return scan


def available() -> bool:
    """Whether the compiled scan can be used (numba is installed)."""
    return _compiled() is not None


def scan_blocks(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Scan | None:
    """Counts and words of the blocks ``cps[starts[i]:ends[i]]`` in one compiled pass,
    or ``None`` without numba.  ``cps`` are the code points of the blocks joined by
    newlines (:func:`cleantext.charclass.code_points`), ``starts`` and ``ends`` int64."""
    scan = _compiled()
    if scan is None:
        return None
    return scan(cps, starts, ends, table(), lower_table())
