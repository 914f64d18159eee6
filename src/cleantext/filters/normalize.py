"""Normalise line endings and whitespace.  Nothing cosmetic."""

from __future__ import annotations

import re

import numpy as np

from .. import compiled
from ..document import Document
from ..pipeline import Step, register

# one pass finds every character that changes: line breaks other than \n become \n
# (\r is handled with str.replace, which is faster), zero-width and control characters
# go, no-break and other fixed-width spaces and tabs become spaces
_NEWLINES = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROLS = [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x1F, *range(0x7F, 0x85), *range(0x86, 0xA0)]
_INVISIBLE = "\u200b\u2060\ufeff" + "".join(map(chr, _CONTROLS))
_SPECIAL = "\t\xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_REPLACE = {**dict.fromkeys(_NEWLINES, "\n"), **dict.fromkeys(_INVISIBLE, ""), **dict.fromkeys(_SPECIAL, " ")}
# one character at a time: with "+" the engine no longer scans for the set quickly
_CHANGED = re.compile("[" + re.escape("".join(_REPLACE)) + "]")
_RUNS = re.compile("  +")


_PLAIN = str.maketrans(dict.fromkeys(_SPECIAL, " "))


def _actions() -> np.ndarray:
    """What each character of the BMP becomes, for the compiled pass
    (:func:`cleantext.compiled.whitespace`): 0 itself, 1 a line break, 2 nothing,
    3 a space ("\\r" is read there: "\\r\\n" is one line break)."""
    actions = np.zeros(0x10000, dtype=np.uint8)
    for ch, replacement in [*_REPLACE.items(), ("\n", "\n"), (" ", " ")]:
        actions[ord(ch)] = {"\n": 1, "": 2, " ": 3}[replacement]
    actions.setflags(write=False)
    return actions


_ACTIONS = _actions()


def plain_spaces(text: str) -> str:
    """Turn tabs, no-break and other fixed-width spaces into plain spaces, as
    :func:`normalize_whitespace` does, and change nothing else."""
    return text.translate(_PLAIN)


def _replacement(match: re.Match[str]) -> str:
    return _REPLACE[match.group()]


def normalize_whitespace(text: str) -> str:
    """Unify line endings, turn special spaces into spaces, drop zero-width and
    control characters, collapse runs of spaces and strip every line.

    One compiled pass where the extension is built (:mod:`cleantext.compiled`), else
    :func:`normalize_whitespace_python`; both give the same text.
    """
    normalised = compiled.whitespace(text, _ACTIONS)
    return normalised if normalised is not None else normalize_whitespace_python(text)


def normalize_whitespace_python(text: str) -> str:
    """:func:`normalize_whitespace` in Python: one scan finds the characters that change
    (most pages have few); the other steps are skipped by a substring test when they
    have nothing to do."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CHANGED.sub(_replacement, text)
    if "  " in text:
        text = _RUNS.sub(" ", text)
    # runs are single spaces now, so a line has at most one to strip at each end
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    return text.strip(" ")


@register("normalize")
class Normalize(Step):
    """Normalise line endings, special spaces, invisible characters and runs of spaces."""

    name = "normalize"

    def __call__(self, doc: Document) -> None:
        before = doc.text
        doc.text = normalize_whitespace(before)
        doc.report(self.name, "whitespace normalised" if doc.text != before else "nothing to normalise")
