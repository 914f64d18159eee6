"""``settle=True``: the body is read again until it no longer changes."""

from __future__ import annotations

import re

import cleantext
from cleantext.uniclass import word

# A headline that blank lines keep apart from its first paragraph: once the body is
# one block per line, with no blank line left, the paragraph (starting in lower case)
# goes on from the headline, and the segmenter joins the two.
PAGE = (
    "Home\nNews\nSport\n\nApple unveils new phones\n\n"
    "iPhone 15 comes in five colours, the company said on Tuesday at its yearly event in "
    "California, where it also showed new watches.\n"
    "The phones go on sale next week. Prices start at 799 dollars for the smallest model, "
    "the same as last year, while the largest costs more than before.\n"
    "Analysts said the changes were small but that buyers would welcome the longer battery "
    "life and the new camera, which takes better pictures at night.\n"
    "Share on Facebook\nCookie settings\n"
)


def _words(text: str) -> list[str]:
    return re.findall(rf"{word()}+", text)


def test_the_default_body_changes_when_cleaned_again() -> None:
    # the case settle exists for: without it, the headline and paragraph come back joined
    once = cleantext.clean(PAGE)
    twice = cleantext.clean(once)
    assert twice != once
    assert _words(twice) == _words(once)


def test_a_settled_body_is_given_back_unchanged() -> None:
    settled = cleantext.clean(PAGE, settle=True)
    assert cleantext.clean(settled, settle=True) == settled
    assert cleantext.clean(settled) == settled
    assert _words(settled) == _words(cleantext.clean(PAGE))


def test_settle_joins_the_blocks_the_re_reading_joins() -> None:
    doc = cleantext.clean_document(PAGE, settle=True)
    joined = [b for b in doc.blocks if b.reason.startswith("joined to block")]
    assert len(joined) == 1
    first = doc.blocks[int(joined[0].reason.split()[3])]
    assert first.keep and not joined[0].keep
    assert first.text == "Apple unveils new phones " + joined[0].text
    assert first.reason.endswith("joined on re-reading the body")
    assert doc.body.split("\n") == [b.text for b in doc.blocks if b.keep]
    assert any(r.step == "settle" for r in doc.reports)


def test_settle_changes_nothing_on_a_body_that_is_stable() -> None:
    body = cleantext.clean(cleantext.clean(PAGE))
    doc = cleantext.clean_document(body, settle=True)
    assert doc.body == body
    assert not any(r.step == "settle" for r in doc.reports)
