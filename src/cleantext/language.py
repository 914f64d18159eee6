"""Language detection backends.  The default is CLD2 (pycld2): offline, deterministic,
no model to load, about 0.04 ms per page.  py3langid and langdetect are extras.

A backend is any object with ``detect(text) -> (code, confidence)``; register
more with :func:`register_backend`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Protocol

from .stopwords import supported_languages
from .uniclass import letter, word


class LanguageBackend(Protocol):
    """Detects the language of a text sample."""

    def detect(self, text: str) -> tuple[str | None, float]:
        """Return an ISO 639-1 code (or ``None``) and a confidence in 0..1."""
        ...


# characters CLD2 rejects as invalid UTF-8: controls, lone surrogates and the
# non-characters (U+FDD0..U+FDEF, and the last two code points of every plane).  Of
# the controls it accepts only form feed and carriage return: those two are blanked
# beforehand, the others only when CLD2 refuses a text (few texts have any, and
# searching every sample for them costs more than the detection)
_NONCHARACTERS = "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
_CLD2_INVALID = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")
_CLD2_ACCEPTED_CONTROLS = "\x0c\r"
# CLD2's codes that differ from ISO 639-1 as the stopword lists use it
_CLD2_ALIASES = {"iw": "he", "in": "id", "jw": "jv", "zh-Hant": "zh", "nb": "no", "nn": "no"}


class Cld2Backend:
    """CLD2, Chromium's compact language detector (``pycld2``): its tables are compiled
    in, so there is no model to load, and a call keeps no state.

    The answer is the most likely language that has a stopword list.
    """

    def __init__(self) -> None:
        import pycld2

        self._detect = pycld2.detect
        self._refused = (pycld2.error, UnicodeEncodeError)
        self._supported = supported_languages()

    def detect(self, text: str) -> tuple[str | None, float]:
        for control in _CLD2_ACCEPTED_CONTROLS:
            if control in text:
                text = text.replace(control, " ")
        if not text.strip():
            return None, 0.0
        try:
            _reliable, _size, details = self._detect(text, isPlainText=True, bestEffort=True)
        except self._refused:
            # a character CLD2 reads as invalid UTF-8: blank every such character
            text = _CLD2_INVALID.sub(" ", text)
            if not text.strip():
                return None, 0.0
            _reliable, _size, details = self._detect(text, isPlainText=True, bestEffort=True)
        for _name, code, percent, _score in details:
            code = _CLD2_ALIASES.get(code, code)
            if code in self._supported:
                return code, percent / 100.0
        return None, 0.0


class Py3LangidBackend:
    """py3langid, restricted to the languages that have stopword lists.

    Each instance has its own model object, so no process-global state is touched.
    Installed with the ``py3langid`` extra; loading its model takes about 0.4 s.
    """

    def __init__(self) -> None:
        try:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError("the py3langid backend needs: pip install 'cleantext-body[py3langid]'") from exc

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
    "cld2": Cld2Backend,
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


@lru_cache(maxsize=1)
def _prose() -> re.Pattern[str]:
    """One letter (compiled on first use)."""
    return re.compile(letter())


@lru_cache(maxsize=1)
def _markup() -> re.Pattern[str]:
    """Markup and code that scrapers leave in the text: tags, braces, attributes,
    entities (compiled on first use)."""
    return re.compile(rf"</?[A-Za-z!]|[{{}}]|=[\"']|&#?{word()}+;")


#: The characters one of which every match of :func:`_markup` holds.
_MARKUP_SIGNS = "<{}=&"
_SENTENCE_END = ".!?…。！？"
_CLOSERS = "\"'”’»)"


def _ends_sentence(line: str) -> bool:
    # closing quotes and brackets after the stop are looked through
    return line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def prose_sample(lines: list[str], limit: int) -> str:
    """Up to ``limit`` characters of the lines most likely to be prose: lines that end
    a sentence first (tag clouds and archive lists do not), then the other long lines,
    the longest first; lines of markup or code only if nothing else."""
    long = [line for line in lines if len(line) >= 20]
    long.sort(key=len, reverse=True)  # stable: equally long lines keep their order
    picked: list[str] = []
    markup: list[str] = []
    other: list[str] = []
    size = 0
    markup_search = _markup().search

    def take(line: str) -> None:
        nonlocal size
        # every match of the pattern holds one of these characters, which a substring
        # test finds faster than the engine tries the pattern at every position
        if any(ch in line for ch in _MARKUP_SIGNS) and markup_search(line):
            markup.append(line)
            return
        piece = line[: limit - size]
        picked.append(piece)
        size += len(piece) + 1

    # the sentence-ending lines, longest first, until the sample is full
    for line in long:
        if size >= limit:
            break
        if _ends_sentence(line):
            take(line)
        else:
            other.append(line)
    else:
        for line in other:
            if size >= limit:
                break
            take(line)
    if not picked:
        picked = sorted(markup, key=len, reverse=True)[:50]
    if not picked:
        picked = list(islice(_lines_with_letters(lines), 50))
    return "\n".join(picked)[:limit]


def _lines_with_letters(lines: list[str]) -> Iterator[str]:
    """The lines that hold a letter, in order, found by searching the joined text:
    a page of lines without letters is read once, not line by line."""
    text = "\n".join(lines)
    search = _prose().search
    match = search(text)
    while match is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        match = search(text, end + 1)


def detect_language(
    text: str, backend: str = "cld2", limit: int = 2000, *, lines: list[str] | None = None
) -> tuple[str | None, float]:
    """Detect the language of ``text`` from a bounded sample of its prose (``lines``:
    the text split into lines, if the caller has them)."""
    return detect_in_lines(text.split("\n") if lines is None else lines, backend, limit)[1]


#: A language reading: the prose sample and backend read, and the answer (language,
#: confidence).
Reading = tuple[tuple[str, str], tuple[str | None, float]]


def detect_in_lines(
    lines: list[str], backend: str = "cld2", limit: int = 2000, earlier: Reading | None = None
) -> Reading:
    """The language of the lines ``lines`` read from their prose sample
    (:func:`prose_sample`, ``limit`` characters) by ``backend``, as a :data:`Reading`.
    ``earlier``: a reading of other lines; its answer is taken without asking the
    backend again when the sample and the backend are the same."""
    sample = prose_sample(lines, limit)
    if earlier is not None and earlier[0] == (sample, backend):
        return earlier
    return (sample, backend), get_backend(backend).detect(sample)
