"""Split text into blocks, rejoining what a scraper split out of one element."""

from __future__ import annotations

import regex

from ..document import Block, Document
from ..pipeline import Step, register
from ..stopwords import stopwords

# a line ending in one of these ends a sentence or a clause: no continuation expected
_CLOSED = frozenset(".!?;:…。！？」』\"”»)]")
# a line starting with one of these continues the previous one
_CONTINUES = frozenset(",.;:!?%)]»”")
# a line ending in one of these is unfinished: the next line goes on with it
_OPENS = frozenset(",([„“«-–—/&+")
_BULLET = regex.compile(r"^(?:[-*•·▪►‣◦]|\d{1,3}[.)])\s")
_CAP_WORD = regex.compile(r"^(?:\p{Lu}[\p{Ll}\-']+\.?|\p{Lu}\.|(?:Prof|Dr|Mr|Mrs|Ms)\.)$")
_TRIM = "\"'“”„«»()[]{}.,;:!?…"


def _ends_with_initial(text: str) -> bool:
    """A capital and a full stop at the end ("Garth A."), after a space or alone."""
    return len(text) >= 2 and text[-1] == "." and text[-2].isupper() and (len(text) == 2 or text[-3] == " ")


def _is_name_part(line: str, max_words: int) -> bool:
    words = line.split(" ")
    return 0 < len(words) <= max_words and all(_CAP_WORD.match(w) for w in words)


def _joins(prev: str, line: str, blank: bool, function_words: frozenset[str], size: int) -> bool:
    """Should ``line`` continue the block of ``size`` characters that ends with the
    line ``prev``?  (String tests only: no regular expression runs over a whole line.)"""
    first, last = line[0], prev[-1]
    if blank:
        # hard wraps across blank lines: only a long unfinished sentence going on in lower case
        return size >= 40 and last not in _CLOSED and first.islower()
    if first in _CONTINUES:
        return not line.startswith(("...", "…")) and not _BULLET.match(prev)
    if last in _CLOSED and not _ends_with_initial(prev):
        return False
    if _BULLET.match(line) or _BULLET.match(prev):
        return False
    if first.islower() or last in _OPENS or _ends_with_initial(prev) or _drop_cap(prev, line):
        return True
    if size <= 20 or not function_words:
        return False
    return prev.rsplit(" ", 1)[-1].strip(_TRIM).lower() in function_words


def _drop_cap(prev: str, line: str) -> bool:
    """A decorative initial split from its word: "S" then "IDAMO: ..." or "ie sagte".
    It joins the block with a space, as any other line: the output never holds a word
    that the input does not."""
    return (
        len(prev) == 1 and prev.isupper() and prev not in "AIO" and line[:2].isalpha() and not line.isupper()
    )


def segment(text: str, language: str | None = None) -> list[Block]:
    """Split ``text`` into blocks: one per line, rejoining lines a scraper split
    from one element (a link cut out of its sentence, a name over two lines)."""
    function_words = stopwords(language)
    lines = text.split("\n")
    blocks: list[Block] = []
    parts: list[str] = []
    start = 0
    blank_before = 0
    blanks = 0
    last = -1
    size = 0

    def flush(end: int) -> None:
        if parts:
            block = Block(index=len(blocks), text=" ".join(parts), first_line=start, last_line=end)
            block.features["blank_before"] = float(blank_before)
            blocks.append(block)

    for i, line in enumerate(lines):
        if not line:
            blanks += 1
            continue
        if parts and _joins(parts[-1], line, blanks > 0, function_words, size):
            size += len(line) + 1
            if line[0] in _CONTINUES:
                parts[-1] += line
            else:
                parts.append(line)
            last = i
            blanks = 0
            continue
        flush(last)
        parts = [line]
        size = len(line)
        start = last = i
        blank_before = min(blanks, 1) if blocks or i else 0
        blanks = 0
    flush(last)
    _join_names(blocks, lines)
    for i, block in enumerate(blocks):
        block.index = i
    return blocks


def _join_names(blocks: list[Block], lines: list[str]) -> None:
    """Join a two-line name ("Prof. Dr." / "Jane Doe") that stands alone between
    blank lines, as html-to-text converters leave an author card."""
    i = 0
    while i + 1 < len(blocks):
        a, b = blocks[i], blocks[i + 1]
        alone = (
            a.features.get("blank_before", 0) > 0
            and b.features.get("blank_before", 0) == 0
            and b.first_line == a.last_line + 1
            and (i + 2 >= len(blocks) or blocks[i + 2].features.get("blank_before", 0) > 0)
        )
        if alone and _is_name_part(a.text, 2) and _is_name_part(b.text, 3):
            a.text = f"{a.text} {b.text}"
            a.last_line = b.last_line
            del blocks[i + 1]
        i += 1


@register("segment")
class Segment(Step):
    """Split the text into blocks, rejoining lines split from one element."""

    name = "segment"

    def __call__(self, doc: Document) -> None:
        doc.blocks = segment(doc.text, doc.language)
        n_lines = sum(1 for line in doc.text.split("\n") if line)
        doc.report(self.name, f"{n_lines} line(s) into {len(doc.blocks)} block(s)")
