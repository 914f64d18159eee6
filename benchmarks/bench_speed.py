"""Throughput of cleantext against jusText and trafilatura on the same pages, one core.

Reads the page texts of ``../shared/bench/dev.jsonl`` (beside the repository, never
copied into it).  In one process, one system after the other:

* **start-up**: ``import`` and the first call (model and stoplist loading), each
  system in a fresh subprocess; reported on its own, not counted in throughput;
  then the CPU seconds of whole processes: ``import cleantext``, ``cleantext
  --help``, and the reference article cleaned in a process that can write nowhere
  (a read-only HOME, no bytecode written);
* **throughput**: every page once through each system after one warm-up call:
  wall seconds, ms per page, pages/s and MB/s (MB of UTF-8 page text, the same bytes
  for every system), and the same per CPU-second of this process (= per core: the
  run is single-threaded, BLAS threads are pinned to 1);
* the **ratio** cleantext / jusText in pages per second;
* cleantext's **second pass** over the same pages: the first pays one-time loads (each
  new language's phrase automaton and stopword table, ftfy's import on the first page
  with mojibake) that a long-running process pays once;
* the same pass of cleantext on its **numpy fallback** (the compiled extension
  switched off), beside the compiled figure;
* the **installed size** of cleantext and its run-time dependencies in this
  environment (the files each distribution installed, as ``du`` counts them);
* **linear growth** (cleantext): all page texts joined into one document, 1x, 2x, 4x
  and 8x over, with the CPU seconds per MB at each size (CPU time, because other
  processes on a shared machine stretch wall time); then a 5 MB single line,
  200,000 short lines and 1,000,000 characters without a space;
* the three inputs once found **quadratic**, at 4 MB each (CPU seconds, each in a fresh
  process, the least of three);
* **peak RSS** of a 20 MB page of short lines and of one 20 MB line, each in a
  child process whose address space is capped (``--rss-cap-mb``), so that a
  regression fails there instead of swapping the machine.

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


REFERENCE = ROOT / "tests" / "fixtures" / "article_de.txt"


def child_cpu(args: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of one child process running ``args``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, capture_output=True, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def process_costs(repeats: int = 5) -> dict[str, float]:
    """CPU seconds of whole processes, the least of ``repeats`` runs each: ``import
    cleantext``; ``cleantext --help``; and the reference article cleaned by a process
    that can write nowhere (HOME a read-only directory, no bytecode written, the
    package and its dependencies read as installed, with their bytecode), as in a
    container with a read-only root file system."""
    import compileall
    import tempfile

    import cleantext

    # the bytecode an installation writes (pip compiles what it installs); a checkout
    # run with PYTHONDONTWRITEBYTECODE=1 would compile every module in every process
    compileall.compile_dir(Path(cleantext.__file__).parent, quiet=1)
    code = f"import cleantext; cleantext.clean(open({str(REFERENCE)!r}, encoding='utf-8').read())"
    with tempfile.TemporaryDirectory() as home:
        os.chmod(home, 0o555)
        frozen = {**os.environ, "HOME": home, "PYTHONDONTWRITEBYTECODE": "1", "XDG_CACHE_HOME": home}
        runs = {
            "python alone": ([sys.executable, "-c", "pass"], None),
            "import cleantext": ([sys.executable, "-c", "import cleantext"], None),
            "cleantext --help": ([sys.executable, "-m", "cleantext", "--help"], None),
            "reference article, read-only install": ([sys.executable, "-c", code], frozen),
        }
        costs = {name: min(child_cpu(args, env) for _ in range(repeats)) for name, (args, env) in runs.items()}
        os.chmod(home, 0o755)
    return costs


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


def fallback_throughput(texts: list[str], languages: list[str | None]) -> dict[str, float]:
    """:func:`throughput` of cleantext with the compiled extension switched off."""
    from cleantext import compiled

    os.environ["CLEANTEXT_NO_COMPILED"] = "1"
    compiled._core.cache_clear()
    try:
        assert not compiled.available()
        peers.SYSTEMS["cleantext"](texts[0])
        return throughput("cleantext", texts, languages)
    finally:
        del os.environ["CLEANTEXT_NO_COMPILED"]
        compiled._core.cache_clear()


def installed_size(top: str = "cleantext-body") -> dict[str, float]:
    """MB on disk of each distribution ``top`` needs at run time (no extras), itself
    included, from the files each one recorded at installation; an editable install
    counts its package directory.  Run it in a fresh virtual environment with only
    cleantext installed for the figure a ``pip install`` adds."""
    import re
    from importlib import metadata

    import cleantext

    package = Path(cleantext.__file__).parent
    sizes: dict[str, float] = {}
    todo = [top]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in sizes:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:  # its marker left it out here (colorama off Windows)
            continue
        files = [f.locate() for f in dist.files or []]
        total = sum(os.path.getsize(f) for f in files if os.path.isfile(f))
        if key == top and package / "__init__.py" not in {Path(f) for f in files}:  # editable: in the checkout
            total += sum(f.stat().st_size for f in package.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
        sizes[key] = total / 1e6
        for spec in dist.requires or []:
            # a requirement of an extra is not a run-time one; others count where installed
            name_part, _, marker = spec.partition(";")
            if "extra" not in marker:
                todo.append(re.match(r"[A-Za-z0-9._-]+", name_part.strip()).group())  # type: ignore[union-attr]
    return sizes


#: The three inputs once found quadratic, made ``size`` characters long.
def _closers(size: int) -> str:
    n = size // 7
    return "Word.\n" * n + "x" + ")" * n


def _commas(size: int) -> str:
    return "x\n" + ",\n" * (size // 2)


def _select_runs(size: int) -> tuple[object, int]:
    """A page of runs of one good block each (classified by hand), its first block
    dropped by a filter, about ``size`` characters of blocks: the select step's input."""
    from cleantext import Block, Config, Document

    prose = " ".join(["word"] * 30)
    blocks = [Block(0, "dropped by a filter", label="custom", vetoed=True)]
    chars = 0
    while chars < size:
        blocks.append(Block(len(blocks), prose, first_class="good", final_class="good", label="body", score=0.9))
        blocks[-1].features["words"] = 30.0
        for _ in range(8):
            blocks.append(Block(len(blocks), "Home", first_class="bad", final_class="bad", label="navigation"))
        chars += len(prose) + 8 * 5 + 1
    doc = Document(original="", text="", config=Config())
    doc.blocks = blocks
    return doc, chars


def reproducers(size: int = 4_000_000, repeats: int = 3) -> list[dict[str, object]]:
    """CPU seconds of the three once-quadratic inputs at ``size`` characters: each in
    a fresh process (so that what the benchmark did before does not weigh on it), the
    least of ``repeats`` processes."""
    rows: list[dict[str, object]] = []
    for case in ("closing brackets after many blocks", "lines glued by ','", "select: runs after a dropped block"):
        runs = [_reproducer_child(case, size) for _ in range(repeats)]
        rows.append({"case": case, "mb": runs[0][0], "cpu_s": min(cpu for _, cpu in runs)})
    return rows


def _reproducer_child(case: str, size: int) -> tuple[float, float]:
    """MB and CPU seconds of one reproducer, in a child process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))}
    code = "import sys, bench_speed; print(*bench_speed.reproduce(sys.argv[1], int(sys.argv[2])))"
    proc = subprocess.run([sys.executable, "-c", code, case, str(size)], capture_output=True, text=True, env=env)
    if proc.returncode:
        raise RuntimeError(f"reproducer {case!r} failed: {proc.stderr[-2000:]}")
    mb, cpu = map(float, proc.stdout.split())
    return mb, cpu


def reproduce(case: str, size: int) -> tuple[float, float]:
    """MB and CPU seconds of one reproducer, in this process (after a warm-up page)."""
    import cleantext
    from cleantext.filters.select import SelectBody

    cleantext.clean("Warm up. " * 20)
    if case == "select: runs after a dropped block":
        doc, chars = _select_runs(size)
        _, cpu = timed(lambda: SelectBody()(doc))  # type: ignore[arg-type]
        return chars / 1e6, cpu
    text = {"closing brackets after many blocks": _closers, "lines glued by ','": _commas}[case](size)
    _, cpu = timed(lambda: cleantext.clean(text))
    return len(text) / 1e6, cpu


_RSS = """
import resource, sys
cap = int(sys.argv[2]) << 20
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def peak_mb():
    # VmHWM: this process's own peak (ru_maxrss keeps the forking parent's across exec)
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


import cleantext
cleantext.clean("Warm up. " * 20)
size = int(sys.argv[3])
text = ("Home\\nNews\\n" * (size // 10)) if sys.argv[1] == "lines" else ("word " * (size // 5))
try:
    cleantext.clean(text)
    print("ok", peak_mb())
except MemoryError:
    print("MemoryError", peak_mb())
"""


def peak_rss(shape: str, size: int, cap_mb: int) -> dict[str, object]:
    """Peak RSS (MB) of a child process that cleans one page of ``size`` characters:
    ``"lines"`` of "Home" and "News", or one ``"line"`` of words."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-c", _RSS, shape, str(cap_mb), str(size)], capture_output=True, text=True, env=env
    )
    words = proc.stdout.split()
    if proc.returncode or len(words) != 2:
        return {"shape": shape, "mb": size / 1e6, "status": f"failed ({proc.returncode})", "peak_rss_mb": None}
    return {"shape": shape, "mb": size / 1e6, "status": words[0], "peak_rss_mb": float(words[1])}


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """Print a section: its title, then a Markdown table (first column left-aligned)."""
    print(f"\n## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEV, help="JSONL with a 'text' field (default: shared dev.jsonl)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    ap.add_argument("--json", metavar="OUT", help="write all figures to this JSON file")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ", ".join(SYSTEMS))
    ap.add_argument("--no-growth", action="store_true", help="skip the linear-growth and large-input runs")
    ap.add_argument("--factors", default="1,2,4,8", help="growth factors (default 1,2,4,8)")
    ap.add_argument("--no-fallback", action="store_true", help="skip the numpy fallback's throughput")
    ap.add_argument("--no-rss", action="store_true", help="skip the 20 MB peak-RSS runs")
    ap.add_argument("--rss-cap-mb", type=int, default=2000, help="address-space cap of the RSS child (MB)")
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

    print("\n## Whole processes (CPU seconds, the least of 5 runs; nothing is written at run time)\n")
    print("| process | CPU s |")
    print("|---|---:|")
    costs = process_costs()
    result["processes"] = costs
    for name, cpu in costs.items():
        print(f"| {name} | {cpu:.2f} |")

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
    if "cleantext" in tp:  # type: ignore[operator]
        # the pass above pays one-time loads (each new language's phrase automaton and
        # stopword table, ftfy's import on the first page with mojibake); a long-running
        # process pays them once: the same pages again show what it pays per page
        r = throughput("cleantext", texts, languages)
        result["throughput_second_pass"] = r
        print(
            f"cleantext, the same pages a second time (one-time loads already paid): "
            f"{r['mb_per_cpu_s']:.2f} MB per CPU-s, {r['docs_per_cpu_s']:.1f} pages per CPU-s"
        )
    if "cleantext" in tp and not args.no_fallback:  # type: ignore[operator]
        r = fallback_throughput(texts, languages)
        result["throughput_numpy_fallback"] = r
        compiled = tp["cleantext"]["mb_per_cpu_s"]  # type: ignore[index]
        print(
            f"cleantext on its numpy fallback (compiled extension off): {r['mb_per_cpu_s']:.2f} MB per CPU-s, "
            f"{r['docs_per_cpu_s']:.1f} pages per CPU-s (compiled: {compiled:.2f} MB per CPU-s)"
        )
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
        cells = [
            [row["case"], f"{row['mb']:.1f}", f"{row['wall_s']:.2f}", f"{row['mb'] / row['wall_s']:.2f}"]
            for row in rows
        ]
        table("Large single inputs (cleantext)", ["input", "MB", "seconds", "MB/s"], cells)

    sizes = installed_size()
    result["installed_mb"] = sizes
    cells = [[name, f"{size:.1f}"] for name, size in sorted(sizes.items(), key=lambda item: -item[1])]
    cells.append(["**total**", f"**{sum(sizes.values()):.1f}**"])
    table("Installed size (cleantext and its run-time dependencies, this environment)", ["distribution", "MB"], cells)
    jit = sorted({"numba", "llvmlite"} & set(sizes))
    print(f"numba or llvmlite among them: {', '.join(jit) if jit else 'no'}")

    if not args.no_growth:
        rows = reproducers()
        result["reproducers"] = rows
        cells = [[row["case"], f"{row['mb']:.1f}", f"{row['cpu_s']:.2f}"] for row in rows]
        table("Once-quadratic inputs at 4 MB (cleantext, CPU seconds)", ["input", "MB", "CPU s"], cells)

    if not args.no_rss:
        rows = [peak_rss(shape, 20_000_000, args.rss_cap_mb) for shape in ("lines", "line")]
        result["peak_rss"] = rows
        cells = []
        for row, name in zip(rows, ('"Home\\nNews\\n" short lines', "one line of words"), strict=True):
            rss = row["peak_rss_mb"]
            ratio = f"{rss / row['mb']:.0f}" if isinstance(rss, float) else "-"
            cells.append([name, f"{row['mb']:.0f}", str(row["status"]), f"{rss:.0f}" if rss else "-", ratio])
        title = f"Peak RSS of one 20 MB page (child process, address space capped at {args.rss_cap_mb} MB)"
        table(title, ["page", "MB", "result", "peak RSS MB", "x input"], cells)

    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
