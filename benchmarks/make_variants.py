"""Make the benchmark pages' text with other HTML-to-text converters (``converters.py``).

For each converter and each set (``dev``, ``snippets_dev`` and every ``train/*.jsonl.gz``)
this writes ``<cache>/<converter>/<set>.jsonl.gz``: the set's records with all their
fields (``id``, ``source``, ``lang``, ``page_type``, ``body`` or ``must_keep``/``must_drop``,
``gold_kind`` and so on), ``text`` replaced by that converter's text of the page's HTML
(``../shared/bench/html/``) and ``converter`` set to the converter's name. Train sets keep
their folder: ``<cache>/<converter>/train/wcxb.jsonl.gz``. ``score.py`` scores these files
as it scores the originals.

Two fields are added to every record:

* ``must_keep_in_text`` / ``must_drop_in_text`` (snippet records): how many of the
  snippets occur in this text, by score.py's test (whitespace collapsed, casefolded). The
  snippets themselves are kept as they are, so every converter is judged on the same
  snippets, but a must-keep snippet that the converter breaks (a line wrap does not; an
  inline element split off, a changed character or a dropped element does) can never be
  kept by a cleaner: the survival rate is the recall ceiling of that converter.
* ``convert_error``: the exception, when the converter failed on the page (its text is then
  ``""``); absent otherwise.

Beside each file, ``<set>.meta.json`` holds the file's pages, CPU seconds (the converter's
own process and, for lynx and w3m, its children), errors, snippet survival and the
versions used; and after each file one line is appended to ``<cache>/STATUS.txt``.

The cache is ``$CLEANTEXT_VARIANTS`` or ``/tmp/cleantext-variants`` (never inside the
repository: it holds page text). Files that exist are skipped, so the script can be
stopped and started again; ``--force`` remakes them. One process, one page at a time.

    python benchmarks/make_variants.py                                    # all converters, all sets
    python benchmarks/make_variants.py --converters lynx,w3m --sets dev,snippets_dev
    python benchmarks/make_variants.py --list                             # the set and converter names
    python benchmarks/make_variants.py --summary                          # CPU time, snippet survival so far
    python benchmarks/make_variants.py --check --limit 100                # bs4, html_text vs the dataset text

For ``bs4`` and ``html_text``, the pages whose dataset text came from that same converter
keep the dataset's text (``converters.py`` reproduces it; see the README); only the other
pages are converted.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from converters import CONVERTERS, convert, missing, versions

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
DEFAULT_CACHE = Path(os.environ.get("CLEANTEXT_VARIANTS") or "/tmp/cleantext-variants")
#: the converters run by default, in this order (bs4 and html_text only on request: the
#: dataset already holds their text for half of the pages)
_WORD = re.compile(r"\w+")
DEFAULT_CONVERTERS = ("markdown", "lynx", "w3m", "inscriptis", "resiliparse", "html2txt")


def squash(text: str) -> str:
    """score.py's normal form for the snippet test: whitespace collapsed, casefolded."""
    return " ".join(text.split()).casefold()


def bench_sets(bench: Path = BENCH) -> dict[str, tuple[Path, Path]]:
    """Set name -> (records file, HTML file): ``dev``, ``snippets_dev``, ``train/<name>``."""
    sets = {
        "dev": (bench / "dev.jsonl", bench / "html" / "dev.html.jsonl.gz"),
        "snippets_dev": (bench / "snippets_dev.jsonl", bench / "html" / "snippets_dev.html.jsonl.gz"),
    }
    for path in sorted((bench / "train").glob("*.jsonl.gz")):
        name = path.name.removesuffix(".jsonl.gz")
        source = name.split(".")[0]  # wcxb.snippets -> the wcxb HTML
        sets[f"train/{name}"] = (path, bench / "html" / f"train-{source}.html.jsonl.gz")
    return sets


def read_jsonl(path: Path) -> Iterator[dict]:
    """The JSON objects of a (possibly gzipped) JSON Lines file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children (the text browsers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def convert_set(converter: str, records_path: Path, html_path: Path, limit: int = 0) -> tuple[list[dict], dict]:
    """The set's records with ``converter``'s text, and the figures of the run."""
    records = list(read_jsonl(records_path))
    if limit:
        records = records[:limit]
    by_id = {record["id"]: record for record in records}
    texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    reused = html_chars = 0
    start = cpu_seconds()
    for page in read_jsonl(html_path):
        record = by_id.get(page["id"])
        if record is None or page["id"] in texts:
            continue
        if record.get("converter") == converter:  # the dataset's own text by this converter
            texts[page["id"]] = record["text"]
            reused += 1
            continue
        html_chars += len(page["html"])
        try:
            texts[page["id"]] = convert(converter, page["html"])
        except Exception as exc:  # one page's failure is recorded, not fatal
            texts[page["id"]] = ""
            errors[page["id"]] = f"{type(exc).__name__}: {exc}"[:300]
    spent = cpu_seconds() - start

    out, no_html = [], 0
    keep_total = keep_in = drop_total = drop_in = 0
    for record in records:
        new = dict(record)
        if record["id"] not in texts:
            no_html += 1
            new["convert_error"] = "no HTML for this id"
        new["text"] = texts.get(record["id"], "")
        if record["id"] in texts:
            new.pop("convert_error", None)
        new["converter"] = converter
        if record["id"] in errors:
            new["convert_error"] = errors[record["id"]]
        if "must_keep" in record or "must_drop" in record:
            text = squash(new["text"])
            keep = sum(squash(s) in text for s in record.get("must_keep") or [])
            drop = sum(squash(s) in text for s in record.get("must_drop") or [])
            new["must_keep_in_text"], new["must_drop_in_text"] = keep, drop
            keep_total += len(record.get("must_keep") or [])
            drop_total += len(record.get("must_drop") or [])
            keep_in += keep
            drop_in += drop
        out.append(new)
    meta = {
        "converter": converter,
        "versions": versions(converter),
        "pages": len(records),
        "converted": len(texts) - reused,
        "reused_dataset_text": reused,
        "cpu_seconds": round(spent, 2),
        "errors": len(errors),
        "no_html": no_html,
        "html_mchars_converted": round(html_chars / 1e6, 2),
        "text_mb": round(sum(len(r["text"].encode("utf-8")) for r in out) / 1e6, 2),
    }
    if keep_total or drop_total:
        meta |= {"must_keep": keep_total, "must_keep_in_text": keep_in, "must_drop": drop_total,
                 "must_drop_in_text": drop_in}  # fmt: skip
    return out, meta


def check_dataset(sets: dict[str, tuple[Path, Path]], wanted: list[str], limit: int = 0) -> dict[str, dict]:
    """How well ``converters.py`` reproduces the dataset's own ``bs4`` and ``html_text`` text.

    Each page is converted with the converter its record names and compared with its
    ``text``: exactly equal, equal once whitespace is collapsed, and "only lacks text" (no
    word of ours is missing from the dataset's text, counted with multiplicity).
    """
    counts: dict[str, Counter] = {}
    for set_name in wanted:
        records_path, html_path = sets[set_name]
        records = list(read_jsonl(records_path))
        by_id = {record["id"]: record for record in (records[:limit] if limit else records)}
        for page in read_jsonl(html_path):
            record = by_id.pop(page["id"], None)
            if record is None or record.get("converter") not in ("bs4", "html_text"):
                continue
            ours, theirs = convert(record["converter"], page["html"]), record["text"]
            mine, gold = Counter(_WORD.findall(ours.casefold())), Counter(_WORD.findall(theirs.casefold()))
            count = counts.setdefault(record["converter"], Counter())
            count["pages"] += 1
            count["exact"] += ours == theirs
            count["same_words_and_order"] += ours.split() == theirs.split()
            count["only_lacks_text"] += not (mine - gold)
            count["words"] += sum(gold.values())
            count["words_reproduced"] += sum((mine & gold).values())
    return {name: dict(count) for name, count in counts.items()}


#: the figures of the .meta.json files that --summary adds up per converter
SUMMED = ("pages", "cpu_seconds", "errors", "must_keep", "must_keep_in_text", "must_drop", "must_drop_in_text")


def summary(cache: Path) -> str:
    """A markdown table of the ``.meta.json`` files in the cache: per converter, the pages,
    CPU seconds, errors and the must-keep / must-drop snippets left in its text (all sets
    count the snippets of train/wcxb's body pages and of the snippet files too)."""
    totals: dict[str, Counter] = {}
    for meta_path in sorted(cache.glob("*/**/*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        total = totals.setdefault(meta["converter"], Counter())
        total["files"] += 1
        for key in SUMMED:
            total[key] += meta.get(key, 0)
        if meta_path.name == "snippets_dev.meta.json":
            total["dev_keep"], total["dev_keep_in_text"] = meta["must_keep"], meta["must_keep_in_text"]
    header = (
        "| converter | files | pages | CPU s | ms/page | errors | must-keep in text (snippets_dev) "
        "| must-keep in text (all sets) | must-drop in text (all sets) |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in [n for n in CONVERTERS if n in totals]:
        t = totals[name]
        dev = f"{t['dev_keep_in_text']}/{t['dev_keep']} ({t['dev_keep_in_text'] / max(1, t['dev_keep']):.1%})"
        keep = f"{t['must_keep_in_text']}/{t['must_keep']} ({t['must_keep_in_text'] / max(1, t['must_keep']):.1%})"
        drop = f"{t['must_drop_in_text']}/{t['must_drop']} ({t['must_drop_in_text'] / max(1, t['must_drop']):.1%})"
        per_page = 1000 * t["cpu_seconds"] / max(1, t["pages"])
        lines.append(
            f"| {name} | {t['files']} | {t['pages']} | {t['cpu_seconds']:.0f} | {per_page:.0f} | {t['errors']} "
            f"| {dev} | {keep} | {drop} |"
        )
    return "\n".join(lines)


def write_gz(path: Path, records: list[dict]) -> None:
    """Write records as gzipped JSON Lines, atomically (a stopped run leaves no half file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    # mtime=0: the same records give the same bytes
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for record in records:
            gz.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    tmp.replace(path)


def status_line(cache: Path, meta: dict, set_name: str) -> str:
    """Append one progress line to ``<cache>/STATUS.txt`` and return it."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = (
        f"{now} {meta['converter']} {set_name} pages {meta['pages']} cpu_s {meta['cpu_seconds']:.1f}"
        f" errors {meta['errors']}"
    )
    if "must_keep" in meta:
        line += f" must_keep_in_text {meta['must_keep_in_text']}/{meta['must_keep']}"
    with open(cache / "STATUS.txt", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return line


def main(argv: list[str] | None = None) -> int:
    """Command line: make the missing variant files."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"output folder (default {DEFAULT_CACHE})")
    ap.add_argument("--converters", default=",".join(DEFAULT_CONVERTERS), help="comma-separated names")
    ap.add_argument("--sets", default="all", help="comma-separated set names (dev, snippets_dev, train/wcxb, ...)")
    ap.add_argument("--bench", type=Path, default=BENCH, help="the shared benchmark folder")
    ap.add_argument("--force", action="store_true", help="remake files that exist")
    ap.add_argument("--limit", type=int, default=0, help="first N pages of each set only (writes under --cache)")
    ap.add_argument("--list", action="store_true", help="list the set and converter names and stop")
    ap.add_argument("--summary", action="store_true", help="print a table of the files made so far and stop")
    ap.add_argument(
        "--check", action="store_true", help="compare bs4 and html_text with the dataset's own text (writes nothing)"
    )
    args = ap.parse_args(argv)

    sets = bench_sets(args.bench)
    if args.list:
        print("sets:", " ".join(sets))
        print("converters:", " ".join(CONVERTERS))
        return 0
    names = [n for n in args.converters.split(",") if n]
    wanted = list(sets) if args.sets == "all" else [s for s in args.sets.split(",") if s]
    for name in names:
        if name not in CONVERTERS:
            ap.error(f"unknown converter {name!r}; known: {', '.join(CONVERTERS)}")
    for set_name in wanted:
        if set_name not in sets:
            ap.error(f"unknown set {set_name!r}; known: {', '.join(sets)}")
    if args.summary:
        print(summary(args.cache))
        return 0
    if args.check:
        for name, count in check_dataset(sets, wanted, args.limit).items():
            n = count["pages"]
            print(
                f"{name}: {n} pages; exact {count['exact'] / n:.1%}, same words in the same order "
                f"{count['same_words_and_order'] / n:.1%}, only lacks text {count['only_lacks_text'] / n:.1%}, "
                f"words reproduced {count['words_reproduced'] / max(1, count['words']):.2%}"
            )
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)

    for name in names:
        reason = missing(name)
        if reason:
            print(f"skipping converter {name}: {reason}", file=sys.stderr)
            continue
        for set_name in wanted:
            target = args.cache / name / f"{set_name}.jsonl.gz"
            if target.exists() and not args.force:
                print(f"exists: {target}")
                continue
            records_path, html_path = sets[set_name]
            records, meta = convert_set(name, records_path, html_path, limit=args.limit)
            write_gz(target, records)
            meta_path = target.with_name(target.name.removesuffix(".jsonl.gz") + ".meta.json")
            meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
            print(status_line(args.cache, meta, set_name), flush=True)
    return 0


if __name__ == "__main__":
    started = time.time()
    code = main()
    print(f"done in {time.time() - started:.0f} s wall", file=sys.stderr)
    sys.exit(code)
