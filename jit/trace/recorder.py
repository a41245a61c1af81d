"""Recording one iteration of a hot loop out of Tier 1.

The loop's back edge calls `record` with control at the loop header.  It runs
the iteration itself, one Tier 1 handler at a time, translating every
instruction (with the stack values it is about to consume) into uops first.
The recording closes when control comes back to the header (the translator
stops before the loop's own back edge), and gives up on anything it cannot
translate.
Whatever happens, the instructions it ran have run exactly once, and Tier 1
continues at the offset the Recording names.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from collections.abc import Callable

from interpreter.decode import Decoded, Instr
from interpreter.frame import NULL, Frame
from interpreter.program_signals import pending, run_pending
from interpreter.records import NamedTuple
from interpreter.signals import SWITCH, RaiseAt
from jit.trace.builtin_calls import polymorphic
from jit.trace.handlers import catch, caught_exit
from jit.trace.inline import (closure_cells, constructed, enter, finish_into, inline_call,
                              inline_call_ex, inline_operator, leave, not_inlinable)
from jit.trace.translate import Abort, translate
from jit.uops import InlineFrame, UOp

MAX_UOPS = 600
# An inlined callee's loop is unrolled into the trace for this many
# iterations at most (all its loops together); a longer one makes the callee
# a CALL_VM, whose loop is a trace of its own.  (LuaJIT unrolls up to 15.)
MAX_UNROLLED = 8
INTERNAL_ERROR = "internal error"
POLYMORPHIC = "polymorphic call"  # (see ABORT_REASONS)


class Recording(NamedTuple):
    uops: list[UOp] | None  # None when the recording was aborted
    resume: int             # the offset Tier 1 continues at
    abort: str | None = None
    offsets: tuple[int, ...] = ()  # the instructions recorded, in order
    # Where the recording met ints past int64, which the trace keeps boxed
    # (jit.optimizer.unbox): the offsets of the arithmetic and comparisons
    # that took them (a callee's alike), and the trace frame's locals that
    # held them.  (Unboxed, each would leave at every run, and each side
    # trace from there again: _sum of the statistics module made ~130.)
    wide_offsets: frozenset[int] = frozenset()
    wide_locals: frozenset[int] = frozenset()
    # The code of the callee an aborted recording marked not inlinable: the
    # next recording calls it instead, a different one worth making soon.
    marked: object = None


INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
# Instructions whose int operands the unbox pass would take as int64s, and
# how many operands they take.
_UNBOXED_OPERANDS = {"BINARY_OP": 2, "COMPARE_OP": 2, "UNARY_NEGATIVE": 1}
# The instructions whose calls may be inlined: their inputs, by oparg (the
# callee's frame replaces them).
_INLINED_CALLS: dict[str, Callable[[int], int]] = {
    "CALL": lambda oparg: oparg + 2,
    "BINARY_OP": lambda oparg: 2,                   # (an operator method)
    "CALL_FUNCTION_EX": lambda oparg: 3 + oparg,    # (a NULL, the callable, the tuple[, the dict])
}


def _wide(value: object) -> bool:
    """Whether `value` is an int past int64."""
    return type(value) is int and not INT64_MIN <= value <= INT64_MAX


def record(f: Frame, lp: list, header: int, start: int | None = None,
           inside: list[tuple[Frame, InlineFrame]] = (), function: bool = False,
           may_leave: bool = False) -> Recording:
    """Record (and run) one iteration of the loop at `header` in frame `f`,
    from the header or, for a side trace, from `start` (an exit's target,
    in the innermost of the inlined calls `inside` when the exit was in
    one: their Tier 1 frames, pushed, outermost first).  Calls that can be
    inlined are recorded through (jit.trace.inline).

    A *function* trace (`function`; `header` is the code's first
    instruction) and a side trace that leaves its loop in a function frame
    record the code outside loops: they end at a return (an exit at the
    RETURN_VALUE, which native callers take as the call's return) or at a
    loop's header (an exit there, where the loop's executor takes over).
    So does a root trace that `may_leave` its loop (a function's outermost
    loop whose recordings left it before: one that usually runs an iteration
    or two per call, whose recordings would all end in "loop exit"): its
    iteration leaves by the loop's bottom test, a break or a return.

    An exception raised by an instruction propagates as RaiseAt, so Tier 1
    unwinds it from that instruction."""
    root = f
    uops: list[UOp] = []
    offsets: list[int] = []
    inlined = list(inside)  # calls recorded through, outermost first
    if inlined:
        f = inlined[-1][0]
        lp = f.localsplus
    pc = header if start is None else start
    side = start is not None
    loop_end, enclosing = _extent(root.decoded, header)
    headers = loop_headers(root.decoded)
    in_function = root.locals is None  # (not module or class-body code)
    outside = function  # recording code outside the loop
    may_leave = may_leave and not side and not function and in_function and not enclosing
    unrolled = 0  # iterations of inlined callees' loops recorded through
    circled: set[int] = set()  # enclosing loops a side trace went around from past this one
    again = False  # ... and one of them again
    wide_offsets: set[int] = set()
    wide_locals = {local for local, value in enumerate(root.localsplus[:root.decoded.nlocalsplus])
                   if _wide(value)}

    def closed() -> Recording:
        """The recording ends with a trace, before `pc`."""
        return Recording(uops, pc, None, tuple(offsets), frozenset(wide_offsets),
                         frozenset(wide_locals))

    def stopped(reason: str, exc: BaseException | None = None) -> Recording:
        """The recording ends without a trace before `pc` runs (or after it
        raised `exc`), in whichever frame control is."""
        if not inlined:
            if exc is not None:
                raise RaiseAt(exc, pc) from None
            return Recording(None, pc, reason)
        marked = None
        if reason in ("inlined call needs Tier 1", "too long"):
            # (too long: a callee whose loop runs long, say) the caller's
            # next recording calls it through Tier 1 instead.
            marked = inlined[-1][1].code
            not_inlinable.add(marked)
        return Recording(None, _finish_inlined(root, inlined, pc, exc), reason, marked=marked)

    while True:
        dec = f.decoded
        ins = dec.by_offset[pc]
        if not inlined:
            if side and pc == header and offsets and not function:
                # Back at the header another way than the loop's back edge
                # (around an enclosing loop): on into the root trace's top.
                uops.append(UOp("JUMP_TO_TOP", 0, 0, header, jump=0))
                return closed()
            if ((side or may_leave) and not outside and not enclosing
                    and not header <= pc <= loop_end):
                if not in_function:
                    return stopped("loop exit")  # (module code: the rest of the program)
                outside = True  # it can never come back: on to a return or a loop
            if ((outside and pc in headers and (offsets or function))
                    or ((side or function or may_leave) and in_function
                        and ins.opname == "RETURN_VALUE")
                    or again):
                uops.append(UOp("EXIT_TRACE", 0, 0, pc))
                return closed()
            offsets.append(pc)
        elif ins.opname == "RETURN_VALUE":
            frame, callee = inlined[-1]
            if callee.constructs:
                if lp[ins.sp - 1] is not None:
                    return stopped("unsupported")  # Tier 1 raises CPython's TypeError
                uops.append(UOp("INIT_RETURN", callee.locals - 1, 0, pc))
            elif callee.operator is not None:
                if lp[ins.sp - 1] is NotImplemented:
                    return stopped("unsupported")  # likewise
                uops.append(UOp("GUARD_IMPLEMENTED", 0, 0, pc))
            uops.append(UOp("INLINE_RETURN", 0, 0, pc))
            inlined.pop()
            leave(frame)
            value = constructed(frame, lp[ins.sp - 1])
            # The returned frame lets go of its locals (and the instance it
            # made) now, as CPython's would: the recording may go on a while.
            lp[:] = (NULL,) * len(lp)
            frame.constructing = None
            f, lp = frame.previous, frame.previous.localsplus
            lp[f.stacktop] = value
            pc = callee.resume_offset
            continue
        stack = lp[dec.nlocalsplus:ins.sp]
        operands = _UNBOXED_OPERANDS.get(ins.opname)
        if operands and any(_wide(value) for value in stack[-operands:]):
            wide_offsets.add(pc)
        elif ins.opname == "STORE_FAST" and not inlined and _wide(stack[-1]):
            wide_locals.add(ins.arg)
        if inlined and ins.opname == "FOR_ITER" and _long_range(stack[-1], MAX_UNROLLED - unrolled):
            # (known now, rather than after unrolling what fits: a callee
            # looping over a long range is called, its loop a trace of its own)
            return stopped("too long")
        if ins.opname in _INLINED_CALLS:
            active = [callee for _, callee in inlined]
            reason = None
            try:
                if ins.opname == "CALL_FUNCTION_EX":
                    room = (inlined[-1][1].stack_size if inlined else dec.code.co_stacksize) \
                        - len(stack)
                    call = inline_call_ex(ins, stack, f.globals, active, room,
                                          root.decoded.code, loop=not function)
                else:
                    call = (inline_operator if ins.opname == "BINARY_OP" else inline_call)(
                        ins, stack, f.globals, active, root.decoded.code, loop=not function)
            except Exception as error:  # an inliner bug must not reach the program
                call, reason = None, _internal_error(ins, error)
            if reason is not None:
                return stopped(reason)
            if call is not None:
                call_uops, callee = call
                uops += call_uops
                frame = enter(f, callee, ins, ins.sp - _INLINED_CALLS[ins.opname](ins.arg))
                inlined.append((frame, callee))
                f, lp, pc = frame, frame.localsplus, frame.instr_ptr
                continue
        # (stopped() runs program code -- inlined frames, to their returns --
        # so never inside an except clause, where the program's exceptions
        # would chain to the recorder's own as their __context__)
        reason = failure = None
        try:
            # (a loop's bottom test, translated as a side trace's, may leave it)
            step = translate(ins, dec, stack, -1 if inlined else header,
                             side or (may_leave and not inlined and ins.target == header))
        except Abort as abort:
            reason = abort.reason
        except Exception as error:  # a translator bug must not reach the program
            reason = _internal_error(ins, error)
        if reason is not None:
            return stopped(reason)
        if side and not uops and polymorphic(step.uops, dec):
            return stopped(POLYMORPHIC)
        if inlined and ins.opname == "COPY_FREE_VARS":
            step = step._replace(uops=closure_cells(inlined[-1][1]))
        if inlined and any(uop.name == "TIER1_OP" for uop in step.uops):
            # Tier 1's handlers work on a frame object, and inlined calls
            # have none while the trace runs.
            return stopped("inlined call needs Tier 1")
        uops += step.uops
        if step.stop:
            return closed()
        if len(uops) > MAX_UOPS:
            return stopped("too long")
        if pending and ins.target is not None and ins.target < ins.offset:
            # A back edge the recording runs through (its handler, which
            # would, is not called): an eval-breaker point for the signals
            # that arrived while the recorder's own code ran.
            try:
                run_pending(f, pc)
            except BaseException as error:
                failure = error
            if failure is not None:
                return stopped("exception", failure)
        try:
            if step.run is None:
                handler = dec.ops[pc](f, lp)
            else:
                handler = dec.ops[step.run(f, lp)]
        except Abort as abort:
            reason = abort.reason
        except BaseException as error:
            reason, failure = "exception", error
        if failure is not None:
            caught = catch(f, ins, step.uops, len(stack), failure, inlined)
            if caught is not None:
                failure = reason = None  # (the program's exception: dropped, as its handler does)
                uops += caught.uops
                pc = caught.resume
                if caught.frames_left:
                    del inlined[-caught.frames_left:]
                    f, lp = caught.frame, caught.frame.localsplus
                continue
        if reason is not None:
            return stopped(reason, failure)
        guard = caught_exit(f, ins, step.uops, len(stack))
        if guard is not None:
            uops.append(guard)
        if operands and ins.opname != "COMPARE_OP" and _wide(lp[ins.sp - operands]):
            wide_offsets.add(pc)  # (its result: its int64 form overflows)
        if handler is SWITCH:
            raise SystemError(f"cpjit: recorded {ins.opname} at offset {pc} switched frames")
        to = dec.pc_of[handler]
        went_back = to <= pc
        if went_back and side and not inlined and to in enclosing and pc > loop_end:
            # Around an enclosing loop from past this loop: a side trace goes
            # so once, on its way back to the header; doing it again, one
            # iteration of that loop went past this loop without entering it
            # (the inner loop of a sieve, past the square root), and the
            # next ones may too: it ends at that loop's header with an exit
            # (the enclosing loop's own trace takes it up) rather than go
            # around on to "too long".
            again = to in circled
            circled.add(to)
        pc = to
        if went_back and inlined:
            unrolled += 1
            if unrolled > MAX_UNROLLED:
                return stopped("too long")
        if step.branch is not None:
            try:
                uops += step.branch(pc)
            except Abort as abort:
                reason = abort.reason
            if reason is not None:
                return stopped(reason)
            if uops[-1].name == "JUMP_TO_TOP":
                return closed()


def _internal_error(ins: Instr, error: Exception) -> str:
    """The abort reason of a bug of the recorder's own met at `ins`."""
    return f"{INTERNAL_ERROR}: {ins.opname}: {type(error).__name__}: {error}"


_RANGE_ITERATOR = type(iter(range(0)))


def _long_range(iterator: object, iterations: int) -> bool:
    """Whether `iterator` is a range iterator with more than `iterations` to go."""
    return type(iterator) is _RANGE_ITERATOR and iterator.__length_hint__() > iterations


_headers: dict[Decoded, frozenset[int]] = {}


def loop_headers(dec: Decoded) -> frozenset[int]:
    """The offsets of the code's loop headers: its back edges' targets."""
    headers = _headers.get(dec)
    if headers is None:
        headers = _headers[dec] = frozenset(
            ins.target for ins in dec.instrs if ins.target is not None and ins.target < ins.offset)
    return headers


def _extent(dec: Decoded, header: int) -> tuple[int, frozenset[int]]:
    """The offset of the loop's last back edge to `header`, and the headers
    of the loops enclosing it, whose back edges span the header (so that a
    side trace that leaves the loop may come back to it)."""
    end, enclosing = header, set()
    for ins in dec.instrs:
        if ins.target is not None and ins.target < ins.offset:  # a back edge
            if ins.target == header:
                end = max(end, ins.offset)
            elif ins.target < header < ins.offset:
                enclosing.add(ins.target)
    return end, frozenset(enclosing)


def _finish_inlined(root: Frame, inlined: list[tuple[Frame, InlineFrame]], pc: int,
                    exc: BaseException | None) -> int:
    """The recording stopped at `pc` inside inlined calls: run them to their
    returns in Tier 1; the offset the trace's own frame continues at."""
    frames = [frame for frame, _ in inlined]
    for frame in reversed(frames):
        leave(frame)
    return finish_into(root.localsplus, root.stacktop, frames, inlined[0][1], pc, exc)
