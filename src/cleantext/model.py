"""The learned block scorer: a small neural network evaluated with numpy.

Weights ship as JSON in ``cleantext/data/model/``; ``training/train.py`` makes
them from the benchmark pages.  A model file holds, per stage, the feature names,
the standardisation (mean, scale) and the layers (weights, biases).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np


@dataclass(frozen=True)
class Stage:
    """One stage: standardise, then dense layers with ReLU between, then a sigmoid."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability of body for each row of ``x``."""
        if x.shape[0] == 0:
            return np.zeros(0)
        h = (x - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                np.maximum(h, 0.0, out=h)
        z = np.clip(h[:, 0], -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_dict(cls, data: dict) -> Stage:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            layers=tuple(
                (np.asarray(layer["w"], dtype=np.float64), np.asarray(layer["b"], dtype=np.float64))
                for layer in data["layers"]
            ),
        )

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "layers": [
                {"w": np.round(w, 6).tolist(), "b": np.round(b, 6).tolist()} for w, b in self.layers
            ],
        }


@dataclass(frozen=True)
class Model:
    """The two stages: ``first`` sees a block alone, ``context`` also its neighbours."""

    first: Stage
    context: Stage
    meta: dict

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
