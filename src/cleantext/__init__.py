"""cleantext: the editorial body of a scraped web page's plain text.

>>> import cleantext
>>> menu = "Home | News | Contact"
>>> prose = "This is the article, and it reads like prose to the classifier. " * 3
>>> isinstance(cleantext.clean(menu + "\\n" + prose), str)
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# the built-in steps register themselves when imported (every import of a cleantext
# module runs this first); loaded here, the first call does not pay for them, ftfy,
# the stopword lists and the tables
from . import filters as _filters  # noqa: F401
from ._version import __version__
from .batch import clean_jsonl, clean_many
from .config import Config
from .document import LABELS, Block, Document, StepReport
from .pipeline import BlockFilter, FunctionFilter, PageTooLong, Pipeline, Step, register, registered

__all__ = [
    "LABELS",
    "Block",
    "BlockFilter",
    "Config",
    "Document",
    "FunctionFilter",
    "PageTooLong",
    "Pipeline",
    "Step",
    "StepReport",
    "__version__",
    "clean",
    "clean_document",
    "clean_jsonl",
    "clean_many",
    "register",
    "registered",
]


@lru_cache(maxsize=32)
def _default_pipeline(config: Config) -> Pipeline:
    return Pipeline(config=config)


def clean_document(text: str, **options: Any) -> Document:
    """Clean ``text`` and return the whole result: body, title, language, and every
    block with its decision, label and reason.

    Options are :class:`Config` fields, e.g. ``language="de"`` or ``disable=("select",)``.
    Raises :class:`TypeError` if ``text`` is not a ``str``, :class:`PageTooLong` if it
    is longer than ``max_chars`` (unless ``too_long="truncate"``).
    """
    if not isinstance(text, str):
        raise TypeError(f"cleantext expects str, got {type(text).__name__}")
    return _default_pipeline(Config.from_options(**options)).run(text)


def clean(text: str, *, output: str = "text", **options: Any) -> str:
    """Return the editorial body of ``text``: headline, paragraphs and subheadings,
    in their original order, one block per line.  Empty or blank text gives ``""``.

    ``output="markdown"`` gives the body as the input lines that hold it: for markdown
    input, the body as markdown, headings, lists and links intact.
    Options are :class:`Config` fields.  Raises :class:`TypeError` if ``text`` is not a
    ``str``, :class:`ValueError` for another ``output``.
    """
    if output not in ("text", "markdown"):
        raise ValueError(f"output must be 'text' or 'markdown', got {output!r}")
    doc = clean_document(text, **options)
    return doc.body if output == "text" else doc.markdown
