"""Registers: unboxed operands read from the register stacks, not from memory.

Every uop that writes an unboxed value to a scratch slot also pushes it on
that kind's register stack (stencils/jit.h: two int64 and two double
registers that every stencil passes on): reg_x0 holds the value written
last, reg_x1 the one before.  The slots stay right, so exits, snapshots and
side traces never look at the registers.  This pass follows the two stacks
along the trace and, where a uop reads a slot (IN_I / IN_F) that a register
holds, switches it to the variant reading that register.  A chain of
dependent operations then skips the store-to-load forwarding each step paid
(~5 cycles: float_arith's chains are 4 operations long).

At a jump target nothing is known of the registers, except at the body of a
loop: there the pass assumes what the back edge leaves in them (when that
is a fixed point: the body, run with the assumption, ends with it again) and
every other way in loads them: the prologue ends with *_LOAD_REGISTER uops,
which the back edge jumps past, and a side trace that jumps into the body
(JUMP_TO_BODY) repeats them first.  The loop-carried values (int_sum's
total, float_arith's x) then never leave registers.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from typing import TYPE_CHECKING

from interpreter.records import NamedTuple
from jit.optimizer import TraceContext, jump_targets, loop_top
from jit.uops import UOp, load_uops, loop_end, pushes, register_inputs, variant_name

NAME = "registers"
PURPOSE = "read unboxed operands from the register stacks the uops before pushed"

LOADS = {"I": "INT64_LOAD_REGISTER", "F": "FLOAT_LOAD_REGISTER"}
KIND_OF_LOAD = {name: kind for kind, name in LOADS.items()}
FIELD_MASK = 0xFFFF

# A register stack's contents: the slots reg_x0 and reg_x1 hold (None: unknown).
if TYPE_CHECKING:  # (annotations only: subscripting costs the import ~10 us)
    Stack = tuple[int | None, int | None]
EMPTY: Stack = (None, None)


class Registers(NamedTuple):
    """What the int64 ("I") and double ("F") register stacks hold."""
    I: Stack = EMPTY  # noqa: E741 (the kinds' letters, as in IN_I / IN_F)
    F: Stack = EMPTY

    def push(self, kind: str, slot: int) -> Registers:
        """After `slot` of `kind` was written and pushed: a register of either
        kind still naming the slot holds its old value."""
        ints = tuple(None if held == slot else held for held in self.I)
        floats = tuple(None if held == slot else held for held in self.F)
        if kind == "I":
            return Registers((slot, ints[0]), floats)
        return Registers(ints, (slot, floats[0]))


def _slot(uop: UOp, field: int) -> int:
    return (uop.operand >> (16 * field)) & FIELD_MASK


def _simulate(uops: list[UOp], top: int | None, entry: Registers
              ) -> tuple[list[str], Registers]:
    """The name each uop gets, and what the registers hold at the trace's
    end, if the body starting at `top` is entered with `entry` (any other
    jump target with nothing known)."""
    targets = jump_targets(uops)
    registers, names = Registers(), []
    for index, uop in enumerate(uops):
        if index == top:
            registers = entry
        elif index in targets:
            registers = Registers()
        inputs, variant, written = _facts(uop.name)
        if inputs and not variant:
            sources = ""
            for field, kind in inputs:
                held = registers.I if kind == "I" else registers.F
                slot = _slot(uop, field)
                sources += "A" if held[0] == slot else "B" if held[1] == slot else "M"
            names.append(variant_name(uop.name, sources))
        else:
            names.append(uop.name)
        if written is not None:
            kind, in_field = written
            registers = registers.push(kind, _slot(uop, 0) if in_field else uop.oparg)
    return names, registers


# Per uop name: its register inputs, whether it is a variant (reading them
# from registers already), and what it writes and pushes (jit.uops.pushes).
if TYPE_CHECKING:
    Facts = tuple[tuple[tuple[int, str], ...], str, tuple[str, bool] | None]
_FACTS: dict[str, Facts] = {}


def _facts(name: str) -> Facts:
    facts = _FACTS.get(name)
    if facts is None:
        definition = load_uops()[name]
        facts = _FACTS[name] = (register_inputs(definition), definition.variant,
                                pushes(definition))
    return facts


def _loads(registers: Registers, target: int) -> list[UOp]:
    """Uops that leave `registers` in the register stacks (reg_x1 first)."""
    return [UOp(LOADS[kind], slot, 0, target)
            for kind, stack in registers._asdict().items()
            for slot in reversed(stack) if slot is not None]


def _renamed(uops: list[UOp], names: list[str]) -> list[UOp]:
    return [uop if uop.name == name else uop._replace(name=name)
            for uop, name in zip(uops, names)]


def body_loads(root: tuple) -> list[UOp]:
    """The register loads a root trace (as compiled) runs before its loop
    body: what a side trace jumping into that body must run too."""
    root = root[:loop_end(root)]  # (not its re-entry block: jit/optimizer/reentry.py)
    last = root[-1] if root else None
    if last is None or last.name != "JUMP_TO_TOP" or last.jump is None:
        return []
    start = last.jump
    while start > 0 and root[start - 1].name in KIND_OF_LOAD:
        start -= 1
    return list(root[start:last.jump])


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    if trace.side:
        names, _ = _simulate(uops, None, Registers())
        uops = _renamed(uops, names)
        if uops[-1].name != "JUMP_TO_BODY":
            return uops
        # (even with no register input of its own: the body expects them)
        back = uops[-1]
        loads = [load._replace(target=back.target) for load in body_loads(trace.root_uops)]
        return [*uops[:-1], *loads, back]
    if not any(_facts(uop.name)[0] for uop in uops):
        return uops
    top = loop_top(uops) if uops[-1].name == "JUMP_TO_TOP" else None
    names, end = _simulate(uops, top, Registers())
    if top and end != Registers():
        assumed, again = _simulate(uops, top, end)
        if again == end:
            names = assumed
        else:
            top = None
    uops = _renamed(uops, names)
    loads = _loads(end, uops[top].target) if top else []
    if not loads:
        return uops
    # The loads run where the prologue falls into the body; every jump into
    # the body (the back edge) goes past them.
    moved = [uop if uop.jump is None or uop.jump < top else uop._replace(jump=uop.jump + len(loads))
             for uop in uops]
    return [*moved[:top], *loads, *moved[top:]]
