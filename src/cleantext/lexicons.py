"""Phrase lexicons for boilerplate (navigation, cookie notes, newsletters, ...).

The phrases live in data files, one per language, under ``cleantext/data/lexicons``:
``[category]`` headers, then one phrase per line (``#`` starts a comment).  A
phrase matches at word boundaries, case-insensitively; a trailing ``*`` matches
any word ending.  ``xx.txt`` holds language-neutral patterns and applies to every
language, as does English, which boilerplate on non-English pages often uses.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib import resources

import regex

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
        else:
            out[category].append(line.casefold())
    return {k: tuple(v) for k, v in out.items()}


_TOKEN = regex.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Casefolded tokens as lexicons see them: words, and each other symbol alone."""
    return _TOKEN.findall(text.casefold())


class Lexicon:
    """All phrase categories for one language, indexed by first token.

    Matching walks the block's tokens once and looks each up in a dictionary, so
    it costs the same whatever the size of the lexicon, and never backtracks.
    """

    def __init__(self, language: str | None) -> None:
        self.language = language
        # first token -> [(rest of phrase, last token is a prefix, category)]
        self._index: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        # single-token prefixes ("cookie*"): length -> {prefix: category}
        self._prefixes: dict[int, dict[str, str]] = {}
        patterns: list[str] = []
        seen: set[tuple[str, str]] = set()
        for code in dict.fromkeys(["xx", "en", language or "xx"]):
            for category, phrases in load(code).items():
                for phrase in phrases:
                    if (category, phrase) in seen:
                        continue
                    seen.add((category, phrase))
                    if phrase.startswith("re:"):
                        patterns.append(f"(?P<{category}_{len(patterns)}>{phrase[3:]})")
                        continue
                    wild = phrase.endswith("*") and len(phrase) > 1
                    tokens = tokenize(phrase[:-1] if wild else phrase)
                    if not tokens:
                        continue
                    if wild and len(tokens) == 1:
                        self._prefixes.setdefault(len(tokens[0]), {})[tokens[0]] = category
                    else:
                        self._index.setdefault(tokens[0], []).append((tuple(tokens[1:]), wild, category))
        self._regex = regex.compile("|".join(patterns)) if patterns else None
        self._lengths = sorted(self._prefixes)
        self._firsts = frozenset(self._index)
        # any token long enough to hold a wildcard prefix is checked; shorter ones never match
        self._min_prefix = self._lengths[0] if self._lengths else 10**9

    def scan(self, text: str) -> tuple[Counter[str], int]:
        """Count the matches per category in ``text``; also return how many of
        its tokens the matches cover."""
        tokens = tokenize(text)
        found: Counter[str] = Counter()
        covered = 0
        index, prefixes, lengths = self._index, self._prefixes, self._lengths
        n = len(tokens)
        firsts, shortest = self._firsts, self._min_prefix
        todo = [i for i, token in enumerate(tokens) if token in firsts or len(token) >= shortest]
        for i in todo:
            token = tokens[i]
            entries = index.get(token)
            if entries:
                for rest, wild, category in entries:
                    k = len(rest)
                    if k == 0:
                        found[category] += 1
                        covered += 1
                        break
                    if i + k < n and (
                        tuple(tokens[i + 1 : i + 1 + k]) == rest
                        or (wild and tuple(tokens[i + 1 : i + k]) == rest[:-1]
                            and tokens[i + k].startswith(rest[-1]))
                    ):
                        found[category] += 1
                        covered += k + 1
                        break
                else:
                    entries = None
                if entries:
                    continue
            for length in lengths:
                if length > len(token):
                    break
                category = prefixes[length].get(token[:length])
                if category:
                    found[category] += 1
                    covered += 1
                    break
        if self._regex is not None:
            for match in self._regex.finditer(text.casefold()):
                if match.lastgroup:
                    found[match.lastgroup.rsplit("_", 1)[0]] += 1
                    covered += 1
        return found, min(covered, n)

    def hits(self, text: str) -> Counter[str]:
        """How often each category matches in ``text``."""
        return self.scan(text)[0]


@lru_cache(maxsize=64)
def lexicon(language: str | None) -> Lexicon:
    """The compiled lexicon of ``language`` (with the neutral and English phrases)."""
    return Lexicon(language)
