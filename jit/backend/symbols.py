"""Addresses of the symbols stencils refer to.

Most are C-API functions and data of the running process, found with dlsym.
A few are objects that exist only at run time (the VM's NULL sentinel, Python
helpers that native code calls); whoever owns them provides them here before
the first trace that needs them is emitted.  Both kinds are resolved once per
process and patched into stencils as absolute addresses.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import functools

from jit.backend.native import ffi, libc
from jit.stencils.model import StencilError

# Runtime symbols share the C namespace with the C API: a prefix keeps them apart.
RUNTIME_PREFIX = "cpjit_"
_runtime: dict[str, object] = {}


def provide(symbol: str, obj: object) -> None:
    """Make `symbol` (declared `extern PyObject symbol;` in a stencil) name `obj`,
    kept alive for the rest of the process."""
    if not symbol.startswith(RUNTIME_PREFIX):
        raise ValueError(f"runtime symbols start with {RUNTIME_PREFIX!r}: {symbol!r}")
    known = _runtime.get(symbol)
    if known is not None and known is not obj:
        raise ValueError(f"runtime symbol {symbol} is already provided")
    _runtime[symbol] = obj


@functools.cache
def address_of(symbol: str) -> int:
    """The address of `symbol` (e.g. "PyNumber_Add"), resolved once per process."""
    if symbol.startswith(RUNTIME_PREFIX):
        if symbol not in _runtime:
            raise StencilError(f"runtime symbol {symbol} was not provided before use")
        return id(_runtime[symbol])
    address = int(ffi.cast("uintptr_t", libc.dlsym(ffi.NULL, symbol.encode())))
    if address == 0:
        raise StencilError(f"symbol {symbol} is not defined in this Python process")
    return address
