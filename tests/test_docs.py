"""The documentation builds in strict mode, and every Python example in it runs.

(a) ``mkdocs build --strict`` into a temporary folder must succeed without a warning
    (a broken link, a failed docstring reference, a generated part that raises).  It is
    skipped only when mkdocs is not installed and not on CI; with ``CI=true`` it runs.
(b) Every fenced ```python block in ``docs/**/*.md`` and ``README.md`` is run, the
    blocks of one page in order and in one namespace, with the repository root as the
    working directory and ``__name__ == "__main__"``.  A block right after a
    ``<!-- no-test -->`` line is illustrative only and skipped; keep those rare.
    Every block also sees ``scraped_text``, the reference article, which the README's
    first example uses.  Shell blocks are not run.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
IN_CI = os.environ.get("CI", "").lower() == "true"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<code>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
NO_TEST = "<!-- no-test -->"


def _pages() -> list[Path]:
    pages = sorted(p for p in DOCS.rglob("*.md") if "_hooks" not in p.parts)
    return [*pages, ROOT / "README.md"]


def python_blocks(path: Path) -> list[tuple[int, str, bool]]:
    """(line number, code, skipped) of every ```python block of a page."""
    text = path.read_text(encoding="utf-8")
    out = []
    for match in FENCE.finditer(text):
        if match.group("lang") not in ("python", "py", "python3"):
            continue
        before = text[: match.start()].rstrip().rsplit("\n", 1)[-1].strip()
        line = text.count("\n", 0, match.start()) + 1
        indent = match.group("indent")
        code = "\n".join(c[len(indent) :] if c.startswith(indent) else c for c in match.group("code").split("\n"))
        out.append((line, code, before == NO_TEST))
    return out


# -- (a) the site builds in strict mode ---------------------------------------------
def test_mkdocs_builds_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        if IN_CI:
            pytest.fail("CI=true but mkdocs is not installed: install the 'docs' or 'test' extra")
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    log = run.stdout + run.stderr
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{log[-4000:]}"
    warnings = [line for line in log.splitlines() if re.match(r"^(WARNING|ERROR)\b", line)]
    assert not warnings, "\n".join(warnings)

    # the API pages came from the docstrings, and the generated parts were filled in
    api = (site / "api" / "cleantext" / "index.html").read_text(encoding="utf-8")
    assert "clean_document" in api and "Config" in api
    assert ":class:" not in api and 'href="#cleantext.Config' in api  # Sphinx roles became links
    how = (site / "how-it-works" / "index.html").read_text(encoding="utf-8")
    assert "(generated when the site is built)" not in how
    assert "step segment:" in how  # the explain() output of the reference article
    languages = (site / "languages" / "index.html").read_text(encoding="utf-8")
    assert "German" in languages and "<code>de</code>" in languages
    dask = (site / "api" / "dask" / "index.html").read_text(encoding="utf-8")
    assert "clean_bag" in dask


def test_every_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        rel = page.relative_to(DOCS).as_posix()
        if "_hooks" not in rel:
            assert rel in nav, f"{rel} is not in the nav of mkdocs.yml"


# -- (b) the examples run ------------------------------------------------------------
PAGES = _pages()
RUNNABLE = [p for p in PAGES if any(not skip for _, _, skip in python_blocks(p))]


def test_examples_are_found() -> None:
    blocks = {p.name: python_blocks(p) for p in PAGES}
    assert sum(len(b) for b in blocks.values()) >= 10
    assert ROOT / "README.md" in RUNNABLE
    skipped = sum(skip for b in blocks.values() for _, _, skip in b)
    total = sum(len(b) for b in blocks.values())
    assert skipped <= total // 3, f"{skipped} of {total} examples are marked no-test: keep those rare"


@pytest.mark.parametrize("page", RUNNABLE, ids=[p.relative_to(ROOT).as_posix() for p in RUNNABLE])
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [(line, code) for line, code, skip in python_blocks(page) if not skip]
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {
        "__name__": "__main__",
        "scraped_text": (ROOT / "tests" / "fixtures" / "article_de.txt").read_text(encoding="utf-8"),
    }
    with _registries_restored():
        for line, code in blocks:
            where = f"{page.relative_to(ROOT)}:{line}"
            try:
                exec(compile(code, where, "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"the example at {where} failed: {type(exc).__name__}: {exc}") from exc


@contextlib.contextmanager
def _registries_restored() -> Iterator[None]:
    """Steps and language backends that an example registers do not outlive it."""
    import cleantext.language
    import cleantext.pipeline

    cleantext.registered()  # loads the built-in steps first, so that they are kept
    registries = [
        r
        for r in (getattr(cleantext.pipeline, "_REGISTRY", None), getattr(cleantext.language, "_BACKENDS", None))
        if isinstance(r, dict)
    ]
    saved = [dict(r) for r in registries]
    try:
        yield
    finally:
        for registry, before in zip(registries, saved, strict=True):
            registry.clear()
            registry.update(before)
        cache_clear = getattr(cleantext.language.get_backend, "cache_clear", None)
        if cache_clear is not None:
            cache_clear()
