"""The peer extractors the benchmarks compare cleantext with, as ``str -> str`` callables.

jusText and trafilatura read HTML, and the benchmark input is plain text with one
block per line.  Both get the same HTML made from it: **each non-empty line one
``<p>`` paragraph**, HTML-escaped, in ``<html><body>``.  No other structure (headings,
links, lists) is invented, so they see what cleantext sees.

* jusText 3.x (:func:`justext_clean`): default parameters, the stoplist of the page's
  language when jusText has one, else English.  The language is detected by
  :func:`cleantext.language.detect_language` (CLD2, on a sample of the prose
  lines), the same detector cleantext uses.
* trafilatura 2.x (:func:`trafilatura_clean`): ``trafilatura.extract`` with its defaults
  (text output, comments and tables included, fallback extractors on).
  :func:`trafilatura_html` runs it the same way on a page's own HTML, for the converter
  benchmark's reference row.

Use them with the scorer, from the repository root::

    PYTHONPATH=benchmarks python ../shared/bench/score.py ../shared/bench/dev.jsonl --func peers:justext_clean

They are benchmark-only dependencies: ``pip install -e ".[bench]"``.  jusText 3 imports
``lxml.html.clean``, which lxml 5.2+ ships separately as ``lxml_html_clean``.
"""

from __future__ import annotations

import html
import logging
from functools import cache

#: ISO 639-1 code -> jusText stoplist name, for the languages both know
JUSTEXT_LANGUAGES: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton",
    "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "it": "Italian", "ko": "Korean", "ku": "Kurdish",
    "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "mr": "Marathi", "ms": "Malay",
    "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish",
    "sw": "Swahili", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "yo": "Yoruba",
}  # fmt: skip


def lines_to_html(text: str) -> str:
    """The page as HTML: each non-empty line an escaped ``<p>``; ``""`` if there is none."""
    paragraphs = [f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()]
    if not paragraphs:
        return ""
    return "<html><body>\n" + "\n".join(paragraphs) + "\n</body></html>"


def paragraphs_of_wrapped(text: str) -> str:
    """Hard-wrapped text (a text browser's dump) with each paragraph on one line: the
    lines between blank lines joined, so that :func:`lines_to_html` gives the peers
    paragraphs rather than 80-column fragments (jusText calls no fragment that short good)."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n".join(" ".join(lines) for lines in paragraphs if lines)


@cache
def justext_stoplist(language: str | None) -> frozenset[str]:
    """jusText's stoplist for an ISO 639-1 code, English when it has none."""
    import justext

    name = JUSTEXT_LANGUAGES.get(language or "", "English")
    if name not in justext.get_stoplists():
        name = "English"
    return justext.get_stoplist(name)


def justext_language(text: str) -> str | None:
    """The page language as the jusText wrapper detects it."""
    from cleantext.language import detect_language

    return detect_language(text)[0]


def justext_clean(text: str, language: str | None = None) -> str:
    """jusText on the line-as-paragraph HTML: the non-boilerplate paragraphs, one a line.

    ``language`` (ISO 639-1) picks the stoplist; without it the language is detected.
    """
    import justext

    page = lines_to_html(text)
    if not page:
        return ""
    stoplist = justext_stoplist(language if language is not None else justext_language(text))
    paragraphs = justext.justext(page, stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_clean(text: str) -> str:
    """trafilatura's main text from the line-as-paragraph HTML (``""`` when it finds none)."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    page = lines_to_html(text)
    if not page:
        return ""
    return trafilatura.extract(page) or ""


def trafilatura_html(page_html: str) -> str:
    """trafilatura's main text from the page's own HTML (``""`` when it finds none).

    Not a text cleaner: the reference for what an extractor that reads the markup gets,
    with the same defaults as :func:`trafilatura_clean`.
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    if not page_html.strip():
        return ""
    return trafilatura.extract(page_html) or ""


def cleantext_clean(text: str) -> str:
    """cleantext with its defaults (for symmetry with the peers)."""
    import cleantext

    return cleantext.clean(text)


def keep_all(text: str) -> str:
    """The do-nothing floor: the whole input."""
    return text


#: name shown in tables -> callable
SYSTEMS = {
    "cleantext": cleantext_clean,
    "jusText": justext_clean,
    "trafilatura": trafilatura_clean,
    "keep everything": keep_all,
}
