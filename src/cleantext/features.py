"""Block features: length, stopword density, punctuation, symbols, lexicon hits, position.

:func:`document_features` gives one row per block (``FEATURES`` names the
columns); :func:`context_features` adds the neighbours' view of each block.
Everything is computed for all blocks of a document at once: character counts and
word hashes in one compiled pass (:mod:`cleantext.compiled`, or the same with numpy
where the extension is missing), phrases with one Aho-Corasick scan, the rest with numpy and
linear-time regular expressions over the joined blocks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from . import compiled, uniclass
from .charclass import (
    CJK_STOP,
    COMMA,
    CURRENCY,
    DIGIT,
    LETTER,
    LOWER,
    NOSPACE,
    PUNCT,
    QUOTE,
    SEPARATOR,
    SPACE,
    TERMINAL,
    UPPER,
    char_sets,
    classes_of,
    code_points,
    line_bounds,
)
from .compiled import Scan, context_columns, scan_blocks
from .lexicons import CATEGORIES, Lexicon
from .words import MIX, hash_set, hashes, spans_of

# links: "http://", "https://", "www." or an address "name@host.tld"
_LINK_STARTS = ("http://", "https://", "www.")
_NON_SPACE = re.compile(r"\S")
_RUN = re.compile(r"\S*")


@lru_cache(maxsize=1)
def _dot_word() -> re.Pattern[str]:
    """A full stop and a word character (compiled on first use)."""
    return re.compile(rf"\.{uniclass.word()}")


def _url_positions(text: str) -> list[int]:
    """Where a link starts: "http://", "https://", "www.", or an "@" with something
    before it and, after one more character, a ".x" in the same run of non-space characters.

    Linear in the text: after an "@" that has no ".x" after it, the rest of its run
    (every later "@" in it included) cannot have one either, so it is skipped."""
    found: list[int] = []
    for start in _LINK_STARTS:
        at = text.find(start)
        while at >= 0:
            found.append(at)
            at = text.find(start, at + len(start))
    at = text.find("@")
    while at >= 0:
        if at == 0 or _NON_SPACE.match(text, at - 1) is None:
            at = text.find("@", at + 1)
            continue
        end = _RUN.match(text, at + 1).end()  # type: ignore[union-attr]
        if _dot_word().search(text, at + 2, end):  # a character between "@" and "."
            found.append(at)
        at = text.find("@", end)
    return found


# Dates (12.03.2019, 3. März 2019, March 3, 2019) and times (9:30).  Only whether a
# block holds one counts, so each is found from the character that re searches for
# quickly, and what comes before it is checked with fixed-width lookbehinds.  A date is
# a separator with a digit before it, then \d{1,2}[./-]\d{2,4}; or a space after a
# digit (and maybe "."), then a month name of 3-9 letters, ".", a space and a year; or
# a space after a word of 3 letters or more (and maybe "."), then a day of 1-2 digits,
# ",", a space and a year.  A time is a ":" after 1-2 digits that start a word, then
# two digits.  A word boundary next to a digit is the absence of a word character on
# the other side.


@lru_cache(maxsize=1)
def _dates() -> tuple[re.Pattern[str], ...]:
    word, letter = uniclass.word(), uniclass.letter()
    numeric = [re.compile(rf"{sep}(?<=\d{sep})\d{{1,2}}[./-]\d{{2,4}}(?!{word})") for sep in (r"\.", "/", "-")]
    # the cheap test first: most spaces have no digit after them
    day = rf"(?=\d\d?,?[ ]\d{{4}}(?!{word}))(?:(?<={letter}{{3}}[ ])|(?<={letter}{{3}}\.[ ]))"
    month = rf"(?:(?<=\d[ ])|(?<=\d\.[ ])){letter}{{3,9}}\.?[ ]\d{{4}}(?!{word})"
    return (*numeric, re.compile(f"[ ](?:{day}|{month})"))


@lru_cache(maxsize=1)
def _times() -> tuple[re.Pattern[str], ...]:
    word = uniclass.word()
    return (re.compile(rf":(?:(?<=\d:)(?<!{word}\d:)|(?<=\d\d:)(?<!{word}\d\d:))\d\d(?!{word})"),)


#: The kinds of characters :func:`_mark_kinds` marks (keep in step with ``_core.c``).
_K_WORD, _K_LETTER, _K_DIGIT, _K_SPACE, _K_TRIGGER = 1, 2, 4, 8, 16
#: The characters a link, a time or a date starts at (or a date's ``[./-]`` or name).
_TRIGGERS = ":./- hw@"


@lru_cache(maxsize=1)
def _mark_kinds() -> np.ndarray:
    """What the patterns of links, dates and times ask of each character of the BMP, as
    the bits ``_K_*``: a word character, a letter (:mod:`cleantext.uniclass`), a digit
    (``\\d``), a space (``\\s``), a character a match starts at.  Made with the
    pattern engine itself, so that the compiled loop (:func:`cleantext.compiled.marks`)
    reads each character as the patterns do."""
    kinds = _kinds_of("".join(map(chr, range(0x10000))))
    for ch in _TRIGGERS:
        kinds[ord(ch)] |= _K_TRIGGER
    kinds.setflags(write=False)
    return kinds


def _kinds_of(chars: str) -> np.ndarray:
    """The bits ``_K_WORD``, ``_K_LETTER``, ``_K_DIGIT`` and ``_K_SPACE`` of each
    character of ``chars`` (uint8), as the patterns read it (no ``_K_TRIGGER``)."""
    kinds = np.zeros(len(chars), dtype=np.uint8)
    for bit, pattern in (
        (_K_WORD, uniclass.word()),
        (_K_LETTER, uniclass.letter()),
        (_K_DIGIT, r"\d"),
        (_K_SPACE, r"\s"),
    ):
        for run in re.finditer(f"(?:{pattern})+", chars):
            kinds[run.start() : run.end()] |= bit
    return kinds


@lru_cache(maxsize=1)
def _mark_stand_ins() -> np.ndarray:
    """For each combination of the bits ``_K_WORD`` to ``_K_SPACE`` (0-15), a character
    of the BMP beyond ASCII that has exactly those kinds and starts no match, or 0 if
    the BMP has none (uint32, 16)."""
    kinds = _mark_kinds()[0x80:]
    stand_ins = np.zeros(16, dtype=np.uint32)
    for combination in range(16):
        found = np.flatnonzero(kinds == combination)
        if found.size:
            stand_ins[combination] = found[0] + 0x80
    return stand_ins


def _marks_in_bmp(cps: np.ndarray) -> np.ndarray | None:
    """``cps`` with each character beyond the BMP replaced by a character of the BMP that
    the patterns of links, dates and times read alike (:func:`_mark_stand_ins`: the same
    kinds, not ASCII, which they name, and no match's start), so that the compiled loop,
    whose table holds the BMP, reads the text as the patterns do; ``None`` if some
    character has no such stand-in."""
    beyond = np.flatnonzero(cps > 0xFFFF)
    distinct, which = np.unique(cps[beyond], return_inverse=True)
    stand_ins = _mark_stand_ins()[_kinds_of("".join(map(chr, distinct.tolist())))]
    if not stand_ins.all():
        return None
    bmp = cps.copy()
    bmp[beyond] = stand_ins[which]
    return bmp


#: The last columns of :data:`OWN`, on markdown input only (0 elsewhere): what the layout
#: step stripped from a block's input lines (:func:`cleantext.markdown_columns.markdown_columns`).
MARKDOWN_COLUMNS: tuple[str, ...] = ("md_page", "md_link_share", "md_heading", "md_emphasis", "md_list", "md_image")

#: A block whose text is at least this share link text (``md_link_share``) is no heading:
#: navigation or a teaser's title (``md_heading`` and the heading tests of the context
#: and select steps).
HEADING_MAX_LINK = 0.5

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
    "topic_overlap",
    *MARKDOWN_COLUMNS,
)
_I = {name: i for i, name in enumerate(OWN)}


#: Characters of each block that are tokenised for stopwords and phrases.
HEAD = 250
#: Blocks longer than this (in words) are not matched against the lexicon: a phrase in
#: them would weigh little.
PHRASE_WORD_LIMIT = 40
_CLOSERS = "\"'”’»“)]"
_OPEN_ENDS = ",([„“«-–—/&+"


def _matched(patterns: tuple[re.Pattern[str], ...], joined: str, starts: np.ndarray, n: int) -> np.ndarray:
    """1.0 for each block in which one of ``patterns`` matches (one pass each over the
    joined blocks)."""
    out = np.zeros(n)
    positions = [m.start() for pattern in patterns for m in pattern.finditer(joined)]
    if positions:
        out[starts.searchsorted(positions, side="right") - 1] = 1.0
    return out


def _lexicon_columns(
    texts: list[str], lengths: np.ndarray, n_words: np.ndarray, lex: Lexicon, digits: list[bool], out: np.ndarray
) -> list[str]:
    """Write the lexicon columns of the blocks (``lengths`` characters long) into ``out``
    (``lexicon_cover``, ``lexicon_any``, then one per category); return each block's
    strongest category (``""`` if no phrase matched)."""
    # the first HEAD characters of blocks of at most PHRASE_WORD_LIMIT words, nothing of
    # longer ones: most blocks are short and go in as they are
    short = n_words <= PHRASE_WORD_LIMIT
    heads = texts.copy()
    for i in (~short | (lengths > HEAD)).nonzero()[0].tolist():
        heads[i] = texts[i][:HEAD] if short[i] else ""
    counts, covered = lex.scan_blocks(heads, digits)
    # most blocks match nothing and their columns are 0.0: only the blocks that match
    # are computed (counts are small whole numbers, not negative: a positive sum,
    # exact in any order, is a match; einsum sums short rows fastest)
    out[:] = 0.0
    labels = [""] * len(texts)
    hit = (np.einsum("ij->i", counts) > 0).nonzero()[0]
    if not hit.size:
        return labels
    counts, covered = counts[hit], covered[hit]
    words = np.maximum(n_words[hit], 1)
    # a phrase weighs less the more other words the block has
    damp = np.minimum(1.0, 8.0 / words)
    out[hit, 0] = np.minimum(1.0, covered / words)
    out[hit, 1] = damp
    out[hit, 2:] = damp[:, None] * np.log1p(counts)
    for i, category in zip(hit.tolist(), counts.argmax(axis=1).tolist(), strict=True):
        labels[i] = CATEGORIES[category]
    return labels


#: A page of more blocks reads as one of this many (``log_doc_blocks``): the model learnt
#: from few longer pages (99.9% of the training pages have fewer than 2,000 blocks), and
#: a page of forty thousand sentences must not read as something it never saw.
DOC_BLOCKS = 2_000

#: Blocks are featurised in slices of about this many characters, so that the
#: per-character arrays stay small however long the document.
SLICE_CHARS = 1_000_000


@dataclass(frozen=True, eq=False)
class BlockRows:
    """What :func:`featurise` found in each block of a document on its own (the
    columns of :data:`OWN` but the document's, the lexicon label, the content words),
    kept so that the same texts read again (a body read again, ``settle=True``) take
    their rows instead of being read again.  Valid for the same stoplist and lexicon."""

    texts: list[str]
    own: np.ndarray
    labels: list[str]
    vocabulary: list[tuple[np.ndarray, np.ndarray]]
    stops: frozenset[str]
    lex: Lexicon

    @cached_property
    def index(self) -> dict[str, int]:
        """A row of each text."""
        return dict(zip(self.texts, range(len(self.texts)), strict=True))

    @cached_property
    def words(self) -> tuple[np.ndarray, np.ndarray]:
        """The content words' blocks (ascending) and hashes."""
        if not self.vocabulary:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        blocks = np.concatenate([b for b, _ in self.vocabulary]).astype(np.int64, copy=False)
        words = np.concatenate([w for _, w in self.vocabulary])
        order = np.argsort(blocks, kind="stable")
        return blocks[order], words[order]


def featurise(
    texts: list[str],
    blank_before: list[float],
    stops: frozenset[str],
    lex: Lexicon,
    markdown: np.ndarray | None = None,
    earlier: BlockRows | None = None,
) -> tuple[np.ndarray, list[str], BlockRows]:
    """:func:`document_features`, and the :class:`BlockRows` of the document.

    A block whose text ``earlier`` (rows of another reading with the same stoplist and
    lexicon) holds takes its row from there: the same numbers as reading it again.
    """
    n = len(texts)
    # every column of every row is written below (by the reading of the blocks or
    # from ``earlier``, then the document's columns): not zeroed first
    x = np.empty((n, len(OWN)))
    labels: list[str] = [""] * n
    vocabulary: list[tuple[np.ndarray, np.ndarray]] = []
    if n == 0:
        return x, labels, BlockRows(texts, x, labels, vocabulary, stops, lex)
    lengths = compiled.lengths(texts)
    if earlier is not None and earlier.stops is stops and earlier.lex is lex:
        labels = _rows_from(earlier, texts, lengths, x, vocabulary)
    else:
        labels = _read_blocks(texts, lengths, stops, lex, x, vocabulary)
    # the columns that depend on the whole document
    x[:, _I["rel_index"]] = np.arange(n) / max(n - 1, 1)
    x[:, _I["rel_chars"]] = (lengths.cumsum() - lengths) / max(int(lengths.sum()), 1)
    x[:, _I["blank_before"]] = blank_before
    counts = Counter(texts)
    x[:, _I["duplicates"]] = np.log(np.fromiter(map(counts.__getitem__, texts), dtype=np.float64, count=n))
    x[:, _I["share_of_max"]] = lengths / max(int(lengths.max()), 1)
    x[:, _I["log_doc_blocks"]] = math.log1p(min(n, DOC_BLOCKS))
    x[:, _I["topic_overlap"]] = _topic_overlap(vocabulary, np.expm1(x[:, _I["log_words"]]) >= CORE_WORDS)
    x[:, len(OWN) - len(MARKDOWN_COLUMNS) :] = 0.0 if markdown is None else markdown
    return x, labels, BlockRows(texts, x, labels, vocabulary, stops, lex)


def document_features(
    texts: list[str],
    blank_before: list[float],
    stops: frozenset[str],
    lex: Lexicon,
    markdown: np.ndarray | None = None,
) -> tuple[np.ndarray, list[str]]:
    """One row of :data:`OWN` features per block (blocks must not be empty), and
    each block's strongest lexicon category (or ``""``).

    Everything is computed for many blocks at once.  Memory stays bounded: the
    blocks are taken in slices of about :data:`SLICE_CHARS` characters.
    """
    x, labels, _ = featurise(texts, blank_before, stops, lex, markdown)
    return x, labels


def _read_blocks(
    texts: list[str],
    lengths: np.ndarray,
    stops: frozenset[str],
    lex: Lexicon,
    x: np.ndarray,
    vocabulary: list[tuple[np.ndarray, np.ndarray]],
) -> list[str]:
    """:func:`_block_features` of all ``texts`` (``lengths`` characters long) into the
    rows ``x``, a slice of about :data:`SLICE_CHARS` characters at a time."""
    n = len(texts)
    if int(lengths.sum()) + n < SLICE_CHARS:  # most documents: one slice
        return _block_features(texts, stops, lex, x, 0, vocabulary, lengths)
    labels: list[str] = []
    start = size = 0
    for i, text in enumerate(texts):
        size += len(text) + 1
        if size >= SLICE_CHARS or i == n - 1:
            labels += _block_features(
                texts[start : i + 1], stops, lex, x[start : i + 1], start, vocabulary, lengths[start : i + 1]
            )
            start, size = i + 1, 0
    return labels


def _rows_from(
    earlier: BlockRows,
    texts: list[str],
    lengths: np.ndarray,
    x: np.ndarray,
    vocabulary: list[tuple[np.ndarray, np.ndarray]],
) -> list[str]:
    """Fill the rows ``x`` of the blocks ``texts`` (``lengths`` characters long): from
    ``earlier`` where it holds the text, by :func:`_read_blocks` for the others.  Appends the content words to
    ``vocabulary`` and returns the lexicon labels."""
    get = earlier.index.get
    at = np.fromiter((get(t, -1) for t in texts), dtype=np.int64, count=len(texts))
    known = (at >= 0).nonzero()[0]
    new = (at < 0).nonzero()[0]
    x[known] = earlier.own[at[known]]
    labels = [earlier.labels[j] if j >= 0 else "" for j in at.tolist()]
    found: list[tuple[np.ndarray, np.ndarray]] = []
    if known.size:
        # each known block's content words: the earlier row's, found by their block
        blocks, words = earlier.words
        rows = at[known]
        lo, hi = blocks.searchsorted(rows, side="left"), blocks.searchsorted(rows, side="right")
        sizes = hi - lo
        total = int(sizes.sum())
        if total:
            picked = np.repeat(lo - (sizes.cumsum() - sizes), sizes) + np.arange(total)
            found.append((np.repeat(known, sizes), words[picked]))
    if new.size:
        new_texts = [texts[i] for i in new.tolist()]
        rows_x = np.empty((new.size, x.shape[1]))  # every column is written
        read: list[tuple[np.ndarray, np.ndarray]] = []
        new_labels = _read_blocks(new_texts, lengths[new], earlier.stops, earlier.lex, rows_x, read)
        for i, label in zip(new.tolist(), new_labels, strict=True):
            labels[i] = label
        x[new] = rows_x
        found.extend((new[b], w) for b, w in read)
    if found:  # in ascending order of block, as a first reading gives them
        blocks = np.concatenate([b for b, _ in found])
        order = np.argsort(blocks, kind="stable")
        vocabulary.append((blocks[order], np.concatenate([w for _, w in found])[order]))
    return labels


#: Words of at least this many characters, not stopwords, are content words; only the
#: first ``TOPIC_HEAD`` characters of a block are read for them.
CONTENT_LETTERS, TOPIC_HEAD = 4, 1000
#: Blocks with at least this many words make up the document's core vocabulary.
CORE_WORDS = 25


def _topic_overlap(vocabulary: list[tuple[np.ndarray, np.ndarray]], core: np.ndarray) -> np.ndarray:
    """For each block, the share of its distinct content words that also occur in
    another long (core) block of the document: body paragraphs share the article's
    vocabulary; teasers, bios and menus, about other things, do not."""
    n = core.size
    out = np.zeros(n)
    if not vocabulary:
        return out
    blocks = np.concatenate([b for b, _ in vocabulary])
    words = np.concatenate([w for _, w in vocabulary])
    if not words.size:
        return out
    shift = max(1, n.bit_length())
    fast = compiled.topic_overlap(blocks, words, np.ascontiguousarray(core, dtype=bool), shift)
    if fast is not None:
        return fast
    return _topic_overlap_numpy(blocks, words, core, shift)


def _topic_overlap_numpy(blocks: np.ndarray, words: np.ndarray, core: np.ndarray, shift_bits: int) -> np.ndarray:
    """:func:`_topic_overlap` with numpy alone, from the content words' blocks and
    hashes (not empty)."""
    n = core.size
    out = np.zeros(n)
    # distinct (word, block) pairs, sorted by word: one 64-bit key each, the block in the
    # low bits, the top bits of the word's hash times an odd constant (which mixes all
    # its bits into them) in the others: two words that agree there count as one, a
    # chance of about one in 2**40 per pair of words
    shift = np.uint64(shift_bits)
    keys = (words * np.uint64(MIX) >> shift << shift) | blocks.astype(np.uint64)
    keys.sort()
    first = np.ones(keys.size, dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    keys = keys[first]
    blocks = (keys & ((np.uint64(1) << shift) - np.uint64(1))).astype(np.int64)
    words = keys >> shift
    # in how many core blocks each word occurs, less the block's own
    in_core = core[blocks]
    group, sizes = _runs(words)
    found = np.add.reduceat(in_core, group, dtype=np.int64).repeat(sizes)
    shared = (found - in_core) > 0
    distinct = np.bincount(blocks, minlength=n)
    np.divide(np.bincount(blocks, weights=shared, minlength=n), distinct, out=out, where=distinct > 0)
    return out


_NUMBERED = re.compile(r"\d{1,3}[.)]\s")
# small sets of characters looked up at the first or last character of each block
_BULLET_SET, _CLOSER_SET, _OPEN_SET = 1, 2, 4
_SETS = char_sets("-*•·▪►‣◦–—>", _CLOSERS, _OPEN_ENDS)


#: What :func:`_block_features` counts per block, one row of its mask matrix each: first
#: the characters of one class (``_FLAG_ROWS``), then tests that read the neighbours.
_FLAGS = {
    "letter": LETTER,
    "nospace": NOSPACE,
    "upper": UPPER,
    "digit": DIGIT,
    "punct": PUNCT,
    "comma": COMMA,
    "quote": QUOTE,
    "currency": CURRENCY,
}
#: The per-character tests counted per block, in the order of the rows
#: :func:`char_counts` gives.
COUNTED: tuple[str, ...] = (
    *_FLAGS,
    *("wordish", "word_start", "nospace_or_hangul", "sentence_end", "separator", "titled", "alpha", "tag"),
)
_ROW = {name: i for i, name in enumerate(COUNTED)}
_FLAG_ROWS = np.array(list(_FLAGS.values()), dtype=np.uint16)[:, None]

# feature columns computed together: ratios of two counts (numerator row of the counts,
# denominator: 0 letters, 1 words that start with a letter, 2 characters, 3 words),
# logarithms of counts, and yes-or-no tests
_RATIOS = (
    ("upper_ratio", "upper", 0),
    ("title_ratio", "titled", 1),
    ("digit_ratio", "digit", 2),
    ("punct_ratio", "punct", 2),
    ("comma_rate", "comma", 3),
    ("sentence_rate", "sentence_end", 3),
    ("mean_word_len", "wordish", 3),
    ("cjk_ratio", "nospace_or_hangul", 0),
)
_RATIO_COLUMNS = np.array([_I[c] for c, _, _ in _RATIOS])
_RATIO_ROWS = np.array([_ROW[r] for _, r, _ in _RATIOS])
_RATIO_DENOMINATORS = np.array([d for _, _, d in _RATIOS])
# the first three are not counts of the matrix: words, characters, stopwords
_LOG_COLUMNS = np.array([_I[c] for c in ("log_words", "log_chars", "log_stopwords", "separators", "tags", "quotes")])
_LOG_ROWS = np.array([_ROW[r] for r in ("separator", "tag", "quote")])
_FLAG_COLUMNS = np.array(
    [_I[c] for c in ("terminal", "ends_colon", "unfinished", "starts_upper", "starts_lower", "bullet", "currency")]
)


#: The bits of :func:`end_bits`, in the order of the first columns of
#: ``_FLAG_COLUMNS``: the last visible character ends a sentence, the block ends in
#: ":", it ends unfinished (a lower-case letter or an opening sign), it starts with an
#: upper-case letter, with a lower-case one, with a list sign; then: it starts with a
#: digit (a numbered item, maybe).
_END_BITS = np.array([1, 2, 4, 8, 16, 32], dtype=np.uint8)
_STARTS_DIGIT = 64


def end_bits(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """What the first and last characters of each block ``cps[starts[i]:ends[i]]`` (not
    empty) say, as the bits of :data:`_END_BITS` and :data:`_STARTS_DIGIT` (uint8):
    one compiled loop (:func:`cleantext.compiled.block_ends`) where the extension is
    built, else :func:`end_bits_numpy`; both give the same bits."""
    bits = compiled.block_ends(cps, starts, ends, _SETS)
    return bits if bits is not None else end_bits_numpy(cps, starts, ends)


def end_bits_numpy(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """:func:`end_bits` with numpy alone."""
    first, last = cps[starts], cps[ends - 1]
    first_class, last_class = classes_of(first), classes_of(last)
    tests = (
        classes_of(cps[_last_visible(cps, starts, ends)]) & (TERMINAL | CJK_STOP),
        last == ord(":"),
        (last_class & LOWER) | _in_set(last, _OPEN_SET),
        first_class & UPPER,
        first_class & LOWER,
        _in_set(first, _BULLET_SET),
        first_class & DIGIT,
    )
    bits = np.zeros(starts.size, dtype=np.uint8)
    for k, test in enumerate(tests):
        bits |= (test != 0).astype(np.uint8) << np.uint8(k)
    return bits


def _in_set(cps: np.ndarray, flag: int) -> np.ndarray:
    return (_SETS[np.minimum(cps, 0xFFFF)] & flag) != 0


def _last_visible(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Index of each block's last character that is not a closing quote or bracket
    (the first character if all are).

    Linear in the text however long the runs of closers: a few steps back over all
    blocks at once settle nearly every block; if some block still ends in closers,
    the last other character at or before each position comes from one running
    maximum over the whole text."""
    pos = ends - 1
    for _ in range(_VISIBLE_STEPS):
        step = _in_set(cps[pos], _CLOSER_SET) & (pos > starts)
        if not step.any():
            return pos
        pos -= step
    index = np.arange(cps.size, dtype=np.int64)
    index[_in_set(cps, _CLOSER_SET)] = -1
    np.maximum.accumulate(index, out=index)
    return np.maximum(index[ends - 1], starts)


#: Steps back over closers taken for all blocks at once before :func:`_last_visible`
#: reads the whole text instead.
_VISIBLE_STEPS = 4


def char_counts(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Scan:
    """The counts of :data:`COUNTED` for the blocks ``cps[starts[i]:ends[i]]`` (the
    code points of the blocks joined by newlines), one row per test, and their words:
    start, end, hash (:func:`cleantext.words.hashes`) and block of each.

    One compiled pass (:mod:`cleantext.compiled`) where the extension is built, else
    :func:`char_counts_numpy`; both give the same arrays."""
    if cps.size > _MAX_SCAN:
        raise ValueError(f"a slice of {cps.size} characters: word positions are int32 (at most {_MAX_SCAN})")
    found = scan_blocks(cps, starts, ends)
    return found if found is not None else char_counts_numpy(cps, starts, ends)


#: The most characters :func:`char_counts` reads at once (its word positions are int32).
_MAX_SCAN = 2**31 - 1


def char_counts_numpy(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Scan:
    """:func:`char_counts` with numpy alone: every per-character test is a row of one
    matrix, summed per block in one call."""
    classes = classes_of(cps)
    masks = np.empty((len(COUNTED), cps.size), dtype=bool)
    np.not_equal(classes & _FLAG_ROWS, 0, out=masks[: _FLAG_ROWS.shape[0]])
    letter, nospace, upper = masks[_ROW["letter"]], masks[_ROW["nospace"]], masks[_ROW["upper"]]
    space = (classes & SPACE) != 0
    wordish = masks[_ROW["wordish"]]
    np.not_equal(classes & (LETTER | DIGIT), 0, out=wordish)
    wordish &= ~nospace
    word_start = masks[_ROW["word_start"]]
    word_start[:] = wordish
    word_start[1:] &= ~wordish[:-1]
    space_after = np.empty_like(space)
    space_after[:-1], space_after[-1] = space[1:], True
    space_before = np.empty_like(space)
    space_before[1:], space_before[0] = space[:-1], True
    hangul = (cps >= 0xAC00) & (cps <= 0xD7A3)
    np.logical_or(nospace, hangul, out=masks[_ROW["nospace_or_hangul"]])
    sentence_end = masks[_ROW["sentence_end"]]
    np.logical_and((classes & TERMINAL) != 0, space_after, out=sentence_end)
    sentence_end |= (classes & CJK_STOP) != 0
    np.logical_and((classes & SEPARATOR) != 0, space_after & space_before, out=masks[_ROW["separator"]])
    np.logical_and(word_start, upper, out=masks[_ROW["titled"]])
    np.logical_and(word_start, letter, out=masks[_ROW["alpha"]])
    # "#tag" and "@name": the sign after a space (or at the start), a word character next
    tag = masks[_ROW["tag"]]
    np.logical_and((cps == 35) | (cps == 64), space_before, out=tag)  # "#" or "@"
    tag[:-1] &= wordish[1:] | nospace[1:]
    tag[-1:] = False
    # 16-bit sums are faster, and exact while no block is as long as 2**16 characters;
    # the newline after each block is summed with it, and no test counts it
    counts_type = np.uint16 if int((ends - starts).max()) < 1 << 16 else np.int32
    counted = np.add.reduceat(masks, starts, axis=1, dtype=counts_type).astype(np.int32)
    word_starts, word_ends = spans_of(wordish, nospace)
    word_block = starts.searchsorted(word_starts, side="right") - 1
    word_hashes = hashes(cps, word_starts, word_ends)
    # positions as the compiled scan gives them: int32
    return counted, word_starts.astype(np.int32), word_ends.astype(np.int32), word_hashes, word_block.astype(np.int32)


def _content_words(
    cps: np.ndarray,
    starts: np.ndarray,
    word_starts: np.ndarray,
    word_ends: np.ndarray,
    word_block: np.ndarray,
    is_stop: np.ndarray,
) -> np.ndarray:
    """The indices, in order, of the content words that start within
    :data:`TOPIC_HEAD` characters of their block's start: at least
    :data:`CONTENT_LETTERS` characters long, no stopword, starting with a letter.

    The cheap tests read every word, in a few operations on the word arrays with
    temporaries of int32 (word positions are; the scan made the arrays anyway); the
    class of the first character is looked up only for the words that pass them."""
    offset = starts.astype(np.int32)[word_block]
    np.subtract(word_starts, offset, out=offset)  # where each word starts in its block
    near = offset < TOPIC_HEAD
    del offset
    near &= word_ends - word_starts >= CONTENT_LETTERS
    near &= ~is_stop
    picked = near.nonzero()[0]
    content: np.ndarray = picked[(classes_of(cps[word_starts[picked]]) & LETTER) != 0]
    return content


def _block_features(
    texts: list[str],
    stops: frozenset[str],
    lex: Lexicon,
    x: np.ndarray,
    offset: int = 0,
    vocabulary: list[tuple[np.ndarray, np.ndarray]] | None = None,
    lengths: np.ndarray | None = None,
) -> list[str]:
    """Fill the rows ``x`` with the features of ``texts`` (``lengths`` characters long,
    int64, where the caller has them) that each block has on its own; return the
    blocks' lexicon labels.  The blocks' content words (block index plus ``offset``,
    word hash) are appended to ``vocabulary``."""
    if vocabulary is None:
        vocabulary = []
    n = len(texts)
    joined = "\n".join(texts)
    cps = code_points(joined)
    if lengths is not None and np.count_nonzero(cps == 10) == n - 1:
        # no block holds a newline: the blocks are where their lengths put them (a count
        # of the newlines costs less than finding them)
        ends = np.cumsum(lengths + 1)
        ends -= 1
        starts = ends - lengths
    else:
        starts, ends = line_bounds(cps)
    if starts.size != n:  # a block with a newline inside: read it as a space
        texts = [t.replace("\n", " ") for t in texts]
        joined = "\n".join(texts)
        cps = code_points(joined)
        starts, ends = line_bounds(cps)
    lengths = ends - starts
    scanned = char_counts(cps, starts, ends)
    counted, word_starts, word_ends, word_hashes, word_block = scanned
    # a character of a script without spaces is a word of its own
    n_nospace_words = counted[_ROW["nospace"]]
    n_words = counted[_ROW["word_start"]] + n_nospace_words
    counted[_ROW["wordish"]] += n_nospace_words  # now: characters in words
    n_digits = counted[_ROW["digit"]]

    # stopwords per block, and the content words near the start of each block, for the
    # document's shared vocabulary
    stop_set = hash_set(stops)
    fast = compiled.stop_words(cps, starts, scanned, stop_set.flat, TOPIC_HEAD, CONTENT_LETTERS)
    if fast is not None:
        n_stop, content = fast
    else:
        is_stop = stop_set.contains(word_hashes)
        n_stop = np.bincount(word_block[is_stop], minlength=n).astype(np.float64)
        content = _content_words(cps, starts, word_starts, word_ends, word_block, is_stop)
    vocabulary.append((word_block[content] + offset, word_hashes[content]))
    lexicon_columns = x[:, _I["lexicon_cover"] : _I["lexicon_cover"] + 2 + len(CATEGORIES)]
    labels = _lexicon_columns(texts, lengths, n_words, lex, (n_digits > 0).tolist(), lexicon_columns)

    bits = end_bits(cps, starts, ends)
    marked = text_marks(texts, joined, cps, starts, ends, n_digits)
    # the ratio and yes-or-no columns in one compiled loop, else in groups, each group
    # computed and written in one operation
    if not compiled.own_columns(counted, lengths, n_words, n_stop, bits, marked, _own_plan(), x):
        _own_columns_numpy(counted, lengths, n_words, n_stop, bits, marked, x)
    logged = np.empty((len(_LOG_COLUMNS), n))
    logged[0], logged[1], logged[2] = n_words, lengths, n_stop
    logged[3:] = counted[_LOG_ROWS]
    x[:, _LOG_COLUMNS] = np.log1p(logged).T
    x[:, _I["has_stoplist"]] = 1.0 if stops else 0.0
    # a block that starts with a digit is a list item if a number and "." or ")" start it
    numbered = (bits & _STARTS_DIGIT).nonzero()[0]
    if numbered.size:
        x[numbered, _I["bullet"]] = [_NUMBERED.match(texts[i]) is not None for i in numbered.tolist()]
    return labels


def _own_columns_numpy(
    counted: np.ndarray,
    lengths: np.ndarray,
    n_words: np.ndarray,
    n_stop: np.ndarray,
    bits: np.ndarray,
    marked: np.ndarray,
    x: np.ndarray,
) -> None:
    """The columns of :func:`_own_plan` with numpy: the blocks' counts (``counted``),
    characters, words, stopwords, :func:`end_bits` and :func:`text_marks` into ``x``."""
    n = lengths.size
    denominators = np.empty((4, n), dtype=np.int64)
    denominators[0], denominators[1] = counted[_ROW["letter"]], counted[_ROW["alpha"]]
    denominators[2], denominators[3] = lengths, n_words
    np.maximum(denominators, 1, out=denominators)
    x[:, _RATIO_COLUMNS] = (counted[_RATIO_ROWS] / denominators[_RATIO_DENOMINATORS]).T
    x[:, _I["stop_density"]] = n_stop / denominators[3]
    flags = np.empty((len(_FLAG_COLUMNS), n), dtype=bool)
    np.not_equal(bits & _END_BITS[:, None], 0, out=flags[: _END_BITS.size])
    np.not_equal(counted[_ROW["currency"]], 0, out=flags[-1])
    x[:, _FLAG_COLUMNS] = flags.T
    x[:, _MARK_COLUMNS] = (marked[:, None] & _MARK_BITS) != 0


#: The sources ``_core.own_columns`` reads per block after the counts of :data:`COUNTED`
#: (keep in step with ``_core.c``): characters, words, stopwords, end bits, marks.
_SRC_LENGTH, _SRC_WORDS, _SRC_STOP, _SRC_ENDS, _SRC_MARKS = range(len(COUNTED), len(COUNTED) + 5)
_OP_RATIO, _OP_FLAG = 0, 1


@lru_cache(maxsize=1)
def _own_plan() -> np.ndarray:
    """What ``_core.own_columns`` writes, one row (column, op, a, b) per column, the
    columns :func:`_own_columns_numpy` writes: a ratio of source ``a`` over source ``b``
    (at least 1), or whether source ``a`` has a bit of ``b``."""
    denominators = (_ROW["letter"], _ROW["alpha"], _SRC_LENGTH, _SRC_WORDS)
    plan = [(_I[c], _OP_RATIO, _ROW[r], denominators[d]) for c, r, d in _RATIOS]
    plan.append((_I["stop_density"], _OP_RATIO, _SRC_STOP, _SRC_WORDS))
    ends = zip(_FLAG_COLUMNS[: _END_BITS.size].tolist(), _END_BITS.tolist(), strict=True)
    plan += [(c, _OP_FLAG, _SRC_ENDS, bit) for c, bit in ends]
    plan.append((_I["currency"], _OP_FLAG, _ROW["currency"], -1))  # any currency sign
    plan += [(c, _OP_FLAG, _SRC_MARKS, bit) for c, bit in zip(_MARK_COLUMNS.tolist(), _MARK_BITS.tolist(), strict=True)]
    table = np.array(plan, dtype=np.int64)
    table.setflags(write=False)
    return table


#: The columns of the bits :func:`text_marks` gives: a link, a time, a date.
_MARK_COLUMNS = np.array([_I["url"], _I["time"], _I["date"]])
_MARK_BITS = np.array([1, 2, 4], dtype=np.uint8)


def text_marks(
    texts: list[str], joined: str, cps: np.ndarray, starts: np.ndarray, ends: np.ndarray, n_digits: np.ndarray
) -> np.ndarray:
    """Which of the blocks ``texts`` (``joined`` by newlines, its code points ``cps``,
    the blocks at ``starts``..``ends``, with ``n_digits`` digits each) hold a link, a
    time, a date: the bits of :data:`_MARK_BITS` (uint8, one per block).  One compiled
    loop (:func:`cleantext.compiled.marks`) where the extension is built and the text
    is all in the BMP, else :func:`text_marks_patterns`; both give the same bits."""
    bits = compiled.marks(cps, starts, ends, n_digits, _mark_kinds())
    if bits is None and compiled.available():  # a character beyond the BMP
        bmp = _marks_in_bmp(cps)
        if bmp is not None:
            bits = compiled.marks(bmp, starts, ends, n_digits, _mark_kinds())
    return bits if bits is not None else text_marks_patterns(texts, joined, starts, ends, n_digits)


def text_marks_patterns(
    texts: list[str], joined: str, starts: np.ndarray, ends: np.ndarray, n_digits: np.ndarray
) -> np.ndarray:
    """:func:`text_marks` with the patterns (:func:`_url_positions`, :func:`_digit_patterns`)."""
    bits = np.zeros(len(texts), dtype=np.uint8)
    found = _url_positions(joined)
    if found:
        bits[starts.searchsorted(found, side="right") - 1] = _MARK_BITS[0]
    # dates and times need digits: each pattern reads only the blocks with as many as a
    # match of it holds (:func:`_digit_patterns`)
    lengths = ends - starts
    for name, patterns, least in _digit_patterns():
        picked = (n_digits >= least).nonzero()[0]
        if picked.size:
            digit_text = "\n".join([texts[i] for i in picked.tolist()])
            digit_starts = np.zeros(picked.size, dtype=np.int64)
            np.cumsum(lengths[picked[:-1]] + 1, out=digit_starts[1:])
            found_in = _matched(patterns, digit_text, digit_starts, picked.size) != 0
            bits[picked[found_in]] |= _MARK_BITS[1 if name == "time" else 2]
    return bits


@lru_cache(maxsize=1)
def _digit_patterns() -> tuple[tuple[str, tuple[re.Pattern[str], ...], int], ...]:
    """The patterns of the ``time`` and ``date`` columns, each with the least number of
    digits a match of it holds: a time three ("9:30"), a date of numbers four
    ("1.3.19"), a date with a month's name or a day's five ("3. März 2019", "March 3,
    2019").  A match never reaches beyond its block."""
    *numeric, named = _dates()
    return (("time", _times(), 3), ("date", tuple(numeric), 4), ("date", (named,), 5))


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
    # the share of link text (markdown input; 0 elsewhere): a line among link lines is
    # navigation or a list of teasers, one among prose a link in the text
    "md_link_share",
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


_NEIGHBOUR_COLUMNS = np.array([_I[name] for name in NEIGHBOUR])
_POINTER_COLUMNS = np.array([_I[f"lex_{c}"] for c in ("related", "newsletter", "comments", "share")])
_REACH = max(max(abs(k) for k in OFFSETS), *WINDOWS)
_WINDOW_SIZES = np.array(WINDOWS, dtype=np.int64)
_OFFSETS = np.array(OFFSETS, dtype=np.int64)
# headline-like blocks have 2 to 15 words (as log1p of words)
_HEADLINE_WORDS = (math.log1p(2), math.log1p(15))
#: A block of strong prose reads as body alone (a first-pass score of at least
#: STRONG_P1) and has at least 12 words (STRONG_WORDS, as log1p of words).
STRONG_P1, STRONG_WORDS = 0.7, math.log1p(12)
_WINDOWS_ASCENDING = sorted(enumerate(WINDOWS), key=lambda item: item[1])
#: The number of columns :func:`context_features` gives.
N_CONTEXT = len(context_names())


def strong_prose(own: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """Which blocks (own feature rows ``own``, first-pass scores ``p1``) are strong
    prose (:data:`STRONG_P1`, :data:`STRONG_WORDS`)."""
    strong: np.ndarray = (p1 >= STRONG_P1) & (own[:, _I["log_words"]] >= STRONG_WORDS)
    return strong


def context_features(
    own: np.ndarray, p1: np.ndarray, out: np.ndarray | None = None, chars: np.ndarray | None = None
) -> np.ndarray:
    """The neighbours' features and first-pass scores around every block (written
    into ``out``, an array of ``N_CONTEXT`` columns, when given; ``chars``, each
    block's characters as ``expm1`` of its log_chars, when the caller has them)."""
    n = own.shape[0]
    if out is None:
        out = np.empty((n, N_CONTEXT))
    if n == 0:
        return out
    if chars is None:
        chars = np.expm1(own[:, _I["log_chars"]])
    if not compiled.available():
        return _context_features_numpy(own, p1, out, chars)
    found = context_columns(
        own,
        p1,
        chars,
        _NEIGHBOUR_COLUMNS,
        _POINTER_COLUMNS,
        _I["terminal"],
        _I["log_words"],
        _HEADLINE_WORDS,
        STRONG_WORDS,
        _OFFSETS,
        _WINDOW_SIZES,
        out,
    )
    assert found is not None
    nearest, run, any_good = found
    col = len(OFFSETS) * (len(NEIGHBOUR) + 1) + 2 * len(WINDOWS)
    if any_good:
        np.log1p(nearest, out=out[:, col + 2])
    else:
        out[:, col + 2] = math.log1p(n)
    np.log1p(run, out=out[:, col + 5])
    return out


def _context_features_numpy(
    own: np.ndarray, p1: np.ndarray, out: np.ndarray, chars: np.ndarray | None = None
) -> np.ndarray:
    """:func:`context_features` with numpy alone (``own`` has at least one row)."""
    n = own.shape[0]
    reach = _REACH
    # neighbour columns and p1, padded with zeros so that shifts are slices
    width = len(NEIGHBOUR) + 1
    base = np.zeros((n + 2 * reach, width))
    base[reach : reach + n, :-1] = own[:, _NEIGHBOUR_COLUMNS]
    base[reach : reach + n, -1] = p1
    for j, k in enumerate(OFFSETS):
        out[:, j * width : (j + 1) * width] = base[reach + k : reach + k + n]
    col = len(OFFSETS) * width
    index = np.arange(n)
    windows = len(WINDOWS)
    # the mean first-pass score over each window, from cumulative sums
    cumulative = np.zeros(n + 1)
    p1.cumsum(out=cumulative[1:])
    lo = np.maximum(index[:, None] - _WINDOW_SIZES, 0)
    hi = np.minimum(index[:, None] + (_WINDOW_SIZES + 1), n)
    out[:, col : col + windows] = (cumulative[hi] - cumulative[lo]) / (hi - lo)
    col += windows
    # and the highest, from maxima over windows of doubling size
    out[:, col : col + windows] = _window_maxima(base[:, -1], n).T
    col += windows
    out[:, col] = p1
    rank = np.empty(n)
    rank[(-p1).argsort(kind="stable")] = index
    out[:, col + 1] = rank / max(n - 1, 1)
    good = p1 >= 0.5
    out[:, col + 2] = np.log1p(_nearest(good)) if good.any() else math.log1p(n)
    mass = np.where(good, np.expm1(own[:, _I["log_chars"]]) if chars is None else chars, 0.0)
    cum = mass.cumsum()
    total = cum[-1] or 1.0
    out[:, col + 3] = (cum - mass) / total
    out[:, col + 4] = (total - cum) / total
    # a list of headline-like lines (teasers, related links): the length of the run
    words = own[:, _I["log_words"]]
    headline = (own[:, _I["terminal"]] == 0) & (words >= _HEADLINE_WORDS[0]) & (words <= _HEADLINE_WORDS[1])
    out[:, col + 5] = np.log1p(_run_length(headline)) * headline
    # right below a pointer such as "Related articles", "Newsletter", "Comments" (up to 3 blocks)
    pointers = np.zeros(n + 1)
    (np.maximum.reduce(own[:, _POINTER_COLUMNS], axis=1) > 0).cumsum(out=pointers[1:])
    out[:, col + 6] = pointers[index] - pointers[np.maximum(index - 3, 0)] > 0
    # before the first or after the last block of strong prose
    strong = strong_prose(own, p1).nonzero()[0]
    if strong.size:
        out[:, col + 7] = index < strong[0]
        out[:, col + 8] = index > strong[-1]
    else:
        out[:, col + 7 : col + 9] = 0.0
    return out


def _window_maxima(padded: np.ndarray, n: int) -> np.ndarray:
    """For each window size ``w`` of :data:`WINDOWS`, the maximum of ``padded`` over
    the ``2w + 1`` values centred on each of the ``n`` blocks (``padded`` holds
    :data:`_REACH` zeros before and after them), one row per window size.

    Maxima over windows of doubling size are built once for all sizes: two
    overlapping windows of the largest power of two below a width cover it."""
    out = np.empty((len(WINDOWS), n))
    span, best = 1, padded
    for row, w in _WINDOWS_ASCENDING:
        width = 2 * w + 1
        while 2 * span <= width:
            best = np.maximum(best[:-span], best[span:])
            span *= 2
        # best[j] is the maximum of padded[j : j + span]; the window of block i starts
        # at _REACH - w + i
        first = _REACH - w
        np.maximum(best[first : first + n], best[first + width - span : first + width - span + n], out=out[row])
    return out


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal consecutive values starts, and its length (``values``
    must not be empty)."""
    change = (values[1:] != values[:-1]).nonzero()[0]
    bounds = np.empty(change.size + 2, dtype=np.int64)
    bounds[0], bounds[-1] = 0, values.size
    np.add(change, 1, out=bounds[1:-1])
    return bounds[:-1], bounds[1:] - bounds[:-1]


def _run_length(flags: np.ndarray) -> np.ndarray:
    """For each position, the length of the run of equal flags it belongs to."""
    lengths = _runs(flags)[1]
    return lengths.repeat(lengths).astype(np.float64)


def _nearest(good: np.ndarray) -> np.ndarray:
    """Distance from each block to the nearest good block (``len + 1`` or more if none)."""
    n = len(good)
    index = np.arange(n)
    left = index - np.maximum.accumulate(np.where(good, index, -(n + 1)))
    right = np.minimum.accumulate(np.where(good, index, 2 * (n + 1))[::-1])[::-1] - index
    return np.minimum(left, right).astype(np.float64)
