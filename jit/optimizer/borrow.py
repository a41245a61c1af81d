"""borrow: attributes of locals read and written through the local.

`LOAD_FAST x; LOAD_ATTR_INSTANCE_VALUE` pushes the owner (a reference taken)
only for the load to release it at once: two read-modify-writes of the
owner's reference count, which the next access to the same object (`self.a`
then `self.b`) waits for.  Fused, LOAD_ATTR_INSTANCE_VALUE_LOCAL reads the
owner from local x without a reference (the local holds one, and nothing it
runs can rebind a local); STORE_ATTR_INSTANCE_VALUE_LOCAL likewise for
`value; LOAD_FAST x; STORE_ATTR_INSTANCE_VALUE`.  A fused uop exits where
the LOAD_FAST would have (its target and stack depth): Tier 1 loads the
owner again and runs the attribute instruction itself.  Not when a jump
leads to the attribute uop, which would arrive with another owner.

It runs after the passes that reason about LOAD_FAST (types, loads), and
before unbox, whose snapshots then describe the fused uop's exit.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from jit.optimizer import TraceContext, jump_targets, rewrite
from jit.uops import UOp

NAME = "borrow"
PURPOSE = "attributes of locals read and written through the local, owner not pushed"

# An attribute uop whose owner is its top input -> its form reading the owner
# from local `oparg`.
FUSED = {"LOAD_ATTR_INSTANCE_VALUE": "LOAD_ATTR_INSTANCE_VALUE_LOCAL",
         "STORE_ATTR_INSTANCE_VALUE": "STORE_ATTR_INSTANCE_VALUE_LOCAL"}


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    targets = jump_targets(uops)
    fused = {index for index, uop in enumerate(uops)
             if uop.name in FUSED and index and index not in targets
             and uops[index - 1].name == "LOAD_FAST"}

    def replace(index: int, uop: UOp) -> tuple[UOp, ...]:
        if index + 1 in fused:
            return ()  # the LOAD_FAST, now part of the next uop
        if index in fused:
            load = uops[index - 1]
            return (UOp(FUSED[uop.name], load.oparg, uop.operand, load.target),)
        return (uop,)
    return rewrite(uops, replace)
