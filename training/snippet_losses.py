"""Which step loses the must-keep snippets of the snippet pages (and keeps the must-drop ones).

Each page is cleaned with the block model that was not fit on it (``train.py --half 0``
and ``--half 1`` write them), from its text or (``--html``) its HTML, and every snippet
is traced to the block that holds it: was it bad after the context step (and did a
lexicon category label it), cut by ``select`` (trimmed, or in a run too small), dropped
by the ``markup`` step, or split over blocks.  Counts by language group.

    python training/train.py --half 0 --out /tmp/half0.json     # and --half 1
    python training/snippet_losses.py /tmp/half0.json /tmp/half1.json [--html] [--markup M.json]

``--markup`` uses another markup model (for held-out figures: one that
``train_markup.py --eval dev --out PATH`` fit on train/ only).  ``--lang de`` lists the
lost snippets' blocks of that language (score, class, words, neighbours kept).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train

import cleantext
from cleantext.document import Document
from cleantext.filters import markup as markup_step
from cleantext.model import Model, Stage
from cleantext.pipeline import Step


class _Snapshot(Step):
    """Keep each block's state after a step (score, classes, label, kept)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.name = f"snapshot_{tag}"

    def __call__(self, doc: Document) -> None:
        doc.scratch.setdefault("snapshots", {})[self.tag] = [
            (b.score, b.first_class, b.final_class, b.label, b.keep) for b in doc.blocks
        ]


def cause(doc: Document, i: int | None) -> str:
    """The step that dropped block ``i`` (``None``: no single block holds the snippet)."""
    if i is None:
        return "split over blocks"
    snaps = doc.scratch["snapshots"]
    if doc.blocks[i].vetoed and i >= len(snaps["classify"]):
        return "vetoed"
    label = snaps["classify"][i][3]
    if snaps["context"][i][2] != "good":
        return "context: bad" + ("" if label in ("body", "boilerplate") else f" ({label} phrase)")
    if doc.blocks[i].keep:
        return "kept (the snippet runs over more blocks)"
    if not snaps["select"][i][4]:
        return "select: " + doc.blocks[i].reason.split(":")[0]
    return "markup: " + doc.blocks[i].reason.split("(")[0].strip()


def holder(doc: Document, snippet: str) -> int | None:
    """The longest block that holds ``snippet`` or is part of it (as ``train.block_labels``)."""
    s = train.squash(snippet)
    found = [
        (len(b.text), b.index)
        for b in doc.blocks
        if len(t := train.squash(b.text)) >= 3 and (s in t or (len(t) >= 12 and t in s))
    ]
    return max(found)[1] if found else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("halves", type=Path, nargs=2, help="the block models train.py --half 0 and --half 1 wrote")
    ap.add_argument("--html", action="store_true", help="clean the pages' HTML (default: their text)")
    ap.add_argument("--markup", type=Path, help="the markup model to use (default: the shipped one)")
    ap.add_argument("--lang", default="", help="list the lost snippets' blocks of this language")
    args = ap.parse_args()
    models = [Model.from_json(path.read_text(encoding="utf-8")) for path in args.halves]
    if args.markup is not None:
        stage = Stage.from_dict(json.loads(args.markup.read_text(encoding="utf-8")))
        markup_step.load_markup_model = lambda: stage  # type: ignore[assignment]
    pipeline = cleantext.Pipeline()
    for step in ("classify", "context", "select"):
        pipeline.insert_after(step, _Snapshot(step))
    html: dict[str, str] = {}
    if args.html:
        with gzip.open(train.BENCH / "html" / "snippets_dev.html.jsonl.gz", "rt", encoding="utf-8") as fh:
            html = {row["id"]: row["html"] for row in map(json.loads, fh)}
    lost: dict[str, Counter[str]] = {}
    kept_drop: dict[str, Counter[str]] = {}
    for page in train._read(train.BENCH / "snippets_dev.jsonl"):
        if args.html and not html.get(page["id"]):
            continue
        train.use_model(models[train.half_of(page["id"])])
        doc = pipeline.run_html(html[page["id"]]) if args.html else pipeline.run(page["text"])
        body = train.squash(doc.body)
        group = page["lang"] if page["lang"] == "de" else "other"
        for snippet in page["must_keep"]:
            if train.squash(snippet) in body:
                continue
            i = holder(doc, snippet)
            lost.setdefault(group, Counter())[cause(doc, i)] += 1
            if args.lang == page["lang"] and i is not None:
                b, snaps = doc.blocks[i], doc.scratch["snapshots"]
                near = [j for j in (i - 1, i + 1) if 0 <= j < len(doc.blocks) and doc.blocks[j].keep]
                print(
                    f"{page['id'][-12:]:12s} p1 {snaps['classify'][i][0]:.2f} {snaps['classify'][i][1]:9s} "
                    f"p2 {snaps['context'][i][0]:.2f} words {b.features.get('words', 0):4.0f} "
                    f"kept neighbours {len(near)}  {cause(doc, i)}"
                )
        for snippet in page.get("must_drop") or []:
            if train.squash(snippet) in body:
                i = holder(doc, snippet)
                first = doc.scratch["snapshots"]["classify"][i][1] if i is not None else "split"
                kept_drop.setdefault(group, Counter())[first] += 1
    for group in sorted(lost):
        print(f"{group}: {sum(lost[group].values())} must-keep snippets lost:", dict(lost[group].most_common()))
        print(
            f"{group}: {sum(kept_drop[group].values())} must-drop snippets kept, by first-pass class:",
            dict(kept_drop[group].most_common()),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
