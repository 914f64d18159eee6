"""Body selection: runs of good blocks, extended by the prose right next to them."""

from __future__ import annotations

import pytest

from cleantext import Block
from cleantext.filters.select import extend

PROSE = " ".join(["word"] * 30)


def _blocks(first: int, classes: list[str]) -> list[Block]:
    return [
        Block(first + i, PROSE, first_class=cls, label="body", score=0.9, features={"words": 30.0})
        for i, cls in enumerate(classes)
    ]


@pytest.mark.parametrize("first", [0, 7])  # numbered from their position, or not (a filter dropped some)
def test_extend_adds_the_prose_next_to_a_run(first: int) -> None:
    blocks = _blocks(first, ["bad", "good", "good", "good", "near-good", "bad", "good"])
    run = blocks[2:4]
    assert extend(run, blocks) == blocks[1:5]
    assert extend(blocks[6:], blocks) == blocks[6:]
