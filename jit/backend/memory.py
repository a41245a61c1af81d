"""Executable memory: arenas of pages, never writable and executable at once.

An arena reserves a large range of address space (no access) near libpython,
so calls from traces into the C API usually fit a 32-bit displacement.  A
region is a run of whole pages handed out from an arena: read-write while the
emitter fills it, then read-execute for good.  Freed pages lose all access, so
a stale jump into a dead trace faults instead of running old code.  No two
regions share a page, so making one region executable never touches another's
protection, and code that is running is never made writable.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import mmap
import threading

from jit.backend.native import ffi, libc, os_error
from jit.backend.symbols import address_of

PAGE_SIZE = mmap.PAGESIZE
ARENA_SIZE = 64 * 1024 * 1024  # address space only: pages are committed when used
PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC = 0, 1, 2, 4
MAP_PRIVATE, MAP_ANONYMOUS, MAP_NORESERVE = 0x02, 0x20, 0x4000
NEAR = 1 << 31  # reach of a 32-bit displacement


def _pages(size: int) -> int:
    return -(-size // PAGE_SIZE)


def _protect(address: int, size: int, protection: int) -> None:
    if libc.mprotect(ffi.cast("void *", address), size, protection) != 0:
        raise os_error(f"mprotect({address:#x}, {size}, {protection})")


class Region:
    """Whole pages of one arena: writable until `seal`, then executable."""

    __slots__ = ("address", "size", "arena", "sealed", "executable", "__weakref__")

    def __init__(self, address: int, size: int, arena: Arena) -> None:
        self.address, self.size, self.arena = address, size, arena
        self.sealed = self.executable = False

    def write(self, data: bytes | bytearray, offset: int = 0) -> None:
        if self.sealed:
            raise PermissionError("region is sealed: executable memory is never written")
        if offset + len(data) > self.size:
            raise ValueError(f"write of {len(data)} bytes at {offset} overflows region")
        ffi.memmove(ffi.cast("char *", self.address + offset), data, len(data))

    def seal(self, executable: bool = True) -> None:
        """Make the pages read-execute (or read-only), never to be written again."""
        _protect(self.address, self.size, PROT_READ | (PROT_EXEC if executable else 0))
        self.sealed, self.executable = True, executable

    def free(self) -> None:
        if self.arena is not None:
            self.arena.release(self)
            self.arena = None


class Arena:
    """A reserved range handed out in page runs (first fit, neighbours merged)."""

    def __init__(self, hint: int = 0) -> None:
        address = libc.mmap(ffi.cast("void *", hint), ARENA_SIZE, PROT_NONE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        self.base = int(ffi.cast("intptr_t", address))
        if self.base == -1:
            raise os_error("mmap of a JIT arena")
        self.free_runs: list[tuple[int, int]] = [(0, ARENA_SIZE // PAGE_SIZE)]  # (page, count)
        self.used_pages = 0

    def take(self, size: int) -> Region | None:
        count = _pages(size)
        for index, (page, available) in enumerate(self.free_runs):
            if available >= count:
                if available == count:
                    del self.free_runs[index]
                else:
                    self.free_runs[index] = (page + count, available - count)
                address = self.base + page * PAGE_SIZE
                _protect(address, count * PAGE_SIZE, PROT_READ | PROT_WRITE)
                self.used_pages += count
                return Region(address, count * PAGE_SIZE, self)
        return None

    def release(self, region: Region) -> None:
        _protect(region.address, region.size, PROT_NONE)
        page, count = (region.address - self.base) // PAGE_SIZE, region.size // PAGE_SIZE
        self.used_pages -= count
        runs = sorted([*self.free_runs, (page, count)])
        merged: list[tuple[int, int]] = []
        for start, length in runs:
            if merged and merged[-1][0] + merged[-1][1] == start:
                merged[-1] = (merged[-1][0], merged[-1][1] + length)
            else:
                merged.append((start, length))
        self.free_runs = merged


class ExecutableMemory:
    """A pool of arenas (one per process, `memory`, is what traces use)."""

    def __init__(self, hint: int | None = None) -> None:
        # By default, ask for address space just below libpython's code; the
        # kernel may place it elsewhere, and then far calls use trampolines.
        self.hint = hint if hint is not None else address_of("PyNumber_Add") - NEAR // 2
        self.arenas: list[Arena] = []
        self.lock = threading.Lock()

    def _new_arena(self) -> Arena:
        hint = max(0, (self.hint - len(self.arenas) * ARENA_SIZE) & ~(PAGE_SIZE - 1))
        arena = Arena(hint)
        self.arenas.append(arena)
        return arena

    def allocate(self, size: int) -> Region:
        if size <= 0 or size > ARENA_SIZE:
            raise ValueError(f"cannot allocate {size} bytes of executable memory")
        with self.lock:
            for arena in self.arenas:
                region = arena.take(size)
                if region is not None:
                    return region
            region = self._new_arena().take(size)
            assert region is not None  # a fresh arena fits any size up to ARENA_SIZE
            return region

    @property
    def bytes_in_use(self) -> int:
        return sum(arena.used_pages for arena in self.arenas) * PAGE_SIZE


memory = ExecutableMemory()
