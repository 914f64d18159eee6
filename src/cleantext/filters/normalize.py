"""Normalise line endings and whitespace.  Nothing cosmetic."""

from __future__ import annotations

import re

from ..document import Document
from ..pipeline import Step, register

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# zero-width characters that carry no meaning in running text, and control characters
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# no-break and other fixed-width spaces, tabs and runs of spaces become one space
_SPECIAL = "\\t\\xa0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000"
_SPACES = re.compile(rf"[ {_SPECIAL}]{{2,}}|[{_SPECIAL}]")


def normalize_whitespace(text: str) -> str:
    """Unify line endings, turn special spaces into spaces, drop zero-width and
    control characters, collapse runs of spaces and strip every line."""
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return "\n".join([line.strip(" ") for line in text.split("\n")])


@register("normalize")
class Normalize(Step):
    """Normalise line endings, special spaces, invisible characters and runs of spaces."""

    name = "normalize"

    def __call__(self, doc: Document) -> None:
        before = doc.text
        doc.text = normalize_whitespace(before)
        doc.report(self.name, "whitespace normalised" if doc.text != before else "nothing to normalise")
