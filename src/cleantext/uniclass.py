"""Unicode character classes for the standard library's :mod:`re`, built from :mod:`unicodedata`.

``re`` has no ``\\p{..}`` classes, and its ``\\w`` is ``str.isalnum()`` or "_": it
leaves out combining marks, joiners and connector punctuation, and takes in other
numbers such as "²" and "½".  The strings here stand for Unicode's classes instead;
they are made from the general categories of Python's Unicode database on first
use, not at import, and kept.  The spans of the categories they need are shipped for
the Unicode versions of the Python versions the package supports
(``data/unicode/<version>.txt``, written by running this file as a script); for
another version they come from one pass over the planes that hold letters, marks and
numbers.

Most classes are written as ``re``'s own ``\\w`` less a few small sets, which keeps
them quick to compile: ``\\w`` is letters (L*), decimal digits (Nd), the other
numbers (No, Nl) and "_", so that, for instance, the letters are ``[^\\W\\d_]`` less
No and Nl.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import groupby
from pathlib import Path

# planes 0-3 and the start of 14 hold every letter, mark and number (4-13 are
# unassigned, the rest of 14 too, 15-16 private use)
_PLANES = ((0, 0x40000), (0xE0000, 0xE1000))
#: Word characters that are no general category's: the zero-width non-joiner and
#: joiner, and the symbols Unicode counts as alphabetic (Other_Alphabetic, which
#: unicodedata does not give): circled and squared Latin letters.
_OTHER_WORD = ((0x200C, 0x200D), (0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189))


#: The general categories the classes are made of, whose spans are shipped.
SHIPPED = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc")


def _table_name(version: str) -> str:
    return f"{version}.txt"


@lru_cache(maxsize=1)
def _shipped_spans() -> dict[str, list[tuple[int, int]]] | None:
    """The spans of :data:`SHIPPED` for this Python's Unicode version, if shipped: one
    line per category, its name, then spans as hexadecimal "first-last" or "point"."""
    path = resources.files("cleantext") / "data" / "unicode" / _table_name(unicodedata.unidata_version)
    if not path.is_file():
        return None
    found: dict[str, list[tuple[int, int]]] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        name, *items = line.split()
        found[name] = [(int(low, 16), int(high or low, 16)) for low, _, high in (i.partition("-") for i in items)]
    return found


def _write_table(folder: Path) -> Path:
    """Write the spans of :data:`SHIPPED` for this Python's Unicode version into ``folder``."""
    found = _category_spans()
    lines = [
        " ".join([name, *(f"{low:x}" if low == high else f"{low:x}-{high:x}" for low, high in found.get(name, []))])
        for name in SHIPPED
    ]
    path = folder / _table_name(unicodedata.unidata_version)
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


@lru_cache(maxsize=1)
def _category_spans() -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for low, high in _PLANES:
        start = low
        for category, run in groupby(map(unicodedata.category, map(chr, range(low, high)))):
            end = start + len(list(run))
            found.setdefault(category, []).append((start, end - 1))
            start = end
    return found


def ranges(found: Iterable[tuple[int, int]]) -> str:
    """Spans of code points as ranges, to go inside ``[...]``."""
    merged: list[list[int]] = []
    for low, high in sorted(found):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(high, merged[-1][1])
        else:
            merged.append([low, high])
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in merged
    )


def spans(*categories: str) -> list[tuple[int, int]]:
    """The code points of the general categories ``categories`` ("Lu", "Mn", ...), as
    (first, last) spans."""
    shipped = _shipped_spans()
    found = shipped if shipped is not None and all(c in SHIPPED for c in categories) else _category_spans()
    return [span for category in categories for span in found.get(category, ())]


def chars(*categories: str) -> str:
    """The characters of the general categories ``categories`` as ranges, to go
    inside ``[...]``."""
    return ranges(spans(*categories))


@lru_cache(maxsize=1)
def other_number_spans() -> tuple[tuple[int, int], ...]:
    """Other numbers ("²", "½", "①"): word characters for ``re``, not for Unicode."""
    return tuple(spans("No"))


@lru_cache(maxsize=1)
def word_extra_spans() -> tuple[tuple[int, int], ...]:
    """Word characters for Unicode that ``re``'s ``\\w`` leaves out: combining marks,
    connector punctuation other than "_", the joiners and the alphabetic symbols."""
    return (*(span for span in spans("Mn", "Mc", "Me", "Pc") if span != (0x5F, 0x5F)), *_OTHER_WORD)


# Classes test a character against their items in turn, and ``re`` packs the items in
# the Basic Multilingual Plane into one table but tries the ranges beyond it one by
# one: so each class below is two, the first deciding every character of the BMP with
# one look-up (and taking none beyond it), the second only for the characters beyond.
_BEYOND = r"\U00010000-\U0010ffff"


def _bmp(found: Iterable[tuple[int, int]]) -> str:
    return ranges([(low, min(high, 0xFFFF)) for low, high in found if low <= 0xFFFF])


def _one(bmp_class: str, found: Iterable[tuple[int, int]]) -> str:
    """One character: of the BMP if ``bmp_class`` takes it, beyond it if in ``found``."""
    beyond = ranges([(max(low, 0x10000), high) for low, high in found if high > 0xFFFF])
    return rf"(?:{bmp_class}|(?=[{_BEYOND}])[{beyond}])"


def _letters() -> list[tuple[int, int]]:
    return spans("Lu", "Ll", "Lt", "Lm", "Lo")


@lru_cache(maxsize=1)
def word() -> str:
    """One word character as Unicode has them (``\\p{Alphabetic}``, marks, decimal
    digits, connector punctuation, joiners: what the ``regex`` module's ``\\w`` matches),
    as a group: in the BMP, ``re``'s ``\\w`` less the other numbers, or one of the extra
    ones."""
    return _one(
        rf"[^\W{_bmp(other_number_spans())}{_BEYOND}]|[{_bmp(word_extra_spans())}]",
        [*_letters(), *spans("Nd", "Nl"), *word_extra_spans()],
    )


@lru_cache(maxsize=1)
def letter() -> str:
    """One letter, of any category L* (``\\p{L}``): in the BMP, ``re``'s ``\\w`` less
    the digits, "_" and the other numbers."""
    return _one(rf"[^\W\d_{_bmp(spans('No', 'Nl'))}{_BEYOND}]", _letters())


@lru_cache(maxsize=1)
def upper() -> str:
    """One upper-case letter (``\\p{Lu}``)."""
    return _one(f"[{_bmp(spans('Lu'))}]", spans("Lu"))


@lru_cache(maxsize=1)
def lower() -> str:
    """One lower-case letter (``\\p{Ll}``)."""
    return _one(f"[{_bmp(spans('Ll'))}]", spans("Ll"))


@lru_cache(maxsize=1)
def capital_or_digit() -> str:
    """One upper-case letter, a letter of a script without case, or a decimal digit
    (``[\\p{Lu}\\p{Lo}\\d]``): in the BMP, a word character of ``re`` that is none of
    the others."""
    return _one(rf"[^\W_{_bmp(spans('Ll', 'Lt', 'Lm', 'No', 'Nl'))}{_BEYOND}]", spans("Lu", "Lo", "Nd"))


if __name__ == "__main__":  # python src/cleantext/uniclass.py: this Python's table
    print(_write_table(Path(__file__).parent / "data" / "unicode"), file=sys.stderr)
