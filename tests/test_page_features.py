"""Page-level columns of the context model."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.features import OWN, document_features
from cleantext.lexicons import lexicon
from cleantext.page_features import PAGE, PERIODS, _records, page_features
from cleantext.stopwords import stopwords


def _own(texts: list[str]) -> np.ndarray:
    own, _ = document_features(texts, [0.0] * len(texts), stopwords("en"), lexicon("en"))
    assert own.shape == (len(texts), len(OWN))
    return own


PROSE = (
    "The council met on Tuesday and agreed, after a long debate, to keep the library open "
    "on Sundays for another year, although the budget is tight."
)


def test_records_of_one_shape_read_as_repeated() -> None:
    # a listing: name line, date line, text, over and over
    records = []
    for i in range(8):
        records += [f"Reviewer {i}", f"{i + 1} March 2024", PROSE]
    own = _own(["Home", "About us", "A headline of the page", *records, "Imprint"])
    cols = page_features(own, np.full(own.shape[0], 0.5))
    repeat = cols[:, PAGE.index("repeat_shape")]
    inside = repeat[6:-4]
    assert inside.min() >= 0.9
    # the article below has no such pattern
    article = _own(["A headline of the page", PROSE, "Short aside line", PROSE.upper(), "Imprint"])
    assert page_features(article, np.full(5, 0.5))[:, PAGE.index("repeat_shape")].max() < inside.min()


def test_page_columns_are_the_same_for_every_block() -> None:
    own = _own(["Home", PROSE, "Contact", PROSE])
    p1 = np.array([0.1, 0.9, 0.2, 0.8])
    cols = page_features(own, p1)
    for name in ("page_good_share", "page_short_share", "page_terminal_share", "page_p1_mean"):
        column = cols[:, PAGE.index(name)]
        assert np.all(column == column[0])
    assert cols[0, PAGE.index("page_p1_mean")] == p1.mean()
    assert cols[0, PAGE.index("page_short_share")] == 0.5


def test_no_blocks_no_rows() -> None:
    assert page_features(np.zeros((0, len(OWN))), np.zeros(0)).shape == (0, len(PAGE))


def test_one_block() -> None:
    own = _own([PROSE])
    cols = page_features(own, np.array([0.9]))
    assert cols.shape == (1, len(PAGE)) and np.isfinite(cols).all()


def _records_one_period_at_a_time(shape: np.ndarray) -> np.ndarray:
    # the definition, period by period: a block matches the block one period later; the
    # share of such blocks within three periods, around it; the best period
    n = shape.size
    best = np.zeros(n)
    for k in PERIODS:
        if k >= n:
            break
        same = np.zeros(n)
        same[:-k] = shape[:-k] == shape[k:]
        around = np.maximum(same, np.concatenate((np.zeros(k), same[:-k])))
        for i in range(n):
            lo, hi = max(i - 3 * k, 0), min(i + 3 * k + 1, n)
            best[i] = max(best[i], around[lo:hi].sum() / (hi - lo))
    return best


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2), max_size=40))
def test_record_shares_of_all_periods_at_once_match_the_definition(codes: list[int]) -> None:
    shape = np.array(codes, dtype=np.int64)
    assert np.array_equal(_records(shape), _records_one_period_at_a_time(shape))


def test_main_span_is_the_run_most_above_the_mean() -> None:
    from cleantext.page_features import main_span

    # menu lines score lowest; the items between them score low but above the mean
    p1 = np.array([0.05, 0.05, 0.3, 0.25, 0.35, 0.3, 0.05, 0.05])
    assert main_span(p1) == (2, 6)
    assert main_span(np.array([0.5])) == (0, 1)
    assert main_span(np.zeros(0)) == (0, 0)
