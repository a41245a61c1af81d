"""Addresses of C-API functions and data in the running process."""
from __future__ import annotations

import functools

from jit.backend.native import ffi, libc
from jit.stencils.model import StencilError


@functools.cache
def address_of(symbol: str) -> int:
    """The address of `symbol` (e.g. "PyNumber_Add"), resolved once per process."""
    address = int(ffi.cast("uintptr_t", libc.dlsym(ffi.NULL, symbol.encode())))
    if address == 0:
        raise StencilError(f"symbol {symbol} is not defined in this Python process")
    return address
