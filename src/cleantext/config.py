"""Immutable settings for a cleaning run, with keyword overrides."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, cast

from .options import Options, Unpack

#: What a page over ``Config.max_chars`` does.
TOO_LONG: tuple[str, ...] = ("error", "truncate")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of a pipeline.  Build one with keywords, derive others with :meth:`replace`.

    Attributes:
        language: force this ISO 639-1 language instead of detecting it.
        language_backend: name of the language detector (``"cld2"``, ``"py3langid"``, ``"langdetect"``).
        language_sample: characters of prose the detector reads at most.
        fix_encoding: repair mojibake with ftfy (encoding repairs only).
        threshold: probability above which a block reads as body.
        keep_headings: keep short unpunctuated lines between body blocks as subheadings.
        keep_title: keep the headline above the body.
        max_gap: blocks of non-body the main body run may bridge.
        disable: names of pipeline steps to skip.
        settle: read the body again until it no longer changes, so that cleaning
            an already clean body gives it back unchanged (``clean`` idempotent).
            Lines the second reading joins are joined in the result.  It takes
            1.3-1.5x the time (a reading again takes the features of the blocks
            it read before), so it is off by default.  Without it, about one
            page in fifteen changes when its body is cleaned again, nearly always
            by losing a few short lines (the body keeps a blank line between lines
            that would read as one block, the model learnt cleaned pages too, and
            the end of a run is trimmed as the body's own end would be;
            ``benchmarks/bench_idempotence.py``).
        max_chars: the most characters a page may have (``None``: no limit).  A
            longer page raises :class:`cleantext.PageTooLong` (``too_long="error"``)
            or is cut to its first lines within the limit (``too_long="truncate"``; a
            single longer line is cut at the limit), which ``doc.reports`` records.
            Time grows linearly with a page.  :func:`cleantext.clean` needs memory
            for one window of the page at a time (:mod:`cleantext.windows`);
            :func:`cleantext.clean_document` keeps every block, about 1 KB each, and
            2 KB while it runs: the limit is what bounds that.
        too_long: what a page over ``max_chars`` does: ``"error"`` or ``"truncate"``.
    """

    language: str | None = None
    language_backend: str = "cld2"
    language_sample: int = 1500
    fix_encoding: bool = True
    threshold: float = 0.4
    keep_headings: bool = True
    keep_title: bool = True
    max_gap: int = 6
    disable: tuple[str, ...] = ()
    settle: bool = False
    max_chars: int | None = None
    too_long: str = "error"

    def __post_init__(self) -> None:
        if isinstance(self.disable, (list, set, frozenset)):
            object.__setattr__(self, "disable", tuple(sorted(self.disable)))
        if isinstance(self.disable, str):
            object.__setattr__(self, "disable", (self.disable,))
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be within 0..1, got {self.threshold!r}")
        if self.max_gap < 0:
            raise ValueError(f"max_gap must be >= 0, got {self.max_gap!r}")
        if self.max_chars is not None and self.max_chars < 1:
            raise ValueError(f"max_chars must be >= 1 or None, got {self.max_chars!r}")
        if self.too_long not in TOO_LONG:
            raise ValueError(f"too_long must be one of {', '.join(TOO_LONG)}, got {self.too_long!r}")
        if self.language_sample < 1:
            raise ValueError(f"language_sample must be >= 1, got {self.language_sample!r}")

    def replace(self, **overrides: Unpack[Options]) -> Config:
        """A copy with the given settings changed."""
        unknown = set(overrides) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return replace(self, **cast("dict[str, Any]", overrides))

    @classmethod
    def from_options(cls, **options: Unpack[Options]) -> Config:
        """Build a config from keyword options, rejecting unknown names."""
        return cls().replace(**options) if options else cls()
