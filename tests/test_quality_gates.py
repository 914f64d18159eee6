"""Project hygiene that users rely on: typed package, a version, lint-clean code."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleantext

ROOT = Path(__file__).resolve().parents[1]


def test_py_typed_ships_with_the_package() -> None:
    assert (Path(cleantext.__file__).parent / "py.typed").is_file()


def test_version_matches_the_distribution() -> None:
    assert cleantext.__version__ == importlib.metadata.version("cleantext-body")


def test_model_and_lexicons_ship_as_package_data() -> None:
    data = Path(cleantext.__file__).parent / "data"
    assert (data / "model" / "blocks.json").is_file()
    for lang in ("de", "en", "fr", "es", "it", "nl", "pt", "pl", "xx"):
        assert (data / "lexicons" / f"{lang}.txt").is_file(), lang


def test_ruff_is_clean() -> None:
    if shutil.which("ruff") is None and importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "training"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("module", ["cleantext", "cleantext.pipeline", "cleantext.fromhtml", "cleantext.examples"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
