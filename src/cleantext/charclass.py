"""Per-character classes as bit flags, looked up for a whole document at once with numpy.

One table of 16-bit classes covers the Basic Multilingual Plane: the low byte holds
the general class (letter, upper case, digit, ...), the high byte marks characters
of particular interest (quotes, sentence ends, currency, ...).  A second table maps
each code point to its lower-case form, for hashing words (:mod:`cleantext.words`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from . import compiled

LETTER, UPPER, DIGIT, PUNCT, SPACE, NOSPACE, LOWER = 1, 2, 4, 8, 16, 32, 64
#: A word character as regular expressions see word boundaries: ``str.isalnum()`` or "_".
WORD = 128
# marks of particular interest, in the high byte
QUOTE, TERMINAL, CJK_STOP, CURRENCY, SEPARATOR, COMMA = 1 << 8, 2 << 8, 4 << 8, 8 << 8, 16 << 8, 32 << 8
_MARKS = {
    QUOTE: '"„“”«»',
    TERMINAL: ".!?…",
    CJK_STOP: "。！？",
    CURRENCY: "$€£¥₹₽₩",
    SEPARATOR: "|•·»›/>–",
    COMMA: ",",
}

_NOSPACE_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
)


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    classes = np.zeros(0x10000, dtype=np.uint16)
    lower = np.arange(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            classes[cp] = LETTER | (UPPER if cat in ("Lu", "Lt") else 0) | (LOWER if cat == "Ll" else 0)
            low = ch.lower()
            if len(low) == 1:
                lower[cp] = ord(low)
        elif cat == "Nd":
            classes[cp] = DIGIT
        elif cat[0] in "PS":
            classes[cp] = PUNCT
        elif cat[0] == "Z" or ch in "\t\n\r":
            classes[cp] = SPACE
        elif cat[0] == "M":
            classes[cp] = LETTER  # combining marks belong to their letter (Indic scripts)
    for lo, hi in _NOSPACE_RANGES:
        span = classes[lo : hi + 1]
        span |= np.where(span & LETTER, NOSPACE, 0).astype(np.uint16)
    for flag, chars in _MARKS.items():
        for ch in chars:
            classes[ord(ch)] |= flag
    # word characters as "\w" reads them: str.isalnum() or "_"
    word = np.fromiter(map(str.isalnum, map(chr, range(0x10000))), dtype=bool, count=0x10000)
    word[ord("_")] = True
    classes[word] |= WORD
    classes.setflags(write=False)
    lower.setflags(write=False)
    return classes, lower


def table() -> np.ndarray:
    """Classes (flags and marks) of every code point of the Basic Multilingual Plane."""
    return _tables()[0]


def lower_table() -> np.ndarray:
    """The lower-case code point of every code point of the BMP (itself if it has none,
    or if its lower case is more than one character)."""
    return _tables()[1]


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (uint32): read from the string in one
    compiled pass where the extension is built, else from its UTF-32."""
    found = compiled.code_points(text)
    if found is not None:
        return found
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def char_sets(*members: str) -> np.ndarray:
    """A table over the BMP in which bit ``k`` is set for the characters of ``members[k]``
    (look up ``table[np.minimum(cps, 0xFFFF)]``)."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for k, chars in enumerate(members):
        for ch in chars:
            table[ord(ch)] |= 1 << k
    table.setflags(write=False)
    return table


def line_bounds(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of every line of the text with code points ``cps``."""
    newlines = (cps == 10).nonzero()[0]
    starts = np.empty(newlines.size + 1, dtype=np.int64)
    ends = np.empty(newlines.size + 1, dtype=np.int64)
    starts[0], ends[-1] = 0, cps.size
    np.add(newlines, 1, out=starts[1:])
    ends[:-1] = newlines
    return starts, ends


def classes_of(text: str | np.ndarray) -> np.ndarray:
    """The classes (flags and marks) of every character of ``text`` (a string or its
    code points).  Beyond the BMP, CJK extensions are letters without spaces and
    everything else (emoji) is a symbol."""
    cps = code_points(text) if isinstance(text, str) else text
    if cps.size and int(cps.max()) > 0xFFFF:
        out = table()[np.minimum(cps, 0xFFFF)]
        astral = cps > 0xFFFF
        cjk = astral & (cps >= 0x20000) & (cps <= 0x3FFFF)
        return np.where(cjk, LETTER | NOSPACE, np.where(astral, PUNCT, out)).astype(np.uint16)
    classes: np.ndarray = table()[cps]
    return classes


def lower_of(cps: np.ndarray) -> np.ndarray:
    """The lower-case code points of ``cps`` (characters beyond the BMP unchanged)."""
    if cps.size and int(cps.max()) > 0xFFFF:
        return np.where(cps > 0xFFFF, cps, lower_table()[np.minimum(cps, 0xFFFF)])
    lowered: np.ndarray = lower_table()[cps]
    return lowered
