"""cpjit's generated cache files (build/stencils/*.marshal): marked, checked
and written atomically.

A cache file is a header line naming its generator (it is not to be edited),
a CRC-32 of the rest, and a marshalled `(key, value)`.  Its key (also in its
name) digests everything the value depends on, so a change of inputs names
another file; a file whose header, checksum or key is wrong is never used:
it is reported once and written afresh.  Damaged marshal data could crash
the process when its code objects run, hence the checksum before unmarshal.
A missing or unwritable directory only means every process does the work
itself.

An *indexed* cache (`write(..., indexed=True)`, `read_indexed`) holds many
entries of which a process uses a few (every stencil's emitter, every
stencil of the library): its value is `(meta, {name: bytes})`, laid out as
the marshalled `(key, meta, {name: (offset, length, CRC-32)})` (its size
first), then the entries' bytes.  A reader maps the file and copies an
entry out when it is first used: unmarshalling the whole ~1 MB emitter
cache cost every start-up ~1-4 ms (a fresh process's allocations
page-fault), for the one emitter the frame-evaluation hook uses.  So the
file's checksum covers the head, and each entry is checked as it is
copied out (checking all ~1.8 MB of the three indexed caches cost every
start-up ~0.6-1 ms); a damaged entry is reported and the whole cache
rebuilt then.
"""
from __future__ import annotations
# (No sealed builtins: the start-up bundle (jit/bundle.py) reads its file
# before the interpreter package, which provides them, is imported.  These
# functions run at start-up, in the build tools and in the JIT's steps,
# which run with the start-up builtins: jit/runtime.py `_uninterrupted`.)

import _thread
import marshal
import mmap
import os
import sys
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Callable, TypeVar

try:
    # CPython's own BLAKE2b: hashlib would load OpenSSL (~2.5 ms of a
    # start-up), and BLAKE2b digests start-up's ~115 KB of stencil sources
    # ~4x faster than SHA-256.
    from _blake2 import blake2b
except ImportError:  # built without it
    from hashlib import blake2b

T = TypeVar("T")


def key(*parts: bytes) -> str:
    """A key (64 hex digits): the digest of everything a cached value (or
    the stencil library) depends on."""
    digest = blake2b(digest_size=32)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def read(path: Path, header: bytes, key: str, what: str) -> Any | None:
    """The value cached at `path` under `key`; None when there is none (with
    a message on stderr when the file is there but unreadable)."""
    mapped = _mapped(path, what)
    if mapped is None:
        return None
    try:
        recorded, value = marshal.loads(_payload(mapped, header))
        if recorded != key:
            raise ValueError("written for another key")
    except (ValueError, EOFError, TypeError) as error:
        complain(path, what, error)
        return None
    return value


def _mapped(path: Path, what: str) -> mmap.mmap | None:
    """The cache file at `path`, mapped read-only; None when there is none
    (with a message when it is there but empty).  Mapped rather than read: a
    fresh process's read of a ~400 KB bundle into new memory page-faulted
    each of its pages (~0.2 ms); the mapping shares the page cache's.  The
    file is never written in place (`write` renames a new one over it), so
    the mapping cannot change under its reader; it is unmapped when the
    last view of it is dropped."""
    try:
        with open(path, "rb") as file:
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError:
        return None  # not written yet
    except ValueError as error:  # (an empty file cannot be mapped)
        complain(path, what, error)
        return None


def _payload(content: mmap.mmap, header: bytes) -> memoryview:
    """The payload of a cache file's `content`, checked: ValueError when the
    file has no header or fails its CRC-32."""
    # (a view, not a slice: copying a 300 KB file twice cost ~0.25 ms)
    payload = memoryview(content)[len(header) + 4:]
    _check(content, header, payload)
    return payload


def _check(content: bytes | mmap.mmap, header: bytes, checked: memoryview) -> None:
    """ValueError unless `content` starts with `header` and the CRC-32 of
    `checked` (what the file's checksum covers)."""
    if content[:len(header)] != header:
        raise ValueError("no cpjit header")
    if content[len(header):len(header) + 4] != zlib.crc32(checked).to_bytes(4, "little"):
        raise ValueError("checksum mismatch")


class MappedEntries(Mapping[str, bytes]):
    """An indexed cache's entries, each copied out of the mapped file and
    checked when read.  An entry that fails its CRC-32 is reported, and the
    cache is rebuilt with `rebuild()` (the whole value, as `write` takes it):
    the entries come from that from then on."""

    def __init__(self, mapped: mmap.mmap, start: int, index: dict[str, tuple[int, int, int]],
                 file: tuple[Path, bytes, str, str], rebuild: Callable[[], tuple[Any, dict]]
                 ) -> None:
        self.mapped, self.start, self.index = mapped, start, index
        self.file, self.rebuild = file, rebuild  # (path, header, key, what)
        self.rebuilt: dict[str, bytes] | None = None

    def __getitem__(self, name: str) -> bytes:
        if self.rebuilt is not None:
            return self.rebuilt[name]
        offset, length, checksum = self.index[name]
        entry = self.mapped[self.start + offset:self.start + offset + length]
        if zlib.crc32(entry) == checksum:
            return entry
        path, header, key, what = self.file
        complain(path, what, ValueError(f"checksum mismatch in entry {name!r}"))
        value = write(path, header, key, self.rebuild, indexed=True) or self.rebuild()
        self.rebuilt = value[1]
        return self.rebuilt[name]

    def __contains__(self, name: object) -> bool:
        return name in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)


def read_indexed(path: Path, header: bytes, key: str, what: str,
                 rebuild: Callable[[], tuple[Any, dict[str, bytes]]]
                 ) -> tuple[Any, MappedEntries] | None:
    """The meta value and entries of the indexed cache at `path` under
    `key`; None as for `read`.  `rebuild()` makes the value afresh, for an
    entry found damaged when it is read."""
    mapped = _mapped(path, what)
    if mapped is None:
        return None
    try:
        payload = memoryview(mapped)[len(header) + 4:]
        size = int.from_bytes(payload[:4], "little")
        _check(mapped, header, payload[:4 + size])
        recorded, meta, index = marshal.loads(payload[4:4 + size])
        if recorded != key:
            raise ValueError("written for another key")
        if not isinstance(index, dict):
            raise ValueError("no index")
        if len(mapped) != len(header) + 8 + size + sum(length for _, length, _ in index.values()):
            raise ValueError("entries cut short or followed by more")
    except (ValueError, EOFError, TypeError) as error:
        complain(path, what, error)
        return None
    return meta, MappedEntries(mapped, len(header) + 8 + size, index,
                               (path, header, key, what), rebuild)


def _indexed_payload(key: str, value: tuple[Any, dict[str, bytes]]) -> tuple[bytes, bytes]:
    """An indexed cache's payload as (head, entries): the file's checksum
    covers the head, which holds each entry's."""
    meta, entries = value
    index, offset = {}, 0
    for name, entry in entries.items():
        index[name] = (offset, len(entry), zlib.crc32(entry))
        offset += len(entry)
    head = marshal.dumps((key, meta, index))
    return len(head).to_bytes(4, "little") + head, b"".join(entries.values())


def file_bytes(header: bytes, key: str, value: Any, indexed: bool = False) -> bytes:
    """A cache file's bytes: `value` under `key` (`indexed`: an indexed
    cache's `(meta, {name: bytes})`)."""
    checked, rest = (_indexed_payload(key, value) if indexed
                     else (marshal.dumps((key, value)), b""))
    return header + zlib.crc32(checked).to_bytes(4, "little") + checked + rest


def complain(path: Path, what: str, error: Exception) -> None:
    """Say that the cache at `path` is unreadable and will be rebuilt."""
    sys.stderr.write(f"cpjit: rebuilding the {what} {path}: unreadable ({error})\n")


def write(path: Path, header: bytes, key: str, make: Callable[[], T],
          indexed: bool = False) -> T | None:
    """Write `make()` to `path` under `key`, atomically (readers never see a
    half-written file), and remove the caches of other keys next to it
    (`path`'s name up to its last '-' is their prefix).  Calls `make` only
    when the directory is writable; None when it is not.  `indexed`: an
    indexed cache, `make()` giving `(meta, {name: bytes})`."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{_thread.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        out = open(temporary, "wb")
    except OSError:
        return None
    try:
        value = make()
        try:
            with out:
                out.write(file_bytes(header, key, value, indexed))
            temporary.replace(path)
            prefix, suffix = path.name.rpartition("-")[0], path.suffix
            for old in path.parent.glob(f"{prefix}-*{suffix}"):
                if old != path:
                    old.unlink(missing_ok=True)  # another input's, or another cpjit's
        except OSError:  # a full disk, say: this process has its value all the same
            pass
    finally:
        out.close()
        temporary.unlink(missing_ok=True)  # (gone once renamed)
    return value
