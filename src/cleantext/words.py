"""Words of a text as numpy arrays, and 64-bit hashes of their lower-case forms.

A word is a run of letters and digits, or a single character of a script written
without spaces (Chinese, Japanese, Thai, ...).  Each word's hash is a polynomial
hash of its lower-case code points, computed for all words at once from prefix
sums, so that a whole document's stopwords are counted without a Python loop.
The hash of a string (:func:`hash_word`) is the same function, in Python.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .charclass import DIGIT, LETTER, NOSPACE, classes_of, code_points, line_bounds, lower_of, lower_table

_MASK = (1 << 64) - 1
#: The base of the polynomial hash (odd, so that it has an inverse modulo 2**64).
BASE = 0x100000001B3
_BASE_INVERSE = pow(BASE, -1, 1 << 64)


def spans(classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of every word, in text order, from the characters'
    classes (:func:`cleantext.charclass.classes_of`)."""
    nospace = (classes & NOSPACE) != 0
    wordish = ((classes & (LETTER | DIGIT)) != 0) & ~nospace
    return spans_of(wordish, nospace)


def spans_of(wordish: np.ndarray, nospace: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`spans` from the two masks it reads: characters of a run of letters and
    digits, and characters of a script written without spaces (a word each)."""
    padded = np.empty(wordish.size + 2, dtype=np.int8)
    padded[0] = padded[-1] = 0
    padded[1:-1] = wordish
    edges = padded[1:] - padded[:-1]
    run_starts = (edges == 1).nonzero()[0]
    run_ends = (edges == -1).nonzero()[0]
    singles = nospace.nonzero()[0]
    if not singles.size:
        return run_starts, run_ends
    starts = np.concatenate([run_starts, singles])
    ends = np.concatenate([run_ends, singles + 1])
    order = starts.argsort(kind="stable")
    return starts[order], ends[order]


_powers: tuple[np.ndarray, np.ndarray] = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64))


def _powers_upto(size: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**(i+1) and BASE**-(i+1) modulo 2**64 for i < size (at least), computed once
    and grown by doubling; the arrays are read-only."""
    global _powers
    powers = _powers
    if powers[0].size < size:
        size = max(size, 2 * powers[0].size, 1 << 16)
        up = np.cumprod(np.full(size, BASE, dtype=np.uint64))  # wraps modulo 2**64
        down = np.cumprod(np.full(size, _BASE_INVERSE, dtype=np.uint64))
        up.setflags(write=False)
        down.setflags(write=False)
        powers = _powers = (up, down)
    return powers


def hashes(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The hash of each word ``cps[starts[i]:ends[i]]``, lower-cased (uint64)."""
    if not starts.size:
        return np.zeros(0, dtype=np.uint64)
    # only the characters up to the last word's end matter
    limit = int(ends[-1])
    up, down = _powers_upto(limit)
    prefix = np.empty(limit + 1, dtype=np.uint64)
    prefix[0] = 0
    (lower_of(cps[:limit]) * up[:limit]).cumsum(out=prefix[1:])
    sums: np.ndarray = (prefix[ends] - prefix[starts]) * down[starts]
    return sums


def hash_word(word: str) -> int:
    """The hash :func:`hashes` gives ``word`` (lower-cased as the tables do)."""
    lower = lower_table()
    value, power = 0, 1
    for ch in word:
        cp = ord(ch)
        value = (value + (int(lower[cp]) if cp <= 0xFFFF else cp) * power) & _MASK
        power = (power * BASE) & _MASK
    return value


#: An odd 64-bit multiplier (2**64 over the golden ratio): the top bits of
#: ``hash * MIX`` depend on all bits of the hash (Fibonacci hashing).
MIX = 0x9E3779B97F4A7C15
#: Odd multipliers, one per table of a :class:`HashSet`: the top bits of
#: ``hash * multiplier`` pick the slot.
_MULTIPLIERS = tuple((MIX * (2 * k + 1)) & _MASK | 1 for k in range(16))


class HashSet:
    """A set of word hashes with a vectorised membership test.

    The hashes sit in small tables (eight slots per value); a value whose slot is
    taken goes to the next table, which mixes the bits differently.  A lookup is
    a multiplication, a gather and a comparison per word and table, and the
    tables stay small enough for the processor's cache.
    """

    __slots__ = ("_levels", "flat", "size")

    def __init__(self, values: list[int]) -> None:
        self.size = len(values)
        self._levels: list[tuple[np.uint64, np.uint64, np.ndarray]] = []
        remaining = sorted(set(values))
        for multiplier in _MULTIPLIERS:
            if not remaining:
                break
            bits = max(4, (8 * len(remaining) - 1).bit_length())
            drop = 64 - bits
            taken: dict[int, int] = {}
            left: list[int] = []
            for v in remaining:
                slot = ((v * multiplier) & _MASK) >> drop
                if slot in taken:
                    left.append(v)
                else:
                    taken[slot] = v
            # an empty slot holds a value that belongs to the next slot, so no word matches it
            inverse = pow(multiplier, -1, 1 << 64)
            following = (np.arange(1 << bits, dtype=np.uint64) + np.uint64(1)) & np.uint64((1 << bits) - 1)
            table = (following << np.uint64(drop)) * np.uint64(inverse)
            for slot, v in taken.items():
                table[slot] = v
            table.setflags(write=False)
            self._levels.append((np.uint64(multiplier), np.uint64(drop), table))
            remaining = left
        if remaining:  # pragma: no cover - sixteen tables of eight slots per value
            raise ValueError(f"{len(remaining)} word hashes found no free slot")
        #: The levels as the compiled lookup reads them: multipliers, shifts (uint64), the
        #: offset of each level's table in the tables laid end to end (int64, one more
        #: than the levels), and those tables (uint64).  The levels then read their
        #: tables from there: each table is held once.
        offsets = np.cumsum([0] + [t.size for _, _, t in self._levels]).astype(np.int64)
        tables = np.concatenate([t for _, _, t in self._levels]) if self._levels else np.zeros(0, np.uint64)
        tables.setflags(write=False)
        self.flat = (
            np.array([m for m, _, _ in self._levels], dtype=np.uint64),
            np.array([d for _, d, _ in self._levels], dtype=np.uint64),
            offsets,
            tables,
        )
        self._levels = [
            (m, d, tables[lo:hi])
            for (m, d, _), lo, hi in zip(self._levels, offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
        ]

    def contains(self, word_hashes: np.ndarray) -> np.ndarray:
        """For each hash, whether it is in the set."""
        found = np.zeros(word_hashes.shape, dtype=bool)
        slot = np.empty(word_hashes.shape, dtype=np.uint64)
        for multiplier, drop, slots in self._levels:
            np.multiply(word_hashes, multiplier, out=slot)
            slot >>= drop
            # the slots read as int64 (they are far below 2**63): numpy indexes with
            # int64 (its intp) directly, where it would cast every uint64 index first
            found |= slots[slot.view(np.int64)] == word_hashes
        return found


@lru_cache(maxsize=128)
def hash_set(words: frozenset[str]) -> HashSet:
    """The hashes of those ``words`` that read as one word (computed for all at once)."""
    candidates = sorted(w for w in words if w and "\n" not in w)
    if not candidates:
        return HashSet([])
    joined = "\n".join(candidates)
    cps = code_points(joined)
    starts, ends = spans(classes_of(cps))
    line_starts, line_ends = line_bounds(cps)
    line = np.searchsorted(line_starts, starts, side="right") - 1
    per_line = np.bincount(line, minlength=line_starts.size)
    # a word of its own: the only span of its line, from its first character to its last
    whole = (per_line[line] == 1) & (starts == line_starts[line]) & (ends == line_ends[line])
    return HashSet(sorted(set(hashes(cps, starts[whole], ends[whole]).tolist())))
