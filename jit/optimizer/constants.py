"""constants: constant folding of pure uops on constant inputs.

The pass follows the value stack through the trace, knowing which entries
are constants (LOAD_CONST, PUSH_NULL's NULL, the function LOAD_METHOD_UNBOUND
pushes, copies of them).  A pure
operation whose inputs are all constants pushed by the uops right before it
(so removing them changes the stack at no other uop) is replaced by a
LOAD_CONST of its result, which the uop's `keep` keeps alive: int and float
arithmetic (the specialised uops and BINARY_OP) and comparisons (and of
strings), `is`, truth values of the builtin types whose truth runs no user
code.  A guard whose inputs are constants that pass it is
removed (a popping guard with its input, or it becomes a POP_TOP); a guard
known to fail stays, and so the trace keeps its exit.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import ctypes
import operator
from collections.abc import Callable  # (typing's costs ~50 us to subscript)
from types import BuiltinFunctionType
from typing import TYPE_CHECKING, Any

from interpreter.frame import NULL
from interpreter.records import NamedTuple
from jit.optimizer import TraceContext, jump_targets, splice
from jit.uops import UOp, load_uops

NAME = "constants"
PURPOSE = "fold pure uops on constants; drop guards constants pass"

_COMPARE = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge)
_INT_BINARY = {"ADD": operator.add, "SUBTRACT": operator.sub, "MULTIPLY": operator.mul,
               "AND": operator.and_, "OR": operator.or_, "XOR": operator.xor}
_FLOAT_BINARY = {"ADD": operator.add, "SUBTRACT": operator.sub, "MULTIPLY": operator.mul}
# Folded ints stay small: a huge constant costs memory for as long as the trace lives.
_MAX_INT_BITS = 256
# Types whose truth value and identity tests run no user code.
_PLAIN = (bool, int, float, str, type(None))
_CFUNCTION_METHOD_DEF = ctypes.sizeof(ctypes.c_ssize_t) * 2  # PyCFunctionObject.m_ml


class _Unfoldable(Exception):
    """The operation is not folded (inputs of the wrong type, a result too big)."""


class Known(NamedTuple):
    """A stack entry whose value is known, and which uop pushed it (or -1
    when that uop cannot be removed: a copy)."""
    value: Any
    producer: int


def _require(kind: type, *values: Any) -> None:
    """Exactly `kind` (a bool is no int to BINARY_OP_ADD_INT's guard)."""
    if any(type(value) is not kind for value in values):
        raise _Unfoldable


if TYPE_CHECKING:  # (annotations only: subscripting costs the import ~15 us)
    Fold = Callable[..., Any]  # (uop, *input values) -> the output value


def _arithmetic(kind: type, function: Callable[[Any, Any], Any]) -> Fold:
    def fold(uop: UOp, a: Any, b: Any) -> Any:
        _require(kind, a, b)
        result = function(a, b)
        if kind is int and result.bit_length() > _MAX_INT_BITS:
            raise _Unfoldable
        return result
    return fold


def _true_divide(uop: UOp, a: float, b: float) -> float:
    _require(float, a, b)
    if b == 0.0:
        raise _Unfoldable  # the uop exits there: Tier 1 raises ZeroDivisionError
    return a / b


def _compare(kind: type) -> Fold:
    def fold(uop: UOp, a: Any, b: Any) -> bool:
        _require(kind, a, b)
        if not 0 <= uop.oparg < len(_COMPARE):
            raise _Unfoldable
        return _COMPARE[uop.oparg](a, b)
    return fold


# BINARY_OP's NB_* codes (the in-place forms are the same on numbers).
_NUMBER_OPERATIONS = {0: operator.add, 1: operator.and_, 2: operator.floordiv,
                      3: operator.lshift, 5: operator.mul, 6: operator.mod, 7: operator.or_,
                      8: operator.pow, 9: operator.rshift, 10: operator.sub,
                      11: operator.truediv, 12: operator.xor}
# Bounds on what may grow an int past _MAX_INT_BITS before it is checked.
_MAX_SHIFT = _MAX_INT_BITS
_MAX_EXPONENT = 64


def _number_operation(uop: UOp, a: Any, b: Any) -> Any:
    """BINARY_OP on two ints or floats (bools are ints too: int's methods
    run, no user code); what raises, or grows too big, is left to the trace."""
    function = _NUMBER_OPERATIONS.get(uop.oparg % 13)
    if function is None or type(a) not in (int, float, bool) or type(b) not in (int, float, bool):
        raise _Unfoldable
    if (function is operator.lshift and b > _MAX_SHIFT) or (
            function is operator.pow and abs(b) > _MAX_EXPONENT):
        raise _Unfoldable
    try:
        result = function(a, b)
    except (ArithmeticError, ValueError):  # ZeroDivisionError, OverflowError, a negative shift
        raise _Unfoldable from None
    if type(result) not in (int, float, bool) or (
            type(result) is int and result.bit_length() > _MAX_INT_BITS):
        raise _Unfoldable  # a complex power, or a huge int
    return result


def _rich_compare(uop: UOp, a: Any, b: Any) -> bool:
    """COMPARE_OP on plain values (no user code runs to compare them)."""
    plain = (int, float, bool, str)
    if type(a) not in plain or type(b) not in plain or not 0 <= uop.oparg < len(_COMPARE):
        raise _Unfoldable
    try:
        return _COMPARE[uop.oparg](a, b)
    except TypeError:  # '<' between str and int: the trace raises it
        raise _Unfoldable from None


def _truth(value: Any) -> bool:
    if type(value) not in _PLAIN:
        raise _Unfoldable
    return bool(value)


def _negative(uop: UOp, value: Any) -> Any:
    if type(value) not in (int, float):
        raise _Unfoldable
    return -value


# The pure uops folded, by name.
_FOLDS: dict[str, Fold] = {
    **{f"BINARY_OP_{name}_INT": _arithmetic(int, function)
       for name, function in _INT_BINARY.items()},
    **{f"BINARY_OP_{name}_FLOAT": _arithmetic(float, function)
       for name, function in _FLOAT_BINARY.items()},
    "BINARY_OP_TRUE_DIVIDE_FLOAT": _true_divide,
    "BINARY_OP": _number_operation,
    "COMPARE_OP": _rich_compare,
    "COMPARE_OP_INT": _compare(int),
    "COMPARE_OP_FLOAT": _compare(float),
    "IS_OP": lambda uop, a, b: (a is b) != bool(uop.oparg),
    **dict.fromkeys(("TO_BOOL", "TO_BOOL_PLAIN"), lambda uop, value: _truth(value)),
    **dict.fromkeys(("UNARY_NOT", "UNARY_NOT_PLAIN"), lambda uop, value: not _truth(value)),
    "UNARY_NEGATIVE": _negative,
}


def _method_def(function: Any) -> int:
    return ctypes.c_void_p.from_address(id(function) + _CFUNCTION_METHOD_DEF).value or 0


def _callee(uop: UOp, stack: list) -> Any:
    """The function a CALL-shaped guard checks, when the stack says: the
    method, or the callable when the method slot holds NULL."""
    method, callable_ = stack[-uop.oparg - 2], stack[-uop.oparg - 1]
    if not isinstance(method, Known):
        raise _Unfoldable
    if method.value is not NULL:
        return method.value
    if not isinstance(callable_, Known):
        raise _Unfoldable
    return callable_.value


# Guards that leave the stack as it is: (uop, stack) -> whether it passes.
_KEEPING_GUARDS: dict[str, Callable[[UOp, list], bool]] = {
    "GUARD_BOTH_INT": lambda uop, stack: all(type(_value(e)) is int for e in stack[-2:]),
    "GUARD_BOTH_FLOAT": lambda uop, stack: all(type(_value(e)) is float for e in stack[-2:]),
    "GUARD_TYPE": lambda uop, stack: id(type(_value(stack[-1]))) == uop.operand,
    "GUARD_CALLEE": lambda uop, stack: id(_callee(uop, stack)) == uop.operand,
    "GUARD_CALLEE_CMETHOD": lambda uop, stack: (
        type(_callee(uop, stack)) is BuiltinFunctionType
        and _method_def(_callee(uop, stack)) == uop.operand),
}
# Guards that pop their top input: (value) -> whether it passes.
_POPPING_GUARDS: dict[str, Callable[[Any], bool]] = {
    "GUARD_IS_TRUE_POP": lambda value: value is True,
    "GUARD_IS_FALSE_POP": lambda value: value is False,
    "GUARD_IS_NONE_POP": lambda value: value is None,
    "GUARD_IS_NOT_NONE_POP": lambda value: value is not None and value is not NULL,
    # (value, flag -- value): passing, it pops just the flag
    "GUARD_IS_TRUE_ELSE_POP_BOTH": lambda value: value is True,
    "GUARD_IS_FALSE_ELSE_POP_BOTH": lambda value: value is False,
}


def _value(entry: Any) -> Any:
    if not isinstance(entry, Known):
        raise _Unfoldable
    return entry.value


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    pieces: list[list[UOp]] = [[uop] for uop in uops]
    emitted: list[int] = []      # indices whose piece is not empty, in order
    targets = jump_targets(uops)
    barrier = 0                  # producers before a jump target cannot be removed
    stack: list = [None] * trace.entry_depth   # None: unknown
    callers: list[list] = []     # the callers' stacks of inlined calls

    def adjacent(count: int) -> bool:
        """The top `count` entries were pushed by the last `count` uops kept."""
        producers = [entry.producer for entry in stack[len(stack) - count:]]
        return (len(emitted) >= count and producers == emitted[len(emitted) - count:]
                and all(p >= barrier for p in producers))

    def replace_with_constant(index: int, uop: UOp, inputs: int, value: Any) -> None:
        for producer in emitted[len(emitted) - inputs:]:
            pieces[producer] = []
        del emitted[len(emitted) - inputs:]
        del stack[len(stack) - inputs:]
        pieces[index] = [UOp("LOAD_CONST", 0, id(value), uop.target, keep=value)]
        emitted.append(index)
        stack.append(Known(value, index))

    defs = load_uops()
    for index, uop in enumerate(uops):
        if index in targets:
            stack = [None] * len(stack)
            barrier = index
        name = uop.name
        definition_ = defs[name]
        inputs, outputs = definition_.input_count(uop.oparg), definition_.output_count(uop.oparg)
        if inputs > len(stack):  # not a trace this pass understands
            return uops
        try:
            # (Inputs not known are looked at before a fold or a guard's test
            # would raise _Unfoldable for them: raising costs ~1 us.)
            if name in _FOLDS:
                operands = stack[len(stack) - inputs:]
                if all(type(entry) is Known for entry in operands) and adjacent(inputs):
                    value = _FOLDS[name](uop, *[entry.value for entry in operands])
                    replace_with_constant(index, uop, inputs, value)
                    continue
            elif name in _KEEPING_GUARDS and _KEEPING_GUARDS[name](uop, stack):
                pieces[index] = []
                continue
            elif name in _POPPING_GUARDS and type(stack[-1]) is Known and \
                    _POPPING_GUARDS[name](stack[-1].value):
                if adjacent(1):
                    pieces[emitted.pop()] = []
                    pieces[index] = []
                else:
                    pieces[index] = [UOp("POP_TOP", 0, 0, uop.target)]
                    emitted.append(index)
                stack.pop()
                continue
        except _Unfoldable:
            pass
        emitted.append(index)
        if name == "LOAD_CONST" and id(uop.keep) == uop.operand:
            stack.append(Known(uop.keep, index))
        elif name == "PUSH_NULL":
            stack.append(Known(NULL, index))
        elif name == "LOAD_METHOD_UNBOUND":
            # [function, self]: the function is the recorded constant (not
            # removable: this uop also pushes the self)
            stack[-1:] = [Known(uop.keep, -1), None]
        elif name == "COPY":
            entry = stack[-uop.oparg]
            stack.append(Known(entry.value, -1) if isinstance(entry, Known) else None)
        elif name == "SWAP":
            stack[-1], stack[-uop.oparg] = stack[-uop.oparg], stack[-1]
        elif name == "INLINE_CALL":
            del stack[len(stack) - inputs:]
            callers.append(stack)
            stack = []
        elif name == "INLINE_RETURN" and callers:
            stack = callers.pop()
            stack.append(None)
        elif definition_.is_guard and not definition_.exit_pops and inputs == outputs:
            pass  # a guard keeps its inputs, and what is known of them
        else:
            del stack[len(stack) - inputs:]
            stack += [None] * outputs
    return splice(pieces)
