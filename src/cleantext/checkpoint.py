"""Output that survives an interrupted run: written under temporary names, checkpointed,
renamed into place only when whole.

A :class:`ResumableSink` writes the records of one input to ``OUT`` (or to shards
``OUT-00000.jsonl``, ``OUT-00001.jsonl``, ... of ``shard_size`` records) and the error
records to ``ERRORS``, each first as ``.NAME.part`` in the same directory.  Every
``CHECKPOINT_LINES`` input lines (or ``CHECKPOINT_BYTES`` of output), it ends the
current compressed frame, flushes, and writes ``.OUT.resume.json``: how many input lines
are done, how long each partial file is then, and the run's counts so far.  A run that is
interrupted, even by ``SIGKILL``, can thus go on where the last checkpoint was: the
partial files are cut back to their checkpointed length (complete lines only) and the
input lines before it are skipped.  A file appears under its real name only when it is
complete (``os.replace``), keeping the mode of the file it replaces.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .batchio import Compressor, compression_of_name, strip_compression
from .runstats import RunStats

__all__ = [
    "CHECKPOINT_BYTES",
    "CHECKPOINT_LINES",
    "PartFile",
    "ResumableSink",
    "ResumeMismatch",
    "replace_keeping_mode",
    "shard_path",
]

#: Input lines between two checkpoints.
CHECKPOINT_LINES = 100
#: Output bytes between two checkpoints (whichever comes first).
CHECKPOINT_BYTES = 8 << 20
_STATE_VERSION = 1


class ResumeMismatch(Exception):
    """The partial output was made from another input or with other options."""


def partial_path(path: Path) -> Path:
    """Where ``path`` is written until it is complete: ``.NAME.part`` beside it."""
    return path.with_name(f".{path.name}.part")


def state_path(path: Path) -> Path:
    """The checkpoint of the run that writes ``path``: ``.NAME.resume.json`` beside it."""
    return path.with_name(f".{path.name}.resume.json")


def shard_path(path: Path, index: int) -> Path:
    """The ``index``-th shard of ``path``: ``out.jsonl.gz`` -> ``out-00003.jsonl.gz``."""
    name = path.name
    compressed = strip_compression(name)
    compression = name[len(compressed) :]
    base, dot, ext = compressed.partition(".")
    return path.with_name(f"{base}-{index:05d}{dot}{ext}{compression}")


def replace_keeping_mode(partial: Path, target: Path) -> None:
    """``os.replace(partial, target)``, giving ``partial`` the mode of the ``target`` it replaces."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(partial, stat.S_IMODE(os.stat(target).st_mode))
    os.replace(partial, target)


@dataclass
class PartFile:
    """One file written as ``.NAME.part`` (created on the first write, compressed as
    its name says) and renamed onto ``target`` by :meth:`commit`."""

    target: Path
    file: IO[bytes] | None = None
    compressor: Compressor | None = None
    size: int = 0  # bytes of the partial at the last checkpoint

    @property
    def partial(self) -> Path:
        """The temporary file."""
        return partial_path(self.target)

    def open(self, keep: int | None) -> None:
        """Open the partial file: new (``keep`` None), or cut back to ``keep`` bytes."""
        if keep is None:
            self.file = open(self.partial, "wb")
        else:
            self.file = open(self.partial, "r+b")
            self.file.truncate(keep)
            self.file.seek(keep)
        self.size = keep or 0
        self.compressor = Compressor(self.file, compression_of_name(self.target))

    def write(self, data: bytes) -> None:
        """Write ``data`` (opening the partial file on first use)."""
        if self.compressor is None:
            self.open(None)
        assert self.compressor is not None
        self.compressor.write(data)

    def mark(self) -> int:
        """End the frame, flush; the partial's length, now whole."""
        if self.compressor is None or self.file is None:
            return self.size
        self.compressor.end_frame()
        self.size = self.file.tell()
        return self.size

    def close(self) -> None:
        """Close the partial file (it stays)."""
        if self.file is not None:
            self.file.close()
            self.file = None
            self.compressor = None

    def commit(self) -> None:
        """Make the partial the target (only if it was written)."""
        self.mark()
        self.close()
        if self.partial.exists():
            replace_keeping_mode(self.partial, self.target)

    def discard(self) -> None:
        """Close and remove the partial file."""
        self.close()
        self.partial.unlink(missing_ok=True)


@dataclass
class ResumableSink:
    """Records to ``target`` (sharded if ``shard_size``), errors to ``errors``; see the module.

    ``identity`` says what is being cleaned and how (input file sizes and times, options):
    resuming checks that it is the same.  Call :meth:`open` first; :meth:`record` or
    :meth:`error` for each line's output, :meth:`line_done` after each input line; then
    :meth:`finish`, or :meth:`suspend` (keep for ``--resume``) or :meth:`discard`.
    """

    target: Path
    errors: Path
    identity: dict[str, Any]
    shard_size: int | None = None
    lines_done: int = 0
    stats: RunStats = field(default_factory=RunStats)
    _shard: int = 0
    _shard_records: int = 0
    _since: int = 0
    _bytes_since: int = 0
    _consistent: bool = True  # the written lines match lines_done (not mid-line)

    def __post_init__(self) -> None:
        self._out = PartFile(self._shard_target(0))
        self._err = PartFile(self.errors)

    def _shard_target(self, index: int) -> Path:
        return shard_path(self.target, index) if self.shard_size else self.target

    @property
    def state(self) -> Path:
        """The checkpoint file."""
        return state_path(self.target)

    @property
    def first_output(self) -> Path:
        """The first file the run writes (the output, or its first shard)."""
        return self._shard_target(0)

    def done_before(self) -> bool:
        """Whether an earlier run finished this output (it exists and no checkpoint is left)."""
        return self.first_output.exists() and not self.state.exists()

    def open(self, resume: bool) -> None:
        """Start, or with ``resume`` go on from the last checkpoint if there is one."""
        if resume and self.state.exists():
            saved = json.loads(self.state.read_text(encoding="utf-8"))
            if saved.get("version") != _STATE_VERSION or saved.get("identity") != self.identity:
                raise ResumeMismatch(
                    f"{self.state} was written for another input or other options; run without --resume to start over"
                )
            self.lines_done = saved["lines"]
            self.stats = RunStats.from_dict(saved["stats"])
            self._shard, self._shard_records = saved["shard"], saved["shard_records"]
            self._out = PartFile(self._shard_target(self._shard))
            try:
                self._out.open(saved["out_bytes"])
                if saved["errors_bytes"]:
                    self._err.open(saved["errors_bytes"])
            except FileNotFoundError as exc:
                raise ResumeMismatch(f"a partial file of the interrupted run is missing: {exc.filename}") from None
            return
        self.state.unlink(missing_ok=True)
        self._err.partial.unlink(missing_ok=True)  # an earlier, abandoned run's
        self._out.open(None)

    def record(self, data: bytes) -> None:
        """Write a cleaned record's line (then call :meth:`line_done`)."""
        self._consistent = False
        if self.shard_size and self._shard_records >= self.shard_size:
            self._out.commit()
            self._shard += 1
            self._shard_records = 0
            self._out = PartFile(self._shard_target(self._shard))
            self._out.open(None)
        self._out.write(data)
        self._shard_records += 1
        self._bytes_since += len(data)

    def error(self, data: bytes) -> None:
        """Write an error record's line (then call :meth:`line_done`)."""
        self._consistent = False
        self._err.write(data)
        self._bytes_since += len(data)

    def line_done(self) -> None:
        """One more input line is fully written; checkpoint now and then."""
        self.lines_done += 1
        self._since += 1
        self._consistent = True
        if self._since >= CHECKPOINT_LINES or self._bytes_since >= CHECKPOINT_BYTES:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Make the partial files whole up to here and record it (atomically)."""
        self._consistent = False
        state = {
            "version": _STATE_VERSION,
            "identity": self.identity,
            "lines": self.lines_done,
            "shard": self._shard,
            "shard_records": self._shard_records,
            "out_bytes": self._out.mark(),
            "errors_bytes": self._err.mark(),
            "stats": self.stats.as_dict(),
        }
        temporary = self.state.with_name(self.state.name + ".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temporary, self.state)
        self._since = self._bytes_since = 0
        self._consistent = True

    def finish(self) -> None:
        """Put every file in place; remove the checkpoint.  On failure nothing partial stays."""
        try:
            self._err.commit()
            self._out.commit()
        except BaseException:
            self.discard()
            raise
        self.state.unlink(missing_ok=True)

    def suspend(self) -> None:
        """Keep the work done for ``--resume``: checkpoint here (or, if interrupted in the
        middle of a line or a checkpoint, keep the last checkpoint) and close."""
        if self._consistent:
            self.checkpoint()
        self._out.close()
        self._err.close()

    def discard(self) -> None:
        """Remove the partial files and the checkpoint (the shards already finished stay)."""
        self._out.discard()
        self._err.discard()
        self.state.unlink(missing_ok=True)
