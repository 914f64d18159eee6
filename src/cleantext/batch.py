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

import contextlib
import json
import os
import pickle
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Generic, Literal, Protocol, TypeVar, overload

from . import guard, limits
from .config import Config
from .document import Document
from .options import Options, Unpack
from .pipeline import Pipeline

__all__ = [
    "DEFAULT_CHUNK_BYTES",
    "DEFAULT_CHUNK_SIZE",
    "FilterError",
    "LineResult",
    "RecordTimeout",
    "Task",
    "WorkerDied",
    "available_cores",
    "clean_jsonl",
    "clean_many",
    "default_inflight_bytes",
    "map_ordered",
    "resolve_jobs",
]

#: Items sent to a worker at once (fewer when they reach :data:`DEFAULT_CHUNK_BYTES`).
DEFAULT_CHUNK_SIZE = 16
#: Input bytes in one chunk at most (a chunk holds at least one item).
DEFAULT_CHUNK_BYTES = 1 << 20
#: Chunks in flight per worker process.
WINDOW_PER_JOB = 4
#: Input bytes in flight at most, whatever the window (see :func:`default_inflight_bytes`).
MAX_INFLIGHT_BYTES = 64 << 20
#: Seconds the parent waits beyond a record's time limit before it kills the worker (a
#: record stuck in C code that holds the GIL does not see the worker's own alarm).
HARD_LIMIT_GRACE = 5.0

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
    """The number of CPU cores this process may run on (affinity and cgroup CPU quota)."""
    return limits.available_cores()


def resolve_jobs(jobs: int | None) -> int:
    """``None`` or ``0`` mean all available cores; otherwise ``jobs`` itself (>= 1)."""
    if jobs is None or jobs == 0:
        return available_cores()
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, got {jobs!r}")
    return jobs


def default_inflight_bytes() -> int:
    """Input bytes in flight by default: :data:`MAX_INFLIGHT_BYTES`, or a 16th of the
    memory still available if that is less (results take about as much again), at least 1 MiB."""
    free = limits.available_memory()
    if not free:
        return MAX_INFLIGHT_BYTES
    return max(1 << 20, min(MAX_INFLIGHT_BYTES, free // 16))


class Task(Protocol[I_contra, R_co]):
    """What is done to each item.  It must pickle (module-level functions, plain data).

    ``run`` turns one item into its result and should not raise: a result can say
    that the item failed.  ``lost`` gives the result of an item that could not be done:
    its worker process died while running it, or it went over the time limit (it may
    raise instead).  ``size`` is the item's weight in bytes, for the chunk size limit.
    """

    def run(self, pipeline: Pipeline, item: I_contra) -> R_co: ...

    def lost(self, item: I_contra, error: BaseException) -> R_co: ...

    def size(self, item: I_contra) -> int: ...


class WorkerDied(RuntimeError):
    """The worker process died while it ran this item alone (a crash in C code, ``os._exit``,
    the OOM killer), or was killed because the item went over its time limit."""


# -- the worker side ---------------------------------------------------------------------
_WORKER: tuple[Pipeline, Any, float | None] | None = None


def _build_pipeline(setup: Pipeline | Config) -> Pipeline:
    return setup if isinstance(setup, Pipeline) else Pipeline(config=setup)


def _init_worker(setup: Pipeline | Config, task: Any, limit: float | None, parent: int, kernel: bool) -> None:
    """Pool initializer: exit with the parent; build the pipeline once and load its models."""
    global _WORKER
    guard.die_with_parent(parent, kernel=kernel)
    # the parent handles Ctrl-C and SIGTERM (sent to the whole group, too) and ends the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    guard.reset_stop()
    pipeline = _build_pipeline(setup)
    try:
        pipeline.run(_WARM_UP)
    except Exception:
        pass  # a broken setup shows up as per-item errors instead
    _WORKER = (pipeline, task, limit)


def _run_one(task: Task[I, R], pipeline: Pipeline, item: I, limit: float | None) -> R:
    """``task.run`` under the time limit; an overrun (even one that escapes ``run``) is ``lost``."""
    try:
        with guard.time_limit(limit):
            return task.run(pipeline, item)
    except guard.TimeLimitExceeded:
        return task.lost(item, RecordTimeout(f"took longer than the time limit of {limit:g} s"))


def _run_chunk(chunk: list[Any]) -> list[Any]:
    if _WORKER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    pipeline, task, limit = _WORKER
    return [_run_one(task, pipeline, item, limit) for item in chunk]


class RecordTimeout(RuntimeError):
    """An item went over the per-item time limit."""


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

    def __init__(self, jobs: int, setup: Pipeline | Config, task: Any, limit: float | None) -> None:
        kernel = threading.current_thread() is threading.main_thread()
        self._args = (jobs, setup, task, limit, os.getpid(), kernel)
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        jobs, *initargs = self._args
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=tuple(initargs))

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

    def kill(self, executor: ProcessPoolExecutor) -> None:
        """Kill the worker processes of ``executor`` (one of them is stuck); its futures
        then fail with ``BrokenProcessPool``."""
        processes = getattr(executor, "_processes", None) or {}
        for process in list(processes.values()):
            with contextlib.suppress(OSError, AttributeError):
                process.kill()

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
    inflight_bytes: int | None = None,
    time_limit: float | None = None,
    isolate: bool | None = None,
) -> Iterator[R]:
    """Yield ``task.run(pipeline, item)`` for every item, in input order.

    ``items`` is read lazily: at most ``window`` chunks (default ``jobs * 4``) and about
    ``inflight_bytes`` of input (default :func:`default_inflight_bytes`) are in flight at
    once.  With ``jobs=1`` (the default), or when all items fit in one chunk, the work
    runs in this process, unless ``isolate`` is true: then it runs in worker processes
    (``jobs`` of them), so that an item that crashes its process is named (``task.lost``)
    instead of ending this one.  ``None`` or ``0`` jobs mean all cores.

    In a pool, when a worker dies, the other items of the chunks that were in flight are
    run again one at a time, so that only the item that kills a worker again is lost.
    ``time_limit`` (seconds, off by default) makes an item that runs longer ``lost``: its
    worker gets an alarm, and if that does not end it, the parent kills the worker once
    its chunk has run ``time_limit`` seconds per item and ``HARD_LIMIT_GRACE`` more (then
    the chunk's other items run again alone).  With a time limit, ``isolate`` defaults to true.

    The pipeline is ``pipeline`` if given, else one built from ``config``; each worker
    builds (or inherits) its own once.
    """
    if chunk_size < 1 or chunk_bytes < 1:
        raise ValueError("chunk_size and chunk_bytes must be >= 1")
    if time_limit is not None and time_limit <= 0:
        raise ValueError(f"time_limit must be > 0 seconds, got {time_limit!r}")
    jobs = resolve_jobs(jobs)
    guard.reset_stop()  # a stop asked of an earlier run (then caught) does not hold for this one
    if isolate is None:
        isolate = time_limit is not None
    setup: Pipeline | Config = pipeline if pipeline is not None else (config or Config())
    if jobs == 1 and not isolate:
        yield from _map_local(task, items, setup, time_limit)
        return
    chunks = _chunks(items, task.size, chunk_size, chunk_bytes)
    head = list(islice(chunks, 2))
    if len(head) < 2 and not isolate:  # one chunk: a pool would only add its start-up time
        yield from _map_local(task, chain.from_iterable(head), setup, time_limit)
        return
    budget = inflight_bytes if inflight_bytes is not None else default_inflight_bytes()
    pooled = _Pooled(task, jobs, setup, time_limit, window or jobs * WINDOW_PER_JOB, budget)
    yield from pooled.run(chain(head, chunks))


def _map_local(task: Task[I, R], items: Iterable[I], setup: Pipeline | Config, limit: float | None) -> Iterator[R]:
    local = _build_pipeline(setup)
    if limit is not None and threading.current_thread() is not threading.main_thread():
        raise RuntimeError("a time limit in this process needs the main thread; pass isolate=True")
    for item in items:
        with guard.watch_sigint():
            result = _run_one(task, local, item, limit)
        yield result


class _Pooled(Generic[I, R]):
    """The parent side of a pooled run: a window of chunks in flight, results in order,
    dead workers' chunks run again item by item."""

    def __init__(
        self, task: Task[I, R], jobs: int, setup: Pipeline | Config, limit: float | None, window: int, budget: int
    ) -> None:
        self.task = task
        self.limit = limit
        self.window = window
        self.budget = budget
        self.timed_out = False
        self.pool = _Pool(jobs, setup, task, limit)

    def _deadline(self, chunk: list[Any]) -> float | None:
        # when a chunk is the oldest in flight, its worker has taken it (workers take
        # chunks in order): each item may use its limit, and the grace once more
        if self.limit is None:
            return None
        return self.limit * len(chunk) + HARD_LIMIT_GRACE

    def _wait(self, future: Future[list[R]], executor: ProcessPoolExecutor, timeout: float | None) -> list[R]:
        """The chunk's results; a stuck chunk gets its workers killed (-> BrokenProcessPool)."""
        try:
            return future.result(timeout=timeout)
        except FuturesTimeout:
            self.timed_out = True
            self.pool.kill(executor)
            return future.result()

    def _alone(self, item: I) -> R:
        """Run one item by itself; if its worker dies (or is killed), it is the guilty one."""
        future, executor = self.pool.submit([item])
        self.timed_out = False
        try:
            return self._wait(future, executor, self._deadline([item]))[0]
        except BrokenProcessPool:
            self.pool.renew(executor)
            if self.timed_out:
                return self.task.lost(item, RecordTimeout(f"killed after the time limit of {self.limit:g} s"))
            reason = "the worker process died while running this item alone (a crash, os._exit or out of memory)"
            return self.task.lost(item, WorkerDied(reason))

    def _collect(self, future: Future[list[R]], executor: ProcessPoolExecutor, chunk: list[I]) -> list[R]:
        self.timed_out = False
        try:
            return self._wait(future, executor, self._deadline(chunk))
        except BrokenProcessPool:  # a worker died: the guilty item is one of those in flight
            if guard.stop_requested():  # killed with the rest of the group by Ctrl-C or SIGTERM
                raise KeyboardInterrupt from None
            self.pool.renew(executor)
            if self.timed_out and len(chunk) == 1:  # that item is stuck: no need to run it again
                return [self.task.lost(chunk[0], RecordTimeout(f"killed after the time limit of {self.limit:g} s"))]
            return [self._alone(item) for item in chunk]

    def run(self, chunks: Iterable[list[I]]) -> Iterator[R]:
        pending: deque[tuple[Future[list[R]], ProcessPoolExecutor, list[I], int]] = deque()
        weight = 0
        try:
            for chunk in chunks:
                size = sum(self.task.size(item) for item in chunk)
                future, executor = self.pool.submit(chunk)
                pending.append((future, executor, chunk, size))
                weight += size
                while pending and (len(pending) >= self.window or weight >= self.budget):
                    future, executor, done, size = pending.popleft()
                    weight -= size
                    yield from self._collect(future, executor, done)
            while pending:
                future, executor, done, _ = pending.popleft()
                yield from self._collect(future, executor, done)
        except BaseException:  # interrupted, or the consumer stopped: do not wait for stuck workers
            self.pool.kill(self.pool.executor)
            raise
        finally:
            self.pool.close()


# -- clean_many -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Raised:
    """An exception raised by the pipeline, carried back to be raised in order."""

    error: BaseException


class FilterError(RuntimeError):
    """A step or filter raised ``SystemExit``, ``KeyboardInterrupt`` or another exception
    that is not an ``Exception``: it is reported as this item's error, not let through
    to stop the whole run."""


def describe(exc: BaseException) -> str:
    """``Type: message`` of an exception, for error records."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _portable(exc: BaseException) -> BaseException:
    if not isinstance(exc, Exception):
        return FilterError(f"a step raised {describe(exc)}")
    try:
        pickle.dumps(exc)
    except Exception:
        return RuntimeError(describe(exc))
    return exc


@dataclass(frozen=True)
class _CleanText:
    def run(self, pipeline: Pipeline, item: str) -> str | _Raised:
        try:
            return pipeline.clean(item)
        except BaseException as exc:
            if guard.must_reraise(exc):
                raise
            return _Raised(_portable(exc))

    def lost(self, item: str, error: BaseException) -> str | _Raised:
        return _Raised(error)

    def size(self, item: str) -> int:
        return len(item) if isinstance(item, str) else 1


@overload
def clean_many(
    texts: Iterable[str],
    *,
    errors: Literal["raise"] = "raise",
    jobs: int | None = 1,
    pipeline: Pipeline | None = None,
    config: Config | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    time_limit: float | None = None,
    isolate: bool | None = None,
    inflight_bytes: int | None = None,
    **options: Unpack[Options],
) -> Iterator[str]: ...


@overload
def clean_many(
    texts: Iterable[str],
    *,
    errors: Literal["return"],
    jobs: int | None = 1,
    pipeline: Pipeline | None = None,
    config: Config | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    time_limit: float | None = None,
    isolate: bool | None = None,
    inflight_bytes: int | None = None,
    **options: Unpack[Options],
) -> Iterator[str | BaseException]: ...


def clean_many(
    texts: Iterable[str],
    *,
    errors: Literal["raise", "return"] = "raise",
    jobs: int | None = 1,
    pipeline: Pipeline | None = None,
    config: Config | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    time_limit: float | None = None,
    isolate: bool | None = None,
    inflight_bytes: int | None = None,
    **options: Unpack[Options],
) -> Iterator[str] | Iterator[str | BaseException]:
    """Clean every text and yield the bodies, in input order.

    The same as ``(cleantext.clean(t, **options) for t in texts)``, on ``jobs``
    processes (``None`` or ``0``: all cores; ``1``: in this process, no pool).
    ``texts`` is read lazily and memory stays bounded.  Options are
    :class:`~cleantext.Config` fields; or pass a ``config``, or a ready ``pipeline``
    (with ``jobs > 1`` it must pickle unless processes are forked, as on Linux).  If
    cleaning a text fails, its exception is raised when its turn comes, or, with
    ``errors="return"``, yielded in its place and the run goes on (a step that raises
    ``SystemExit`` or ``KeyboardInterrupt`` gives a :class:`FilterError`; a text that
    kills its worker process, a :class:`WorkerDied`; one that runs longer than
    ``time_limit`` seconds, a :class:`RecordTimeout`).  ``time_limit``, ``isolate``
    and ``inflight_bytes`` are as in :func:`map_ordered`.

    >>> list(clean_many(["", "  "], jobs=1))
    ['', '']
    >>> results = clean_many(["", 42], errors="return")
    >>> next(results), type(next(results)).__name__
    ('', 'TypeError')
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    config = _config(pipeline, config, options)
    results = map_ordered(
        _CleanText(),
        texts,
        jobs=jobs,
        pipeline=pipeline,
        config=config,
        chunk_size=chunk_size,
        chunk_bytes=chunk_bytes,
        time_limit=time_limit,
        isolate=isolate,
        inflight_bytes=inflight_bytes,
    )
    return _unwrap(results, errors == "raise")


def _unwrap(results: Iterator[str | _Raised], raise_errors: bool) -> Iterator[Any]:
    for result in results:
        if isinstance(result, _Raised):
            if raise_errors:
                raise result.error
            yield result.error
        else:
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
        blocks: the number of blocks of a cleaned record's page.
        kept: how many of them are in the body.
        dropped: why the others were dropped: ``(reason, count)`` pairs.
    """

    line: int
    kind: Literal["record", "error", "blank"]
    json: str = ""
    error: str = ""
    blocks: int = 0
    kept: int = 0
    dropped: tuple[tuple[str, int], ...] = ()


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
        """Clean one numbered line; failures (whatever the line or a step raises) become
        error results."""
        try:
            return self._run(pipeline, item)
        except BaseException as exc:
            if guard.must_reraise(exc):
                raise
            return error_record(item[0], f"cleaning failed: {describe(exc)}", item[1])

    def _run(self, pipeline: Pipeline, item: tuple[int, bytes | str]) -> LineResult:
        number, raw = item
        try:
            text = (raw.decode("utf-8") if isinstance(raw, bytes) else raw).rstrip("\r\n")
        except UnicodeDecodeError as exc:
            return error_record(number, f"invalid UTF-8: {exc}", raw)
        text = text.removeprefix("\ufeff")  # a byte order mark (a file's, or a joined file's)
        if not text.strip():
            return LineResult(number, "blank")
        try:
            record = json.loads(text)
        except ValueError as exc:
            return error_record(number, f"invalid JSON: {exc}", raw)
        except RecursionError:
            return error_record(number, "invalid JSON: nested too deeply to read", raw)
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
            doc = pipeline.run_html(value) if self.html else pipeline.run(value)
            record[self.into] = self.render(doc)
        except BaseException as exc:
            if guard.must_reraise(exc):
                raise
            return error_record(number, f"cleaning failed: {describe(exc)}", raw)
        if self.language_field:
            record[self.language_field] = doc.language
        reasons = Counter(block.reason for block in doc.blocks if not block.keep)
        kept = sum(1 for block in doc.blocks if block.keep)
        return LineResult(number, "record", _dumps(record), "", len(doc.blocks), kept, tuple(sorted(reasons.items())))

    def lost(self, item: tuple[int, bytes | str], error: BaseException) -> LineResult:
        """A line that killed its worker or went over the time limit: an error result."""
        number, raw = item
        return error_record(number, f"line not cleaned: {describe(error)}", raw)

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
    time_limit: float | None = None,
    isolate: bool | None = None,
    inflight_bytes: int | None = None,
    start: int = 1,
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
    silently, whatever a line or a step does: a line nested too deeply, a step that
    raises ``SystemExit``, a line that kills its worker process (the other lines of its
    chunk are run again alone) or runs longer than ``time_limit`` seconds each give an
    error result.  Lines are numbered from ``start`` (to go on after lines already done).
    ``html=True`` reads ``field`` as HTML (:meth:`cleantext.Pipeline.run_html`);
    ``overwrite=False`` makes a record that already has ``into`` an error instead.
    ``jobs``, ``pipeline``, ``config``, ``time_limit``, ``isolate``, ``inflight_bytes`` and
    options are as in :func:`clean_many` and :func:`map_ordered`.

    >>> next(clean_jsonl(['{"id": 1, "text": ""}'], language="en")).json
    '{"id": 1, "text": "", "body": "", "language": "en"}'
    """
    config = _config(pipeline, config, options)
    task = JsonlTask(field, into, language_field or None, render, html, overwrite)
    return map_ordered(
        task,
        enumerate(lines, start=start),
        jobs=jobs,
        pipeline=pipeline,
        config=config,
        chunk_size=chunk_size,
        chunk_bytes=chunk_bytes,
        time_limit=time_limit,
        isolate=isolate,
        inflight_bytes=inflight_bytes,
    )
