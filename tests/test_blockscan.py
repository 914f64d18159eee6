"""The compiled pass (numba) gives the same counts and words as the numpy one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import blockscan, clean
from cleantext.charclass import code_points, line_bounds
from cleantext.features import COUNTED, char_counts_numpy

FIXTURE = Path(__file__).parent / "fixtures" / "article_de.txt"

needs_numba = pytest.mark.skipif(not blockscan.available(), reason="numba is not installed")

# characters each test of COUNTED reads: letters of both cases, digits, a script
# without spaces and Hangul, CJK beyond the BMP and emoji, terminals, separators,
# quotes, currency, tag signs, spaces and a lone surrogate
ALPHABET = 'aZéÖß09٣漢字カ한국𠀀😀.!?…。,;:"„»«|•·›/>–$€#@-_ \t\u00a0\ud800'


def both(texts: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    cps = code_points("\n".join(texts))
    starts, ends = line_bounds(cps)
    compiled = blockscan.scan_blocks(cps, starts, ends)
    assert compiled is not None
    return list(compiled), list(char_counts_numpy(cps, starts, ends))


def assert_same(texts: list[str]) -> None:
    compiled, reference = both(texts)
    names = ["counts", "word starts", "word ends", "word hashes", "word blocks"]
    for name, got, want in zip(names, compiled, reference, strict=True):
        assert got.shape == want.shape, name
        assert np.array_equal(got, want), (name, texts)


@needs_numba
def test_the_reference_article_scans_the_same() -> None:
    texts = [line for line in FIXTURE.read_text(encoding="utf-8").split("\n") if line]
    assert_same(texts)
    counts = both(texts)[0][0]
    assert counts.shape == (len(COUNTED), len(texts))
    assert counts[COUNTED.index("letter")].sum() > 1000  # it counted something real


@needs_numba
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=40), min_size=1, max_size=12))
def test_any_blocks_scan_the_same(texts: list[str]) -> None:
    assert_same(texts)


@needs_numba
def test_edges_scan_the_same() -> None:
    # a sign at the very end, a word running to the end, a block as long as 2**16
    assert_same(["#", "@x", "word"])
    assert_same(["x" * 70_000 + " end.", "#tag"])
    assert_same(["漢", "한", "😀", "𠀀x"])


def run(code: str, **env: str) -> str:
    src = str(Path(__file__).resolve().parents[1] / "src")
    environ = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), **env}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=True)
    return out.stdout


@needs_numba
def test_the_numpy_path_can_be_chosen_and_gives_the_same_body() -> None:
    code = (
        "import sys; from cleantext import blockscan, clean; "
        f"print(blockscan.available()); sys.stdout.write(clean(open({str(FIXTURE)!r}, encoding='utf-8').read()))"
    )
    numpy_path = run(code, CLEANTEXT_NO_NUMBA="1")
    assert numpy_path.startswith("False\n")
    assert numpy_path.split("\n", 1)[1] == clean(FIXTURE.read_text(encoding="utf-8"))
    assert run(code, CLEANTEXT_NO_NUMBA="0").startswith("True\n")
