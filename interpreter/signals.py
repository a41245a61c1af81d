"""How handlers tell the eval loop about transfers between frames.

A handler returns the handler of the next instruction (see opcodes.build_ops).
The two transfers that change which frame runs return `SWITCH` instead, which
ends the loop's inner `while h is not SWITCH` -- no exception, and no test on
the common path beyond that identity check. The eval loop then looks at the
frame: `frame.callee` set means push and run it; otherwise the frame returns
`localsplus[frame.stacktop - 1]`.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)


def SWITCH(f, lp):  # noqa: N802 -- a sentinel that is also a valid handler type
    raise SystemError("cpjit: SWITCH is a signal, not a handler")


class Reraise(BaseException):
    """Unwind `exc` from the instruction at `pc` without adding a traceback
    entry (RERAISE, bare `raise`): the exception already has one for this
    frame. `lasti` is the offset the frame reports as its last instruction
    (RERAISE restores it from the stack); the handler is still looked up for
    `pc`, as CPython looks it up from next_instr."""

    __slots__ = ("exc", "pc", "lasti")

    def __init__(self, exc: BaseException, pc: int, lasti: int) -> None:
        self.exc = exc
        self.pc = pc
        self.lasti = lasti


class RaiseAt(BaseException):
    """Unwind `exc` as if the instruction at `pc` had raised it, adding the
    frame's traceback entry there: how an error inside a JIT executor, which
    the loop's back edge entered, reaches the instruction that failed."""

    __slots__ = ("exc", "pc")

    def __init__(self, exc: BaseException, pc: int) -> None:
        self.exc = exc
        self.pc = pc
