"""Compiled fast paths for the loops that numpy runs as many small passes.

* :func:`scan_blocks`: one loop over a document's characters counts, per block, the
  sixteen character tests of :data:`cleantext.features.COUNTED` and cuts the words,
  with their hashes (:func:`cleantext.words.hashes`).  numpy needs about forty passes
  over the text for the same arrays.
* :func:`stop_words`: the stopwords of each block and the content words, from the
  scan's words, in one loop (a hash-set lookup, a bincount and a few word tests in
  numpy).
* :func:`block_ends`: what each block's first and last characters say (a sentence
  end before closing quotes, a colon, a list sign, ...) as bits, one loop over the
  blocks where numpy takes some fifteen small passes.
* :func:`own_columns`: the ratio and yes-or-no columns of the blocks
  (:func:`cleantext.features._block_features`) in one loop, where numpy takes some
  twenty small operations.
* :func:`marks`: which blocks hold a link, a time or a date
  (:func:`cleantext.features._url_positions`, ``_dates``, ``_times``), in one loop that
  tests the few characters a match starts at, where the pattern engine reads every
  space and digit of the blocks in Python's loop of six patterns.
* :func:`topic_overlap`: the share of each block's content words that other long
  blocks hold, with one hash table over the words, where numpy sorts the
  (word, block) pairs and takes some twenty passes over them.
* :func:`context_columns`: one loop over the blocks gives the neighbours' view of each
  block (:func:`cleantext.features.context_features`), some forty array operations
  per page in numpy.
* :func:`page_columns`: one loop over the blocks gives most page-level columns of the
  context model (:func:`cleantext.page_features.page_features`), some forty small
  array operations per page in numpy.
* :func:`line_flags`: one loop over a text's lines gives what each line's first and
  last characters say to the segmenter (:mod:`cleantext.filters.segment`), read
  from the string itself; about twenty array operations and a pattern per numbered
  line in numpy.
* :func:`segment_lines`: the segmenter's loop over the lines, which says of each
  line whether it starts a block or goes on with the one above; the few pairs whose
  words decide are handed back to Python.
* :func:`phrase_cells`: which of the lexicon's phrase matches count (at word
  boundaries, not inside a longer match) and the block of each; about twenty small
  array operations per page in numpy.
* :func:`whitespace`: a text's line breaks, special spaces and runs of spaces made
  plain (:func:`cleantext.filters.normalize.normalize_whitespace`) in one pass over
  the string, where Python needs a pattern substitution and four more passes.
* :func:`code_points`: a string's code points as an array, read from the string itself
  where its UTF-32 encoding makes a bytes object first (some four instructions a
  character).
* :func:`lengths`: the length of each string of a list, as an array, in one loop over
  the list where ``numpy.fromiter`` converts each length on its own (some 400
  instructions a string).
* :func:`garbled`: whether a text may hold mojibake
  (:func:`cleantext.filters.encoding.looks_garbled`), one pass over the string where
  the pattern engine tests a set at every byte of its UTF-8.

The loops are plain C (``cleantext/_core.c``, the extension ``cleantext._core``),
compiled when the package is built or installed: nothing is compiled, cached or
written at run time.  The C code reads and fills numpy arrays through the buffer
protocol; the arrays are made here.  Where the extension is missing (a build
without a C compiler) or switched off with the environment variable
``CLEANTEXT_NO_COMPILED=1``, each function returns ``None`` and the caller computes
the same numbers with numpy, which stays as the reference: both paths give
identical arrays (``tests/test_compiled.py`` checks it), so the choice changes
speed, never output.

A new feature does not need new C: the scan's per-block counts and word positions
are combined into features with numpy (:mod:`cleantext.features`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType

import numpy as np

from . import charclass

#: The arrays one scan returns: counts per block (16 rows), then per word its start,
#: end, hash and block (int32, int32, uint64, int32: 20 bytes a word, not 32).
Scan = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: How many counts per block the scan gives (the length of ``features.COUNTED``).
N_COUNTED = 16


@lru_cache(maxsize=1)
def _core() -> ModuleType | None:
    """The compiled extension, or ``None`` where it is missing or switched off."""
    if os.environ.get("CLEANTEXT_NO_COMPILED", "") not in ("", "0"):
        return None
    try:
        from . import _core  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _core  # type: ignore[no-any-return]


def available() -> bool:
    """Whether the compiled loops are used (the extension is built and not switched off)."""
    return _core() is not None


def scan_blocks(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Scan | None:
    """Counts and words of the blocks ``cps[starts[i]:ends[i]]`` in one compiled pass,
    or ``None`` without the extension.  ``cps`` are the code points of the blocks
    joined by newlines (:func:`cleantext.charclass.code_points`), ``starts`` and
    ``ends`` int64."""
    core = _core()
    if core is None:
        return None
    cps = np.ascontiguousarray(cps, dtype=np.uint32)
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    ends = np.ascontiguousarray(ends, dtype=np.int64)
    counts = np.empty((N_COUNTED, starts.size), np.int32)
    # the word arrays of a long text as long as its words, counted first (a quick pass),
    # not as the text: 20 bytes a character would be the largest allocation of a page; a
    # short text (most pages) skips the count, its arrays are as long as the text (no
    # text has more words than characters) and cut to the words found
    size = cps.size if cps.size <= UNCOUNTED_CHARS else core.count_words(cps, starts, ends, charclass.table())
    word_starts, word_ends = np.empty(size, np.int32), np.empty(size, np.int32)
    word_hashes, word_blocks = np.empty(size, np.uint64), np.empty(size, np.int32)
    words = core.scan(
        cps,
        starts,
        ends,
        charclass.table(),
        charclass.lower_table(),
        counts,
        word_starts,
        word_ends,
        word_hashes,
        word_blocks,
    )
    assert words <= size
    return counts, word_starts[:words], word_ends[:words], word_hashes[:words], word_blocks[:words]


def stop_words(
    cps: np.ndarray,
    block_starts: np.ndarray,
    words: Scan,
    stop_set: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    topic_head: int,
    content_letters: int,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The number of stopwords of each block (float64) and the indices of the content
    words (int64, in order), from the words of :func:`scan_blocks` (``words``), in one
    compiled loop, or ``None`` without the extension.  ``stop_set`` is a
    :class:`cleantext.words.HashSet`'s ``flat`` levels; a content word starts less
    than ``topic_head`` characters into its block, has at least ``content_letters``
    characters, is no stopword and starts with a letter."""
    core = _core()
    if core is None:
        return None
    _, word_starts, word_ends, word_hashes, word_blocks = words
    n_stop = np.empty(block_starts.size, np.float64)
    content = np.empty(word_starts.size, np.int64)
    found = core.stop_words(
        cps,
        charclass.table(),
        block_starts,
        word_starts,
        word_ends,
        word_hashes,
        word_blocks,
        *stop_set,
        topic_head,
        content_letters,
        n_stop,
        content,
    )
    return n_stop, content[:found]


def block_ends(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray, sets: np.ndarray) -> np.ndarray | None:
    """The bits of what each block's first and last characters say (uint8, one per
    block: ``_core.block_ends``), in one compiled loop, or ``None`` without the
    extension.  ``sets`` is the table of :data:`cleantext.features._SETS`."""
    core = _core()
    if core is None:
        return None
    bits = np.empty(starts.size, np.uint8)
    core.block_ends(cps, starts, ends, charclass.table(), sets, bits)
    return bits


def own_columns(
    counts: np.ndarray,
    lengths: np.ndarray,
    n_words: np.ndarray,
    n_stop: np.ndarray,
    ends: np.ndarray,
    marked: np.ndarray,
    plan: np.ndarray,
    x: np.ndarray,
) -> bool:
    """Write the ratio and yes-or-no columns of the blocks into ``x`` (float64, one row
    per block) in one compiled loop, as ``plan`` says (``_core.own_columns``; the plan
    of :mod:`cleantext.features`); return ``False`` (and write nothing) without the
    extension.  The sources of a block: its counts of :func:`scan_blocks` (``counts``,
    int32), characters (``lengths``, int64), words (``n_words``, int32), stopwords
    (``n_stop``, float64), end bits and marks (``ends``, ``marked``, uint8)."""
    core = _core()
    if core is None:
        return False
    core.own_columns(counts, lengths, n_words, n_stop, ends, marked, plan, x)
    return True


def marks(
    cps: np.ndarray, starts: np.ndarray, ends: np.ndarray, digits: np.ndarray, kinds: np.ndarray
) -> np.ndarray | None:
    """Which blocks ``cps[starts[i]:ends[i]]`` hold a link, a time or a date: bits 1, 2
    and 4 of one uint8 per block (``_core.marks``), in one compiled loop, or ``None``
    without the extension or for a text with characters beyond the BMP (the patterns
    read those).  ``digits`` are the blocks' digits (int32), ``kinds`` the table of
    :func:`cleantext.features._mark_kinds`."""
    core = _core()
    if core is None:
        return None
    bits = np.empty(starts.size, np.uint8)
    done = core.marks(cps, starts, ends, np.ascontiguousarray(digits, dtype=np.int32), kinds, bits)
    return bits if done else None


def topic_overlap(blocks: np.ndarray, words: np.ndarray, core: np.ndarray, shift: int) -> np.ndarray | None:
    """:func:`cleantext.features._topic_overlap` of the content words (``blocks``, in
    ascending order, and their hashes ``words``) in one compiled pass, or ``None``
    without the extension (or with the blocks out of order).  Two words are one if
    the top ``64 - shift`` bits of their hash times :data:`cleantext.words.MIX`
    agree."""
    core_module = _core()
    if core_module is None:
        return None
    out = np.empty(core.size, np.float64)
    blocks = np.ascontiguousarray(blocks, dtype=np.int64)
    done = core_module.topic(blocks, np.ascontiguousarray(words, dtype=np.uint64), core, shift, out)
    return out if done else None


#: Texts of at most this many characters are not counted for words before the scan: the
#: word arrays are made as long as the text (20 bytes a character, 640 kB at most).
UNCOUNTED_CHARS = 1 << 15


def context_columns(
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
) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """Write the context columns of :func:`cleantext.features.context_features` into
    its ``out`` array (float64, one row per block) in one compiled loop, or return
    ``None`` without the extension.

    Two columns are left to the caller, which takes their logarithms with numpy, as
    its own path does, so that both agree to the last bit: returned raw, they are each
    block's distance to the nearest good block and the length of its run of
    headline-like blocks; the flag says whether any block is good."""
    core = _core()
    if core is None:
        return None
    n = p1.size
    nearest, run = np.empty(n), np.empty(n)
    any_good = core.context(
        np.asarray(own, dtype=np.float64),
        np.ascontiguousarray(p1, dtype=np.float64),
        np.ascontiguousarray(chars, dtype=np.float64),
        np.ascontiguousarray(neighbour_columns, dtype=np.int64),
        np.ascontiguousarray(pointer_columns, dtype=np.int64),
        terminal_column,
        words_column,
        headline_words[0],
        headline_words[1],
        strong_words,
        np.ascontiguousarray(offsets, dtype=np.int64),
        np.ascontiguousarray(windows, dtype=np.int64),
        out,
        nearest,
        run,
    )
    return nearest, run, bool(any_good)


def page_columns(
    own: np.ndarray,
    p1: np.ndarray,
    columns: np.ndarray,
    buckets: np.ndarray,
    periods: np.ndarray,
    short_words: float,
    out: np.ndarray,
) -> bool:
    """Write the columns of :func:`cleantext.page_features.page_features` that are no
    sums of floats into its ``out`` array (float64, one row per block) in one compiled
    loop; return ``False`` (and write nothing) without the extension.

    ``columns`` are the own-feature columns log_words, terminal, digit_ratio and
    log_chars.  The two columns left to the caller are sums that numpy takes pairwise,
    and the caller takes them with numpy, so that both paths agree to the last bit."""
    core = _core()
    if core is None:
        return False
    core.page(
        np.asarray(own, dtype=np.float64),
        np.asarray(p1, dtype=np.float64),
        np.ascontiguousarray(columns, dtype=np.int64),
        np.ascontiguousarray(buckets, dtype=np.float64),
        np.ascontiguousarray(periods, dtype=np.int64),
        short_words,
        out,
    )
    return True


def line_flags(
    text: str, first: np.ndarray, last: np.ndarray, n: int | None = None
) -> tuple[np.ndarray, np.ndarray] | None:
    """The segmenter's bits of every line of ``text`` (uint8, 0 for an empty line) and
    the length of every line (int64), in one compiled loop over the string, or
    ``None`` without the extension.  ``first`` and ``last`` are the segmenter's tables
    of what a line's first and last character say (uint16 over the BMP); ``n``, the
    number of lines, where the caller knows it (else it is counted)."""
    core = _core()
    if core is None:
        return None
    if n is None:
        n = text.count("\n") + 1
    flags, lengths = np.empty(n, np.uint8), np.empty(n, np.int64)
    core.line_flags(text, first, last, charclass.table(), flags, lengths)
    return flags, lengths


def segment_lines(
    text: str,
    flags: np.ndarray,
    lengths: np.ndarray,
    verdicts: np.ndarray,
    sets: np.ndarray,
    begin: int,
    stop: int,
    words: frozenset[str],
    maybe: Callable[[int, int, int, int, int], bool],
    starts: np.ndarray,
    roles: np.ndarray,
) -> bool:
    """Write the role of each line ``begin..stop`` of ``text`` in the segmenter's loop
    into ``roles`` (uint8, one per line of the text; :data:`cleantext.filters.segment`
    ``_ROLE_*``: empty, starts a block, goes on after a space, glued on without one);
    return ``False`` (and write nothing) without the extension.

    ``flags``, ``starts`` and ``lengths`` are every line's bits
    (:func:`cleantext.filters.segment._line_flags`, uint8), first character and length
    (int64); ``verdicts`` the table of pair verdicts, ``sets`` the table of characters
    the segmenter's string tests name.  A pair the bits leave open is decided by its
    words where they can decide (see ``_core.segment_lines``): the block goes on if
    the last word of its last part is one of ``words`` (the function words, lower
    case); for a drop cap, or a last word glued from several lines, the loop calls
    ``maybe(first, last, line, size, bits)`` instead: the first and last line of the
    block's last part, the line, the block's size so far and the part's bits.  A call
    costs the lines
    ``begin..stop`` only: the arrays of one page may serve several calls."""
    core = _core()
    if core is None:
        return False
    core.segment_lines(text, flags, starts, lengths, verdicts, sets, begin, stop, words, maybe, roles)
    return True


def phrase_cells(
    found: list[tuple[int, int, int]],
    columns: np.ndarray,
    tokens: np.ndarray,
    word_start: np.ndarray,
    word_end: np.ndarray,
    cps: np.ndarray,
    line_starts: np.ndarray,
    n_categories: int,
    covered: np.ndarray,
) -> list[int] | None:
    """The count cells (block * ``n_categories`` + column) of the phrase matches in
    ``found`` (the automaton's (phrase, start, end) tuples in the code points ``cps``;
    a phrase index from ``len(columns)`` on is another string, passed over) that count,
    their phrases' tokens added to ``covered`` (float64, one per block of
    ``line_starts``), as :meth:`cleantext.lexicons.Lexicon._phrase_cells` gives them;
    or ``None`` without the extension (and ``covered`` untouched).  The list goes in as
    it is: an array of it would cost more than the loop."""
    core = _core()
    if core is None:
        return None
    cells: list[int] = core.phrase_cells(
        found,
        columns,
        tokens,
        word_start.view(np.uint8),
        word_end.view(np.uint8),
        np.ascontiguousarray(cps, dtype=np.uint32),
        charclass.table(),
        np.ascontiguousarray(line_starts, dtype=np.int64),
        n_categories,
        covered,
    )
    return cells


def whitespace(text: str, actions: np.ndarray) -> str | None:
    """``text`` with its whitespace normalised in one compiled pass (``actions``: what
    each character of the BMP becomes, :data:`cleantext.filters.normalize`), or
    ``None`` without the extension."""
    core = _core()
    if core is None:
        return None
    normalised: str = core.whitespace(text, actions)
    return normalised


def garbled(text: str, continuation: np.ndarray) -> bool | None:
    """Whether ``text`` may hold mojibake, in one compiled pass (``continuation``: 1
    for the characters that continue a mis-read UTF-8 sequence, over the BMP), or
    ``None`` without the extension."""
    core = _core()
    if core is None:
        return None
    found: bool = core.garbled(text, continuation)
    return found


def lengths(strings: list[str]) -> np.ndarray:
    """The length of each of ``strings`` (int64): in one compiled loop over the list, else
    with ``numpy.fromiter`` (the same numbers)."""
    core = _core()
    if core is None or type(strings) is not list:
        return np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    out = np.empty(len(strings), dtype=np.int64)
    core.lengths(strings, out)
    return out


def code_points(text: str) -> np.ndarray | None:
    """The code points of ``text`` (uint32) in one compiled pass over the string, or
    ``None`` without the extension (:func:`cleantext.charclass.code_points`)."""
    core = _core()
    if core is None:
        return None
    out = np.empty(len(text), dtype=np.uint32)
    core.code_points(text, out)
    return out
