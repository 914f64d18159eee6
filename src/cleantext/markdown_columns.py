"""The markdown columns of a block's own features: what the ``layout`` step stripped.

The ``layout`` step reads markdown input as text (link targets, heading and list
marks, emphasis and images go), so that the blocks are measured as the words a reader
sees.  The markup said something, though: a line that is mostly link text is
navigation or a teaser, a heading opens a section, an image line is a picture.  These
columns give it back to the block model, from the input lines each block came from
(``Document.source_lines`` and ``Document.origin``).  They are 0 on a page not read
as markdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .document import Block, Document
from .features import HEADING_MAX_LINK, MARKDOWN_COLUMNS
from .filters.layout import _BULLET, _HEADING, _LINK

__all__ = ["MARKDOWN_COLUMNS", "markdown_columns"]

# a whole line in emphasis ("**Related**", "_Photo: ..._"), a colon or full stop after it
_EMPHASIS_LINE = re.compile(r"^(\*\*|__|\*|_)\S.*?\S?\1[.:]?$")


def markdown_columns(doc: Document, blocks: Sequence[Block]) -> np.ndarray | None:
    """One row of :data:`MARKDOWN_COLUMNS` per block of ``blocks`` (blocks of ``doc``),
    or ``None`` for a page the ``layout`` step did not read as markdown:

    * ``md_page``: 1 (the page is markdown);
    * ``md_link_share``: the characters of link text (not images) in the block's input
      lines over the block's characters, at most 1;
    * ``md_heading``: its first input line is a heading (``# ...``) and less than
      :data:`HEADING_MAX_LINK` of the block is link text;
    * ``md_emphasis``: its first input line, without a list mark, is in emphasis as a whole;
    * ``md_list``: its first input line is a list item;
    * ``md_image``: one of its input lines holds an image (``![...](...)``).
    """
    if not doc.is_markdown or doc.origin is None or doc.source_lines is None:
        return None
    origin, source = doc.origin, doc.source_lines
    out = np.zeros((len(blocks), len(MARKDOWN_COLUMNS)))
    out[:, 0] = 1.0
    for k, block in enumerate(blocks):
        lines = source[origin[block.first_line][0] : origin[block.last_line][1] + 1]
        raw = [stripped for line in lines if (stripped := line.strip())]
        if not raw:
            continue
        first = raw[0]
        link = sum(len(m.group(2)) for line in raw for m in _LINK.finditer(line) if not m.group(1))
        out[k, 1] = min(1.0, link / max(1, len(block.text)))
        # a heading that is mostly link text is a teaser's title or navigation, not a heading
        out[k, 2] = 1.0 if out[k, 1] < HEADING_MAX_LINK and _HEADING.match(first) else 0.0
        out[k, 3] = 1.0 if _EMPHASIS_LINE.match(_BULLET.sub("", first)) else 0.0
        out[k, 4] = 1.0 if _BULLET.match(first) else 0.0
        out[k, 5] = 1.0 if any("![" in line for line in raw) else 0.0
    return out
