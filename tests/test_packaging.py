"""The package as published: ``python -m build`` without warnings, an sdist that carries
its tests' fixtures and the licence, and a wheel that, installed into a fresh virtual
environment, runs the README's quickstart and the sdist's own tests from another directory."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)


def section(title: str) -> str:
    """The text of a README section, up to the next ``## `` heading."""
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = [code.strip() for lang, code in FENCE.findall(section("Set up on a fresh machine")) if lang == "bash"]
    assert len(commands) == 2 and all(c.startswith("python3 -m venv .venv && ") for c in commands)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci


def test_license_file_and_spdx_expression() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject and 'license-files = ["LICENSE"]' in pyproject


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=900, check=False)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The sdist and wheel built from this tree, and the build's output."""
    if importlib.util.find_spec("build") is None:
        if IN_CI:
            pytest.fail("CI=true but build is not installed: it comes with the test extra")
        pytest.skip("build is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    # byte-compiling is a setting of the machine, not of the package: leave it on
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    log = _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out, env=env)
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel, log


def test_build_has_no_warnings(dist: tuple[Path, Path, str]) -> None:
    # pip's notes on this machine's package index settings are not the package's
    lines = [line for line in dist[2].splitlines() if not line.startswith("WARNING: Location '")]
    assert not [line for line in lines if "warning" in line.lower()], "\n".join(lines)


def test_sdist_carries_tests_fixtures_and_licence(dist: tuple[Path, Path, str]) -> None:
    with tarfile.open(dist[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
        info = sdist.extractfile(next(m for m in sdist.getmembers() if m.name.endswith("/PKG-INFO")))
        assert info is not None
        metadata = info.read().decode("utf-8")
    for path in ("LICENSE", "tests/fixtures/article_de.txt", "tests/fixtures/article_de.body.txt",
                 "tests/test_html.py", "src/cleantext/examples/bridge_en.html", "docs/index.md"):  # fmt: skip
        assert path in names, path
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Programming Language :: Python :: 3.10" in metadata
    assert "Project-URL: " in metadata


def test_wheel_in_a_fresh_venv_runs_the_quickstart_elsewhere(dist: tuple[Path, Path, str], tmp_path: Path) -> None:
    sdist, wheel, _ = dist
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
    assert "cleantext/examples/bridge_en.txt" in names and "cleantext/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)

    venv = tmp_path / "venv"
    # nothing of this tree may leak in: no PYTHONPATH, no active environment
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path, env=env)
    python = str(venv / "bin" / "python")
    _run([python, "-m", "pip", "install", "-q", str(wheel), "pytest"], cwd=tmp_path, env=env)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    quickstart = next(code for lang, code in FENCE.findall(section("Quickstart")) if lang == "python")
    out = _run([python, "-c", quickstart], cwd=elsewhere, env=env)
    assert out.startswith("en Riverside council votes to rebuild the old iron bridge")
    found = _run([python, "-c", "import cleantext; print(cleantext.__file__)"], cwd=elsewhere, env=env)
    assert str(venv) in found

    # the sdist's own tests, run against the installed wheel
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+ and the 3.10 security releases
            archive.extractall(tmp_path / "sdist", filter="data")
        else:  # our own sdist, just built
            archive.extractall(tmp_path / "sdist")
    (tree,) = (tmp_path / "sdist").iterdir()
    tests = ["tests/test_html.py", "tests/test_reference.py"]
    out = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=tree, env=env)
    assert re.search(r"\d+ passed", out) and "failed" not in out
