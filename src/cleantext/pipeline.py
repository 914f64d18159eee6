"""A pipeline of named steps, with a registry so that configuration can name them."""

from __future__ import annotations

import inspect
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal

from .config import Config
from .document import Block, Document, StepReport
from .gcpause import paused
from .options import Options, Unpack
from .windows import needs_windows, windows

if TYPE_CHECKING:
    from .markup import HtmlText


def _output(doc: Document, output: str) -> str:
    """The body of ``doc`` as :meth:`Pipeline.clean` gives it: text or markdown."""
    return doc.body if output == "text" else doc.markdown


class PageTooLong(ValueError):
    """A page longer than ``Config.max_chars`` with ``too_long="error"``."""


Verdict = bool | str | None
"""What a block filter returns: ``None``/``True`` keep as is, ``False`` or a reason string drop."""


class Step:
    """A document-level step: ``__call__(doc)`` changes the document in place.

    Subclass it for steps that need the whole document (its text, language or
    all blocks at once).  ``name`` is the default name in a pipeline.
    """

    name: str = "step"

    def __call__(self, doc: Document) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class BlockFilter(Step):
    """A filter over blocks: one method, :meth:`filter`, returns keep or drop with a reason.

    A dropped block is vetoed: no later step keeps it again.  Blocks that an
    earlier filter already vetoed are not shown to the filter.
    """

    name = "block_filter"

    def filter(self, block: Block, doc: Document) -> Verdict:
        """Return ``None`` (or ``True``) to leave the block alone, ``False`` or a
        reason string to drop it."""
        raise NotImplementedError

    def __call__(self, doc: Document) -> None:
        dropped = 0
        for block in doc.blocks:
            if block.vetoed:
                continue
            verdict = self.filter(block, doc)
            if verdict is None or verdict is True:
                continue
            reason = verdict if isinstance(verdict, str) else f"dropped by {self.name}"
            block.drop(reason, "custom", veto=True)
            dropped += 1
        doc.report(self.name, f"dropped {dropped} block(s)")


class FunctionFilter(BlockFilter):
    """A :class:`BlockFilter` made from a plain function ``func(block) -> Verdict``
    (or ``func(block, doc) -> Verdict``)."""

    def __init__(self, func: Callable[..., Verdict], name: str | None = None) -> None:
        self.func = func
        self.name = name or str(getattr(func, "__name__", "filter"))
        try:
            self._takes_doc = len(inspect.signature(func).parameters) >= 2
        except (TypeError, ValueError):
            self._takes_doc = False

    def filter(self, block: Block, doc: Document) -> Verdict:
        return self.func(block, doc) if self._takes_doc else self.func(block)

    def __repr__(self) -> str:
        return f"FunctionFilter({self.name})"


StepLike = Step | Callable[..., Verdict]

_REGISTRY: dict[str, Callable[[], Step]] = {}


def register(name: str) -> Callable[[Callable[[], Step]], Callable[[], Step]]:
    """Register a step factory under ``name`` so that pipelines can be built by name.

    The factory is called with no arguments and returns a step (a class works).
    """

    def decorator(factory: Callable[[], Step]) -> Callable[[], Step]:
        _REGISTRY[name] = factory
        return factory

    return decorator


def registered() -> list[str]:
    """The names of all registered steps."""
    return sorted(_REGISTRY)


def make_step(name: str) -> Step:
    """Build the registered step called ``name``."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no step registered as {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None
    return factory()


#: How often :meth:`Pipeline.run` reads a body again at most (see ``Config.settle``).
MAX_SETTLE_PASSES = 8

DEFAULT_STEPS: tuple[str, ...] = (
    "encoding",
    "normalize",
    "layout",
    "language",
    "segment",
    "classify",
    "context",
    "select",
    "markup",
)


def _as_step(step: StepLike | str) -> Step:
    if isinstance(step, str):
        return make_step(step)
    if isinstance(step, Step):
        return step
    if callable(step):
        return FunctionFilter(step)
    raise TypeError(f"a step must be a Step, a callable or a registered name, not {type(step).__name__}")


class Pipeline:
    """An ordered list of named steps that turns text into a :class:`Document`.

    Build it once and reuse it; it holds no per-document state.

    Examples:
        >>> p = Pipeline()
        >>> p.names[:3]
        ['encoding', 'normalize', 'layout']
        >>> _ = p.insert_after("select", lambda block: "too shouty" if block.text.isupper() else None,
        ...                    name="no_shouting")
        >>> p.names[-2:]
        ['no_shouting', 'markup']
    """

    def __init__(
        self,
        steps: Iterable[StepLike | str | tuple[str, StepLike]] | None = None,
        config: Config | None = None,
        **options: Unpack[Options],
    ) -> None:
        base = config if config is not None else Config()
        self.config: Config = base.replace(**options) if options else base
        self._steps: list[tuple[str, Step]] = []
        for item in DEFAULT_STEPS if steps is None else steps:
            if isinstance(item, tuple):
                name, step = item
                self._steps.append((name, _as_step(step)))
            else:
                step = _as_step(item)
                self._steps.append((item if isinstance(item, str) else step.name, step))
        self._check_unique()

    # -- inspection -------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Step names, in order."""
        return [name for name, _ in self._steps]

    def __len__(self) -> int:
        return len(self._steps)

    def __iter__(self) -> Iterator[tuple[str, Step]]:
        return iter(list(self._steps))

    def __getitem__(self, name: str) -> Step:
        return self._steps[self._index(name)][1]

    def __contains__(self, name: object) -> bool:
        return any(n == name for n, _ in self._steps)

    def __repr__(self) -> str:
        steps = ", ".join(f"{n}={s!r}" for n, s in self._steps)
        return f"Pipeline([{steps}], config={self.config!r})"

    # -- editing -----------------------------------------------------------------
    def _index(self, name: str) -> int:
        for i, (n, _) in enumerate(self._steps):
            if n == name:
                return i
        raise KeyError(f"no step named {name!r} in pipeline {self.names}")

    def _check_unique(self) -> None:
        names = self.names
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate step name(s): {', '.join(sorted(dupes))}")

    def _insert(self, index: int, step: StepLike | str, name: str | None) -> Pipeline:
        made = _as_step(step)
        label = name or (step if isinstance(step, str) else made.name)
        if label in self:
            raise ValueError(f"a step named {label!r} is already in the pipeline")
        self._steps.insert(index, (label, made))
        return self

    def append(self, step: StepLike | str, name: str | None = None) -> Pipeline:
        """Add a step at the end.  Returns the pipeline, for chaining."""
        return self._insert(len(self._steps), step, name)

    def insert_before(self, anchor: str, step: StepLike | str, name: str | None = None) -> Pipeline:
        """Insert a step before the step named ``anchor``."""
        return self._insert(self._index(anchor), step, name)

    def insert_after(self, anchor: str, step: StepLike | str, name: str | None = None) -> Pipeline:
        """Insert a step after the step named ``anchor``."""
        return self._insert(self._index(anchor) + 1, step, name)

    def remove(self, name: str) -> Pipeline:
        """Remove the step named ``name``."""
        del self._steps[self._index(name)]
        return self

    def replace(self, name: str, step: StepLike | str) -> Pipeline:
        """Put another step in the place of the step named ``name`` (keeping the name)."""
        self._steps[self._index(name)] = (name, _as_step(step))
        return self

    # -- running -------------------------------------------------------------------
    def run(self, text: str, *, markup: HtmlText | None = None) -> Document:
        """Clean ``text`` and return the whole :class:`Document` (body, blocks, reasons).

        ``markup``: for a page that came as HTML, :func:`cleantext.markup.html_lines`
        of it (whose ``text`` is ``text``); the ``markup`` step reads it.
        Raises :class:`TypeError` if ``text`` is not a ``str``, :class:`ValueError` if
        ``markup`` is of another text.
        """
        if not isinstance(text, str):
            raise TypeError(f"cleantext expects str, got {type(text).__name__}")
        if markup is not None and markup.text is not text and markup.text != text:
            raise ValueError("markup belongs to another text: pass html_lines(html).text with it")
        with paused(len(text)):  # (a very long page: see cleantext.gcpause)
            limit = self.config.max_chars
            if limit is None or len(text) <= limit:
                doc = self._run_once(text, markup)
            else:
                cut = self._cut(text, limit)
                if markup is not None:  # the cut keeps whole lines from the start (or cuts the first)
                    markup = markup.head(cut.count("\n") + 1)
                doc = self._run_once(cut, markup)
                doc.original = text
                doc.reports.insert(0, StepReport("max_chars", f"page cut from {len(text)} to {len(cut)} characters"))
            if self.config.settle:
                self._settle(doc)
        return doc

    def run_html(self, html: str) -> Document:
        """Clean an HTML page: its text (:func:`cleantext.markup.html_lines`, one block
        per line) and what its HTML says about each line.  Raises :class:`TypeError`
        if ``html`` is not a ``str``."""
        from .markup import html_lines

        page = html_lines(html)
        return self.run(page.text, markup=page)

    def _cut(self, text: str, limit: int) -> str:
        """``text`` within ``limit`` characters: its whole lines that fit (or, if the
        first line is longer, that line cut at the limit); or :class:`PageTooLong`."""
        if self.config.too_long == "error":
            raise PageTooLong(
                f"the page has {len(text)} characters, more than max_chars={limit}; "
                'pass too_long="truncate" to clean its first lines instead'
            )
        end = text.rfind("\n", 0, limit + 1)
        return text[:end] if end > 0 else text[:limit]

    def _run_once(self, text: str, markup: HtmlText | None = None, earlier: Document | None = None) -> Document:
        doc = Document(original=text, text=text, config=self.config, markup=markup)
        if earlier is not None:  # a body read again: what the reading before found stays valid
            doc.scratch["earlier_rows"] = earlier.scratch.get("rows")
            doc.scratch["earlier_language"] = earlier.scratch.get("language")
        skip = set(self.config.disable)
        for name, step in self._steps:
            if name in skip:
                continue
            step(doc)
        return doc

    def _settle(self, doc: Document) -> None:
        """Read the body again until it no longer changes, so that cleaning a body
        gives that body back (``clean`` is idempotent).

        The body has one kept block per line (and blank lines where two lines would
        read as one block), so each block of a re-reading covers kept blocks of
        ``doc``.  A block the re-reading drops is dropped in ``doc``
        too, with its reason.  Lines the re-reading joins into one block (which a
        custom step may leave) are joined in ``doc`` as well: the first block takes
        the joined text and the others are left out as joined to it.  A kept block
        also takes the re-read text of its line (which differs only where the first
        reading left a repair to do).
        A reading takes what the reading before found for the same texts (each
        block's own features, :class:`cleantext.features.BlockRows`, and the
        language where the detector's sample is the same), so it costs less than the
        first: the same result as reading afresh.
        There are at most :data:`MAX_SETTLE_PASSES` passes.
        """
        from .filters.segment import separations  # (the filters import this module)

        passes = 0
        earlier = doc  # the last reading: the blocks it read keep their features
        while passes < MAX_SETTLE_PASSES:
            kept = doc.kept
            texts = [b.text for b in kept]
            if not kept or any("\n" in t for t in texts):
                return
            # the body as Document.body writes it: blank lines between two lines that
            # would read as one block; line_of[i] is the line of kept[i]
            lines: list[str] = [texts[0]]
            line_of: list[int] = [0]
            for t, blank in zip(texts[1:], separations(texts, doc.language), strict=True):
                lines.extend([""] * blank)
                line_of.append(len(lines))
                lines.append(t)
            body = "\n".join(lines)
            again = earlier = self._run_once(body, earlier=earlier)
            if again.body == body or not again.blocks or again.blocks[-1].last_line != line_of[-1]:
                break  # (the last test never holds with the default steps: they keep a body's lines)
            passes += 1
            for reread in again.blocks:
                group = kept[bisect_left(line_of, reread.first_line) : bisect_right(line_of, reread.last_line)]
                if not reread.keep:
                    for block in group:
                        block.drop(f"dropped on re-reading the body: {reread.reason}", reread.label)
                    continue
                first = group[0]
                first.text = reread.text
                if len(group) > 1:
                    first.label, first.reason = reread.label, f"{reread.reason}, joined on re-reading the body"
                    for block in group[1:]:
                        block.drop(f"joined to block {first.index} on re-reading the body")
        if passes:
            doc.report("settle", f"body read again {passes} time(s) until stable")

    def clean(self, text: str, *, output: Literal["text", "markdown"] = "text") -> str:
        """Clean ``text`` and return the editorial body, one block per line
        (``output="markdown"``: the input lines that hold it, as
        :attr:`Document.markdown`).

        Only the body is kept, so a very long page (more than
        :data:`cleantext.windows.WINDOW_LINES` lines or
        :data:`~cleantext.windows.WINDOW_CHARS` characters, far more than any real
        page) is cleaned a window of whole lines at a time, each window as a page of
        its own: memory stays that of one window.  :meth:`run` reads any page whole.
        """
        if output not in ("text", "markdown"):
            raise ValueError(f"output must be 'text' or 'markdown', got {output!r}")
        if not isinstance(text, str) or not needs_windows(text):
            return _output(self.run(text), output)
        limit = self.config.max_chars
        if limit is not None and len(text) > limit:
            text = self._cut(text, limit)
        with paused(len(text)):
            bodies = (_output(self.run(text[start:end]), output) for start, end in windows(text))
            return "\n".join(body for body in bodies if body)

    __call__ = clean
