"""Language detection backends.  The default is py3langid: offline, deterministic, fast.

A backend is any object with ``detect(text) -> (code, confidence)``; register
more with :func:`register_backend`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

import regex

from .stopwords import supported_languages


class LanguageBackend(Protocol):
    """Detects the language of a text sample."""

    def detect(self, text: str) -> tuple[str | None, float]:
        """Return an ISO 639-1 code (or ``None``) and a confidence in 0..1."""
        ...


class Py3LangidBackend:
    """py3langid, restricted to the languages that have stopword lists.

    Each instance has its own model object, so no process-global state is touched.
    """

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        known = set(self._identifier.nb_classes)
        self._identifier.set_languages(sorted(known & supported_languages()))

    def detect(self, text: str) -> tuple[str | None, float]:
        if not text.strip():
            return None, 0.0
        code, prob = self._identifier.classify(text)
        return str(code), float(prob)


class LangdetectBackend:
    """langdetect (Google's language-detection port), with its own seeded factory.

    Installed with the ``langdetect`` extra.  Deterministic: the factory's seed is
    fixed on this instance, not through langdetect's process-global one.
    """

    def __init__(self, seed: int = 0) -> None:
        try:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError("the langdetect backend needs: pip install 'cleantext-body[langdetect]'") from exc
        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.seed = seed

    def detect(self, text: str) -> tuple[str | None, float]:
        from langdetect.lang_detect_exception import LangDetectException

        detector = self._factory.create()
        detector.append(text)
        try:
            best = detector.get_probabilities()
        except LangDetectException:
            return None, 0.0
        if not best:
            return None, 0.0
        code = best[0].lang.split("-")[0]
        return code, float(best[0].prob)


_BACKENDS: dict[str, Callable[[], LanguageBackend]] = {
    "py3langid": Py3LangidBackend,
    "langdetect": LangdetectBackend,
}


def register_backend(name: str, factory: Callable[[], LanguageBackend]) -> None:
    """Make a language backend available under ``name`` (for ``Config.language_backend``)."""
    _BACKENDS[name] = factory
    get_backend.cache_clear()


def backends() -> list[str]:
    """Names of the available language backends."""
    return sorted(_BACKENDS)


@lru_cache(maxsize=8)
def get_backend(name: str) -> LanguageBackend:
    """The backend called ``name``, built once and then shared (backends are read-only)."""
    try:
        factory = _BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown language backend {name!r}; known: {', '.join(backends())}") from None
    return factory()


_PROSE = regex.compile(r"\p{L}")


def prose_sample(lines: list[str], limit: int) -> str:
    """The longest lines, up to ``limit`` characters: the text most likely to be prose."""
    candidates = sorted((line for line in lines if len(line) >= 20), key=len, reverse=True)
    picked: list[str] = []
    size = 0
    for line in candidates:
        if size >= limit:
            break
        piece = line[: limit - size]
        picked.append(piece)
        size += len(piece) + 1
    if not picked:
        picked = [line for line in lines if _PROSE.search(line)][:50]
    return "\n".join(picked)[:limit]


def detect_language(text: str, backend: str = "py3langid", limit: int = 2000) -> tuple[str | None, float]:
    """Detect the language of ``text`` from a bounded sample of its longest lines."""
    sample = prose_sample(text.split("\n"), limit)
    return get_backend(backend).detect(sample)
