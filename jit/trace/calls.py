"""Calls of VM-run functions from native code (the CALL_VM uop).

A trace calls such a function through `call_vm`, which runs it in the VM as
Tier 1's CALL would: same argument binding, same frame chain, same recursion
accounting.  Each such call nests a run of the eval loop in native code, so
nesting is bounded: past the bound, `call_vm` answers DEOPT and the trace
leaves for Tier 1, which pushes the frame without nesting.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import threading
from types import FunctionType, MethodType
from typing import Any

from interpreter.decode import vm_codes
from interpreter.main import call
from interpreter.state import interp

# Each nested run costs about this many Python frames of the VM's own.
FRAMES_PER_NESTING = 8
RESERVED_FRAMES = 24


class _Deopt:
    def __repr__(self) -> str:
        return "<cpjit DEOPT>"


DEOPT = _Deopt()
_nesting = threading.local()
# --stats: the JIT's TimeSplit, told when native code hands over to the VM.
clock = None


def call_vm(function: Any, *args: Any, **kwargs: Any) -> Any:
    depth = getattr(_nesting, "depth", 0)
    if (depth + 1) * FRAMES_PER_NESTING + RESERVED_FRAMES >= interp.recursion_limit:
        return DEOPT
    _nesting.depth = depth + 1
    if clock is not None:
        clock.enter(native=False)
    try:
        return call(function, *args, **kwargs)  # the guard made sure the VM runs it
    finally:
        _nesting.depth = depth
        if clock is not None:
            clock.leave()


def runs_in_vm(callee: Any) -> bool:
    """Whether a CALL of `callee` pushes a VM frame in Tier 1."""
    if type(callee) is MethodType:
        callee = callee.__func__
    return type(callee) is FunctionType and callee.__code__ in vm_codes
