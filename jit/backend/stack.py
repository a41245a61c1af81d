"""How deep native code may nest calls on the C stack.

A trace that calls a VM function (CALL_NATIVE, CALL_VM) runs the callee below
its own C frame: each nesting costs an entry shim with its JITState (~5.5 KB)
and, through the VM, Python's own C frames.  Tier 1 makes VM-to-VM calls
without nesting at all, so a program may recurse as deep as its recursion
limit allows; native code must not overflow the C stack first.  So the
calling uops compare the stack pointer with the thread's `limit()` and, past
it, leave for Tier 1, which makes the call.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import os
from _thread import get_native_id  # (the main thread's is the process id)

from interpreter.state import ThreadState
from jit.backend.native import ffi, libc

# Kept free below the limit for what runs after native code stops nesting:
# the VM's nested runs finishing a callee, signal handlers, C calls.
MARGIN = 1 << 20
# pthread_attr_t is 56 bytes on x86-64 glibc; room to spare.
_ATTR_SIZE = 128
# A thread whose stack cannot be found nests nothing: no address is above it.
NO_NESTING = (1 << 64) - 1
# Linux's RLIMIT_STACK and getauxval's AT_EXECFN.
_RLIMIT_STACK = 3
_AT_EXECFN = 31
_PAGE = os.sysconf("SC_PAGESIZE")
# Linux leaves at least this much below the main thread's stack free of
# mappings (mmap_base's gap); a larger RLIMIT_STACK (raised since exec) may
# meet one, which glibc's reading of the maps sees.
_GAP = 128 << 20


def limit() -> int:
    """The lowest C stack address the calling thread's native code may nest
    calls down to: its stack's low end plus a margin (a quarter of the stack
    when that is less than MARGIN)."""
    found = (_main_stack() if get_native_id() == os.getpid() else None) or _thread_stack()
    if found is None:
        return NO_NESTING
    low, size = found
    return low + min(MARGIN, size // 4)


def _thread_stack() -> tuple[int, int] | None:
    """The calling thread's stack as glibc knows it: (lowest address, size)."""
    attr = ffi.new("char[]", _ATTR_SIZE)
    if libc.pthread_getattr_np(libc.pthread_self(), attr) != 0:
        return None
    try:
        low, size = ffi.new("void **"), ffi.new("size_t *")
        if libc.pthread_attr_getstack(attr, low, size) != 0:
            return None
    finally:
        libc.pthread_attr_destroy(attr)
    return int(ffi.cast("uintptr_t", low[0])), size[0]


def _main_stack() -> tuple[int, int] | None:
    """The main thread's stack, as (lowest address, size), without reading
    /proc/self/maps as glibc's pthread_getattr_np does for it (~0.35 ms of a
    first native run): execve puts the program's file name at the very top
    of the stack (just below a null pointer), and the stack may grow down to
    RLIMIT_STACK below its top.  None if that top is not a page boundary
    (not that layout) or the limit is beyond _GAP."""
    name = libc.getauxval(_AT_EXECFN)
    rlimit = ffi.new("struct rlimit *")
    if name == 0 or libc.getrlimit(_RLIMIT_STACK, rlimit) != 0:
        return None
    top = name + libc.strlen(ffi.cast("char *", name)) + 1 + ffi.sizeof("void *")
    size = rlimit.rlim_cur
    if top % _PAGE or size > _GAP:
        return None
    return top - size, size


def thread_limit(ts: ThreadState) -> int:
    """`limit()` for the thread `ts` runs (the calling one), found once."""
    if not ts.stack_limit:
        ts.stack_limit = limit()
    return ts.stack_limit
