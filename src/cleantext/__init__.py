"""cleantext: the editorial body of a scraped web page's plain text.

>>> import cleantext
>>> menu = "Home | News | Contact"
>>> prose = "This is the article, and it reads like prose to the classifier. " * 3
>>> isinstance(cleantext.clean(menu + "\\n" + prose), str)
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

# the built-in steps register themselves when imported (every import of a cleantext
# module runs this first); loaded here, the first call does not pay for them, ftfy,
# the stopword lists and the tables
from . import filters as _filters  # noqa: F401
from ._version import __version__
from .batch import clean_jsonl, clean_many
from .config import Config
from .document import LABELS, Block, Document, StepReport
from .options import Options, Unpack
from .pipeline import BlockFilter, FunctionFilter, PageTooLong, Pipeline, Step, register, registered

__all__ = [
    "LABELS",
    "Block",
    "BlockFilter",
    "Config",
    "Document",
    "FunctionFilter",
    "Options",
    "PageTooLong",
    "Pipeline",
    "Step",
    "StepReport",
    "__version__",
    "clean",
    "clean_document",
    "clean_html",
    "clean_jsonl",
    "clean_many",
    "register",
    "registered",
]


@lru_cache(maxsize=32)
def _default_pipeline(config: Config) -> Pipeline:
    return Pipeline(config=config)


def clean_document(text: str | None = None, *, html: str | None = None, **options: Unpack[Options]) -> Document:
    """Clean ``text`` and return the whole result: body, title, language, and every
    block with its decision, label and reason.

    Give either ``text`` (the page's plain text, one block per line) or ``html`` (the
    page's HTML, turned into such text by :func:`cleantext.markup.html_lines`, which
    also tells the ``markup`` step what the HTML says about each line).
    Options are :class:`Config` fields, e.g. ``language="de"`` or ``disable=("select",)``.
    Raises :class:`TypeError` if the input is not a ``str``, or if both or neither are given;
    :class:`PageTooLong` if it is longer than ``max_chars`` (unless ``too_long="truncate"``).
    """
    if html is not None:
        if text is not None:
            raise TypeError("clean_document takes text or html=..., exactly one of them")
        return _default_pipeline(Config.from_options(**options)).run_html(html)
    if not isinstance(text, str):
        raise TypeError(f"cleantext expects str (text, or html=...), got {type(text).__name__}")
    return _default_pipeline(Config.from_options(**options)).run(text)


def clean(text: str, *, output: Literal["text", "markdown"] = "text", **options: Unpack[Options]) -> str:
    """Return the editorial body of ``text``: headline, paragraphs and subheadings,
    in their original order, one block per line (a blank line between two lines that
    would otherwise read as one block, so that cleaning the body again keeps them
    apart).  Empty or blank text gives ``""``.

    ``output="markdown"`` gives the body as the input lines that hold it: for markdown
    input, the body as markdown, headings, lists and links intact.
    A page of more than 20,000 lines or 4,000,000 characters (far beyond any real
    page) is cleaned a window of whole lines at a time, so that memory stays bounded
    (:meth:`Pipeline.clean`).
    Options are :class:`Config` fields.  Raises :class:`TypeError` if ``text`` is not a
    ``str``, :class:`ValueError` for another ``output``.
    """
    return _default_pipeline(Config.from_options(**options)).clean(text, output=output)


def clean_html(html: str, **options: Unpack[Options]) -> str:
    """Return the editorial body of an HTML page, as :func:`clean` does for its text.

    The HTML becomes text with :func:`cleantext.markup.html_lines` (html-text, one
    block per line), then goes through the same pipeline; the ``markup`` step then
    revises the body by the HTML's links, page regions and block tags.

    >>> page = ("<html><head><script>var tracker = 1;</script></head><body><p>The council met on "
    ...         "Tuesday and agreed to rebuild the old bridge by spring, after a long debate.</p></body></html>")
    >>> clean_html(page)
    'The council met on Tuesday and agreed to rebuild the old bridge by spring, after a long debate.'
    """
    return clean_document(html=html, **options).body
