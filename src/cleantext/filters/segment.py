"""Split text into blocks, rejoining what a scraper split out of one element."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import TypeVar

import numpy as np

from .. import compiled, uniclass
from ..charclass import DIGIT, LOWER, SPACE, UPPER, char_sets, code_points, line_bounds, table
from ..document import Block, Document, _new_blocks
from ..pipeline import Step, register
from ..stopwords import stopwords

# a line ending in one of these ends a sentence or a clause: no continuation expected
_CLOSED = frozenset('.!?;:…。！？」』"”»)]')
# a line starting with one of these continues the previous one
_CONTINUES = frozenset(",.;:!?%)]»”")
# a line ending in one of these is unfinished: the next line goes on with it
_OPENS = frozenset(",([„“«-–—/&+")
# list signs that start an item ("- ", "• "), and the item pattern with numbered items
_BULLET_SIGNS = "-*•·▪►‣◦"
_BULLET = re.compile(rf"^(?:[{re.escape(_BULLET_SIGNS)}]|\d{{1,3}}[.)])\s")
_TRIM = "\"'“”„«»()[]{}.,;:!?…"


def _ends_with_initial(text: str) -> bool:
    """A capital and a full stop at the end ("Garth A."), after a space or alone."""
    return len(text) >= 2 and text[-1] == "." and text[-2].isupper() and (len(text) == 2 or text[-3] == " ")


@lru_cache(maxsize=1)
def _cap_word() -> re.Pattern[str]:
    """A capitalised word ("Smith", "O'Neil", "A.", "Dr."), compiled on first use."""
    upper, lower = uniclass.upper(), uniclass.lower()
    return re.compile(rf"^(?:{upper}(?:{lower}|[\-'])+\.?|{upper}\.|(?:Prof|Dr|Mr|Mrs|Ms)\.)$")


def _is_name_part(line: str, max_words: int) -> bool:
    words = line.split(" ")
    return 0 < len(words) <= max_words and all(map(_cap_word().match, words))


# what a line's first and last characters say, one bit each (computed for all lines at once)
_CONT, _LOWER_FIRST, _ELLIPSIS, _BULLET_LINE = 1, 2, 4, 8
_CLOSED_END, _OPEN_END, _INITIAL_END, _DROP_CAP = 16, 32, 64, 128


# helper bits of the tables below (not line flags): the first character is a full
# stop, a bullet sign, a capital other than "A", "I", "O"; the last one is a full stop
_DOT_FIRST, _BULLET_CHAR, _CAP_CHAR, _DOT_LAST = 1 << 8, 1 << 9, 1 << 10, 1 << 11


@lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """What a line's first and what its last character say, as bits, over the BMP
    (made on the first page, not at import)."""
    classes = table()
    first = np.zeros(0x10000, dtype=np.uint16)
    last = np.zeros(0x10000, dtype=np.uint16)
    first[(classes & LOWER) != 0] |= _LOWER_FIRST
    first[(classes & UPPER) != 0] |= _CAP_CHAR
    for ch in "AIO":
        first[ord(ch)] &= ~_CAP_CHAR & 0xFFFF
    for chars, bit, where in (
        (_CONTINUES, _CONT, first),
        ("…", _ELLIPSIS, first),
        (".", _DOT_FIRST, first),
        (_BULLET_SIGNS, _BULLET_CHAR, first),
        (_CLOSED, _CLOSED_END, last),
        (_OPENS, _OPEN_END, last),
        (".", _DOT_LAST, last),
    ):
        for ch in chars:
            where[ord(ch)] |= bit
    first.setflags(write=False)
    last.setflags(write=False)
    return first, last


def _line_flags(text: str) -> tuple[list[int], np.ndarray]:
    """The bits above for every line of ``text`` (0 for an empty line), and the
    length of every line: one compiled loop (:func:`cleantext.compiled.line_flags`)
    where the extension is built, else :func:`_line_flags_numpy`."""
    found = compiled.line_flags(text, *_char_tables())
    if found is None:
        return _line_flags_numpy(text)
    flags: list[int] = found[0].tolist()
    return flags, found[1]


def _line_flags_numpy(text: str) -> tuple[list[int], np.ndarray]:
    """:func:`_line_flags` with numpy alone."""
    cps = code_points(text)
    starts, ends = line_bounds(cps)
    lengths = ends - starts
    if not cps.size:
        return [0] * lengths.size, lengths
    # an empty line reads a neighbour's characters here: its bits are cleared below
    first = np.minimum(cps[np.minimum(starts, cps.size - 1)], 0xFFFF)
    first_bits, last_bits = _char_tables()
    bits = first_bits[first]
    bits |= last_bits[np.minimum(cps[ends - 1], 0xFFFF)]
    classes = table()
    # "..." at the start (a line of three characters at least)
    lines = (((bits & _DOT_FIRST) != 0) & (lengths >= 3)).nonzero()[0]
    if lines.size:
        at = starts[lines]
        dots = (cps[at + 1] == 46) & (cps[at + 2] == 46)
        bits[lines[dots]] |= _ELLIPSIS
    # a bullet sign and a space
    lines = (((bits & _BULLET_CHAR) != 0) & (lengths >= 2)).nonzero()[0]
    if lines.size:
        spaced = (classes[np.minimum(cps[starts[lines] + 1], 0xFFFF)] & SPACE) != 0
        bits[lines[spaced]] |= _BULLET_LINE
    # an initial at the end: "A." alone or after a space
    lines = (((bits & _DOT_LAST) != 0) & (lengths >= 2)).nonzero()[0]
    if lines.size:
        at, size = ends[lines], lengths[lines]
        capital = (classes[np.minimum(cps[at - 2], 0xFFFF)] & UPPER) != 0
        alone = (size == 2) | (cps[np.maximum(at - 3, 0)] == 32)
        bits[lines[capital & alone]] |= _INITIAL_END
    # a capital standing alone: a drop cap
    bits[((bits & _CAP_CHAR) != 0) & (lengths == 1)] |= _DROP_CAP
    bits[lengths == 0] = 0
    flags: list[int] = (bits & 0xFF).tolist()
    # numbered list items ("1. ", "12) ") need a pattern: only lines that start with a digit
    for i in (((classes[first] & DIGIT) != 0) & (lengths > 0)).nonzero()[0].tolist():
        if _BULLET.match(text[int(starts[i]) : int(ends[i])]):
            flags[i] |= _BULLET_LINE
    return flags, lengths


def _flags_of(line: str) -> int:
    """The bits of one line, in Python (for a part glued from several lines)."""
    if not line:
        return 0
    first, last = line[0], line[-1]
    bits = _CONT if first in _CONTINUES else 0
    bits |= _LOWER_FIRST if first.islower() else 0
    bits |= _ELLIPSIS if line.startswith(("...", "…")) else 0
    bits |= _BULLET_LINE if _BULLET.match(line) else 0
    bits |= _CLOSED_END if last in _CLOSED else 0
    bits |= _OPEN_END if last in _OPENS else 0
    bits |= _INITIAL_END if _ends_with_initial(line) else 0
    bits |= _DROP_CAP if len(line) == 1 and line.isupper() and line not in "AIO" else 0
    return bits


# what the bits of a line and of the line before it say, when no blank line stands
# between them: a new block, the same block, or it depends on their words
_SPLIT, _JOIN, _MAYBE = 0, 1, 2


@lru_cache(maxsize=1)
def _pair_verdicts() -> tuple[list[int], np.ndarray]:
    """The verdict for every pair of line bits, indexed by ``previous << 8 | line``
    (one table lookup in the loop instead of a cascade of tests per line), as a
    list for the loop and an array for whole pages; made on the first page."""
    pair = np.arange(1 << 16)
    pbits, bits = pair >> 8, pair & 0xFF
    verdict = np.select(
        [  # the first test that holds decides
            # a line that starts with a comma or a closing sign continues, unless it is
            # an ellipsis or the line before it is a list item
            (bits & _CONT) != 0,
            # after a closed sentence (not an initial such as "Garth A.") a block starts
            ((pbits & _CLOSED_END) != 0) & ((pbits & _INITIAL_END) == 0),
            # list items stand alone
            ((bits | pbits) & _BULLET_LINE) != 0,
            # lower case goes on; so does a line after an open end or an initial
            ((bits & _LOWER_FIRST) != 0) | ((pbits & (_OPEN_END | _INITIAL_END)) != 0),
        ],
        [
            np.where(((bits & _ELLIPSIS) == 0) & ((pbits & _BULLET_LINE) == 0), _JOIN, _SPLIT),
            _SPLIT,
            _SPLIT,
            _JOIN,
        ],
        default=_MAYBE,
    ).astype(np.uint8)
    return verdict.tolist(), verdict


def _starts_for_sure(flags: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """For every line, whether it starts a block whatever the lines before it hold:
    its bits and those of the line above say so, with no glued line above whose
    bits could differ.  (An empty line is never such a start.)  The segmenter
    needs its loop only between two such starts."""
    lines = lengths.nonzero()[0]
    sure = np.zeros(flags.size, dtype=bool)
    if not lines.size:
        return sure
    bits = flags[lines].astype(np.int64)
    before = np.empty_like(bits)
    before[0], before[1:] = 0, bits[:-1]
    # the line above was not glued to: its own bits are the block's last bits
    plain_above = (before & _CONT) == 0
    split = _pair_verdicts()[1][before << 8 | bits] == _SPLIT
    # across one blank line only a long open sentence going on in lower case joins;
    # across two or more, nothing does
    gap = np.zeros(bits.size, dtype=np.int64)
    gap[1:] = np.diff(lines) - 1
    across = ((bits & _LOWER_FIRST) == 0) | ((before & _CLOSED_END) != 0) | (gap > 1)
    blank = gap > 0
    sure[lines] = plain_above & np.where(blank, across, split)
    sure[lines[0]] = True
    return sure


def _joins_by_words(prev: str, pbits: int, line: str, function_words: frozenset[str], size: int) -> bool:
    """For a pair whose bits leave it open (:data:`_MAYBE`): does ``line`` continue the
    block of ``size`` characters that ends with ``prev``?  A drop cap joins its word;
    a block longer than 20 characters that ends on a function word goes on."""
    if pbits & _DROP_CAP and _drop_cap(prev, line):
        return True
    return _ends_on_function_word(prev, size, function_words)


def _ends_on_function_word(prev: str, size: int, function_words: frozenset[str]) -> bool:
    """Whether a block of ``size`` characters that ends with ``prev`` is longer than 20
    characters and ends on one of ``function_words`` (lower case)."""
    return size > 20 and prev.rsplit(" ", 1)[-1].strip(_TRIM).lower() in function_words


def _drop_cap(prev: str, line: str) -> bool:
    """A decorative initial split from its word: "S" then "IDAMO: ..." or "ie sagte".
    It joins the block with a space, as any other line: the output never holds a word
    that the input does not."""
    return len(prev) == 1 and prev.isupper() and prev not in "AIO" and line[:2].isalpha() and not line.isupper()


_Int = TypeVar("_Int", int, np.ndarray)


def _joins_across_blank(size: _Int, pbits: _Int, bits: _Int) -> _Int:
    """Whether a line of ``bits`` one blank line under a block of ``size`` characters
    whose last line has ``pbits`` goes on with it: a hard wrap of a long open sentence,
    going on in lower case (for one pair, or element-wise for arrays of pairs)."""
    return (size >= 40) & ((pbits & _CLOSED_END) == 0) & ((bits & _LOWER_FIRST) != 0)


def separations(lines: list[str], language: str | None = None) -> list[int]:
    """For each of ``lines`` after the first, how many blank lines must stand above it
    so that the segmenter reads it as a block of its own: 0 where it would not go on
    with the line above anyway, 1 where it would right under it (:func:`joins`), 2
    where it would even across one blank line (a long open sentence above, a line in
    lower case: two blank lines always end a block).  Two lines of a name that would
    stand alone between blank lines (:func:`_join_names`) get one between them too.
    The body of a page, one block per line, is written so."""
    if len(lines) < 2:
        return []
    bits, lengths = _bits_of_lines(lines)
    out = _joining(lines, language, bits, lengths).astype(np.int64)
    # (an empty line has no bits: it never goes on from a line, nor one from it)
    out[_joins_across_blank(lengths[:-1], bits[:-1], bits[1:])] = 2
    # a pair of lines with no blank line between them, blank lines (or the page's
    # edges: not its start) around them: the segmenter reads a two-line name there as one
    apart = np.zeros(out.size + 2, dtype=bool)
    apart[1:-1] = out > 0
    apart[-1] = True
    pairs = ((out == 0) & apart[:-2] & apart[2:]).nonzero()[0]
    for i in pairs.tolist():
        if _is_name_part(lines[i], 2) and _is_name_part(lines[i + 1], 3):
            out[i] = 1
    separated: list[int] = out.tolist()
    return separated


def joins(prev: str, line: str, language: str | None = None) -> bool:
    """Whether ``line``, right under ``prev`` with no blank line between, would be read
    as the same block as ``prev`` (both single lines; the body of a page, one block per
    line, puts a blank line between two such blocks so that it reads as it was kept)."""
    return joining([prev, line], language)[0]


def joining(lines: list[str], language: str | None = None) -> list[bool]:
    """For each of ``lines`` after the first, :func:`joins` of it under the line above.

    The lines' bits are read for all of them at once, as the segmenter reads a page
    (:func:`_line_flags`), and each pair's verdict is one table lookup; only pairs
    the bits leave open read their words.  Lines that hold a line break are read one
    by one (:func:`_flags_of`)."""
    if len(lines) < 2:
        return []
    joined: list[bool] = _joining(lines, language, *_bits_of_lines(lines)).tolist()
    return joined


def _bits_of_lines(lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The bits and the lengths of ``lines``, read as the segmenter reads a page; a line
    that holds a line break is read as one string (:func:`_flags_of`)."""
    text = "\n".join(lines)
    try:  # (as an array: no list in between; the lines are not counted again)
        found = compiled.line_flags(text, *_char_tables(), len(lines))
    except ValueError:  # the compiled loop found more lines: one holds a line break
        found = None
    else:
        if found is None:
            found = _line_flags_numpy(text)
    if found is None or len(found[0]) != len(lines):
        flags = [_flags_of(line) for line in lines]
        lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        return np.asarray(flags, dtype=np.int64), lengths
    return np.asarray(found[0], dtype=np.int64), found[1]


def _joining(lines: list[str], language: str | None, bits: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """:func:`joining` as a boolean array, from the lines' bits and lengths."""
    verdict = _pair_verdicts()[1][bits[:-1] << 8 | bits[1:]]
    filled = lengths != 0
    both = filled[:-1] & filled[1:]
    out = (verdict == _JOIN) & both
    maybe = ((verdict == _MAYBE) & both).nonzero()[0]
    if maybe.size:
        function_words = stopwords(language)
        pairs: list[int] = maybe.tolist()
        # (the drop cap's test only where the bits say a drop cap may be)
        out[maybe] = [
            _joins_by_words(line, pbits, lines[i + 1], function_words, len(line))
            if pbits & _DROP_CAP
            else _ends_on_function_word(line, len(line), function_words)
            for i, line, pbits in zip(pairs, map(lines.__getitem__, pairs), bits[maybe].tolist(), strict=True)
        ]
    return out


#: Characters at each end of a glued part that its bits depend on (at most five: "12) x").
_EDGE = 8


class _Glued:
    """A part that lines are glued to without a space (``"x"``, ``","``, ``","`` ...),
    kept as pieces and joined once: a string grown by ``+=`` in a list is copied
    whole for every piece, quadratic over a long run of such lines.  Its bits
    (:func:`_flags_of`) depend only on its first and last few characters and on
    whether it is longer than two, so they are read from those alone."""

    __slots__ = ("bits", "head", "pieces", "size", "tail")

    def __init__(self, first: str) -> None:
        self.pieces = [first]
        self.head, self.tail, self.size = first[:_EDGE], first[-_EDGE:], len(first)
        self.bits: int | None = None  # the bits, once read and while they hold

    def add(self, piece: str) -> None:
        """Glue ``piece`` at the end."""
        self.pieces.append(piece)
        if len(self.head) < _EDGE:
            self.head = (self.head + piece)[:_EDGE]
            self.bits = None
        tail = (self.tail + piece)[-_EDGE:]
        if tail != self.tail or self.size <= 2 * _EDGE:
            self.tail, self.bits = tail, None
        self.size += len(piece)

    def flags(self) -> int:
        """The bits :func:`_flags_of` gives the whole part (read again only when its
        first or last characters changed: a run of ``","`` lines keeps them)."""
        if self.bits is None:
            self.bits = _flags_of(self.head + self.tail if self.size > 2 * _EDGE else str(self))
        return self.bits

    def __str__(self) -> str:
        return "".join(self.pieces)


def segment(text: str, language: str | None = None) -> list[Block]:
    """Split ``text`` into blocks: one per line, rejoining lines a scraper split
    from one element (a link cut out of its sentence, a name over two lines)."""
    return _segment(text, text.split("\n"), language)


def _segment(text: str, lines: list[str], language: str | None) -> list[Block]:
    function_words = stopwords(language)
    found = compiled.line_flags(text, *_char_tables(), len(lines))
    blocks: list[Block] = []
    after_blank: list[int] = []  # the blocks with a blank line before them
    if found is not None:  # the compiled loop reads any page at once
        _read_compiled(text, lines, *found, function_words, blocks, after_blank)
    else:
        flags, lengths = _line_flags_numpy(text)
        if len(lines) < BULK_LINES:  # a page of the usual size: one loop costs less than the arrays
            _read_stretch(lines, flags, 0, len(lines), function_words, blocks, after_blank)
        else:
            _read_in_bulk(lines, flags, lengths, function_words, blocks, after_blank)
    if after_blank and _join_names(blocks, after_blank):  # a name card stands between blank lines
        for i, block in enumerate(blocks):
            block.index = i
    return blocks


#: Pages of at least this many lines make the blocks of lines that stand alone in bulk.
BULK_LINES = 2000


def _read_in_bulk(
    lines: list[str],
    flags: list[int],
    lengths: np.ndarray,
    function_words: frozenset[str],
    blocks: list[Block],
    after_blank: list[int],
) -> None:
    """Append the blocks of ``lines`` to ``blocks`` as :func:`_read_stretch` does,
    making those of lines that are a block alone at once."""
    # the non-empty lines; those that start a block for sure, and those that are a block
    # alone (a sure start before another or before the end): made at once, the loop
    # reads only the stretches between
    filled = lengths.nonzero()[0]
    sure = _starts_for_sure(np.array(flags, dtype=np.int64), lengths)[filled]
    alone = sure.copy()
    alone[:-1] &= sure[1:]
    # stretches: [first, end) of `filled`, each all alone lines or one loop's lines
    cuts = (sure[1:] & ~(alone[1:] & alone[:-1])).nonzero()[0] + 1
    bounds = [0, *cuts.tolist(), filled.size]
    filled_lines: list[int] = filled.tolist()
    alone_list: list[bool] = alone.tolist()
    for first, end in pairwise(bounds):
        if first == end:
            continue
        if alone_list[first]:
            # one block per line: the blank lines before them are read at once
            base, stretch = len(blocks), filled_lines[first:end]
            blank = [bool(i) and not lines[i - 1] for i in stretch]
            after_blank.extend([base + k for k, b in enumerate(blank) if b])
            blocks.extend(
                [
                    Block(k, lines[i], i, i, {"blank_before": 1.0 if b else 0.0})
                    for k, i, b in zip(range(base, base + len(stretch)), stretch, blank, strict=True)
                ]
            )
        else:
            stop = filled_lines[end] if end < len(filled_lines) else len(lines)
            _read_stretch(lines, flags, filled_lines[first], stop, function_words, blocks, after_blank)


def _read_stretch(
    lines: list[str],
    flags: list[int],
    begin: int,
    stop: int,
    function_words: frozenset[str],
    blocks: list[Block],
    after_blank: list[int],
) -> None:
    """Append to ``blocks`` the blocks of ``lines[begin:stop]``, line by line: whether
    each line joins the block above it (``begin`` starts one for sure).  The numpy
    path's loop, and the reference for :func:`_read_compiled`."""
    verdicts = _pair_verdicts()[0]
    parts: list[str] = []
    glued: _Glued | None = None  # parts[-1] with lines glued to it, while it grows
    prev, pbits = "", 0
    start = 0
    blank_before = 0.0
    blanks = 1 if begin and not lines[begin - 1] else 0
    last = -1
    size = 0
    for i, line in enumerate(lines[begin:stop] if begin or stop < len(lines) else lines, begin):
        if not line:
            blanks += 1
            continue
        bits = flags[i]
        if not parts:
            join = False
        elif blanks:
            # a hard wrap across one blank line: only a long unfinished sentence going on
            # in lower case (two blank lines or more always end a block)
            join = blanks == 1 and _joins_across_blank(size, pbits, bits)
        else:
            verdict = verdicts[pbits << 8 | bits]
            if verdict == _MAYBE and glued is not None:  # the glued part as one string, once
                prev = parts[-1] = str(glued)
                glued = None
            join = verdict == _JOIN or (verdict == _MAYBE and _joins_by_words(prev, pbits, line, function_words, size))
        if join:
            size += len(line) + 1
            if bits & _CONT:
                # glued without a space ("3" + ") item"): the glued part is read afresh
                if glued is None:
                    glued = _Glued(parts[-1])
                glued.add(line)
                pbits = glued.flags()
            else:
                if glued is not None:
                    parts[-1], glued = str(glued), None
                parts.append(line)
                prev, pbits = line, bits
            last = i
            blanks = 0
            continue
        if glued is not None:
            parts[-1], glued = str(glued), None
        if parts:
            blocks.append(Block(len(blocks), " ".join(parts), start, last, {"blank_before": blank_before}))
        parts = [line]
        prev, pbits = line, bits
        size = len(line)
        start = last = i
        blank_before = 1.0 if blanks and (blocks or i) else 0.0
        if blank_before:
            after_blank.append(len(blocks))
        blanks = 0
    if glued is not None:
        parts[-1] = str(glued)
    if parts:
        blocks.append(Block(len(blocks), " ".join(parts), start, last, {"blank_before": blank_before}))


#: What the compiled loop says of each line (:func:`cleantext.compiled.segment_lines`):
#: empty, starts a block, goes on with the block above after a space, glued to it.
_ROLE_EMPTY, _ROLE_NEW, _ROLE_SPACE, _ROLE_GLUE = 0, 1, 2, 3


@lru_cache(maxsize=1)
def _string_sets() -> np.ndarray:
    """The characters the string tests of :func:`_flags_of` and :func:`_joins_by_words`
    name, for the compiled loop: bit 1 continues, 2 closes, 4 opens, 8 a list sign,
    16 trimmed off a word (over the BMP)."""
    return char_sets("".join(_CONTINUES), "".join(_CLOSED), "".join(_OPENS), _BULLET_SIGNS, _TRIM)


def _read_compiled(
    text: str,
    lines: list[str],
    bits: np.ndarray,
    lengths: np.ndarray,
    function_words: frozenset[str],
    blocks: list[Block],
    after_blank: list[int],
) -> None:
    """Append to ``blocks`` the blocks of all ``lines`` (of bits ``bits`` and lengths
    ``lengths``) as :func:`_read_stretch` does, with its loop compiled
    (:func:`cleantext.compiled.segment_lines`): the loop says of each line whether it
    starts a block, and the blocks are made from that at once.  The pairs whose words
    decide are read there too, but for a drop cap or a last word glued from several
    lines, which are read here (:func:`_joins_by_words`)."""

    def maybe(first: int, last: int, line: int, size: int, pbits: int) -> bool:
        prev = lines[first] if first == last else "".join(lines[first : last + 1])
        return _joins_by_words(prev, pbits, lines[line], function_words, size)

    starts = np.empty(lengths.size, dtype=np.int64)  # where each line starts
    starts[0] = 0
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    roles = np.zeros(lengths.size, dtype=np.uint8)
    done = compiled.segment_lines(
        text,
        bits,
        lengths,
        _pair_verdicts()[1],
        _string_sets(),
        0,
        len(lines),
        function_words,
        maybe,
        starts,
        roles,
    )
    assert done
    firsts_array = (roles == _ROLE_NEW).nonzero()[0]
    if not firsts_array.size:
        return
    firsts: list[int] = firsts_array.tolist()
    texts = list(map(lines.__getitem__, firsts))
    if not (roles >= _ROLE_SPACE).any():  # every block one line (most)
        lasts = firsts
    else:
        lasts = _join_lines(lines, roles, firsts_array, texts)
    # a block after a blank line (the page's first line has none above it)
    blank = lengths[firsts_array - 1] == 0
    blank[0] &= firsts[0] > 0
    base = len(blocks)
    after_blank.extend((blank.nonzero()[0] + base).tolist())
    # the blocks at once
    blocks.extend(_new_blocks(base, texts, firsts, lasts, blank.astype(np.float64).tolist()))


def _join_lines(lines: list[str], roles: np.ndarray, firsts_array: np.ndarray, texts: list[str]) -> list[int]:
    """The last line of each block that starts at ``firsts_array`` (the last filled
    line before the next block's first), putting the text of each block of several
    lines into ``texts``: its lines joined by a space, or by nothing where a line
    is glued on (:data:`_ROLE_GLUE`); empty lines inside add nothing."""
    filled = (roles != _ROLE_EMPTY).nonzero()[0]
    ends = np.empty(firsts_array.size, dtype=np.int64)
    ends[:-1] = filled.searchsorted(firsts_array[1:])
    ends[-1] = filled.size
    last_array = filled[ends - 1]
    lasts: list[int] = last_array.tolist()
    several = (last_array != firsts_array).nonzero()[0]
    role_list: list[int] = roles.tolist()
    # (a loop: most pages have few such blocks, fewer than numpy calls would cost)
    for k, first, last in zip(
        several.tolist(), firsts_array[several].tolist(), last_array[several].tolist(), strict=True
    ):
        parts = [lines[first]]
        for i in range(first + 1, last + 1):
            if role_list[i] == _ROLE_SPACE:
                parts.append(" ")
            if role_list[i] != _ROLE_EMPTY:
                parts.append(lines[i])
        texts[k] = "".join(parts)
    return lasts


def _join_names(blocks: list[Block], after_blank: list[int]) -> bool:
    """Join a two-line name ("Prof. Dr." / "Jane Doe") that stands alone between
    blank lines, as html-to-text converters leave an author card.  ``after_blank``
    lists the blocks with a blank line before them, in order.  Says whether any
    was joined."""
    # the pair is a block after a blank line and the block right below it, with a blank
    # line (or the end) after that: the next block after a blank line (or the end) is
    # two further on.  Pairs never overlap, so they are taken from the end and a join
    # leaves the indices of the pairs still to come as they are
    n = len(blocks)
    pairs = [i for i, following in zip(after_blank, [*after_blank[1:], n], strict=True) if following - i == 2]
    joined = False
    for i in reversed(pairs):
        a, b = blocks[i], blocks[i + 1]
        if b.first_line == a.last_line + 1 and _is_name_part(a.text, 2) and _is_name_part(b.text, 3):
            a.text = f"{a.text} {b.text}"
            a.last_line = b.last_line
            del blocks[i + 1]
            joined = True
    return joined


@register("segment")
class Segment(Step):
    """Split the text into blocks, rejoining lines split from one element."""

    name = "segment"

    def __call__(self, doc: Document) -> None:
        lines = doc.lines()
        doc.blocks = _segment(doc.text, lines, doc.language)
        n_lines = len(lines) - lines.count("")
        doc.report(self.name, f"{n_lines} line(s) into {len(doc.blocks)} block(s)")
