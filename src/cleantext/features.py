"""Block features: length, stopword density, punctuation, symbols, lexicon hits, position.

:func:`document_features` gives one row per block (``FEATURES`` names the
columns); :func:`context_features` adds the neighbours' view of each block.
Everything is computed with linear-time regular expressions and set lookups.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import regex

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
    code_points,
    flags_of,
    marks_of,
)
from .lexicons import CATEGORIES, BlockTokens, Lexicon

_BULLET = regex.compile(r"^(?:[-*•·▪►‣◦–—>]|\d{1,3}[.)]\s)")
_URL = regex.compile(r"https?://|www\.|\S@\S+\.\w")
_SEPARATOR = regex.compile(r"\s[|•·»›/>–]\s|\s\|\s?|^\||\|$")
_TAG = regex.compile(r"(?:^|\s)[#@]\w")
# dates, found from their digits: 12.03.2019, 3. März 2019, March 3, 2019
_DATE = regex.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\d{1,2}\.?[ ]\p{L}{3,9}\.?[ ]\d{4}\b|(?<=\p{L}{3}\.?[ ])\d{1,2},?[ ]\d{4}\b"
)
_TIME = regex.compile(r"\b\d{1,2}:\d{2}\b")

#: Names of the per-block feature columns, in order.
OWN: tuple[str, ...] = (
    "log_words",
    "log_chars",
    "stop_density",
    "log_stopwords",
    "has_stoplist",
    "terminal",
    "ends_colon",
    "unfinished",
    "starts_upper",
    "starts_lower",
    "bullet",
    "upper_ratio",
    "title_ratio",
    "digit_ratio",
    "punct_ratio",
    "comma_rate",
    "sentence_rate",
    "mean_word_len",
    "url",
    "currency",
    "separators",
    "tags",
    "date",
    "time",
    "quotes",
    "cjk_ratio",
    "lexicon_cover",
    "lexicon_any",
    *(f"lex_{c}" for c in CATEGORIES),
    "rel_index",
    "rel_chars",
    "blank_before",
    "duplicates",
    "share_of_max",
    "log_doc_blocks",
)
_I = {name: i for i, name in enumerate(OWN)}


#: Characters of each block that are tokenised for stopwords and phrases.
HEAD = 250
#: Blocks longer than this (in words) are not matched against the lexicon: a phrase in
#: them would weigh little.
PHRASE_WORD_LIMIT = 40
_TERMINAL_CHARS = ".!?…。！？"
_CLOSERS = "\"'”’»“)]"
_OPEN_ENDS = ",([„“«-–—/&+"


def _matched(pattern: regex.Pattern[str], joined: str, starts: np.ndarray, n: int) -> np.ndarray:
    """1.0 for each block in which ``pattern`` matches (one pass over the joined blocks)."""
    out = np.zeros(n)
    positions = [m.start() for m in pattern.finditer(joined)]
    if positions:
        out[np.searchsorted(starts, positions, side="right") - 1] = 1.0
    return out


def _lexicon_columns(
    blocks: BlockTokens, n_words: np.ndarray, lex: Lexicon
) -> tuple[np.ndarray, list[str]]:
    counts, covered = lex.scan_blocks(blocks, n_words > PHRASE_WORD_LIMIT)
    words = np.maximum(n_words, 1)
    # a phrase weighs less the more other words the block has
    damp = np.minimum(1.0, 8.0 / words)
    any_hit = counts.sum(axis=1) > 0
    cols = np.zeros((len(n_words), 2 + len(CATEGORIES)))
    cols[:, 0] = np.where(any_hit, np.minimum(1.0, covered / words), 0.0)
    cols[:, 1] = np.where(any_hit, damp, 0.0)
    cols[:, 2:] = damp[:, None] * np.log1p(counts)
    best = counts.argmax(axis=1)
    labels = [CATEGORIES[b] if hit else "" for b, hit in zip(best.tolist(), any_hit.tolist(), strict=True)]
    return cols, labels


#: Blocks are featurised in slices of about this many characters, so that the
#: per-character arrays stay small however long the document.
SLICE_CHARS = 1_000_000


def document_features(
    texts: list[str], blank_before: list[float], stops: frozenset[str], lex: Lexicon
) -> tuple[np.ndarray, list[str]]:
    """One row of :data:`OWN` features per block (blocks must not be empty), and
    each block's strongest lexicon category (or ``""``).

    Character statistics are computed for many blocks at once with numpy; only
    tokens, stopwords and lexicon phrases are looked at block by block.  Memory stays
    bounded: the blocks are taken in slices of about :data:`SLICE_CHARS` characters.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(OWN))), []
    x = np.zeros((n, len(OWN)))
    labels: list[str] = []
    start = size = 0
    for i, text in enumerate(texts):
        size += len(text) + 1
        if size >= SLICE_CHARS or i == n - 1:
            labels += _block_features(texts[start : i + 1], stops, lex, x[start : i + 1])
            start, size = i + 1, 0
    # the columns that depend on the whole document
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    x[:, _I["rel_index"]] = np.arange(n) / max(n - 1, 1)
    x[:, _I["rel_chars"]] = (np.cumsum(lengths) - lengths) / max(int(lengths.sum()), 1)
    x[:, _I["blank_before"]] = blank_before
    counts = Counter(texts)
    x[:, _I["duplicates"]] = [math.log(counts[t]) for t in texts]
    x[:, _I["share_of_max"]] = lengths / max(int(lengths.max()), 1)
    x[:, _I["log_doc_blocks"]] = math.log1p(n)
    return x, labels


def _block_features(texts: list[str], stops: frozenset[str], lex: Lexicon, x: np.ndarray) -> list[str]:
    """Fill the rows ``x`` with the features of ``texts`` that each block has on its
    own; return the blocks' lexicon labels."""
    n = len(texts)
    joined = "\n".join(texts)
    cps = code_points(joined)
    flags = flags_of(cps)
    marks = marks_of(cps)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])

    letter = (flags & LETTER) != 0
    nospace = (flags & NOSPACE) != 0
    wordish = (letter | ((flags & DIGIT) != 0)) & ~nospace
    prev = np.concatenate([[False], wordish[:-1]])
    word_start = wordish & ~prev
    upper_start = word_start & ((flags & UPPER) != 0)
    letter_start = word_start & letter
    space = (flags & SPACE) != 0
    nxt_space = np.concatenate([space[1:], [True]])
    prev_space = np.concatenate([[True], space[:-1]])

    hangul = (cps >= 0xAC00) & (cps <= 0xD7A3)
    stacked = np.vstack(
        [
            word_start,
            nospace,
            letter,
            (flags & UPPER) != 0,
            (flags & DIGIT) != 0,
            (flags & PUNCT) != 0,
            nospace | hangul,
            (marks & COMMA) != 0,
            (((marks & TERMINAL) != 0) & nxt_space) | ((marks & CJK_STOP) != 0),
            (marks & QUOTE) != 0,
            (marks & CURRENCY) != 0,
            ((marks & SEPARATOR) != 0) & nxt_space & prev_space,
            upper_start,
            letter_start,
            wordish,
        ]
    ).astype(np.int32)
    (
        n_word_starts,
        n_nospace_words,
        n_letters,
        n_upper,
        n_digits,
        n_punct,
        n_nospace,
        n_commas,
        n_sentences,
        n_quotes,
        n_currency,
        n_separators,
        n_titled,
        n_alpha,
        n_wordish,
    ) = np.add.reduceat(stacked, starts, axis=1)
    n_words = n_word_starts + n_nospace_words
    n_letters = np.maximum(n_letters, 1)
    n_wordchars = n_wordish + n_nospace_words

    words_safe = np.maximum(n_words, 1)
    chars = np.maximum(lengths, 1)
    # the head of each block is enough for its stopword density and its phrases
    blocks = BlockTokens.of(texts, HEAD)
    if stops:
        is_stop = np.fromiter(map(stops.__contains__, blocks.tokens), dtype=bool, count=len(blocks.tokens))
        n_stop = blocks.per_block(is_stop) * np.maximum(n_words / np.maximum(blocks.n_tokens, 1), 1.0)
    else:
        n_stop = np.zeros(n)
    lex_cols, labels = _lexicon_columns(blocks, n_words, lex)

    ends = [t.rstrip(_CLOSERS)[-1:] for t in texts]
    firsts = [t[:1] for t in texts]
    x[:, _I["log_words"]] = np.log1p(n_words)
    x[:, _I["log_chars"]] = np.log1p(lengths)
    x[:, _I["stop_density"]] = n_stop / words_safe
    x[:, _I["log_stopwords"]] = np.log1p(n_stop)
    x[:, _I["has_stoplist"]] = 1.0 if stops else 0.0
    x[:, _I["terminal"]] = [1.0 if e and e in _TERMINAL_CHARS else 0.0 for e in ends]
    x[:, _I["ends_colon"]] = [1.0 if t.endswith(":") else 0.0 for t in texts]
    x[:, _I["unfinished"]] = [1.0 if t[-1] in _OPEN_ENDS or t[-1].islower() else 0.0 for t in texts]
    x[:, _I["starts_upper"]] = [1.0 if f.isupper() else 0.0 for f in firsts]
    x[:, _I["starts_lower"]] = [1.0 if f.islower() else 0.0 for f in firsts]
    x[:, _I["bullet"]] = [1.0 if _BULLET.match(t) else 0.0 for t in texts]
    x[:, _I["upper_ratio"]] = n_upper / n_letters
    x[:, _I["title_ratio"]] = n_titled / np.maximum(n_alpha, 1)
    x[:, _I["digit_ratio"]] = n_digits / chars
    x[:, _I["punct_ratio"]] = n_punct / chars
    x[:, _I["comma_rate"]] = n_commas / words_safe
    x[:, _I["sentence_rate"]] = n_sentences / words_safe
    x[:, _I["mean_word_len"]] = n_wordchars / words_safe
    x[:, _I["url"]] = [
        1.0 if ("http" in t or "www." in t or "@" in t) and _URL.search(t) else 0.0 for t in texts
    ]
    x[:, _I["currency"]] = n_currency > 0
    x[:, _I["separators"]] = np.log1p(n_separators)
    x[:, _I["tags"]] = [
        math.log1p(len(_TAG.findall(t))) if ("#" in t or "@" in t) else 0.0 for t in texts
    ]
    x[:, _I["date"]] = _matched(_DATE, joined, starts, n)
    x[:, _I["time"]] = _matched(_TIME, joined, starts, n)
    x[:, _I["quotes"]] = np.log1p(n_quotes)
    x[:, _I["cjk_ratio"]] = n_nospace / n_letters
    x[:, _I["lexicon_cover"] : _I["lexicon_cover"] + lex_cols.shape[1]] = lex_cols
    return labels


def column(name: str) -> int:
    """The index of the own-feature column called ``name``."""
    return _I[name]


#: Own-feature columns the neighbours contribute to a block's context view.
NEIGHBOUR: tuple[str, ...] = (
    "log_words",
    "stop_density",
    "terminal",
    "lexicon_any",
    "lexicon_cover",
    "title_ratio",
    "bullet",
)
OFFSETS: tuple[int, ...] = (-2, -1, 1, 2)
WINDOWS: tuple[int, ...] = (3, 10)


def context_names() -> list[str]:
    """Names of the columns :func:`context_features` returns."""
    names = [f"{name}@{k:+d}" for k in OFFSETS for name in (*NEIGHBOUR, "p1")]
    names += [f"p1_mean{w}" for w in WINDOWS] + [f"p1_max{w}" for w in WINDOWS]
    names += ["p1", "p1_rank", "dist_good", "good_mass_before", "good_mass_after"]
    names += ["headline_run", "after_pointer", "before_prose", "after_prose"]
    return names


def _shift(column: np.ndarray, k: int, fill: float) -> np.ndarray:
    out = np.full_like(column, fill)
    if k > 0 and k < len(column):
        out[:-k] = column[k:]
    elif k < 0 and -k < len(column):
        out[-k:] = column[:k]
    return out


def context_features(own: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """The neighbours' features and first-pass scores around every block."""
    n = own.shape[0]
    if n == 0:
        return np.zeros((0, len(context_names())))
    reach = max(max(abs(k) for k in OFFSETS), *WINDOWS)
    # neighbour columns and p1, padded with zeros so that shifts are slices
    base = np.column_stack([own[:, [_I[name] for name in NEIGHBOUR]], p1])
    padded = np.zeros((n + 2 * reach, base.shape[1]))
    padded[reach : reach + n] = base
    cols: list[np.ndarray] = [padded[reach + k : reach + k + n] for k in OFFSETS]
    p1_padded = padded[:, -1]
    cumulative = np.concatenate([[0.0], np.cumsum(p1)])
    index = np.arange(n)
    for w in WINDOWS:
        lo = np.clip(index - w, 0, n)
        hi = np.clip(index + w + 1, 0, n)
        cols.append(((cumulative[hi] - cumulative[lo]) / np.maximum(hi - lo, 1))[:, None])
    for w in WINDOWS:
        top = p1.copy()
        for k in range(1, w + 1):
            np.maximum(top, p1_padded[reach + k : reach + k + n], out=top)
            np.maximum(top, p1_padded[reach - k : reach - k + n], out=top)
        cols.append(top[:, None])
    cols = [np.hstack(cols)]
    cols.append(p1)
    order = np.argsort(np.argsort(-p1, kind="stable"), kind="stable")
    cols.append(order / max(n - 1, 1))
    good = p1 >= 0.5
    positions = np.flatnonzero(good)
    if positions.size:
        dist = np.log1p(_nearest(good))
    else:
        dist = np.full(n, math.log1p(n))
    cols.append(dist)
    mass = np.where(good, np.expm1(own[:, _I["log_chars"]]), 0.0)
    total = mass.sum() or 1.0
    cum = np.cumsum(mass)
    cols.append((cum - mass) / total)
    cols.append((total - cum) / total)
    # a list of headline-like lines (teasers, related links): the length of the run
    words = own[:, _I["log_words"]]
    headline = (own[:, _I["terminal"]] == 0) & (words >= math.log1p(2)) & (words <= math.log1p(15))
    cols.append(np.log1p(_run_length(headline)) * headline)
    # right below a pointer such as "Related articles", "Newsletter", "Comments"
    pointer = own[:, [_I[f"lex_{c}"] for c in ("related", "newsletter", "comments", "share")]].max(axis=1) > 0
    after = np.zeros(n, dtype=bool)
    for k in (1, 2, 3):
        after |= _shift(pointer.astype(np.float64), -k, 0.0) > 0
    cols.append(after.astype(np.float64))
    # before the first or after the last block of strong prose
    strong = np.flatnonzero((p1 >= 0.7) & (words >= math.log1p(12)))
    index = np.arange(n)
    if strong.size:
        cols.append((index < strong[0]).astype(np.float64))
        cols.append((index > strong[-1]).astype(np.float64))
    else:
        cols.append(np.zeros(n))
        cols.append(np.zeros(n))
    return np.column_stack([c if c.ndim == 2 else c[:, None] for c in cols])


def _run_length(flags: np.ndarray) -> np.ndarray:
    """For each position, the length of the run of equal flags it belongs to."""
    n = len(flags)
    change = np.flatnonzero(np.diff(flags.astype(np.int8))) + 1
    bounds = np.concatenate([[0], change, [n]])
    lengths = np.diff(bounds)
    return np.repeat(lengths, lengths).astype(np.float64)


def _nearest(good: np.ndarray) -> np.ndarray:
    """Distance from each block to the nearest good block, in two linear passes."""
    n = len(good)
    big = n + 1
    left = np.empty(n)
    last = -big
    for i in range(n):
        if good[i]:
            last = i
        left[i] = i - last
    right = np.empty(n)
    last = 2 * big
    for i in range(n - 1, -1, -1):
        if good[i]:
            last = i
        right[i] = last - i
    return np.minimum(left, right)
