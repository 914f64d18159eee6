"""The data a pipeline works on: a :class:`Document` made of :class:`Block` objects."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from .config import Config
from .lexicons import CATEGORIES

if TYPE_CHECKING:
    from .markup import HtmlText

#: Labels a block can carry: ``body``, ``heading`` and ``title`` are kept; the lexicon
#: categories name the kind of boilerplate; ``boilerplate`` is the generic one,
#: ``custom`` marks a block a filter of yours dropped, ``empty`` one with no text.
LABELS: tuple[str, ...] = ("body", "heading", "title", *CATEGORIES, "boilerplate", "custom", "empty")


#: What stands between two lines of the body: a line break, and 0, 1 or 2 blank lines
#: (:func:`cleantext.filters.segment.separations`).
_BREAKS = ("\n", "\n\n", "\n\n\n")


class BlockDict(TypedDict):
    """:meth:`Block.as_dict`: a block as JSON-ready data."""

    index: int
    text: str
    keep: bool
    label: str
    reason: str
    score: float
    first_class: str
    final_class: str
    lines: list[int]


class StepDict(TypedDict):
    """One step's report in :meth:`Document.as_dict`."""

    step: str
    summary: str


class DocumentDict(TypedDict):
    """:meth:`Document.as_dict`: a document as JSON-ready data."""

    title: str | None
    body: str
    language: str | None
    steps: list[StepDict]
    blocks: list[BlockDict]


@dataclass(slots=True)
class Block:
    """One block of the page: a line, or lines the segmenter rejoined.

    Attributes:
        index: position of the block in the document (0-based).
        text: the block's text.
        first_line: number of the first input line (0-based) the block came from.
        last_line: number of the last input line it came from.
        features: numbers the classifier computed for it.
        score: the classifier's probability that the block is body text.
        first_class: the class from the block alone: ``good``, ``near-good``,
            ``short`` or ``bad`` (as in jusText).
        final_class: the class after context revision and body selection:
            ``good`` or ``bad``.
        label: what the block is (see :data:`LABELS`).
        keep: whether the block is in the body.
        reason: a short string that says why it was kept or dropped.
        vetoed: set by a filter that dropped it; later steps never keep it again.
        heading: set by the context step for a heading-like line it kept before body text.

    (A field added here is set in :func:`_new_blocks` too.)
    """

    index: int
    text: str
    first_line: int = 0
    last_line: int = 0
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    first_class: str = ""
    final_class: str = ""
    label: str = ""
    keep: bool = False
    reason: str = ""
    vetoed: bool = False
    heading: bool = False

    def drop(self, reason: str, label: str | None = None, *, veto: bool = False) -> None:
        """Drop the block, saying why (and optionally what it is)."""
        self.keep = False
        self.final_class = "bad"
        self.reason = reason
        if label is not None:
            self.label = label
        if veto:
            self.vetoed = True

    def as_dict(self) -> BlockDict:
        """A JSON-ready view of the block (without its feature vector)."""
        return {
            "index": self.index,
            "text": self.text,
            "keep": self.keep,
            "label": self.label,
            "reason": self.reason,
            "score": round(self.score, 4),
            "first_class": self.first_class,
            "final_class": self.final_class,
            "lines": [self.first_line, self.last_line],
        }


def one_input_line(origin: list[tuple[int, int]], above: int, below: int) -> bool:
    """Whether line ``above`` and a line ``below`` it of a text that the layout step made
    (``origin``: each line's first and last input line) come from one input line: pieces
    of a long line that the step cut into sentences."""
    return origin[above][1] >= origin[below][0]


def _new_blocks(start: int, texts: list[str], firsts: list[int], lasts: list[int], blank: list[float]) -> list[Block]:
    """The blocks ``Block(start + k, texts[k], firsts[k], lasts[k], {"blank_before":
    blank[k]})``, the others of their fields at their defaults: the segmenter makes a
    page's blocks here.  Each block is made by ``object.__new__`` and its fields set
    in one loop: a call of ``Block.__init__`` per block costs more than its stores
    (about 0.1 M instructions on a page of 167 blocks, callgrind).  Every field is
    set: the tests compare the blocks with those ``Block()`` makes."""
    new = object.__new__
    blocks: list[Block] = []
    for index, text, first, last, blank_before in zip(
        range(start, start + len(texts)), texts, firsts, lasts, blank, strict=True
    ):
        block = new(Block)
        block.index = index
        block.text = text
        block.first_line = first
        block.last_line = last
        block.features = {"blank_before": blank_before}
        block.score = 0.0
        block.first_class = block.final_class = block.label = block.reason = ""
        block.keep = block.vetoed = block.heading = False
        blocks.append(block)
    return blocks


@dataclass(slots=True)
class StepReport:
    """What one pipeline step did to a document."""

    step: str
    summary: str
    details: Any = None


@dataclass(slots=True)
class Document:
    """A page going through the pipeline, and the result of cleaning it.

    Attributes:
        original: the text as given.
        text: the text after the text-level steps (encoding repair, normalisation).
        config: the settings in force.
        language: ISO 639-1 code of the detected (or given) language, or ``None``.
        language_confidence: the detector's confidence, 0..1.
        blocks: the blocks, in input order.
        reports: what each step did, in order.
        scratch: intermediate results steps hand to later steps (feature matrices).
        source_lines: where the ``layout`` step rewrote the text (markdown, wrapped
            or very long lines), the lines it read; else ``None``.
        origin: then, for each line of ``text``, the first and last of
            ``source_lines`` it came from.
        is_markdown: whether the ``layout`` step read the text as markdown.
        markup: for a page that came as HTML, what its HTML says about each input line
            (:class:`cleantext.markup.HtmlText`), read by the ``markup`` step; else ``None``.
    """

    original: str
    text: str
    config: Config
    language: str | None = None
    language_confidence: float = 0.0
    blocks: list[Block] = field(default_factory=list)
    reports: list[StepReport] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict, repr=False)
    source_lines: list[str] | None = field(default=None, repr=False)
    origin: list[tuple[int, int]] | None = field(default=None, repr=False)
    is_markdown: bool = False
    markup: HtmlText | None = field(default=None, repr=False)

    def lines(self) -> list[str]:
        """``text`` split into lines; computed once per text and shared by the steps
        that read lines (do not modify the list)."""
        cached = self.scratch.get("lines")
        if cached is None or cached[0] is not self.text:
            cached = self.scratch["lines"] = (self.text, self.text.split("\n"))
        return cached[1]

    @property
    def kept(self) -> list[Block]:
        """The blocks in the body, in order."""
        return [b for b in self.blocks if b.keep]

    @property
    def dropped(self) -> list[Block]:
        """The blocks left out, in order."""
        return [b for b in self.blocks if not b.keep]

    @property
    def body(self) -> str:
        """The editorial body: kept blocks, one per line (pieces of one long input
        line that are kept one after the other are joined again).  Where a line would
        read as going on with the line above it (a heading over its paragraph, which a
        blank line or a dropped block kept apart in the page), a blank line stands
        between them, two where it would go on even across one (a long sentence
        left open above a line in lower case), so that the body read again holds the
        same blocks."""
        from .filters.segment import separations

        kept = self.kept
        if len(kept) < 2:
            return "".join(b.text for b in kept)
        origin = self.origin
        texts = [b.text for b in kept]
        out = [texts[0]]
        blanks = separations(texts, self.language)
        for before, block, text, blank in zip(kept[:-1], kept[1:], texts[1:], blanks, strict=True):
            if origin is not None and one_input_line(origin, before.last_line, block.first_line):
                out.append(" ")  # pieces of one input line
            else:
                out.append(_BREAKS[blank])
            out.append(text)
        return "".join(out)

    @property
    def markdown(self) -> str:
        """The body as the input lines that hold it, markup and all (for markdown
        input, markdown); pieces of a long line that was only partly kept come as
        their text."""
        kept = self.kept
        if self.origin is None or self.source_lines is None:
            lines = self.lines()
            return "\n".join(line for b in kept for line in lines[b.first_line : b.last_line + 1] if line)
        origin, source = self.origin, self.source_lines
        # how many pieces each input line was cut into, and how many of them are kept
        pieces = Counter(lo for lo, hi in origin if lo == hi)
        spans = [(origin[b.first_line][0], origin[b.last_line][1]) for b in kept]
        kept_pieces = Counter(lo for lo, hi in spans if lo == hi)
        out: list[str] = []
        done = -1
        for block, (lo, hi) in zip(kept, spans, strict=True):
            if lo == hi and kept_pieces[lo] < pieces[lo]:
                out.append(block.text)
                continue
            out.extend(line for line in source[max(lo, done + 1) : hi + 1] if line.strip())
            done = max(done, hi)
        return "\n".join(out)

    @property
    def title(self) -> str | None:
        """The headline: the block labelled title (kept or, with ``keep_title=False``,
        left out), or ``None``."""
        for b in self.blocks:
            if b.label == "title":
                return b.text
        return None

    def reasons(self) -> Counter[str]:
        """How many blocks each reason applied to (datatrove-style counts)."""
        return Counter(b.reason for b in self.blocks)

    def report(self, step: str, summary: str, details: Any = None) -> None:
        """Record what a step did."""
        self.reports.append(StepReport(step, summary, details))

    def explain(self) -> str:
        """A readable account: the steps, then every block with its decision."""
        lines = [f"language: {self.language} ({self.language_confidence:.2f})"]
        lines += [f"step {r.step}: {r.summary}" for r in self.reports]
        for b in self.blocks:
            mark = "KEEP" if b.keep else "drop"
            change = "" if b.first_class == b.final_class else f" {b.first_class}->{b.final_class}"
            lines.append(f"{b.index:4d} {mark} {b.label:<11} {b.reason:<28}{change} | {b.text[:80]}")
        return "\n".join(lines)

    def to_html(self, title: str | None = None) -> str:
        """The visual report: a self-contained HTML page with the language and the
        step reports on top and every block in order, kept ones green, dropped ones
        red with their label and reason (see :mod:`cleantext.report`)."""
        from .report import to_html

        return to_html(self, title)

    def as_dict(self) -> DocumentDict:
        """A JSON-ready view: title, body, language, steps and blocks."""
        return {
            "title": self.title,
            "body": self.body,
            "language": self.language,
            "steps": [{"step": r.step, "summary": r.summary} for r in self.reports],
            "blocks": [b.as_dict() for b in self.blocks],
        }
