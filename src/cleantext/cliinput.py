"""What the command line does to its inputs before and after cleaning them: HTML
detection and conversion, leaving its own outputs out, and the per-page report of ``-v``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .document import Document
from .fromhtml import looks_like_html
from .markup import HtmlText, html_lines

__all__ = ["AUTO_HTML_NOTE", "page_report", "prepare", "split_outputs"]

AUTO_HTML_NOTE = "looks like HTML: converted it to text with html-text first (--no-html: clean it as text)"


def prepare(text: str, html: bool | None) -> tuple[str, HtmlText | None, str | None]:
    """The text to clean, what its HTML says about each line (for HTML input; the
    ``markup`` argument of :meth:`~cleantext.Pipeline.run`), and a note for the user
    (or ``None``).

    ``html=True`` converts ``text`` as HTML, ``False`` leaves it alone, ``None`` converts
    it only if :func:`~cleantext.fromhtml.looks_like_html`, and then says so.
    """
    if html is True or (html is None and looks_like_html(text)):
        page = html_lines(text)
        return page.text, page, None if html else AUTO_HTML_NOTE
    return text, None, None


def split_outputs(names: Sequence[str], suffixes: Iterable[str]) -> tuple[list[str], list[str]]:
    """``names`` split into inputs and files that are cleantext outputs (their name
    ends in one of ``suffixes``, such as ``.body.txt``), which are never cleaned again."""
    ends = tuple(suffixes)
    inputs = [n for n in names if n == "-" or not n.endswith(ends)]
    return inputs, [n for n in names if n != "-" and n.endswith(ends)]


def page_report(doc: Document) -> str:
    """One page's ``-v`` report: language, what each step did, blocks kept."""
    kept = sum(b.keep for b in doc.blocks)
    lines = [
        f"language {doc.language or 'unknown'} ({doc.language_confidence:.2f}), kept {kept} of {len(doc.blocks)} blocks"
    ]
    lines += [f"  {r.step}: {r.summary}" for r in doc.reports]
    return "\n".join(lines)
