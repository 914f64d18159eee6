"""``settle=True``: the body is read again until it no longer changes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import cleantext
from cleantext import features
from cleantext.features import featurise
from cleantext.lexicons import lexicon
from cleantext.stopwords import stopwords
from cleantext.uniclass import word

# A headline that blank lines keep apart from its first paragraph: in a body of one
# block per line the paragraph (starting in lower case) would go on from the headline,
# so the body keeps a blank line between them.
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

# A long open sentence whose end a dropped share button kept apart from it: one blank
# line would not keep it apart when the body is read again (the segmenter joins a long
# unfinished line across one blank line to a line going on in lower case); two do.
SPLIT_SENTENCE = (
    "The council met on Monday evening in the old town hall and\n"
    "- Share\n"
    "agreed after a long debate to rebuild the bridge by spring.\n"
)

# A German article on a page whose English menu lines outweigh it: the page reads as
# English, its body as German, and in German a line ending in "und" goes on with the
# line below it, so the body read again joins two lines the page kept apart.
MIXED = "".join(f"- Read the latest news and stories from our reporters, part {i}.\n" for i in range(8)) + (
    "Der Rat der Stadt hat am Montag nach langer Debatte beschlossen, die alte Brücke abzureißen und\n"
    "- Share this story with your friends on every network you use.\n"
    "Die neue Brücke soll im Frühjahr fertig sein, sagte der Bürgermeister am Abend.\n"
)


class _DropShare(cleantext.Step):
    """Keeps every block but the list items (the share button, the menu lines)."""

    name = "drop_share"

    def __call__(self, doc: cleantext.Document) -> None:
        for block in doc.blocks:
            block.keep = not block.text.startswith("- ")


def _share_pipeline(**options: bool) -> cleantext.Pipeline:
    return cleantext.Pipeline(steps=["encoding", "normalize", "language", "segment", _DropShare()], **options)


def _words(text: str) -> list[str]:
    return re.findall(rf"{word()}+", text)


def test_the_default_body_keeps_the_headline_apart_when_cleaned_again() -> None:
    once = cleantext.clean(PAGE)
    assert "Apple unveils new phones\n\niPhone 15" in once
    assert cleantext.clean(once) == once


def test_the_default_body_keeps_the_halves_of_a_split_sentence_apart_when_cleaned_again() -> None:
    pipeline = _share_pipeline()
    once = pipeline.clean(SPLIT_SENTENCE)
    assert once == SPLIT_SENTENCE.replace("- Share\n", "\n\n").rstrip("\n")
    assert pipeline.clean(once) == once


def test_the_default_body_read_in_another_language_changes_when_cleaned_again() -> None:
    # the case settle exists for: read again, the two lines come back joined
    pipeline = _share_pipeline()
    once = pipeline.run(MIXED)
    twice = pipeline.run(once.body)
    assert (once.language, twice.language) == ("en", "de")
    assert len(once.kept) == 2 and len(twice.kept) == 1
    assert _words(twice.body) == _words(once.body)


def test_a_settled_body_is_given_back_unchanged() -> None:
    settled = cleantext.clean(PAGE, settle=True)
    assert cleantext.clean(settled, settle=True) == settled
    assert cleantext.clean(settled) == settled
    assert _words(settled) == _words(cleantext.clean(PAGE))
    pipeline = _share_pipeline(settle=True)
    for page in (SPLIT_SENTENCE, MIXED):
        settled = pipeline.clean(page)
        assert pipeline.clean(settled) == settled
        assert _share_pipeline().clean(settled) == settled


def test_settle_joins_the_blocks_the_re_reading_joins() -> None:
    doc = _share_pipeline(settle=True).run(MIXED)
    joined = [b for b in doc.blocks if b.reason.startswith("joined to block")]
    assert len(joined) == 1
    first = doc.blocks[int(joined[0].reason.split()[3])]
    assert first.keep and not joined[0].keep
    assert first.text.endswith(" abzureißen und " + joined[0].text)
    assert first.reason.endswith("joined on re-reading the body")
    assert doc.body.split("\n") == [b.text for b in doc.blocks if b.keep]
    assert any(r.step == "settle" for r in doc.reports)


def test_settle_changes_nothing_on_a_body_that_is_stable() -> None:
    body = cleantext.clean(cleantext.clean(PAGE))
    doc = cleantext.clean_document(body, settle=True)
    assert doc.body == body
    assert not any(r.step == "settle" for r in doc.reports)


def _reference_lines() -> list[str]:
    path = Path(__file__).parent / "fixtures" / "article_de.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_rows_taken_from_an_earlier_reading_are_the_rows_read_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    # a body read again takes the rows of the texts it read before: a subset of the
    # page's lines in another order, a line twice, and lines it never read
    lines = _reference_lines()
    stops, lex = stopwords("de"), lexicon("de")
    page = lines[::2]
    _, _, rows = featurise(page, [0.0] * len(page), stops, lex)
    unseen = [*lines[1:30:2], "Eine Zeile, die die erste Lesung nie sah."]
    again = [*page[5:40], page[7], *unseen]
    blank = [float(i % 3 == 0) for i in range(len(again))]
    read: list[str] = []
    read_blocks = features._read_blocks
    monkeypatch.setattr(features, "_read_blocks", lambda texts, *rest: read.extend(texts) or read_blocks(texts, *rest))
    reused, reused_labels, _ = featurise(again, blank, stops, lex, None, rows)
    assert read == unseen  # only the texts it never read are read
    monkeypatch.undo()
    fresh, fresh_labels, _ = featurise(again, blank, stops, lex)
    assert np.array_equal(reused, fresh)
    assert reused_labels == fresh_labels
    # rows of another language's lists are not taken
    other, _, _ = featurise(again, blank, stopwords("en"), lexicon("en"), None, rows)
    assert np.array_equal(other, featurise(again, blank, stopwords("en"), lexicon("en"))[0])


def test_settle_reading_again_gives_what_reading_afresh_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "\n".join([*PAGE.split("\n"), *_reference_lines()])
    pipeline = cleantext.Pipeline(settle=True)
    with_rows = pipeline.run(page)
    afresh = cleantext.Pipeline._run_once
    monkeypatch.setattr(
        cleantext.Pipeline, "_run_once", lambda self, text, markup=None, earlier=None: afresh(self, text, markup)
    )
    without = pipeline.run(page)
    assert with_rows.body == without.body
    assert [(b.keep, b.reason, b.score) for b in with_rows.blocks] == [
        (b.keep, b.reason, b.score) for b in without.blocks
    ]
