"""How far ``clean`` is from idempotent, and what ``settle=True`` costs.

For every page of the benchmark sets (read from ``../shared/bench/``, never copied
into the repository) this cleans the page, then cleans that body again, and counts:

* the pages whose body changes when it is cleaned again (``clean(clean(x)) != clean(x)``);
* the body lines the second cleaning loses (it joins lines and drops lines, never adds
  one), the pages where it only joins lines (the same words), and the body words the
  others lose;
* the CPU time of ``clean(x)`` and of ``clean(x, settle=True)``, which reads the body
  again until it no longer changes, and the pages that setting changes;
* that a settled body is idempotent: ``clean(b, settle=True) == b`` for each settled
  body ``b`` (the pages where it is not are counted; there should be none).

The quality of settled bodies is scored by the benchmark's own scorer::

    python ../shared/bench/score.py ../shared/bench/dev.jsonl --func bench_idempotence:clean_settled

(run from ``benchmarks/``, or with it on ``PYTHONPATH``).

Usage (from the repository root)::

    python benchmarks/bench_idempotence.py            # both sets, about a minute
    python benchmarks/bench_idempotence.py --limit 100
    python benchmarks/bench_idempotence.py --model M.json   # another block model (held-out figures)
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import cleantext

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
SETS = ("dev.jsonl", "snippets_dev.jsonl")


def clean_settled(text: str) -> str:
    """``clean`` with ``settle=True`` (for ``score.py --func``)."""
    return cleantext.clean(text, settle=True)


def use_model(path: Path) -> None:
    """Clean with the block model in ``path`` (``training/train.py --out``) in this
    process, as training does, e.g. one fit on ``train/`` alone for held-out figures."""
    from cleantext.filters import classify, context
    from cleantext.model import Model

    model = Model.from_json(path.read_text(encoding="utf-8"))
    classify.load_model = context.load_model = lambda name="blocks": model  # type: ignore[assignment]


def measure(texts: list[str]) -> dict[str, float]:
    """Re-cleaning and settling figures over ``texts`` (see the module docstring)."""
    changed = lines = lost = settled_differs = joined_only = words = words_lost = unsettled = 0
    plain_s = settled_s = 0.0
    for text in texts:
        start = time.process_time()
        once = cleantext.clean(text)
        plain_s += time.process_time() - start
        start = time.process_time()
        settled = cleantext.clean(text, settle=True)
        settled_s += time.process_time() - start
        twice = cleantext.clean(once)
        body = [line for line in once.split("\n") if line]  # (not the blank lines between blocks)
        lines += len(body)
        words += len(once.split())
        if twice != once:
            changed += 1
            lost += len(body) - len([line for line in twice.split("\n") if line])
            if twice.split() == once.split():
                joined_only += 1
            else:
                words_lost += len(once.split()) - len(twice.split())
        settled_differs += settled != once
        unsettled += cleantext.clean(settled, settle=True) != settled
    return {
        "pages": len(texts),
        "pages_changed_by_recleaning": changed,
        "body_lines": lines,
        "body_lines_lost_by_recleaning": lost,
        "pages_only_joined_by_recleaning": joined_only,
        "body_words": words,
        "body_words_dropped_by_recleaning": words_lost,
        "pages_changed_by_settle": settled_differs,
        "settled_pages_not_idempotent": unsettled,
        "clean_cpu_s": plain_s,
        "settle_cpu_s": settled_s,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    ap.add_argument("--model", type=Path, help="a block model file to use instead of the shipped one")
    args = ap.parse_args(argv)
    if args.model is not None:
        use_model(args.model)
    cleantext.clean("Warm-up. The model and the stoplists load once.")
    print(
        "| set | pages | cleaning the body again changes | only joins lines | body lines it loses "
        "| body words it drops | settle=True changes | settle=True time | settled, not idempotent |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in SETS:
        with open(BENCH / name, encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle]
        if args.limit:
            texts = texts[: args.limit]
        r = measure(texts)
        n = r["pages"]
        print(
            f"| {name} | {n} | {r['pages_changed_by_recleaning']} ({r['pages_changed_by_recleaning'] / n:.0%}) "
            f"| {r['pages_only_joined_by_recleaning']} "
            f"| {r['body_lines_lost_by_recleaning']:,} of {r['body_lines']:,} "
            f"({r['body_lines_lost_by_recleaning'] / max(r['body_lines'], 1):.1%}) "
            f"| {r['body_words_dropped_by_recleaning']:,} of {r['body_words']:,} "
            f"({r['body_words_dropped_by_recleaning'] / max(r['body_words'], 1):.1%}) "
            f"| {r['pages_changed_by_settle']} ({r['pages_changed_by_settle'] / n:.0%}) "
            f"| {r['settle_cpu_s'] / max(r['clean_cpu_s'], 1e-9):.2f}x | {r['settled_pages_not_idempotent']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
