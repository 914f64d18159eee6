"""How cleantext and its peers fare on the text of each HTML-to-text converter.

For each converter (the variant files of ``make_variants.py``, plus ``original``: the
dataset's own text, half ``bs4`` and half ``html_text``) and each set (``dev``,
``snippets_dev``, and ``train/wcxb`` with its page types), this scores on that same text:

* ``keep-all``: the whole input (the converter's ceiling on recall, its floor on precision);
* ``cleantext`` with its defaults;
* ``jusText`` and ``trafilatura`` on the line-as-paragraph HTML (``peers.py``);

and, once per set, ``trafilatura`` on the page's own HTML (``peers.trafilatura_html``), the
reference of an extractor that reads the markup. Scores come from ``../shared/bench/score.py``
(imported, as ``training/train.py`` does): mean token F1 over pages with a gold body,
micro snippet F1 over the snippet pages.

    python benchmarks/make_variants.py                  # first: the variant files
    python benchmarks/bench_converters.py --limit 30    # a quick look
    python benchmarks/bench_converters.py --json /tmp/converters.json --chart docs/img/converters.png
    python benchmarks/bench_converters.py --from-json /tmp/a.json /tmp/b.json   # report runs made separately

Prints markdown tables: F1 per converter x system for each set, and F1 per page type x
system on ``train/wcxb`` for each converter. A converter whose variant files are missing
is skipped with a message (run ``make_variants.py`` for it).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import logging
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import peers  # noqa: E402
from converters import CONVERTERS  # noqa: E402
from make_variants import BENCH, DEFAULT_CACHE, bench_sets  # noqa: E402

#: the sets scored by default; train/wcxb is also broken down by page type
SETS = ("dev", "snippets_dev", "train/wcxb")
#: the text systems, as the tables name them
SYSTEMS: dict[str, Callable[[str], str]] = {
    "keep-all": peers.keep_all,
    "cleantext": peers.cleantext_clean,
    "jusText": peers.justext_clean,
    "trafilatura": peers.trafilatura_clean,
}
#: converters that hard-wrap paragraphs, and the peers that get them with each
#: paragraph on one line (cleantext reads the wrapped text as it is)
WRAPPED = frozenset({"lynx", "w3m"})
PARAGRAPH_READERS = frozenset({"jusText", "trafilatura"})
#: the column of trafilatura on the page's own HTML
HTML_SYSTEM = "trafilatura (HTML)"
#: the dataset's own text, as a converter row
ORIGINAL = "original"


def score_module() -> ModuleType:
    """``../shared/bench/score.py``, imported from its file."""
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {BENCH / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = score_module()


def read_jsonl(path: Path, limit: int = 0) -> list[dict]:
    """The JSON objects of a (possibly gzipped) JSON Lines file; ``limit`` > 0: that many, evenly spaced.

    Every variant file keeps its set's order, so a limit picks the same pages from each.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    if limit and len(records) > limit:
        records = [records[i * len(records) // limit] for i in range(limit)]
    return records


def iter_html(path: Path, ids: set[str]) -> Iterator[tuple[str, str]]:
    """``(id, html)`` of the pages in ``ids``, read one at a time from an HTML file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            page = json.loads(line)
            if page["id"] in ids:
                yield page["id"], page["html"]


def judge(record: dict, pred: str) -> dict:
    """score.py's figures for one page: P/R/F1 against the body, or the snippet counts."""
    if "body" in record:
        p, r, f = SCORE.prf(pred, record["body"])
        return {"precision": p, "recall": r, "f1": f}
    tp, fn, fp, tn = SCORE.snippet_counts(pred, record.get("must_keep", []), record.get("must_drop", []))
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn}


def run(clean: Callable[[str], str], records: list[dict], inputs: list[str]) -> tuple[list[dict], float, int]:
    """Score ``clean`` on each input: per-page rows, CPU seconds, errors (a crash scores as ``""``)."""
    rows, errors = [], 0
    start = time.process_time()
    for record, text in zip(records, inputs, strict=True):
        try:
            pred = SCORE.as_text(clean(text))
        except Exception:
            pred, errors = "", errors + 1
        rows.append({"id": record["id"], "page_type": record.get("page_type"), **judge(record, pred)})
    return rows, time.process_time() - start, errors


def summarise(rows: list[dict]) -> dict:
    """score.py's summary of a group: mean P/R/F1 (bodies) or micro snippet P/R/F1."""
    if not rows:
        return {"n": 0}
    if "tp" in rows[0]:
        tp, fn, fp, tn = (sum(row[k] for row in rows) for k in ("tp", "fn", "fp", "tn"))
        p, r, f = SCORE.snippet_prf(tp, fn, fp)
        return {"n": len(rows), "f1": f, "precision": p, "recall": r, "accuracy": (tp + tn) / max(1, tp + fn + fp + tn)}
    return {"n": len(rows), **{k: statistics.fmean(row[k] for row in rows) for k in ("f1", "precision", "recall")}}


def by_page_type(rows: list[dict]) -> dict[str, dict]:
    """The summary of each page type (and ``all``)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(row.get("page_type"))].append(row)
    return {"all": summarise(rows)} | {
        name: summarise(groups[name]) for name in sorted(groups, key=lambda n: -len(groups[n]))
    }


def variant_path(cache: Path, converter: str, set_name: str) -> Path:
    """Where ``make_variants.py`` writes a converter's set (``original``: the shared file itself)."""
    if converter == ORIGINAL:
        return bench_sets()[set_name][0]
    return cache / converter / f"{set_name}.jsonl.gz"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
    ]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def fmt(summary: dict | None) -> str:
    """F1 with three decimals, or a dash."""
    return f"{summary['f1']:.3f}" if summary and summary.get("n") else "-"


def chart(results: dict, converters: list[str], sets: list[str], path: Path) -> None:
    """Grouped bars: F1 per converter and text system, one panel per set; trafilatura on the
    HTML as a dashed line (the same for every converter). A PNG without a timestamp."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = [s for s in SYSTEMS if any(s in results[n]["converters"].get(c, {}) for n in sets for c in converters)]
    fig, axes = plt.subplots(len(sets), 1, figsize=(max(8, 1.1 * len(converters)), 3.0 * len(sets)), squeeze=False)
    width = 0.8 / max(1, len(systems))
    for ax, set_name in zip(axes[:, 0], sets, strict=True):
        scores = results[set_name]["converters"]
        for i, system in enumerate(systems):
            values = [scores.get(c, {}).get(system, {}).get("all", {}).get("f1") or 0.0 for c in converters]
            offsets = [x + (i - (len(systems) - 1) / 2) * width for x in range(len(converters))]
            ax.bar(offsets, values, width, label=system)
        html_f1 = results[set_name].get(HTML_SYSTEM, {}).get("all", {}).get("f1")
        if html_f1 is not None:
            ax.axhline(html_f1, color="black", linestyle="--", linewidth=1, label=HTML_SYSTEM)
        ax.set_xticks(range(len(converters)), converters)
        ax.set_ylim(0, 1)
        ax.set_ylabel("F1")
        ax.set_title(set_name, fontsize="medium")
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, ncol=len(labels), loc="upper center", fontsize="small", frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)


def score_sets(
    cache: Path, converters: list[str], sets: list[str], systems: list[str], limit: int, per_page: bool
) -> dict[str, dict]:
    """Score the systems on each converter's text of each set: ``{set: {HTML_SYSTEM: ..., "converters": ...}}``."""
    all_sets = bench_sets()
    results: dict[str, dict] = {}
    for set_name in sets:
        result: dict = {"converters": {}}
        results[set_name] = result
        if HTML_SYSTEM in systems:
            records = read_jsonl(all_sets[set_name][0], limit)
            html = dict(iter_html(all_sets[set_name][1], {r["id"] for r in records}))
            rows, spent, errors = run(peers.trafilatura_html, records, [html.get(r["id"], "") for r in records])
            result[HTML_SYSTEM] = by_page_type(rows) | {"cpu_seconds": round(spent, 1), "errors": errors}
            print(
                f"{set_name} {HTML_SYSTEM}: F1 {fmt(result[HTML_SYSTEM]['all'])} ({spent:.0f} CPU-s)", file=sys.stderr
            )
        for converter in converters:
            records = read_jsonl(variant_path(cache, converter, set_name), limit)
            inputs = [r["text"] for r in records]
            scores: dict[str, dict] = {}
            for system in [s for s in systems if s in SYSTEMS]:
                given = inputs
                if converter in WRAPPED and system in PARAGRAPH_READERS:
                    given = [peers.paragraphs_of_wrapped(text) for text in inputs]
                rows, spent, errors = run(SYSTEMS[system], records, given)
                scores[system] = by_page_type(rows) | {"cpu_seconds": round(spent, 1), "errors": errors}
                if per_page:
                    scores[system]["pages"] = {row["id"]: round(row["f1"], 4) for row in rows if "f1" in row}
            if records and "body" not in records[0]:
                keep = sum(len(r.get("must_keep") or []) for r in records)
                kept = sum(SCORE.snippet_counts(r["text"], r.get("must_keep") or [], [])[0] for r in records)
                scores["must_keep_in_text"] = {"kept": kept, "of": keep}
            result["converters"][converter] = scores
            line = " ".join(f"{s} {fmt(scores[s]['all'])}" for s in systems if s in scores)
            print(f"{set_name} {converter}: {line}", file=sys.stderr, flush=True)
    return results


def merge(into: dict, results: dict) -> dict:
    """Add the sets and converters of ``results`` (one run's ``sets``) to ``into`` (later wins)."""
    for set_name, result in results.items():
        target = into.setdefault(set_name, {"converters": {}})
        for converter, scores in result.get("converters", {}).items():
            target["converters"].setdefault(converter, {}).update(scores)
        if HTML_SYSTEM in result:
            target[HTML_SYSTEM] = result[HTML_SYSTEM]
    return into


def report(results: dict[str, dict], limit: int) -> None:
    """Print the markdown tables of a run (or of merged runs)."""
    order = [ORIGINAL, *CONVERTERS]
    for set_name, result in results.items():
        present = sorted(result["converters"], key=lambda c: order.index(c) if c in order else len(order))
        text_systems = [s for s in SYSTEMS if any(s in result["converters"][c] for c in present)]
        snippets = any("must_keep_in_text" in result["converters"][c] for c in present)
        kind = "snippet F1 (micro)" if snippets else "mean token F1"
        print(f"\n### {set_name}: {kind} per converter x system (pages: {limit or 'all'})\n")
        header = ["converter", *text_systems] + (["must-keep in text"] if snippets else [])
        rows_out = []
        for converter in present:
            scores = result["converters"][converter]
            row = [converter, *(fmt(scores.get(s, {}).get("all")) for s in text_systems)]
            if snippets:
                k = scores.get("must_keep_in_text", {})
                row.append(f"{k.get('kept', 0)}/{k.get('of', 0)}")
            rows_out.append(row)
        print(markdown_table(header, rows_out))
        if HTML_SYSTEM in result:
            print(f"\n{HTML_SYSTEM} on the same pages: F1 {fmt(result[HTML_SYSTEM]['all'])}")
        if set_name != "train/wcxb" or not present:
            continue
        reference = result.get(HTML_SYSTEM) or result["converters"][present[0]][text_systems[0]]
        types = [t for t, v in reference.items() if isinstance(v, dict) and "n" in v]
        label = {t: f"{t} ({reference[t]['n']})" for t in types}
        html_header = [HTML_SYSTEM] if HTML_SYSTEM in result else []

        def html_cell(page_type: str, result: dict = result) -> list[str]:
            return [fmt(result[HTML_SYSTEM].get(page_type))] if HTML_SYSTEM in result else []

        if "cleantext" in text_systems:
            print("\n#### train/wcxb: cleantext F1 per page type x converter\n")
            cells = {t: [fmt(result["converters"][c].get("cleantext", {}).get(t)) for c in present] for t in types}
            print(
                markdown_table(
                    ["page type", *present, *html_header], [[label[t], *cells[t], *html_cell(t)] for t in types]
                )
            )
        for converter in present:
            scores = result["converters"][converter]
            print(f"\n#### train/wcxb, {converter}: F1 per page type x system\n")
            table = [[label[t], *(fmt(scores.get(s, {}).get(t)) for s in text_systems), *html_cell(t)] for t in types]
            print(markdown_table(["page type", *text_systems, *html_header], table))


def main(argv: list[str] | None = None) -> int:
    """Command line: score every system on every converter's text, or report saved runs."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"the variant files (default {DEFAULT_CACHE})")
    ap.add_argument(
        "--converters",
        default=",".join([ORIGINAL, *CONVERTERS]),
        help="comma-separated; 'original' is the dataset text",
    )
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    ap.add_argument("--systems", default=",".join([*SYSTEMS, HTML_SYSTEM]), help="comma-separated system names")
    ap.add_argument("--limit", type=int, default=0, help="N evenly spaced pages of each set only")
    ap.add_argument("--json", type=Path, help="write all figures (and per-page F1) to this file")
    ap.add_argument("--chart", type=Path, help="write a PNG bar chart here (e.g. docs/img/converters.png)")
    ap.add_argument(
        "--from-json", type=Path, nargs="+", help="score nothing: merge these --json files (later wins) and report them"
    )
    args = ap.parse_args(argv)

    if args.from_json:
        saved = [json.loads(path.read_text(encoding="utf-8")) for path in args.from_json]
        limits = {run["limit"] for run in saved}
        if len(limits) > 1:
            ap.error(f"the runs used different --limit values: {sorted(limits)}")
        results: dict[str, dict] = {}
        for run_ in saved:
            merge(results, run_["sets"])
        limit = limits.pop()
    else:
        logging.disable(logging.WARNING)
        warnings.simplefilter("ignore")
        systems = [s for s in args.systems.split(",") if s]
        for system in systems:
            if system not in SYSTEMS and system != HTML_SYSTEM:
                ap.error(f"unknown system {system!r}; known: {', '.join([*SYSTEMS, HTML_SYSTEM])}")
        sets = [s for s in args.sets.split(",") if s]
        present = []
        for converter in [c for c in args.converters.split(",") if c]:
            missing = [s for s in sets if not variant_path(args.cache, converter, s).exists()]
            if missing:
                hint = f"python benchmarks/make_variants.py --converters {converter}"
                print(
                    f"skipping converter {converter}: no {', '.join(missing)} under {args.cache} ({hint})",
                    file=sys.stderr,
                )
            else:
                present.append(converter)
        limit = args.limit
        results = score_sets(args.cache, present, sets, systems, limit, per_page=bool(args.json))

    report(results, limit)
    if args.json:
        args.json.write_text(
            json.dumps({"limit": limit, "sets": results}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if args.chart:
        converters = [c for c in [ORIGINAL, *CONVERTERS] if any(c in r["converters"] for r in results.values())]
        chart(results, converters, list(results), args.chart)
        print(f"\nchart: {args.chart}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
