"""WET reading speed: warcio (what cleantext uses) against FastWARC, and against cleaning.

Writes a gzipped WET file of ``--records`` conversion records (generated text, about
10 kB each) with warcio (``cleantext.warc.write_wet``), then reads every record's URL and text with warcio and, if it
is installed, FastWARC; best of ``--repeat`` runs.  Cleaning runs at about 6 MB of page
text per CPU-second (``bench_speed.py``), so reading at N MB/s adds 6/N of the
cleaning time::

    python3 benchmarks/bench_warc.py
    python3 -m pip install fastwarc && python3 benchmarks/bench_warc.py
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cleantext.warc import write_wet


def write_file(path: Path, records: int) -> int:
    """Write a gzipped WET file; return the bytes of text in it."""
    text = ("A paragraph of page text that goes on for a while. " * 100 + "\n") * 2
    with path.open("wb") as out:
        write_wet(out, ((f"https://example.com/{i}", text) for i in range(records)))
    return len(text.encode("utf-8")) * records


def read_warcio(path: Path) -> int:
    """Read every conversion record's URL and text with warcio."""
    from warcio.archiveiterator import ArchiveIterator

    total = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "conversion":
                record.rec_headers.get_header("WARC-Target-URI")
                total += len(record.content_stream().read())
    return total


def read_fastwarc(path: Path) -> int:
    """The same with FastWARC."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    total = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.conversion):
            record.headers.get("WARC-Target-URI")
            total += len(record.reader.read())
    return total


def main() -> None:
    """Write the file, time the readers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    readers = {"warcio": read_warcio}
    try:
        import fastwarc  # noqa: F401

        readers["fastwarc"] = read_fastwarc
    except ImportError:
        print("FastWARC is not installed: warcio only")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.wet.gz"
        size = write_file(path, args.records)
        print(f"{args.records} records, {size / 1e6:.1f} MB of text, {path.stat().st_size / 1e6:.1f} MB gzipped")
        for name, read in readers.items():
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                assert read(path) == size
                best = min(best, time.perf_counter() - start)
            print(f"  {name:9s} {best:.2f} s  {size / 1e6 / best:6.1f} MB/s of text")


if __name__ == "__main__":
    main()
