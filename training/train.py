"""Fit the block model (``src/cleantext/data/model/blocks.json``) on the benchmark pages.

Labels: a block of a page with a gold body counts as body when at least 80% of
its tokens are in the gold; on snippet pages, a block that holds (or is part of)
a must-keep snippet is body and one that holds a must-drop snippet is not; other
blocks of snippet pages are not used.

    python training/train.py                 # fit on all pages, write the model
    python training/train.py --cv            # leave-one-source-out: fit on the rest, score the held-out pages

The pages are read from ../shared/bench and never copied into the repository.
Needs scikit-learn (the ``train`` extra).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import pickle
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import cleantext  # noqa: E402
from cleantext import model as model_module  # noqa: E402
from cleantext.features import OWN, context_features, context_names, document_features  # noqa: E402
from cleantext.lexicons import lexicon  # noqa: E402
from cleantext.model import Model, Stage  # noqa: E402
from cleantext.stopwords import stopwords  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
MODEL_PATH = ROOT / "src" / "cleantext" / "data" / "model" / "blocks.json"
CACHE = Path(tempfile.gettempdir()) / f"cleantext-train-{hashlib.md5(str(ROOT).encode()).hexdigest()[:8]}.pkl"
ALPHA = 1e-2
MEMBERS = 3
MAX_ITER = 200
# a snippet page labels only a few blocks: each counts more than a block of a gold page
SNIPPET_WEIGHT = 10.0
# the snippet score counts each snippet once, whatever its length: so every labelled
# block of a snippet page weighs the same (about the mean sqrt(words) of such blocks)
SNIPPET_BLOCK = 4.0


def _score_module():
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _score_module()


def squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_pages() -> list[dict]:
    pages = []
    for name in ("dev.jsonl", "snippets_dev.jsonl"):
        with open(BENCH / name, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    page = json.loads(line)
                    page["set"] = name.split(".")[0]
                    pages.append(page)
    return pages


PRE = cleantext.Pipeline(steps=["encoding", "normalize", "language", "segment"])


def page_rows(page: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Own features, labels (1, 0, or -1 for unknown) and weights of a page's blocks."""
    doc = PRE.run(page["text"])
    texts = [b.text for b in doc.blocks]
    blank = [b.features.get("blank_before", 0.0) for b in doc.blocks]
    own, _ = document_features(texts, blank, stopwords(doc.language), lexicon(doc.language))
    labels = np.full(len(texts), -1.0)
    weights = np.zeros(len(texts))
    if "body" in page:
        gold = SCORE.tokens(page["body"])
        for i, text in enumerate(texts):
            toks = SCORE.tokens(text)
            n = sum(toks.values())
            if n == 0:
                continue
            inside = sum(c for t, c in toks.items() if t in gold)
            labels[i] = 1.0 if inside >= 0.8 * n else 0.0
            weights[i] = np.sqrt(n)
    else:
        keep = [squash(s) for s in page.get("must_keep", [])]
        drop = [squash(s) for s in page.get("must_drop", [])]
        for i, text in enumerate(texts):
            t = squash(text)
            if len(t) < 3:
                continue
            pos = any(s in t or (len(t) >= 12 and t in s) for s in keep)
            neg = any(s in t or (len(t) >= 12 and t in s) for s in drop)
            if pos != neg:
                labels[i] = 1.0 if pos else 0.0
                weights[i] = SNIPPET_WEIGHT * SNIPPET_BLOCK
    return own, labels, weights


def featurise(pages: list[dict]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    key = hashlib.sha1(
        (json.dumps(OWN) + str(SNIPPET_WEIGHT) + str(SNIPPET_BLOCK) + "".join(p["id"] for p in pages)).encode()
        + Path(cleantext.features.__file__).read_bytes()
        + Path(cleantext.filters.segment.__file__).read_bytes()
        + b"".join(p.read_bytes() for p in sorted((ROOT / "src/cleantext/data/lexicons").glob("*.txt")))
    ).hexdigest()
    if CACHE.exists():
        with open(CACHE, "rb") as fh:
            cached = pickle.load(fh)
        if cached.get("key") == key:
            return cached["rows"]
    start = time.time()
    rows = [page_rows(p) for p in pages]
    print(f"featurised {len(pages)} pages in {time.time() - start:.1f}s", file=sys.stderr)
    with open(CACHE, "wb") as fh:
        pickle.dump({"key": key, "rows": rows}, fh)
    return rows


def fit_stage(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, names: list[str], hidden: int, seed: int = 0, members: int = 1
) -> Stage:
    """Fit ``members`` small networks (bagged: each on its own weighted resample)."""
    from sklearn.neural_network import MLPClassifier

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    nets = []
    for m in range(members):
        # sample weights by resampling (MLPClassifier has no sample_weight): a deterministic draw
        rng = np.random.default_rng(seed * 100 + m)
        idx = rng.choice(len(y), size=min(len(y) * 2, 400_000), p=w / w.sum())
        clf = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            alpha=ALPHA,
            max_iter=MAX_ITER,
            early_stopping=True,
            random_state=seed * 100 + m,
            batch_size=512,
        )
        clf.fit(z[idx], y[idx])
        nets.append(tuple((clf.coefs_[i], clf.intercepts_[i]) for i in range(len(clf.coefs_))))
    return Stage(tuple(names), mean, scale, tuple(nets))


def fit(rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]], hidden: int = 24) -> Model:
    own = np.vstack([r[0] for r in rows])
    y = np.concatenate([r[1] for r in rows])
    w = np.concatenate([r[2] for r in rows])
    mask = y >= 0
    first = fit_stage(own[mask], y[mask], w[mask], list(OWN), hidden, members=MEMBERS)
    # the context stage learns from first-pass scores the first stage gives pages it
    # was not fit on (cross-fitting), as it will see at run time
    folds = 4
    p1: list[np.ndarray | None] = [None] * len(rows)
    for k in range(folds):
        fit_rows = [r for i, r in enumerate(rows) if i % folds != k]
        fx = np.vstack([r[0] for r in fit_rows])
        fy = np.concatenate([r[1] for r in fit_rows])
        fw = np.concatenate([r[2] for r in fit_rows])
        stage = fit_stage(fx[fy >= 0], fy[fy >= 0], fw[fy >= 0], list(OWN), hidden, seed=10 + k)
        for i in range(k, len(rows), folds):
            p1[i] = stage.predict(rows[i][0])
    ctx = [np.hstack([r[0], context_features(r[0], p)]) for r, p in zip(rows, p1, strict=True)]
    x2 = np.vstack(ctx)
    second = fit_stage(x2[mask], y[mask], w[mask], [*OWN, *context_names()], hidden, seed=1, members=MEMBERS)
    meta = {"trained_on": "dev.jsonl + snippets_dev.jsonl", "hidden": hidden, "blocks": int(mask.sum())}
    return Model(first, second, meta)


def score_pages(pages: list[dict], **options: object) -> dict[str, float]:
    f1s: list[float] = []
    counts = Counter()
    for page in pages:
        out = cleantext.clean(page["text"], **options)
        if "body" in page:
            f1s.append(SCORE.prf(out, page["body"])[2])
        else:
            tp, fn, fp, tn = SCORE.snippet_counts(out, page["must_keep"], page["must_drop"])
            counts.update(tp=tp, fn=fn, fp=fp, tn=tn)
    result = {}
    if f1s:
        result["f1"] = statistics.fmean(f1s)
    if counts:
        result["snip_f1"] = SCORE.snippet_prf(counts["tp"], counts["fn"], counts["fp"])[2]
    return result


def group_of(page: dict) -> str:
    if page["set"] == "dev":
        return page["source"]
    return "snippets-" + str(int(hashlib.md5(page["id"].encode()).hexdigest(), 16) % 3)


def use_model(model: Model, save: bool = False) -> None:
    """Make the pipeline use ``model`` in this process (and write it out if ``save``)."""
    from cleantext.filters import classify, context

    classify.load_model = context.load_model = lambda name="blocks": model
    if save:
        MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
        model_module.load_model.cache_clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", action="store_true", help="leave-one-source-out evaluation")
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--groups", default="", help="with --cv: only these held-out groups (comma-separated)")
    ap.add_argument("--snippet-weight", type=float, default=SNIPPET_WEIGHT)
    ap.add_argument("--grid", action="store_true", help="with --cv: also score a grid of selection settings")
    ap.add_argument("--max-iter", type=int, default=MAX_ITER, help="training epochs per network")
    ap.add_argument("--no-save", action="store_true", help="do not write the model file (for experiments)")
    args = ap.parse_args()
    globals()["SNIPPET_WEIGHT"] = args.snippet_weight
    globals()["MAX_ITER"] = args.max_iter
    pages = load_pages()
    rows = featurise(pages)
    full = fit(rows, args.hidden)
    if args.cv:
        groups = sorted({group_of(p) for p in pages})
        if args.groups:
            groups = [g for g in groups if g in args.groups.split(",")]
        for g in groups:
            train = [r for r, p in zip(rows, pages, strict=True) if group_of(p) != g]
            test = [p for p in pages if group_of(p) == g]
            use_model(fit(train, args.hidden))
            print(g, len(test), {k: round(v, 4) for k, v in score_pages(test).items()}, flush=True)
            if args.grid:
                # the selection settings, judged on pages the model was not fit on
                from cleantext.filters import select

                default_share = select.SECOND_RUN_SHARE
                for share in (0.1, 0.25):
                    select.SECOND_RUN_SHARE = share
                    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5):
                        scores = score_pages(test, threshold=threshold)
                        print(f"  grid share={share} threshold={threshold}", scores, flush=True)
                select.SECOND_RUN_SHARE = default_share
    use_model(full, save=not args.no_save)
    print("in-sample", {k: round(v, 4) for k, v in score_pages(pages).items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
