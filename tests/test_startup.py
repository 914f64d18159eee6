"""Start-up: ``import cleantext`` and ``cleantext --help`` load only what they need.

The heavy optional parts load on first use: ftfy on the first page that needs an
encoding repair, stopwordsiso's lists on the first page, the progress line when one is shown.
Times are in benchmarks/bench_speed.py (no time limits in tests); this checks
what is imported, which is what the time depends on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cleantext

#: Modules that a start-up must not import.
LAZY = ("ftfy", "stopwordsiso", "cleantext.progress", "numba", "llvmlite")


def loaded_after(code: str) -> list[str]:
    # the cleantext under test, where it is (the checkout, or an installed wheel)
    src = str(Path(cleantext.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(m for m in {LAZY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return out.stdout.split()


def test_import_loads_no_heavy_optional_part() -> None:
    assert loaded_after("import cleantext") == []


def test_help_loads_no_heavy_optional_part() -> None:
    code = "import contextlib, io\nfrom cleantext.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
    code += "    try:\n        main(['--help'])\n    except SystemExit:\n        pass"
    assert loaded_after(code) == []


def test_they_load_when_a_page_needs_them() -> None:
    # a page with mojibake: ftfy repairs it, and the stopword lists are read
    code = "import cleantext\nassert 'Größe' in cleantext.clean('Die GrÃ¶ÃŸe der StraÃŸe ist schÃ¶n, sagte er.')"
    assert loaded_after(code) == ["ftfy", "stopwordsiso"]
