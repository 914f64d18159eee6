"""The ``cleantext`` command: stdin, files, --out-dir, JSON Lines, errors, exit codes, terminals."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import select
import struct
import subprocess
import sys
import sysconfig
import termios
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

import cleantext
from cleantext import cli
from cleantext.batch import LineResult
from cleantext.document import Block, Document
from pages import page

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "article_de.txt"
GOLD = (FIXTURES / "article_de.body.txt").read_text(encoding="utf-8")
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}


def run(
    *args: str, stdin: bytes = b"", cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The command in a subprocess, with pipes (not terminals) for all three streams."""
    return subprocess.run(
        [sys.executable, "-m", "cleantext", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env or ENV,
        timeout=300,
        check=False,
    )


def main(args: list[str], capsysbinary: pytest.CaptureFixture[bytes], stdin: bytes = b"") -> tuple[int, bytes, str]:
    """The command in this process: exit code, stdout bytes, stderr text."""
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = cli.main(args)
    finally:
        sys.stdin = old
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def no_partial_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".part")]


# -- text mode -------------------------------------------------------------------------------------
def test_console_script_is_declared() -> None:
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "cleantext"]
    assert script.value == "cleantext.cli:main"


def test_stdin_reference_article_prints_exactly_the_gold_lines() -> None:
    # `cleantext < tests/fixtures/article_de.txt`, with the installed console script
    script = Path(sysconfig.get_path("scripts")) / "cleantext"
    if not script.is_file():
        pytest.skip("the package is not installed: no cleantext console script")
    with ARTICLE.open("rb") as stdin:
        result = subprocess.run([str(script)], stdin=stdin, capture_output=True, env=ENV, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").splitlines() == GOLD.splitlines()
    assert len(GOLD.splitlines()) == 15


def test_python_m_cleantext_reads_stdin() -> None:
    result = run(stdin=ARTICLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == cleantext.clean(ARTICLE.read_text(encoding="utf-8")) + "\n"


def test_dash_reads_stdin(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = main(["-", "-j", "1"], capsysbinary, stdin=page(1).encode())
    assert code == 0
    assert out.decode() == cleantext.clean(page(1)) + "\n"


def test_one_file_to_stdout_and_to_output(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(page(2), encoding="utf-8")
    code, out, _ = main([str(source)], capsysbinary)
    assert (code, out.decode()) == (0, cleantext.clean(page(2)) + "\n")
    target = tmp_path / "out" / "a.clean"
    target.parent.mkdir()
    code, out, _ = main([str(source), "-o", str(target)], capsysbinary)
    assert (code, out) == (0, b"")
    assert target.read_text(encoding="utf-8") == cleantext.clean(page(2)) + "\n"
    assert no_partial_files(target.parent)


def test_cp1252_input_is_decoded(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    text = "Grüße aus München, schöne Stadt, und ein langer Satz über die Straße und den Fluss hier."
    code, out, _ = main(
        ["--disable", "classify,context,select", "--explain"], capsysbinary, stdin=text.encode("cp1252")
    )
    assert code == 0
    assert "Grüße aus München" in out.decode("utf-8")


def test_several_files_are_written_beside_their_inputs_in_order(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    sources = []
    for i in range(5):
        sources.append(tmp_path / f"page{i}.txt")
        sources[-1].write_text(page(i), encoding="utf-8")
    code, out, err = main([*map(str, sources), "-j", "2"], capsysbinary)
    assert (code, out) == (0, b""), err
    for i in range(5):
        assert (tmp_path / f"page{i}.body.txt").read_text(encoding="utf-8") == cleantext.clean(page(i)) + "\n"
    assert no_partial_files(tmp_path)


def test_out_dir_and_formats(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = tmp_path / "in" / "article.txt"
    source.parent.mkdir()
    source.write_bytes(ARTICLE.read_bytes())
    out_dir = tmp_path / "new" / "dir"
    for fmt, name in [("text", "article.body.txt"), ("json", "article.body.json"), ("markdown", "article.body.md")]:
        code, _, err = main([str(source), "--out-dir", str(out_dir), "--format", fmt, "-j", "1"], capsysbinary)
        assert code == 0, err
        assert (out_dir / name).is_file()
    doc = cleantext.clean_document(ARTICLE.read_text(encoding="utf-8"))
    assert (out_dir / "article.body.txt").read_text(encoding="utf-8") == doc.body + "\n"
    data = json.loads((out_dir / "article.body.json").read_text(encoding="utf-8"))
    assert set(data) == {"title", "body", "language", "dropped"}
    assert (data["title"], data["body"], data["language"]) == (doc.title, doc.body, doc.language)
    assert [d["text"] for d in data["dropped"]] == [b.text for b in doc.dropped]
    assert all(d["reason"] and d["label"] and d["keep"] is False for d in data["dropped"])
    assert (out_dir / "article.body.md").read_text(encoding="utf-8") == cli.markdown(doc) + "\n"


def test_a_missing_file_fails_but_the_others_are_written(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(page(3), encoding="utf-8")
    code, _, err = main([str(tmp_path / "missing.txt"), str(good), "-j", "1"], capsysbinary)
    assert code == 1
    assert "missing.txt" in err and "FileNotFoundError" in err
    assert (tmp_path / "good.body.txt").read_text(encoding="utf-8") == cleantext.clean(page(3)) + "\n"
    assert not (tmp_path / "missing.body.txt").exists()


def test_markdown_marks_title_and_headings() -> None:
    doc = Document(original="", text="", config=cleantext.Config())
    texts = [
        ("A headline", "title"),
        ("# not a heading", "body"),
        ("A subheading", "heading"),
        ("1. not a list", "body"),
        ("Menu", "navigation"),
    ]
    for i, (text, label) in enumerate(texts):
        doc.blocks.append(Block(i, text, label=label, keep=label != "navigation"))
    assert cli.markdown(doc) == "# A headline\n\n\\# not a heading\n\n## A subheading\n\n1\\. not a list"


def test_explain_lists_every_block_without_colour_off_a_terminal(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    raw = ARTICLE.read_bytes()
    code, out, _ = main(["--explain"], capsysbinary, stdin=raw)
    text = out.decode("utf-8")
    doc = cleantext.clean_document(raw.decode("utf-8"))
    assert code == 0 and "\x1b[" not in text
    marks = [line.split()[1] for line in text.splitlines() if line[:4].strip().isdigit()]
    assert marks == ["KEEP" if b.keep else "drop" for b in doc.blocks]
    for block in doc.blocks:
        assert block.reason in text and block.label in text
    code, out, _ = main(["--explain", "--color", "always"], capsysbinary, stdin=raw)
    assert "\x1b[32mKEEP" in out.decode("utf-8") and "\x1b[31mdrop" in out.decode("utf-8")


def run_in_terminal(args: list[str], stdin: Path, env: dict[str, str]) -> str:
    """Run the command with stdout and stderr on a pseudo-terminal; return what it showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # rows, columns
    with stdin.open("rb") as source:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cleantext", *args], stdin=source, stdout=follower, stderr=follower, env=env
        )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the terminal closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_explain_is_coloured_unless_no_color() -> None:
    shown = run_in_terminal(["--explain"], ARTICLE, ENV)
    assert "\x1b[32mKEEP" in shown and "\x1b[31mdrop" in shown
    assert "doc/s" not in shown  # no progress bar for a single document
    plain = run_in_terminal(["--explain"], ARTICLE, {**ENV, "NO_COLOR": "1"})
    assert "\x1b[" not in plain and "KEEP" in plain


def test_on_a_terminal_the_progress_bar_shows(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"text": page(i)}) for i in range(3)])
    shown = run_in_terminal(["--jsonl", "-o", str(tmp_path / "out.jsonl"), "-q"], source, ENV)
    assert "doc/s" in shown  # the progress line on stderr, with documents per second
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 3
    hidden = run_in_terminal(["--jsonl", "-o", str(tmp_path / "out.jsonl"), "-q", "--no-progress"], source, ENV)
    assert hidden.strip() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"text": page(i)}) for i in range(3)])
    quiet = run("--jsonl", str(source), "-q")
    assert quiet.returncode == 0
    assert quiet.stderr == b""
    shown = run("--jsonl", str(source), "-q", "--progress")
    assert b"doc/s" in shown.stderr
    assert quiet.stdout == shown.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"cleantext {cleantext.__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["--disable", "no-such-step"],
        ["--threshold", "1.5"],
        ["--language-backend", "nope"],
        ["-", "other.txt"],
        ["a.txt", "b.txt", "-o", "x.txt"],
        ["--jsonl", "a.jsonl", "b.jsonl"],
        ["-j", "-1"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    assert exit_info.value.code == 2
    assert "usage:" in capsysbinary.readouterr().err.decode()


def test_pipeline_options_reach_the_pipeline(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    raw = ARTICLE.read_bytes()
    code, out, _ = main(["--format", "json", "--language", "fr", "--threshold", "0.5"], capsysbinary, stdin=raw)
    assert code == 0 and json.loads(out)["language"] == "fr"
    code, out, _ = main(["--disable", "select", "--disable", "context,classify"], capsysbinary, stdin=raw)
    assert (code, out) == (0, b"")  # nothing selected: nothing kept


# -- JSON Lines ---------------------------------------------------------------------------------------
def test_jsonl_stdin_to_stdout(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = [json.dumps({"id": i, "text": page(i)}) for i in range(3)]
    code, out, err = main(["--jsonl", "-j", "1"], capsysbinary, stdin="\n".join(lines).encode())
    assert code == 0
    records = [json.loads(line) for line in out.decode().splitlines()]
    assert [r["id"] for r in records] == [0, 1, 2]
    assert [r["body"] for r in records] == [cleantext.clean(page(i)) for i in range(3)]
    assert all(list(r) == ["id", "text", "body", "language"] for r in records)
    assert "3 cleaned, 0 error(s)" in err
    assert not (tmp_path / cli.DEFAULT_ERRORS).exists()


def test_jsonl_errors_go_to_the_default_file_when_output_is_stdout(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stdin = "\n".join([json.dumps({"text": page(1)}), "oops", "", json.dumps({"text": 1})]).encode()
    code, out, err = main(["--jsonl", "-j", "1"], capsysbinary, stdin=stdin)
    assert code == 1
    assert len(out.decode().splitlines()) == 1
    errors = read_jsonl(tmp_path / cli.DEFAULT_ERRORS)
    assert [e["line"] for e in errors] == [2, 4]
    assert errors[0]["input"] == "oops"
    assert "1 cleaned, 2 error(s)" in err and "1 blank line(s) skipped" in err


def test_jsonl_fields_and_errors_path(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"content": page(1), "n": 1}), "{"])
    out, errors = tmp_path / "out.jsonl", tmp_path / "bad" / "errs.jsonl"
    errors.parent.mkdir()
    args = [
        "--jsonl",
        str(source),
        "-o",
        str(out),
        "--field",
        "content",
        "--into",
        "clean",
        "--language-field",
        "lang",
        "--errors",
        str(errors),
        "--format",
        "markdown",
        "-j",
        "1",
    ]
    code, stdout, _ = main(args, capsysbinary)
    assert (code, stdout) == (1, b"")
    [record] = read_jsonl(out)
    assert list(record) == ["content", "n", "clean", "lang"]
    assert record["clean"] == cli.markdown(cleantext.clean_document(page(1)))
    assert [e["line"] for e in read_jsonl(errors)] == [2]
    assert not (tmp_path / "out.errors.jsonl").exists()


def test_jsonl_json_format_nests_the_summary(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [json.dumps({"text": page(4)})])
    code, out, _ = main(["--jsonl", str(source), "--format", "json", "-j", "1"], capsysbinary)
    assert code == 0
    nested = json.loads(out)["body"]
    assert nested["body"] == cleantext.clean(page(4))
    assert {"title", "language", "dropped"} <= set(nested)


def test_jsonl_200_good_and_2_broken_lines_on_two_processes(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "text": page(i)}) for i in range(200)]
    lines.insert(50, '{"id": "broken", "text": ')
    lines.insert(151, json.dumps({"id": "no text"}))
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    result = run("--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "2", "--chunk-size", "8")
    assert result.returncode == 1
    records = read_jsonl(tmp_path / "out.jsonl")
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [r["id"] for r in records] == list(range(200))
    assert [e["line"] for e in errors] == [51, 152]
    assert [e["input"] for e in errors] == [lines[50], lines[151]]
    assert "invalid JSON" in errors[0]["error"] and "missing field 'text'" in errors[1]["error"]
    # every input line is accounted for
    assert len(records) + len(errors) == len(lines) == 202
    assert [r["body"] for r in records] == [cleantext.clean(page(i)) for i in range(200)]
    assert b"202 line(s): 200 cleaned, 2 error(s)" in result.stderr
    assert no_partial_files(tmp_path)


def test_jsonl_output_is_the_same_with_one_and_two_jobs(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "text": page(i % 7)}) for i in range(60)]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    one = run("--jsonl", str(source), "-j", "1")
    two = run("--jsonl", str(source), "-j", "2", "--chunk-size", "3")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert [json.loads(line)["id"] for line in two.stdout.splitlines()] == list(range(60))


def test_an_interrupted_run_keeps_its_work_for_resume(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleantext import jsonlrun

    def interrupted(lines: Any, **kwargs: Any) -> Iterator[LineResult]:
        yield LineResult(1, "record", "{}")
        yield LineResult(2, "error", '{"line": 2}', "bad")
        raise KeyboardInterrupt

    monkeypatch.setattr(jsonlrun, "clean_jsonl", interrupted)
    source = write_jsonl(tmp_path / "in.jsonl", ["{}", "{}", "{}"])
    code, _, err = main(["--jsonl", str(source), "-o", str(tmp_path / "out.jsonl")], capsysbinary)
    assert code == 130 and "interrupted; 2 line(s) done are kept" in err and "--resume" in err
    # nothing under a real name; the finished lines are kept for --resume
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.errors.jsonl.part",
        ".out.jsonl.part",
        ".out.jsonl.resume.json",
        "in.jsonl",
    ]
    assert (tmp_path / ".out.jsonl.part").read_bytes() == b"{}\n"


def test_sigterm_keeps_the_work_done_too(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from cleantext import jsonlrun

    def terminated(lines: Any, **kwargs: Any) -> Iterator[LineResult]:
        yield LineResult(1, "record", '{"n": 1}')
        os.kill(os.getpid(), signal.SIGTERM)  # the command's handler raises here
        yield LineResult(2, "record", '{"n": 2}')

    monkeypatch.setattr(jsonlrun, "clean_jsonl", terminated)
    source = write_jsonl(tmp_path / "in.jsonl", ["{}", "{}"])
    code, _, err = main(["--jsonl", str(source), "-o", str(tmp_path / "out.jsonl")], capsysbinary)
    assert code == 130 and "interrupted; 1 line(s) done are kept" in err
    assert (tmp_path / ".out.jsonl.part").read_bytes() == b'{"n": 1}\n'
    assert json.loads((tmp_path / ".out.jsonl.resume.json").read_text())["lines"] == 1


# -- memory ---------------------------------------------------------------------------------------------
RSS_HELPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
NO_STEPS = "encoding,normalize,language,segment,classify,context,select"


def peak_rss_kib(source: Path, target: Path) -> int:
    """Peak RSS of the command and its workers, from a fresh helper process."""
    command = [
        sys.executable,
        "-m",
        "cleantext",
        "--jsonl",
        str(source),
        "-o",
        str(target),
        "-j",
        "2",
        "-q",
        "--disable",
        NO_STEPS,
    ]
    helper = subprocess.run(
        [sys.executable, "-c", RSS_HELPER, *command], capture_output=True, timeout=300, check=True, env=ENV
    )
    return int(helper.stdout.split()[-1])


def test_peak_rss_stays_flat_from_1000_to_20000_records(tmp_path: Path) -> None:
    # 20,000 records of 5 kB: 100 MB of input, which would more than double a ~70 MB
    # process if it were held in memory.  The pipeline's steps are off: this measures
    # the streaming; benchmarks/bench_batch.py measures it with the whole pipeline.
    filler = "A line of scraped text that stands for a paragraph of a web page. " * 75
    peaks = {}
    for n in (1000, 20000):
        source = tmp_path / f"in{n}.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for i in range(n):
                out.write(json.dumps({"id": i, "text": filler}) + "\n")
        target = tmp_path / f"out{n}.jsonl"
        peaks[n] = peak_rss_kib(source, target)
        with target.open("rb") as done:
            assert sum(1 for _ in done) == n
        source.unlink()
        target.unlink()
    assert peaks[20000] < 2 * peaks[1000], peaks
