"""peel: the loop body once as a preamble, then the loop.

A recorded trace is one iteration ending in JUMP_TO_TOP.  Peeled, it is that
iteration twice: the preamble (the first pass after entering) falls through
into the body, and the body's JUMP_TO_TOP leads back to the body's start.
What the preamble establishes -- a guard passed, a local bound, a type seen,
a global's binding checked -- then holds at the body's start on every pass,
as long as the body keeps it, and later passes remove the body's copies of
such checks (jit/optimizer/loads.py, the types pass, which also drops the
body's GUARD_GLOBALs whose bindings hold all round the loop).

A peeling that bought nothing is undone by `finish`, after every pass: a
body identical to its preamble would only double the code.  Side traces are
not peeled (they run once, then jump to the root trace's loop top, which is
the root's preamble); neither are traces with branches of their own, nor long
ones, nor module-level code (see _ESTABLISHING).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from jit.optimizer import TraceContext, loop_top
from jit.uops import UOp

NAME = "peel"
PURPOSE = "loop peeling: a preamble pass, then the body loops"

# What a preamble can establish for the body is about fast locals (bound, of
# a type) and folded globals: a trace without any (module-level code works
# on names, which any store may change) is not peeled.
_ESTABLISHING = frozenset({"LOAD_FAST", "LOAD_FAST_CHECKED", "STORE_FAST", "GUARD_GLOBAL"})
# Longer traces are not peeled: the copy doubles compile time and code size.
MAX_PEELED = 300


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    count = len(uops)
    if (trace.side or not count or count > MAX_PEELED or uops[-1].name != "JUMP_TO_TOP"
            or any(uop.jump is not None for uop in uops[:-1]) or uops[-1].jump != 0
            or not any(uop.name in _ESTABLISHING for uop in uops)):
        return uops
    top = count - 1  # the body's first uop
    preamble = uops[:-1]
    body = [*uops[:-1], uops[-1]._replace(jump=top)]
    return preamble + body


def finish(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    """Undo the peeling when the body came out the same as the preamble."""
    top = loop_top(uops)
    if not top or len(uops) != 2 * top + 1:
        return uops
    body = uops[top:]
    unpeeled = [uop if uop.jump is None else uop._replace(jump=uop.jump - top) for uop in body]
    if any(_differ(a, b) for a, b in zip(unpeeled, uops[:top])):
        return uops
    return unpeeled


def _differ(a: UOp, b: UOp) -> bool:
    # `keep` by identity: comparing the program's objects could run its code.
    return a[:5] != b[:5] or a.keep is not b.keep
