"""First pass: score each block on its own features (jusText's first pass)."""

from __future__ import annotations

import numpy as np

from ..document import Document, one_input_line
from ..features import column, featurise
from ..lexicons import CATEGORIES, lexicon
from ..markdown_columns import markdown_columns
from ..model import load_model
from ..pipeline import Step, register
from ..stopwords import stopwords

_MD_LINK = column("md_link_share")
_LOG_CHARS = column("log_chars")
_STOP_DENSITY = column("stop_density")

GOOD, NEAR_GOOD = 0.7, 0.4
#: jusText's test of a paragraph of prose: at least PROSE_WORDS words, at least
#: PROSE_STOP_DENSITY of them stopwords of the page's language.  Such a block gets
#: ``features["prose"] = 1.0`` (on a page whose language has a stoplist), which lets it
#: join a run down to a lower bar in the select step (``select.PROSE_EDGE_MIN``); a
#: sentence of a line the layout step cut up does not (on text with few line breaks
#: the rule took in sentences around the body: trafilatura's html2txt text of the dev
#: pages lost 0.016 F1 with it).
PROSE_WORDS, PROSE_STOP_DENSITY = 20, 0.3
#: The class names by code: 0 bad, 1 short, 2 near-good, 3 good.
_CLASS_NAMES = np.array(["bad", "short", "near-good", "good"], dtype=object)


def first_classes(scores: np.ndarray, chars: np.ndarray) -> list[str]:
    """jusText-style classes from first-pass scores and block lengths in characters:
    good, near-good, short or bad."""
    codes = np.where(scores >= NEAR_GOOD, 2, (chars < 40).view(np.int8))
    codes += scores >= GOOD
    names: list[str] = _CLASS_NAMES[codes].tolist()
    return names


def _piece(origin: list[tuple[int, int]], first: int, last: int) -> bool:
    """Whether the lines ``first`` to ``last`` of a text that the layout step made
    (``origin``: each line's input lines) begin or end in the middle of an input line
    that the step cut into sentences (text with few line breaks)."""
    return (first > 0 and one_input_line(origin, first - 1, first)) or (
        last + 1 < len(origin) and one_input_line(origin, last, last + 1)
    )


#: The label and reason of a block that matched no lexicon phrase, by whether it reads as body.
_PLAIN = (("boilerplate", "reads as boilerplate"), ("body", "reads as body"))
_PHRASE_REASON = {category: f"{category} phrase" for category in CATEGORIES}


@register("classify")
class Classify(Step):
    """Score every block alone with the first-pass model; give it a class and a label.

    The label of a block that matches a boilerplate lexicon (cookie, newsletter,
    share, ...) is that category; the class says how body-like the block is.
    """

    name = "classify"

    def __call__(self, doc: Document) -> None:
        blocks = [b for b in doc.blocks if not b.vetoed]
        texts = [b.text for b in blocks]
        blank = [b.features.get("blank_before", 0.0) for b in blocks]
        # a body read again (settle) takes the rows of the blocks it read before
        stops = stopwords(doc.language)
        own, lex_labels, rows = featurise(
            texts,
            blank,
            stops,
            lexicon(doc.language),
            markdown_columns(doc, blocks),
            doc.scratch.get("earlier_rows"),
        )
        scores = load_model().first.predict(own)
        word_counts = np.rint(np.expm1(own[:, column("log_words")]))
        words = word_counts.tolist()
        # the blocks' characters, as the rows hold them (log1p): cheaper than len of each text
        chars = np.rint(np.expm1(own[:, _LOG_CHARS]))
        classes = first_classes(scores, chars)
        body = (scores >= 0.5).tolist()
        for block, score, lex_label, n_words, cls, is_body in zip(
            blocks, scores.tolist(), lex_labels, words, classes, body, strict=True
        ):
            block.score = score
            block.features["words"] = n_words
            block.first_class = cls
            block.label, block.reason = (lex_label, _PHRASE_REASON[lex_label]) if lex_label else _PLAIN[is_body]
        if stops:  # paragraphs of prose (a few a page), for the select step
            prose = (word_counts >= PROSE_WORDS) & (own[:, _STOP_DENSITY] >= PROSE_STOP_DENSITY)
            origin = doc.origin
            for i in prose.nonzero()[0].tolist():
                block = blocks[i]
                if origin is None or not _piece(origin, block.first_line, block.last_line):
                    block.features["prose"] = 1.0
        if doc.is_markdown:  # the share of link text, for the heading tests of later steps
            for block, share in zip(blocks, own[:, _MD_LINK].tolist(), strict=True):
                block.features["link_share"] = share
        doc.scratch["classified"] = blocks
        doc.scratch["own"] = own
        doc.scratch["rows"] = rows
        doc.scratch["p1"] = scores
        good = classes.count("good")
        doc.report(self.name, f"{good} of {len(blocks)} block(s) good on their own")
