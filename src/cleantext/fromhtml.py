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

__all__ = ["html_to_text", "looks_like_html", "without_control_characters"]

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")
#: the opening of an HTML document
_DOCUMENT_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S
)
#: a doctype or ``<html>`` tag near the start (after a wrapper tag, say)
_DOCUMENT_NEAR = re.compile(r"<(?:!doctype\s+html|html[\s>])", re.I)
_TAG = re.compile(r"<[A-Za-z!/][^<>]{0,2000}>")
#: how much of its start text must be tags to read as HTML without a doctype
MIN_MARKUP_SHARE = 0.3
SNIFF_CHARS = 20_000
NEAR_CHARS = 200


def markup_share(text: str) -> float:
    """The share of the first :data:`SNIFF_CHARS` characters that are inside tags."""
    head = text[:SNIFF_CHARS]
    return sum(len(tag) for tag in _TAG.findall(head)) / max(1, len(head))


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page rather than plain text: it opens with a doctype
    or an ``<html>``/``<head>`` tag (or has a doctype or ``<html>`` in its first
    :data:`NEAR_CHARS` characters), or at least :data:`MIN_MARKUP_SHARE` of its start
    is tags.

    Scraped text that quotes some markup (an ad's ``<script>``, a code sample) is not
    HTML: on the 937 dev and snippet pages this takes 1 text for HTML and misses 11 of
    the HTML pages (old pages with no doctype and little markup), where a count of five
    tags took 11 texts for HTML.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Home | News\\nA line about <b> tags in prose.")
    False
    """
    if _DOCUMENT_START.match(text[:SNIFF_CHARS]) or _DOCUMENT_NEAR.search(text[:NEAR_CHARS]):
        return True
    return markup_share(text) >= MIN_MARKUP_SHARE


#: characters XML does not allow (lxml refuses to build a tree with them): controls
#: other than tab, line feed and carriage return, and the two non-characters of the BMP
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_control_characters(html: str) -> str:
    """``html`` with the characters XML does not allow taken out (a page that holds
    them would otherwise stop lxml halfway); page text never needs them."""
    return _NOT_XML.sub("", html) if _NOT_XML.search(html) else html


#: a numeric character reference to one of them (``&#26;``, ``&#x1f;``, ``&#65535;``)
CONTROL_REFERENCE = re.compile(r"&#(?:0*(?:[0-9]|[12][0-9]|3[01]|6553[45])|[xX]0*(?:1?[0-9a-fA-F]|[fF]{3}[eEfF]));?")


def without_control_references(tree: object) -> None:
    """Take the characters XML does not allow out of the text of ``tree`` (a parsed
    page): a character reference such as ``&#26;`` puts one there, and lxml refuses
    to set a text that holds one."""
    for el in tree.iter():  # type: ignore[attr-defined]
        if isinstance(el.tag, str) and el.text and _NOT_XML.search(el.text):
            el.text = _NOT_XML.sub("", el.text)
        if el.tail and _NOT_XML.search(el.tail):
            el.tail = _NOT_XML.sub("", el.tail)


def without_titles(tree: object) -> None:
    """Take the ``<title>`` elements out of a parsed page: the browser shows the page's
    title in its tab, not on the page, and it repeats the headline with the site's name."""
    for element in list(tree.iter("title")):  # type: ignore[attr-defined]
        element.drop_tree()


def html_to_text(html: str) -> str:
    """The text of an HTML page, one block per line, as :func:`cleantext.clean` reads it.

    Trailing spaces are stripped and runs of blank lines become one blank line; the
    page's ``<title>`` is left out (it is not shown on the page).
    An empty or blank page gives ``""``.
    """
    if not isinstance(html, str):
        raise TypeError(f"cleantext expects str HTML, got {type(html).__name__}")
    html = without_control_characters(html)
    if not html.strip():
        return ""
    import html_text

    tree = html_text.parse_html(html)
    without_titles(tree)
    text = html_text.extract_text(tree, guess_layout=True)
    if _NOT_XML.search(text):  # a character reference to a control character
        without_control_references(tree)  # (extract_text cleans a copy: the tree is as parsed)
        text = html_text.extract_text(tree, guess_layout=True)
    return _BLANK_RUN.sub("\n\n", _TRAILING_SPACE.sub("", text)).strip("\n")
