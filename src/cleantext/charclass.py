"""Per-character classes as bit flags, looked up for a whole document at once with numpy."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

LETTER, UPPER, DIGIT, PUNCT, SPACE, NOSPACE = 1, 2, 4, 8, 16, 32
# marks of particular interest, in a second table
QUOTE, TERMINAL, CJK_STOP, CURRENCY, SEPARATOR, COMMA = 1, 2, 4, 8, 16, 32
_MARKS = {
    QUOTE: '"„“”«»',
    TERMINAL: ".!?",
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
def table() -> np.ndarray:
    """Flags for every code point of the Basic Multilingual Plane."""
    flags = np.zeros(0x10000, dtype=np.uint8)
    for cp in range(0x10000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            flags[cp] = LETTER | (UPPER if cat == "Lu" or cat == "Lt" else 0)
        elif cat == "Nd":
            flags[cp] = DIGIT
        elif cat[0] in "PS":
            flags[cp] = PUNCT
        elif cat[0] == "Z" or ch in "\t\n\r":
            flags[cp] = SPACE
        elif cat[0] == "M":
            flags[cp] = LETTER  # combining marks belong to their letter (Indic scripts)
    for lo, hi in _NOSPACE_RANGES:
        flags[lo : hi + 1] |= np.where(flags[lo : hi + 1] & LETTER, NOSPACE, 0).astype(np.uint8)
    return flags


@lru_cache(maxsize=1)
def marks_table() -> np.ndarray:
    """Mark flags (quotes, sentence ends, currency, separators, commas) for the BMP."""
    marks = np.zeros(0x10000, dtype=np.uint8)
    for flag, chars in _MARKS.items():
        for ch in chars:
            marks[ord(ch)] |= flag
    return marks


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def marks_of(cps: np.ndarray) -> np.ndarray:
    """The mark flags of every code point (none for code points beyond the BMP)."""
    return np.where(cps > 0xFFFF, 0, marks_table()[np.minimum(cps, 0xFFFF)]).astype(np.uint8)


def flags_of(text: str | np.ndarray) -> np.ndarray:
    """The flags of every character of ``text`` (a string or its code points)."""
    cps = code_points(text) if isinstance(text, str) else text
    out = table()[np.minimum(cps, 0xFFFF)]
    astral = cps > 0xFFFF
    if astral.any():
        # CJK extensions B.. are letters without spaces; other astral symbols (emoji) are symbols
        cjk = astral & (cps >= 0x20000) & (cps <= 0x3FFFF)
        out = np.where(cjk, LETTER | NOSPACE, np.where(astral, PUNCT, out)).astype(np.uint8)
    return out
