"""Which CPython 3.11 opcodes the VM handles, and what happens to the rest.

Every name in `opcode.opmap` is in exactly one of:

HANDLED    a handler factory exists (`opcodes.FACTORIES`);
DELEGATED  the opcode only occurs in generator, coroutine and async-generator
           code, which the VM leaves to CPython (functions are created
           normally; calling one runs it natively);
FOLDED     the decoder consumes it, so no handler ever runs for it.

Specialized (adaptive) instructions never appear in `co_code` as Python
returns it, so they need no entry (`tests/test_vm_opcode_coverage.py` checks
this against `opcode._specialized_instructions`).
"""
from __future__ import annotations

from .opcodes import FACTORIES

_GENERATOR_ONLY = "occurs only in generator/coroutine/async-generator code, which CPython runs"

DELEGATED: dict[str, str] = {
    name: _GENERATOR_ONLY for name in (
        "RETURN_GENERATOR", "YIELD_VALUE", "SEND", "GET_AWAITABLE", "GET_AITER",
        "GET_ANEXT", "BEFORE_ASYNC_WITH", "END_ASYNC_FOR", "ASYNC_GEN_WRAP",
        "GET_YIELD_FROM_ITER",
    )
}

FOLDED: dict[str, str] = {
    "CACHE": "inline cache entry: skipped by the decoder",
    "EXTENDED_ARG": "folded into the next instruction's argument by the decoder",
}

HANDLED: frozenset[str] = frozenset(FACTORIES)
