"""borrow: attributes of locals read and written through the local.

`LOAD_FAST x; LOAD_ATTR_INSTANCE_VALUE` pushes the owner (a reference taken)
only for the load to release it at once: two read-modify-writes of the
owner's reference count, which the next access to the same object (`self.a`
then `self.b`) waits for.  Fused, LOAD_ATTR_INSTANCE_VALUE_LOCAL reads the
owner from local x without a reference (the local holds one, and nothing it
runs can rebind a local); STORE_ATTR_INSTANCE_VALUE_LOCAL likewise for
`value; LOAD_FAST x; STORE_ATTR_INSTANCE_VALUE`.  The owner's guards between
the two (GUARD_TYPE, GUARD_TYPE_VERSION) check the local too
(GUARD_TYPE_LOCAL, GUARD_TYPE_VERSION_LOCAL).  The fused uops exit where the
LOAD_FAST would have (its target, its stack): Tier 1 loads the owner again
and runs the attribute instruction itself.  A checked load (the local may be
unbound) is fused only when a GUARD_TYPE_LOCAL comes first, which sends the
unbound local's sentinel to Tier 1.

`LOAD_FAST x; COPY 1; LOAD_ATTR_INSTANCE_VALUE` (`x.a += ...` keeps x for
its store) keeps the load and reads the copy through the local instead,
exiting where the COPY would have.

Not when a jump leads into the fused uops (it would arrive with another
stack).  It runs after the passes that reason about LOAD_FAST (types,
loads), and before unbox, whose snapshots then describe the fused uops'
exits.
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
# Guards on the top item (the owner) -> their form checking local `oparg`.
GUARDS = {"GUARD_TYPE": "GUARD_TYPE_LOCAL", "GUARD_TYPE_VERSION": "GUARD_TYPE_VERSION_LOCAL"}


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    targets = jump_targets(uops)
    pieces: dict[int, tuple[UOp, ...]] = {}
    for index, uop in enumerate(uops):
        if uop.name not in FUSED:
            continue
        first = index  # the owner's guards, then the attribute uop
        while first > 0 and uops[first - 1].name in GUARDS:
            first -= 1
        copied = first >= 2 and uops[first - 1].name == "COPY" and uops[first - 1].oparg == 1
        load = uops[first - 1 - copied] if first > copied else None
        if (load is None or load.name not in ("LOAD_FAST", "LOAD_FAST_CHECKED")
                or (load.name == "LOAD_FAST_CHECKED" and not copied
                    and uops[first].name != "GUARD_TYPE")
                or any(later in targets for later in range(first - copied, index + 1))):
            continue
        exit_at = uops[first - 1].target  # the COPY's, or the load's
        pieces[first - 1] = ()  # the load, or the COPY (the load stays below)
        for position in range(first, index + 1):
            fused = uops[position]
            name = GUARDS.get(fused.name) or FUSED[fused.name]
            pieces[position] = (UOp(name, load.oparg, fused.operand, exit_at, keep=fused.keep),)
    return rewrite(uops, lambda index, uop: pieces.get(index, (uop,)))
