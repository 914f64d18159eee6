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


def _pattern(phrase: str) -> str:
    if phrase.startswith("re:"):
        return phrase[3:]
    wild = phrase.endswith("*")
    core = regex.escape(phrase.rstrip("*"), special_only=True).replace("\\ ", r"\s+")
    core = core.replace(" ", r"\s+")
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"\w*" if wild else (r"(?!\w)" if phrase.rstrip("*")[-1:].isalnum() else "")
    return start + core + end


class Lexicon:
    """All phrase categories for one language, compiled into one pattern."""

    def __init__(self, language: str | None) -> None:
        self.language = language
        merged: dict[str, set[str]] = {c: set() for c in CATEGORIES}
        for code in dict.fromkeys(["xx", "en", language or "xx"]):
            for category, phrases in load(code).items():
                merged[category].update(phrases)
        groups = [
            f"(?P<{c}>{'|'.join(sorted((_pattern(p) for p in phrases), key=len, reverse=True))})"
            for c, phrases in merged.items()
            if phrases
        ]
        self._regex = regex.compile("|".join(groups), regex.V0) if groups else None

    def hits(self, text: str) -> Counter[str]:
        """How often each category matches in ``text``."""
        found: Counter[str] = Counter()
        if self._regex is None:
            return found
        for match in self._regex.finditer(text.casefold()):
            if match.lastgroup:
                found[match.lastgroup] += 1
        return found


@lru_cache(maxsize=64)
def lexicon(language: str | None) -> Lexicon:
    """The compiled lexicon of ``language`` (with the neutral and English phrases)."""
    return Lexicon(language)
