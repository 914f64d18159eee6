"""Second pass: revise each block's class by its neighbours (jusText's second pass)."""

from __future__ import annotations

from ..document import Document
from ..pipeline import Step, register


@register("context")
class Context(Step):
    """Short and near-good blocks take their class from the surrounding blocks."""

    name = "context"

    def __call__(self, doc: Document) -> None:
        blocks = [b for b in doc.blocks if not b.vetoed]
        classes = [b.first_class for b in blocks]
        for i, block in enumerate(blocks):
            cls = classes[i]
            if cls in ("good", "bad"):
                block.final_class = cls
                continue
            prev = next((c for c in reversed(classes[:i]) if c in ("good", "bad")), "bad")
            nxt = next((c for c in classes[i + 1 :] if c in ("good", "bad")), "bad")
            block.final_class = "good" if (prev == "good" and nxt == "good") or (cls == "near-good" and "good" in (prev, nxt)) else "bad"
        doc.report(self.name, "revised by neighbours")
