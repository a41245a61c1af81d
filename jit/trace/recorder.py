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

from typing import NamedTuple

from interpreter.frame import NULL, Frame
from interpreter.signals import SWITCH, RaiseAt
from jit.trace.inline import enter, finish_into, inline_call, leave, not_inlinable
from jit.trace.translate import Abort, translate
from jit.uops import InlineFrame, UOp

MAX_UOPS = 600
INTERNAL_ERROR = "internal error"


class Recording(NamedTuple):
    uops: list[UOp] | None  # None when the recording was aborted
    resume: int             # the offset Tier 1 continues at
    abort: str | None = None
    offsets: tuple[int, ...] = ()  # the instructions recorded, in order


def record(f: Frame, lp: list, header: int, start: int | None = None,
           inside: list[tuple[Frame, InlineFrame]] = ()) -> Recording:
    """Record (and run) one iteration of the loop at `header` in frame `f`,
    from the header or, for a side trace, from `start` (an exit's target,
    in the innermost of the inlined calls `inside` when the exit was in
    one: their Tier 1 frames, pushed, outermost first).  Calls that can be
    inlined are recorded through (jit.trace.inline).

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

    def stopped(reason: str, exc: BaseException | None = None) -> Recording:
        """The recording ends without a trace before `pc` runs (or after it
        raised `exc`), in whichever frame control is."""
        if not inlined:
            if exc is not None:
                raise RaiseAt(exc, pc) from None
            return Recording(None, pc, reason)
        if reason in ("inlined call needs Tier 1", "inner loop", "loop exit"):
            not_inlinable.add(inlined[-1][1].code)
        return Recording(None, _finish_inlined(root, inlined, pc, exc), reason)

    while True:
        dec = f.decoded
        ins = dec.by_offset[pc]
        if not inlined:
            offsets.append(pc)
        elif ins.opname == "RETURN_VALUE":
            uops.append(UOp("INLINE_RETURN", 0, 0, pc))
            frame, callee = inlined.pop()
            leave(frame)
            value = lp[ins.sp - 1]
            lp[ins.sp - 1] = NULL
            f, lp = frame.previous, frame.previous.localsplus
            lp[f.stacktop] = value
            pc = callee.resume_offset
            continue
        stack = lp[dec.nlocalsplus:ins.sp]
        if ins.opname == "CALL":
            call = inline_call(ins, stack, f.globals, [callee for _, callee in inlined])
            if call is not None:
                call_uops, callee = call
                uops += call_uops
                frame = enter(f, callee, ins, ins.sp - ins.arg - 2)
                inlined.append((frame, callee))
                f, lp, pc = frame, frame.localsplus, frame.instr_ptr
                continue
        try:
            step = translate(ins, dec, stack, -1 if inlined else header, side)
        except Abort as abort:
            return stopped(abort.reason)
        except Exception as error:  # a translator bug must not reach the program
            return stopped(f"{INTERNAL_ERROR}: {ins.opname}: {type(error).__name__}: {error}")
        if inlined and any(uop.name == "TIER1_OP" for uop in step.uops):
            # Tier 1's handlers work on a frame object, and inlined calls
            # have none while the trace runs.
            return stopped("inlined call needs Tier 1")
        uops += step.uops
        if step.stop:
            return Recording(uops, pc, None, tuple(offsets))
        if len(uops) > MAX_UOPS:
            return stopped("too long")
        try:
            if step.run is None:
                handler = dec.ops[pc](f, lp)
            else:
                handler = dec.ops[step.run(f, lp)]
        except Abort as abort:
            return stopped(abort.reason)
        except BaseException as exc:
            return stopped("exception", exc)
        if handler is SWITCH:
            raise SystemError(f"cpjit: recorded {ins.opname} at offset {pc} switched frames")
        pc = dec.pc_of[handler]
        if step.branch is not None:
            try:
                uops += step.branch(pc)
            except Abort as abort:
                return stopped(abort.reason)
            if uops[-1].name == "JUMP_TO_TOP":
                return Recording(uops, pc, None, tuple(offsets))


def _finish_inlined(root: Frame, inlined: list[tuple[Frame, InlineFrame]], pc: int,
                    exc: BaseException | None) -> int:
    """The recording stopped at `pc` inside inlined calls: run them to their
    returns in Tier 1; the offset the trace's own frame continues at."""
    frames = [frame for frame, _ in inlined]
    for frame in reversed(frames):
        leave(frame)
    return finish_into(root.localsplus, root.stacktop, frames, inlined[0][1], pc, exc)
