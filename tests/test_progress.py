"""The command line's progress line: counts, rate, redraws and the closing newline."""

from __future__ import annotations

import io
from collections.abc import Iterator

from cleantext.progress import INTERVAL, counted


def ticking(step: float) -> Iterator[float]:
    now = 0.0
    while True:
        yield now
        now += step


def test_every_item_is_passed_through_in_order() -> None:
    stream = io.StringIO()
    assert list(counted(range(5), stream, total=5)) == [0, 1, 2, 3, 4]


def test_the_last_line_counts_all_items_with_their_rate() -> None:
    stream = io.StringIO()
    clock = ticking(0.5)
    list(counted(["a", "b", "c", "d"], stream, total=4, clock=clock.__next__))
    last = stream.getvalue().rstrip("\n").split("\r")[-1].strip()
    # started at 0.0; four items at 0.5 s each and the final draw at 2.5 s
    assert last == "4/4 doc, 1.6 doc/s, 2.5 s"
    assert stream.getvalue().endswith("\n")


def test_redraws_are_rate_limited() -> None:
    stream = io.StringIO()
    clock = ticking(INTERVAL / 10)
    list(counted(range(100), stream, clock=clock.__next__))
    draws = stream.getvalue().count("\r")
    assert 5 <= draws <= 12  # about one per INTERVAL, not one per item
    assert stream.getvalue().split("\r")[-1].startswith("100 doc,")  # no total given


def test_a_shorter_line_blanks_the_rest_of_the_longer_one() -> None:
    stream = io.StringIO()
    # four items drawn at 10.0 doc/s, then a slower one: the rate loses a digit
    times = iter([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.7])
    list(counted(range(6), stream, clock=times.__next__))
    draws = stream.getvalue().rstrip("\n").split("\r")[1:]
    assert draws[1] == "4 doc, 10.0 doc/s, 0.4 s"
    assert draws[2] == "6 doc, 8.6 doc/s, 0.7 s "  # padded with a space over the longer line


def test_stopping_early_still_ends_the_line() -> None:
    stream = io.StringIO()
    for item in counted(range(10), stream):
        if item == 2:
            break
    # the generator is closed when the loop leaves it
    assert stream.getvalue().endswith("\n")
