"""Throughput of cleantext against jusText and trafilatura on the same pages, one core.

Reads the page texts of ``../shared/bench/dev.jsonl`` (beside the repository, never
copied into it).  In one process, one system after the other:

* **start-up**: ``import`` and the first call (model and stoplist loading), each
  system in a fresh subprocess; reported on its own, not counted in throughput;
* **throughput**: every page once through each system after one warm-up call:
  wall seconds, ms per page, pages/s and MB/s (MB of UTF-8 page text, the same bytes
  for every system), and the same per CPU-second of this process (= per core: the
  run is single-threaded, BLAS threads are pinned to 1);
* the **ratio** cleantext / jusText in pages per second;
* **linear growth** (cleantext): all page texts joined into one document, 1x, 2x, 4x
  and 8x over, with the CPU seconds per MB at each size (CPU time, because other
  processes on a shared machine stretch wall time); then a 5 MB single line,
  200,000 short lines and 1,000,000 characters without a space.

The peers get the input as :mod:`peers` builds it: each line one ``<p>``.  jusText is
given the page language (detected with cleantext's detector before timing, as a caller
that knows its language would pass the stoplist); the detection time is reported.

Usage (from the repository root)::

    python benchmarks/bench_speed.py                      # all pages, ~2-3 minutes
    python benchmarks/bench_speed.py --limit 100 --no-growth
    python benchmarks/bench_speed.py --json speed.json
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEV = ROOT.parent / "shared" / "bench" / "dev.jsonl"
sys.path.insert(0, str(HERE))

import peers  # noqa: E402

SYSTEMS = ("cleantext", "jusText", "trafilatura")

#: the package each system's import costs
MODULES = {"cleantext": "cleantext", "jusText": "justext", "trafilatura": "trafilatura"}

_STARTUP = """
import importlib, sys, time
import peers
name, module, language = sys.argv[1:4]
page = sys.stdin.read()
t0 = time.perf_counter()
importlib.import_module(module)
t1 = time.perf_counter()
if name == "jusText":
    peers.justext_clean(page, language=language)
else:
    peers.SYSTEMS[name](page)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def load_texts(path: Path, limit: int) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    return texts[:limit] if limit else texts


def startup(name: str, sample: str, language: str) -> dict[str, float]:
    """Import time and first-call time of one system, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-c", _STARTUP, name, MODULES[name], language],
        input=sample,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    imp, first = map(float, proc.stdout.split())
    return {"import_s": imp, "first_call_s": first}


def timed(func: Callable[[], object]) -> tuple[float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def throughput(name: str, texts: list[str], languages: list[str | None]) -> dict[str, float]:
    if name == "jusText":

        def run() -> None:
            for text, lang in zip(texts, languages, strict=True):
                peers.justext_clean(text, language=lang)
    else:
        clean = peers.SYSTEMS[name]

        def run() -> None:
            for text in texts:
                clean(text)

    wall, cpu = timed(run)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {
        "docs": len(texts),
        "mb": mb,
        "wall_s": wall,
        "cpu_s": cpu,
        "ms_per_doc": 1000 * wall / len(texts),
        "docs_per_s": len(texts) / wall,
        "mb_per_s": mb / wall,
        "docs_per_cpu_s": len(texts) / cpu,
        "mb_per_cpu_s": mb / cpu,
    }


def growth(texts: list[str], factors: tuple[int, ...]) -> list[dict[str, float]]:
    import cleantext

    base = "\n".join(texts)
    rows = []
    for k in factors:
        doc = "\n".join([base] * k)
        mb = len(doc.encode("utf-8")) / 1e6
        wall, cpu = timed(lambda doc=doc: cleantext.clean(doc))
        rows.append({"factor": k, "mb": mb, "wall_s": wall, "cpu_s": cpu})
        del doc
    return rows


def hostile() -> list[dict[str, float]]:
    import cleantext

    sentence = "The council approved the new budget for the school district on Tuesday evening. "
    cases = {
        "5 MB single line": lambda: sentence * (5_000_000 // len(sentence)),
        "200,000 short lines": lambda: "\n".join(
            ("Home", "News item", "A short line here.", "")[i % 4] for i in range(200_000)
        ),
        "1,000,000 chars without a space": lambda: "abcdefghij" * 100_000,
    }
    rows = []
    for name, make in cases.items():
        text = make()
        wall, cpu = timed(lambda text=text: cleantext.clean(text))
        rows.append({"case": name, "mb": len(text.encode("utf-8")) / 1e6, "wall_s": wall, "cpu_s": cpu})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEV, help="JSONL with a 'text' field (default: shared dev.jsonl)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    ap.add_argument("--json", metavar="OUT", help="write all figures to this JSON file")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ", ".join(SYSTEMS))
    ap.add_argument("--no-growth", action="store_true", help="skip the linear-growth and large-input runs")
    ap.add_argument("--factors", default="1,2,4,8", help="growth factors (default 1,2,4,8)")
    args = ap.parse_args(argv)

    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        ap.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    texts = load_texts(args.data, args.limit)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    import cleantext

    print(f"# Speed: {len(texts)} pages, {mb:.2f} MB of text from {args.data.name}")
    print(
        f"python {platform.python_version()}, cleantext {cleantext.__version__}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; single process"
    )

    print("\n## Start-up (fresh process: import, then the first call on one page; not in throughput)\n")
    print("| system | import s | first call s |")
    print("|---|---:|---:|")
    result: dict[str, object] = {"pages": len(texts), "mb": mb, "startup": {}, "throughput": {}}
    first_language = peers.justext_language(texts[0]) or "en"
    for name in systems:
        s = startup(name, texts[0], first_language)
        result["startup"][name] = s  # type: ignore[index]
        print(f"| {name} | {s['import_s']:.2f} | {s['first_call_s']:.2f} |")

    t0 = time.perf_counter()
    languages = [peers.justext_language(t) for t in texts] if "jusText" in systems else []
    detect_s = time.perf_counter() - t0
    for name in systems:  # warm up once each
        (peers.SYSTEMS[name])(texts[0])

    print("\n## Throughput (one core, after a warm-up call)\n")
    print("| system | ms per page | pages/s | MB/s | pages per CPU-s | MB per CPU-s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in systems:
        r = throughput(name, texts, languages)
        result["throughput"][name] = r  # type: ignore[index]
        print(
            f"| {name} | {r['ms_per_doc']:.1f} | {r['docs_per_s']:.1f} | {r['mb_per_s']:.2f} "
            f"| {r['docs_per_cpu_s']:.1f} | {r['mb_per_cpu_s']:.2f} |"
        )
    tp = result["throughput"]
    if "cleantext" in tp and "jusText" in tp:  # type: ignore[operator]
        ratio = tp["cleantext"]["docs_per_s"] / tp["jusText"]["docs_per_s"]  # type: ignore[index]
        result["ratio_cleantext_justext"] = ratio
        print(f"\ncleantext / jusText: {ratio:.2f}x the pages per second")
    if "cleantext" in tp and "trafilatura" in tp:  # type: ignore[operator]
        ratio = tp["cleantext"]["docs_per_s"] / tp["trafilatura"]["docs_per_s"]  # type: ignore[index]
        result["ratio_cleantext_trafilatura"] = ratio
        print(f"cleantext / trafilatura: {ratio:.2f}x the pages per second")
    if languages:
        result["justext_language_detection_s"] = detect_s
        print(f"(jusText's page languages detected before timing: {detect_s:.2f} s for {len(texts)} pages)")

    if not args.no_growth:
        factors = tuple(int(f) for f in args.factors.split(","))
        rows = growth(texts, factors)
        result["growth"] = rows
        print("\n## Linear growth (cleantext; all pages joined into one document)\n")
        print("| size | MB | wall s | CPU s | CPU s per MB | vs 1x |")
        print("|---|---:|---:|---:|---:|---:|")
        for row in rows:
            row["cpu_s_per_mb"] = row["cpu_s"] / row["mb"]
            print(
                f"| {row['factor']}x | {row['mb']:.1f} | {row['wall_s']:.2f} | {row['cpu_s']:.2f} "
                f"| {row['cpu_s_per_mb']:.3f} | {row['cpu_s_per_mb'] / rows[0]['cpu_s_per_mb']:.2f} |"
            )
        # CPU time, not wall time: other processes on a shared machine stretch the wall clock
        worst = max(row["cpu_s_per_mb"] for row in rows) / rows[0]["cpu_s_per_mb"]
        result["growth_worst_cpu_s_per_mb_vs_1x"] = worst
        verdict = "linear" if worst < 1.5 else "NOT linear"
        print(f"\nCPU seconds per MB at most {worst:.2f}x the 1x figure: {verdict}")

        rows = hostile()
        result["large_inputs"] = rows
        print("\n## Large single inputs (cleantext)\n")
        print("| input | MB | seconds | MB/s |")
        print("|---|---:|---:|---:|")
        for row in rows:
            print(f"| {row['case']} | {row['mb']:.1f} | {row['wall_s']:.2f} | {row['mb'] / row['wall_s']:.2f} |")

    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
