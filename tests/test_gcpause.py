"""The cyclic garbage collector is paused while a very long page is cleaned, and only then."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from cleantext import Document, Pipeline, Step, gcpause

PROSE = "A paragraph of the article with enough words to be read as its body text here. " * 3


class SeesCollector(Step):
    """Records whether the collector was on while the step ran."""

    name = "sees_collector"

    def __init__(self) -> None:
        self.seen: list[bool] = []

    def __call__(self, doc: Document) -> None:
        self.seen.append(gc.isenabled())


@pytest.fixture
def small_pause(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Pages of 2,000 characters count as very long; the collector is on around the test."""
    monkeypatch.setattr(gcpause, "PAUSE_CHARS", 2_000)
    was = gc.isenabled()
    gc.enable()
    yield 2_000
    if not was:
        gc.disable()


def _pipeline() -> tuple[Pipeline, SeesCollector]:
    step = SeesCollector()
    return Pipeline().append(step), step


def test_a_long_page_is_cleaned_with_the_collector_off_and_it_is_on_again_after(small_pause: int) -> None:
    pipeline, step = _pipeline()
    long_page = "\n".join([PROSE] * (small_pause // len(PROSE) + 2))
    assert pipeline.clean(long_page)
    pipeline.clean(PROSE)
    assert step.seen == [False, True]
    assert gc.isenabled()


def test_a_collector_the_user_turned_off_stays_off(small_pause: int) -> None:
    pipeline, step = _pipeline()
    gc.disable()
    try:
        pipeline.clean("\n".join([PROSE] * (small_pause // len(PROSE) + 2)))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert step.seen == [False]


def test_threads_share_one_pause_that_ends_with_the_last(small_pause: int) -> None:
    # one thread's long page ends while another's is still being cleaned: the collector
    # stays off until both are done
    inside, release = threading.Event(), threading.Event()

    class Waits(Step):
        name = "waits"

        def __call__(self, doc: Document) -> None:
            inside.set()
            assert release.wait(30)

    long_page = "\n".join([PROSE] * (small_pause // len(PROSE) + 2))
    waiting = threading.Thread(target=Pipeline().append(Waits()).clean, args=(long_page,))
    waiting.start()
    assert inside.wait(30)
    pipeline, step = _pipeline()
    pipeline.clean(long_page)
    assert step.seen == [False]
    assert not gc.isenabled()  # the other page is still being cleaned
    release.set()
    waiting.join(30)
    assert gc.isenabled()
