"""``max_chars``: the most characters a page may have, and what a longer page does."""

from __future__ import annotations

import pytest

import cleantext
from cleantext import Config, PageTooLong

PROSE = "The council approved the new budget for the school district on Tuesday evening, after a long debate."
PAGE = "\n".join([PROSE.replace("Tuesday", day) for day in ("Monday", "Tuesday", "Wednesday", "Thursday")])


def test_no_limit_by_default() -> None:
    assert Config().max_chars is None
    assert cleantext.clean(PAGE * 50)


def test_a_page_within_the_limit_is_untouched() -> None:
    assert cleantext.clean(PAGE, max_chars=len(PAGE)) == cleantext.clean(PAGE)


def test_a_longer_page_raises_by_default() -> None:
    with pytest.raises(PageTooLong, match="more than max_chars=100"):
        cleantext.clean(PAGE, max_chars=100)
    assert issubclass(PageTooLong, ValueError)


def test_truncate_keeps_the_whole_lines_that_fit() -> None:
    limit = 2 * len(PROSE) + 5  # two lines and a bit of the third
    doc = cleantext.clean_document(PAGE, max_chars=limit, too_long="truncate")
    assert doc.original == PAGE
    assert doc.text == "\n".join(PAGE.split("\n")[:2])
    assert doc.reports[0].step == "max_chars"
    assert doc.reports[0].summary == f"page cut from {len(PAGE)} to {len(doc.text)} characters"
    assert doc.body.split("\n") == PAGE.split("\n")[:2]


def test_truncate_cuts_a_single_long_line_at_the_limit() -> None:
    doc = cleantext.clean_document(PROSE * 3, max_chars=len(PROSE), too_long="truncate")
    assert doc.text == PROSE


@pytest.mark.parametrize("options", [{"max_chars": 0}, {"max_chars": -5}, {"too_long": "ignore"}])
def test_bad_settings_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Config(**options)  # type: ignore[arg-type]
