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
