"""HTML-to-text converters for the converter benchmark, as ``html -> text`` callables.

The benchmark pages' ``text`` was made by two converters, ``bs4`` and ``html_text``
(``../shared/bench/README.md``, "Converter styles"). A scraper may hand cleantext the
text of any other converter; this module makes the same pages' text with the usual
ones so the benchmark can score cleantext and its peers on each style:

========== ==================================================================================
name       what it does
========== ==================================================================================
bs4        BeautifulSoup (lxml); ``script``/``style``/``noscript`` removed; ``get_text("\\n",
           strip=True)``: every text node a line (the dataset's ``bs4`` style)
html_text  ``html_text.extract_text(html, guess_layout=True)``, trailing spaces stripped, runs
           of blank lines collapsed to one (the dataset's ``html_text`` style)
markdown   html2text, no wrapping (``body_width=0``), links and images kept as markdown
markdownify markdownify (ATX headings), runs of blank lines collapsed to one
inscriptis ``inscriptis.get_text`` with its default configuration (layout-aware, tables)
lynx       ``lynx -dump -nolist -stdin``, 80 columns, no link list (needs the ``lynx`` binary)
w3m        ``w3m -dump -T text/html``, 80 columns, no link numbers (needs the ``w3m`` binary)
resiliparse ``resiliparse.extract.html2text.extract_plain_text(html, main_content=False)``
html2txt   ``trafilatura.html2txt``: all the text of the page on one line (a page in which it
           finds no ``<body>`` is passed to it parsed as an HTML document)
========== ==================================================================================

Every converter takes the page as ``str`` (the shared HTML files hold decoded text). The
two command-line browsers get it as UTF-8 bytes; a ``charset`` that the page declares in a
``<meta>`` is rewritten to ``utf-8`` first, so that they do not decode those bytes as the
declared (original) charset. Their output is decoded as UTF-8 (invalid bytes replaced).
All settings are fixed (widths, options, no user configuration files), so the output
depends only on the page and the installed versions. :func:`versions` lists those.

Benchmark-only dependencies: ``pip install -e ".[bench]"``; ``lynx`` and ``w3m`` are
Debian packages (``apt-get install -y lynx w3m``). :func:`missing` tells why a converter
cannot run here, and the scripts skip such a converter with that message.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Callable

#: the column width of the two text browsers (their own default); wrapped lines are
#: part of what a cleaner sees in their output
BROWSER_WIDTH = 80
#: a browser that takes longer than this on one page is stopped (the page gets "")
BROWSER_TIMEOUT = 60.0

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
# a charset declared in <meta charset=...> or <meta http-equiv content="...; charset=...">
_META_CHARSET = re.compile(r"(<meta\b[^>]*?\bcharset\s*=\s*[\"']?)([-\w.:]+)", re.IGNORECASE)
# characters lxml refuses in a tree (C0 controls other than tab, newline, carriage return)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# the browsers run with a fixed environment: no user configuration, UTF-8 locale
_BROWSER_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "HOME": "/nonexistent",
}


def collapse_blank_lines(text: str) -> str:
    """Strip trailing spaces of every line and collapse runs of blank lines to one."""
    return _BLANK_RUNS.sub("\n\n", _TRAILING.sub("", text)).strip("\n")


def as_utf8_page(html: str) -> bytes:
    """The page as UTF-8 bytes, with every declared ``<meta>`` charset rewritten to ``utf-8``."""
    return _META_CHARSET.sub(r"\1utf-8", html).encode("utf-8", errors="replace")


def bs4_text(html: str) -> str:
    """The dataset's ``bs4`` style: every text node on its own line."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # an XHTML page parsed as HTML, as the dataset's text was made
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n", strip=True)


def html_text_text(html: str) -> str:
    """The dataset's ``html_text`` style: blocks on lines, blank lines around paragraphs."""
    import html_text

    return collapse_blank_lines(html_text.extract_text(html, guess_layout=True))


def markdown_text(html: str) -> str:
    """Markdown by html2text: no wrapping, Unicode kept, links and images as markdown."""
    import html2text

    converter = html2text.HTML2Text(bodywidth=0)
    converter.unicode_snob = True  # keep non-ASCII characters instead of ASCII stand-ins
    converter.ignore_links = False
    converter.ignore_images = False
    converter.ignore_emphasis = False
    return collapse_blank_lines(converter.handle(html))


def markdownify_text(html: str) -> str:
    """Markdown by markdownify (ATX headings; script and style dropped), blank runs collapsed."""
    from markdownify import markdownify

    return collapse_blank_lines(markdownify(html, heading_style="ATX", strip=["script", "style", "noscript"]))


def inscriptis_text(html: str) -> str:
    """inscriptis with its default configuration (layout-aware; tables kept as tables)."""
    from inscriptis import get_text

    return get_text(html)


def _browser(command: list[str], html: str) -> str:
    """Run a text browser on the page (UTF-8 on stdin) and return its UTF-8 output."""
    done = subprocess.run(
        command,
        input=as_utf8_page(html),
        capture_output=True,
        timeout=BROWSER_TIMEOUT,
        env=_BROWSER_ENV,
        check=False,
    )
    return collapse_blank_lines(done.stdout.decode("utf-8", errors="replace"))


def lynx_text(html: str) -> str:
    """``lynx -dump -nolist -stdin`` at :data:`BROWSER_WIDTH` columns, UTF-8 in and out."""
    return _browser(
        [
            "lynx", "-dump", "-nolist", "-stdin", "-force_html", "-noreferer", "-nomargins",
            f"-width={BROWSER_WIDTH}", "-assume_charset=utf-8", "-display_charset=utf-8",
            "-cfg=/etc/lynx/lynx.cfg", "-lss=/dev/null", "-hiddenlinks=ignore",
        ],
        html,
    )  # fmt: skip


def w3m_text(html: str) -> str:
    """``w3m -dump -T text/html`` at :data:`BROWSER_WIDTH` columns, UTF-8 in and out, no link numbers."""
    return _browser(
        [
            "w3m", "-dump", "-T", "text/html", "-cols", str(BROWSER_WIDTH), "-I", "UTF-8", "-O", "UTF-8",
            "-config", "/dev/null", "-o", "display_link_number=0", "-o", "display_image=0",
        ],
        html,
    )  # fmt: skip


def resiliparse_text(html: str) -> str:
    """resiliparse's plain text of the whole page (``main_content=False``, other options default)."""
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=False)


def html2txt_text(html: str) -> str:
    """``trafilatura.html2txt``: all the page's text as one line."""
    import lxml.etree
    import lxml.html
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    text = trafilatura.html2txt(html)
    if text or not html.strip():
        return text or ""
    # trafilatura finds no <body> in some pages (the CleanEval pages' <text> wrapper) or
    # rejects them as not HTML: then it gets the page parsed as an HTML document
    try:
        tree = lxml.html.document_fromstring(
            _CONTROL.sub("", html).encode("utf-8", errors="replace"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
        return trafilatura.html2txt(tree) or ""
    except (ValueError, lxml.etree.ParserError):
        return ""


#: converter name -> ``html -> text`` callable, in the order the benchmark runs them
CONVERTERS: dict[str, Callable[[str], str]] = {
    "markdown": markdown_text,
    "lynx": lynx_text,
    "w3m": w3m_text,
    "inscriptis": inscriptis_text,
    "resiliparse": resiliparse_text,
    "html2txt": html2txt_text,
    "markdownify": markdownify_text,
    "bs4": bs4_text,
    "html_text": html_text_text,
}

#: converter name -> (Python modules it imports, executables it runs, distributions to report)
REQUIRES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "markdown": (("html2text",), (), ("html2text",)),
    "lynx": ((), ("lynx",), ()),
    "w3m": ((), ("w3m",), ()),
    "inscriptis": (("inscriptis",), (), ("inscriptis",)),
    "resiliparse": (("resiliparse",), (), ("resiliparse",)),
    "html2txt": (("trafilatura",), (), ("trafilatura",)),
    "markdownify": (("markdownify",), (), ("markdownify",)),
    "bs4": (("bs4", "lxml"), (), ("beautifulsoup4", "lxml")),
    "html_text": (("html_text",), (), ("html-text",)),
}


def missing(name: str) -> str | None:
    """Why converter ``name`` cannot run here (a missing module or executable), else ``None``."""
    modules, programs, _ = REQUIRES[name]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            return f"Python module {module!r} is not installed (pip install -e '.[bench]')"
    for program in programs:
        if shutil.which(program) is None:
            return f"executable {program!r} is not on PATH (apt-get install -y {program})"
    return None


def versions(name: str) -> str:
    """The versions behind converter ``name``: its distributions', or the browser's first line."""
    _, programs, distributions = REQUIRES[name]
    parts = []
    for dist in distributions:
        try:
            parts.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist} (missing)")
    for program in programs:
        flag = "-version" if program in ("lynx", "w3m") else "--version"
        try:
            out = subprocess.run([program, flag], capture_output=True, text=True, timeout=10, check=False).stdout
            parts.append(out.splitlines()[0].strip() if out else program)
        except (OSError, subprocess.TimeoutExpired):
            parts.append(f"{program} (missing)")
    return ", ".join(parts)


def convert(name: str, html: str) -> str:
    """Converter ``name``'s text of ``html``."""
    return CONVERTERS[name](html)
