"""reentry: side traces come back into a peeled loop past its preamble.

A side trace that gets back to the loop header ends in JUMP_TO_TOP: into its
root trace at the top, which is the peeled preamble -- a whole iteration run
again, boxed, before the loop body.  Where most iterations take side traces
(nqueens' `for column` loop: a queen's column attacked, a placement, ...),
most iterations ran in the preamble.  After every other pass (`finish`),
this pass appends a *re-entry block* to a peeled root trace: guards
re-checking what the loop body relies on the preamble for -- what the types
pass knows at the body's start of the locals (exact types, boundness) and of
the header's stack, classes' version tags, the folded globals the preamble
checks -- then a jump to the body's entry prologue (the unbox pass's
unboxing and constants, the registers pass's loads), which runs on into the
body.  Side traces jump to the block instead of the top
(jit/backend/executor.py); a failing check leaves for Tier 1 at the header,
as the top's own guards would.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from jit.optimizer import TraceContext, loop_top
from jit.optimizer.types import ANY, UNKNOWN, infer
from jit.uops import UOp

NAME = "reentry"
PURPOSE = "side traces re-enter a peeled loop past its preamble, through a block of checks"

# The uops a root trace's body is entered through after its preamble: the
# unbox pass's prologue (and its range iterator's GUARD_TYPE, at the header)
# and the registers pass's loads.
ENTRY_PROLOGUE = frozenset({"UNBOX_LOCAL_INT64", "UNBOX_LOCAL_FLOAT", "INT64_CONST",
                            "FLOAT_CONST", "INT64_LOAD_REGISTER", "FLOAT_LOAD_REGISTER"})


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    return uops  # (the block is made in `finish`, once the body's shape is final)


def finish(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    body = loop_top(uops)
    if trace.side or not body or uops[-1].name != "JUMP_TO_TOP":
        return uops  # not a peeled root trace
    header = uops[-1].target
    entry = body
    while entry > 0 and (uops[entry - 1].name in ENTRY_PROLOGUE or (
            uops[entry - 1].name == "GUARD_TYPE" and uops[entry - 1].target == header)):
        entry -= 1
    if entry == 0:
        return uops  # no preamble: the top is the body's entry prologue already
    state = infer(uops, trace)[body]
    if state is None or state.callers:
        return uops
    block = [guard._replace(target=header)
             for guard in _folded_globals(uops[:entry], state.versions)]
    classes = [version for version in state.versions if type(version) is tuple]
    block += [UOp("GUARD_VERSION", tag, id(cls), header, keep=cls)
              for cls, tag in sorted(classes, key=lambda version: version[1])]
    for local, known in enumerate(state.locals):
        if known is ANY:
            block.append(UOp("GUARD_LOCAL_BOUND", local, 0, header))
        elif known is not UNKNOWN:
            block.append(UOp("GUARD_TYPE_LOCAL", local, id(known), header, keep=known))
    depth = len(state.stack)
    block += [UOp("GUARD_TYPE_UNDER", depth - 1 - position, id(value.type), header,
                  keep=value.type)
              for position, value in enumerate(state.stack)
              if value.type not in (UNKNOWN, ANY)]
    return [*uops, *block, UOp("JUMP", 0, 0, header, jump=entry)]


def _folded_globals(preamble: list[UOp], holding: frozenset) -> list[UOp]:
    """The preamble's GUARD_GLOBALs whose bindings hold at the body's start
    (`holding`: the types pass's `versions` there), one each: the body may
    rely on them (the types pass took the body's own checks of them out)."""
    guards = {}
    for uop in preamble:
        if uop.name == "GUARD_GLOBAL" and uop.operand in holding:
            guards.setdefault(uop.operand, uop)
    return list(guards.values())
