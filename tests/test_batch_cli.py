"""Batch runs of the command line: every line accounted for, resume, formats, exit codes, stats."""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import json
import lzma
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import zstandard

import cleantext
from cleantext import batchio, checkpoint, cli
from cleantext.warc import write_wet
from pages import page

ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
ARTICLE = Path(__file__).parent / "fixtures" / "article_de.txt"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The command in this process (no interpreter start-up), with stdout and stderr captured."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout, stderr = io.TextIOWrapper(out, encoding="utf-8"), io.TextIOWrapper(err, encoding="utf-8")
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(list(args))
        stdout.flush()
        stderr.flush()
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def lines_of(n: int, start: int = 0) -> list[str]:
    return [json.dumps({"id": i, "text": page(i)}) for i in range(start, start + n)]


def write(path: Path, lines: list[str], opener: Any = open) -> Path:
    with opener(path, "wb") as out:
        out.write("".join(f"{line}\n" for line in lines).encode("utf-8"))
    return path


def decompressed(path: Path) -> bytes:
    with batchio.open_input(path) as stream:
        return stream.read()


def records(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines()]


# -- every line accounted for ------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_lines_go_to_the_errors_file_and_good_ones_to_the_output(tmp_path: Path, jobs: str) -> None:
    lines = [line.encode("utf-8") for line in lines_of(30)]
    lines[0] = b"\xef\xbb\xbf" + lines[0]  # a BOM
    lines[5] = ("[" * 1000 + "]" * 1000).encode("utf-8")  # 1,000 deep: RecursionError in json
    lines[11] = b'{"id": 11, "text": '
    lines[17] = json.dumps({"id": 17, "text": {"not": "a string"}}).encode("utf-8")
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    result = run(str(source), "-o", str(tmp_path / "out.jsonl"), "-j", jobs, "--chunk-size", "4")
    assert result.returncode == cli.EXIT_FAILED, result.stderr
    out = records((tmp_path / "out.jsonl").read_bytes())
    errors = records((tmp_path / "out.errors.jsonl").read_bytes())
    assert [e["line"] for e in errors] == [6, 12, 18]
    assert [r["id"] for r in out] == [i for i in range(30) if i not in (5, 11, 17)]
    assert [r["body"] for r in out] == [cleantext.clean(page(r["id"])) for r in out]
    assert "nested too deeply" in errors[0]["error"] and "not a string: dict" in errors[2]["error"]


def test_nothing_cleaned_and_a_wrong_field_exit_3(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", [json.dumps({"id": i, "content": page(i)}) for i in range(500)])
    result = run(str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "1")
    assert result.returncode == cli.EXIT_NOTHING
    assert b"the first 50 records have no field 'text' (fields: id, content)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # nothing written
    few = write(tmp_path / "few.jsonl", ["{broken", "[1]"])
    result = run(str(few), "-o", str(tmp_path / "few.out.jsonl"))
    assert result.returncode == cli.EXIT_NOTHING


# -- resume ---------------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_resumes_to_the_same_bytes(tmp_path: Path, kill: int) -> None:
    lines = lines_of(600)
    lines[300] = "{broken"
    source = write(tmp_path / "in.jsonl", lines)
    reference = run(str(source), "-o", str(tmp_path / "ref.jsonl"), "-j", "2")
    assert reference.returncode == 1

    target = tmp_path / "out.jsonl"
    state = checkpoint.state_path(target)
    command = [sys.executable, "-m", "cleantext", str(source), "-o", str(target), "-j", "2", "-q"]
    process = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not state.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before its first checkpoint"
    workers = _children(process.pid)
    process.send_signal(kill)
    _, err = process.communicate(timeout=60)
    assert not target.exists()  # not finished: nothing under the real name
    if kill == signal.SIGINT:
        assert process.returncode == cli.EXIT_INTERRUPTED
        assert b"--resume" in err
    deadline = time.monotonic() + 5  # the workers die with their parent, within 5 s
    while [pid for pid in workers if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers and not [pid for pid in workers if _alive(pid)]
    done = json.loads(state.read_text())["lines"]
    assert 0 < done < 600

    resumed = run(str(source), "-o", str(target), "-j", "2", "--resume")
    assert resumed.returncode == 1
    assert f"resuming after {done} line(s)".encode() in resumed.stderr
    assert target.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (tmp_path / "ref.errors.jsonl").read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    # once complete, --resume has nothing left to do
    again = run(str(source), "-o", str(target), "--resume")
    assert again.returncode == 0 and b"already done" in again.stderr


def test_resume_with_other_options_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", lines_of(3))
    target = tmp_path / "out.jsonl"
    state = checkpoint.state_path(target)
    state.write_text(json.dumps({"version": 1, "identity": {"input": "elsewhere"}}))
    result = run(str(source), "-o", str(target), "--resume", "-j", "1")
    assert result.returncode == cli.EXIT_USAGE and b"run without --resume" in result.stderr


def test_the_sink_cuts_partial_lines_back_to_the_checkpoint(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl.gz"
    sink = checkpoint.ResumableSink(target, tmp_path / "out.errors.jsonl", {"input": "x"})
    sink.open(resume=False)
    for i in range(3):
        sink.record(b'{"n": %d}\n' % i)
        sink.line_done()
    sink.checkpoint()
    sink.record(b'{"n": 3, "half')  # killed in the middle of a line
    sink._out.close()
    again = checkpoint.ResumableSink(target, tmp_path / "out.errors.jsonl", {"input": "x"})
    again.open(resume=True)
    assert again.lines_done == 3
    again.record(b'{"n": 3}\n')
    again.line_done()
    again.finish()
    assert gzip.decompress(target.read_bytes()) == b'{"n": 0}\n{"n": 1}\n{"n": 2}\n{"n": 3}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl.gz"]
    # a fresh run (no --resume) over an abandoned one leaves none of its partial files
    checkpoint.partial_path(tmp_path / "out.errors.jsonl").write_bytes(b"stale")
    checkpoint.state_path(target).write_text("{}")
    fresh = checkpoint.ResumableSink(target, tmp_path / "out.errors.jsonl", {"input": "x"})
    fresh.open(resume=False)
    fresh.record(b'{"n": 9}\n')
    fresh.line_done()
    fresh.finish()
    assert gzip.decompress(target.read_bytes()) == b'{"n": 9}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl.gz"]


# -- formats --------------------------------------------------------------------------------------------
OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def _zstd_open(path: Path, mode: str) -> Any:
    return zstandard.open(path, mode)


@pytest.mark.parametrize("suffix", [".gz", ".zst", ".bz2", ".xz"])
def test_compressed_jsonl_in_and_out(tmp_path: Path, suffix: str) -> None:
    lines = lines_of(40)
    source = write(tmp_path / f"in.jsonl{suffix}", lines, OPENERS.get(suffix, _zstd_open))
    target = tmp_path / f"out.jsonl{suffix}"
    result = run(str(source), "-o", str(target), "-j", "2", "--chunk-size", "4")
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert batchio.sniff_compression(data[:8]) == batchio.compression_of_name(target)
    assert [r["body"] for r in records(decompressed(target))] == [cleantext.clean(page(i)) for i in range(40)]


def test_compression_is_sniffed_whatever_the_name(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", lines_of(3), gzip.open)  # gzip under a plain name
    result = run(str(source), "-j", "1")
    assert result.returncode == 0
    assert [r["id"] for r in records(result.stdout)] == [0, 1, 2]


def test_shards(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", lines_of(25))
    result = run(str(source), "-o", str(tmp_path / "out.jsonl.gz"), "--shard-size", "10", "-j", "1")
    assert result.returncode == 0
    shards = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out"))
    assert shards == ["out-00000.jsonl.gz", "out-00001.jsonl.gz", "out-00002.jsonl.gz"]
    ids = [r["id"] for name in shards for r in records(gzip.decompress((tmp_path / name).read_bytes()))]
    assert ids == list(range(25))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_jsonl_and_text(tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes("".join(f"{line}\n" for line in lines_of(3)).encode(encoding))
    result = run(str(source), "-j", "1")
    assert result.returncode == 0, result.stderr
    assert [r["body"] for r in records(result.stdout)] == [cleantext.clean(page(i)) for i in range(3)]
    text = tmp_path / "page.txt"
    text.write_bytes(ARTICLE.read_text(encoding="utf-8").encode(encoding))
    result = run(str(text))
    assert result.stdout.decode("utf-8") == cleantext.clean(ARTICLE.read_text(encoding="utf-8")) + "\n"


def test_a_directory_of_text_files_never_rereads_its_outputs(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    for i in range(3):
        (pages / f"p{i}.txt").write_text(page(i), encoding="utf-8")
    (pages / "sub" / "p3.txt.gz").write_bytes(gzip.compress(page(3).encode("utf-8")))
    for _ in range(2):  # the second run sees the first run's outputs and leaves them alone
        result = run(str(pages), "-j", "2")
        assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(pages)) for p in pages.rglob("*.body.txt"))
    assert written == ["p0.body.txt", "p1.body.txt", "p2.body.txt", "sub/p3.txt.body.txt"]
    assert (pages / "p1.body.txt").read_text(encoding="utf-8") == cleantext.clean(page(1)) + "\n"
    assert (pages / "sub" / "p3.txt.body.txt").read_text(encoding="utf-8") == cleantext.clean(page(3)) + "\n"


def test_a_glob_of_jsonl_files_into_an_out_dir_and_resume_skips_done_files(tmp_path: Path) -> None:
    for n in range(3):
        write(tmp_path / f"part{n}.jsonl.gz", lines_of(4, start=4 * n), gzip.open)
    out = tmp_path / "out"
    result = run(
        str(tmp_path / "part*.jsonl.gz"), "--out-dir", str(out), "-j", "1", "--stats", str(tmp_path / "s.json")
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["part0.jsonl.gz", "part1.jsonl.gz", "part2.jsonl.gz"]
    (out / "part1.jsonl.gz").unlink()
    again = run(
        str(tmp_path / "part*.jsonl.gz"), "--out-dir", str(out), "--resume", "--stats", str(tmp_path / "s.json")
    )
    assert again.returncode == 0
    stats = json.loads((tmp_path / "s.json").read_text())
    assert (stats["files_done"], stats["files_skipped"], stats["cleaned"]) == (1, 2, 4)
    assert [r["id"] for r in records(gzip.decompress((out / "part1.jsonl.gz").read_bytes()))] == [4, 5, 6, 7]


def test_a_wet_file_is_cleaned_with_url_and_id(tmp_path: Path) -> None:
    texts = [page(i) for i in range(5)] + [ARTICLE.read_text(encoding="utf-8")]
    source = tmp_path / "crawl.warc.wet.gz"
    with source.open("wb") as out:
        write_wet(out, [(f"https://example.com/{i}", text) for i, text in enumerate(texts)])
    target = tmp_path / "out.jsonl"
    result = run(str(source), "-o", str(target), "-j", "2", "--chunk-size", "2", "--stats", str(tmp_path / "s.json"))
    assert result.returncode == 0, result.stderr
    out = records(target.read_bytes())
    assert [r["url"] for r in out] == [f"https://example.com/{i}" for i in range(6)]
    assert all(r["id"].startswith("<urn:uuid:") for r in out)
    assert [r["body"] for r in out] == [cleantext.clean(t) for t in texts]
    assert json.loads((tmp_path / "s.json").read_text())["skipped_records"] == 1  # the warcinfo record


# -- summary, files ----------------------------------------------------------------------------------
def test_stats_file_and_summary(tmp_path: Path) -> None:
    lines = [*lines_of(10), "", "{bad"]
    source = write(tmp_path / "in.jsonl", lines)
    result = run(str(source), "-o", str(tmp_path / "o.jsonl"), "--stats", str(tmp_path / "s.json"), "-j", "1")
    assert result.returncode == 1
    stats = json.loads((tmp_path / "s.json").read_text())
    docs = [cleantext.clean_document(page(i)) for i in range(10)]
    assert (stats["records_in"], stats["cleaned"], stats["errors"], stats["blank_lines"]) == (11, 10, 1, 1)
    assert stats["bytes_in"] == sum(len(line.encode("utf-8")) + 1 for line in lines)
    assert stats["bytes_out"] == sum(p.stat().st_size for p in tmp_path.glob("o*.jsonl"))
    assert stats["kept_blocks"] == sum(len(d.kept) for d in docs)
    assert stats["blocks"] == sum(len(d.blocks) for d in docs)
    assert sum(stats["drop_reasons"].values()) == sum(len(d.dropped) for d in docs)
    assert stats["error_kinds"] == {"invalid JSON": 1}
    assert b"12 line(s): 10 cleaned, 1 error(s)" in result.stderr and b"of blocks kept" in result.stderr


def test_overwriting_keeps_the_mode_and_a_failed_flush_leaves_no_partial(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", lines_of(2))
    target = tmp_path / "out.jsonl"
    target.write_text("old")
    target.chmod(0o600)
    assert run(str(source), "-o", str(target), "-j", "1").returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text() != "old"

    class Full(io.BytesIO):
        def close(self) -> None:
            raise OSError(28, "No space left on device")

    atomic = cli.AtomicFile(tmp_path / "text.txt")
    with pytest.raises(OSError), atomic:
        atomic._file = Full()
        atomic.partial.write_text("partial")
    assert not atomic.partial.exists() and not (tmp_path / "text.txt").exists()


def test_expand_inputs_leaves_out_outputs(tmp_path: Path) -> None:
    for name in ["a.jsonl", "a.errors.jsonl", ".a.jsonl.part", "b.body.txt", "c.txt", "s.stats.json"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "d.jsonl").write_text("x")
    found = batchio.expand_inputs([str(tmp_path)], exclude=[tmp_path / "out"])
    assert [Path(p).name for p in found] == ["a.jsonl", "c.txt"]
    assert batchio.expand_inputs([str(tmp_path / "*.jsonl")]) == [str(tmp_path / "a.jsonl")]
