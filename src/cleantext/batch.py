"""Clean many documents: in input order, with bounded memory, on a pool of processes.

:func:`clean_many` cleans an iterable of texts; :func:`clean_jsonl` cleans the
records of a JSON Lines stream (what ``cleantext --jsonl`` runs).  Both are
generators that read their input lazily and keep at most ``window`` chunks of
``chunk_size`` items in flight, so a 10 GB input streams through in a few MB.
Each worker process builds its :class:`~cleantext.Pipeline` once, in the pool's
initializer.  With ``jobs=1`` (or when the whole input fits in one chunk) the
work runs in this process, without a pool.  The output is the same whatever
``jobs`` is: the same as cleaning the items one by one.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Literal, Protocol, TypeVar

from .config import Config
from .document import Document
from .fromhtml import html_to_text
from .options import Options, Unpack
from .pipeline import Pipeline

__all__ = [
    "DEFAULT_CHUNK_BYTES",
    "DEFAULT_CHUNK_SIZE",
    "LineResult",
    "Task",
    "available_cores",
    "clean_jsonl",
    "clean_many",
    "map_ordered",
    "resolve_jobs",
]

#: Items sent to a worker at once (fewer when they reach :data:`DEFAULT_CHUNK_BYTES`).
DEFAULT_CHUNK_SIZE = 16
#: Input bytes in one chunk at most (a chunk holds at least one item).
DEFAULT_CHUNK_BYTES = 1 << 20
#: Chunks in flight per worker process.
WINDOW_PER_JOB = 4

I = TypeVar("I")  # noqa: E741 - the usual name for an item type
I_contra = TypeVar("I_contra", contravariant=True)
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

_WARM_UP = (
    "A short page to warm up the worker.\n"
    "The worker reads this paragraph once, so that the language detector and the "
    "classifier are loaded before the first real document arrives.\n"
)


def available_cores() -> int:
    """The number of CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None) -> int:
    """``None`` or ``0`` mean all available cores; otherwise ``jobs`` itself (>= 1)."""
    if jobs is None or jobs == 0:
        return available_cores()
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, got {jobs!r}")
    return jobs


class Task(Protocol[I_contra, R_co]):
    """What is done to each item.  It must pickle (module-level functions, plain data).

    ``run`` turns one item into its result and should not raise: a result can say
    that the item failed.  ``lost`` gives the result of an item whose worker process
    died before it was done (it may raise instead).  ``size`` is the item's weight
    in bytes, for the chunk size limit.
    """

    def run(self, pipeline: Pipeline, item: I_contra) -> R_co: ...

    def lost(self, item: I_contra, error: BaseException) -> R_co: ...

    def size(self, item: I_contra) -> int: ...


# -- the worker side ---------------------------------------------------------------------
_WORKER: tuple[Pipeline, Any] | None = None


def _build_pipeline(setup: Pipeline | Config) -> Pipeline:
    return setup if isinstance(setup, Pipeline) else Pipeline(config=setup)


def _init_worker(setup: Pipeline | Config, task: Any) -> None:
    """Pool initializer: build the pipeline once per process and load its models."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and shuts the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # whatever handler the parent had
    pipeline = _build_pipeline(setup)
    try:
        pipeline.run(_WARM_UP)
    except Exception:
        pass  # a broken setup shows up as per-item errors instead
    _WORKER = (pipeline, task)


def _run_chunk(chunk: list[Any]) -> list[Any]:
    if _WORKER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    pipeline, task = _WORKER
    return [task.run(pipeline, item) for item in chunk]


# -- the parent side ---------------------------------------------------------------------
def _chunks(items: Iterable[I], size: Callable[[I], int], chunk_size: int, chunk_bytes: int) -> Iterator[list[I]]:
    chunk: list[I] = []
    weight = 0
    for item in items:
        chunk.append(item)
        weight += size(item)
        if len(chunk) >= chunk_size or weight >= chunk_bytes:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


class _Pool:
    """A process pool that is built again when a worker dies."""

    def __init__(self, jobs: int, setup: Pipeline | Config, task: Any) -> None:
        self._args = (jobs, setup, task)
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        jobs, setup, task = self._args
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(setup, task))

    def submit(self, chunk: list[Any]) -> tuple[Future[list[Any]], ProcessPoolExecutor]:
        try:
            return self.executor.submit(_run_chunk, chunk), self.executor
        except BrokenProcessPool:  # a worker died since the last result was collected
            self.renew(self.executor)
            return self.executor.submit(_run_chunk, chunk), self.executor

    def renew(self, broken: ProcessPoolExecutor) -> None:
        """Replace the pool if ``broken`` is the current one."""
        if broken is self.executor:
            broken.shutdown(wait=True, cancel_futures=True)
            self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def map_ordered(
    task: Task[I, R],
    items: Iterable[I],
    *,
    jobs: int | None = 1,
    pipeline: Pipeline | None = None,
    config: Config | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    window: int | None = None,
) -> Iterator[R]:
    """Yield ``task.run(pipeline, item)`` for every item, in input order.

    ``items`` is read lazily: at most ``window`` chunks (default ``jobs * 4``) are in
    flight at once.  With ``jobs=1`` (the default), or when all items fit in one chunk,
    the work runs in this process; ``None`` or ``0`` mean all cores.  The pipeline is
    ``pipeline`` if given, else one built from ``config``; each worker builds (or
    inherits) its own once.
    """
    if chunk_size < 1 or chunk_bytes < 1:
        raise ValueError("chunk_size and chunk_bytes must be >= 1")
    jobs = resolve_jobs(jobs)
    setup: Pipeline | Config = pipeline if pipeline is not None else (config or Config())
    if jobs == 1:
        local = _build_pipeline(setup)
        for item in items:
            yield task.run(local, item)
        return
    chunks = _chunks(items, task.size, chunk_size, chunk_bytes)
    head = list(islice(chunks, 2))
    if len(head) < 2:  # one chunk: a pool would only add its start-up time
        local = _build_pipeline(setup)
        for chunk in head:
            for item in chunk:
                yield task.run(local, item)
        return
    yield from _map_pooled(task, head, chunks, jobs, setup, window or jobs * WINDOW_PER_JOB)


def _map_pooled(
    task: Task[I, R],
    head: list[list[I]],
    chunks: Iterator[list[I]],
    jobs: int,
    setup: Pipeline | Config,
    window: int,
) -> Iterator[R]:
    pool = _Pool(jobs, setup, task)
    pending: deque[tuple[Future[list[R]], ProcessPoolExecutor, list[I]]] = deque()

    def oldest() -> list[R]:
        future, executor, chunk = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool as exc:  # a worker died: its chunks cannot be told apart
            pool.renew(executor)
            return [task.lost(item, exc) for item in chunk]

    try:
        for chunk in chain(head, chunks):
            future, executor = pool.submit(chunk)
            pending.append((future, executor, chunk))
            while len(pending) >= window:
                yield from oldest()
        while pending:
            yield from oldest()
    finally:
        pool.close()


# -- clean_many -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Raised:
    """An exception raised by the pipeline, carried back to be raised in order."""

    error: BaseException


def _portable(exc: BaseException) -> BaseException:
    try:
        pickle.dumps(exc)
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


@dataclass(frozen=True)
class _CleanText:
    def run(self, pipeline: Pipeline, item: str) -> str | _Raised:
        try:
            return pipeline.clean(item)
        except Exception as exc:
            return _Raised(_portable(exc))

    def lost(self, item: str, error: BaseException) -> str | _Raised:
        raise error

    def size(self, item: str) -> int:
        return len(item) if isinstance(item, str) else 1


def clean_many(
    texts: Iterable[str],
    *,
    jobs: int | None = 1,
    pipeline: Pipeline | None = None,
    config: Config | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    **options: Unpack[Options],
) -> Iterator[str]:
    """Clean every text and yield the bodies, in input order.

    The same as ``(cleantext.clean(t, **options) for t in texts)``, on ``jobs``
    processes (``None`` or ``0``: all cores; ``1``: in this process, no pool).
    ``texts`` is read lazily and memory stays bounded.  Options are
    :class:`~cleantext.Config` fields; or pass a ``config``, or a ready ``pipeline``
    (with ``jobs > 1`` it must pickle unless processes are forked, as on Linux).  If
    cleaning a text raises, the exception is raised when its turn comes.

    >>> list(clean_many(["", "  "], jobs=1))
    ['', '']
    """
    config = _config(pipeline, config, options)
    for result in map_ordered(
        _CleanText(),
        texts,
        jobs=jobs,
        pipeline=pipeline,
        config=config,
        chunk_size=chunk_size,
        chunk_bytes=chunk_bytes,
    ):
        if isinstance(result, _Raised):
            raise result.error
        yield result


def _config(pipeline: Pipeline | None, config: Config | None, options: Options) -> Config:
    if (pipeline is not None) + (config is not None) + bool(options) > 1:
        raise TypeError("pass a pipeline, a config or options, not more than one of them")
    if pipeline is not None:
        return pipeline.config
    return config if config is not None else Config.from_options(**options)


# -- clean_jsonl -----------------------------------------------------------------------------
@dataclass(frozen=True)
class LineResult:
    """What became of one line of a JSON Lines input.

    Attributes:
        line: the line number, from 1.
        kind: ``"record"`` (cleaned), ``"error"`` (it failed) or ``"blank"``
            (empty or whitespace only: skipped).
        json: the line to write, without newline: the cleaned record, or the error
            record ``{"line", "error", "input"}``; ``""`` for a blank line.
        error: why the line failed (``""`` unless ``kind == "error"``).
    """

    line: int
    kind: Literal["record", "error", "blank"]
    json: str = ""
    error: str = ""


def body_of(doc: Document) -> str:
    """The default rendering of a cleaned record: the body text."""
    return doc.body


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \\ud800-style escapes: keep them escaped
        text = json.dumps(value, ensure_ascii=True)
    return text


def error_record(line: int, error: str, raw: bytes | str) -> LineResult:
    """The result of a line that failed: its number, the error and the line as it was."""
    text = raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else raw
    record = {"line": line, "error": error, "input": text.rstrip("\r\n")}
    return LineResult(line, "error", _dumps(record), error)


@dataclass(frozen=True)
class JsonlTask:
    """Clean the ``field`` of one JSON line into ``into`` (and the language into
    ``language_field``, unless it is empty); other fields pass through in order."""

    field: str = "text"
    into: str = "body"
    language_field: str | None = "language"
    render: Callable[[Document], Any] = body_of
    html: bool = False
    overwrite: bool = True

    def run(self, pipeline: Pipeline, item: tuple[int, bytes | str]) -> LineResult:
        """Clean one numbered line; failures become error results."""
        number, raw = item
        try:
            text = (raw.decode("utf-8") if isinstance(raw, bytes) else raw).rstrip("\r\n")
        except UnicodeDecodeError as exc:
            return error_record(number, f"invalid UTF-8: {exc}", raw)
        if not text.strip():
            return LineResult(number, "blank")
        try:
            record = json.loads(text)
        except ValueError as exc:
            return error_record(number, f"invalid JSON: {exc}", raw)
        if not isinstance(record, dict):
            return error_record(number, f"not a JSON object: {type(record).__name__}", raw)
        if self.field not in record:
            return error_record(number, f"missing field {self.field!r}", raw)
        value = record[self.field]
        if not isinstance(value, str):
            kind = type(value).__name__
            return error_record(number, f"field {self.field!r} is not a string: {kind}", raw)
        if not self.overwrite and self.into in record:
            return error_record(number, f"field {self.into!r} exists; not overwritten (--force to replace it)", raw)
        try:
            doc = pipeline.run(html_to_text(value) if self.html else value)
            record[self.into] = self.render(doc)
        except Exception as exc:
            return error_record(number, f"cleaning failed: {type(exc).__name__}: {exc}", raw)
        if self.language_field:
            record[self.language_field] = doc.language
        return LineResult(number, "record", _dumps(record))

    def lost(self, item: tuple[int, bytes | str], error: BaseException) -> LineResult:
        """A line whose worker died: an error result, so that it is not lost."""
        number, raw = item
        return error_record(number, f"worker process died, line not cleaned: {error}", raw)

    def size(self, item: tuple[int, bytes | str]) -> int:
        """The line's length."""
        return len(item[1])


def clean_jsonl(
    lines: Iterable[bytes | str],
    *,
    field: str = "text",
    into: str = "body",
    language_field: str | None = "language",
    render: Callable[[Document], Any] = body_of,
    html: bool = False,
    overwrite: bool = True,
    jobs: int | None = 1,
    pipeline: Pipeline | None = None,
    config: Config | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    **options: Unpack[Options],
) -> Iterator[LineResult]:
    """Clean the records of a JSON Lines stream; yield one :class:`LineResult` per line, in order.

    Each line (``bytes`` in UTF-8, or ``str``, as read from a file) is a JSON object
    whose ``field`` is cleaned into ``into`` (``render(doc)``, the body by default),
    with the detected language in ``language_field`` (``None`` or ``""``: not added).
    Existing fields keep their order; ``into`` and ``language_field`` replace fields
    of the same name.  A line that is not valid UTF-8 or JSON, is not an object,
    lacks the field (or it is not a string), or makes the pipeline fail gives an
    ``"error"`` result; a blank line gives a ``"blank"`` one.  Nothing is skipped
    silently.  ``html=True`` reads ``field`` as HTML (:func:`cleantext.fromhtml.html_to_text`);
    ``overwrite=False`` makes a record that already has ``into`` an error instead.
    ``jobs``, ``pipeline``, ``config`` and options are as in :func:`clean_many`.

    >>> [r.json for r in clean_jsonl(['{"id": 1, "text": ""}'], language="en")]
    ['{"id": 1, "text": "", "body": "", "language": "en"}']
    """
    config = _config(pipeline, config, options)
    task = JsonlTask(field, into, language_field or None, render, html, overwrite)
    return map_ordered(
        task,
        enumerate(lines, start=1),
        jobs=jobs,
        pipeline=pipeline,
        config=config,
        chunk_size=chunk_size,
        chunk_bytes=chunk_bytes,
    )
