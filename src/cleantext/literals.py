"""What text a regular expression cannot match without: cheap pre-checks.

:func:`required` reads a pattern and returns strings one of which every match must
contain (``("comment", "replies")`` for ``\\d+ (?:comments?|replies)``).  Testing
``any(s in text for s in strings)`` runs at memory speed, so a pattern whose text is
absent from a page is never run over it.  When no such strings can be read off
(the pattern has none, or uses syntax the standard parser does not know), the
answer is ``None`` and the pattern always runs.  :func:`requires_digit` tells the
patterns that cannot match a text without digits, so that they need only read the
blocks that have one.  :func:`one_line` tells the patterns that ``re`` tries at every
position (no character to look for first) and that read one line at a time, so that
they need only read the lines that hold one of their strings.
"""

from __future__ import annotations

import importlib
import re
import sys
from functools import lru_cache
from typing import Any

# the regular expression parser: re._parser on 3.11+, sre_parse before (typeshed has neither)
_c: Any = importlib.import_module("re._constants" if sys.version_info >= (3, 11) else "sre_constants")
_p: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

#: A character class counts as a requirement only if it lists at most this many characters.
MAX_CLASS = 4
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


@lru_cache(maxsize=256)
def _parse(pattern: str) -> _p.SubPattern | None:
    """``pattern`` as the standard parser reads it (read-only, shared by both
    questions), or ``None`` for a pattern it cannot read."""
    try:
        return _p.parse(pattern)
    except Exception:
        return None


def required(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which any match of ``pattern`` contains, or ``None``."""
    parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & re.IGNORECASE:
        return None
    found = _sequence(list(parsed))
    if not found:
        return None
    # a string that holds another one of the set adds nothing ("autorin" holds "autor")
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


def requires_digit(pattern: str) -> bool:
    """Whether every match of ``pattern`` holds a digit (``False`` when unsure)."""
    parsed = _parse(pattern)
    return parsed is not None and _needs_digit(list(parsed))


def _is_digit_class(items: list[Any]) -> bool:
    for op, av in items:
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            continue
        if op is _c.LITERAL and chr(av).isdigit():
            continue
        if op is _c.RANGE and chr(av[0]).isdigit() and chr(av[1]).isdigit():
            continue
        return False
    return bool(items)


def _needs_digit(items: list[Any]) -> bool:
    for op, av in items:
        if op is _c.LITERAL and chr(av).isdigit():
            return True
        if op is _c.IN and _is_digit_class(list(av)):
            return True
        if op is _c.SUBPATTERN and _needs_digit(list(av[-1])):
            return True
        if op in _REPEATS and av[0] >= 1 and _needs_digit(list(av[2])):
            return True
        if op is _c.BRANCH and all(_needs_digit(list(b)) for b in av[1]):
            return True
    return False


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if not a:
        return b
    if not b:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items: list[Any]) -> set[str] | None:
    best: set[str] | None = None
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, {"".join(run)})
            run = []
        if op is _c.SUBPATTERN:
            best = _better(best, _sequence(list(av[-1])))
        elif op in _REPEATS:
            low, _high, body = av
            if low >= 1:
                best = _better(best, _sequence(list(body)))
        elif op is _c.BRANCH:
            branches = [_sequence(list(b)) for b in av[1]]
            if all(branches):
                best = _better(best, set().union(*branches))  # type: ignore[arg-type]
        elif op is _c.IN:
            if av and all(o is _c.LITERAL for o, _ in av) and len(av) <= MAX_CLASS:
                best = _better(best, {chr(v) for _, v in av})
    if run:
        best = _better(best, {"".join(run)})
    return best


def split_class(pattern: str) -> tuple[str, ...] | None:
    """``pattern`` once per character of the class it starts with, the class replaced
    by that character (``[.:]\\d`` gives ``\\.\\d`` and ``:\\d``), when the class lists
    at most :data:`MAX_CLASS` plain characters and nothing else; else ``None``.  A
    match of ``pattern`` at a position is the match of the part for the character
    there; ``re`` looks for a first character much faster than for one of a class."""
    if not pattern.startswith("[") or pattern.startswith(("[^", "[]")):
        return None
    end = 1
    while end < len(pattern) and pattern[end] != "]":
        end += 2 if pattern[end] == "\\" else 1
    parsed = _parse(pattern)
    if end >= len(pattern) or parsed is None or parsed.state.flags & re.IGNORECASE:
        return None
    items = list(parsed)
    first = items[0] if items else None
    if first is None or first[0] is not _c.IN or len(first[1]) > MAX_CLASS:
        return None
    if not all(op is _c.LITERAL for op, _ in first[1]):
        return None
    rest = pattern[end + 1 :]
    parts = tuple(re.escape(chr(code)) + rest for _, code in first[1])
    # each part must read as the character followed by the pattern's own rest
    for (_, code), part in zip(first[1], parts, strict=True):
        read = _parse(part)
        if read is None or read.state.flags != parsed.state.flags:
            return None
        if repr(list(read)) != repr([(_c.LITERAL, code), *items[1:]]):
            return None
    return parts


# the classes of characters that take in a newline (CATEGORY items in a set)
_NEWLINE_CATEGORIES = {_c.CATEGORY_NOT_DIGIT, _c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD}


def one_line(pattern: str) -> bool:
    """Whether ``pattern`` needs a search at every position (it starts with an anchor
    or a lookaround, not a character that ``re`` can look for), while each match lies
    in one line: it takes in no newline, nor does any lookaround in it, and it is
    never empty.  Such a pattern finds in a line the same matches alone as in the
    whole text (``False`` when unsure)."""
    parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & re.DOTALL or not parsed.getwidth()[0]:
        return False
    items = list(parsed)
    while items and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][-1])
    if not items or items[0][0] not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return False
    return not _takes_newline(list(parsed))


def _set_takes_newline(items: list[Any]) -> bool:
    if items and items[0][0] is _c.NEGATE:
        return not _set_takes_newline(items[1:])
    for op, av in items:
        if op is _c.LITERAL and av == 10:
            return True
        if op is _c.RANGE and av[0] <= 10 <= av[1]:
            return True
        if op is _c.CATEGORY and av in _NEWLINE_CATEGORIES:
            return True
        if op not in (_c.LITERAL, _c.RANGE, _c.CATEGORY):
            return True  # unknown: assume it does
    return False


def _takes_newline(items: list[Any]) -> bool:
    """Whether ``items`` may take in a newline, in a match or a lookaround (``True``
    when unsure)."""
    for op, av in items:
        if op is _c.LITERAL:
            if av == 10:
                return True
        elif op is _c.NOT_LITERAL:
            if av != 10:
                return True
        elif op is _c.IN:
            if _set_takes_newline(list(av)):
                return True
        elif op is _c.ANY or op is _c.AT:
            continue  # without DOTALL "." takes no newline; anchors take nothing
        elif op is _c.SUBPATTERN:
            if av[1] & re.DOTALL or _takes_newline(list(av[-1])):
                return True
        elif op in _REPEATS:
            if _takes_newline(list(av[2])):
                return True
        elif op is _c.BRANCH:
            if any(_takes_newline(list(b)) for b in av[1]):
                return True
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if _takes_newline(list(av[1])):
                return True
        else:
            return True
    return False
