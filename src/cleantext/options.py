"""The keyword options of the public functions, typed: :class:`Options` mirrors :class:`~cleantext.config.Config`.

``clean(text, **options: Unpack[Options])`` (PEP 692) lets a type checker catch a
misspelt option (``langauge="de"``) or a wrong type (``threshold="high"``).  At run
time :meth:`Config.from_options` still rejects unknown names.  ``tests/test_options.py``
checks that the two stay in step.
"""

from __future__ import annotations

import sys
from typing import TypedDict

if sys.version_info >= (3, 11):
    from typing import Unpack
else:  # pragma: no cover - Python 3.10
    from typing_extensions import Unpack

__all__ = ["Options", "Unpack"]


class Options(TypedDict, total=False):
    """Keyword options: every field of :class:`~cleantext.config.Config`, all optional.

    ``disable`` also takes a list or a single step name, as ``Config`` does.
    """

    language: str | None
    language_backend: str
    language_sample: int
    fix_encoding: bool
    threshold: float
    keep_headings: bool
    keep_title: bool
    max_gap: int
    disable: tuple[str, ...] | list[str] | str
    settle: bool
    max_chars: int | None
    too_long: str
