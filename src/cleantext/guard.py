"""What keeps one record from taking a batch run down: stop requests, time limits, orphans.

* :func:`request_stop` / :func:`stop_requested`: a real Ctrl-C or SIGTERM sets a flag, so
  that a ``KeyboardInterrupt`` raised by a user's filter is told apart from the user
  pressing Ctrl-C.  Per-record code catches every exception and re-raises only when a stop
  was requested (:func:`must_reraise`).
* :func:`time_limit`: raise :class:`TimeLimitExceeded` in the main thread when a record
  takes longer than a number of seconds (``SIGALRM``; off when ``None``).
* :func:`die_with_parent`: a worker process exits when the process that started it dies,
  even by ``SIGKILL`` (``PR_SET_PDEATHSIG`` on Linux, and a thread that watches the parent).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

__all__ = [
    "TimeLimitExceeded",
    "die_with_parent",
    "must_reraise",
    "request_stop",
    "reset_stop",
    "stop_requested",
    "time_limit",
    "watch_sigint",
]

_STOP = threading.Event()


def request_stop() -> None:
    """Note that the user asked the run to stop (Ctrl-C, SIGTERM)."""
    _STOP.set()


def reset_stop() -> None:
    """Forget an earlier stop request (at the start of a run)."""
    _STOP.clear()


def stop_requested() -> bool:
    """Whether the user asked the run to stop."""
    return _STOP.is_set()


def must_reraise(exc: BaseException) -> bool:
    """Whether per-record code must let ``exc`` through instead of recording it as the
    record's error: when the user asked the run to stop, or the record's time is up
    (the batch runner turns that into the record's error)."""
    return isinstance(exc, TimeLimitExceeded) or stop_requested()


class TimeLimitExceeded(BaseException):
    """A record took longer than the run's per-record time limit.

    A ``BaseException`` so that a filter's ``except Exception`` does not swallow it.
    """


@contextlib.contextmanager
def watch_sigint() -> Iterator[None]:
    """Within the block, Ctrl-C also marks a stop request (if Python's default handler is
    installed and this is the main thread); the previous handler is restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.default_int_handler:
        yield
        return

    def interrupted(signum: int, frame: FrameType | None) -> None:
        request_stop()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _raise_time_limit(signum: int, frame: FrameType | None) -> None:
    raise TimeLimitExceeded("the record took longer than the time limit")


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds`` (``None``: no limit).

    Uses ``SIGALRM``, so it works in the main thread only (elsewhere it raises
    ``RuntimeError``), and interrupts Python code, not a C function that holds the GIL:
    the worker pool's parent-side limit (:mod:`cleantext.batch`) covers that case.
    """
    if seconds is None:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("a per-record time limit needs the main thread (or a worker process)")
    previous = signal.signal(signal.SIGALRM, _raise_time_limit)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_PR_SET_PDEATHSIG = 1


def _parent_alive(parent: int) -> bool:
    if os.getppid() == parent:
        return True
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a pid reused by another user's process
        return False
    return True


def _watch(parent: int, every: float) -> None:
    while True:
        time.sleep(every)
        if not _parent_alive(parent):
            os._exit(1)


def die_with_parent(parent: int, every: float = 1.0, kernel: bool = True) -> None:
    """Make this (worker) process exit when process ``parent`` dies.

    With ``kernel`` (on Linux), the kernel sends ``SIGKILL`` when the parent dies
    (``prctl``; it fires when the parent's thread that forked this process ends, so the
    parent passes ``kernel=False`` unless that is its main thread).  Everywhere, a daemon
    thread checks every ``every`` seconds that ``parent`` is still there (this also covers
    a parent that is not the process that forked this one, as with ``forkserver``).
    """
    if kernel and sys.platform.startswith("linux") and os.getppid() == parent:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc to call
            pass
        if not _parent_alive(parent):  # it died before prctl took effect
            os._exit(1)
    threading.Thread(target=_watch, args=(parent, every), name="cleantext-parent-watch", daemon=True).start()
