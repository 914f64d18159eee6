"""HTML in: the page's text with one block per line, made the way the classifier knows.

The converter is html-text (Zyte) with ``guess_layout=True``: one line per block
element, blank lines around paragraphs and headings, scripts and styles left out.
Half the pages the model was trained on were made this way.  It was chosen on
measurements of six converters on the HTML of the dev and snippet pages
(``benchmarks/bench_html.py --converters``; the figures are in docs/benchmarks.md):
it gives the best snippet F1 and is within 0.01 of the best dev F1.
"""

from __future__ import annotations

import re

__all__ = ["html_to_text", "looks_like_html"]

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")
#: the opening of an HTML document, or the tags of one
_DOCUMENT_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S
)
_TAG = re.compile(
    r"</?(?:html|head|body|div|p|span|a|br|li|ul|ol|table|tr|td|th|h[1-6]|nav|header|footer|section|"
    r"article|main|aside|script|style|meta|link|title|img|form|input|button)\b[^>]*>",
    re.I,
)
#: tags in the first :data:`SNIFF_CHARS` characters that make text read as HTML
MIN_TAGS = 5
SNIFF_CHARS = 4096


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page rather than plain text: it opens with a
    doctype or an ``<html>``/``<head>`` tag, or has at least :data:`MIN_TAGS` HTML
    tags in its first :data:`SNIFF_CHARS` characters.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Home | News\\nA line about <b> tags in prose.")
    False
    """
    head = text[:SNIFF_CHARS]
    return bool(_DOCUMENT_START.match(head)) or len(_TAG.findall(head)) >= MIN_TAGS


def html_to_text(html: str) -> str:
    """The text of an HTML page, one block per line, as :func:`cleantext.clean` reads it.

    Trailing spaces are stripped and runs of blank lines become one blank line.
    An empty or blank page gives ``""``.
    """
    if not isinstance(html, str):
        raise TypeError(f"cleantext expects str HTML, got {type(html).__name__}")
    if not html.strip():
        return ""
    import html_text

    text = html_text.extract_text(html, guess_layout=True)
    return _BLANK_RUN.sub("\n\n", _TRAILING_SPACE.sub("", text)).strip("\n")
