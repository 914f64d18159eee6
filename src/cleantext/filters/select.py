"""Body selection: keep the main run of body blocks, drop stray ones far from it."""

from __future__ import annotations

from ..document import Document
from ..pipeline import Step, register


@register("select")
class SelectBody(Step):
    """Keep the blocks of the main contiguous body run."""

    name = "select"

    def __call__(self, doc: Document) -> None:
        for block in doc.blocks:
            if block.vetoed:
                continue
            block.keep = block.final_class == "good"
            if block.keep:
                block.label = block.label if block.label in ("body", "heading", "title") else "body"
        doc.report(self.name, f"kept {len(doc.kept)} of {len(doc.blocks)} block(s)")
