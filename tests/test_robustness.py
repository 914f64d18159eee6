"""Guards against pathological input: huge lines, many lines, hostile strings for the regexes.

Each case must finish well within a generous bound of CPU time (the child's own, which
other processes on a shared machine do not stretch) and without a memory blow-up.
These are guards, not benchmarks (``benchmarks/bench_speed.py`` checks that time grows
linearly).  The cases run in one child process, so that its peak RSS (``ru_maxrss``)
measures cleantext alone, after the models are loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

#: CPU seconds one case may take (a guard against a hang: typical is well under a second or two)
TIME_LIMIT = 10.0
#: growth of the child's peak RSS over its warmed-up size, in MB
MEMORY_LIMIT_MB = 1500

_SENTENCE = "The council approved the new budget for the school district on Tuesday evening. "
_WORDS = (
    "the council approved a new budget for school district on tuesday evening after long debate about "
    "teachers buildings roads parks library hospital water energy prices families children city mayor "
    "members voted plan which would raise taxes slightly while funding repairs and more staff in the coming "
    "year residents said they were worried that costs could rise but many welcomed the decision"
).split()
_MOJIBAKE_LINE = "Die GrÃ¶ÃŸe der StraÃŸe ist schÃ¶n, sagte JÃ¼rgen â€“ â€žwirklichâ€œ."

#: name -> Python expression building the input (evaluated in the child)
CASES: dict[str, str] = {
    # prose made of varied sentences (seeded): a page of one sentence over and over
    # reads as duplicated boilerplate once the line is cut into sentence-sized pieces
    "5MB single line": f"(lambda r: ''.join(' '.join(r.choice({_WORDS!r}) for _ in range(r.randint(12, 25)))"
    ".capitalize() + '. ' for _ in range(40_000)))(__import__('random').Random(1))",
    "200k short lines": "'\\n'.join(('Home', 'News item', 'A short line here.', '')[i % 4] for i in range(200_000))",
    "50k prose lines": f"'\\n'.join([{_SENTENCE.strip()!r}] * 50_000)",
    "1M chars without a space": "('abcdefghij' * 100_000)",
    "1M x": "'x' * 1_000_000",
    "'a,' * 500k": "'a,' * 500_000",
    "'(' * 1M": "'(' * 1_000_000",
    "'Ã' * 100k mixed with '©'": "''.join('Ã' if (i * 7919) % 3 else '©' for i in range(200_000))",
    "'Ã©' * 500k": "'Ã©' * 500_000",
    "'Ã ' * 500k": "'Ã ' * 500_000",
    "mojibake on 20k lines": f"'\\n'.join([{_MOJIBAKE_LINE!r}] * 20_000)",
    "'#' * 1M": "'#' * 1_000_000",
    "'#tag ' * 200k": "'#tag ' * 200_000",
    "'#' lines": "'\\n'.join(['#' * 50] * 50_000)",
    "1M newlines": "'\\n' * 1_000_000",
    "1M carriage returns": "'\\r' * 1_000_000",
    "'. ' * 500k": "'. ' * 500_000",
    "'- ' bullets": "'\\n'.join(['- '] * 200_000)",
    "1M spaces and nbsp": "' \\xa0' * 500_000",
    "zero-width * 1M": "'a\\u200b' * 500_000",
    "URL 1M": "'https://example.com/' + 'a/' * 500_000",
    "'@' * 1M": "'@' * 1_000_000",
    "'a@' * 500k": "'a@' * 500_000",
    "'@a.' lines": "'\\n'.join(['x@a.' * 20] * 20_000)",
    "capitalised names": "'\\n\\n'.join(['Jane\\nDoe'] * 50_000)",
    "lower-case continuation lines": "'\\n'.join(['word and'] * 200_000)",
}

_CHILD = """
import json, resource, sys, time
import cleantext

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

cleantext.clean("Warm up the models. " * 20 + "\\nHome\\nNews")
base = rss_mb()
cases = json.loads(sys.stdin.read())
results = {}
for name, expr in cases.items():
    text = eval(expr)
    start = time.process_time()
    out = cleantext.clean(text)
    seconds = time.process_time() - start
    results[name] = {
        "seconds": seconds,
        "rss_growth_mb": rss_mb() - base,
        "chars_in": len(text),
        "chars_out": len(out),
        "is_str": isinstance(out, str),
    }
    del text, out
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    if sys.platform != "linux":  # pragma: no cover
        pytest.skip("ru_maxrss in kB is Linux-specific")
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(CASES),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_is_handled(results: dict[str, dict], case: str) -> None:
    r = results[case]
    assert r["is_str"]
    assert r["seconds"] < TIME_LIMIT, f"{case}: {r['seconds']:.1f} CPU-s"
    # peak RSS is monotone over the run: the first case over the limit is the culprit
    assert r["rss_growth_mb"] < MEMORY_LIMIT_MB, f"{case}: peak RSS grew by {r['rss_growth_mb']:.0f} MB"


def test_output_is_never_longer_than_the_input(results: dict[str, dict]) -> None:
    for case, r in results.items():
        assert r["chars_out"] <= r["chars_in"], case


def test_huge_prose_line_is_kept(results: dict[str, dict]) -> None:
    # one 5 MB line of plain prose: nothing about its size should make it vanish.  The
    # layout step cuts it into sentence-sized pieces that are judged one by one (a
    # one-line page mixes menus and prose), so not every piece need stay, but most do
    r = results["5MB single line"]
    assert r["chars_out"] >= 0.5 * r["chars_in"]


def test_only_separators_give_nothing(results: dict[str, dict]) -> None:
    for case in ("1M newlines", "1M carriage returns", "1M spaces and nbsp"):
        assert results[case]["chars_out"] == 0, case
