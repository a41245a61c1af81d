"""Executors: compiled traces that Tier 1 calls like a builtin function.

`compile_trace` checks a trace (names, jump targets, stack depths), lowers it
to stencils (`plan_trace`), copies and patches the whole chain, and wraps its
entry shim in a builtin function object (METH_FASTCALL, called with the frame,
its localsplus list, globals, builtins and locals mapping): calling it costs
about as much as calling `len`, holds the GIL, and raises exceptions normally.

Every guard's exit is *patchable*: it jumps through a slot in ordinary
read-write memory.  `Executor.attach` compiles a side trace for a hot exit
(a chain with no entry shim, entered with the registers the exit had, whose
loop-closing jump leads back to the root trace's loop top) and stores its
address in that slot.  Code is never written after it is sealed.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import ctypes
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from interpreter.records import NamedTuple
from interpreter.state import ThreadState, get_thread_state
from jit.backend import stack
from jit.backend.emitter import EmittedCode, Instance, emit
from jit.backend.memory import ExecutableMemory, memory as default_memory
from jit.backend.native import ffi
from jit.stencils.library import ENTRY_STENCIL, EXIT_STUB_STENCIL, load_library
from jit.stencils.model import StencilLibrary
from jit.trace import layout
from jit.uops import (INLINE_DEPTH, INLINE_SLOTS, InlineFrame, Snapshot, UOp, UopDef, load_uops,
                      loop_end, self_from)

# Turns a trace's planned instances into machine code: copy-and-patch's `emit`,
# or another backend's (jit/backend/backends.py).  Arguments: the instances,
# the stencil library, the memory to use and the external link addresses.
# (annotations only: even collections.abc's Callable cost the import ~20 us
# to subscript)
if TYPE_CHECKING:
    EmitCode = Callable[[Sequence[Instance], StencilLibrary, ExecutableMemory, Sequence[int]],
                        EmittedCode]
METH_FASTCALL = 0x0080
_BUILTIN_NAME = ffi.new("char[]", b"cpjit_trace")  # every executor's __name__
# Where the entry shim finds ThreadState.depth (stencils/entry.c).
_DEPTH_OFFSET, _ = layout.object_member(ThreadState.__dict__["depth"])
_new_builtin = ctypes.pythonapi.PyCFunction_NewEx
_new_builtin.restype = ctypes.py_object
_new_builtin.argtypes = (ctypes.c_void_p, ctypes.py_object, ctypes.c_void_p)


class TraceError(ValueError):
    """A trace that cannot be compiled (unknown uop, bad jump, stack imbalance)."""


@enum._simple_enum(enum.Enum)  # (made as jit.uops.BoxKind is: ~0.1 ms less)
class ExitKind:
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
    # An ASSUMES guard's exit: taking it means the program changed under the trace.
    assumption: bool = False
    # Inside inlined calls: each inlined frame (outermost first) with the
    # index in its caller's localsplus of the caller's stack top, the call's
    # inputs popped.  Tier 1 rebuilds these frames (jit.trace.inline).
    frames: tuple[tuple[InlineFrame, int], ...] = ()
    # A guard exit with locals unboxed (its Snapshot's `live`): the scratch
    # slots still hold them when a side trace starts there.
    unboxed: tuple[tuple[int, int, int], ...] = ()
    # Where a trace ends (EXIT_TRACE: at a return, or another loop's header),
    # or a back edge's exit for the eval breaker: it never gets a side trace.
    terminal: bool = False


# Guards whose exits never get side traces: EXIT_TRACE, where the trace ends,
# and the back edges' (JUMP_TO_TOP, JUMP_TO_BODY), which leave only for Tier 1
# to see the eval breaker set (a signal, a thread waiting for the GIL): a side
# trace there went on natively past it (and, recorded while a signal's
# handler raised, could loop forever with the signal never handled).
_TERMINAL = frozenset({"EXIT_TRACE", "JUMP_TO_TOP", "JUMP_TO_BODY"})


class NativeCode:
    """Owns one trace's memory.  A root trace's NativeCode is its builtin's
    `self`, so a running trace keeps its code (and its side traces) alive even
    if its executor is dropped meanwhile."""

    __slots__ = ("code", "method", "name", "exit_cell", "slots", "keep_alive", "side_traces",
                 "instances")

    def __init__(self, keep_alive: tuple[Any, ...], exit_cell: Any, slots: Any) -> None:
        self.code: EmittedCode | None = None
        self.name = _BUILTIN_NAME
        self.method = ffi.new("PyMethodDef *")
        self.exit_cell = exit_cell
        self.slots = slots  # where each patchable exit of this trace jumps
        self.keep_alive = keep_alive
        self.side_traces: list[NativeCode] = []
        self.instances: list[Instance] = []  # what was emitted, for --dump

    def __del__(self) -> None:
        if self.code is not None:
            self.code.free()


class TracePlan(NamedTuple):
    """A checked trace lowered to the stencils to emit, and its exits."""
    # [entry shim,] one per uop, the exit and error tails, the snapshot
    # stubs (see _Stubs), then one _EXIT_STUB per guard
    instances: list[Instance]
    exits: list[Exit]
    patchable: list[int]       # the guard exits' indices; the k-th has slot k
    slots: Any                 # the slots (cffi uintptr_t[]), in `patchable` order
    exit_tail: int             # the exit tail's instance
    # Guards with a snapshot jump through a fixed cell to their stub: the
    # cells (cffi uintptr_t[]) and, for each, the stub's instance.
    cells: Any
    cell_stubs: list[int]
    # For each cell: its guard exit, and whether the native stack there is
    # already Tier 1's (only locals to box).
    cell_exits: list[tuple[int, bool]]
    data: list[Any]            # snapshots' words and objects, alive with the code


def _bad_uop(index: int, uop: UOp, defs: dict[str, UopDef], count: int) -> str | None:
    """What is wrong with `uop` by itself, if anything."""
    definition = defs.get(uop.name)
    if definition is None or definition.is_stub:
        return f"uop {index}: {uop.name!r} is not a trace uop"
    if definition.is_branch != (uop.jump is not None):
        return (f"uop {index} ({uop.name}): jump target "
                f"{'missing' if definition.is_branch else 'given to a non-branch uop'}")
    if definition.is_branch and not 0 <= uop.jump < count:
        return f"uop {index} ({uop.name}): jump target {uop.jump} is outside the trace"
    return None


def _analyse(uops: Sequence[UOp], defs: dict[str, UopDef], entry_depth: int,
             stack_size: int, loop_top_depth: int | None, entry_frames: tuple = ()
             ) -> tuple[list[int], int, list[tuple[tuple[InlineFrame, int], ...]]]:
    """Validate the trace and find the stack depth before each uop, the same
    along every path that reaches it, the inlined frames it runs in, and the
    number of guards.  With `loop_top_depth`, jumps leave the trace (for
    another trace's loop top) and must arrive with that depth.

    INLINE_CALL starts its callee's frame (depth 0 there) and INLINE_RETURN
    ends it; a frame's depth is its own stack's."""
    count = len(uops)
    if not count:
        raise TraceError("empty trace")
    depths: list[int | None] = [None] * count
    frames_at: list[tuple[tuple[InlineFrame, int], ...]] = [()] * count
    guards = 0
    pending: list[tuple[int, int, tuple]] = [(0, entry_depth, entry_frames)]
    end = loop_end(uops)
    if loop_top_depth is None and end < count:
        # A peeled root trace's re-entry block: side traces jump to it,
        # with the loop header's stack.
        pending.append((end, entry_depth, ()))
    while pending:
        index, depth, frames = pending.pop()
        # Follow the fall-through path; branches are queued.
        while True:
            if index == count:
                raise TraceError("control falls off the end of the trace")
            known = depths[index]
            if known is not None:
                if known != depth or frames_at[index] != frames:
                    raise TraceError(f"uop {index} ({uops[index].name}) is reached with stack "
                                     f"depths {known} and {depth}")
                break
            uop = uops[index]
            try:
                definition = defs[uop.name]
            except KeyError:
                definition = None
            if (definition is None or definition.is_stub
                    or definition.is_branch is (uop.jump is None)
                    or definition.is_branch and not 0 <= uop.jump < count):
                raise TraceError(_bad_uop(index, uop, defs, count))
            depths[index] = depth
            frames_at[index] = frames
            needed = definition.fixed_inputs
            if needed is None:
                needed = definition.input_count(uop.oparg)
                effect = definition.output_count(uop.oparg) - needed
            else:
                effect = definition.fixed_effect
            if needed > depth:
                raise TraceError(f"uop {index} ({uop.name}) pops {needed} of {depth} stack items")
            depth += effect
            if uop.name == "INLINE_CALL":
                frames, depth = _enter_inlined(index, uop, frames, depth)
            elif uop.name == "INLINE_RETURN":
                if not frames:
                    raise TraceError(f"uop {index} (INLINE_RETURN) returns from no inlined call")
                if depth != 0:
                    raise TraceError(f"uop {index} (INLINE_RETURN) leaves {depth} items behind")
                frames, depth = frames[:-1], frames[-1][1] + 1
            limit = frames[-1][0].stack_size if frames else stack_size
            if depth > limit:
                raise TraceError(f"uop {index} ({uop.name}) overflows the stack "
                                 f"({depth} > {limit})")
            guards += definition.is_guard
            if (definition.is_branch or definition.is_terminator) and frames:
                raise TraceError(f"uop {index} ({uop.name}) leaves an inlined call unfinished")
            if definition.is_branch:
                if loop_top_depth is None:
                    pending.append((uop.jump, depth, frames))
                elif depth != loop_top_depth:
                    raise TraceError(f"uop {index} ({uop.name}) jumps to the loop top with "
                                     f"stack depth {depth}, not {loop_top_depth}")
            if definition.is_terminator:
                break
            index += 1
    for index, depth in enumerate(depths):
        if depth is None:  # unreachable: still a valid uop, counted like the rest
            problem = _bad_uop(index, uops[index], defs, count)
            if problem:
                raise TraceError(problem)
            guards += defs[uops[index].name].is_guard
    return [-1 if depth is None else depth for depth in depths], guards, frames_at


def _enter_inlined(index: int, uop: UOp, frames: tuple, caller_depth: int) -> tuple[tuple, int]:
    """The frames and depth after INLINE_CALL `uop`, which checks its frame."""
    frame = uop.keep
    if not isinstance(frame, InlineFrame):
        raise TraceError(f"uop {index} (INLINE_CALL) has no InlineFrame")
    end = frame.base + frame.locals + frame.stack_size
    if (len(frames) >= INLINE_DEPTH or end > INLINE_SLOTS
            or frame.base != sum(f.locals + f.stack_size for f, _ in frames)
            or uop.operand != frame.operand(self_from(uop.operand))):
        raise TraceError(f"uop {index} (INLINE_CALL): frame {frame.base}..{end} does not "
                         f"fit the inlined frames")
    return (*frames, (frame, caller_depth)), 0


def plan_trace(uops: Sequence[UOp], *, nlocalsplus: int, stack_size: int,
               entry_depth: int = 0, exit_cell: int = 0, first_exit: int = 0,
               loop_top_depth: int | None = None, entry_frames: tuple = ()) -> TracePlan:
    """Check `uops` and lower them to stencil instances.

    A root trace (`loop_top_depth` None) starts with the entry shim.  A side
    trace has none, numbers its exits from `first_exit` (they extend its
    root's table), and its jumps lead to link `len(instances)`: the root's
    loop top, an external address for `emit` (JUMP_TO_BODY: the next link,
    the root's loop body past its prologue).  A guard branches to an
    _EXIT_STUB of its own, placed after the tails, which records the exit's
    index and jumps through its slot (to the exit tail, or later a side
    trace); an error records its index and goes to the error tail; both
    tails store the index in `exit_cell` (see Executor.failed_exit) --
    except the error of a uop right before a GUARD_RAISED (an exception a
    handler the recording went through catches), which goes to a
    _CATCH_STUB of its own, placed last, and on to the uop after the guard
    (CATCH_EXCEPTION or CATCH_HANDLED); and that of a uop right
    before a CAUGHT_EXIT (_HANDLED), which goes to a _CATCH_EXIT (_HANDLED)
    of its own, placed last, and on to the guard's exit or the uop's own
    error exit."""
    defs = load_uops()
    depths, guards, frames_at = _analyse(uops, defs, entry_depth, stack_size, loop_top_depth,
                                         entry_frames)
    side = loop_top_depth is not None
    first_uop = 0 if side else 1
    slots = ffi.new("uintptr_t[]", max(guards, 1))
    slot_address = int(ffi.cast("uintptr_t", slots))
    slot_size = ffi.sizeof("uintptr_t")
    exit_tail = first_uop + len(uops)
    error_tail = exit_tail + 1
    # (A later pass may have made a uop that can no longer exit, or fail, of
    # one that had a snapshot for it: LOAD_FAST_CHECKED -> LOAD_FAST.)
    exit_stubs = error_stubs = 0
    for uop in uops:
        if uop.snapshots is not None:
            definition = defs[uop.name]
            exit_stubs += uop.snapshots[0] is not None and definition.is_guard
            error_stubs += uop.snapshots[1] is not None and definition.can_error
    catches = _caught(uops, defs, ("GUARD_RAISED",))
    caught_exits = _caught(uops, defs, tuple(CATCH_EXIT_STENCILS))
    stubs = _Stubs(error_tail + 1, first_exit, exit_stubs, error_stubs)
    # Each guard's _EXIT_STUB, after the snapshot stubs, in `patchable` order.
    first_guard_stub = error_tail + 1 + len(stubs.instances)
    guard_stubs: list[Instance] = []
    first_catch_stub = first_guard_stub + guards
    catch_stubs = {index: first_catch_stub + n
                   for n, index in enumerate((*catches, *caught_exits))}
    # (a caught exit's uop's own error link, until its guard's exit link is known)
    error_links: dict[int, int] = {}
    # a side trace's jumps: the link past its instances
    outside = first_catch_stub + len(catch_stubs)
    instances: list[Instance] = [] if side else [
        Instance(ENTRY_STENCIL, nlocalsplus + entry_depth, nlocalsplus + stack_size,
                 nlocalsplus | _DEPTH_OFFSET << 32, 1)]
    exits: list[Exit] = []
    patchable: list[int] = []
    # Built with tuple.__new__: this loop runs once per uop of every trace.
    make = tuple.__new__
    EXIT, ERROR = ExitKind.EXIT, ExitKind.ERROR
    # (a run of uops in one inlined call shares its frames: made absolute once)
    relative_frames = absolute_frames = None
    for index, uop in enumerate(uops):
        name, oparg, operand, target, jump, _, snapshots = uop
        definition = defs[name]
        error_index = -1
        exit_link = error_link = None
        exit_snapshot, error_snapshot = snapshots or (None, None)
        if definition.is_guard or definition.can_error:
            frames = frames_at[index]
            base = frames[-1][0].locals if frames else nlocalsplus
            if frames:
                snapshot = exit_snapshot or error_snapshot
                if snapshot is not None and snapshot.callers:
                    # The callers' stacks as Tier 1 sees them, rebuilt.
                    frames = _absolute(tuple(
                        (frame, len(stack))
                        for (frame, _), (stack, _) in zip(frames, snapshot.callers)), nlocalsplus)
                elif frames is relative_frames:
                    frames = absolute_frames
                else:
                    relative_frames, frames = frames, _absolute(frames, nlocalsplus)
                    absolute_frames = frames
        if definition.is_guard:
            depth = depths[index]
            if definition.exit_pops:
                depth -= definition.input_count(oparg)
            if exit_snapshot is not None:
                depth = len(exit_snapshot.stack)
            # (taken only by its _CATCH_EXIT_HANDLED, which pushes the
            # exception caught above the one handled before)
            depth += name == "CAUGHT_EXIT_HANDLED"
            exit_index = first_exit + len(exits)
            exit_slot = slot_address + len(patchable) * slot_size
            patchable.append(exit_index)
            exits.append(make(Exit, (exit_index, EXIT, index, target, base + depth,
                                     definition.assumes, frames,
                                     # (a side trace inside inlined calls
                                     # starts with every value boxed)
                                     exit_snapshot.live if exit_snapshot and not frames
                                     else (), name in _TERMINAL)))
            if exit_snapshot is not None:
                # Boxing can fail (no memory): that is an error at the target.
                exits.append(make(Exit, (exit_index + 1, ERROR, index, target,
                                         base + depth, False, frames, (), False)))
                exit_slot = stubs.exit_stub(exit_snapshot, exit_index, exit_slot)
            exit_link = first_guard_stub + len(guard_stubs)
            guard_stubs.append(make(Instance, (EXIT_STUB_STENCIL, 0, 0, target, None, None, None,
                                               exit_index, -1, exit_slot, None)))
        if definition.can_error:
            error_index = first_exit + len(exits)
            error_link = error_tail
            depth = depths[index] - definition.input_count(oparg)
            if error_snapshot is not None:
                depth = len(error_snapshot.stack)
                error_link = stubs.error_stub(error_snapshot, error_index)
            exits.append(make(Exit, (error_index, ERROR, index, target,
                                     base + depth, False, frames, (), False)))
            if index in catch_stubs:
                error_links[index] = error_link
                error_link = catch_stubs[index]
        if definition.is_branch:
            # A side trace's JUMP_TO_BODY goes past its root's prologue.
            jump = outside + (name == "JUMP_TO_BODY") if side else first_uop + jump
        if name == "INLINE_CALL" or name == "INLINE_RETURN":
            oparg, operand = _inlined_frames(uop, frames_at[index], nlocalsplus)
        instances.append(make(Instance, (
            name, oparg, operand, target,
            None if definition.is_terminator else first_uop + index + 1,
            jump, error_link, -1, error_index, 0, exit_link,
        )))
    instances.append(Instance("_EXIT_TAIL", operand=exit_cell))
    instances.append(Instance("_ERROR_TAIL", operand=exit_cell))
    instances += stubs.placed(len(exits), error_tail)
    instances += guard_stubs
    # (each goes on after its uop's GUARD_RAISED)
    instances += [Instance(CATCH_STUB_STENCIL, next=first_uop + index + 2) for index in catches]
    # (each leaves by its uop's CAUGHT_EXIT's exit, or goes on to its uop's error)
    instances += [Instance(CATCH_EXIT_STENCILS[uops[index + 1].name],
                           operand=uops[index + 1].operand, error=error_links[index],
                           exit=instances[first_uop + index + 1].exit)
                  for index in caught_exits]
    assert len(instances) == outside
    return TracePlan(instances, exits, patchable, slots, exit_tail, stubs.cells,
                     stubs.cell_stubs, stubs.cell_exits, stubs.data)


CATCH_STUB_STENCIL = "_CATCH_STUB"
# the stub that takes the error of a uop right before each caught-exit guard
CATCH_EXIT_STENCILS = {"CAUGHT_EXIT": "_CATCH_EXIT", "CAUGHT_EXIT_HANDLED": "_CATCH_EXIT_HANDLED"}


def _caught(uops: Sequence[UOp], defs: Mapping[str, UopDef],
            guards: tuple[str, ...]) -> list[int]:
    """The indexes of the uops whose errors a handler of the trace catches:
    each right before one of `guards` (GUARD_RAISED; CAUGHT_EXIT and its
    HANDLED form), raising, with one result (whose place on the stack the
    exception takes, or which the guard's exit drops).  (A pass that put
    anything between them leaves the error to the error tail: Tier 1 then
    unwinds it, as before.)"""
    return [index for index, uop in enumerate(uops[:-1])
            if uops[index + 1].name in guards and defs[uop.name].can_error
            and defs[uop.name].output_count(uop.oparg) == 1]


class _Stubs:
    """The snapshot stubs of a trace, placed after its tails: at most two,
    shared by all its exits and errors that have a snapshot.  A guard whose
    exit has one jumps (through a fixed cell, filled once the code is
    placed) to the exit stub, which finds the exit's snapshot and patchable
    slot in the trace's table by the exit index the guard recorded, boxes
    the frame and leaves through the slot: the exit tail, or a side trace,
    always start from Tier 1's boxed frame.  An error with a snapshot goes
    to the error stub, which boxes the frame, then on to the error tail.
    (A stub per exit made ~2,000 copies of the stencil for fannkuch, ~50 ms
    of its warm-up.)"""

    def __init__(self, first: int, first_exit: int, exit_stubs: int, error_stubs: int) -> None:
        self.first_exit = first_exit
        self.exit_stub_instance = first if exit_stubs else None
        self.error_stub_instance = first + bool(exit_stubs) if error_stubs else None
        self.instances: list[Instance] = [None] * (bool(exit_stubs) + bool(error_stubs))
        self.cells = ffi.new("uintptr_t[]", max(exit_stubs, 1))
        self.cell_stubs: list[int] = []
        self.cell_exits: list[tuple[int, bool]] = []
        self.data: list[Any] = []
        # exit index -> (where its snapshot's words start in `words`, slot)
        self.entries: dict[int, tuple[int, int]] = {}
        # Every snapshot's words, each distinct one once (a trace's guards
        # often share their Tier 1 view), in one array once placed.
        self.words: list[int] = []
        self.starts: dict[tuple, int] = {}

    def _words(self, snapshot: Snapshot) -> int:
        # (what the words encode: not `keep`, which may hold unhashable objects)
        encoded = snapshot.stack, snapshot.real, snapshot.locals, snapshot.callers
        start = self.starts.get(encoded)
        if start is None:
            start = self.starts[encoded] = len(self.words)
            self.words += snapshot.encode()
            # (the objects whose ids the words hold: a snapshot encoded alike has the same)
            self.data.append(snapshot.keep)
        return start

    def exit_stub(self, snapshot: Snapshot, exit_index: int, slot: int) -> int:
        """Guard exit `exit_index` has `snapshot` (its box-failure error is
        the next index) and leaves through `slot`; the address of the cell
        the guard jumps through."""
        self.entries[exit_index] = (self._words(snapshot), slot)
        cell = len(self.cell_stubs)
        self.cell_stubs.append(self.exit_stub_instance)
        self.cell_exits.append((exit_index, snapshot.boxed))
        return int(ffi.cast("uintptr_t", self.cells)) + cell * ffi.sizeof("uintptr_t")

    def error_stub(self, snapshot: Snapshot, error_index: int) -> int:
        """Error `error_index` has `snapshot`; its link: the error stub."""
        self.entries[error_index] = (self._words(snapshot), 0)
        return self.error_stub_instance

    def placed(self, exit_count: int, error_tail: int) -> list[Instance]:
        """The stubs' instances, once the trace's `exit_count` exits are
        known: their operand is the table (two words per exit, from the
        trace's first exit), their oparg that first exit's index."""
        snapshots = ffi.new("int64_t[]", self.words or [0])
        at = int(ffi.cast("uintptr_t", snapshots))
        words = [0] * (2 * exit_count)
        for index, (start, slot) in self.entries.items():
            words[2 * (index - self.first_exit):2 * (index - self.first_exit) + 2] = [
                at + 8 * start, slot]
        table = ffi.new("int64_t[]", words or [0])
        self.data += [snapshots, table]
        address = int(ffi.cast("uintptr_t", table))
        stubs = []
        if self.exit_stub_instance is not None:
            stubs.append(Instance("_SNAPSHOT_EXIT", self.first_exit, address, error=error_tail))
        if self.error_stub_instance is not None:
            stubs.append(Instance("_SNAPSHOT_ERROR", self.first_exit, address, error=error_tail))
        return stubs


def _inlined_frames(uop: UOp, frames: tuple, nlocalsplus: int) -> tuple[int, int]:
    """INLINE_CALL's or INLINE_RETURN's oparg and operand with where the
    caller is (stencils/uops.c), from the inlined `frames` the uop runs in
    with their callers' stack depths: the caller's level, and for a return
    its stack top and first inline slot, so that neither reads them back."""
    if uop.name == "INLINE_CALL":
        return uop.oparg, uop.operand | len(frames) << 35
    _, depth = frames[-1]
    if len(frames) == 1:
        return 0, nlocalsplus + depth
    caller = frames[-2][0]
    return len(frames) - 1, (caller.locals + depth) | caller.base << 16


def _absolute(frames: tuple, nlocalsplus: int) -> tuple[tuple[InlineFrame, int], ...]:
    """Inlined frames with their callers' stack tops as localsplus indices."""
    callers = [nlocalsplus, *(frame.locals for frame, _ in frames)]
    return tuple((frame, caller + depth) for (frame, depth), caller in zip(frames, callers))


def _relative(frames: tuple, nlocalsplus: int) -> tuple[tuple[InlineFrame, int], ...]:
    """`_absolute` undone: the callers' stack tops as stack depths."""
    callers = [nlocalsplus, *(frame.locals for frame, _ in frames)]
    return tuple((frame, top - caller) for (frame, top), caller in zip(frames, callers))


def side_entry(exit_: Exit, nlocalsplus: int) -> tuple[int, tuple[tuple[InlineFrame, int], ...]]:
    """Where a side trace of `exit_` starts: the stack depth of the frame it
    runs in (the innermost inlined call's, when the exit is inside some), and
    those inlined frames with their callers' stack depths."""
    base = exit_.frames[-1][0].locals if exit_.frames else nlocalsplus
    return exit_.stacktop - base, _relative(exit_.frames, nlocalsplus)


class Executor:
    """A compiled trace.  `function(frame, localsplus, globals, builtins, locals)`
    runs it and returns an exit index (into `exits`, which grows as side
    traces are attached)."""

    __slots__ = ("function", "exits", "uops", "native", "nlocalsplus", "stack_size", "cells",
                 "entry_depth", "slots", "patched", "code_size",
                 "emit_code", "owner", "links", "side_entries", "side_starts", "__weakref__")

    def __init__(self, function: Any, exits: list[Exit], uops: tuple[UOp, ...],
                 native: NativeCode, nlocalsplus: int, stack_size: int, entry_depth: int,
                 emit_code: EmitCode = emit) -> None:
        self.function, self.exits, self.uops, self.native = function, exits, uops, native
        self.emit_code = emit_code  # side traces are compiled by the trace's own backend
        self.nlocalsplus, self.stack_size, self.entry_depth = nlocalsplus, stack_size, entry_depth
        # guard exit index -> (the NativeCode holding its slot, slot number)
        self.slots: dict[int, tuple[NativeCode, int]] = {}
        # guard exit index -> (its snapshot stub's cell array, cell number),
        # for exits whose native stack is Tier 1's
        self.cells: dict[int, tuple[Any, int]] = {}
        self.patched: set[int] = set()  # exits with a side trace
        # The side traces by the state they start from (see `share`).
        # (the side trace, whether it ends in JUMP_TO_BODY)
        self.side_entries: dict[tuple, tuple[NativeCode, bool]] = {}
        # Each side trace's first exit index, its `_entry` and the index of
        # its first uop past the instruction it starts at, in order.
        self.side_starts: list[tuple[int, tuple | None, int]] = []
        self.code_size = native.code.code_size
        # The runtime's: the loop (or function) it serves, and the exit links
        # native callers follow (jit/trace/calls.py), with what keeps them alive.
        self.owner: Any = None
        self.links: Any = None

    def run(self, localsplus: list, frame: Any = None, globals: Any = None,
            builtins: Any = None, locals: Any = None) -> Exit:
        """Run the trace; on an exception, `failed_exit()` says where it came from."""
        ts = get_thread_state()
        return self.exits[self.function(frame, localsplus, globals, builtins, locals, ts,
                                        stack.thread_limit(ts))]

    def memory_bytes(self) -> int:
        """Executable and data pages held by the trace and its side traces."""
        codes = [self.native.code, *(side.code for side in self.native.side_traces)]
        return sum(code.bytes_held() for code in codes)

    def failed_exit(self) -> Exit:
        """Where the exception just propagated from the trace came from: the
        exit of the uop that raised it -- or, for one a program's signal
        handler raised as the trace returned, the exit it returned by."""
        return self.exits[self.native.exit_cell[0]]

    def can_attach(self, exit_index: int) -> bool:
        """Whether `exit_index` is a guard's exit with no side trace yet."""
        return (exit_index in self.slots and exit_index not in self.patched
                and not self.exits[exit_index].terminal)

    def attach(self, exit_index: int, uops: Sequence[UOp], *,
               check: Callable[[list[Exit]], None] | None = None,
               library: StencilLibrary | None = None,
               memory: ExecutableMemory = default_memory) -> None:
        """Compile `uops` as the side trace of exit `exit_index` (recorded from
        that exit's target) and patch the exit to jump to it.  `check` sees the
        side trace's exits first and may refuse them by raising.  An exit
        inside inlined calls starts its side trace there: the callees' frames
        are still in the JITState, and the side trace returns from them."""
        exit_ = self.exits[exit_index]
        uops = tuple(uops)
        side = NativeCode(tuple([uop.keep for uop in uops]), self.native.exit_cell, None)
        entry_depth, entry_frames = side_entry(exit_, self.nlocalsplus)
        plan = plan_trace(uops, nlocalsplus=self.nlocalsplus, stack_size=self.stack_size,
                          entry_depth=entry_depth,
                          exit_cell=int(ffi.cast("uintptr_t", self.native.exit_cell)),
                          first_exit=len(self.exits), loop_top_depth=self.entry_depth,
                          entry_frames=entry_frames)
        if check is not None:
            check(plan.exits)
        side.slots = plan.slots
        side.instances = plan.instances
        # Where side traces come back into the root: its first uop, or its
        # re-entry block (jit/optimizer/reentry.py).
        end = loop_end(self.uops)
        loop_top = self.native.code.addresses[1 + end if end < len(self.uops) else 1]
        last = self.uops[end - 1]
        body = self.native.code.addresses[1 + last.jump] if last.name == "JUMP_TO_TOP" \
            else loop_top
        side.code = self.emit_code(plan.instances, library or load_library(), memory,
                                   (loop_top, body))
        self._track(side, plan)
        self.native.side_traces.append(side)
        self.exits += plan.exits
        into_body = uops[-1].name == "JUMP_TO_BODY"
        self._lead(exit_index, side, into_body)
        entry = self._entry(exit_index)
        # (its first uop of another instruction that changes anything: see
        # `share`; --stats' counting changes nothing of the program's)
        defs = load_uops()
        started = next((index for index, uop in enumerate(uops)
                        if uop.target != exit_.target and not defs[uop.name].pure
                        and uop.name != "COUNT_UOPS"), len(uops))
        self.side_starts.append((len(self.exits) - len(plan.exits), entry, started))
        if entry is not None:
            self.side_entries.setdefault(entry, (side, into_body))
        self.code_size += side.code.code_size

    def _entry(self, exit_index: int) -> tuple | None:
        """What a side trace from guard exit `exit_index` starts from: its
        target, stack top and the locals it has unboxed (None for an exit
        inside inlined calls, whose side trace starts in their frames)."""
        exit_ = self.exits[exit_index]
        return None if exit_.frames else (exit_.target, exit_.stacktop, exit_.unboxed)

    def share(self, exit_index: int) -> bool:
        """Lead guard exit `exit_index` into a side trace the tree already
        has from another exit with the same start (`_entry`): it is valid
        for any exit that leaves Tier 1's frame in the same state.  Whether
        there was one.  (fannkuch's inner loop exits to the same instruction
        from a dozen places: a dozen identical side traces before.)  Not
        from a trace that starts there itself before it has run its first
        instruction: leading back to where it started, it would go round
        for ever (two traces starting with the same failing guard, each
        leading into the other)."""
        entry = self._entry(exit_index)
        shared = self.side_entries.get(entry) if entry is not None else None
        if shared is None or self._at_start(exit_index, entry):
            return False
        self._lead(exit_index, *shared)
        return True

    def _at_start(self, exit_index: int, entry: tuple) -> bool:
        """Whether exit `exit_index` is in a side trace that starts in state
        `entry` and comes before that trace has changed anything in another
        instruction than the one it starts at (its prologue's pure uops --
        constants, unboxing -- do not count)."""
        found = None
        for start in self.side_starts:  # (in exit order)
            if start[0] > exit_index:
                break
            found = start
        return (found is not None and found[1] == entry
                and self.exits[exit_index].uop_index < found[2])

    def _lead(self, exit_index: int, side: NativeCode, into_body: bool) -> None:
        """Patch guard exit `exit_index` to jump to side trace `side`."""
        owner, number = self.slots[exit_index]
        # An aligned 8-byte store: threads running the trace see old or new.
        owner.slots[number] = side.code.addresses[0]
        if into_body and exit_index in self.cells:
            # The side trace keeps the root's locals in their scratch slots
            # (jit.optimizer.unbox) and boxes them at its own exits: the exit
            # need not box them first.  Its stack is Tier 1's already.
            cells, cell = self.cells[exit_index]
            cells[cell] = side.code.addresses[0]
        self.patched.add(exit_index)

    def _track(self, native: NativeCode, plan: TracePlan) -> None:
        """Point each new guard exit's slot at its trace's exit tail, and
        each snapshot cell at its stub."""
        count = len(plan.patchable)
        native.slots[0:count] = [native.code.addresses[plan.exit_tail]] * count
        addresses = native.code.addresses
        for cell, stub in enumerate(plan.cell_stubs):
            plan.cells[cell] = addresses[stub]
        self.cells.update((exit_index, (plan.cells, cell))
                          for cell, (exit_index, stack_boxed) in enumerate(plan.cell_exits)
                          if stack_boxed)
        native.keep_alive = (*native.keep_alive, plan.cells, *plan.data)
        self.slots.update((exit_index, (native, number))
                          for number, exit_index in enumerate(plan.patchable))


def compile_trace(uops: Sequence[UOp], *, nlocalsplus: int, stack_size: int,
                  entry_depth: int = 0, keep_alive: Sequence[Any] = (),
                  library: StencilLibrary | None = None,
                  memory: ExecutableMemory = default_memory,
                  emit_code: EmitCode = emit) -> Executor:
    """Compile `uops` for frames with `nlocalsplus` locals and `stack_size` stack
    slots, entered with `entry_depth` items on the stack, with `emit_code`
    (copy-and-patch unless told otherwise).  Objects whose addresses appear
    as operands are kept alive through the uops' `keep` fields and
    `keep_alive`."""
    uops = tuple(uops)
    exit_cell = ffi.new("int64_t[1]", [-1])
    native = NativeCode((*keep_alive, *[uop.keep for uop in uops]), exit_cell, None)
    plan = plan_trace(uops, nlocalsplus=nlocalsplus, stack_size=stack_size,
                      entry_depth=entry_depth,
                      exit_cell=int(ffi.cast("uintptr_t", exit_cell)))
    native.slots = plan.slots
    native.instances = plan.instances
    native.code = emit_code(plan.instances, library or load_library(), memory, ())
    native.method.ml_name = native.name
    native.method.ml_meth = ffi.cast("void *", native.code.addresses[0])
    native.method.ml_flags = METH_FASTCALL
    function = _new_builtin(int(ffi.cast("uintptr_t", native.method)), native, None)
    executor = Executor(function, plan.exits, uops, native, nlocalsplus, stack_size,
                        entry_depth, emit_code)
    executor._track(native, plan)
    return executor
