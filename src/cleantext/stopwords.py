"""Stopword lists, from the maintained ``stopwordsiso`` package (one per language)."""

from __future__ import annotations

from functools import cache, lru_cache

# stopwordsiso is imported on first use, not with cleantext (it reads all its lists)


@cache
def supported_languages() -> frozenset[str]:
    """ISO 639-1 codes that have a stopword list."""
    import stopwordsiso

    return frozenset(stopwordsiso.langs())


@lru_cache(maxsize=128)
def stopwords(language: str | None) -> frozenset[str]:
    """The lower-cased stopwords of ``language``; empty for an unknown language."""
    if not language or language not in supported_languages():
        return frozenset()
    import stopwordsiso

    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))
