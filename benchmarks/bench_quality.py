"""Quality of cleantext, jusText, trafilatura and keep-everything on the shared sets.

Runs the shared scorer ``../shared/bench/score.py`` (read in place, with its data:
``dev.jsonl`` and ``snippets_dev.jsonl``, never copied into this repository) once per
system and set, and prints one markdown table:

* ``dev``: token precision, recall and F1 against the gold body, averaged over pages;
* ``snippets``: snippet precision, recall, F1 and accuracy (micro over all snippets),
  overall and for the German pages alone (``--by lang``).

The peers are the wrappers in :mod:`peers` (each line one ``<p>``; jusText with the
stoplist of the detected page language), passed to the scorer as ``--func peers:...``.

Usage (from the repository root)::

    python benchmarks/bench_quality.py                 # all four systems, both sets (~2 min)
    python benchmarks/bench_quality.py --limit 50      # a quick look
    python benchmarks/bench_quality.py --systems cleantext,jusText --json quality.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent.parent / "shared" / "bench"

#: table name -> score.py arguments that select the system
SYSTEMS: dict[str, list[str]] = {
    "cleantext": ["--func", "cleantext:clean"],
    "jusText": ["--func", "peers:justext_clean"],
    "trafilatura": ["--func", "peers:trafilatura_clean"],
    "keep everything": ["--baseline", "keep-all"],
}
SETS = {"dev": "dev.jsonl", "snippets": "snippets_dev.jsonl"}

_SUMMARY = re.compile(r"^F1 (?P<f1>[\d.]+) P (?P<p>[\d.]+) R (?P<r>[\d.]+) docs (?P<docs>\d+) errors (?P<errors>\d+)")
_ACCURACY = re.compile(r"^snippets: .*accuracy (?P<acc>[\d.]+)")
_GROUP = re.compile(
    r"^\s+(?P<name>\S+)\s+F1 (?P<f1>[\d.]+)\s+P (?P<p>[\d.]+)\s+R (?P<r>[\d.]+)"
    r"\s+accuracy (?P<acc>[\d.]+)\s+n=(?P<n>\d+)"
)


def score(system: str, dataset: str, bench: Path, limit: int) -> dict:
    """Run score.py for one system on one set; parse its summary (and German, for snippets)."""
    cmd = [sys.executable, str(bench / "score.py"), str(bench / SETS[dataset]), *SYSTEMS[system]]
    cmd += ["--by", "lang" if dataset == "snippets" else ""]
    if limit:
        cmd += ["--limit", str(limit)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))}
    env.setdefault("OMP_NUM_THREADS", "1")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    out: dict = {"system": system, "set": dataset}
    section = None
    for line in proc.stdout.splitlines():
        if line.startswith("by "):
            section = line[3:].rstrip(":")
        elif m := _SUMMARY.match(line):
            out.update({k: float(v) for k, v in m.groupdict().items()})
        elif m := _ACCURACY.match(line):
            out["accuracy"] = float(m["acc"])
        elif section == "lang" and (m := _GROUP.match(line)) and m["name"] == "de":
            out["de"] = {k: float(m[k]) for k in ("f1", "p", "r", "acc", "n")}
    if "f1" not in out:
        raise RuntimeError(f"no summary line from {' '.join(cmd)}:\n{proc.stdout[-2000:]}")
    return out


def table(results: dict[tuple[str, str], dict], systems: list[str]) -> str:
    head = (
        "| extractor | dev P | dev R | dev F1 | snippets P | snippets R | snippets F1 | snippets acc "
        "| de snippets P | de snippets R | de snippets F1 |"
    )
    lines = [head, "|---|" + "---:|" * 10]
    for system in systems:
        dev, snip = results.get((system, "dev")), results.get((system, "snippets"))
        cells = [system]
        cells += [f"{dev[k]:.3f}" for k in ("p", "r", "f1")] if dev else ["", "", ""]
        cells += [f"{snip[k]:.3f}" for k in ("p", "r", "f1", "accuracy")] if snip else ["", "", "", ""]
        de = snip.get("de") if snip else None
        cells += [f"{de[k]:.3f}" for k in ("p", "r", "f1")] if de else ["", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=BENCH, help="folder with score.py and the sets")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ", ".join(SYSTEMS))
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of " + ", ".join(SETS))
    ap.add_argument("--limit", type=int, default=0, help="score only the first N pages of each set")
    ap.add_argument("--jobs", type=int, default=2, help="scorer processes at once (default 2)")
    ap.add_argument("--json", metavar="OUT", help="write the parsed figures to this JSON file")
    args = ap.parse_args(argv)

    systems = [s for s in args.systems.split(",") if s]
    sets = [s for s in args.sets.split(",") if s]
    bad = (set(systems) - set(SYSTEMS)) | (set(sets) - set(SETS))
    if bad:
        ap.error(f"unknown system(s) or set(s): {', '.join(sorted(bad))}")
    jobs = [(system, dataset) for system in systems for dataset in sets]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = pool.map(lambda job: score(*job, args.bench, args.limit), jobs)
        results = dict(zip(jobs, done, strict=True))

    limit = f", first {args.limit} pages of each set" if args.limit else ""
    print(f"# Quality on {', '.join(SETS[s] for s in sets)}{limit}\n")
    print(table(results, systems))
    counts = {d: int(next(r["docs"] for (s, dd), r in results.items() if dd == d)) for d in sets}
    print("\npages: " + ", ".join(f"{d} {n}" for d, n in counts.items()), end="")
    de = next((r["de"]["n"] for (s, d), r in results.items() if d == "snippets" and "de" in r), None)
    print(f" (German snippet pages: {int(de)})" if de else "")
    errors = {f"{s}/{d}": int(r["errors"]) for (s, d), r in results.items() if r["errors"]}
    if errors:
        print("pages that raised (scored as empty): " + ", ".join(f"{k} {v}" for k, v in errors.items()))
    if args.json:
        payload = [results[job] for job in jobs]
        Path(args.json).write_text(json.dumps(payload, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
