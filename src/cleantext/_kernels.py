"""The loops of :mod:`cleantext.compiled`, compiled with numba (imported only when
numba is installed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numba
import numpy as np

from .charclass import (
    CJK_STOP,
    COMMA,
    CURRENCY,
    DIGIT,
    LETTER,
    NOSPACE,
    PUNCT,
    QUOTE,
    SEPARATOR,
    SPACE,
    TERMINAL,
    UPPER,
)
from .words import BASE

_F = TypeVar("_F", bound=Callable[..., object])


def _jit(func: _F) -> _F:
    """Compile ``func`` on first call, cached on disk when numba finds a writable place."""
    try:
        return numba.njit(cache=True, nogil=True)(func)  # type: ignore[no-any-return]
    except RuntimeError:  # no writable cache location: compile in every process
        return numba.njit(nogil=True)(func)  # type: ignore[no-any-return]


# numba reads module constants as compile-time constants
_WORDISH = LETTER | DIGIT
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_CJK_EXT_FIRST, _CJK_EXT_LAST = 0x20000, 0x3FFFF
_HASH, _AT = ord("#"), ord("@")
_BASE = np.uint64(BASE)


@_jit
def _class_of(cp: int, classes: np.ndarray) -> int:
    """:func:`cleantext.charclass.classes_of` for one code point."""
    if cp <= 0xFFFF:
        return classes[cp]
    if _CJK_EXT_FIRST <= cp <= _CJK_EXT_LAST:
        return LETTER | NOSPACE
    return PUNCT


@_jit
def scan(
    cps: np.ndarray, starts: np.ndarray, ends: np.ndarray, classes: np.ndarray, lower: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per block, the counts of :data:`cleantext.features.COUNTED` (one row each);
    per word, its start, end, hash and block.  ``classes`` and ``lower`` are the
    tables of :mod:`cleantext.charclass`."""
    n, size = starts.size, cps.size
    counts = np.zeros((16, n), np.int32)
    # a word is at least one character: at most as many words as characters
    word_starts = np.empty(size, np.int64)
    word_ends = np.empty(size, np.int64)
    word_hashes = np.empty(size, np.uint64)
    word_blocks = np.empty(size, np.int64)
    words = 0
    for b in range(n):
        start, end = starts[b], ends[b]
        letter = nospace = upper = digit = punct = comma = quote = currency = 0
        wordish = word_start = nospace_or_hangul = sentence_end = separator = titled = alpha = tag = 0
        space_before = start == 0 or (_class_of(cps[start - 1], classes) & SPACE) != 0
        prev_wordish = False
        in_word = False
        value = np.uint64(0)
        power = np.uint64(1)
        cls = _class_of(cps[start], classes) if start < end else 0
        for j in range(start, end):
            cp = cps[j]
            if j + 1 < size:
                following = _class_of(cps[j + 1], classes)
                space_after = (following & SPACE) != 0
            else:
                following = 0
                space_after = True
            if cls & LETTER:
                letter += 1
            if cls & NOSPACE:
                nospace += 1
            if cls & UPPER:
                upper += 1
            if cls & DIGIT:
                digit += 1
            if cls & PUNCT:
                punct += 1
            if cls & COMMA:
                comma += 1
            if cls & QUOTE:
                quote += 1
            if cls & CURRENCY:
                currency += 1
            is_nospace = (cls & NOSPACE) != 0
            is_wordish = (cls & _WORDISH) != 0 and not is_nospace
            if is_wordish:
                wordish += 1
                if not prev_wordish:
                    word_start += 1
                    if cls & UPPER:
                        titled += 1
                    if cls & LETTER:
                        alpha += 1
            if is_nospace or _HANGUL_FIRST <= cp <= _HANGUL_LAST:
                nospace_or_hangul += 1
            if (cls & TERMINAL and space_after) or cls & CJK_STOP:
                sentence_end += 1
            if cls & SEPARATOR and space_after and space_before:
                separator += 1
            # "#tag" and "@name": the sign after a space, a word character next
            if (cp == _HASH or cp == _AT) and space_before and following & (_WORDISH | NOSPACE):
                tag += 1
            # words: runs of letters and digits, and each character of a script without spaces
            if is_wordish:
                if not in_word:
                    in_word = True
                    word_starts[words] = j
                    value = np.uint64(0)
                    power = np.uint64(1)
                value += np.uint64(lower[cp] if cp <= 0xFFFF else cp) * power
                power *= _BASE
            else:
                if in_word:
                    word_ends[words], word_hashes[words], word_blocks[words] = j, value, b
                    words += 1
                    in_word = False
                if is_nospace:
                    word_starts[words], word_ends[words], word_blocks[words] = j, j + 1, b
                    word_hashes[words] = np.uint64(lower[cp] if cp <= 0xFFFF else cp)
                    words += 1
            prev_wordish = is_wordish
            space_before = (cls & SPACE) != 0
            cls = following
        if in_word:
            word_ends[words], word_hashes[words], word_blocks[words] = end, value, b
            words += 1
        counts[0, b], counts[1, b], counts[2, b], counts[3, b] = letter, nospace, upper, digit
        counts[4, b], counts[5, b], counts[6, b], counts[7, b] = punct, comma, quote, currency
        counts[8, b], counts[9, b], counts[10, b], counts[11, b] = wordish, word_start, nospace_or_hangul, sentence_end
        counts[12, b], counts[13, b], counts[14, b], counts[15, b] = separator, titled, alpha, tag
    return counts, word_starts[:words], word_ends[:words], word_hashes[:words], word_blocks[:words]


@_jit
def context(
    own: np.ndarray,
    p1: np.ndarray,
    chars: np.ndarray,
    neighbour_columns: np.ndarray,
    pointer_columns: np.ndarray,
    terminal_column: int,
    words_column: int,
    headline_words: tuple[float, float],
    strong_words: float,
    offsets: np.ndarray,
    windows: np.ndarray,
    out: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The columns of :func:`cleantext.features.context_features`, written into ``out``,
    except two that the caller takes the logarithm of: returned raw, they are each
    block's distance to the nearest good block and the length of its run of
    headline-like blocks (0 for others); the flag says whether any block is good."""
    n = p1.size
    width = neighbour_columns.size + 1
    # the neighbours' columns and first-pass score at each offset, zeros beyond the page
    for j in range(offsets.size):
        first = j * width
        for i in range(n):
            at = i + offsets[j]
            inside = 0 <= at < n
            for c in range(width - 1):
                out[i, first + c] = own[at, neighbour_columns[c]] if inside else 0.0
            out[i, first + width - 1] = p1[at] if inside else 0.0
    col = offsets.size * width
    # mean (from cumulative sums) and highest first-pass score over each window
    cumulative = np.zeros(n + 1)
    for i in range(n):
        cumulative[i + 1] = cumulative[i] + p1[i]
    for k in range(windows.size):
        w = windows[k]
        for i in range(n):
            lo, hi = max(i - w, 0), min(i + w + 1, n)
            out[i, col + k] = (cumulative[hi] - cumulative[lo]) / (hi - lo)
            best = p1[lo]  # (numpy pads with zeros, which never beat a score)
            for t in range(lo + 1, hi):
                best = max(best, p1[t])
            out[i, col + windows.size + k] = best
    col += 2 * windows.size
    order = np.argsort(-p1, kind="mergesort")  # stable, as numpy's kind="stable"
    rank_scale = max(n - 1, 1)
    for r in range(n):
        out[order[r], col + 1] = r / rank_scale
    nearest = np.empty(n)
    last_good = -(n + 1)
    any_good = False
    for i in range(n):
        out[i, col] = p1[i]
        if p1[i] >= 0.5:
            last_good = i
            any_good = True
        nearest[i] = i - last_good
    next_good = 2 * (n + 1)
    for i in range(n - 1, -1, -1):
        if p1[i] >= 0.5:
            next_good = i
        nearest[i] = min(nearest[i], next_good - i)
    # the share of the good blocks' characters before and after each block
    cum = 0.0
    mass = np.empty(n)
    cums = np.empty(n)
    for i in range(n):
        mass[i] = chars[i] if p1[i] >= 0.5 else 0.0
        cum += mass[i]
        cums[i] = cum
    total = cums[n - 1] if n and cums[n - 1] != 0.0 else 1.0
    for i in range(n):
        out[i, col + 3] = (cums[i] - mass[i]) / total
        out[i, col + 4] = (total - cums[i]) / total
    # runs of headline-like blocks (short, no sentence end)
    headline = np.empty(n, np.bool_)
    for i in range(n):
        words = own[i, words_column]
        headline[i] = own[i, terminal_column] == 0 and headline_words[0] <= words <= headline_words[1]
    run = np.zeros(n)
    start = 0
    for i in range(1, n + 1):
        if i == n or headline[i] != headline[start]:
            if headline[start]:
                for t in range(start, i):
                    run[t] = i - start
            start = i
    # right below a pointer ("Related articles", "Newsletter", ...): up to 3 blocks
    pointers = np.zeros(n + 1, np.int64)
    for i in range(n):
        hit = False
        for c in pointer_columns:
            if own[i, c] > 0:
                hit = True
        pointers[i + 1] = pointers[i] + hit
    first_strong, last_strong = -1, -1
    for i in range(n):
        out[i, col + 6] = 1.0 if pointers[i] - pointers[max(i - 3, 0)] > 0 else 0.0
        if p1[i] >= 0.7 and own[i, words_column] >= strong_words:
            if first_strong < 0:
                first_strong = i
            last_strong = i
    for i in range(n):
        out[i, col + 7] = 1.0 if first_strong >= 0 and i < first_strong else 0.0
        out[i, col + 8] = 1.0 if first_strong >= 0 and i > last_strong else 0.0
    return nearest, run, any_good
