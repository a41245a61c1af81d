"""Executors: compiled traces that Tier 1 calls like a builtin function.

`compile_trace` checks a trace (names, jump targets, stack depths), appends an
exit stub per guard and an error stub per fallible uop, copies and patches the
whole chain, and wraps its entry shim in a builtin function object
(METH_FASTCALL, called with the frame, its localsplus list, globals,
builtins and locals mapping):
calling it costs about as much as calling `len`, holds the GIL, and raises
exceptions normally.
"""
from __future__ import annotations

import ctypes
import enum
import time
from typing import Any, NamedTuple, Sequence

from jit.backend.emitter import EmittedCode, Instance, emit
from jit.backend.memory import ExecutableMemory, memory as default_memory
from jit.backend.native import ffi
from jit.stencils.library import ENTRY_STENCIL, load_library
from jit.stencils.model import StencilLibrary
from jit.uops import UOp, UopDef, load_uops

METH_FASTCALL = 0x0080
_new_builtin = ctypes.pythonapi.PyCFunction_NewEx
_new_builtin.restype = ctypes.py_object
_new_builtin.argtypes = (ctypes.c_void_p, ctypes.py_object, ctypes.c_void_p)


class TraceError(ValueError):
    """A trace that cannot be compiled (unknown uop, bad jump, stack imbalance)."""


class ExitKind(enum.Enum):
    EXIT = "exit"    # a guard failed, or the trace ended: resume Tier 1
    ERROR = "error"  # an exception is set: unwind from this instruction


class Exit(NamedTuple):
    index: int
    kind: ExitKind
    uop_index: int
    target: int    # bytecode offset to resume at (or, for an error, to unwind from)
    # Index in localsplus of the first free stack slot at the exit: the depth
    # before the uop for EXIT_IF, after it consumed its inputs for POP_EXIT_IF
    # and for errors.
    stacktop: int


class NativeCode:
    """Owns a trace's memory; it is the builtin's `self`, so a running trace
    keeps its own code alive even if its executor is dropped meanwhile."""

    __slots__ = ("code", "method", "name", "error_cell", "keep_alive")

    def __init__(self, keep_alive: tuple[Any, ...]) -> None:
        self.code: EmittedCode | None = None
        self.name = ffi.new("char[]", b"cpjit_trace")
        self.method = ffi.new("PyMethodDef *")
        self.error_cell = ffi.new("int64_t[1]", [-1])
        self.keep_alive = keep_alive

    def __del__(self) -> None:
        if self.code is not None:
            self.code.free()


class Executor:
    """A compiled trace.  `function(frame, localsplus, globals, builtins, locals)`
    runs it and returns an exit index."""

    __slots__ = ("function", "exits", "uops", "native", "compile_seconds", "__weakref__")

    def __init__(self, function: Any, exits: tuple[Exit, ...], uops: tuple[UOp, ...],
                 native: NativeCode, compile_seconds: float) -> None:
        self.function, self.exits, self.uops = function, exits, uops
        self.native, self.compile_seconds = native, compile_seconds

    def run(self, localsplus: list, frame: Any = None, globals: Any = None,
            builtins: Any = None, locals: Any = None) -> Exit:
        """Run the trace; on an exception, `failed_exit()` says where it came from."""
        return self.exits[self.function(frame, localsplus, globals, builtins, locals)]

    def failed_exit(self) -> Exit:
        """The exit of the uop that raised the exception just propagated."""
        return self.exits[self.native.error_cell[0]]

    @property
    def code_size(self) -> int:
        return self.native.code.code_size


def _stack_depths(uops: Sequence[UOp], defs: dict[str, UopDef], entry_depth: int,
                  stack_size: int) -> list[int]:
    """The stack depth before each uop, the same along every path that reaches it."""
    count = len(uops)
    depths: list[int | None] = [None] * count
    pending = [(0, entry_depth)]
    while pending:
        index, depth = pending.pop()
        # Follow the fall-through path; branches are queued.
        while True:
            if index == count:
                raise TraceError("control falls off the end of the trace")
            known = depths[index]
            if known is not None:
                if known != depth:
                    raise TraceError(f"uop {index} ({uops[index].name}) is reached with stack "
                                     f"depths {known} and {depth}")
                break
            depths[index] = depth
            uop = uops[index]
            definition = defs[uop.name]
            needed = definition.input_count(uop.oparg)
            if needed > depth:
                raise TraceError(f"uop {index} ({uop.name}) pops {needed} of {depth} stack items")
            depth += definition.output_count(uop.oparg) - needed
            if depth > stack_size:
                raise TraceError(f"uop {index} ({uop.name}) overflows the stack "
                                 f"({depth} > {stack_size})")
            if definition.is_branch:
                pending.append((uop.jump, depth))
            if definition.is_terminator:
                break
            index += 1
    return [-1 if depth is None else depth for depth in depths]


def _check(uops: Sequence[UOp], defs: dict[str, UopDef]) -> None:
    if not uops:
        raise TraceError("empty trace")
    for index, uop in enumerate(uops):
        definition = defs.get(uop.name)
        if definition is None or definition.is_stub:
            raise TraceError(f"uop {index}: {uop.name!r} is not a trace uop")
        is_branch = definition.is_branch
        if is_branch != (uop.jump is not None):
            raise TraceError(f"uop {index} ({uop.name}): jump target "
                             f"{'missing' if is_branch else 'given to a non-branch uop'}")
        if is_branch and not 0 <= uop.jump < len(uops):
            raise TraceError(f"uop {index} ({uop.name}): jump target {uop.jump} is outside the trace")


class TracePlan(NamedTuple):
    """A checked trace lowered to the stencils to emit, and its exits."""
    instances: list[Instance]  # entry shim, one per uop, then exit and error stubs
    exits: tuple[Exit, ...]


def plan_trace(uops: Sequence[UOp], *, nlocalsplus: int, stack_size: int,
               entry_depth: int = 0, error_cell: int = 0) -> TracePlan:
    """Check `uops` and lower them to stencil instances: the entry shim, one
    per uop, a _SET_EXIT stub per guard and per fallible uop, and the shared
    exit and error tails.  Each exit knows where Tier 1 resumes and at what
    stack depth.  `error_cell` is where the error tail records the failing exit."""
    defs = load_uops()
    _check(uops, defs)
    depths = _stack_depths(uops, defs, entry_depth, stack_size)
    first_stub = 1 + len(uops)  # stub i belongs to exit i
    exits: list[Exit] = []
    instances = [Instance(ENTRY_STENCIL, nlocalsplus + entry_depth, nlocalsplus + stack_size,
                          0, 1)]
    # Built with tuple.__new__: this loop runs once per uop of every trace.
    make = tuple.__new__
    for index, uop in enumerate(uops):
        name, oparg, operand, target, jump, _ = uop
        definition = defs[name]
        exit_stub = error_stub = None
        if definition.is_guard:
            exit_stub = first_stub + len(exits)
            depth = depths[index]
            if definition.exit_pops:
                depth -= definition.input_count(oparg)
            exits.append(make(Exit, (len(exits), ExitKind.EXIT, index, target,
                                     nlocalsplus + depth)))
        if definition.can_error:
            error_stub = first_stub + len(exits)
            depth = depths[index] - definition.input_count(oparg)
            exits.append(make(Exit, (len(exits), ExitKind.ERROR, index, target,
                                     nlocalsplus + depth)))
        instances.append(make(Instance, (
            name, oparg, operand, target,
            None if definition.is_terminator else index + 2,
            1 + jump if definition.is_branch else None,
            exit_stub, error_stub,
        )))
    # Each stub sets its exit's index and continues to the shared tail.
    exit_tail = first_stub + len(exits)
    tails = {ExitKind.EXIT: exit_tail, ExitKind.ERROR: exit_tail + 1}
    for exit_ in exits:
        instances.append(make(Instance, ("_SET_EXIT", exit_.index, 0, exit_.target,
                                         tails[exit_.kind], None, None, None)))
    instances.append(Instance("_EXIT_TAIL"))
    instances.append(Instance("_ERROR_TAIL", operand=error_cell))
    return TracePlan(instances, tuple(exits))


def compile_trace(uops: Sequence[UOp], *, nlocalsplus: int, stack_size: int,
                  entry_depth: int = 0, keep_alive: Sequence[Any] = (),
                  library: StencilLibrary | None = None,
                  memory: ExecutableMemory = default_memory) -> Executor:
    """Compile `uops` for frames with `nlocalsplus` locals and `stack_size` stack
    slots, entered with `entry_depth` items on the stack.  Objects whose
    addresses appear as operands must be listed in `keep_alive` (or outlive the
    executor some other way)."""
    started = time.perf_counter()
    uops = tuple(uops)
    native = NativeCode((*keep_alive, *(uop.keep for uop in uops if uop.keep is not None)))
    plan = plan_trace(uops, nlocalsplus=nlocalsplus, stack_size=stack_size,
                      entry_depth=entry_depth,
                      error_cell=int(ffi.cast("uintptr_t", native.error_cell)))
    native.code = emit(plan.instances, library or load_library(), memory)
    native.method.ml_name = native.name
    native.method.ml_meth = ffi.cast("void *", native.code.addresses[0])
    native.method.ml_flags = METH_FASTCALL
    function = _new_builtin(int(ffi.cast("uintptr_t", native.method)), native, None)
    return Executor(function, plan.exits, uops, native, time.perf_counter() - started)
