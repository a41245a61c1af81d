"""Jumps, loops over iterators, and returning."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from ..frame import NULL
from ..program_signals import calls_out_only, pending, run_pending
from ..signals import SWITCH
from ..state import interp
from . import opcode


@opcode("JUMP_FORWARD", "JUMP_BACKWARD_NO_INTERRUPT")
def jump_op(ins, dec):
    jump = ins.target

    def h(f, lp):
        return jump
    return h


@opcode("JUMP_BACKWARD")
def jump_backward(ins, dec):
    # The loop back-edge: the one place where Tier 1 hands a hot loop to the
    # JIT. `interp.backedge` (None while the JIT is off) receives the frame,
    # the offset of this jump and its target, and returns where Tier 1
    # continues -- the target, or the exit offset an executor came back at.
    # Also an eval-breaker point: pending signal handlers run first.
    jump = target = ins.target
    offset = ins.offset

    def h(f, lp):
        if pending:
            run_pending(f, offset)
        hook = interp.backedge
        if hook is None:
            return jump
        return f.decoded.ops[hook(f, lp, offset, target)]
    return h


def _pop_jump(ins, jump_if):
    top, jump, nxt = ins.sp - 1, ins.target, ins.next
    if jump_if is True:
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            return jump if v else nxt
    elif jump_if is False:
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            return nxt if v else jump
    elif jump_if == "none":
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            return jump if v is None else nxt
    else:
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            return nxt if v is None else jump
    return h


def _pop_jump_backward(ins, jump_if):
    """A conditional back edge (3.11 compiles `while` loops to one): like
    _pop_jump, and a taken jump runs pending signal handlers and goes
    through `interp.backedge` as JUMP_BACKWARD does. The four tests are spelled out (each closure must
    hold the `jump` and `nxt` cells build_ops links): this runs once per
    iteration of every while loop."""
    top, jump, nxt, offset, target = ins.sp - 1, ins.target, ins.next, ins.offset, ins.target
    if jump_if is True:
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            if not v:
                return nxt
            if pending:
                run_pending(f, offset)
            hook = interp.backedge
            return jump if hook is None else f.decoded.ops[hook(f, lp, offset, target)]
    elif jump_if is False:
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            if v:
                return nxt
            if pending:
                run_pending(f, offset)
            hook = interp.backedge
            return jump if hook is None else f.decoded.ops[hook(f, lp, offset, target)]
    elif jump_if == "none":
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            if v is not None:
                return nxt
            if pending:
                run_pending(f, offset)
            hook = interp.backedge
            return jump if hook is None else f.decoded.ops[hook(f, lp, offset, target)]
    else:
        def h(f, lp):
            v = lp[top]
            lp[top] = NULL
            if v is None:
                return nxt
            if pending:
                run_pending(f, offset)
            hook = interp.backedge
            return jump if hook is None else f.decoded.ops[hook(f, lp, offset, target)]
    return h


@opcode("POP_JUMP_FORWARD_IF_TRUE")
def pop_jump_if_true(ins, dec):
    return _pop_jump(ins, True)


@opcode("POP_JUMP_FORWARD_IF_FALSE")
def pop_jump_if_false(ins, dec):
    return _pop_jump(ins, False)


@opcode("POP_JUMP_FORWARD_IF_NONE")
def pop_jump_if_none(ins, dec):
    return _pop_jump(ins, "none")


@opcode("POP_JUMP_FORWARD_IF_NOT_NONE")
def pop_jump_if_not_none(ins, dec):
    return _pop_jump(ins, "not none")


@opcode("POP_JUMP_BACKWARD_IF_TRUE")
def pop_jump_backward_if_true(ins, dec):
    return _pop_jump_backward(ins, True)


@opcode("POP_JUMP_BACKWARD_IF_FALSE")
def pop_jump_backward_if_false(ins, dec):
    return _pop_jump_backward(ins, False)


@opcode("POP_JUMP_BACKWARD_IF_NONE")
def pop_jump_backward_if_none(ins, dec):
    return _pop_jump_backward(ins, "none")


@opcode("POP_JUMP_BACKWARD_IF_NOT_NONE")
def pop_jump_backward_if_not_none(ins, dec):
    return _pop_jump_backward(ins, "not none")


@opcode("JUMP_IF_TRUE_OR_POP")
def jump_if_true_or_pop(ins, dec):
    top, jump, nxt = ins.sp - 1, ins.target, ins.next

    def h(f, lp):
        if lp[top]:
            return jump
        lp[top] = NULL
        return nxt
    return h


@opcode("JUMP_IF_FALSE_OR_POP")
def jump_if_false_or_pop(ins, dec):
    top, jump, nxt = ins.sp - 1, ins.target, ins.next

    def h(f, lp):
        if lp[top]:
            lp[top] = NULL
            return nxt
        return jump
    return h


@opcode("GET_ITER")
def get_iter(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        lp[top] = iter(lp[top])
        return nxt
    return h


@opcode("FOR_ITER")
def for_iter(ins, dec):
    top, sp, jump, nxt = ins.sp - 1, ins.sp, ins.target, ins.next

    def h(f, lp):
        # (its one call is the program's: see program_signals.calls_out_only)
        v = next(lp[top], NULL)
        if v is NULL:
            lp[top] = NULL
            return jump
        lp[sp] = v
        return nxt
    return h


calls_out_only(for_iter)


@opcode("RETURN_VALUE")
def return_value(ins, dec):
    sp = ins.sp

    def h(f, lp):
        f.stacktop = sp
        return SWITCH
    return h
