"""Calls of C functions specialised by the callee the recorder saw, as
CPython 3.11's PRECALL_* instructions are: `len(x)` and `isinstance(x, cls)`
get uops of their own, `list.append` appends in place, and other built-in
functions and method descriptors taking METH_O, METH_NOARGS or
METH_FASTCALL (without keywords) are called through their C signature, with
no vectorcall or argument tuple.

The callee guard the translator emits first (GUARD_CALLEE on the object,
GUARD_CALLEE_CMETHOD on a bound built-in's PyMethodDef) fixes the C function,
so the uop's operand is its address; rebinding `len` fails that guard and
retires the trace.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import BuiltinFunctionType, MethodDescriptorType
from typing import Any

from interpreter.decode import Decoded
from jit.trace import layout
from jit.uops import KNOWN_LENGTHS, UOp

METH_NOARGS, METH_O, METH_KEYWORDS, METH_FASTCALL, METH_COEXIST = 0x4, 0x8, 0x2, 0x80, 0x40
# CALL_BUILTIN_FAST's oparg: the argument count, and this bit for
# METH_FASTCALL | METH_KEYWORDS called without keywords.
FAST_WITH_KEYWORDS = 1 << 16

_LIST_APPEND = layout.method_def(list.append)


def call_uop(callee: Any, unbound: bool, argc: int, target: int) -> UOp | None:
    """The uop calling `callee` with `argc` arguments (no keywords); `unbound`:
    the stack holds [callee, self, args] (LOAD_METHOD_UNBOUND's form) rather
    than [NULL, callee, args].  None: the generic CALL."""
    kind = type(callee)
    if not layout.AVAILABLE or kind is not (MethodDescriptorType if unbound
                                            else BuiltinFunctionType):
        return None
    if callee is len and argc == 1:
        return UOp("CALL_LEN", 1, 0, target)
    if callee is isinstance and argc == 2:
        return UOp("CALL_ISINSTANCE", 2, 0, target)
    function, flags = layout.method_def(callee)
    if (function, flags) == _LIST_APPEND and argc == 1:
        return UOp("CALL_LIST_APPEND", 1, 0, target)
    flags &= ~METH_COEXIST
    # (`keep`: the callee, which the optimizer may know to run no Python code)
    if flags == METH_O and argc == 1:
        return UOp("CALL_BUILTIN_O", 1, function, target, keep=callee)
    if flags == METH_NOARGS and argc == 0:
        return UOp("CALL_BUILTIN_NOARGS", 0, function, target, keep=callee)
    if flags == METH_FASTCALL:
        return UOp("CALL_BUILTIN_FAST", argc, function, target, keep=callee)
    if flags == METH_FASTCALL | METH_KEYWORDS:
        return UOp("CALL_BUILTIN_FAST", argc | FAST_WITH_KEYWORDS, function, target,
                   keep=callee)
    return None


# The calls (by code and offset) whose argument guard failed often enough
# for a side trace: their sites see arguments of more than one type.
_polymorphic: dict[Decoded, set[int]] = {}


def argument_guards(call: UOp, stack: list, dec: Decoded) -> list[UOp]:
    """Guards on the arguments the recorder saw that let the optimizer run
    `call` on what it knows of them: the type of len()'s argument, when its
    length is one native code reads (a trace meeting another type leaves
    for Tier 1's call there) and the site has not been polymorphic."""
    if (call.name == "CALL_LEN" and type(stack[-1]) in KNOWN_LENGTHS
            and call.target not in _polymorphic.get(dec, ())):
        kind = type(stack[-1])
        return [UOp("GUARD_TYPE", 0, id(kind), call.target, keep=kind)]
    return []


def polymorphic(step: list[UOp], dec: Decoded) -> bool:
    """Whether `step`, the uops of the instruction a side trace starts at,
    guard a call's arguments: that guard failed (its exit got hot), so the
    site sees other types; it is remembered, and the loop's trace, recorded
    again, calls it unguarded.  (Guarding each new type in a side trace of
    its own, a len() meeting eight types took eight, and each iteration left
    several: slower than CPython.)"""
    guarded = [uop.target for uop, after in zip(step, step[1:])
               if uop.name == "GUARD_TYPE" and after.name == "CALL_LEN"]
    _polymorphic.setdefault(dec, set()).update(guarded)
    return bool(guarded)
