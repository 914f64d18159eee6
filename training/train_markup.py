"""Fit the markup model (``src/cleantext/data/model/markup.json``) on the pages' HTML.

Each page's HTML goes through :func:`cleantext.markup.html_lines` and the pipeline
up to ``select``, with the block model in force; every block then gives one row of
:data:`cleantext.filters.markup.FEATURES` (its decision so far, its two scores, its
length, what the HTML says about its lines, whether it sits in the element that
holds the body) and its label by the page's gold (``train.block_labels``).  The
model is a few small networks on standardised rows (one hidden layer each, their
probabilities averaged; ``--hidden 0``: a logistic regression), stored as a
:class:`cleantext.model.Stage`, so the run time needs nothing but numpy.

Weights: a block weighs the square root of its tokens, times its source's weight
(:data:`MARKUP_SOURCE_WEIGHT`, else ``train.SOURCE_WEIGHT``), times
:data:`SNIPPET_SET_WEIGHT` on snippet pages (which label few blocks each).

    python training/train_markup.py --eval dev   # fit on train/ only, score the dev sets from HTML
    python training/train_markup.py              # fit on train/ and the dev sets, write the shipped model

``--blocks PATH`` uses another block model (for held-out figures: one that
``train.py --eval dev --out PATH`` fit on train/ only).  ``--blocks-halves A B`` makes
each page's rows with the block model that was not fit on it (``train.py --half 0``
and ``--half 1``), as the step sees pages at run time; the shipped model is fit so:

    python training/train.py --variants ... --half 0 --out /tmp/half0.json   # and --half 1
    python training/train_markup.py --blocks-halves /tmp/half0.json /tmp/half1.json  About 6 CPU-minutes; the
pages are read from ../shared/bench and never copied into the repository.
Needs scikit-learn (the ``train`` extra).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train

import cleantext
from cleantext import model as model_module
from cleantext.filters import markup as markup_step
from cleantext.model import Model, Stage
from cleantext.pipeline import Step

OUT = train.ROOT / "src" / "cleantext" / "data" / "model" / "markup.json"
HTML = train.BENCH / "html"
#: A labelled block of a snippet page weighs this much more than one of a gold page.
SNIPPET_SET_WEIGHT = 3.0
#: Sources whose pages weigh more here than in train.SOURCE_WEIGHT: wcxb holds the
#: modern pages of seven page types, whose HTML signs differ from those of the news
#: pages most other sources hold (held out by thirds of its sites, 3 rather than 1 gave
#: forum pages 0.63/0.74/0.61 F1 instead of 0.62/0.70/0.59, the dev sets -0.001).
MARKUP_SOURCE_WEIGHT = {"wcxb": 3.0}
#: The inverse regularisation strength of the logistic regression (``--hidden 0``).
C = 1.0
#: The networks: hidden units, how many are averaged, their L2 penalty.  Held out
#: (fit on train/, scored from HTML), 5 networks of 8 units gave dev F1 0.932 and
#: snippet F1 0.901 where the logistic regression on the same rows gave 0.923 and
#: 0.901 (16 units or a penalty of 0.01 or 1: dev 0.930-0.931, snippets 0.898-0.902).
HIDDEN = 8
MEMBERS = 5
ALPHA = 0.1


def html_pages(which: str) -> list[dict]:
    """The pages of ``train`` (train/), ``dev`` (the two dev sets) or ``all`` that have
    HTML, each with its ``html``, ``set`` and ``weight``."""
    files = {"train": train.TRAIN_FILES, "dev": train.DEV_FILES, "all": train.TRAIN_FILES + train.DEV_FILES}[which]
    pages = []
    for path in files:
        name = train._set_name(path)
        stem = name if path.parent.name != "train" else "train-" + name.split(".")[0]
        with gzip.open(HTML / f"{stem}.html.jsonl.gz", "rt", encoding="utf-8") as fh:
            html = {row["id"]: row["html"] for row in map(json.loads, fh)}
        for page in train._read(path):
            if html.get(page["id"]):
                page["html"] = html[page["id"]]
                page["set"] = name
                weight = MARKUP_SOURCE_WEIGHT.get(page["source"], train.SOURCE_WEIGHT.get(page["source"], 1.0))
                page["weight"] = weight * (SNIPPET_SET_WEIGHT if "snippets" in name else 1.0)
                pages.append(page)
    return pages


class _Record(Step):
    """Keep each page's markup rows (the ``markup`` step's input) in the document."""

    name = "record"

    def __call__(self, doc: cleantext.Document) -> None:
        blocks, rows, _ = markup_step.markup_rows(doc)
        doc.scratch["markup_rows"] = (blocks, rows)


def page_rows(page: dict, pipeline: cleantext.Pipeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows, labels and weights of the labelled blocks of one page."""
    doc = pipeline.run_html(page["html"])
    blocks, x = doc.scratch["markup_rows"]
    if not blocks:
        return np.zeros((0, len(markup_step.FEATURES))), np.zeros(0), np.zeros(0)
    labels, counts = train.block_labels([b.text for b in blocks], page)
    known = labels >= 0
    return x[known], labels[known], np.sqrt(np.maximum(counts[known], 1.0)) * page["weight"]


def rows_of(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows, labels and weights of the labelled blocks of ``pages``."""
    pipeline = cleantext.Pipeline().replace("markup", _Record())
    parts = [page_rows(page, pipeline) for page in pages]
    return tuple(np.concatenate([part[i] for part in parts]) for i in range(3))  # type: ignore[return-value]


def cross_validate(pages: list[dict], halves: list[Path], groups: list[str]) -> None:
    """Hold out each group (``train.group_of``: a source, or a third of wcxb's sites) in
    turn: fit on the other pages' rows, score the held-out pages with a body from their
    HTML, with and without the step, by page type.  Every page's block scores come from
    the half model not fit on it."""
    models = [Model.from_json(path.read_text(encoding="utf-8")) for path in halves]
    for page in pages:
        page["set"] = "snippets" if "snippets" in page["set"] else page["set"]
        page["group"] = train.group_of(page)
    record = cleantext.Pipeline().replace("markup", _Record())
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for page in pages:
        train.use_model(models[train.half_of(page["id"])])
        rows.append(page_rows(page, record))
    with_step, without = cleantext.Pipeline(), cleantext.Pipeline().remove("markup")
    for group in groups:
        fit_on = [r for r, p in zip(rows, pages, strict=True) if p["group"] != group]
        stage = fit(*(np.concatenate([r[i] for r in fit_on]) for i in range(3)))
        markup_step.load_markup_model = lambda stage=stage: stage  # type: ignore[misc]
        scores: dict[str, list[tuple[float, float]]] = {}
        for page in pages:
            if page["group"] != group or not page.get("body"):
                continue
            train.use_model(models[train.half_of(page["id"])])
            pair = tuple(train.SCORE.prf(p.run_html(page["html"]).body, page["body"])[2] for p in (without, with_step))
            for key in ("all", page.get("page_type") or page["source"]):
                scores.setdefault(key, []).append(pair)  # type: ignore[arg-type]
        for key, pairs in sorted(scores.items()):
            before, after = np.mean(pairs, axis=0)
            print(f"held out {group:16s} {key:16s} pages {len(pairs):4d}  F1 without {before:.3f}, with {after:.3f}")


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, hidden: int | None = None) -> Stage:
    """The model on standardised rows, as a :class:`Stage`: :data:`MEMBERS` networks of
    one hidden layer of ``hidden`` units (default :data:`HIDDEN`), each fit on its own
    weighted resample of the rows (MLPClassifier has no sample_weight; a deterministic
    draw), their probabilities averaged; or, with ``hidden=0``, a logistic regression."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    hidden = HIDDEN if hidden is None else hidden
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    if hidden == 0:
        clf = LogisticRegression(C=C, max_iter=5000).fit(z, y, sample_weight=w)
        layer = (clf.coef_.T.astype(np.float64), clf.intercept_.astype(np.float64))
        return Stage(markup_step.FEATURES, mean, scale, ((layer,),))
    p = w / w.sum()
    size = min(int(np.count_nonzero(w)) * 2, 400_000)
    nets = []
    for m in range(MEMBERS):
        idx = np.random.default_rng(m).choice(len(y), size=size, p=p)
        net = MLPClassifier(
            hidden_layer_sizes=(hidden,), alpha=ALPHA, max_iter=200, early_stopping=True, random_state=m, batch_size=512
        ).fit(z[idx], y[idx])
        nets.append(
            tuple(
                (c.astype(np.float64), b.astype(np.float64)) for c, b in zip(net.coefs_, net.intercepts_, strict=True)
            )
        )
    return Stage(markup_step.FEATURES, mean, scale, tuple(nets))


def score_dev(markup: bool) -> dict[str, float]:
    """F1 on dev.jsonl and snippet F1 on snippets_dev.jsonl, from the pages' HTML."""
    pipeline = cleantext.Pipeline() if markup else cleantext.Pipeline().remove("markup")
    out: dict[str, float] = {}
    for page_set in ("dev", "snippets_dev"):
        pages = [p for p in html_pages("dev") if p["set"] == page_set]
        f1, tp, fn, fp = [], 0, 0, 0
        for page in pages:
            body = pipeline.run_html(page["html"]).body
            if page.get("body") is not None:
                f1.append(train.SCORE.prf(body, page["body"])[2])
            else:
                a, b, c, _ = train.SCORE.snippet_counts(body, page["must_keep"], page["must_drop"])
                tp, fn, fp = tp + a, fn + b, fp + c
        out[page_set] = float(np.mean(f1)) if f1 else train.SCORE.snippet_prf(tp, fn, fp)[2]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", choices=("dev",), help="fit on train/ only and score the dev sets from HTML")
    ap.add_argument("--blocks", type=Path, help="the block model to use (default: the shipped one)")
    ap.add_argument(
        "--blocks-halves",
        type=Path,
        nargs=2,
        metavar=("HALF0", "HALF1"),
        help="the block models train.py --half 0 and --half 1 fit: each page's rows come from the "
        "one not fit on it, so that the scores read as those of pages the model has not seen",
    )
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the model")
    ap.add_argument("--hidden", type=int, default=HIDDEN, help="hidden units of the networks; 0: a logistic regression")
    ap.add_argument("--snippet-weight", type=float, default=SNIPPET_SET_WEIGHT)
    ap.add_argument("--source-weight", default="", help="SOURCE=W,...: pages of SOURCE weigh W")
    ap.add_argument("--cv", default="", help="with --blocks-halves: hold out these groups of train/ in turn")
    args = ap.parse_args()
    globals()["SNIPPET_SET_WEIGHT"] = args.snippet_weight
    globals()["HIDDEN"] = args.hidden
    for item in filter(None, args.source_weight.split(",")):
        name, value = item.split("=")
        MARKUP_SOURCE_WEIGHT[name] = float(value)
    if args.cv:
        if not args.blocks_halves:
            raise SystemExit("--cv needs --blocks-halves")
        cross_validate(html_pages("train"), args.blocks_halves, args.cv.split(","))
        return 0
    start = time.process_time()
    pages = html_pages("train" if args.eval else "all")
    if args.blocks_halves:
        parts = []
        for half, path in enumerate(args.blocks_halves):
            train.use_model(Model.from_json(path.read_text(encoding="utf-8")))
            parts.append(rows_of([p for p in pages if train.half_of(p["id"]) == half]))
        x, y, w = (np.concatenate([part[i] for part in parts]) for i in range(3))
    else:
        if args.blocks is not None:
            train.use_model(Model.from_json(args.blocks.read_text(encoding="utf-8")))
        x, y, w = rows_of(pages)
    if args.blocks is not None:
        train.use_model(Model.from_json(args.blocks.read_text(encoding="utf-8")))
    elif args.blocks_halves:
        train.use_model(model_module.load_model())
    print(f"{len(y)} labelled blocks of {len(pages)} pages in {time.process_time() - start:.0f} CPU-s")
    stage = fit(x, y, w, args.hidden)
    if len(stage.members[0]) == 1:
        weights = dict(zip(stage.features, (stage.members[0][0][0][:, 0]).round(2).tolist(), strict=True))
        print("weights (standardised):", json.dumps(weights))
    if args.eval:
        markup_step.load_markup_model.cache_clear()
        markup_step.load_markup_model = lambda: stage  # type: ignore[assignment]
        print("without the markup step:", score_dev(False))
        print("with it, fit on train/ only:", score_dev(True))
        if args.out == OUT:
            return 0
    args.out.write_text(json.dumps(stage.to_dict(), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
