"""The markdown columns: what the layout step stripped from each block's input lines."""

from __future__ import annotations

import numpy as np

from cleantext.document import Document
from cleantext.features import OWN, column
from cleantext.markdown_columns import MARKDOWN_COLUMNS, markdown_columns
from cleantext.pipeline import Pipeline

MARKDOWN = """# A council approves the budget for the new school buildings

[Home](https://example.org/) [News](https://example.org/news) [Sport](https://example.org/sport)

The council approved the new budget for the school district on Tuesday evening, after a long
debate about the cost of the [new buildings](https://example.org/b) and the teachers they need.

![The new school](https://example.org/school.jpg)

**Related stories**

- [Parents ask for more teachers](https://example.org/teachers)
- Another item in plain words

Parents said the district had waited too long; the budget was first proposed years ago.
"""


def blocks_of(text: str) -> Document:
    """The document after segmentation (the steps before the classifier)."""
    pipeline = Pipeline()
    for name in ("classify", "context", "select", "markup"):
        pipeline.remove(name)
    return pipeline.run(text)


def row(doc: Document, x: np.ndarray, starts: str) -> dict[str, float]:
    (k,) = [i for i, b in enumerate(doc.blocks) if b.text.startswith(starts)]
    return dict(zip(MARKDOWN_COLUMNS, x[k].tolist(), strict=True))


def test_columns_are_the_last_of_the_own_features() -> None:
    assert OWN[-len(MARKDOWN_COLUMNS) :] == MARKDOWN_COLUMNS
    assert column("md_image") == len(OWN) - 1


def test_each_column_says_what_its_name_says() -> None:
    doc = blocks_of(MARKDOWN)
    assert doc.is_markdown
    x = markdown_columns(doc, doc.blocks)
    assert x is not None and x.shape == (len(doc.blocks), len(MARKDOWN_COLUMNS))
    assert (x[:, 0] == 1.0).all()
    heading = row(doc, x, "A council approves")
    assert heading["md_heading"] == 1.0 and heading["md_link_share"] == 0.0
    menu = row(doc, x, "Home")
    assert menu["md_link_share"] > 0.8 and menu["md_heading"] == 0.0  # (the spaces are no link text)
    paragraph = row(doc, x, "The council approved")
    assert 0.0 < paragraph["md_link_share"] < 0.2
    related = row(doc, x, "Related stories")
    assert related["md_emphasis"] == 1.0 and related["md_list"] == 0.0
    item = row(doc, x, "Parents ask")
    assert item["md_list"] == 1.0 and item["md_link_share"] > 0.9
    plain_item = row(doc, x, "Another item")
    assert plain_item["md_list"] == 1.0 and plain_item["md_link_share"] == 0.0
    image = [b for b in doc.blocks if b.text.startswith("The new school")]
    if image:  # the layout step may keep an image's alt text as a line of its own
        assert row(doc, x, "The new school")["md_image"] == 1.0
    assert x[:, 5].sum() <= 1.0


def test_plain_text_has_no_markdown_columns() -> None:
    doc = blocks_of("A headline\nThe council approved the new budget on Tuesday evening.\nHome | News\n")
    assert not doc.is_markdown
    assert markdown_columns(doc, doc.blocks) is None


def test_a_heading_that_is_mostly_link_text_is_no_heading() -> None:
    # a teaser's title in a list of teasers is a heading line of one link: navigation,
    # not a heading over the text below it
    text = MARKDOWN + (
        "\n## [Families ask the council for more teachers](https://example.org/teachers)\n\n"
        "## What the budget pays for\n\n"
        "The budget pays for two new school buildings and for the teachers the district needs.\n"
    )
    doc = blocks_of(text)
    x = markdown_columns(doc, doc.blocks)
    assert x is not None
    teaser = row(doc, x, "Families ask")
    assert teaser["md_link_share"] > 0.9 and teaser["md_heading"] == 0.0
    assert row(doc, x, "What the budget")["md_heading"] == 1.0
