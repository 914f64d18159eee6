"""Generated parts of the documentation, kept in step with the code.

A page marks a generated part like this::

    <!-- generated:NAME -->
    ...last generated content...
    <!-- /generated -->

``mkdocs build`` and ``mkdocs serve`` regenerate every marked part when they render
the page (this file is a MkDocs hook, see ``mkdocs.yml``), so the site always shows
what the code does now.  The copy committed in ``docs/*.md`` is what GitHub shows;
refresh it with::

    python docs/_hooks/generate.py           # rewrite the marked parts in docs/*.md
    python docs/_hooks/generate.py --check   # exit 1 if any committed part is stale
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ARTICLE = ROOT / "tests" / "fixtures" / "article_de.txt"
MARK = re.compile(r"(<!-- generated:([\w-]+) -->\n)(.*?)(<!-- /generated -->)", re.S)


def _fence(text: str, lang: str = "text") -> str:
    return f"```{lang}\n{text.rstrip()}\n```\n"


def _article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def _article_doc():
    import cleantext

    return cleantext.clean_document(_article())


def article_input(old: str) -> str:
    lines = _article().rstrip("\n").split("\n")
    return _fence("\n".join(f"{i:3d}  {line}" for i, line in enumerate(lines)))


def explain(old: str) -> str:
    return _fence(_article_doc().explain())


def article_body(old: str) -> str:
    return _fence(_article_doc().body)


def article_reasons(old: str) -> str:
    doc = _article_doc()
    counts: Counter[tuple[str, str, bool]] = Counter(
        (b.label, b.reason, b.keep) for b in doc.blocks
    )
    rows = ["| kept | label | reason | blocks |", "|---|---|---|---:|"]
    for (label, reason, keep), n in sorted(
        counts.items(), key=lambda kv: (not kv[0][2], -kv[1], kv[0])
    ):
        rows.append(f"| {'yes' if keep else 'no'} | `{label}` | {reason} | {n} |")
    return "\n".join(rows) + "\n"


def steps(old: str) -> str:
    import cleantext

    rows = ["| # | step | class | what it does |", "|---:|---|---|---|"]
    for i, (name, step) in enumerate(cleantext.Pipeline(), 1):
        doc = (type(step).__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        rows.append(f"| {i} | `{name}` | `{type(step).__name__}` | {doc} |")
    return "\n".join(rows) + "\n"


def labels(old: str) -> str:
    import cleantext

    return ", ".join(f"`{label}`" for label in cleantext.LABELS) + "\n"


def _attribute_docs(cls: type) -> dict[str, str]:
    """``name: description`` entries of a Google-style ``Attributes:`` section."""
    out: dict[str, str] = {}
    text = cls.__doc__ or ""
    if "Attributes:" not in text:
        return out
    section = text.split("Attributes:", 1)[1]
    current = None
    for line in section.split("\n"):
        match = re.match(r"^\s{8}(\w+):\s*(.*)$", line)
        if match:
            current = match.group(1)
            out[current] = match.group(2).strip()
        elif current and line.startswith(" " * 12):
            out[current] += " " + line.strip()
        elif line.strip() and not line.startswith(" " * 8):
            break
    return out


def config_table(old: str) -> str:
    import cleantext

    described = _attribute_docs(cleantext.Config)
    rows = ["| option | default | meaning |", "|---|---|---|"]
    for f in dataclasses.fields(cleantext.Config):
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        meaning = described.get(f.name, "").replace("|", "\\|").replace("``", "`")
        rows.append(f"| `{f.name}` | `{default!r}` | {meaning} |")
    return "\n".join(rows) + "\n"


def backends(old: str) -> str:
    from cleantext.language import backends as names

    return ", ".join(f"`{name}`" for name in names()) + "\n"


def _language_name(code: str) -> str:
    try:
        from babel import Locale

        return Locale("en").languages.get(code, "")
    except Exception:  # babel missing or no name for the code
        return ""


def stopword_languages(old: str) -> str:
    from cleantext.stopwords import supported_languages

    codes = sorted(supported_languages())
    rows = [f"{len(codes)} languages.", "", "| code | language |", "|---|---|"]
    rows += [f"| `{code}` | {_language_name(code)} |" for code in codes]
    return "\n".join(rows) + "\n"


def lexicon_languages(old: str) -> str:
    from cleantext.lexicons import available

    rows = ["| code | language |", "|---|---|"]
    for code in available():
        name = (
            "language-neutral patterns (used for every page)"
            if code == "xx"
            else _language_name(code)
        )
        rows.append(f"| `{code}` | {name} |")
    return "\n".join(rows) + "\n"


def cli_help(old: str) -> str:
    """``cleantext --help``, once the command line exists; else the committed text."""
    import importlib.util

    if importlib.util.find_spec("cleantext.cli") is None:
        return old
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv[0] = 'cleantext'; from cleantext.cli import main; "
            "main(['--help'])",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "88", "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    if run.returncode != 0 or not run.stdout.strip():
        raise RuntimeError(
            f"cleantext --help failed ({run.returncode}): {run.stderr.strip()[-500:]}"
        )
    return _fence(run.stdout)


GENERATORS: dict[str, Callable[[str], str]] = {
    "article-input": article_input,
    "explain": explain,
    "article-body": article_body,
    "article-reasons": article_reasons,
    "steps": steps,
    "labels": labels,
    "config": config_table,
    "backends": backends,
    "stopword-languages": stopword_languages,
    "lexicon-languages": lexicon_languages,
    "cli-help": cli_help,
}


def render(markdown: str) -> str:
    """Regenerate every marked part of a page's markdown."""

    def sub(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in GENERATORS:
            raise KeyError(f"unknown generated part {name!r}; known: {', '.join(GENERATORS)}")
        return match.group(1) + GENERATORS[name](match.group(3)) + match.group(4)

    return MARK.sub(sub, markdown)


# -- MkDocs hook ------------------------------------------------------------------
def on_page_markdown(markdown: str, **kwargs: object) -> str:
    return render(markdown)


# -- command line -----------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the marked parts of docs/*.md.")
    parser.add_argument(
        "--check", action="store_true", help="only report stale parts; exit 1 if any"
    )
    args = parser.parse_args(argv)
    stale = []
    for page in sorted(DOCS.rglob("*.md")):
        old = page.read_text(encoding="utf-8")
        new = render(old)
        if new != old:
            stale.append(page.relative_to(ROOT))
            if not args.check:
                with open(page, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(new)
    for path in stale:
        print(f"{'stale' if args.check else 'updated'}: {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
