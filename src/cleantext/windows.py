"""Cut a very long page into windows of whole lines, so that cleaning it needs memory
for one window at a time instead of for the whole page.

A page's blocks cost about 2 KB each while the pipeline runs (the block objects and
their feature rows): a 20 MB page of short lines has four million of them.  Real pages
have a few thousand lines; the windows are far larger, so they never cut one.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["WINDOW_CHARS", "WINDOW_LINES", "needs_windows", "windows"]

#: Lines of one window at most (a single longer line is a window of its own).
WINDOW_LINES = 20_000
#: Characters of one window at most, unless one line is longer.
WINDOW_CHARS = 4_000_000


def needs_windows(text: str, lines: int = WINDOW_LINES, chars: int = WINDOW_CHARS) -> bool:
    """Whether ``text`` is longer than one window."""
    # a text shorter than ``lines`` characters cannot hold that many newlines: most
    # pages are not counted
    return len(text) > chars or (len(text) >= lines and text.count("\n") >= lines)


def windows(text: str, lines: int = WINDOW_LINES, chars: int = WINDOW_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each window of ``text``, in order: whole lines, at most
    ``lines`` of them and ``chars`` characters (a longer line alone).  The newline
    between two windows belongs to neither; a window ends at a blank line where one
    is in its second half, so that a paragraph is not cut from its neighbours.
    Each window is found with a few passes over about its own length: linear in
    the text."""
    if lines < 1 or chars < 1:
        raise ValueError(f"a window needs at least one line and one character, got {lines} and {chars}")
    size = len(text)
    start = 0
    while True:
        end = _span_end(text, start, lines, chars)
        if end >= size:
            yield start, size
            return
        # cut at the last newline inside the span: at a blank line in its second half if any
        cut = text.rfind("\n\n", start + (end - start) // 2, end + 1)
        if cut < 0:
            cut = text.rfind("\n", start, end + 1)
        if cut <= start:  # one line longer than the span (or an empty first line): the whole line
            cut = text.find("\n", start + 1)
            if cut < 0:
                yield start, size
                return
        yield start, cut
        start = cut + 1


def _span_end(text: str, start: int, lines: int, chars: int) -> int:
    """The end of a long span from ``start``, of at most ``chars`` characters and with
    fewer than ``lines`` newlines (at least one character), found by doubling and
    then halving; each character is counted at most twice, and the span found is at
    least half the longest one."""
    size = len(text)
    span = min(chars, lines)  # `lines` newlines need as many characters at least
    newlines = text.count("\n", start, start + span)
    while newlines < lines and span < chars and start + span < size:
        longer = min(chars, 2 * span)
        newlines += text.count("\n", start + span, start + longer)
        span = longer
    end = min(size, start + span)
    while end > start + 1 and newlines >= lines:
        half = start + (end - start) // 2
        newlines -= text.count("\n", half, end)
        end = half
    return end
