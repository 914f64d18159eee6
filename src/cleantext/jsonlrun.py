"""The JSON Lines (and WARC/WET) run of the command line: inputs to outputs, resumable.

:func:`run_jsonl` cleans each input file (JSONL, compressed or not, or WARC/WET) into
its output (a file, shards, or stdout) and an errors file, with checkpoints
(:mod:`cleantext.checkpoint`) so that ``--resume`` goes on after an interruption,
and adds up a :class:`~cleantext.runstats.RunStats`.  The command line
(:mod:`cleantext.cli`) parses the options and calls it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from . import guard
from ._version import __version__
from .batch import LineResult, body_of, clean_jsonl
from .batchio import open_input, strip_compression, utf8_lines
from .checkpoint import PartFile, ResumableSink, partial_path
from .config import Config
from .runstats import RunStats
from .warc import is_warc, warc_lines

__all__ = ["FAIL_FAST_RECORDS", "JsonlRun", "NothingToClean", "Unit", "output_name", "run_jsonl"]

#: When this many records from the start of an input all lack the field, the run stops.
FAIL_FAST_RECORDS = 50


class NothingToClean(Exception):
    """The first records of an input all lack the field: the run stops at once."""


@dataclass(frozen=True)
class Unit:
    """One input and where its records and errors go (``output`` None: stdout)."""

    source: str
    output: Path | None
    errors: Path


@dataclass
class JsonlRun:
    """What the command line asks of a JSON Lines run."""

    field: str = "text"
    into: str = "body"
    language_field: str | None = "language"
    render: Callable[..., Any] | None = None
    html: bool = False
    overwrite: bool = True
    jobs: int = 0
    config: Config = dataclasses.field(default_factory=Config)
    chunk_size: int = 16
    time_limit: float | None = None
    shard_size: int | None = None
    resume: bool = False
    progress: Callable[[Iterator[LineResult]], Iterator[LineResult]] = iter
    stats: RunStats = dataclasses.field(default_factory=RunStats)

    def settings(self) -> dict[str, Any]:
        """What decides the output: a resumed run must have the same."""
        return {
            "version": __version__,
            "field": self.field,
            "into": self.into,
            "language_field": self.language_field,
            "render": repr(self.render),
            "html": self.html,
            "overwrite": self.overwrite,
            "config": repr(self.config),
            "shard_size": self.shard_size,
        }


def output_name(source: str) -> str:
    """The output file name for an input in ``--out-dir``: ``a.jsonl.gz`` -> ``a.jsonl.gz``,
    ``b.warc.wet.gz`` -> ``b.jsonl.gz``, ``c.txt`` -> ``c.jsonl``."""
    name = Path(source).name
    bare = strip_compression(name)
    compression = name[len(bare) :]
    stem = bare
    for suffix in (".wet", ".warc", ".jsonl", ".json", ".ndjson", ".txt"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    for suffix in (".warc", ".wet"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return f"{stem}.jsonl{compression}"


def _identity(source: str, run: JsonlRun) -> dict[str, Any]:
    if source == "-":  # stdin cannot be resumed: the command line refuses --resume for it
        return {"input": "-", **run.settings()}
    info = os.stat(source)
    return {
        "input": str(Path(source).resolve()),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        **run.settings(),
    }


def _lines(stream: IO[bytes], skipped: list[int]) -> Iterator[bytes]:
    head = stream.peek(8)[:8] if hasattr(stream, "peek") else b""
    return warc_lines(stream, skipped) if is_warc(head) else utf8_lines(stream)


def _fields_of(raw_error: str) -> str:
    try:
        record = json.loads(json.loads(raw_error)["input"])
    except (ValueError, KeyError, TypeError, RecursionError):
        return ""
    return ", ".join(record) if isinstance(record, dict) else ""


class _Stdout:
    """Where a run to stdout writes: records to stdout, errors to a file made on first use."""

    def __init__(self, errors: Path) -> None:
        self.out = sys.stdout.buffer
        self.errors = PartFile(errors)
        self.lines_done = 0
        self.stats = RunStats()

    def record(self, data: bytes) -> None:
        self.out.write(data)

    def error(self, data: bytes) -> None:
        self.errors.write(data)

    def line_done(self) -> None:
        self.lines_done += 1


def _clean_unit(unit: Unit, run: JsonlRun, sink: ResumableSink | _Stdout) -> RunStats:
    """Clean one input into ``sink``; return its counts."""
    stats = sink.stats
    done = sink.lines_done
    skipped = [stats.skipped]
    sizes: deque[int] = deque()
    with open_input(unit.source) as stream:
        lines = _lines(stream, skipped)
        for _ in islice(lines, done):  # finished by the interrupted run
            pass

        def measured() -> Iterator[bytes]:
            for line in lines:
                sizes.append(len(line))
                yield line

        results = clean_jsonl(
            measured(),
            field=run.field,
            into=run.into,
            language_field=run.language_field,
            render=run.render or body_of,
            html=run.html,
            overwrite=run.overwrite,
            jobs=run.jobs,
            config=run.config,
            chunk_size=run.chunk_size,
            time_limit=run.time_limit,
            start=done + 1,
        )
        missing = 0
        for result in run.progress(results):
            data = result.json.encode("utf-8") + b"\n" if result.kind != "blank" else b""
            if result.kind == "record":
                sink.record(data)
            elif result.kind == "error":
                sink.error(data)
                if done == 0 and stats.cleaned == 0 and result.error.startswith("missing field"):
                    missing += 1
                    if missing >= FAIL_FAST_RECORDS:
                        fields = _fields_of(result.json)
                        raise NothingToClean(
                            f"{unit.source}: the first {missing} records have no field {run.field!r}"
                            + (f" (fields: {fields}); pick one with --field" if fields else "")
                        )
            stats.add(result, sizes.popleft() if sizes else 0, len(data))
            stats.skipped = skipped[0]
            sink.line_done()
    return stats


def run_jsonl(units: Iterable[Unit], run: JsonlRun, say: Callable[[str], None]) -> RunStats:
    """Clean every unit; return the counts of the whole run.

    With ``run.resume``, a unit whose output is complete is skipped and one with a
    checkpoint goes on from it.  On Ctrl-C or SIGTERM the unit in progress keeps its
    work for ``--resume`` (the exception goes on); on any other failure its partial
    files are removed.
    """
    total = run.stats
    for unit in units:
        if unit.output is None:
            target = _Stdout(unit.errors)
            try:
                stats = _clean_unit(unit, run, target)
                target.out.flush()
            except BaseException:
                target.errors.discard()
                raise
            target.errors.commit()
            _merge(total, stats)
            total.files_done += 1
            continue
        sink = ResumableSink(unit.output, unit.errors, _identity(unit.source, run), run.shard_size)
        if run.resume and sink.done_before():
            total.files_skipped += 1
            say(f"{unit.source}: already done ({sink.first_output} exists), skipped")
            continue
        sink.open(run.resume)
        if sink.lines_done:
            say(f"{unit.source}: resuming after {sink.lines_done} line(s)")
        try:
            stats = _clean_unit(unit, run, sink)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt) or guard.stop_requested():
                sink.suspend()
                say(
                    f"{unit.source}: interrupted; {sink.lines_done} line(s) done are kept in "
                    f"{partial_path(sink.first_output).name}; run the same command with --resume to go on"
                )
            else:
                sink.discard()
            raise
        sink.finish()
        _merge(total, stats)
        total.files_done += 1
    return total


def _merge(total: RunStats, part: RunStats) -> None:
    for name in ("lines", "cleaned", "errors", "blank", "skipped", "bytes_in", "bytes_out", "blocks", "kept_blocks"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.drop_reasons.update(part.drop_reasons)
    total.error_kinds.update(part.error_kinds)
