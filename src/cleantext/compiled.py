"""Compiled fast paths (numba) for the two loops that numpy runs as many small passes.

* :func:`scan_blocks`: one loop over a document's characters counts, per block, the
  sixteen character tests of :data:`cleantext.features.COUNTED` and cuts the words,
  with their hashes (:func:`cleantext.words.hashes`).  numpy needs about forty passes
  over the text for the same arrays.
* :func:`context_columns`: one loop over the blocks gives the neighbours' view of each
  block (:func:`cleantext.features.context_features`), some forty array operations
  per page in numpy.

numba is a dependency on CPython.  Without it each function returns ``None`` and the
caller computes the same numbers with numpy, which stays as the reference: both paths
give identical arrays (``tests/test_compiled.py`` checks it), so the choice changes
speed, never output.

The loops are compiled the first time they run, about two seconds, and cached beside
this module (or in numba's per-user cache when that is read-only); ``import
cleantext`` loads them (:mod:`cleantext.features` runs both once on a tiny page),
about 0.35 s, most of it importing numba.  For one-shot use,
where that matters more than throughput, set the environment variable
``CLEANTEXT_NO_NUMBA=1`` to take the numpy path; numba's own ``NUMBA_DISABLE_JIT``
does the same (the loops uncompiled would be far slower than numpy).
"""

from __future__ import annotations

import os
import sys
import warnings
from functools import lru_cache
from types import ModuleType

import numpy as np

from .charclass import lower_table, table

#: The arrays one scan returns: counts per block (16 rows), then per word its start,
#: end, hash and block.
Scan = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@lru_cache(maxsize=1)
def _kernels() -> ModuleType | None:
    """The compiled loops, loaded (from numba's cache, or compiled) and run once on a
    one-block page, or ``None`` without numba or when numba cannot compile them here.
    :mod:`cleantext.features` asks for them on import."""
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
    from . import _kernels

    try:  # both loops, with the argument types the features pass (``out`` a column slice)
        _kernels.scan(np.array([76], np.uint32), np.zeros(1, np.int64), np.ones(1, np.int64), table(), lower_table())
        own, score, columns, offsets = np.zeros((1, 2)), np.zeros(1), np.zeros(1, np.int64), np.array([-1, 1])
        out = np.zeros((1, 16))[:, 1:]  # 2 offsets x (1 column + score), 2 window columns, 9 more
        _kernels.context(own, score, score, columns, columns, 0, 0, (0.0, 1.0), 0.0, offsets, columns + 1, out)
    except Exception as exc:  # a numba that cannot compile here: numpy gives the same numbers
        warnings.warn(f"cleantext: numba failed ({exc!r}); using numpy", RuntimeWarning, stacklevel=2)
        return None
    return _kernels


def available() -> bool:
    """Whether the compiled loops are used (numba is installed and not switched off)."""
    return _kernels() is not None


def scan_blocks(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Scan | None:
    """Counts and words of the blocks ``cps[starts[i]:ends[i]]`` in one compiled pass,
    or ``None`` without numba.  ``cps`` are the code points of the blocks joined by
    newlines (:func:`cleantext.charclass.code_points`), ``starts`` and ``ends`` int64."""
    kernels = _kernels()
    if kernels is None:
        return None
    return kernels.scan(cps, starts, ends, table(), lower_table())  # type: ignore[no-any-return]


def context_columns(*args: object) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """Write the context columns of :func:`cleantext.features.context_features` into
    its ``out`` array in one compiled loop (the arguments are those of
    ``cleantext._kernels.context``), or return ``None`` without numba.

    Two columns are left to the caller, which takes their logarithms with numpy, as
    its own path does, so that both agree to the last bit: returned raw, they are each
    block's distance to the nearest good block and the length of its run of
    headline-like blocks; the flag says whether any block is good."""
    kernels = _kernels()
    if kernels is None:
        return None
    return kernels.context(*args)  # type: ignore[no-any-return]
