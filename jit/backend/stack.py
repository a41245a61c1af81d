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

from interpreter.state import ThreadState
from jit.backend.native import ffi, libc

# Kept free below the limit for what runs after native code stops nesting:
# the VM's nested runs finishing a callee, signal handlers, C calls.
MARGIN = 1 << 20
# pthread_attr_t is 56 bytes on x86-64 glibc; room to spare.
_ATTR_SIZE = 128
# A thread whose stack cannot be found nests nothing: no address is above it.
NO_NESTING = (1 << 64) - 1


def limit() -> int:
    """The lowest C stack address the calling thread's native code may nest
    calls down to: its stack's low end plus a margin (a quarter of the stack
    when that is less than MARGIN)."""
    attr = ffi.new("char[]", _ATTR_SIZE)
    if libc.pthread_getattr_np(libc.pthread_self(), attr) != 0:
        return NO_NESTING
    try:
        low, size = ffi.new("void **"), ffi.new("size_t *")
        if libc.pthread_attr_getstack(attr, low, size) != 0:
            return NO_NESTING
    finally:
        libc.pthread_attr_destroy(attr)
    return int(ffi.cast("uintptr_t", low[0])) + min(MARGIN, size[0] // 4)


def thread_limit(ts: ThreadState) -> int:
    """`limit()` for the thread `ts` runs (the calling one), found once."""
    if not ts.stack_limit:
        ts.stack_limit = limit()
    return ts.stack_limit
