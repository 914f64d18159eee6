"""Features of one block: length, stopword density, punctuation, lexicon hits."""

from __future__ import annotations

import regex

from .lexicons import Lexicon

_WORD = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]|[^\W\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]+")
_TERMINAL = regex.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def block_features(text: str, stops: frozenset[str], lex: Lexicon) -> dict:
    words = _WORD.findall(text.lower())
    n = len(words)
    density = sum(1 for w in words if w in stops) / n if n else 0.0
    hits = lex.hits(text)
    label = hits.most_common(1)[0][0] if hits else ""
    return {
        "words": float(n),
        "chars": float(len(text)),
        "stop_density": density,
        "terminal": 1.0 if _TERMINAL.search(text) else 0.0,
        "lexicon_label": label,
    }
