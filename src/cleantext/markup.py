"""What an HTML page says about each line of its text: link text, page regions, block tags.

:func:`html_lines` converts HTML to text as :func:`cleantext.fromhtml.html_to_text`
does (html-text, one line per block element) and gives, beside the text, a row of
numbers for each line: the share of its characters that sit inside a link, inside a
``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` or ``<article>``/``<main>`` (or the
same ARIA role), inside an element whose class or id names a boilerplate region, a
content region or comments (the words are in ``data/markup/attributes.txt``; the
class and id of ``<html>`` and ``<body>`` name the page, not a region, and are not read), and
inside a heading, list item, table cell, paragraph, preformatted block, quotation or
form, inside a figure or caption, and inside a ``<time>``, an ``<address>`` or an
element whose class names a byline or a date; and how near it sits to the page's
densest element (:func:`density_grades`: the element whose paragraphs weigh most, as
Readability finds its article, 1 inside it).  The ``markup`` step reads them
(:mod:`cleantext.filters.markup`).

How: every run of text in the cleaned tree gets one private-use character in front
of it that names the run; html-text converts the marked tree; each line's characters
are counted per run, and the markers are taken out again.  The text is the same as
:func:`~cleantext.fromhtml.html_to_text` gives, character for character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .fromhtml import (
    _TRAILING_SPACE,
    CONTROL_REFERENCE,
    without_control_characters,
    without_control_references,
    without_titles,
)

__all__ = ["COLUMNS", "HtmlText", "html_lines"]

#: The columns of a line's row, in order.
COLUMNS: tuple[str, ...] = (
    "link",
    "nav",
    "header",
    "footer",
    "aside",
    "article",
    "boilerplate_attr",
    "content_attr",
    "comment_attr",
    "heading",
    "list_item",
    "cell",
    "paragraph",
    "pre",
    "quote",
    "form",
    "figure",
    "meta",
    "densest",
)
#: The columns that say what kind of element a run sits in (a bit of the run); the last,
#: ``densest``, is a grade from 0 to 1 (:func:`density_grades`).
_FLAG_COLUMNS = COLUMNS[:-1]
_BIT = {name: 1 << i for i, name in enumerate(_FLAG_COLUMNS)}
_TAGS = {
    "a": "link",
    "nav": "nav",
    "header": "header",
    "footer": "footer",
    "aside": "aside",
    "article": "article",
    "main": "article",
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    **dict.fromkeys(("li", "dt", "dd"), "list_item"),
    **dict.fromkeys(("td", "th"), "cell"),
    "p": "paragraph",
    "pre": "pre",
    "code": "pre",
    "blockquote": "quote",
    **dict.fromkeys(("form", "button", "select", "option", "label", "input", "textarea"), "form"),
    **dict.fromkeys(("figure", "figcaption", "picture"), "figure"),
    **dict.fromkeys(("time", "address"), "meta"),
}
_ROLES = {
    "navigation": "nav",
    "menu": "nav",
    "menubar": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "main": "article",
    "article": "article",
}
_SECTIONS = {
    "boilerplate": "boilerplate_attr",
    "content": "content_attr",
    "comments": "comment_attr",
    "figure": "figure",
    "meta": "meta",
}
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# runs are named by characters of the two supplementary private-use planes
_PLANE15, _PLANE16, _PER_PLANE = 0xF0000, 0x100000, 65534
MAX_RUNS = 2 * _PER_PLANE
_MARKER = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
# a run's marker goes after its leading spaces and the punctuation html-text puts no
# space before (its ``_has_punct_after``), so that the text comes out the same
_LEAD = re.compile(r'\s*[,:;.!?")]*')
# line breaks the normalize step would make: spaces here, so the rows stay line for line
_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class HtmlText:
    """An HTML page's text and, for each of its lines, a row of :data:`COLUMNS`.

    Attributes:
        text: the page's text, one block per line (as ``html_to_text`` gives it).
        rows: a float32 array of shape ``(number of lines, len(COLUMNS))``: for each
            line, the share of its non-space characters inside each kind of element.
        elements: for each line, the element its longest run of text belongs to (its
            number in document order), or -1.
        ends: for each element, the number after its last descendant: element ``e``
            holds elements ``e`` to ``ends[e] - 1``.
        parents: for each element, the number of its parent element, or -1.
    """

    text: str
    rows: np.ndarray
    elements: np.ndarray
    ends: np.ndarray
    parents: np.ndarray

    def head(self, lines: int) -> HtmlText:
        """The rows of the first ``lines`` lines (for a page cut to its first lines)."""
        return HtmlText(self.text, self.rows[:lines], self.elements[:lines], self.ends, self.parents)


@lru_cache(maxsize=1)
def _attribute_words() -> dict[str, int]:
    """Each class/id word of ``data/markup/attributes.txt`` with the bits it sets."""
    words: dict[str, int] = {}
    section = ""
    text = resources.files("cleantext").joinpath("data/markup/attributes.txt").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in _SECTIONS:
                raise ValueError(f"attributes.txt: unknown section [{section}]")
        elif line:
            for word in line.split():
                words[word] = words.get(word, 0) | _BIT[_SECTIONS[section]]
    return words


#: Tags whose class and id name the whole page (its template, its type: a WordPress
#: ``<body class="single-post has-sidebar">``), not a region of it: not read, or every
#: line of the page sits in a "post" and a "sidebar" (read, boilerplate words covered
#: over 95% of the text on 19% of the benchmark pages and comment words on 0.7%;
#: unread, on 11% and none).
_PAGE_TAGS = frozenset(("html", "body"))
#: Each tag's bits, and the bits of each ARIA role.
_TAG_BITS = {tag: _BIT[name] for tag, name in _TAGS.items()}
_ROLE_BITS = {role: _BIT[name] for role, name in _ROLES.items()}


def _attribute_bits(names: str, words: dict[str, int], cache: dict[str, int]) -> int:
    """The bits a class and id string sets (each string read once per page)."""
    bits = cache.get(names)
    if bits is None:
        bits = 0
        for word in _WORD_SPLIT.split(names.lower()):
            bits |= words.get(word, 0)
        cache[names] = bits
    return bits


def _marker(run: int) -> str:
    return chr(_PLANE15 + run) if run < _PER_PLANE else chr(_PLANE16 + run - _PER_PLANE)


def _run_of(marker: str) -> int:
    code = ord(marker)
    return code - _PLANE15 if code < _PLANE16 else code - _PLANE16 + _PER_PLANE


def _marked(text: str, run: int) -> str | None:
    """``text`` with the marker of ``run`` after its leading spaces and punctuation,
    or ``None`` if it has nothing else."""
    start = _LEAD.match(text).end()  # type: ignore[union-attr]
    return None if start >= len(text) else text[:start] + _marker(run) + text[start:]


def _mark_tree(tree: Any) -> tuple[list[int], list[float], list[int], list[int], list[int]]:
    """Put a marker in front of every run of text in ``tree``; the bits of each run,
    its density grade (the highest :func:`density_grades` gives its element or one of
    their ancestors), the element each run belongs to (its number in document order),
    each element's end (the number after its last descendant) and each element's parent."""
    from lxml import etree

    grades = density_grades(tree)
    words = _attribute_words()
    cache: dict[str, int] = {}
    bits: list[int] = []
    run_grades: list[float] = []
    owners: list[int] = []
    ends: list[int] = []
    parents: list[int] = []
    flags_of = [0]  # the bits in force inside each open element, the outermost first
    grade_of = [0.0]  # and the grade
    numbers = [-1]  # the numbers of the open elements

    def mark(el: Any, text: str, flags: int, grade: float, owner: int, tail: bool) -> None:
        if len(bits) >= MAX_RUNS:
            return
        marked = _marked(text, len(bits))
        if marked is None:
            return
        if tail:
            el.tail = marked
        else:
            el.text = marked
        bits.append(flags)
        run_grades.append(grade)
        owners.append(owner)

    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            flags = flags_of[-1]
            tag = el.tag
            if isinstance(tag, str):
                flags |= _TAG_BITS.get(tag, 0)
                attrib = el.attrib
                if attrib:
                    role = attrib.get("role")
                    if role:
                        flags |= _ROLE_BITS.get(role.lower(), 0)
                    names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}"
                    if names != " " and tag not in _PAGE_TAGS:
                        flags |= _attribute_bits(names, words, cache)
            number = len(ends)
            ends.append(0)
            parents.append(numbers[-1])
            flags_of.append(flags)
            grade_of.append(max(grade_of[-1], grades.get(el, 0.0)))
            numbers.append(number)
            text = el.text if isinstance(tag, str) else None
            if text and not text.isspace():
                mark(el, text, flags, grade_of[-1], number, False)
        else:
            flags_of.pop()
            grade_of.pop()
            ends[numbers.pop()] = len(ends)
            tail = el.tail
            if tail and el is not tree and not tail.isspace():
                mark(el, tail, flags_of[-1], grade_of[-1], numbers[-1], True)
    return bits, run_grades, owners, ends, parents


#: Tags whose text is a paragraph of the page for :func:`element_weights` (so is the
#: text a ``<div>`` holds itself, outside its child elements).
_PARAGRAPH_TAGS = frozenset(("p", "pre", "td"))
#: A paragraph counts from this many characters on.
PARAGRAPH_CHARS = 25
#: How many ancestors above a paragraph share its weight (the parent all of it, the
#: grandparent half, the next ones a third of it divided by how far up they are).
PARAGRAPH_REACH = 5
#: What an element's tag adds to its weight when a paragraph first reaches it.
_TAG_WEIGHT = {
    "div": 5,
    "article": 10,
    "main": 10,
    "section": 3,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    **dict.fromkeys(("address", "ol", "ul", "dl", "dd", "dt", "li", "form"), -3),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6", "th"), -5),
    **dict.fromkeys(("nav", "footer", "aside", "header"), -25),
}
#: What a class or id word of a content region adds (a boilerplate or comment word: the same taken off).
ATTRIBUTE_WEIGHT = 25


def _paragraph_weight(chars: int, commas: int) -> float:
    """What a paragraph of ``chars`` characters with ``commas`` commas adds to its ancestors."""
    return 1.0 + commas + min(chars // 100, 3)


def _start_weight(el: Any, words: dict[str, int], cache: dict[str, int]) -> float:
    """An element's weight before its paragraphs: by its tag, and by its class and id."""
    weight = float(_TAG_WEIGHT.get(el.tag, 0))
    if el.tag in _PAGE_TAGS:
        return weight
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    bits = _attribute_bits(names, words, cache) if names != " " else 0
    if bits & (_BIT["boilerplate_attr"] | _BIT["comment_attr"]):
        weight -= ATTRIBUTE_WEIGHT
    if bits & _BIT["content_attr"]:
        weight += ATTRIBUTE_WEIGHT
    return weight


def _text_size(text: str | None) -> tuple[int, int]:
    """The characters (not counting spaces) and commas of a text."""
    if not text or text.isspace():
        return 0, 0
    return len(text) - sum(map(text.count, " \t\n\r")), text.count(",")


def density_grades(tree: Any) -> dict[Any, float]:
    """How near each element of ``tree`` comes to the page's densest one: its weight
    (:func:`element_weights`) as a share of the heaviest's, from 0 to 1.  The heaviest
    has 1 (and so has all it holds); its ancestors, which hold it and more, and elements
    of no weight are left out (they have 0 unless inside one that has more).

    The article is where the paragraphs are: a reader's comment or a teaser's line
    that the block model scores as body sits outside the heaviest element, and the
    article's short paragraphs it scores low sit inside it.  Held out (the markup model
    fit on train/ pages, 20 networks), the grade moved the dev sets from HTML from
    0.9349 to 0.9370 (dev) and 0.9054 to 0.9106 (snippets).
    """
    final = element_weights(tree)
    if not final:
        return {}
    best = max(final, key=final.__getitem__)
    if best.tag in ("body", "html"):
        # the page's paragraphs have no element of their own (bare paragraphs in the
        # body): every line is inside the heaviest, and the grade says nothing
        return {}
    top = final[best]
    if top <= 0:
        return {best: 1.0}
    holding = set(best.iterancestors())
    return {el: min(1.0, weight / top) for el, weight in final.items() if weight > 0 and el not in holding}


def element_weights(tree: Any) -> dict[Any, float]:
    """What each element that holds a paragraph weighs, as Readability scores the
    candidates for a page's article.

    Every paragraph (:data:`_PARAGRAPH_TAGS`, or a ``<div>``'s own text) of at least
    :data:`PARAGRAPH_CHARS` characters (not counting spaces) adds
    :func:`_paragraph_weight` to its ancestors (:data:`PARAGRAPH_REACH`); an element
    starts from the weight of its tag and class (:func:`_start_weight`) and ends
    times the share of its text outside links.  An element no paragraph reaches has
    no weight.  One pass over the tree, each element's text counted once.
    """
    from lxml import etree

    words = _attribute_words()
    cache: dict[str, int] = {}
    weights: dict[Any, float] = {}
    # for each open element: its characters, its characters in links, its commas, its own characters
    open_: list[Any] = []
    sizes: list[list[int]] = []
    final: dict[Any, float] = {}
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            chars, commas = _text_size(el.text) if isinstance(el.tag, str) else (0, 0)
            open_.append(el)
            sizes.append([chars, 0, commas, chars])
            continue
        open_.pop()
        chars, links, commas, own = sizes.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "a":
            links = chars
        paragraph = chars if tag in _PARAGRAPH_TAGS else own if tag == "div" else 0
        if paragraph >= PARAGRAPH_CHARS:
            weight = _paragraph_weight(paragraph, commas)
            # a div's own text is a paragraph inside it: the div is its parent
            chain = [el, *reversed(open_)] if tag == "div" else list(reversed(open_))
            for level, ancestor in enumerate(chain[:PARAGRAPH_REACH]):
                if ancestor not in weights:
                    weights[ancestor] = _start_weight(ancestor, words, cache)
                weights[ancestor] += weight if level == 0 else weight / 2 if level == 1 else weight / (3 * level)
        if el in weights:
            final[el] = weights[el] * (1.0 - links / max(chars, 1))
        if sizes:
            parent = sizes[-1]
            tail, tail_commas = _text_size(el.tail)
            parent[0] += chars + tail
            parent[1] += links
            parent[2] += commas + tail_commas
            parent[3] += tail
    return final


def html_lines(html: str) -> HtmlText:
    """The text of an HTML page, one block per line, with a row of :data:`COLUMNS` per line.

    An empty or blank page gives empty text and no rows.  Private-use characters of
    planes 15 and 16 (the markers) and the characters XML does not allow are taken out
    of the page first.
    """
    if not isinstance(html, str):
        raise TypeError(f"cleantext expects str HTML, got {type(html).__name__}")
    none = np.zeros(0, dtype=np.int64)
    empty = HtmlText("", np.zeros((0, len(COLUMNS)), np.float32), none, none, none)

    html = without_control_characters(_MARKER.sub("", html))
    if not html.strip():
        return empty
    import html_text

    tree = html_text.parse_html(html)
    try:
        tree = html_text.cleaner.clean_html(tree)
    except AssertionError:  # an lxml bug on some pages; html-text falls back the same way
        pass
    without_titles(tree)
    if CONTROL_REFERENCE.search(html):
        without_control_references(tree)
    bits, grades, owners, ends, parents = _mark_tree(tree)
    marked = _BREAKS.sub(" ", html_text.etree_to_text(tree, guess_layout=True))
    lines, rows, best = _lines_and_rows(marked, np.asarray(bits, dtype=np.int64), np.asarray(grades))
    if not lines:
        return empty
    own = np.asarray([*owners, -1], dtype=np.int64)[np.asarray(best, dtype=np.int64)]
    numbered = np.asarray(ends, dtype=np.int64), np.asarray(parents, dtype=np.int64)
    return HtmlText("\n".join(lines), rows, own, *numbered)


def _lines_and_rows(marked: str, bits: np.ndarray, grades: np.ndarray) -> tuple[list[str], np.ndarray, list[int]]:
    """The lines without markers (trailing spaces stripped, one blank line at most
    between lines, none at the ends) and each line's share of characters per column."""
    which: list[int] = []  # for every counted piece: its line, its run, its characters
    runs: list[int] = []
    counts: list[int] = []
    lines: list[str] = []
    best: list[int] = []
    run = -1
    for line in _TRAILING_SPACE.sub("", marked).split("\n"):
        pieces = _MARKER.split(line)
        markers = _MARKER.findall(line)
        clean = "".join(pieces)
        if not clean.strip():
            if lines and lines[-1]:
                lines.append("")
                best.append(-1)
            if markers:
                run = _run_of(markers[-1])
            continue
        number = len(lines)
        lines.append(clean)
        top, top_chars = -1, 0
        for i, piece in enumerate(pieces):
            if i:
                run = _run_of(markers[i - 1])
            chars = len(piece) - piece.count(" ")
            if chars and run >= 0:
                which.append(number)
                runs.append(run)
                counts.append(chars)
                if chars > top_chars:
                    top, top_chars = run, chars
        best.append(top)
    while lines and not lines[-1]:
        lines.pop()
        best.pop()
    rows = np.zeros((len(lines), len(COLUMNS)), np.float32)
    if not counts:
        return lines, rows, best
    line_of = np.asarray(which)
    weight = np.asarray(counts, dtype=np.float64)
    total = np.bincount(line_of, weight, minlength=len(lines))
    flags = bits[np.asarray(runs)]
    for col in range(len(_FLAG_COLUMNS)):
        on = (flags >> col) & 1
        rows[:, col] = np.bincount(line_of, weight * on, minlength=len(lines))
    rows[:, len(_FLAG_COLUMNS)] = np.bincount(line_of, weight * grades[np.asarray(runs)], minlength=len(lines))
    rows /= np.maximum(total, 1.0)[:, None]
    return lines, rows, best
