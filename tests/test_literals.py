"""Required literals: every match of a pattern holds one of the strings read off it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.lexicons import _match_starts, load
from cleantext.literals import one_line, required, requires_digit, split_class


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b\d{1,6}[ \t]+(?:comments?|replies)\b", ("comment", "replies")),
        (r"\bcopyright\b", ("copyright",)),
        (r"[→›][ \t]*$", ("›", "→")),
        (r"https?://", ("http",)),
        (r"\bist (?:autor|autorin|redakteur)\b", ("autor", "redakteur")),  # "autorin" holds "autor"
        (r"\d+", None),
        (r"(?:a|\d)x?", None),  # one branch without a literal: no requirement
        (r"(?i)cookie", None),  # case-insensitive: a literal would miss "Cookie"
        (r"\p{L}+ since", None),  # syntax the standard parser does not know: no requirement
    ],
)
def test_required_literals(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert required(pattern) == expected


PATTERNS = sorted(
    {p[3:] for lang in ("xx", "en", "de", "fr", "es") for ps in load(lang).values() for p in ps if p.startswith("re:")}
)


@given(st.text(alphabet=st.sampled_from("0123456789 :./-|»›→@+*#abcmintuhrpoeslkwy\n"), max_size=80))
@settings(max_examples=300, deadline=None)
def test_no_match_without_its_required_text(text: str) -> None:
    for pattern in PATTERNS:
        needs = required(pattern)
        try:
            compiled = re.compile(pattern, re.M)
        except re.error:
            continue
        if needs is not None and compiled.search(text):
            assert any(s in text for s in needs), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\b\d{1,6}[ \t]+(?:comments?|replies)\b", True),
        (r"\bpage \d{1,4} of \d{1,4}\b", True),
        (r"[0-9]{4}-\d\d", True),
        (r"(?:\d+|no) comments", False),  # one branch has no digit
        (r"\d*x", False),  # the digits may be absent
        (r"https?://", False),
        (r"\p{L}\d", False),  # unsure: not parsed
    ],
)
def test_requires_digit(pattern: str, needs: bool) -> None:
    assert requires_digit(pattern) is needs


@given(st.text(alphabet=st.sampled_from(" :./-|»›→@+*#abcmintuhrpoeslkwy\n"), max_size=80))
@settings(max_examples=200, deadline=None)
def test_digit_patterns_never_match_text_without_digits(text: str) -> None:
    for pattern in PATTERNS:
        if requires_digit(pattern):
            assert re.compile(pattern, re.M).search(text) is None, pattern


@pytest.mark.parametrize(
    ("pattern", "alone"),
    [
        (r"^[^«\n]{0,60}[ \t]»(?:[ \t]|$)", True),
        (r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[a-z]{2,24}\b", True),
        (r"^tags[ \t]*$", True),
        (r"\|(?<=[ \t]\|)(?=[ \t])", False),  # starts with a character: searched for quickly
        (r"^a\sb", False),  # \s takes a newline
        (r"^[^x]y", False),  # so does [^x]
        (r"(?s)^a.b", False),  # and "." with DOTALL
        (r"(?<=\n\n)a", False),  # a lookbehind over a newline
        (r"^(?=a\nb)a", False),  # a lookahead over one
        (r"^$", False),  # an empty match
        (r"\p{L}+", False),  # unsure: not parsed
    ],
)
def test_one_line(pattern: str, alone: bool) -> None:
    assert one_line(pattern) is alone


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"[.:]\d{2}", (r"\.\d{2}", r":\d{2}")),
        (r"[→›][ \t]*$", (r"→[ \t]*$", r"›[ \t]*$")),
        (r"[\].]a", (r"\]a", r"\.a")),  # an escaped "]" in the class
        (r"[.:](?<=\d[.:])x", (r"\.(?<=\d[.:])x", r":(?<=\d[.:])x")),  # a class further on stays
        (r"[a-c]x", None),  # a range
        (r"[\d.]x", None),  # a category
        (r"[^.:]x", None),  # a negated class
        (r"[.:]+x", None),  # a repeated class
        (r"[.:]|x", None),  # a branch
        (r"[abcde]x", None),  # too many characters
        (r"(?i)[ab]x", None),  # case-insensitive
        (r"\.x", None),  # no class
    ],
)
def test_split_class(pattern: str, parts: tuple[str, ...] | None) -> None:
    assert split_class(pattern) == parts


@given(st.text(alphabet=st.sampled_from("0123456789 :./-|»›→‹abmpuhr\n"), max_size=80))
@settings(max_examples=300, deadline=None)
def test_split_patterns_find_what_the_pattern_finds(text: str) -> None:
    # overlapping parts ("[ab]..." in "aab") fall back to the pattern itself
    for pattern in [*PATTERNS, r"[ab]..", r"[.:]\d+[.:]?"]:
        split = split_class(pattern)
        if split is None:
            continue
        compiled = re.compile(pattern, re.M)
        parts = tuple(re.compile(part, re.M) for part in split)
        assert _match_starts(compiled, parts, text) == [m.start() for m in compiled.finditer(text)], (pattern, text)
