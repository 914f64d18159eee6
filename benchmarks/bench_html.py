"""cleantext from HTML beside trafilatura and jusText on the same HTML, in one run.

Reads the HTML of every page of ``dev.jsonl`` and ``snippets_dev.jsonl`` from
``../shared/bench/html/`` (in place; never copied into this repository), gives the
same HTML string to each system and scores its output with the shared scorer's own
functions (``score.py``: token F1 against the gold body on dev, micro snippet F1 on
snippets).  Speed is pages per CPU second of this process (``time.process_time``)
over all pages of a set, conversion included.

* ``cleantext``: :func:`cleantext.clean_html` (html-text, the pipeline, the markup step).
* ``cleantext-no-markup``: the same with ``disable=("markup",)``: the text alone.
* ``trafilatura``: ``trafilatura.extract(html)`` with its defaults.
* ``jusText``: ``justext.justext(html, stoplist)`` with the stoplist of the page
  language (cleantext's detector on the page text), as in ``peers.py``.

``--converters`` compares HTML-to-text converters instead: each converter's text,
then ``cleantext.clean``, with the conversion's own speed.

Usage (from the repository root; ``pip install -e ".[bench]"`` first)::

    python benchmarks/bench_html.py                  # the three systems, both sets (~1 min)
    python benchmarks/bench_html.py --converters     # html-text, resiliparse, selectolax, ...
    python benchmarks/bench_html.py --svg docs/img/bench_html.svg --json html.json
    python benchmarks/bench_html.py --by source,lang   # also F1 per source and language
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
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent.parent / "shared" / "bench"
SETS = {"dev": "dev", "snippets": "snippets_dev"}


def load_scorer(bench: Path) -> ModuleType:
    """The shared ``score.py``, imported from where it lies."""
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(bench: Path, name: str, limit: int) -> list[dict[str, Any]]:
    """The records of a set, each with its ``html``."""
    with open(bench / f"{name}.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    with gzip.open(bench / "html" / f"{name}.html.jsonl.gz", "rt", encoding="utf-8") as fh:
        pages = {row["id"]: row["html"] for row in map(json.loads, fh)}
    records = [r for r in records if r["id"] in pages]
    for record in records:
        record["html"] = pages[record["id"]]
    return records[:limit] if limit else records


# -- the systems: html -> body --------------------------------------------------------
def cleantext_html(page: str) -> str:
    """cleantext from HTML."""
    import cleantext

    return cleantext.clean_html(page)


def cleantext_text_only(page: str) -> str:
    """cleantext from HTML without the markup step (the text alone)."""
    import cleantext

    return cleantext.clean_html(page, disable=("markup",))


def trafilatura_html(page: str) -> str:
    """trafilatura's main text."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return (trafilatura.extract(page) or "") if page.strip() else ""


def justext_html(page: str) -> str:
    """jusText's non-boilerplate paragraphs, with the stoplist of the page language."""
    import justext

    from cleantext.fromhtml import html_to_text
    from cleantext.language import detect_language
    from peers import justext_stoplist

    if not page.strip():
        return ""
    stoplist = justext_stoplist(detect_language(html_to_text(page))[0])
    return "\n".join(p.text for p in justext.justext(page, stoplist) if not p.is_boilerplate)


SYSTEMS: dict[str, Callable[[str], str]] = {
    "cleantext": cleantext_html,
    "cleantext-no-markup": cleantext_text_only,
    "trafilatura": trafilatura_html,
    "jusText": justext_html,
}


# -- the converters: html -> text ------------------------------------------------------
def html_text_layout(page: str) -> str:
    """html-text with guess_layout (what cleantext.fromhtml uses)."""
    from cleantext.fromhtml import html_to_text

    return html_to_text(page)


def bs4_text(page: str) -> str:
    """BeautifulSoup (lxml), script/style/noscript removed, one text node a line."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    soup = BeautifulSoup(page, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return str(soup.get_text("\n", strip=True))


def resiliparse_text(page: str) -> str:
    """resiliparse's plain text, formatting kept, no bullets or alt texts."""
    from resiliparse.extract.html2text import extract_plain_text

    return str(extract_plain_text(page, preserve_formatting=True, main_content=False, alt_texts=False,
                                  list_bullets=False))  # fmt: skip


def inscriptis_text(page: str) -> str:
    """inscriptis's layout-aware text."""
    import inscriptis

    return str(inscriptis.get_text(page))


def selectolax_text(page: str) -> str:
    """selectolax (lexbor): text nodes of the body, one a line."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page)
    for node in tree.css("script,style,noscript"):
        node.decompose()
    root = tree.body or tree.root
    return str(root.text(separator="\n", strip=True)) if root is not None else ""


def lxml_text(page: str) -> str:
    """lxml.html: every text node, one a line."""
    import lxml.html

    if not page.strip():
        return ""
    return "\n".join(s.strip() for s in lxml.html.fromstring(page).itertext() if s.strip())


CONVERTERS: dict[str, Callable[[str], str]] = {
    "html-text": html_text_layout,
    "bs4": bs4_text,
    "resiliparse": resiliparse_text,
    "inscriptis": inscriptis_text,
    "selectolax": selectolax_text,
    "lxml": lxml_text,
}


# -- scoring ---------------------------------------------------------------------------
def quality(scorer: ModuleType, records: list[dict[str, Any]], outputs: list[str]) -> dict[str, float]:
    """F1 (and P, R) of the outputs as score.py computes them for the set."""
    if "body" in records[0]:
        rows = [scorer.prf(out, r["body"]) for r, out in zip(records, outputs, strict=True)]
        return {k: statistics.fmean(row[i] for row in rows) for i, k in enumerate(("p", "r", "f1"))}
    counts = [0, 0, 0, 0]
    for r, out in zip(records, outputs, strict=True):
        for i, n in enumerate(scorer.snippet_counts(out, r.get("must_keep", []), r.get("must_drop", []))):
            counts[i] += n
    p, r, f1 = scorer.snippet_prf(*counts[:3])
    return {"p": p, "r": r, "f1": f1}


def timed(func: Callable[[str], str], pages: list[str]) -> tuple[list[str], float, int]:
    """Outputs (``""`` for a page that raised), CPU seconds and the number of errors."""
    outputs, errors = [], 0
    start = time.process_time()
    for page in pages:
        try:
            outputs.append(func(page))
        except Exception:
            outputs.append("")
            errors += 1
    return outputs, time.process_time() - start, errors


def run_systems(scorer: ModuleType, data: dict[str, list[dict[str, Any]]], names: list[str]) -> list[dict[str, Any]]:
    """Score each system on each set; one row per (system, set)."""
    rows = []
    for name in names:
        SYSTEMS[name]("<html><body><p>warm up</p></body></html>")  # imports and tables load outside the timing
        for dataset, records in data.items():
            outputs, seconds, errors = timed(SYSTEMS[name], [r["html"] for r in records])
            rows.append({"system": name, "set": dataset, **quality(scorer, records, outputs),
                         "pages_per_s": len(records) / seconds, "errors": errors, "pages": len(records),
                         "outputs": outputs})  # fmt: skip
            print(f"  {name} {dataset}: F1 {rows[-1]['f1']:.3f}", file=sys.stderr, flush=True)
    return rows


def by_groups(
    scorer: ModuleType, data: dict[str, list[dict[str, Any]]], rows: list[dict[str, Any]], keys: list[str]
) -> str:
    """F1 of each system per set and group of pages (``source``, ``lang``, ...): one line each."""
    systems = list(dict.fromkeys(row["system"] for row in rows))
    lines = ["| set | " + " | ".join(keys) + " | pages | " + " | ".join(systems) + " |"]
    lines.append("|---|" + "---|" * len(keys) + "---:|" + "---:|" * len(systems))
    for dataset, records in data.items():
        outputs = {row["system"]: row["outputs"] for row in rows if row["set"] == dataset}
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, record in enumerate(records):
            groups.setdefault(tuple(str(record.get(k)) for k in keys), []).append(i)
        for group, idx in sorted(groups.items()):
            sub = [records[i] for i in idx]
            cells = [f"{quality(scorer, sub, [outputs[n][i] for i in idx])['f1']:.3f}" for n in systems]
            lines.append(f"| {dataset} | " + " | ".join(group) + f" | {len(idx)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_converters(scorer: ModuleType, data: dict[str, list[dict[str, Any]]], names: list[str]) -> list[dict[str, Any]]:
    """Each converter's text cleaned by cleantext; the conversion timed alone."""
    import cleantext

    rows = []
    for name in names:
        for dataset, records in data.items():
            texts, seconds, errors = timed(CONVERTERS[name], [r["html"] for r in records])
            outputs = [cleantext.clean(text) for text in texts]
            rows.append({"system": name, "set": dataset, **quality(scorer, records, outputs),
                         "pages_per_s": len(records) / seconds, "errors": errors, "pages": len(records)})  # fmt: skip
            print(f"  {name} {dataset}: F1 {rows[-1]['f1']:.3f}", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict[str, Any]], speed: str) -> str:
    """One markdown line per system: F1, P, R and speed on each set."""
    sets = list(dict.fromkeys(row["set"] for row in rows))
    head = "| system | " + " | ".join(f"{s} F1 | {s} P | {s} R | {s} {speed}" for s in sets) + " |"
    lines = [head, "|---|" + "---:|" * (4 * len(sets))]
    for system in dict.fromkeys(row["system"] for row in rows):
        cells = [system]
        for dataset in sets:
            row = next(r for r in rows if r["system"] == system and r["set"] == dataset)
            cells += [f"{row['f1']:.3f}", f"{row['p']:.3f}", f"{row['r']:.3f}", f"{row['pages_per_s']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def svg_chart(rows: list[dict[str, Any]], title: str) -> str:
    """A self-contained SVG bar chart of F1 per system and set (no plotting library)."""
    sets = list(dict.fromkeys(row["set"] for row in rows))
    systems = list(dict.fromkeys(row["system"] for row in rows))
    colours = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568"]
    bar, gap, left, top, scale = 22, 18, 110, 40, 420  # F1 0.5..1.0 over `scale` pixels
    height = top + len(sets) * (len(systems) * bar + gap) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + scale + 80}" height="{height}" '
           'font-family="sans-serif" font-size="13">',
           f'<text x="8" y="22" font-size="15" font-weight="bold">{title}</text>']  # fmt: skip
    y = top
    for dataset in sets:
        out.append(f'<text x="8" y="{y + len(systems) * bar / 2 + 4}" font-weight="bold">{dataset}</text>')
        for i, system in enumerate(systems):
            row = next(r for r in rows if r["system"] == system and r["set"] == dataset)
            width = max(0.0, (row["f1"] - 0.5) / 0.5 * scale)
            out.append(f'<rect x="{left}" y="{y}" width="{width:.1f}" height="{bar - 4}" fill="{colours[i % 6]}"/>')
            out.append(f'<text x="{left + width + 4:.1f}" y="{y + bar - 9}">{system} {row["f1"]:.3f}</text>')
            y += bar
        y += gap
    out.append(f'<text x="{left}" y="{height - 8}" fill="#555">F1 axis from 0.5 (left) to 1.0</text></svg>')
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=BENCH, help="folder with score.py, the sets and html/")
    ap.add_argument("--converters", action="store_true", help="compare HTML-to-text converters instead")
    ap.add_argument("--only", help="comma-separated systems (or converters) to run")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of " + ", ".join(SETS))
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    ap.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    ap.add_argument("--svg", metavar="OUT", help="write an F1 bar chart to this SVG file")
    ap.add_argument("--by", default="", help="also F1 per group of pages, e.g. source,lang (systems only)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(HERE))  # peers.py
    choices = CONVERTERS if args.converters else SYSTEMS
    names = args.only.split(",") if args.only else list(choices)
    sets = args.sets.split(",")
    if bad := (set(names) - set(choices)) | (set(sets) - set(SETS)):
        ap.error(f"unknown name(s): {', '.join(sorted(bad))}")
    scorer = load_scorer(args.bench)
    data = {s: load_pages(args.bench, SETS[s], args.limit) for s in sets}
    rows = (run_converters if args.converters else run_systems)(scorer, data, names)

    what = "HTML-to-text converters, each followed by cleantext.clean" if args.converters else "the same HTML"
    print(f"# {what}: " + ", ".join(f"{s} {len(d)} pages" for s, d in data.items()) + "\n")
    print(table(rows, "conversions/s" if args.converters else "pages/s"))
    print("\nspeed: pages per CPU second of one process" + (", conversion alone" if args.converters else ""))
    if errors := {f"{r['system']}/{r['set']}": r["errors"] for r in rows if r["errors"]}:
        print("pages that raised (scored as empty): " + ", ".join(f"{k} {v}" for k, v in errors.items()))
    if args.by and not args.converters:
        print("\n" + by_groups(scorer, data, rows, args.by.split(",")))
    for row in rows:
        row.pop("outputs", None)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if args.svg:
        title = "F1 by HTML converter (then cleantext)" if args.converters else "F1 from the same HTML"
        Path(args.svg).parent.mkdir(parents=True, exist_ok=True)
        Path(args.svg).write_text(svg_chart(rows, title), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
