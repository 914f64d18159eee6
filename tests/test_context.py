"""The context step's rules around the model: the main region of a page of few
strong paragraphs (a listing's items) is read at a lower bar."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from cleantext import Block, Config, Document
from cleantext.features import document_features
from cleantext.filters import context
from cleantext.lexicons import lexicon
from cleantext.page_features import PAGE
from cleantext.stopwords import stopwords

MENU = ["Home", "Courses", "Teachers", "Prices", "Contact", "Log in"]
ITEMS = ["Pottery for beginners", "Six evenings at the wheel", "Watercolour landscapes", "Four Saturdays of light"]
FOOTER = ["Privacy", "Imprint", "Newsletter"]
PROSE = (
    "The centre has taught evening classes in the old school building since it opened its doors, "
    "and most of the teachers have been with it for more than ten years now."
)


def _run(texts: list[str], p1: list[float], p2: list[float], monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The context step on blocks ``texts`` whose first-pass scores are ``p1`` and whose
    context model answers ``p2``; which blocks it calls good."""
    own, _ = document_features(texts, [0.0] * len(texts), stopwords("en"), lexicon("en"))
    stage = SimpleNamespace(features=(*("x",) * 3, *PAGE), predict=lambda x: np.array(p2))
    monkeypatch.setattr(context, "load_model", lambda: SimpleNamespace(context=stage))
    blocks = [Block(i, t) for i, t in enumerate(texts)]
    for block, score in zip(blocks, p1, strict=True):
        block.score, block.first_class = score, "short"
    doc = Document(original="\n".join(texts), text="\n".join(texts), config=Config(keep_headings=False))
    doc.blocks = blocks
    doc.scratch.update(classified=blocks, own=own, p1=np.array(p1))
    context.Context()(doc)
    return [b.final_class == "good" for b in blocks]


def test_a_listings_items_are_body_at_a_lower_bar_in_the_main_region(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*MENU, *ITEMS, *FOOTER]
    # the items score low alone, but above the page's mean; menu and footer lowest
    p1 = [0.05] * len(MENU) + [0.3] * len(ITEMS) + [0.05] * len(FOOTER)
    # the context model leaves every block a little under the threshold (0.4)
    p2 = [0.3] * len(texts)
    good = _run(texts, p1, p2, monkeypatch)
    assert good == [False] * len(MENU) + [True] * len(ITEMS) + [False] * len(FOOTER)
    # below threshold - SPAN_RELIEF nothing is lifted, and with no relief nothing either
    assert not any(_run(texts, p1, [0.15] * len(texts), monkeypatch))
    monkeypatch.setattr(context, "SPAN_RELIEF", 0.0)
    assert not any(_run(texts, p1, p2, monkeypatch))


def test_a_page_of_strong_paragraphs_keeps_the_usual_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    # more than SPAN_STRONG_MAX paragraphs of strong prose: an article, whose main region
    # may hold comments and teasers; the bar stays where it is
    strong = [PROSE] * (context.SPAN_STRONG_MAX + 1)
    texts = [*MENU, *strong, *ITEMS, *FOOTER]
    p1 = [0.05] * len(MENU) + [0.9] * len(strong) + [0.3] * len(ITEMS) + [0.05] * len(FOOTER)
    p2 = [0.3] * len(texts)
    assert not any(_run(texts, p1, p2, monkeypatch))
