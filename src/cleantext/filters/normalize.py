"""Normalise line endings and whitespace.  Nothing cosmetic."""

from __future__ import annotations

import re

from ..document import Document
from ..pipeline import Step, register

# line breaks other than \n (\r is handled with str.replace, which is faster)
_NEWLINES = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# zero-width characters that carry no meaning in running text, and control characters
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# no-break and other fixed-width spaces and tabs become spaces
_SPECIAL = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_RUNS = re.compile("  +")


def normalize_whitespace(text: str) -> str:
    """Unify line endings, turn special spaces into spaces, drop zero-width and
    control characters, collapse runs of spaces and strip every line.

    Each step is one scan in C; those that rarely apply are skipped by a substring test.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPECIAL.sub(" ", text)
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
