"""WARC and WET files as input: each text record becomes one JSON line to clean.

Common Crawl's WET files hold the plain text of each page (``conversion`` records),
which is exactly what cleantext reads.  :func:`warc_lines` turns the text records of a
WARC/WET stream into JSON lines ``{"id", "url", "date", "text"}`` (the ``WARC-Record-ID``,
``WARC-Target-URI`` and ``WARC-Date``), so that they go through the JSON Lines path with
the record's URL and id carried into the output.  Reading uses ``warcio``
(``pip install 'cleantext-body[warc]'``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

__all__ = ["TEXT_TYPES", "is_warc", "warc_lines", "write_wet"]

#: Record types whose payload is read as a page's text (when its content type is text).
TEXT_TYPES = ("conversion", "resource", "response")


def is_warc(head: bytes) -> bool:
    """Whether a (decompressed) stream that starts with ``head`` is a WARC file."""
    return head.startswith(b"WARC/")


def _warcio(module: str) -> Any:
    try:
        return __import__(f"warcio.{module}", fromlist=["_"])
    except ImportError:  # pragma: no cover - installed with the warc extra
        raise RuntimeError("WARC/WET files need the warcio package: pip install 'cleantext-body[warc]'") from None


def write_wet(out: IO[bytes], pages: Iterable[tuple[str, str]], gzip: bool = True) -> int:
    """Write ``(url, text)`` pages to ``out`` as a WET file (a ``warcinfo`` record, then one
    ``conversion`` record per page; gzipped per record unless ``gzip=False``); return
    the number of pages.  For tests and benchmarks: the inputs Common Crawl publishes."""
    writer = _warcio("warcwriter").WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("cleantext.warc.wet.gz", {"software": "cleantext"}))
    count = 0
    for url, text in pages:
        payload = text.encode("utf-8")
        record = writer.create_warc_record(
            url, "conversion", payload=io.BytesIO(payload), length=len(payload), warc_content_type="text/plain"
        )
        writer.write_record(record)
        count += 1
    return count


def _is_text(record_type: str, content_type: str) -> bool:
    if record_type == "conversion":
        return True
    return record_type in TEXT_TYPES and content_type.split(";")[0].strip().lower() == "text/plain"


def warc_lines(stream: IO[bytes], skipped: list[int] | None = None) -> Iterator[bytes]:
    """One JSON line (UTF-8 bytes) per text record of a WARC/WET ``stream``, in order.

    Text records are WET ``conversion`` records and ``resource``/``response`` records of
    type ``text/plain``; their payload is read as UTF-8 (bad bytes become U+FFFD).  Other
    records (``warcinfo``, HTML responses, requests, metadata) are not pages to clean:
    they are counted in ``skipped[0]`` if a list is given.
    """
    for record in _warcio("archiveiterator").ArchiveIterator(stream):
        headers = record.rec_headers
        content_type = headers.get_header("Content-Type") or ""
        if record.http_headers is not None:
            content_type = record.http_headers.get_header("Content-Type") or content_type
        if not _is_text(record.rec_type, content_type):
            if skipped is not None:
                skipped[0] += 1
            continue
        text = record.content_stream().read().decode("utf-8", errors="replace")
        line = {
            "id": headers.get_header("WARC-Record-ID"),
            "url": headers.get_header("WARC-Target-URI"),
            "date": headers.get_header("WARC-Date"),
            "text": text,
        }
        yield json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n"
