"""Files as batch pipelines have them: compressed (gzip, bz2, xz, zstd), with a byte order
mark or in UTF-16, named one by one, by directory or by glob.

* :func:`open_input` reads a file (or ``-``: stdin) decompressed, whatever its name says:
  the compression is told from the first bytes.
* :func:`utf8_lines` gives a stream's lines as UTF-8 bytes, whatever the file's encoding
  (UTF-8 with or without a BOM, UTF-16 with a BOM or told from its zero bytes).
* :func:`decode_text` turns a whole text file's bytes into text the same way (cp1252 as
  the last resort).
* :class:`Compressor` writes the compression a file name asks for (``.gz``, ``.bz2``,
  ``.xz``, ``.zst``), in frames that can be ended at any point (for resumable output).
* :func:`expand_inputs` turns paths, directories and globs into a sorted list of files,
  leaving out the tool's own outputs.
"""

from __future__ import annotations

import bz2
import codecs
import glob
import io
import lzma
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol, cast

__all__ = [
    "COMPRESSIONS",
    "Compressor",
    "compression_of_name",
    "decode_text",
    "expand_inputs",
    "open_input",
    "sniff_compression",
    "sniff_encoding",
    "strip_compression",
    "utf8_lines",
]

#: The compressions read and written: name -> (magic bytes, file extension).
COMPRESSIONS: dict[str, tuple[bytes, str]] = {
    "gzip": (b"\x1f\x8b", ".gz"),
    "bz2": (b"BZh", ".bz2"),
    "xz": (b"\xfd7zXZ\x00", ".xz"),
    "zstd": (b"\x28\xb5\x2f\xfd", ".zst"),
}
#: File names the tool writes, never read back as inputs of a directory or glob.
OWN_OUTPUT_MARKS = (".errors.jsonl", ".body.", ".explain.txt", ".stats.json", ".resume.json", ".part")


def sniff_compression(head: bytes) -> str | None:
    """The compression whose magic bytes start ``head``, or ``None``."""
    for name, (magic, _) in COMPRESSIONS.items():
        if head.startswith(magic):
            return name
    return None


def compression_of_name(name: str | Path) -> str | None:
    """The compression a file name asks for by its extension, or ``None``."""
    suffix = Path(name).suffix.lower()
    if suffix == ".zstd":
        return "zstd"
    for compression, (_, extension) in COMPRESSIONS.items():
        if suffix == extension:
            return compression
    return None


def strip_compression(name: str) -> str:
    """``name`` without a compression extension (``a.jsonl.gz`` -> ``a.jsonl``)."""
    return name[: -len(Path(name).suffix)] if compression_of_name(name) else name


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:  # pragma: no cover - installed with the zstd extra
        raise RuntimeError("zstd files need the zstandard package: pip install 'cleantext-body[zstd]'") from None
    return zstandard


class _Owning(io.BufferedReader):
    """A buffered reader over a decompressor that also closes the file under it."""

    def __init__(self, stream: io.BufferedIOBase, under: IO[bytes]) -> None:
        super().__init__(stream)
        self._under = under

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._under.close()


def _decompressing(raw: IO[bytes], compression: str, owned: bool = False) -> IO[bytes]:
    stream: io.BufferedIOBase
    if compression == "gzip":
        import gzip

        stream = gzip.GzipFile(fileobj=raw, mode="rb")
    elif compression == "bz2":
        stream = bz2.BZ2File(raw, "rb")
    elif compression == "xz":
        stream = lzma.LZMAFile(raw, "rb")
    else:
        stream = _zstd_reader(raw)
    if owned:
        return _Owning(stream, raw)
    return cast(IO[bytes], stream)  # a binary file (typeshed does not say so of GzipFile)


def _zstd_reader(raw: IO[bytes]) -> io.BufferedReader:
    zstandard = _zstandard()
    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
    return io.BufferedReader(reader)


def open_input(path: str | Path) -> IO[bytes]:
    """``path`` (``-``: stdin) opened for reading, decompressed if its first bytes say so."""
    raw: io.BufferedReader
    if str(path) == "-":
        stdin = sys.stdin.buffer
        if isinstance(stdin, io.BufferedReader):
            raw = stdin
        else:  # a stdin put in place (a BytesIO, say), typed BinaryIO, which has no readinto
            raw = io.BufferedReader(stdin)  # type: ignore[arg-type]
    else:
        raw = open(path, "rb")
    compression = sniff_compression(raw.peek(8)[:8])
    if compression is None:
        return raw
    return _decompressing(raw, compression, owned=str(path) != "-")  # closing it closes the file


def sniff_encoding(head: bytes) -> str:
    """The encoding of bytes that start with ``head``: ``utf-8`` (a BOM, or none),
    ``utf-16``/``utf-32`` with a BOM, or ``utf-16-le``/``-be`` told from zero bytes."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[0] and not head[1] and head[2] and not head[3]:
        return "utf-16-le"  # ASCII text in UTF-16: every other byte is zero
    if len(head) >= 4 and not head[0] and head[1] and not head[2] and head[3]:
        return "utf-16-be"
    return "utf-8"


def utf8_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of ``stream`` as UTF-8 bytes (ending in ``\\n`` except maybe the last).

    A UTF-8 BOM is dropped; UTF-16 and UTF-32 (with a BOM, or UTF-16 told from its zero
    bytes) are re-encoded.  Other bytes pass as they are, so that a line that is not
    valid UTF-8 is reported by the reader of the line, with its number."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    encoding = sniff_encoding(head)
    if encoding == "utf-8":
        first = True
        for line in stream:
            if first:
                line = line.removeprefix(codecs.BOM_UTF8)
                first = False
            yield line
        return
    text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
    for text_line in text:
        yield text_line.removeprefix("\ufeff").encode("utf-8", "surrogateescape")


def decode_text(data: bytes) -> str:
    """Text from a whole file's bytes: decompressed if compressed; UTF-8 (a BOM is dropped),
    UTF-16/32 when a BOM or zero bytes say so, else cp1252 (undefined bytes: U+FFFD)."""
    compression = sniff_compression(data[:8])
    if compression is not None:
        data = _decompressing(io.BytesIO(data), compression).read()
    encoding = sniff_encoding(data[:4])
    if encoding != "utf-8":
        return data.decode(encoding, errors="replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _Compressobj(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self) -> bytes: ...


def _compressor_factory(compression: str) -> Callable[[], _Compressobj]:
    if compression == "gzip":
        return lambda: zlib.compressobj(6, zlib.DEFLATED, 31)  # a gzip member, mtime 0
    if compression == "bz2":
        return lambda: bz2.BZ2Compressor(9)
    if compression == "xz":
        return lambda: lzma.LZMACompressor(lzma.FORMAT_XZ)
    if compression == "zstd":
        zstandard = _zstandard()
        return lambda: zstandard.ZstdCompressor(level=3).compressobj()
    raise ValueError(f"unknown compression {compression!r}")


class Compressor:
    """Compress what is written to ``out`` (``compression`` None: as it is).

    :meth:`end_frame` ends the current gzip member, bz2 or xz stream or zstd frame, so
    that the bytes written so far are a whole compressed file; what is written after
    it starts a new one (readers read concatenated members, streams and frames as one).
    """

    def __init__(self, out: IO[bytes], compression: str | None) -> None:
        self.out = out
        self.compression = compression
        self._factory = _compressor_factory(compression) if compression else None
        self._current: _Compressobj | None = None

    def write(self, data: bytes) -> None:
        """Write (compress) ``data``."""
        if self._factory is None:
            self.out.write(data)
            return
        if self._current is None:
            self._current = self._factory()
        self.out.write(self._current.compress(data))

    def end_frame(self) -> None:
        """End the current frame and flush ``out``: the file is whole up to here."""
        if self._current is not None:
            self.out.write(self._current.flush())
            self._current = None
        self.out.flush()


def _is_own_output(path: Path) -> bool:
    name = path.name
    return name.startswith(".") or any(mark in name for mark in OWN_OUTPUT_MARKS)


def expand_inputs(
    paths: Iterable[str], exclude: Iterable[str | Path] = (), accept: Callable[[Path], bool] | None = None
) -> list[str]:
    """Files to read, in order: each path as it is; for a directory, the files under it
    (recursively, sorted); for a glob (``*``, ``?``, ``[``, ``**``), its matches, sorted.

    Files found in a directory or by a glob are left out if they look like the tool's
    own outputs (``*.errors.jsonl``, ``*.body.*``, ``*.stats.json``, hidden and partial
    files), are in ``exclude`` (the run's output paths and directories), or ``accept``
    says no.  A path named explicitly is always kept; ``-`` stays ``-``.
    """
    excluded = [Path(p).resolve() for p in exclude]

    def wanted(path: Path) -> bool:
        if not path.is_file() or _is_own_output(path):
            return False
        resolved = path.resolve()
        if any(resolved == e or e in resolved.parents for e in excluded):
            return False
        return accept(path) if accept is not None else True

    files: list[str] = []
    for name in paths:
        path = Path(name)
        if name != "-" and path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*")) if wanted(p))
        elif name != "-" and not path.exists() and glob.has_magic(name):
            files.extend(p for p in sorted(glob.glob(name, recursive=True)) if wanted(Path(p)))
        else:
            files.append(name)
    return files
