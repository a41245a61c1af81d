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

from interpreter.frame import Frame
from interpreter.signals import SWITCH, RaiseAt
from jit.trace.translate import Abort, translate
from jit.uops import UOp

MAX_UOPS = 600
INTERNAL_ERROR = "internal error"


class Recording(NamedTuple):
    uops: list[UOp] | None  # None when the recording was aborted
    resume: int             # the offset Tier 1 continues at
    abort: str | None = None
    offsets: tuple[int, ...] = ()  # the instructions recorded, in order


def record(f: Frame, lp: list, header: int, start: int | None = None) -> Recording:
    """Record (and run) one iteration of the loop at `header` in frame `f`,
    from the header or, for a side trace, from `start` (an exit's target).

    An exception raised by an instruction propagates as RaiseAt, so Tier 1
    unwinds it from that instruction."""
    dec = f.decoded
    ops, pc_of, by_offset, base = dec.ops, dec.pc_of, dec.by_offset, dec.nlocalsplus
    uops: list[UOp] = []
    offsets: list[int] = []
    pc = header if start is None else start
    while True:
        ins = by_offset[pc]
        offsets.append(pc)
        try:
            step = translate(ins, dec, lp[base:ins.sp], header, start is not None)
        except Abort as abort:
            return Recording(None, pc, abort.reason)
        except Exception as error:  # a translator bug must not reach the program
            return Recording(None, pc, f"{INTERNAL_ERROR}: {ins.opname}: "
                                       f"{type(error).__name__}: {error}")
        uops += step.uops
        if step.stop:
            return Recording(uops, pc, None, tuple(offsets))
        if len(uops) > MAX_UOPS:
            return Recording(None, pc, "too long")
        try:
            if step.run is None:
                handler = ops[pc](f, lp)
            else:
                handler = ops[step.run(f, lp)]
        except Abort as abort:
            return Recording(None, pc, abort.reason)
        except BaseException as exc:
            raise RaiseAt(exc, pc) from None
        if handler is SWITCH:
            raise SystemError(f"cpjit: recorded {ins.opname} at offset {pc} switched frames")
        pc = pc_of[handler]
        if step.branch is not None:
            try:
                uops += step.branch(pc)
            except Abort as abort:
                return Recording(None, pc, abort.reason)
            if uops[-1].name == "JUMP_TO_TOP":
                return Recording(uops, pc, None, tuple(offsets))
