"""Calls of VM-run functions from native code: the CALL_VM and CALL_NATIVE uops.

CALL_VM runs the function in the VM as Tier 1's CALL would, through
`call_vm`: same argument binding, same frame chain, same recursion
accounting.  Each such call nests a run of the eval loop in native code, so
nesting is bounded: past the bound, `call_vm` answers DEOPT and the trace
leaves for Tier 1, which pushes the frame without nesting.

CALL_NATIVE (and CALL_NATIVE_KW, a call with keyword arguments) runs the
callee natively when its code has a *function trace*, recorded from the
code's first instruction, and the arguments bind (stencils/helpers.h:
native_localsplus binds them as CPython does, and leaves a call CPython
would reject to the VM, which raises CPython's error); run_native_call runs
it on a localsplus list of its own, on through the executors its exits link to (the
loops it reaches), until an exit returns.  An exit Tier 1 must take, or an
exception, hands the frame to the VM (`native_exited`, `native_raised`),
which finishes it.  Without a function trace to run, `call_native` makes the
call in the VM; the JIT (`runtime`) counts such calls and records the trace
of a hot one.  Native code finds the executor to run in an *entry cell*
(`entry_cell`): a JITEntry record at a fixed address per code object and
entry point, which the runtime fills as executors come and go.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import threading
from types import CodeType, FunctionType, MethodType
from typing import TYPE_CHECKING, Any, Callable

from interpreter.decode import _CO_VARARGS, _CO_VARKEYWORDS, decode, vm_codes
from interpreter.main import call
from interpreter.state import interp
from jit.backend.native import ffi

if TYPE_CHECKING:
    from jit.backend.executor import Executor
    from jit.runtime import Jit

# Each nested run costs about this many Python frames of the VM's own.
FRAMES_PER_NESTING = 8
RESERVED_FRAMES = 24
# The entry point of a code's function trace, in entry_cell (loop headers
# are offsets: never negative).
FUNCTION_START = -1
# Exit links (stencils/jit.h): Tier 1 takes the exit; the frame returned.
# Any other link is the address of the entry cell of the loop it resumes at.
LINK_TIER1, LINK_RETURN = 0, 1
# JITEntry.star's bits (stencils/jit.h): the code has *args, **kwargs.
_STAR_ARGS, _STAR_KWARGS = 1, 2


class _Deopt:
    def __repr__(self) -> str:
        return "<cpjit DEOPT>"


DEOPT = _Deopt()
_nesting = threading.local()
# --stats: the JIT's TimeSplit, told when native code hands over to the VM.
clock = None
# The JIT, which decides what to do with calls native code could not make
# natively (set when the JIT loads its machinery).
runtime: Jit | None = None
_cells: dict[tuple[CodeType, int], Any] = {}


def entry_cell(code: CodeType, entry: int) -> Any:
    """The JITEntry (a cffi pointer, alive for the process) through which
    native code enters the executor of `code` at `entry`: a loop header's
    offset, or FUNCTION_START.  Empty (no executor) until the runtime fills it."""
    cell = _cells.get((code, entry))
    if cell is None:
        dec = decode(code)
        cell = _cells[code, entry] = ffi.new("JITEntry *")
        cell.argcount = dec.argcount
        cell.star = ((code.co_flags & _CO_VARARGS and _STAR_ARGS)
                     | (code.co_flags & _CO_VARKEYWORDS and _STAR_KWARGS))
        cell.nlocalsplus = dec.nlocalsplus
        cell.size = dec.size
    return cell


def nested(run: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """`run(*args, **kwargs)`, a run of the VM nested in native code
    (counted, so that call_vm knows how deep native code nests)."""
    depth = getattr(_nesting, "depth", 0)
    _nesting.depth = depth + 1
    if clock is not None:
        clock.enter(clock.ELSEWHERE)
    try:
        return run(*args, **kwargs)
    finally:
        _nesting.depth = depth
        if clock is not None:
            clock.leave()


def too_deep() -> bool:
    """Whether another nested run of the VM could pass Python's recursion
    limit with the VM's own frames (before the program's frames would)."""
    depth = getattr(_nesting, "depth", 0)
    return (depth + 1) * FRAMES_PER_NESTING + RESERVED_FRAMES >= interp.recursion_limit


def call_vm(function: Any, /, *args: Any, **kwargs: Any) -> Any:
    if too_deep():
        return DEOPT
    return nested(call, function, *args, **kwargs)  # the guard made sure the VM runs it


def call_native(function: Any, /, *args: Any, **kwargs: Any) -> Any:
    """CALL_NATIVE's call when it cannot run natively: in the VM (or DEOPT,
    as call_vm); the JIT counts it, and may record the callee's function trace."""
    if too_deep():
        return DEOPT
    return nested(runtime.call_function, function, args, kwargs)


def native_exited(executor: Executor, function: FunctionType, localsplus: list,
                  index: int) -> Any:
    """A natively called function's traces left by exit `index` of
    `executor`'s tree: the VM finishes the frame; its return value."""
    return nested(runtime.finish_native, executor, function, localsplus, index, None)


def native_raised(executor: Executor, function: FunctionType, localsplus: list,
                  exception: BaseException) -> Any:
    """A natively called function's trace raised `exception` (at the exit
    `executor`'s error cell names): the VM unwinds it in the frame."""
    failed = executor.failed_exit().index  # (before any other run of the tree)
    return nested(runtime.finish_native, executor, function, localsplus, failed, exception)


def runs_in_vm(callee: Any) -> bool:
    """Whether a CALL of `callee` pushes a VM frame in Tier 1."""
    if type(callee) is MethodType:
        callee = callee.__func__
    return type(callee) is FunctionType and callee.__code__ in vm_codes


def keywords_in_order(code: CodeType, arguments: int, kwnames: tuple) -> bool:
    """Whether a call of `code` with `arguments` arguments, the last ones
    the keyword arguments `kwnames`, binds as if all were positional: the
    keywords name the parameters that follow the positional arguments, in
    their order (`f(x, scale=2)` of `def f(x, scale=1)`)."""
    positional = arguments - len(kwnames)
    return (positional >= code.co_posonlyargcount and arguments <= code.co_argcount
            and kwnames == code.co_varnames[positional:arguments])
