"""The learned block scorer: a small neural network evaluated with numpy.

Weights ship as JSON in ``cleantext/data/model/``; ``training/train.py`` makes
them from the benchmark pages.  A model file holds, per stage, the feature names,
the standardisation (mean, scale) and the layers (weights, biases).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np

#: Matrix products are taken in chunks of rows so that rows x columns x inner size stays
#: at most this: OpenBLAS then runs each on one thread.  Threads cost more than they save
#: on products this small, and oversubscribe a machine that runs one pipeline per core;
#: chunking changes no result and touches no process-wide setting.
SINGLE_THREAD_SIZE = 1 << 18
#: Constants of :meth:`Stage.predict` as arrays of no dimension: a ufunc converts a
#: Python float anew at every call.
_ZERO32 = np.zeros((), dtype=np.float32)
_ONE = np.array(1.0)
_LIMIT, _LOW_LIMIT = np.array(30.0), np.array(-30.0)


def _chunked(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``x @ w`` in float32 (``w`` is float32; ``x`` is cast once), in chunks of rows
    small enough for one BLAS thread."""
    rows = max(1, SINGLE_THREAD_SIZE // max(1, w.shape[0] * w.shape[1]))
    x = x.astype(np.float32, copy=False)
    if x.shape[0] <= rows:
        product: np.ndarray = x @ w
        return product
    out = np.empty((x.shape[0], w.shape[1]), dtype=np.float32)
    for lo in range(0, x.shape[0], rows):
        np.matmul(x[lo : lo + rows], w, out=out[lo : lo + rows])
    return out


@dataclass(frozen=True)
class Stage:
    """One stage: standardise, then for each member network dense layers with ReLU
    between and a sigmoid at the end; the members' probabilities are averaged."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    members: tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]
    #: The least and the greatest value of each column in the rows the networks learnt
    #: from (``None`` in model files made before they were kept): a row is read with each
    #: value held within them, so that a page far beyond anything learnt (forty thousand
    #: blocks, a line repeated ten thousand times) reads as the most extreme page learnt,
    #: not as whatever a network makes of values it never saw.
    low: np.ndarray | None = None
    high: np.ndarray | None = None

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability of body for each row of ``x``."""
        if x.shape[0] == 0:
            return np.zeros(0)
        fused = self._fused
        if fused is None:
            return self._predict_members(self.within(x))
        w1, b1, negated_w2, negated_b2 = fused
        # the products in float32: on one core a small float32 product costs a
        # tenth of a float64 one; scores move by at most 4e-4 (no decision changed on
        # the dev and snippet pages); the sigmoids in float64.  The row is held within
        # the learnt range after the cast to float32 (rounding keeps order: the same
        # values as holding, then casting), in place with two ufuncs: np.clip costs
        # several times as much on arrays this small
        x = x.astype(np.float32)
        if self._bounds32 is not None:
            low, high = self._bounds32
            np.maximum(x, low, out=x)
            np.minimum(x, high, out=x)
        hidden = _chunked(x, w1)
        hidden += b1
        np.maximum(hidden, _ZERO32, out=hidden)
        # the members' sigmoids, averaged, in place, one row per member: ufuncs cost little
        # on these sizes, but a reduction across the short rows of an array of one column
        # per member costs as much as all the others.  The output layer's weights and
        # biases are negated (exactly: so is each product and sum), so the logits come
        # negated, as the sigmoid's exponential takes them
        negated = _chunked(hidden, negated_w2)
        logits = np.empty((negated.shape[1], negated.shape[0]))
        logits[...] = negated.T
        logits += negated_b2
        np.maximum(logits, _LOW_LIMIT, out=logits)
        np.minimum(logits, _LIMIT, out=logits)
        np.exp(logits, out=logits)
        logits += _ONE
        np.reciprocal(logits, out=logits)
        # (summed in member order, as a reduction along the rows of one column per member)
        mean: np.ndarray = np.add.reduce(logits, axis=0)
        mean /= logits.shape[0]
        return mean

    def within(self, x: np.ndarray) -> np.ndarray:
        """``x`` with each column held within the range the networks learnt from."""
        if self.low is None or self.high is None:
            return x
        held: np.ndarray = np.clip(x, self.low, self.high)
        return held

    def _predict_members(self, x: np.ndarray) -> np.ndarray:
        z = (self.within(x) - self.mean) / self.scale
        total = np.zeros(x.shape[0])
        for layers in self.members:
            h = z
            for i, (w, b) in enumerate(layers):
                h = h @ w + b
                if i < len(layers) - 1:
                    h = np.maximum(h, 0.0)
            total += 1.0 / (1.0 + np.exp(-np.clip(h[:, 0], -30.0, 30.0)))
        return total / len(self.members)

    @cached_property
    def _bounds32(self) -> tuple[np.ndarray, np.ndarray] | None:
        """:attr:`low` and :attr:`high` in float32 (``None`` if the model has none)."""
        if self.low is None or self.high is None:
            return None
        return self.low.astype(np.float32), self.high.astype(np.float32)

    @cached_property
    def _fused(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """The members as one network, when each has one hidden layer: the
        standardisation folded into the first layer, the hidden layers side by side,
        the output layer block-diagonal (negated, its biases a column: as
        :meth:`predict` reads them).  Same function, a few matrix products."""
        if not self.members or any(len(layers) != 2 for layers in self.members):
            return None
        firsts = [layers[0] for layers in self.members]
        hidden = np.hstack([w for w, _ in firsts])
        w1 = hidden / self.scale[:, None]
        b1 = np.concatenate([b for _, b in firsts]) - (self.mean / self.scale) @ hidden
        sizes = [w.shape[1] for w, _ in firsts]
        w2 = np.zeros((sum(sizes), len(self.members)))
        offset = 0
        for m, (layers, size) in enumerate(zip(self.members, sizes, strict=True)):
            w2[offset : offset + size, m] = layers[1][0][:, 0]
            offset += size
        b2 = np.array([layers[1][1][0] for layers in self.members])
        # the output layer negated, its biases as a column (see predict)
        return w1.astype(np.float32), b1.astype(np.float32), -w2.astype(np.float32), -b2[:, None]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stage:
        bounds = data.get("range")
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            low=None if bounds is None else np.asarray(bounds[0], dtype=np.float64),
            high=None if bounds is None else np.asarray(bounds[1], dtype=np.float64),
            members=tuple(
                tuple(
                    (np.asarray(layer["w"], dtype=np.float64), np.asarray(layer["b"], dtype=np.float64))
                    for layer in member
                )
                for member in data["members"]
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        bounds = {}
        if self.low is not None and self.high is not None:
            # (float32 values, written so that they read back exactly)
            bounds = {"range": [[float(v) for v in self.low], [float(v) for v in self.high]]}
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            **bounds,
            "members": [
                [{"w": np.round(w, 6).tolist(), "b": np.round(b, 6).tolist()} for w, b in layers]
                for layers in self.members
            ],
        }


@dataclass(frozen=True)
class Model:
    """The two stages: ``first`` sees a block alone, ``context`` also its neighbours."""

    first: Stage
    context: Stage
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        return cls(Stage.from_dict(data["first"]), Stage.from_dict(data["context"]), data.get("meta", {}))

    def to_json(self) -> str:
        return json.dumps(
            {"meta": self.meta, "first": self.first.to_dict(), "context": self.context.to_dict()},
            separators=(",", ":"),
        )


@lru_cache(maxsize=4)
def load_model(name: str = "blocks") -> Model:
    """The shipped model called ``name`` (read once, then shared: it is immutable)."""
    path = resources.files("cleantext") / "data" / "model" / f"{name}.json"
    return Model.from_json(path.read_text(encoding="utf-8"))
