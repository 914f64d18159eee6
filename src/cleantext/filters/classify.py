"""First pass: classify each block on its own features (jusText's first pass)."""

from __future__ import annotations

from ..document import Document
from ..features import block_features
from ..lexicons import lexicon
from ..pipeline import Step, register
from ..stopwords import stopwords


@register("classify")
class Classify(Step):
    """Give every block a first-pass class (good, near-good, short, bad) and a label."""

    name = "classify"

    def __call__(self, doc: Document) -> None:
        stops = stopwords(doc.language)
        lex = lexicon(doc.language)
        for block in doc.blocks:
            if block.vetoed:
                continue
            f = block_features(block.text, stops, lex)
            block.features.update(f)
            words = f["words"]
            density = f["stop_density"]
            boiler = f["lexicon_label"]
            if boiler and words <= 25:
                block.first_class, block.label, block.reason = "bad", boiler, f"{boiler} phrase"
            elif f["chars"] < 30:
                block.first_class, block.label, block.reason = "short", "boilerplate", "short"
            elif (density >= 0.3 or not stops) and f["chars"] >= 70 and f["terminal"]:
                block.first_class, block.label, block.reason = "good", "body", "prose"
            elif density >= 0.2 or not stops:
                block.first_class, block.label, block.reason = "near-good", "body", "near prose"
            else:
                block.first_class, block.label, block.reason = "bad", "boilerplate", "few stopwords"
            block.score = {"good": 0.9, "near-good": 0.6, "short": 0.3, "bad": 0.1}[block.first_class]
        doc.report(self.name, f"classified {len(doc.blocks)} block(s)")
