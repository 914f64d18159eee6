"""Page-level features for the context model: what kind of page a block is on, and
whether it belongs to a run of records of one shape.

An article page has a few long paragraphs; a listing, a forum thread or a comment
section repeats one shape (a short header line with a name, date or counter, then
a text) over and over.  These columns tell the context model which it is looking
at, from the first-pass features and scores alone, with whole-page array
operations (no per-block Python).
"""

from __future__ import annotations

import math

import numpy as np

from .compiled import page_columns
from .features import column

#: Names of the columns :func:`page_features` returns, in order.
PAGE: tuple[str, ...] = (
    "page_good_share",
    "page_short_share",
    "page_terminal_share",
    "page_p1_mean",
    "page_log_max_chars",
    "repeat_shape",
    "repeat_p1",
)

_LOG_WORDS = column("log_words")
_LOG_CHARS = column("log_chars")
_TERMINAL = column("terminal")
_DIGITS = column("digit_ratio")
#: Word-count buckets of a block's shape: up to 3 words, 4-10, 11-30, more.
_BUCKETS = np.log1p(np.array([3.5, 10.5, 30.5]))
_SHORT = math.log1p(4.5)
#: Record periods looked for: a record of 1 to 6 blocks.
PERIODS = (1, 2, 3, 4, 5, 6)


def _shape(own: np.ndarray) -> np.ndarray:
    """A small code per block: its length bucket, sentence end and digits."""
    bucket = np.searchsorted(_BUCKETS, own[:, _LOG_WORDS])
    return bucket * 4 + (own[:, _TERMINAL] > 0) * 2 + (own[:, _DIGITS] > 0.1)


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """The mean of ``values`` over ``[i - half, i + half]`` for every ``i`` (clipped)."""
    n = values.shape[0]
    total = np.zeros(n + 1)
    np.cumsum(values, out=total[1:])
    index = np.arange(n)
    lo = np.maximum(index - half, 0)
    hi = np.minimum(index + half + 1, n)
    mean: np.ndarray = (total[hi] - total[lo]) / (hi - lo)
    return mean


def _records(shape: np.ndarray) -> np.ndarray:
    """For each block, the share of blocks within three periods of it that match the
    block one period later, for the period (:data:`PERIODS`) that fits best there;
    all periods at once, one row each."""
    n = shape.size
    periods = np.array([k for k in PERIODS if k < n], dtype=np.int64)
    if not periods.size:
        return np.zeros(n)
    around = np.zeros((periods.size, n))
    for row, k in enumerate(periods.tolist()):
        around[row, :-k] = shape[:-k] == shape[k:]
        # a block is in a record run when the blocks a period before and after it match
        np.maximum(around[row, k:], around[row, :-k].copy(), out=around[row, k:])
    # the mean of each row over [i - 3k, i + 3k] (clipped), from one cumulative sum
    total = np.zeros((periods.size, n + 1))
    np.cumsum(around, axis=1, out=total[:, 1:])
    index = np.arange(n)
    half = 3 * periods[:, None]
    lo = np.maximum(index - half, 0)
    hi = np.minimum(index + half + 1, n)
    means = (np.take_along_axis(total, hi, axis=1) - np.take_along_axis(total, lo, axis=1)) / (hi - lo)
    best: np.ndarray = np.maximum(means.max(axis=0), 0.0)
    return best


def page_features(
    own: np.ndarray, p1: np.ndarray, out: np.ndarray | None = None, chars: np.ndarray | None = None
) -> np.ndarray:
    """One row of :data:`PAGE` columns per block, from the blocks' own features and
    first-pass scores (written into ``out``, an array of ``len(PAGE)`` columns, when
    given; ``chars``, each block's characters as ``expm1`` of its log_chars, when the
    caller has them).

    One compiled loop (:func:`cleantext.compiled.page_columns`) where the extension is
    built, else :func:`_page_features_numpy`; both give the same arrays.  The two sums
    of floats are numpy's on both paths."""
    n = own.shape[0]
    if out is None:
        out = np.empty((n, len(PAGE)))
    if n == 0:
        return out
    if chars is None:
        chars = np.expm1(own[:, _LOG_CHARS])
    # the sums as ndarray.sum and .mean take them, without their Python wrappers
    total = np.add.reduce(chars) or 1.0
    out[:, 0] = np.add.reduce(chars[p1 >= 0.5]) / total
    out[:, 3] = np.add.reduce(p1) / n
    # (both write every other column)
    if not page_columns(own, p1, _PAGE_COLUMNS, _BUCKETS, _PERIODS, _SHORT, out):
        _page_features_numpy(own, p1, out)
    return out


_PAGE_COLUMNS = np.array([_LOG_WORDS, _TERMINAL, _DIGITS, _LOG_CHARS], dtype=np.int64)
_PERIODS = np.array(PERIODS, dtype=np.int64)


def _page_features_numpy(own: np.ndarray, p1: np.ndarray, out: np.ndarray) -> np.ndarray:
    """The columns of :func:`page_features` but the first and fourth, with numpy alone,
    written into ``out`` (``own`` has at least one row)."""
    n = own.shape[0]
    out[:, 1] = np.count_nonzero(own[:, _LOG_WORDS] < _SHORT) / n
    out[:, 2] = np.count_nonzero(own[:, _TERMINAL] > 0) / n
    out[:, 4] = own[:, _LOG_CHARS].max()
    # records: the share of blocks around each block whose shape equals the shape one
    # period later, for the period that fits best there
    out[:, 5] = best = _records(_shape(own))
    out[:, 6] = _window_mean(p1, 5) * best
    return out


def main_span(p1: np.ndarray) -> tuple[int, int]:
    """The page's main region, as the ``start`` and ``end`` (exclusive) of a slice of
    its blocks: the run of consecutive blocks whose first-pass scores rise most above
    the page's mean score (the maximum-sum run of ``p1 - mean``, Kadane's maximum
    subsequence; ``(0, 0)`` for no blocks).  On a listing or a collection page the
    items score low one by one (short lines, like navigation) but above the page's
    mean, and their run is the longest such stretch; on an article it is the text."""
    n = p1.shape[0]
    if n == 0:
        return 0, 0
    above = np.zeros(n + 1)
    np.cumsum(p1 - np.add.reduce(p1) / n, out=above[1:])
    # the best run ends where the sum so far stands highest above its lowest point before
    low = np.minimum.accumulate(above[:-1])
    end = int((above[1:] - low).argmax())
    return int(above[: end + 1].argmin()), end + 1
