"""Second pass: revise each block by its neighbours (jusText's second pass).

A second model sees each block together with its neighbours' features and
first-pass scores, so short and near-good blocks take their class from the
blocks around them.  Short unpunctuated lines right before body text are kept
as subheadings.
"""

from __future__ import annotations

import numpy as np

from ..document import Block, Document
from ..features import context_features
from ..model import load_model
from ..pipeline import Step, register

HEADING_MAX_WORDS = 16


def looks_like_heading(block: Block) -> bool:
    """A short line with no sentence end (a question or exclamation may end it)."""
    f = block.features
    text = block.text
    if not text or len(text.split()) > HEADING_MAX_WORDS or f.get("lexicon_any", 0.0):
        return False
    if text[-1] in ".,;:…" or text.startswith(("-", "•", "*", "#", "|", "©")):
        return False
    return any(ch.isalpha() for ch in text[:3]) and not f.get("url", 0.0)


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
        x = np.hstack([own, context_features(own, p1)])
        p2 = load_model().context.predict(x)
        threshold = doc.config.threshold
        for j, (block, score) in enumerate(zip(blocks, p2, strict=True)):
            block.features.update(
                {"p1": round(float(p1[j]), 4), "lexicon_any": float(own[j, 27]), "url": float(own[j, 18])}
            )
            block.score = float(score)
            block.final_class = "good" if score >= threshold else "bad"
        revised = sum(1 for b in blocks if (b.first_class in ("good", "near-good")) != (b.final_class == "good"))
        if doc.config.keep_headings:
            revised += self._headings(blocks)
        doc.report(self.name, f"{revised} block(s) revised by their neighbours")

    @staticmethod
    def _headings(blocks: list[Block]) -> int:
        """Keep a short heading-like line that sits between body blocks."""
        count = 0
        for i, block in enumerate(blocks):
            if block.final_class == "good" or not looks_like_heading(block):
                continue
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            prev = blocks[i - 1] if i > 0 else None
            if nxt is not None and nxt.final_class == "good" and len(nxt.text) > 2 * len(block.text) and (
                prev is None or prev.final_class == "good" or block.score >= 0.2
            ):
                block.final_class = "good"
                block.heading = True
                count += 1
        return count
