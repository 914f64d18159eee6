"""Headless Chromium for the report test and the docs screenshot (no Playwright).

``python tests/browser.py docs/img/report.png`` writes the screenshot of the visual
report of the packaged sample page that docs/how-it-works.md shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """The Chromium executable: $CHROMIUM, else the first of :data:`CANDIDATES` on PATH."""
    given = os.environ.get("CHROMIUM")
    if given:
        return given
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def chromium(page: Path, *args: str, timeout: float = 120) -> str:
    """Run headless Chromium on ``page`` with ``args``; its stdout (``--dump-dom`` prints the DOM)."""
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError("no Chromium found (apt-get install chromium, or set CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="cleantext-chromium-") as profile:
        result = subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def screenshot(out: Path, width: int = 1100, height: int = 1500) -> None:
    """The report of the packaged sample page (``cleantext.examples``), as a PNG."""
    import cleantext
    from cleantext import examples

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(cleantext.clean_document(examples.text()).to_html(), encoding="utf-8")
        chromium(page, f"--screenshot={out.resolve()}", f"--window-size={width},{height}")


if __name__ == "__main__":
    screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img/report.png"))
