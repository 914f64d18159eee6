"""The shipped block model: the fused evaluation equals the member networks,
chunked matrix products equal whole ones, and first-pass classes follow the thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from cleantext import model
from cleantext.model import load_model


def test_fused_network_equals_the_members() -> None:
    stages = load_model()
    rng = np.random.default_rng(0)
    for stage in (stages.first, stages.context):
        x = rng.normal(size=(300, len(stage.features))) * 3
        # the fused products are float32: the same probabilities to about 1e-5
        assert np.allclose(stage.predict(x), stage._predict_members(x), rtol=0, atol=1e-4)
        assert stage.predict(x[:0]).shape == (0,)


@pytest.mark.parametrize("rows", [1, 63, 64, 65, 1000])
def test_chunked_product_equals_the_whole_product(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(rows)
    x, w = rng.normal(size=(rows, 85)), rng.normal(size=(85, 48)).astype(np.float32)
    monkeypatch.setattr(model, "SINGLE_THREAD_SIZE", 64 * 85 * 48)  # chunks of 64 rows
    product = model._chunked(x, w)
    assert product.dtype == np.float32
    assert np.allclose(product, x.astype(np.float32) @ w, rtol=1e-6, atol=1e-5)


def test_first_classes_follow_the_thresholds_and_the_length() -> None:
    from cleantext.filters.classify import GOOD, NEAR_GOOD, first_classes

    scores = np.array([GOOD, 0.99, NEAR_GOOD, GOOD - 1e-9, NEAR_GOOD - 1e-9, 0.0, 0.1])
    chars = np.array([10, 500, 10, 500, 39, 40, 500])
    assert first_classes(scores, chars) == ["good", "good", "near-good", "near-good", "short", "bad", "bad"]
    assert first_classes(np.zeros(0), np.zeros(0, dtype=np.int64)) == []


def test_values_beyond_the_learnt_range_read_as_its_edge() -> None:
    stages = load_model()
    for stage in (stages.first, stages.context):
        assert stage.low is not None and stage.high is not None
        assert (stage.low <= stage.high).all()
        rng = np.random.default_rng(1)
        x = rng.uniform(stage.low, stage.high, size=(50, len(stage.features)))
        far = x.copy()
        far[:10] = stage.high + 1e6  # a page far beyond anything learnt
        far[10:20] = stage.low - 1e6
        edge = x.copy()
        edge[:10], edge[10:20] = stage.high, stage.low
        assert np.array_equal(stage.predict(far), stage.predict(edge))
        # (the same batch shape: a batch is multiplied in chunks of rows, and a row's
        # float32 product may differ in the last bit with its chunk's size)
        assert np.array_equal(stage.predict(x)[20:], stage.predict(far)[20:])
    # the range is written to the model file and read back exactly
    again = model.Model.from_json(stages.to_json())
    assert np.array_equal(again.first.low, stages.first.low) and np.array_equal(again.context.high, stages.context.high)


def test_a_page_of_more_blocks_than_any_learnt_reads_as_the_largest_learnt() -> None:
    # forty thousand sentence-sized blocks (the model learnt pages of a few thousand):
    # what is kept does not fall to nothing for the page's size alone
    import random

    import cleantext

    words = "the council approved a new budget for schools roads parks and the city library after a long debate".split()
    rng = random.Random(3)
    # (each its own: the body keeps a text once)
    sentences = [
        " ".join(rng.choice(words) for _ in range(rng.randint(12, 25))).capitalize() + "." for _ in range(40_000)
    ]
    small = "\n".join(sentences[:200])
    huge = "\n".join(sentences)
    assert len(cleantext.clean(small)) > 0.9 * len(small)
    assert len(cleantext.clean_document(huge).body) > 0.5 * len(huge)
