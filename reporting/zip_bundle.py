"""ZIP bundles built on the fly: entries go in as (name, iterable of byte chunks) and the archive comes
out as byte chunks, so a bundle of any size passes through with memory bounded by one chunk. Plain data
in, bytes out; it reads nothing itself (the caller hands it chunk iterators, e.g. from object storage).

The archive is written by the standard library's `zipfile` into a write-through sink that is not
seekable, so each entry carries a data descriptor after its bytes and ZIP64 sizes (entries over 4 GB
and archives of more than 65,535 files stay valid). Files are stored, not deflated: evidence is mostly
PDF and JPEG, which are compressed already. Names are UTF-8 (the ZIP's language-encoding flag is set
for non-ASCII names), so Vietnamese file names open as written."""

import time
import zipfile
from collections.abc import Iterable, Iterator


class _Sink:
    """A write-only, unseekable file object that keeps what was written until it is drained."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        parts, self._parts = self._parts, []
        if parts:
            yield b"".join(parts)


def stream_zip(entries: Iterable[tuple[str, Iterable[bytes]]], *, date_time=None) -> Iterator[bytes]:
    """The bytes of a ZIP of `entries`, produced as the entries' chunks are read (one at a time)."""
    stamp = date_time or time.localtime()[:6]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, chunks in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()


def unique_names(names: Iterable[str]) -> Iterator[str]:
    """The names with " (2)", " (3)" … added before the extension to any repeated one."""
    seen: set[str] = set()
    for name in names:
        candidate, n = name, 2
        while candidate.casefold() in seen:
            folder, _, base = name.rpartition("/")
            stem, dot, ext = base.rpartition(".")
            stem, ext = (stem, f".{ext}") if dot and stem else (base, "")
            candidate = f"{folder}/{stem} ({n}){ext}" if folder else f"{stem} ({n}){ext}"
            n += 1
        seen.add(candidate.casefold())
        yield candidate
