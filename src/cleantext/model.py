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
    """One stage: standardise, then for each member network dense layers with ReLU
    between and a sigmoid at the end; the members' probabilities are averaged."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    members: tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability of body for each row of ``x``."""
        if x.shape[0] == 0:
            return np.zeros(0)
        z = (x - self.mean) / self.scale
        total = np.zeros(x.shape[0])
        for layers in self.members:
            h = z
            for i, (w, b) in enumerate(layers):
                h = h @ w + b
                if i < len(layers) - 1:
                    h = np.maximum(h, 0.0)
            total += 1.0 / (1.0 + np.exp(-np.clip(h[:, 0], -30.0, 30.0)))
        return total / len(self.members)

    @classmethod
    def from_dict(cls, data: dict) -> Stage:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            members=tuple(
                tuple(
                    (np.asarray(layer["w"], dtype=np.float64), np.asarray(layer["b"], dtype=np.float64))
                    for layer in member
                )
                for member in data["members"]
            ),
        )

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
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
