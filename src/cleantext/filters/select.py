"""Body selection: keep the main run of body blocks; stray ones far from it go."""

from __future__ import annotations

from ..document import Block, Document
from ..pipeline import Step, register

#: A run whose kept text is at least this share of the main run's stays too.
SECOND_RUN_SHARE = 0.25


def runs(blocks: list[Block], max_gap: int) -> list[list[Block]]:
    """Group the good blocks into runs that bridge at most ``max_gap`` bad blocks."""
    out: list[list[Block]] = []
    gap = max_gap + 1
    for block in blocks:
        if block.final_class == "good":
            if out and gap <= max_gap:
                out[-1].append(block)
            else:
                out.append([block])
            gap = 0
        else:
            gap += 1
    return out


def _mass(run: list[Block]) -> float:
    return sum(len(b.text) * b.score for b in run)


@register("select")
class SelectBody(Step):
    """Keep the main body run (and runs nearly as large); label title and subheadings."""

    name = "select"

    def __call__(self, doc: Document) -> None:
        blocks: list[Block] = [b for b in doc.blocks if not b.vetoed]
        groups = runs(blocks, doc.config.max_gap)
        main_mass = max((_mass(r) for r in groups), default=0.0)
        kept_runs = [r for r in groups if _mass(r) >= SECOND_RUN_SHARE * main_mass]
        kept = {id(b) for r in kept_runs for b in r}
        for block in blocks:
            if id(block) in kept:
                block.keep = True
                block.final_class = "good"
                if block.heading:
                    block.label, block.reason = "heading", "subheading before body"
                else:
                    block.label = "body"
                    block.reason = "body text" if block.first_class in ("good", "near-good") else "body by context"
            else:
                block.keep = False
                if block.final_class == "good":
                    block.reason = "outside the main body"
                elif block.first_class in ("good", "near-good"):
                    block.reason = "boilerplate by context"
                block.final_class = "bad"
                if block.label in ("body", ""):
                    block.label = "boilerplate"
        self._title(blocks, doc)
        doc.report(self.name, f"kept {len(doc.kept)} of {len(doc.blocks)} block(s) in {len(kept_runs)} run(s)")

    @staticmethod
    def _title(blocks: list[Block], doc: Document) -> None:
        first = next((b for b in blocks if b.keep), None)
        if first is not None and first.heading and doc.config.keep_title:
            first.label, first.reason = "title", "headline above the body"
