"""Read the page's layout: markdown markup, text-browser wraps, table borders and
lines too long to judge whole, so that every converter's text reaches the
segmenter as lines of plain text.

Each output line remembers the input lines it came from (``doc.origin``), so that
the body can be given back with its markdown (:attr:`Document.markdown`) and the
pieces of one long line rejoin in the body.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, repeat

import numpy as np

from .. import compiled, uniclass
from ..document import Document
from ..pipeline import Step, register

# --- markdown --------------------------------------------------------------------

#: An inline link or image: ``[text](target "title")``; the target may hold one level
#: of brackets (``(a_(b))``).
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"  # [text], or ![alt] for an image
    r"\(\s*(?:[^()]|\([^()]*\))*\)"  # (target "title"): spaces too (a data: URI as converters leave it)
)
_REF_LINK = re.compile(r"(!?)\[([^\[\]]+)\]\[[^\[\]]*\]")
_REF_DEF = re.compile(r"^\s*\[[^\[\]]+\]:\s*\S+(?:\s+\"[^\"]*\")?\s*$")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]+>")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_BULLET = re.compile(r"^(?:[*+-]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^(?:>\s?)+")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^(?:```|~~~)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")

#: A page is read as markdown when it has at least this many lines with markdown links
#: or headings, and they are at least this share of its non-blank lines.
MARKDOWN_LINES, MARKDOWN_SHARE = 3, 0.02


def is_markdown(lines: list[str]) -> bool:
    """Whether the page's text is markdown (links ``[..](..)`` or ``#`` headings)."""
    marked = 0
    nonblank = 0
    for line in lines:
        if not line:
            continue
        nonblank += 1
        if "](" in line or (line.startswith("#") and _HEADING.match(line)):
            marked += 1
    return marked >= MARKDOWN_LINES and marked >= MARKDOWN_SHARE * nonblank


def _may_be_markdown(whole: str, lines: list[str]) -> bool:
    """Whether the page joined as ``whole`` (of ``lines``) may have enough marked lines
    for :func:`is_markdown` to hold, counted from above: each marked line holds "]("
    or starts with "#".  Counted in the whole text at once, so that the loop over the
    lines runs only for the few pages that might be markdown (most pages with a "#"
    have a few at most)."""
    bound = whole.count("](") + whole.count("\n#") + whole.startswith("#")
    return bound >= MARKDOWN_LINES and bound >= MARKDOWN_SHARE * (len(lines) - lines.count(""))


@lru_cache(maxsize=1)
def _emphasis() -> re.Pattern[str]:
    """``*emphasis*`` and ``_emphasis_`` (not snake_case: "_" is a word character),
    compiled on first use."""
    word = uniclass.word()
    return re.compile(
        rf"(?<!{word}|\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!{word}|\*)|(?<!{word})_(?=[^\s_])(.+?)(?<=[^\s_])_(?!{word})"
    )


def _link_text(match: re.Match[str]) -> str:
    return "" if match.group(1) else match.group(2)


def strip_markdown(line: str) -> str:
    """The text of one markdown line: link text without targets, no images, no
    heading, list, quote or emphasis marks, no escapes."""
    if _REF_DEF.match(line) or _RULE.match(line) or _TABLE_RULE.match(line) or _SETEXT.match(line):
        return ""
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(2)
    line = _QUOTE.sub("", line)
    line = _BULLET.sub("", line)
    if "[" in line:
        # images inside links go first, then the links around them
        for _ in range(3):
            stripped = _LINK.sub(_link_text, line)
            stripped = _REF_LINK.sub(_link_text, stripped)
            if stripped == line:
                break
            line = stripped
    if "<" in line:
        line = _AUTOLINK.sub("", line)
    if "*" in line or "_" in line:
        line = _STRONG.sub(r"\2", line)
        line = _emphasis().sub(lambda m: m.group(1) or m.group(2), line)
    if "`" in line:
        line = _CODE.sub(r"\1", line)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)
    if line.startswith("|") or line.endswith("|"):
        line = line.strip("| ")
    return " ".join(line.split())


# --- text browsers ---------------------------------------------------------------

#: Box-drawing characters (w3m's table borders) and the lines made of them alone.
_BOX = re.compile(r"[\u2500-\u257f]+")
_BORDER_ONLY = re.compile(r"^[\s+|=\-_:]*$")
#: Text-browser placeholders for images, frames and buttons, and bare image file names.
#: Case-insensitive, with "i" and "I" as the regex module matched them: "i" is "i" or
#: "I", and "I" also the dotless "ı" (re would take "ı" for "i" too, and "İ" for "I").
_PLACEHOLDER = re.compile(
    re.sub(
        "[iI]",
        lambda m: "(?-i:[iI])" if m.group() == "i" else "(?-i:[iIı])",
        r"\[(?:IMG|INLINE|LINK|BUTTON|image|spacer|embedded[^\]]*|iframe[^\]]*)\]"
        r"|\[[^\[\]\s]{0,200}\.(?:png|jpe?g|gif|svg|webp|ico|bmp|avif)(?:\?[^\[\]\s]*)?\]",
    ),
    re.IGNORECASE,
)


def _holds_box(text: str) -> bool:
    """Whether ``text`` holds a box-drawing character: read from its UTF-16 code units
    with numpy, several times quicker than a search for the class with re."""
    if text.isascii():
        return False
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    return bool(((units - np.uint16(0x2500)) < 0x80).any())  # U+2500-U+257F; below wraps round


def has_boxes(lines: list[str]) -> bool:
    """Whether the page draws table borders with box characters."""
    return sum(1 for line in lines if _BOX.search(line)) >= 3


def strip_browser(line: str) -> str:
    """A line without box-drawing borders and image placeholders."""
    if "\u2500" <= max(line, default=" ") or "[" in line:
        line = _PLACEHOLDER.sub("", _BOX.sub(" ", line))
        if _BORDER_ONLY.match(line):
            return ""
    return " ".join(line.split())


#: Hard wraps: the page's widest lines are at most this wide ...
WRAP_MAX_WIDTH = 200
#: ... and at least this share of its non-blank lines, and this many different ones,
#: end within ``WRAP_SLACK`` of it.
WRAP_SHARE, WRAP_LINES, WRAP_SLACK = 0.2, 8, 12
#: A list item or a heading number starts a new line, never continues one: found after
#: the line break before any line of the lines joined, a line break put before the
#: first ("\s" of one line is any space but "\n"; a line break as the pattern's first
#: character lets the search skip to the next one).
_ITEM_START = re.compile(r"\n(?:[*+o•·-]|\d{1,3}[.)])[^\S\n]")


def wrap_width(lines: list[str], lengths: np.ndarray | None = None) -> int:
    """The width the text was hard-wrapped at, or 0 if it was not (``lengths``: the
    lines' lengths, if known)."""
    if lengths is None:
        lengths = _lengths(lines)
    filled = lengths[lengths > 0]
    if filled.size < 10:
        return 0
    # the width most lines stay within (a few wider lines: long words, URLs)
    rank = min(filled.size - 1, int(filled.size * 0.99))
    width = int(np.partition(filled, rank)[rank])
    if width > WRAP_MAX_WIDTH or width < 40:
        return 0
    near = (lengths >= width - WRAP_SLACK) & (lengths <= width)
    if int(near.sum()) < WRAP_SHARE * filled.size:
        return 0
    return width if len(set(compress(lines, near.tolist()))) >= WRAP_LINES else 0


def _lengths(lines: list[str]) -> np.ndarray:
    return compiled.lengths(lines)


# --- long lines ------------------------------------------------------------------

#: Lines longer than this are split into sentence-sized pieces.
LONG_LINE = 2000
#: A piece ends at the first sentence end or separator after this many characters.
PIECE = 200


@lru_cache(maxsize=1)
def _sentence_end() -> re.Pattern[str]:
    """A sentence end (a stop, closing quotes and brackets, then the spaces matched,
    group 1, before what starts a sentence) or a separator between spaces (the whole
    match); compiled on first use."""
    return re.compile(rf"[.!?…:;][\"'”’»)\]]*(\s+)(?=[\"'“„«(\[]*{uniclass.capital_or_digit()})|\s+[|•·]\s+")


def split_long(line: str) -> list[str]:
    """``line`` in pieces that end at a sentence end or a separator, each at least
    :data:`PIECE` characters long where the text allows (pieces keep their order,
    and joined with spaces they give the line's words back)."""
    pieces = []
    start = 0
    for match in _sentence_end().finditer(line):
        begin = match.start(1) if match.lastindex else match.start()
        if begin - start >= PIECE:
            pieces.append(line[start:begin].strip(" |•·"))
            start = match.end()
    pieces.append(line[start:].strip(" |•·"))
    out = []
    for piece in pieces:
        # a stretch with no sentence end at all (a menu run together) goes in slices at spaces
        while len(piece) > LONG_LINE:
            cut = piece.rfind(" ", 0, LONG_LINE // 2) + 1 or piece.find(" ", LONG_LINE // 2) + 1
            if not cut:  # one word: it stays whole
                break
            out.append(piece[:cut].strip())
            piece = piece[cut:]
        out.append(piece.strip())
    return [p for p in out if p]


def _unwrap(text: list[str], origin: list[tuple[int, int]], width: int) -> tuple[list[str], list[tuple[int, int]]]:
    """Join the lines a hard wrap at ``width`` cut apart.  A line goes on with the one
    above where neither is empty, it does not start a list item (:data:`_ITEM_START`)
    and its first word would not have fitted at the end of the line above.  Read for
    all lines at once; each paragraph is joined once."""
    n = len(text)
    lengths = _lengths(text)
    spaces = np.fromiter(map(str.find, text, repeat(" ", n)), dtype=np.int64, count=n)
    first_word = np.where(spaces < 0, lengths, spaces)
    wraps = np.zeros(n, dtype=bool)
    # text browsers indent paragraphs by a few columns, which normalisation removed
    wraps[1:] = (lengths[:-1] > 0) & (lengths[1:] > 0) & (lengths[:-1] + 1 + first_word[1:] > width - 4)
    items = [match.start() for match in _ITEM_START.finditer("\n" + "\n".join(text))]
    if items:  # the lines the items start, from where each line starts in the joined text
        line_starts = np.cumsum(lengths + 1) - (lengths + 1)
        wraps[line_starts.searchsorted(items)] = False
    firsts: list[int] = (~wraps).nonzero()[0].tolist()
    bounds = list(zip(firsts, [*firsts[1:], n], strict=True))
    return [" ".join(text[a:b]) for a, b in bounds], [(origin[a][0], origin[b - 1][1]) for a, b in bounds]


# --- the step --------------------------------------------------------------------


def read_layout(lines: list[str], whole: str | None = None) -> tuple[list[str], list[tuple[int, int]], list[str]]:
    """The page's lines as plain text, each with the range of input lines it came
    from, and what was found (``markdown``, ``borders``, ``wrapped``, ``long lines``)."""
    read = _read(lines, whole)
    return read if read is not None else (lines, [(i, i) for i in range(len(lines))], [])


def _read(lines: list[str], whole: str | None = None) -> tuple[list[str], list[tuple[int, int]], list[str]] | None:
    """:func:`read_layout`, or ``None`` for plain lines that stay as they are."""
    found: list[str] = []
    if whole is None:  # the lines joined, when the caller does not hold them so
        whole = "\n".join(lines)
    markdown = ("](" in whole or "#" in whole) and _may_be_markdown(whole, lines) and is_markdown(lines)
    boxes = _holds_box(whole) and has_boxes(lines)
    marks = "[" in whole and _PLACEHOLDER.search(whole) is not None
    if not (markdown or boxes or marks):
        # plain lines (nearly every page): only wraps and long lines can change them
        lengths = _lengths(lines)
        width = wrap_width(lines, lengths)
        if not width and not (lengths.size and int(lengths.max()) > LONG_LINE):
            return None
        every = range(len(lines))
        text, origin = list(lines), list(zip(every, every, strict=True))
    else:
        text, origin = _plain_lines(lines, markdown, boxes, marks)
        width = 0 if markdown else wrap_width(text)
    if markdown:
        found.append("markdown")
    if boxes:
        found.append("borders")
    if width:
        found.append(f"wrapped at {width}")
        text, origin = _unwrap(text, origin, width)
    if any(len(line) > LONG_LINE for line in text):
        found.append("long lines")
        split: list[str] = []
        spans: list[tuple[int, int]] = []
        for line, span in zip(text, origin, strict=True):
            pieces = split_long(line) if len(line) > LONG_LINE else [line]
            split += pieces
            spans += [span] * len(pieces)
        text, origin = split, spans
    return text, origin, found


def _plain_lines(lines: list[str], markdown: bool, boxes: bool, marks: bool) -> tuple[list[str], list[tuple[int, int]]]:
    """The text of each line without its markdown (where ``markdown``), box borders
    (``boxes``) and image placeholders (``marks``), and each line's origin (itself)."""
    text: list[str] = []
    origin: list[tuple[int, int]] = []
    fenced = False
    for i, line in enumerate(lines):
        if markdown:
            if _FENCE.match(line):
                fenced = not fenced
                line = ""
            elif not fenced:
                line = strip_markdown(line)
        if boxes or (marks and "[" in line):
            line = strip_browser(line)
        text.append(line)
        origin.append((i, i))
    return text, origin


@register("layout")
class Layout(Step):
    """Read markdown, text-browser wraps, table borders and very long lines as plain lines."""

    name = "layout"

    def __call__(self, doc: Document) -> None:
        lines = doc.lines()
        read = _read(lines, doc.text)
        if read is None or not read[2]:
            doc.report(self.name, "plain text")
            return
        text, origin, found = read
        doc.source_lines = list(lines)
        doc.origin = origin
        doc.is_markdown = "markdown" in found
        doc.text = "\n".join(text)
        doc.report(self.name, "read " + ", ".join(found), {"found": found})
