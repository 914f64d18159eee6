"""Second pass: revise each block by its neighbours (jusText's second pass).

A second model sees each block together with its neighbours' features and
first-pass scores, so short and near-good blocks take their class from the
blocks around them.  Short unpunctuated lines right before a paragraph of body
prose are kept as subheadings.
"""

from __future__ import annotations

import numpy as np

from ..document import Block, Document
from ..features import HEADING_MAX_LINK, N_CONTEXT, STRONG_WORDS, column, context_features, strong_prose
from ..model import load_model
from ..page_features import PAGE, main_span, page_features
from ..pipeline import Step, register
from .classify import NEAR_GOOD

HEADING_MAX_WORDS = 16
#: The least score a heading-like line needs to be kept as a heading: between body
#: blocks, or above the body (where teaser and menu lines stand too).
BETWEEN_MIN, FIRST_MIN = 0.0, 0.2
#: Inside the page's main region (:func:`cleantext.page_features.main_span`) a block
#: is body from a context score this much below the threshold, on a page with at most
#: SPAN_STRONG_MAX blocks of strong prose (:func:`cleantext.features.strong_prose`: a
#: first-pass score of 0.7 and 12 words or more): the items of a listing (a title, a
#: short description, a date or a price each) score low one by one, like navigation,
#: but stand together where the page's first-pass scores are highest.  On an article
#: that region holds comments and teasers too, hence the gate.  0 turns it off.
#: Measured (branch exp-listing; the models are the same with and without it):
#: page-type cross-validation over the wcxb pages of train/, two seeds, listing pages
#: +0.026 and +0.018 F1, collection +0.003 and -0.002, articles -0.0005 and -0.0002,
#: products +0.002 and +0.015, all 1,246 pages +0.002 and +0.002; held out (fit on
#: train/ only) dev -0.0002, snippets -0.0001.  Ungated, listing pages gained more
#: (+0.033, +0.024) but held out dev lost 0.011 (L3S -0.022, scrapinghub -0.013) and
#: snippets 0.008.
SPAN_RELIEF = 0.2
SPAN_STRONG_MAX = 2
_LEXICON_ANY = column("lexicon_any")
_URL = column("url")
_LOG_CHARS = column("log_chars")
_MD_LINK = column("md_link_share")
_LOG_WORDS = column("log_words")
_TERMINAL = column("terminal")
#: A heading-like line is kept as a heading only right before prose: a block of at least
#: this many words (as log1p) that ends a sentence and reads as body alone (first pass at
#: least :data:`PROSE_MIN_P1`).  A subheading is followed by the paragraph it announces;
#: a pointer ("Related coverage"), a caption or a label by a teaser, a list or a credit.
PROSE_MIN_WORDS, PROSE_MIN_P1 = STRONG_WORDS, 0.5
#: The final classes by whether a block is good, as an array to index with the flags.
_CLASS_NAMES = np.array(["bad", "good"], dtype=object)


def looks_like_heading(text: str, own: np.ndarray | None = None, link_share: float = 0.0) -> bool:
    """A short line with no sentence end (a question or exclamation may end it),
    no boilerplate phrase and no link, not mostly link text (markdown input: at least
    :data:`HEADING_MAX_LINK`); ``own`` is the block's feature row, if known (its
    ``md_link_share`` is then the share of link text), else ``link_share`` is."""
    if not _heading_text(text):
        return False
    if own is not None:
        if own[_LEXICON_ANY] or own[_URL]:
            return False
        link_share = own[_MD_LINK]
    return _few_links(link_share)


def _few_links(link_share: float) -> bool:
    """A share of link text a heading may have: under :data:`HEADING_MAX_LINK` (a NaN
    share passes)."""
    return not link_share >= HEADING_MAX_LINK


def _heading_text(text: str) -> bool:
    """The tests of :func:`looks_like_heading` that read the text alone: a short line
    with no sentence end, with a letter among its first three characters."""
    # the cheap tests first: most lines of prose end with a full stop (and the
    # characters are tested one by one: a call of a string method costs more here)
    if len(text) < 3 or text[-1] in ".,;:…" or text[0] in "-•*#|©":
        return False
    # (more than HEADING_MAX_WORDS words take at least twice as many characters)
    if len(text) > 2 * HEADING_MAX_WORDS and len(text.split(None, HEADING_MAX_WORDS)) > HEADING_MAX_WORDS:
        return False
    return text[0].isalpha() or text[1].isalpha() or text[2].isalpha()


def heading_like(block: Block) -> bool:
    """A block kept as a heading, or one that :func:`looks_like_heading` (its share of
    link text is ``link_share``, which the classify step writes on markdown input)."""
    # (the share is looked up only for a text that passes the tests on its own: few do)
    return block.heading or (
        _heading_text(block.text) and _few_links(block.features.get("link_share", 0.0))
    )


@register("context")
class Context(Step):
    """Give every block its final class from its own and its neighbours' features."""

    name = "context"

    def __call__(self, doc: Document) -> None:
        blocks: list[Block] = doc.scratch.get("classified", [])
        if not blocks:
            doc.report(self.name, "no blocks")
            return
        own, p1 = doc.scratch["own"], doc.scratch["p1"]
        stage = load_model().context
        # a model fit with the page columns reads them after the neighbours'
        paged = stage.features[-len(PAGE) :] == PAGE
        width = own.shape[1] + N_CONTEXT
        x = np.empty((own.shape[0], width + len(PAGE) * paged))
        x[:, : own.shape[1]] = own
        # each block's characters, read by both feature sets and the headings
        chars = np.expm1(own[:, _LOG_CHARS])
        context_features(own, p1, out=x[:, own.shape[1] : width], chars=chars)
        if paged:
            page_features(own, p1, out=x[:, width:], chars=chars)
        p2 = stage.predict(x)
        good = p2 >= doc.config.threshold
        if SPAN_RELIEF and np.count_nonzero(strong_prose(own, p1)) <= SPAN_STRONG_MAX:
            # a page of few strong paragraphs: its main region's items stay at a lower bar
            start, end = main_span(p1)
            good[start:end] |= p2[start:end] >= doc.config.threshold - SPAN_RELIEF
        # the classes as one array of the two names, read in the loop with the scores
        for block, score, cls in zip(blocks, p2.tolist(), _CLASS_NAMES.take(good).tolist(), strict=True):
            block.score = score
            block.final_class = cls
        # a block read as good or near-good alone (first pass) that is now bad, or the reverse
        revised = int(np.count_nonzero((p1 >= NEAR_GOOD) != good))
        if doc.config.keep_headings:
            revised += self._headings(blocks, own, good, chars, p1)
        doc.report(self.name, f"{revised} block(s) revised by their neighbours")

    @staticmethod
    def _headings(blocks: list[Block], own: np.ndarray, good: np.ndarray, chars: np.ndarray, p1: np.ndarray) -> int:
        """Keep a short heading-like line that sits right before body prose (``chars``:
        each block's characters, as ``expm1`` of its log_chars; ``p1``: the first-pass scores)."""
        chars = np.rint(chars)
        count = 0
        # a bad block right before a good one (a few a page: their values read one by
        # one cost less than a whole-page array for each test) ...
        for i in (~good[:-1] & good[1:]).nonzero()[0].tolist():
            after = i + 1
            # ... more than twice as long, that is prose
            if not (
                chars.item(after) > 2 * chars.item(i)
                and own.item(after, _TERMINAL) > 0
                and own.item(after, _LOG_WORDS) >= PROSE_MIN_WORDS
                and p1.item(after) >= PROSE_MIN_P1
            ):
                continue
            block = blocks[i]
            between = i > 0 and blocks[i - 1].final_class == "good"
            if block.score >= (BETWEEN_MIN if between else FIRST_MIN) and looks_like_heading(block.text, own[i]):
                block.final_class = "good"
                block.heading = True
                count += 1
        return count
