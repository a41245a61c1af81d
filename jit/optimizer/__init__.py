"""The trace optimizer: passes between recording and compiling.

A pass is one module of this package with a `NAME`, a one-line `PURPOSE` and
`run(uops, trace) -> uops`.  `PIPELINE` lists them in the order they run;
`optimize` runs the ones not disabled (`--disable-pass NAME`) and, for
`--dump`, hands each intermediate trace to an observer.

The contract every pass keeps (jit/backend/executor.py checks the shape of
what comes out; the differential tests check the meaning):
* at every uop that can exit or raise, the frame's localsplus and value stack
  hold exactly what Tier 1 would hold at that uop's `target` -- a pass that
  keeps a value elsewhere (unboxed, not yet stored) must say how an exit
  rebuilds it;
* a branch uop's `jump` is an index into the trace: a pass that inserts or
  removes uops renumbers them (`relink`);
* a trace still ends in a terminator (JUMP_TO_TOP / EXIT_TRACE).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from dataclasses import dataclass
from types import ModuleType
from typing import Callable, Sequence

from jit.uops import UOp



@dataclass(frozen=True)
class TraceContext:
    """What a pass may know about the trace beyond its uops."""
    code: object            # the code object of the loop
    nlocalsplus: int        # slots of localsplus before the value stack
    entry_depth: int        # stack depth at the trace's first uop
    side: bool              # a side trace (entered from an exit, not the loop top)
    # A root trace's stack at the loop header when the recording closed (the
    # types seen, like a recorded guard: a pass that relies on one checks it).
    header_stack_types: tuple[type, ...] = ()
    # A side trace: its root trace's uops, and the locals the exit it starts
    # from had unboxed, as (local, BoxKind, scratch slot): boxed into
    # localsplus by the exit, and still in those slots.
    root_uops: tuple = ()
    entry_unboxed: tuple[tuple[int, int, int], ...] = ()


Observer = Callable[[str, list[UOp]], None]


def pass_names() -> list[str]:
    return [module.NAME for module in PIPELINE]


def check_disabled(names: Sequence[str]) -> frozenset[str]:
    """The set of pass names to disable; ValueError naming the known passes
    for a name that is none of them."""
    known = pass_names()
    for name in names:
        if name not in known:
            raise ValueError(f"no optimizer pass named {name!r} "
                             f"(passes: {', '.join(known) or 'none'})")
    return frozenset(names)


def optimize(uops: list[UOp], trace: TraceContext, disabled: frozenset[str] = frozenset(),
             observe: Observer | None = None) -> list[UOp]:
    """`uops` after every enabled pass; `observe(pass name, uops)` sees the
    recorded trace (as "recorded") and the result of each pass."""
    if observe is not None:
        observe("recorded", uops)
    for module in PIPELINE:
        if module.NAME in disabled:
            continue
        uops = module.run(uops, trace)
        if observe is not None:
            observe(module.NAME, uops)
    return uops


def relink(uops: Sequence[UOp | None]) -> list[UOp]:
    """Drop the `None`s a pass left where it removed uops, and renumber the
    branch targets of the rest (a jump to a removed uop goes to the next kept
    one)."""
    new_index, kept = [], 0
    for uop in uops:
        new_index.append(kept)
        kept += uop is not None
    new_index.append(kept)
    return [uop if uop.jump is None else uop._replace(jump=new_index[uop.jump])
            for uop in uops if uop is not None]


# The passes in the order they run (module names under jit/optimizer/).  They
# import this package (TraceContext, relink): imported once it is complete.
from jit.optimizer import types, unbox  # noqa: E402

PIPELINE: tuple[ModuleType, ...] = (types, unbox)
