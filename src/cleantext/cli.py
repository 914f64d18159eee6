"""The ``cleantext`` command: clean text files, stdin or JSON Lines, on all cores.

Run ``cleantext --help`` for the options; README.md, section "Command line",
says what each mode writes and what the exit codes mean.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypeVar

from . import guard
from ._version import __version__
from .batch import DEFAULT_CHUNK_SIZE, describe, map_ordered
from .batchio import decode_text, expand_inputs, strip_compression
from .checkpoint import ResumeMismatch, replace_keeping_mode
from .cliflags import add_config_flags, config_from_flags
from .cliinput import page_report, prepare, split_outputs
from .config import Config
from .document import Document
from .jsonlrun import JsonlRun, NothingToClean, Unit, output_name, run_jsonl
from .pipeline import Pipeline
from .runstats import RunStats

T = TypeVar("T")

FORMATS = ("text", "json", "markdown", "html")
#: Where errors go in JSONL mode when the output is stdout and no ``--errors`` is given.
DEFAULT_ERRORS = "cleantext.errors.jsonl"
_SUFFIX = {
    "text": ".body.txt",
    "json": ".body.json",
    "markdown": ".body.md",
    "html": ".report.html",
    "explain": ".explain.txt",
}

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOTHING, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


# -- rendering ----------
_MD_BLOCK_START = re.compile(r"^([#>*+\-=|`~])|^(\d+)([.)])")
_EXPLAIN_BLOCK = re.compile(r"^(\s*\d+ )(KEEP|drop)\b(.*)$")
_GREEN, _RED, _DIM, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[2m", "\x1b[0m"


def _escape_md(match: re.Match[str]) -> str:
    return f"\\{match[1]}" if match[1] else f"{match[2]}\\{match[3]}"


def markdown(doc: Document) -> str:
    """The body as Markdown: for markdown input, its own lines (:attr:`Document.markdown`);
    else the headline (label ``title``) as ``#``, subheadings (label ``heading``) as
    ``##``, other kept blocks as paragraphs."""
    if doc.is_markdown:
        return doc.markdown
    parts = []
    for block in doc.kept:
        if block.label == "title":
            parts.append(f"# {block.text}")
        elif block.label == "heading":
            parts.append(f"## {block.text}")
        else:  # a paragraph must not start like a heading, quote or list item
            parts.append(_MD_BLOCK_START.sub(_escape_md, block.text))
    return "\n\n".join(parts)


def summary(doc: Document) -> dict[str, Any]:
    """The ``--format json`` view: title, body, language and the dropped blocks with reasons."""
    return {
        "title": doc.title,
        "body": doc.body,
        "language": doc.language,
        "dropped": [block.as_dict() for block in doc.dropped],
    }


def colourise(explanation: str) -> str:
    """Colour the lines of :meth:`Document.explain`: kept blocks green, dropped ones red."""
    lines = []
    for line in explanation.split("\n"):
        match = _EXPLAIN_BLOCK.match(line)
        if match is None:
            lines.append(f"{_DIM}{line}{_RESET}")
        elif match[2] == "KEEP":
            lines.append(f"{match[1]}{_GREEN}KEEP{_RESET}{match[3]}")
        else:
            lines.append(f"{match[1]}{_RED}drop{_RESET}{_DIM}{match[3]}{_RESET}")
    return "\n".join(lines)


def render(doc: Document, fmt: str = "text", color: bool = False) -> Any:
    """``doc`` in an output format: ``text``, ``markdown``, ``explain``, ``html`` give a string,
    ``json`` a dict (see :func:`summary`)."""
    if fmt == "text":
        return doc.body
    if fmt == "markdown":
        return markdown(doc)
    if fmt == "json":
        return summary(doc)
    if fmt == "explain":
        return colourise(doc.explain()) if color else doc.explain()
    if fmt == "html":
        return doc.to_html()
    raise ValueError(f"unknown format {fmt!r}")


@dataclass(frozen=True)
class Renderer:
    """:func:`render` with its format fixed; picklable, for worker processes."""

    fmt: str = "text"
    color: bool = False

    def __call__(self, doc: Document) -> Any:
        return render(doc, self.fmt, self.color)

    def to_text(self, doc: Document) -> str:
        """The whole output for one document, ending in a newline unless empty."""
        out = self(doc)
        text = json.dumps(out, ensure_ascii=False, indent=2) if isinstance(out, dict) else out
        return f"{text}\n" if text else ""


# -- reading and writing ----------
def decode(data: bytes) -> str:
    """Text from a file's bytes: decompressed if gzip, bz2, xz or zstd; UTF-8 (a BOM is
    dropped), UTF-16/32 (a BOM, or zero bytes), else cp1252 (undefined bytes become U+FFFD)."""
    return decode_text(data)


class AtomicFile:
    """A binary file written under a temporary name in the target's directory and
    renamed onto the target (``os.replace``, keeping the mode of a file it replaces)
    only when the ``with`` block ends without an exception; otherwise, or if the last
    flush fails (a full disk), the temporary file is removed.  With ``lazy=True``
    nothing is created until the first write."""

    def __init__(self, path: str | os.PathLike[str], lazy: bool = False) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        self._file: IO[bytes] | None = None
        self._lazy = lazy

    def _open(self) -> IO[bytes]:
        if self._file is None:
            self._file = open(self.partial, "xb")
        return self._file

    def write(self, data: bytes) -> None:
        """Write ``data`` to the temporary file."""
        self._open().write(data)

    @property
    def written(self) -> bool:
        """Whether anything was written (or, unless lazy, the file was opened)."""
        return self._file is not None

    def __enter__(self) -> AtomicFile:
        if not self._lazy:
            self._open()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._file is None:
            return
        try:
            self._file.close()
            if kind is None:
                replace_keeping_mode(self.partial, self.path)
        finally:
            self.partial.unlink(missing_ok=True)


def _stdout() -> IO[bytes]:
    return sys.stdout.buffer


def progress(items: Iterable[T], show: bool, total: int | None = None) -> Iterator[T]:
    """``items``, with a progress line (documents done, per second) on stderr if ``show``."""
    if not show:
        return iter(items)
    from .progress import counted

    return counted(items, sys.stderr, total=total)


# -- text mode ----------
@dataclass(frozen=True)
class Source:
    """One input document: a path (read by the worker), or stdin's text."""

    name: str
    text: str | None = None


@dataclass(frozen=True)
class Outcome:
    """One document's output, or why there is none."""

    name: str
    output: str | None = None
    error: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DocumentTask:
    """Read, clean and render one :class:`Source` (a :class:`~cleantext.batch.Task`)."""

    renderer: Renderer
    html: bool | None = None
    verbose: bool = False

    def run(self, pipeline: Pipeline, item: Source) -> Outcome:
        """Clean one document; a failure becomes an :class:`Outcome` with an error."""
        try:
            text = item.text if item.text is not None else decode(Path(item.name).read_bytes())
            text, markup, note = prepare(text, self.html)
            doc = pipeline.run(text, markup=markup)
            if self.verbose:
                note = "\n".join(filter(None, [note, page_report(doc)]))
            return Outcome(item.name, self.renderer.to_text(doc), note=note)
        except BaseException as exc:
            if guard.must_reraise(exc):
                raise
            return Outcome(item.name, error=describe(exc))

    def lost(self, item: Source, error: BaseException) -> Outcome:
        """The document killed its worker or went over the time limit."""
        return Outcome(item.name, error=describe(error))

    def size(self, item: Source) -> int:
        """Documents are sent one by one."""
        return 1


def target_path(name: str, out_dir: str | None, fmt: str) -> Path:
    """Where one input's output goes: ``STEM.body.txt`` (``.body.json``, ``.body.md``,
    ``.explain.txt``) in ``out_dir``, or beside the input."""
    source = Path("stdin" if name == "-" else name)
    directory = Path(out_dir) if out_dir is not None else source.parent
    return directory / f"{source.stem}{_SUFFIX[fmt]}"


def _run_text(args: argparse.Namespace, config: Config, parser: argparse.ArgumentParser) -> int:
    names: list[str] = expand_inputs(args.paths or ["-"], exclude=[p for p in (args.out_dir, args.output) if p])
    names, skipped = split_outputs(names, _SUFFIX.values())
    for name in skipped:
        print(f"cleantext: skipping {name}: it is an output of cleantext", file=sys.stderr)
    if not names:
        parser.error(
            "no input files found"
            if not skipped
            else "every input is an output of cleantext (*.body.txt, .body.json, .body.md, .report.html, ...)"
        )
    if "-" in names and len(names) > 1:
        parser.error("stdin ('-') cannot be mixed with other paths")
    per_file = len(names) > 1 or args.out_dir is not None
    if per_file and args.output is not None:
        parser.error("-o/--output takes one input; use --out-dir for several")
    fmt = "explain" if args.explain else args.format
    to_terminal = not per_file and args.output in (None, "-") and sys.stdout.isatty()
    renderer = Renderer(fmt, color=_use_color(args.color, to_terminal))
    targets = [target_path(name, args.out_dir, fmt) for name in names] if per_file else []
    if len(set(targets)) < len(targets):
        parser.error("two inputs would be written to the same output file; rename one")
    if args.out_dir is not None:
        Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    if args.resume and per_file:  # files done by an earlier run are skipped
        kept = [i for i, target in enumerate(targets) if not target.exists()]
        if len(kept) < len(names):
            print(f"cleantext: {len(names) - len(kept)} file(s) already done, skipped", file=sys.stderr)
        names, targets = [names[i] for i in kept], [targets[i] for i in kept]

    sources = (Source(n, decode(sys.stdin.buffer.read())) if n == "-" else Source(n) for n in names)
    task = DocumentTask(renderer, html=args.html, verbose=args.verbose)
    chunk = args.chunk_size or 1
    outcomes = map_ordered(task, sources, jobs=args.jobs, config=config, chunk_size=chunk, time_limit=args.time_limit)
    failed = 0
    show = _show_progress(args, several=len(names) > 1)
    for i, outcome in enumerate(progress(outcomes, show, total=len(names))):
        if outcome.note and not args.quiet:
            print(f"cleantext: {outcome.name}: {outcome.note}", file=sys.stderr)
        if outcome.output is None:
            failed += 1
            print(f"cleantext: {outcome.name}: {outcome.error}", file=sys.stderr)
        elif per_file:
            with AtomicFile(targets[i]) as out:
                out.write(outcome.output.encode("utf-8"))
        elif args.output not in (None, "-"):
            with AtomicFile(args.output) as out:
                out.write(outcome.output.encode("utf-8"))
        else:
            _stdout().write(outcome.output.encode("utf-8"))
            _stdout().flush()
    if failed and failed == len(names):
        return EXIT_NOTHING
    return EXIT_FAILED if failed else EXIT_OK


# -- JSONL mode ----------
def errors_path(output: str | None, errors: str | None) -> Path:
    """The errors file: ``errors`` if given, else ``OUT.errors.jsonl`` beside the output
    file (``OUT.jsonl`` or ``OUT.jsonl.gz`` -> ``OUT.errors.jsonl``), else
    ``cleantext.errors.jsonl`` here."""
    if errors:
        return Path(errors)
    if output in (None, "-"):
        return Path(DEFAULT_ERRORS)
    out = Path(output)
    name = strip_compression(out.name)
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return out.with_name(f"{stem}.errors.jsonl")


def _jsonl_units(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Unit]:
    exclude = [p for p in (args.output, args.out_dir, args.errors, args.stats) if p and p != "-"]
    sources = expand_inputs(args.paths or ["-"], exclude=exclude)
    if not sources:
        parser.error("no input files found")
    if "-" in sources and len(sources) > 1:
        parser.error("stdin ('-') cannot be mixed with other paths")
    if args.out_dir is not None:
        if "-" in sources:
            parser.error("--out-dir needs input files, not stdin")
        targets = [Path(args.out_dir) / output_name(source) for source in sources]
        if len(set(targets)) < len(targets):
            parser.error("two inputs would be written to the same output file; rename one")
        Path(args.out_dir).mkdir(parents=True, exist_ok=True)
        return [Unit(s, t, errors_path(str(t), None)) for s, t in zip(sources, targets, strict=True)]
    if len(sources) > 1:
        parser.error("several JSON Lines inputs need --out-dir DIR (one output file each)")
    to_stdout = args.output in (None, "-")
    if to_stdout and (args.resume or args.shard_size):
        parser.error("--resume and --shard-size need an output file (-o) or --out-dir")
    if sources[0] == "-" and args.resume:
        parser.error("--resume needs an input file, not stdin")
    output = None if to_stdout else Path(args.output)
    return [Unit(sources[0], output, errors_path(args.output, args.errors))]


def _run_jsonl(args: argparse.Namespace, config: Config, parser: argparse.ArgumentParser) -> int:
    units = _jsonl_units(args, parser)
    show = _show_progress(args)
    run = JsonlRun(
        field=args.field,
        into=args.into,
        language_field=args.language_field or None,
        render=Renderer("explain" if args.explain else args.format),
        html=bool(args.html),
        overwrite=args.force,
        jobs=args.jobs,
        config=config,
        chunk_size=args.chunk_size or DEFAULT_CHUNK_SIZE,
        time_limit=args.time_limit,
        shard_size=args.shard_size or None,
        resume=args.resume,
        progress=lambda results: progress(results, show),
    )

    def say(message: str) -> None:
        print(f"cleantext: {message}", file=sys.stderr)

    try:
        stats = run_jsonl(units, run, say)
    except NothingToClean as exc:
        say(f"{exc}; nothing was written")
        return EXIT_NOTHING
    except ResumeMismatch as exc:
        say(str(exc))
        return EXIT_USAGE
    finally:
        if args.stats:
            _write_stats(Path(args.stats), run.stats)
    if not args.quiet or stats.errors:
        errors = {unit.errors for unit in units}
        where = f" (written to {', '.join(map(str, sorted(errors)))})" if stats.errors else ""
        say(stats.summary() + where)
    if stats.errors and not stats.cleaned:
        return EXIT_NOTHING
    return EXIT_FAILED if stats.errors else EXIT_OK


def _write_stats(path: Path, stats: RunStats) -> None:
    with AtomicFile(path) as out:
        out.write((json.dumps(stats.as_dict(), indent=2) + "\n").encode("utf-8"))


# -- options ----------
def _use_color(choice: str, to_terminal: bool) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return to_terminal and not os.environ.get("NO_COLOR")


def _one_blas_thread() -> None:
    """The classifier's matrices are small: BLAS threads would only spin and take cores
    from the worker processes.  Unless the user said otherwise, use one (before numpy loads)."""
    if "numpy" not in sys.modules:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")


def _show_progress(args: argparse.Namespace, several: bool = True) -> bool:
    if args.progress is not None:
        return bool(args.progress)
    return several and sys.stderr.isatty()  # no bar for a single document


def build_parser() -> argparse.ArgumentParser:
    """The command line parser of ``cleantext``."""
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Turn the plain text of scraped web pages (one block per line) into their editorial body.",
        epilog="Exit status: 0 all done, 1 some documents or records failed (the run "
        "goes on), 2 usage error, 3 nothing could be cleaned (every record failed, or the "
        "first records lack --field), 130 interrupted (with -o or --out-dir, --resume goes on).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="input files, directories (read recursively) or globs ('-' or none: stdin); "
        "gzip, bz2, xz and zstd files are read decompressed",
    )
    io = parser.add_argument_group("input and output")
    io.add_argument(
        "--jsonl",
        action="store_true",
        help="the input is JSON Lines, or WARC/WET (told from its first bytes): clean each "
        "record's --field into --into (default for *.jsonl, *.warc, *.wet, compressed or not)",
    )
    io.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of stdout (written to a temporary name, then renamed)"
    )
    io.add_argument(
        "--out-dir", metavar="DIR", help="write one file per input into DIR (STEM.body.txt, .body.json, .body.md)"
    )
    io.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: the body; json: title, body, language and the dropped blocks "
        "with reasons; markdown: headline and subheadings as headings; html: a visual "
        "report, kept and dropped blocks in colour with their reasons (STEM.report.html)",
    )
    io.add_argument(
        "--html",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the input is HTML: turn it into text first (with html-text). Default: text files "
        "that look like HTML are converted, with a message; --no-html never converts",
    )
    io.add_argument(
        "-v", "--verbose", action="store_true", help="per-page report on stderr: language, steps, kept blocks"
    )
    io.add_argument("--explain", action="store_true", help="print every block with its decision, label and reason")
    io.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour --explain: auto means on a terminal, unless NO_COLOR is set",
    )
    jsonl = parser.add_argument_group("JSON Lines")
    jsonl.add_argument("--field", default="text", help="the field to clean (default: text)")
    jsonl.add_argument(
        "--into", default="body", help="the field for the result (default: body); it must not exist unless --force"
    )
    jsonl.add_argument("--force", action="store_true", help="let --into replace a field a record already has")
    jsonl.add_argument(
        "--language-field",
        default="language",
        metavar="FIELD",
        help="the field for the detected language ('' for none; default: language)",
    )
    jsonl.add_argument(
        "--shard-size",
        type=int,
        default=0,
        metavar="N",
        help="write the records in shards of N: OUT-00000.jsonl, OUT-00001.jsonl, ...",
    )
    jsonl.add_argument("--stats", metavar="FILE", help="write the run's counts here as JSON")
    jsonl.add_argument(
        "--errors",
        metavar="PATH",
        help=f"errors file (default: OUT.errors.jsonl, or {DEFAULT_ERRORS} "
        "when the output is stdout); written only if there are errors",
    )
    run = parser.add_argument_group("running")
    run.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default 0: all cores; 1: no pool)"
    )
    run.add_argument(
        "--chunk-size",
        type=int,
        default=0,
        metavar="N",
        help=f"records sent to a worker at once (default {DEFAULT_CHUNK_SIZE}; text files: 1)",
    )
    run.add_argument(
        "--resume",
        action="store_true",
        help="go on from where an interrupted run stopped; skip outputs already complete",
    )
    run.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar="S",
        help="a record that takes longer than S seconds becomes an error (default: no limit)",
    )
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal, for JSON Lines or several files)",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr unless there were errors")
    add_config_flags(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def config_from(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Config:
    """The :class:`Config` the command line asks for (a usage error if it is invalid)."""
    return config_from_flags(args, parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.jobs < 0:
        parser.error("-j/--jobs must be >= 0")
    if args.chunk_size < 0:
        parser.error("--chunk-size must be >= 0")
    if args.shard_size < 0:
        parser.error("--shard-size must be >= 0")
    if args.time_limit is not None and args.time_limit <= 0:
        parser.error("--time-limit must be > 0")
    if not args.jsonl and args.paths and all(_looks_like_records(p) for p in args.paths):
        args.jsonl = True
    if not args.jsonl and (args.shard_size or args.stats):
        parser.error("--shard-size and --stats are for JSON Lines and WARC/WET input")
    _one_blas_thread()
    config = config_from(args, parser)
    guard.reset_stop()
    previous = signal.signal(signal.SIGTERM, _terminate)
    previous_int = signal.signal(signal.SIGINT, _interrupt)
    try:
        return (_run_jsonl if args.jsonl else _run_text)(args, config, parser)
    except (KeyboardInterrupt, _Terminated):
        print("cleantext: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # stdout closed early (| head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except OSError as exc:
        print(f"cleantext: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


_RECORD_NAMES = (".jsonl", ".ndjson", ".warc", ".wet")


def _looks_like_records(path: str) -> bool:
    """Whether a path's name says JSON Lines or WARC/WET (``x.jsonl.gz``, ``x.warc.wet.gz``)."""
    return strip_compression(Path(path).name).lower().endswith(_RECORD_NAMES)


class _Terminated(Exception):
    """SIGTERM, raised so that the run stops as on Ctrl-C (finished work is kept)."""


def _terminate(signum: int, frame: object) -> None:
    guard.request_stop()
    raise _Terminated


def _interrupt(signum: int, frame: object) -> None:
    guard.request_stop()
    raise KeyboardInterrupt


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
