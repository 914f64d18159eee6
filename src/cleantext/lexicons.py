"""Phrase lexicons for boilerplate (navigation, cookie notes, newsletters, ...).

The phrases live in data files, one per language, under ``cleantext/data/lexicons``:
``[category]`` headers, then one phrase per line (``#`` starts a comment).  A
phrase matches at word boundaries, case-insensitively; a trailing ``*`` matches
any word ending.  ``xx.txt`` holds language-neutral patterns and applies to every
language, as does English, which boilerplate on non-English pages often uses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np
import regex

from .charclass import code_points
from .stopwords import stopwords

#: The categories a lexicon may use, each named after the label it gives a block.
CATEGORIES: tuple[str, ...] = (
    "navigation",
    "advertising",
    "event",
    "newsletter",
    "cookie",
    "share",
    "related",
    "legal",
    "comments",
    "byline",
    "form",
    "metadata",
)


def available() -> list[str]:
    """Languages that have a lexicon file (``xx`` is the language-neutral one)."""
    root = resources.files("cleantext") / "data" / "lexicons"
    return sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".txt"))


@lru_cache(maxsize=64)
def load(language: str) -> dict[str, tuple[str, ...]]:
    """The phrases of one language's file, by category (empty if there is no file)."""
    path = resources.files("cleantext") / "data" / "lexicons" / f"{language}.txt"
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    category = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip()
            if category not in CATEGORIES:
                raise ValueError(f"{path}: unknown lexicon category {category!r}")
            out.setdefault(category, [])
        elif category is None:
            raise ValueError(f"{path}: phrase {line!r} before any [category]")
        elif line.startswith("re:"):
            out[category].append(line)  # a pattern keeps its case: \S is not \s
        elif line.endswith(" *"):
            raise ValueError(f"{path}: {line!r}: a wildcard must follow a word, not a space")
        else:
            out[category].append(_fold(line))
    return {k: tuple(v) for k, v in out.items()}


_TOKEN = re.compile(r"\w+|[^\w\s]")
_TOKEN_NL = re.compile(r"\w+|[^\w\s]|\n")


def _fold(text: str) -> str:
    """Casefold, with typographic apostrophes made plain."""
    return text.casefold().replace("’", "'")


def tokenize(text: str) -> list[str]:
    """Casefolded tokens as lexicons see them: words, and each other symbol alone."""
    return _TOKEN.findall(_fold(text))


class Lexicon:
    """All phrase categories for one language, indexed by first token.

    Matching walks the block's tokens once and looks each up in a dictionary, so
    it costs the same whatever the size of the lexicon, and never backtracks.
    """

    def __init__(self, language: str | None) -> None:
        self.language = language
        # anchor token -> [(its place in the phrase, phrase tokens, last token is a prefix, category)];
        # the anchor is the phrase's rarest-looking token, so common words rarely trigger a check
        common = stopwords("en") | stopwords(language)
        self._index: dict[str, list[tuple[int, tuple[str, ...], bool, str]]] = {}
        # single-token prefixes ("cookie*"): length -> {prefix: category}, matched as patterns
        self._prefixes: dict[int, dict[str, str]] = {}
        patterns: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for code in dict.fromkeys(["xx", "en", language or "xx"]):
            for category, phrases in load(code).items():
                for phrase in phrases:
                    if (category, phrase) in seen:
                        continue
                    seen.add((category, phrase))
                    if phrase.startswith("re:"):
                        patterns.append((category, phrase[3:]))
                        continue
                    wild = phrase.endswith("*") and len(phrase) > 1
                    tokens = tokenize(phrase[:-1] if wild else phrase)
                    if not tokens:
                        continue
                    if wild and len(tokens) == 1:
                        self._prefixes.setdefault(len(tokens[0]), {})[tokens[0]] = category
                    else:
                        anchor = _anchor(tokens, wild, common)
                        self._index.setdefault(tokens[anchor], []).append((anchor, tuple(tokens), wild, category))
        for entries in self._index.values():
            entries.sort(key=lambda entry: -len(entry[1]))
        # each raw pattern on its own: one big alternation would defeat the engine's
        # literal scanning and try every pattern at every position
        by_category: dict[str, list[str]] = {}
        for length in sorted(self._prefixes, reverse=True):
            for prefix, category in sorted(self._prefixes[length].items()):
                by_category.setdefault(category, []).append(regex.escape(prefix))
        for category, stems in sorted(by_category.items()):
            patterns.append((category, rf"(?<!\w)(?:{'|'.join(stems)})"))
        self._patterns = tuple((category, regex.compile(p, regex.M)) for category, p in patterns)
        self._firsts = frozenset(self._index)

    def scan_blocks(self, blocks: BlockTokens, skip: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Match all blocks of a document at once.

        Returns a matrix of match counts (one row per block, one column per
        category of :data:`CATEGORIES`) and, per block, how many tokens the matches
        cover.  Blocks whose ``skip`` flag is set are not looked at.
        """
        n = blocks.n_blocks
        counts = np.zeros((n, len(CATEGORIES)))
        covered = np.zeros(n)
        tokens, block_of = blocks.tokens, blocks.block_of
        index, column = self._index, _COLUMN
        hits = np.fromiter(map(self._firsts.__contains__, tokens), dtype=bool, count=len(tokens))
        n_tokens = len(tokens)
        for i in np.flatnonzero(hits).tolist():
            b = block_of[i]
            if skip is not None and skip[b]:
                continue
            for anchor, phrase, wild, category in index[tokens[i]]:
                start = i - anchor
                end = start + len(phrase)
                if start < 0 or end > n_tokens:
                    continue
                if tuple(tokens[start:end]) != phrase and not (
                    wild and tuple(tokens[start : end - 1]) == phrase[:-1] and tokens[end - 1].startswith(phrase[-1])
                ):
                    continue
                counts[b, column[category]] += 1
                covered[b] += len(phrase)
                break
        if self._patterns:
            folded, starts = blocks.folded, blocks.starts
            if skip is not None and skip.any():
                # the patterns only see the blocks not skipped (the others left empty)
                parts = [("" if s else part) for part, s in zip(folded.split("\n"), skip.tolist(), strict=True)]
                folded = "\n".join(parts)
                starts = np.concatenate([[0], np.cumsum([len(part) + 1 for part in parts])[:-1]]).tolist()
            for category, pattern in self._patterns:
                for match in pattern.finditer(folded):
                    b = bisect_right(starts, match.start()) - 1
                    counts[b, column[category]] += 1
                    covered[b] += 1
        return counts, np.minimum(covered, np.maximum(blocks.n_tokens, 1))

    def scan(self, text: str) -> tuple[Counter[str], int]:
        """Count the matches per category in ``text``; also return how many of
        its tokens the matches cover."""
        counts, covered = self.scan_blocks(BlockTokens.of([text]))
        found = Counter({c: int(v) for c, v in zip(CATEGORIES, counts[0].tolist(), strict=True) if v})
        return found, int(covered[0])

    def hits(self, text: str) -> Counter[str]:
        """How often each category matches in ``text``."""
        return self.scan(text)[0]


_COLUMN = {c: i for i, c in enumerate(CATEGORIES)}


def _anchor(tokens: list[str], wild: bool, common: frozenset[str]) -> int:
    """The token a phrase is looked up by: its first word that is not a common word
    (and not a wildcard stem), else its longest token."""
    last = len(tokens) - 1 if wild else len(tokens)
    for i, token in enumerate(tokens[:last]):
        if token[0].isalnum() and token not in common and len(token) > 2:
            return i
    candidates = range(last) if last > 0 else range(len(tokens))
    return max(candidates, key=lambda i: len(tokens[i]))


class BlockTokens:
    """The casefolded tokens of all blocks of a document, from one tokeniser call.

    Attributes:
        folded: the blocks casefolded and joined with newlines.
        starts: where each block starts in ``folded``.
        tokens: all tokens, with a ``"\\n"`` token between blocks.
        block_of: for each token, the index of its block.
        n_tokens: the number of tokens of each block.
    """

    __slots__ = ("block_of", "folded", "n_blocks", "n_tokens", "starts", "tokens")

    def __init__(self, folded: str, n_blocks: int) -> None:
        self.folded = folded
        self.n_blocks = n_blocks
        self.tokens: list[str] = _TOKEN_NL.findall(folded)
        newline = np.fromiter(map("\n".__eq__, self.tokens), dtype=bool, count=len(self.tokens))
        self.block_of = np.cumsum(newline).tolist()
        self.n_tokens = np.bincount(np.cumsum(newline)[~newline], minlength=n_blocks)[:n_blocks]
        cps = code_points(folded)
        self.starts = np.concatenate([[0], np.flatnonzero(cps == 10) + 1]).tolist()

    @classmethod
    def of(cls, texts: list[str], head: int | None = None) -> BlockTokens:
        """Tokenise ``texts`` (blocks without newlines), or only the first ``head``
        characters of each."""
        if head is not None:
            texts = [t[:head] for t in texts]
        return cls(_fold("\n".join(texts)), len(texts))

    def per_block(self, flags: np.ndarray) -> np.ndarray:
        """Sum a per-token array over each block."""
        return np.bincount(self.block_of, weights=flags, minlength=self.n_blocks)[: self.n_blocks]


@lru_cache(maxsize=64)
def lexicon(language: str | None) -> Lexicon:
    """The compiled lexicon of ``language`` (with the neutral and English phrases)."""
    return Lexicon(language)
