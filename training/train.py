"""Fit the block model (``src/cleantext/data/model/blocks.json``) on the benchmark pages.

Labels: a block of a page with a gold body counts as body when at least 80% of
its tokens are in the gold; on snippet pages, a block that holds (or is part of)
a must-keep snippet is body and one that holds a must-drop snippet is not; other
blocks of snippet pages are not used.  Each page weighs by the kind of gold its
source has (:data:`SOURCE_WEIGHT`): human full bodies most, a model's drafts and
one publisher's parser output less.

    python training/train.py --eval dev --clean-pages 0 --out M   # fit on train/ only, score the dev sets
    python training/train.py --eval dev --clean-from M            # the same with the clean copies (below)
    python training/train.py --cv --clean-pages 0  # leave-one-source-out over train/, each held-out source scored
    python training/train.py                 # fit on train/ and the dev sets, write the shipped model

Each page is learnt also as the body a model gave it (:data:`CLEAN_PAGES`), so that
cleaning a body again keeps it; for held-out figures that model (``--clean-from``)
must be one fit on train/ only.

``--variants DIR`` adds the same pages as other converters made them
(``benchmarks/make_variants.py`` writes ``DIR/<converter>/<set>.jsonl.gz``), so
that no converter's habits become the model's.  The shipped model is fit with

    python benchmarks/make_variants.py        # once: /tmp/cleantext-variants
    python training/train.py --variants /tmp/cleantext-variants \
        --converters markdown,markdownify,lynx,w3m,inscriptis,resiliparse,html2txt

(about 20 CPU-minutes and 8 GB; the clean copies are made by the model shipped before).  The pages are read from
../shared/bench and never copied into the repository.  Needs scikit-learn (the
``train`` extra).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import cleantext  # noqa: E402
from cleantext import model as model_module  # noqa: E402
from cleantext.features import OWN, context_features, context_names, document_features  # noqa: E402
from cleantext.lexicons import lexicon  # noqa: E402
from cleantext.markdown_columns import markdown_columns  # noqa: E402
from cleantext.model import Model, Stage  # noqa: E402
from cleantext.page_features import PAGE, page_features  # noqa: E402
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
#: How much a page of each source weighs, by the kind of gold it has (train/README.md):
#: human full bodies 1; the model-drafted, reviewed bodies of ``wcxb`` (the only modern
#: pages of other types than articles) 1; one publisher's parser output (``fundus``) and
#: the full-sentence-only votes of ``canola`` less; CleanEval's gold keeps reader
#: comments under articles, which no other source does, so it weighs less.
SOURCE_WEIGHT: dict[str, float] = {
    "wcxb": 1.0,
    "fundus": 0.5,
    "canola": 0.5,
    "cleaneval": 0.5,
    "cleaneval-rest": 0.5,
}
#: The converter the benchmark text was made with weighs 1; the other converters' texts
#: of the same page weigh this much together (so that no converter's habits, not even
#: the benchmark's two, become the model's, and each page counts about as much).
VARIANTS_WEIGHT = 1.5
#: How much the pages of a set weigh beyond their source's weight (``--set-weight``).
SET_WEIGHT: dict[str, float] = {}
#: The context stage also reads the page-level columns (cleantext.page_features).
PAGE_COLUMNS = True
#: Added (times 1000) to every network's seed (``--seed``; 0: the recipe's own seeds).
SEED = 0


def _score_module():
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _score_module()


def squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _read(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _set_name(path: Path) -> str:
    return path.name.split(".jsonl")[0]


TRAIN_FILES = sorted((BENCH / "train").glob("*.jsonl.gz"))
DEV_FILES = [BENCH / "dev.jsonl", BENCH / "snippets_dev.jsonl"]


#: Each page is also learnt as the body a model gave it (``--clean-pages W``; 0: not),
#: weighing W times the page, every block of it labelled body as the model kept it
#: (``--clean-labels kept``): cleaning a body again reads a page with no boilerplate
#: around it, and should keep what the first cleaning kept.  The copies are made by the
#: model of ``--clean-from`` (the shipped one unless given; a held-out figure needs one
#: fit on train/ only, ``train.py --eval dev --clean-pages 0 --out M``).  Measured
#: 2026-12-06, fit on train/ with the converter variants, copies by such a model, dev
#: sets held out (docs/benchmarks.md, Idempotence): with W = 0.5 the dev pages whose
#: body changes when cleaned again fell from 157 to 54 of 445 and the snippet pages
#: from 249 to 89 of 492, at level F1 over the eight converters (dev 0.899 both,
#: snippets 0.855 both); W = 1.5 left 40 and 66 but lost F1 (0.896, 0.853).  Labelling
#: the copies by the page's gold instead (``gold``) left F1 level but changed as many
#: pages (163 and 224): half of what a second reading drops is boilerplate the first
#: let through, and a gold label teaches it to drop that too.
CLEAN_PAGES = 0.5
#: The model whose bodies are the clean copies (``--clean-from``; the shipped one unless
#: given).  For a held-out figure it must not have been fit on the pages scored.
CLEAN_FROM: Path | None = None
#: How the copies are labelled (``--clean-labels``): every block body as the model kept
#: it (``kept``), or by the page's gold (``gold``).
CLEAN_LABELS = "kept"


def _clean_pages(pages: list[dict]) -> list[dict]:
    """Each page of ``pages`` as the body a model gave it (see :data:`CLEAN_PAGES`)."""
    if CLEAN_FROM is not None:
        use_model(Model.from_json(CLEAN_FROM.read_text(encoding="utf-8")))
    start = time.process_time()
    out = []
    for page in pages:
        body = cleantext.clean(page["text"])
        if body.strip():
            # the same id: the copy falls in its page's fold and half, never learnt for it
            copy = {**page, "text": body, "weight": page["weight"] * CLEAN_PAGES, "clean_labels": CLEAN_LABELS}
            if CLEAN_LABELS == "kept":  # every block of the copy is body, as the model kept it
                copy.update(body=body, must_keep=None, must_drop=None)
            out.append(copy)
    print(f"cleaned {len(pages)} pages in {time.process_time() - start:.1f} CPU-s", file=sys.stderr)
    return out


def load_pages(which: str = "train", variants: Path | None = None, converters: tuple[str, ...] = ()) -> list[dict]:
    """The pages of ``train`` (train/), ``dev`` (the two dev sets) or ``all``, each
    with its ``set``, ``group`` (for cross-validation) and ``weight``; with
    ``variants``, the same pages as the named converters made them, too."""
    files = {"train": TRAIN_FILES, "dev": DEV_FILES, "all": TRAIN_FILES + DEV_FILES}[which]
    pages = []
    for path in files:
        name = _set_name(path)
        sources = [(path, 1.0)]
        if variants is not None:
            # make_variants.py writes DIR/<converter>/[train/]<set>.jsonl.gz
            sub = "train/" if path.parent.name == "train" else ""
            for conv in converters:
                variant = variants / conv / f"{sub}{name}.jsonl.gz"
                if not variant.exists():
                    raise SystemExit(f"no {variant}: run benchmarks/make_variants.py first")
                sources.append((variant, VARIANTS_WEIGHT / len(converters)))
        for src, weight in sources:
            for page in _read(src):
                if not page.get("text", "").strip():
                    continue
                page["set"] = name.replace("snippets_dev", "snippets").replace(".snippets", "")
                page["group"] = group_of(page)
                page["weight"] = weight * SOURCE_WEIGHT.get(page["source"], 1.0) * SET_WEIGHT.get(page["set"], 1.0)
                pages.append(page)
    if CLEAN_PAGES > 0 and which != "dev":
        pages += _clean_pages(pages)
    return pages


PRE = cleantext.Pipeline(steps=["encoding", "normalize", "layout", "language", "segment"])


def block_labels(texts: list[str], page: dict) -> tuple[np.ndarray, np.ndarray]:
    """Each block's label (1 body, 0 not, -1 unknown) and its count of tokens, by the
    page's gold: a body (80% of the block's tokens in it) or snippets (holds, or is
    part of, a must-keep or a must-drop snippet; blocks shorter than 3 characters and
    blocks of neither kind are unknown)."""
    labels = np.full(len(texts), -1.0)
    counts = np.zeros(len(texts))
    if page.get("body"):
        gold = SCORE.tokens(page["body"])
        for i, text in enumerate(texts):
            toks = SCORE.tokens(text)
            n = counts[i] = sum(toks.values())
            if n:
                labels[i] = 1.0 if sum(c for t, c in toks.items() if t in gold) >= 0.8 * n else 0.0
        return labels, counts
    keep = [squash(s) for s in page.get("must_keep") or []]
    drop = [squash(s) for s in page.get("must_drop") or []]
    for i, text in enumerate(texts):
        t = squash(text)
        counts[i] = sum(SCORE.tokens(text).values())
        if len(t) < 3:
            continue
        pos = any(s in t or (len(t) >= 12 and t in s) for s in keep)
        neg = any(s in t or (len(t) >= 12 and t in s) for s in drop)
        if pos != neg:
            labels[i] = 1.0 if pos else 0.0
    return labels, counts


def page_rows(page: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Own features, labels (1, 0, or -1 for unknown) and weights of a page's blocks."""
    doc = PRE.run(page["text"])
    texts = [b.text for b in doc.blocks]
    blank = [b.features.get("blank_before", 0.0) for b in doc.blocks]
    markdown = markdown_columns(doc, doc.blocks)
    own, _ = document_features(texts, blank, stopwords(doc.language), lexicon(doc.language), markdown)
    labels, counts = block_labels(texts, page)
    known = labels >= 0
    if page.get("body"):
        weights = np.where(known, np.sqrt(counts), 0.0) * page.get("weight", 1.0)
    else:
        weights = np.where(known, SNIPPET_WEIGHT * SNIPPET_BLOCK * page.get("weight", 1.0), 0.0)
    return own.astype(np.float32), labels, weights


def _code_key() -> str:
    return hashlib.sha1(
        (json.dumps(OWN) + str(SNIPPET_WEIGHT) + str(SNIPPET_BLOCK) + "float32").encode()
        + Path(cleantext.features.__file__).read_bytes()
        + Path(cleantext.filters.segment.__file__).read_bytes()
        + Path(cleantext.filters.normalize.__file__).read_bytes()
        + Path(cleantext.filters.layout.__file__).read_bytes()
        + Path(cleantext.markdown_columns.__file__).read_bytes()
        + b"".join(p.read_bytes() for p in sorted((ROOT / "src/cleantext/data/lexicons").glob("*.txt")))
    ).hexdigest()


def _page_key(page: dict) -> str:
    key = [page["id"], page.get("converter"), page["text"], page.get("weight", 1.0)]
    if "clean_labels" in page:  # a clean copy: its rows depend on how it is labelled
        key.append(page["clean_labels"])
    return hashlib.sha1(json.dumps(key).encode()).hexdigest()


def featurise(pages: list[dict]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each page's rows, cached per page across runs (until the feature code changes)."""
    key = _code_key()
    cached: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    if CACHE.exists():
        try:
            with open(CACHE, "rb") as fh:
                stored = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError):  # another run was writing it
            stored = {}
        if stored.get("key") == key:
            cached = stored["rows"]
    start = time.process_time()
    keys = [_page_key(p) for p in pages]
    missing = [(k, p) for k, p in zip(keys, pages, strict=True) if k not in cached]
    for k, page in missing:
        cached[k] = page_rows(page)
    if missing:
        print(f"featurised {len(missing)} pages in {time.process_time() - start:.1f} CPU-s", file=sys.stderr)
        partial = CACHE.with_suffix(f".{os.getpid()}.part")
        with open(partial, "wb") as fh:
            pickle.dump({"key": key, "rows": cached}, fh)
        partial.replace(CACHE)
    return [cached[k] for k in keys]


def fit_stage(
    rows_of: Callable[[np.ndarray], np.ndarray],
    y: np.ndarray,
    w: np.ndarray,
    names: list[str],
    hidden: int,
    seed: int = 0,
    members: int = 1,
) -> Stage:
    """Fit ``members`` small networks, each on its own weighted resample of the rows
    (MLPClassifier has no sample_weight; a deterministic draw).  ``rows_of(idx)`` gives
    the feature rows of the drawn indices: only they are ever built, so that the
    converter variants of thousands of pages fit in memory.  Rows of weight 0 are
    never drawn; the standardisation comes from the first draw."""
    from sklearn.neural_network import MLPClassifier

    p = w / w.sum()
    size = min(int(np.count_nonzero(w)) * 2, 400_000)
    seed += 1000 * SEED  # --seed: another draw of every network
    draws = [np.random.default_rng(seed * 100 + m).choice(len(y), size=size, p=p) for m in range(members)]
    first = rows_of(draws[0]).astype(np.float64)
    mean = first.mean(axis=0)
    scale = first.std(axis=0)
    scale[scale < 1e-9] = 1.0
    nets = []
    low, high = first.min(axis=0), first.max(axis=0)
    for m, idx in enumerate(draws):
        x = first if m == 0 else rows_of(idx).astype(np.float64)
        np.minimum(low, x.min(axis=0), out=low)
        np.maximum(high, x.max(axis=0), out=high)
        clf = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            alpha=ALPHA,
            max_iter=MAX_ITER,
            early_stopping=True,
            random_state=seed * 100 + m,
            batch_size=512,
        )
        clf.fit((x - mean) / scale, y[idx])
        nets.append(tuple((clf.coefs_[i], clf.intercepts_[i]) for i in range(len(clf.coefs_))))
    # the range of each column in the rows learnt from: the model reads values beyond it as its edge
    return Stage(tuple(names), mean, scale, tuple(nets), low, high)


def fit(
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]], ids: list[str], hidden: int = 24, trained_on: str = ""
) -> Model:
    """Both stages, fit on ``rows`` (one per page; ``ids`` keeps a page's converter
    variants in one cross-fitting fold)."""
    sizes = np.array([len(r[1]) for r in rows])
    starts = np.concatenate(([0], np.cumsum(sizes)))
    own = np.vstack([r[0] for r in rows]).astype(np.float32)
    y = np.concatenate([r[1] for r in rows])
    w = np.concatenate([r[2] for r in rows])
    w = np.where(y >= 0, w, 0.0)
    first = fit_stage(own.__getitem__, y, w, list(OWN), hidden, members=MEMBERS)
    # the context stage learns from first-pass scores the first stage gives pages it
    # was not fit on (cross-fitting), as it will see at run time
    folds = 4
    p1: list[np.ndarray] = [np.zeros(0)] * len(rows)
    fold = np.array([_hash(pid) % folds for pid in ids])
    row_fold = np.repeat(fold, sizes)
    for k in range(folds):
        stage = fit_stage(own.__getitem__, y, np.where(row_fold != k, w, 0.0), list(OWN), hidden, seed=10 + k)
        for i in (fold == k).nonzero()[0].tolist():
            p1[i] = stage.predict(rows[i][0])
    names = [*OWN, *context_names(), *(PAGE if PAGE_COLUMNS else ())]

    def context_rows(idx: np.ndarray) -> np.ndarray:
        page = np.searchsorted(starts, idx, side="right") - 1
        order = np.argsort(page, kind="stable")
        pages, first_at = np.unique(page[order], return_index=True)
        out = np.empty((len(idx), len(names)), dtype=np.float32)
        for i, at in zip(pages.tolist(), np.split(order, first_at[1:]), strict=True):
            r, q = rows[i][0].astype(np.float64), p1[i]
            x = np.hstack([r, context_features(r, q), *([page_features(r, q)] if PAGE_COLUMNS else [])])
            out[at] = x[idx[at] - starts[i]]
        return out

    second = fit_stage(context_rows, y, w, names, hidden, seed=1, members=MEMBERS)
    meta = {
        "trained_on": trained_on,
        "hidden": hidden,
        "blocks": int(np.count_nonzero(w)),
        "clean_pages": CLEAN_PAGES,
        "clean_from": str(CLEAN_FROM or "shipped") if CLEAN_PAGES else None,
        "clean_labels": CLEAN_LABELS if CLEAN_PAGES else None,
    }
    return Model(first, second, meta)


def score_pages(
    pages: list[dict], by: tuple[str, ...] = (), dump: list | None = None, **options: object
) -> dict[str, dict[str, float]]:
    """Mean F1 of the gold-body pages and micro F1 of the snippets, per group of the
    ``by`` fields (and ``all``); each page's body is appended to ``dump`` if given."""
    f1s: dict[str, list[float]] = {}
    counts: dict[str, Counter] = {}
    for page in pages:
        out = cleantext.clean(page["text"], **options)
        if dump is not None:
            dump.append({"id": page["id"], "converter": page.get("converter"), "out": out})
        keys = ["all", *(f"{f}={page.get(f)}" for f in by)]
        if page.get("body"):
            f1 = SCORE.prf(out, page["body"])[2]
            for k in keys:
                f1s.setdefault(k, []).append(f1)
        else:
            tp, fn, fp, tn = SCORE.snippet_counts(out, page["must_keep"], page["must_drop"])
            for k in keys:
                counts.setdefault(k, Counter()).update(tp=tp, fn=fn, fp=fp, tn=tn)
    result: dict[str, dict[str, float]] = {}
    for k, values in f1s.items():
        result.setdefault(k, {})["f1"] = round(statistics.fmean(values), 4)
        result[k]["n"] = len(values)
    for k, c in counts.items():
        result.setdefault(k, {})["snip_f1"] = round(SCORE.snippet_prf(c["tp"], c["fn"], c["fp"])[2], 4)
        result[k]["snip_n"] = c["tp"] + c["fn"] + c["fp"] + c["tn"]
    return result


def report(title: str, result: dict[str, dict[str, float]]) -> None:
    print(f"== {title}", flush=True)
    for k in sorted(result, key=lambda k: (k != "all", k)):
        print(f"  {k:40s} {result[k]}", flush=True)


def group_of(page: dict) -> str:
    """The cross-validation group: the source, with the big modern source in three
    groups of sites and the snippet pages in three groups."""
    if page["set"] == "snippets":
        return "snippets-" + str(_hash(page["id"]) % 3)
    if page["source"] == "wcxb":
        return "wcxb-" + str(_hash(page.get("site") or page["id"]) % 3)
    return page["source"]


def half_of(page_id: str) -> int:
    """The half (0 or 1) a page falls in for ``--half``."""
    return _hash("half:" + page_id) % 2


def _hash(text: str) -> int:
    return int(hashlib.md5(text.encode()).hexdigest(), 16)


def use_model(model: Model, save: Path | None = None) -> None:
    """Make the pipeline use ``model`` in this process (and write it to ``save``)."""
    from cleantext.filters import classify, context

    classify.load_model = context.load_model = lambda name="blocks": model
    if save is not None:
        save.write_text(model.to_json(), encoding="utf-8")
        model_module.load_model.cache_clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", choices=("dev",), help="fit on train/ only and score the dev sets")
    ap.add_argument("--cv", action="store_true", help="leave-one-source-out over train/")
    ap.add_argument(
        "--with-dev", action="store_true", help="with --cv: the dev sets' groups too (as the shipped model)"
    )
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--groups", default="", help="with --cv: only these held-out groups (comma-separated)")
    ap.add_argument("--snippet-weight", type=float, default=SNIPPET_WEIGHT)
    ap.add_argument("--max-iter", type=int, default=MAX_ITER, help="training epochs per network")
    ap.add_argument("--variants", type=Path, help="directory of other converters' text of the same pages")
    ap.add_argument("--converters", default="", help="with --variants: the converters to train on (comma-separated)")
    ap.add_argument("--score-converters", default="", help="with --variants: the converters to score on")
    ap.add_argument("--seed", type=int, default=SEED, help="another draw of the networks' seeds")
    ap.add_argument("--no-page", action="store_true", help="fit the context stage without the page columns")
    ap.add_argument("--set-weight", default="", help="SET=W,...: the pages of SET weigh W times more")
    ap.add_argument("--members", type=int, default=MEMBERS, help="bagged networks per stage")
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    ap.add_argument(
        "--half",
        type=int,
        choices=(0, 1),
        help="fit on the pages of train/ (and the dev sets) outside this half (by page id) and write "
        "the model to --out: for the markup model's rows (train_markup.py --blocks-halves)",
    )
    ap.add_argument(
        "--save-folds", type=Path, help="with --cv: write each fold's model and held-out bodies to this directory"
    )
    ap.add_argument("--no-save", action="store_true", help="do not write the model file (for experiments)")
    ap.add_argument(
        "--clean-pages", type=float, default=CLEAN_PAGES, help="weight of each page's cleaned body learnt as a page"
    )
    ap.add_argument(
        "--clean-labels", choices=("gold", "kept"), default=CLEAN_LABELS, help="how the copies are labelled"
    )
    ap.add_argument("--clean-from", type=Path, help="with --clean-pages: the model that cleans them (default: shipped)")
    args = ap.parse_args()
    globals()["CLEAN_PAGES"] = args.clean_pages
    globals()["CLEAN_FROM"] = args.clean_from
    globals()["CLEAN_LABELS"] = args.clean_labels
    globals()["SNIPPET_WEIGHT"] = args.snippet_weight
    globals()["MAX_ITER"] = args.max_iter
    globals()["MEMBERS"] = args.members
    for item in filter(None, args.set_weight.split(",")):
        name, value = item.split("=")
        SET_WEIGHT[name] = float(value)
    globals()["PAGE_COLUMNS"] = not args.no_page
    globals()["SEED"] = args.seed
    converters = tuple(c for c in args.converters.split(",") if c)
    scored = tuple(c for c in args.score_converters.split(",") if c) or converters
    by = ("set", "converter", "page_type")
    if (args.eval or args.cv) and CLEAN_PAGES > 0 and CLEAN_FROM is None:
        ap.error("--eval and --cv with --clean-pages need --clean-from: a model fit on train/ only")
    if args.eval or args.cv:
        pages = load_pages("all" if args.with_dev else "train", args.variants, converters)
        rows = featurise(pages)
        ids = [p["id"] for p in pages]
        if args.eval:
            test = load_pages("dev", args.variants, scored)
            # an --out of its own keeps this train/-only model for held-out experiments
            use_model(fit(rows, ids, args.hidden, "train/"), save=None if args.out == MODEL_PATH else args.out)
            report("dev sets, model fit on train/ only", score_pages(test, by))
        if args.cv:
            groups = sorted({p["group"] for p in pages})
            if args.groups:
                groups = [g for g in groups if g in args.groups.split(",")]
            for g in groups:
                keep = [i for i, p in enumerate(pages) if p["group"] != g]
                model = fit([rows[i] for i in keep], [ids[i] for i in keep], args.hidden, f"train/ without {g}")
                dump: list | None = None
                if args.save_folds is not None:
                    args.save_folds.mkdir(parents=True, exist_ok=True)
                    use_model(model, save=args.save_folds / f"fold-{g}.json")
                    dump = []
                else:
                    use_model(model)
                # scored on the pages as they are, never on their clean copies
                held_out = [p for p in pages if p["group"] == g and "clean_labels" not in p]
                report(f"held out: {g}", score_pages(held_out, by, dump))
                if dump is not None:
                    with open(args.save_folds / f"out-{g}.jsonl", "w", encoding="utf-8") as fh:
                        fh.writelines(json.dumps(d) + "\n" for d in dump)
        return 0
    pages = load_pages("all", args.variants, converters)
    if args.half is not None:
        pages = [p for p in pages if half_of(p["id"]) != args.half]
    rows = featurise(pages)
    sets = ", ".join(sorted({p["set"] for p in pages}))
    use_model(fit(rows, [p["id"] for p in pages], args.hidden, sets), save=None if args.no_save else args.out)
    print(f"wrote {args.out} from {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
