"""The visual report (Document.to_html, --format html): its content, and in a real
headless Chromium that it renders, kept and dropped blocks in their colours, each
dropped block with its reason visible beside it and on hover."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

import cleantext
from browser import chromium, find_chromium

FIXTURES = Path(__file__).parent / "fixtures"
RAW = (FIXTURES / "article_de.txt").read_text(encoding="utf-8")
IN_CI = os.environ.get("CI", "").lower() == "true"

#: run in the browser after load; writes what it measured into <body data-check>
CHECK = """<script>
window.addEventListener('load', () => {
  const out = {blocks: []};
  for (const b of document.querySelectorAll('.block')) {
    const why = b.querySelector('.why').getBoundingClientRect();
    const text = b.querySelector('.text').getBoundingClientRect();
    out.blocks.push({kept: b.classList.contains('kept'), bg: getComputedStyle(b).backgroundColor,
      why: b.querySelector('.why').innerText, why_w: why.width, beside: why.left >= text.right, title: b.title});
  }
  out.language = document.getElementById('language').innerText;
  out.steps = document.querySelectorAll('#steps li').length;
  document.body.setAttribute('data-check', JSON.stringify(out));
});
</script>"""


def test_report_holds_every_block_with_its_reason() -> None:
    doc = cleantext.clean_document(RAW)
    page = doc.to_html()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("<main>")[0]
    assert page.count('class="block kept"') == len(doc.kept) == 15
    assert page.count('class="block dropped"') == len(doc.dropped)
    for block in doc.dropped:
        assert f'data-reason="{html.escape(block.reason)}"' in page
    assert "language: <b>de</b>" in page and all(html.escape(r.summary) in page for r in doc.reports)


def test_report_escapes_the_page_text() -> None:
    page = cleantext.clean_document("<script>alert(1)</script>\n" + RAW).to_html()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    if find_chromium() is None:
        if IN_CI:
            pytest.fail("CI=true but Chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    doc = cleantext.clean_document(RAW)
    page = tmp_path / "report.html"
    page.write_text(doc.to_html().replace("</body>", CHECK + "</body>"), encoding="utf-8")
    dom = chromium(page, "--dump-dom", "--window-size=1200,900")
    match = re.search(r'data-check="([^"]*)"', dom)
    assert match, dom[:2000]
    seen = json.loads(html.unescape(match[1]))
    assert [b["kept"] for b in seen["blocks"]] == [b.keep for b in doc.blocks]
    assert {b["bg"] for b in seen["blocks"] if b["kept"]} == {"rgb(230, 255, 237)"}
    assert {b["bg"] for b in seen["blocks"] if not b["kept"]} == {"rgb(255, 240, 240)"}
    for block, shown in zip(doc.blocks, seen["blocks"], strict=True):
        if not block.keep:  # the label and reason beside the text, and on hover
            assert shown["why"] == f"{block.label}: {block.reason}"
            assert shown["why_w"] > 0 and shown["beside"]
            assert block.reason in shown["title"]
    assert seen["language"].startswith("language: de") and seen["steps"] == len(doc.reports)
