"""No record lost: whatever a line or a step does, every line ends as a record or an error."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import cleantext
from cleantext import batch, guard, limits
from cleantext.batch import FilterError, RecordTimeout, WorkerDied, clean_jsonl, clean_many
from pages import page


def misbehave(block: cleantext.Block) -> None:
    """A user's filter that crashes, exits, interrupts or hangs on marked pages."""
    text = block.text
    if "SEGFAULT" in text:
        ctypes.string_at(0)  # reads address 0: SIGSEGV
    if "SYSEXIT" in text:
        raise SystemExit(3)
    if "CTRLC" in text:
        raise KeyboardInterrupt
    if "HANGS" in text:
        while True:
            pass


PIPELINE = cleantext.Pipeline().insert_after("segment", misbehave, name="misbehave")


def corpus() -> tuple[list[bytes], dict[int, str]]:
    """40 lines, good ones mixed with bad ones; the bad lines' numbers and expected errors."""
    lines = [json.dumps({"id": i, "text": page(i)}).encode("utf-8") for i in range(40)]
    lines[0] = b"\xef\xbb\xbf" + lines[0]  # a file's byte order mark: not an error
    bad = {
        4: ("[" * 1000 + "]" * 1000, "nested too deeply"),
        9: ('{"id": 9, "text": ', "invalid JSON"),
        13: (json.dumps({"id": 13, "text": ["a", "list"]}), "is not a string: list"),
        17: (json.dumps({"id": 17, "text": "SEGFAULT in a filter"}), "WorkerDied"),
        22: (json.dumps({"id": 22, "text": "SYSEXIT from a filter"}), "SystemExit: 3"),
        26: (json.dumps({"id": 26, "text": "CTRLC from a filter"}), "KeyboardInterrupt"),
        31: (json.dumps({"id": 31, "text": "HANGS in a filter"}), "RecordTimeout"),
    }
    for index, (line, _) in bad.items():
        lines[index] = line.encode("utf-8")
    return lines, {index + 1: reason for index, (_, reason) in bad.items()}


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_every_line_is_accounted_for_and_only_the_guilty_ones_fail(jobs: int) -> None:
    lines, bad = corpus()
    results = list(clean_jsonl(lines, jobs=jobs, pipeline=PIPELINE, time_limit=2, chunk_size=4))
    assert [r.line for r in results] == list(range(1, 41))  # in order, none missing
    errors = {r.line: r.error for r in results if r.kind == "error"}
    assert sorted(errors) == sorted(bad)
    for line, reason in bad.items():
        assert reason in errors[line], (line, errors[line])
    good = [json.loads(r.json) for r in results if r.kind == "record"]
    assert [r["body"] for r in good] == [cleantext.clean(page(r["id"])) for r in good]
    assert len(good) == 40 - len(bad)


def test_deep_nesting_and_base_exceptions_in_process() -> None:
    lines = [
        "[" * 1000 + "]" * 1000,
        json.dumps({"text": "SYSEXIT now"}),
        json.dumps({"text": "CTRLC now"}),
        json.dumps({"text": page(1)}),
    ]
    results = list(clean_jsonl(lines, pipeline=PIPELINE))
    assert [r.kind for r in results] == ["error", "error", "error", "record"]
    assert "nested too deeply" in results[0].error
    assert "SystemExit: 3" in results[1].error and "KeyboardInterrupt" in results[2].error


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_many_raises_a_filter_error_in_turn_instead_of_exiting(jobs: int) -> None:
    texts = [page(1), "SYSEXIT now", page(2)]
    results = clean_many(texts, jobs=jobs, pipeline=PIPELINE, chunk_size=1)
    assert next(results) == cleantext.clean(page(1))
    with pytest.raises(FilterError, match="SystemExit"):
        next(results)


def test_clean_many_can_return_errors_and_go_on() -> None:
    texts = [page(1), "SYSEXIT now", page(2), "SEGFAULT here", page(3)]
    results = list(clean_many(texts, jobs=2, pipeline=PIPELINE, chunk_size=1, errors="return"))
    assert [type(r).__name__ for r in results] == ["str", "FilterError", "str", "WorkerDied", "str"]
    assert results[4] == cleantext.clean(page(3))
    with pytest.raises(ValueError):
        clean_many(texts, errors="ignore")  # type: ignore[call-overload]


def test_clean_many_names_the_text_that_killed_its_worker() -> None:
    texts = [page(i) for i in range(6)]
    texts[2] = "SEGFAULT here"
    results = clean_many(texts, jobs=2, pipeline=PIPELINE, chunk_size=2)
    assert [next(results) for _ in range(2)] == [cleantext.clean(t) for t in texts[:2]]
    with pytest.raises(WorkerDied):
        next(results)


@pytest.mark.slow
def test_a_time_limit_turns_a_hang_into_an_error_in_process() -> None:
    results = clean_many(["HANGS here", page(1)], jobs=1, pipeline=PIPELINE, time_limit=1, isolate=False)
    with pytest.raises(RecordTimeout):
        next(results)


def _stuck(block: cleantext.Block) -> None:
    """A filter that a worker's alarm cannot stop (as C code holding the GIL would be)."""
    if "STUCK" in block.text:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass


@pytest.mark.slow
def test_the_parent_kills_a_worker_that_ignores_its_alarm() -> None:
    pipeline = cleantext.Pipeline().insert_after("segment", _stuck, name="stuck")
    lines = [json.dumps({"text": page(1)}), json.dumps({"text": "STUCK here"}), json.dumps({"text": page(2)})]
    start = time.monotonic()
    results = list(clean_jsonl(lines, jobs=2, pipeline=pipeline, time_limit=1, chunk_size=1))
    assert [r.kind for r in results] == ["record", "error", "record"]
    assert "RecordTimeout: killed after the time limit of 1 s" in results[1].error
    assert time.monotonic() - start < 1 + batch.HARD_LIMIT_GRACE + 30  # not waiting forever


def test_a_real_ctrl_c_still_stops_an_in_process_run() -> None:
    def interrupt(block: cleantext.Block) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)

    pipeline = cleantext.Pipeline().insert_after("segment", interrupt, name="interrupt")
    with pytest.raises(KeyboardInterrupt):
        list(clean_jsonl([json.dumps({"text": page(1)})], pipeline=pipeline))
    assert guard.stop_requested()
    # the next run starts afresh: a filter's KeyboardInterrupt is that record's error again
    [result] = clean_jsonl([json.dumps({"text": "CTRLC now"})], pipeline=PIPELINE)
    assert result.kind == "error" and not guard.stop_requested()


def test_time_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        list(clean_many(["x"], time_limit=0))


ORPHAN = """
import json, multiprocessing, sys, time
sys.path.insert(0, {tests!r})
import cleantext
from cleantext.batch import clean_jsonl
from pages import page

def slow(block):
    time.sleep(0.05)

pipeline = cleantext.Pipeline().insert_after("segment", slow, name="slow")
lines = (json.dumps({{"text": page(i)}}) for i in range(100000))
for n, result in enumerate(clean_jsonl(lines, jobs=2, chunk_size=1, pipeline=pipeline)):
    if n == 3:
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(p) for p in workers)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def test_bytes_in_flight_are_bounded() -> None:
    pulled = 0

    def texts() -> Iterator[str]:
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield page(i % 24) + "x" * 10_000

    results = clean_many(texts(), jobs=2, chunk_size=1, inflight_bytes=50_000)
    next(results)
    # a window of 2 jobs * 4 chunks would pull 8 texts; 50 kB holds 5 of 10 kB
    assert pulled <= 6
    results.close()


def test_cgroup_cpu_quota_caps_the_cores(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert limits.cgroup_cpu_limit(tmp_path) == 1.5
    assert limits.available_cores(tmp_path, "0::/") == min(2, len(os.sched_getaffinity(0)))
    (tmp_path / "cpu.max").write_text("50000 100000\n")
    assert limits.available_cores(tmp_path, "0::/") == 1
    # outside a container: the process's own cgroup, under the root, and its ancestors count
    inner = tmp_path / "system.slice" / "job.scope"
    inner.mkdir(parents=True)
    (inner / "cpu.max").write_text("max 100000\n")
    assert limits.cgroup_dirs(tmp_path, "0::/system.slice/job.scope\n") == [inner, inner.parent, tmp_path]
    assert limits.available_cores(tmp_path, "0::/system.slice/job.scope\n") == 1  # the root's 0.5 CPU
    (tmp_path / "cpu.max").write_text("max 100000\n")
    (inner / "cpu.max").write_text("100000 100000\n")
    assert limits.available_cores(tmp_path, "0::/system.slice/job.scope\n") == 1
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert limits.cgroup_cpu_limit(tmp_path) is None
    v1 = tmp_path / "v1"
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert limits.cgroup_cpu_limit(v1) is None
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    assert limits.cgroup_cpu_limit(v1) == 3.0


def test_memory_bounds_the_bytes_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "available_memory", lambda root=None: 64 << 20)
    assert batch.default_inflight_bytes() == 4 << 20
    monkeypatch.setattr(limits, "available_memory", lambda root=None: 64 << 30)
    assert batch.default_inflight_bytes() == batch.MAX_INFLIGHT_BYTES
    (tmp_path / "memory.max").write_text("1000000\n")
    (tmp_path / "memory.current").write_text("400000\n")
    assert limits.cgroup_memory_limit(tmp_path) == 1000000
