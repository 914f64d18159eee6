"""The summary of a batch run: records in, cleaned, errors, bytes, kept blocks, drop reasons.

:class:`RunStats` adds up :class:`~cleantext.batch.LineResult` objects as the run goes;
:meth:`RunStats.summary` is the line printed at the end and :meth:`RunStats.as_dict`
what ``cleantext --stats FILE`` writes (like the stats of a datatrove step).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .batch import LineResult

__all__ = ["RunStats"]


@dataclass
class RunStats:
    """Counts of a run, added up record by record (and restored on ``--resume``)."""

    lines: int = 0
    cleaned: int = 0
    errors: int = 0
    blank: int = 0
    skipped: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    blocks: int = 0
    kept_blocks: int = 0
    files_done: int = 0
    files_skipped: int = 0
    drop_reasons: Counter[str] = field(default_factory=Counter)
    error_kinds: Counter[str] = field(default_factory=Counter)

    def add(self, result: LineResult, bytes_in: int, bytes_out: int) -> None:
        """Count one line's result (its input and written bytes)."""
        self.lines += 1
        self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        if result.kind == "record":
            self.cleaned += 1
            self.blocks += result.blocks
            self.kept_blocks += result.kept
            for reason, count in result.dropped:
                self.drop_reasons[reason] += count
        elif result.kind == "error":
            self.errors += 1
            self.error_kinds[result.error.split(":", 1)[0]] += 1
        else:
            self.blank += 1

    @property
    def records(self) -> int:
        """Records read (lines that are not blank)."""
        return self.cleaned + self.errors

    @property
    def kept_share(self) -> float:
        """The share of blocks kept in the bodies (0 when nothing was cleaned)."""
        return self.kept_blocks / self.blocks if self.blocks else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The counts as JSON-ready data (drop reasons most frequent first)."""
        return {
            "records_in": self.records,
            "cleaned": self.cleaned,
            "errors": self.errors,
            "blank_lines": self.blank,
            "skipped_records": self.skipped,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "blocks": self.blocks,
            "kept_blocks": self.kept_blocks,
            "kept_block_share": round(self.kept_share, 4),
            "drop_reasons": dict(self.drop_reasons.most_common()),
            "error_kinds": dict(self.error_kinds.most_common()),
            "files_done": self.files_done,
            "files_skipped": self.files_skipped,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunStats:
        """Counts saved by :meth:`as_dict` (to go on after ``--resume``)."""
        stats = cls(
            cleaned=data["cleaned"],
            errors=data["errors"],
            blank=data["blank_lines"],
            skipped=data["skipped_records"],
            bytes_in=data["bytes_in"],
            bytes_out=data["bytes_out"],
            blocks=data["blocks"],
            kept_blocks=data["kept_blocks"],
            files_done=data["files_done"],
            files_skipped=data["files_skipped"],
            drop_reasons=Counter(data["drop_reasons"]),
            error_kinds=Counter(data["error_kinds"]),
        )
        stats.lines = stats.cleaned + stats.errors + stats.blank
        return stats

    def summary(self) -> str:
        """The one-line summary printed at the end of a run."""
        reasons = ", ".join(f"{reason} {count}" for reason, count in self.drop_reasons.most_common(3))
        text = (
            f"{self.lines} line(s): {self.cleaned} cleaned, {self.errors} error(s), "
            f"{self.blank} blank line(s) skipped; {self.bytes_in:,} bytes in, {self.bytes_out:,} out; "
            f"{self.kept_share:.1%} of blocks kept"
        )
        if reasons:
            text += f"; top drop reasons: {reasons}"
        if self.skipped:
            text += f"; {self.skipped} non-text WARC record(s) skipped"
        return text
