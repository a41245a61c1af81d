"""The trace optimizer: passes between recording and compiling.

A pass is one module of this package with a `NAME`, a one-line `PURPOSE` and
`run(uops, trace) -> uops`; it may also have `finish(uops, trace) -> uops`,
run after every pass has run (peel undoes a peeling that bought nothing).
`PIPELINE` lists them in the order they run; `optimize` runs the ones not
disabled (`--disable-pass NAME`) and, for `--dump`, hands each intermediate
trace to an observer.

The contract every pass keeps (jit/backend/executor.py checks the shape of
what comes out; the differential tests check the meaning):
* at every uop that can exit or raise, the frame's localsplus and value stack
  hold exactly what Tier 1 would hold at that uop's `target` -- a pass that
  keeps a value elsewhere (unboxed, not yet stored) must say how an exit
  rebuilds it;
* a branch uop's `jump` is an index into the trace: a pass that inserts or
  removes uops renumbers them (`relink`);
* a trace still ends in a terminator (JUMP_TO_TOP / EXIT_TRACE; a peeled
  root trace's re-entry block, after its closing JUMP_TO_TOP, in a JUMP).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import functools
from itertools import compress
from operator import attrgetter
from types import ModuleType
from typing import TYPE_CHECKING
from collections.abc import Callable, Sequence  # (typing's cost ~50 us to subscript)

from interpreter.records import NamedTuple
from jit.uops import FLAG_TESTS, UOp, UopSet, load_uops

class TraceContext(NamedTuple):
    """What a pass may know about the trace beyond its uops.  (A NamedTuple:
    the first compile creates the class, and a dataclass costs ~0.5 ms.)"""
    code: object            # the code object of the loop
    nlocalsplus: int        # slots of localsplus before the value stack
    entry_depth: int        # stack depth at the trace's first uop
    side: bool              # a side trace (entered from an exit, not the loop top)
    # The namespaces the trace was recorded with (the frame's globals and
    # builtins; None when unknown, e.g. in hand-built traces).
    globals: object = None
    builtins: object = None
    # A root trace's stack at the loop header when the recording closed (the
    # types seen, like a recorded guard: a pass that relies on one checks it).
    header_stack_types: tuple[type, ...] = ()
    # A side trace: its root trace's uops, and the locals the exit it starts
    # from had unboxed, as (local, BoxKind, scratch slot): boxed into
    # localsplus by the exit, and still in those slots.
    root_uops: tuple = ()
    entry_unboxed: tuple[tuple[int, int, int], ...] = ()
    # A side trace that starts inside inlined calls (it returns from frames
    # it did not enter): each one's InlineFrame and its caller's stack depth,
    # outermost first; `entry_depth` is then the innermost frame's.
    entry_frames: tuple = ()
    # What the recording saw hold ints past int64 (jit.trace.recorder's
    # Recording): instruction offsets and trace-frame locals kept boxed.
    wide_offsets: frozenset[int] = frozenset()
    wide_locals: frozenset[int] = frozenset()


if TYPE_CHECKING:  # (annotations only: subscripting costs the import ~15 us)
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
    enabled = [module for module in PIPELINE if module.NAME not in disabled]
    for module in enabled:
        uops = module.run(uops, trace)
        if observe is not None:
            observe(module.NAME, uops)
    for module in enabled:
        finish = getattr(module, "finish", None)
        if finish is not None:
            uops = finish(uops, trace)
            if observe is not None:
                observe(f"{module.NAME} (finish)", uops)
    return uops


def relink(uops: Sequence[UOp | None]) -> list[UOp]:
    """Drop the `None`s a pass left where it removed uops, and renumber the
    branch targets of the rest (a jump to a removed uop goes to the next kept
    one)."""
    if None not in uops:
        return list(uops)
    new_index, position = [], 0
    for uop in uops:
        new_index.append(position)
        position += uop is not None
    new_index.append(position)
    return [uop if uop.jump is None else _renumbered(uop, new_index)
            for uop in uops if uop is not None]


def rewrite(uops: Sequence[UOp], replace: Callable[[int, UOp], Sequence[UOp]]) -> list[UOp]:
    """Each uop replaced by `replace(index, uop)` (none, itself or several),
    with branch targets renumbered: a jump to uop i goes to the first uop of
    i's replacement (or, if it has none, of the next one's).  Replacement
    uops' `jump`s are indices into the old trace."""
    return splice([replace(index, uop) for index, uop in enumerate(uops)])


def splice(pieces: Sequence[Sequence[UOp]]) -> list[UOp]:
    """`rewrite` with the replacements made already: `pieces[i]` replaces
    uop i."""
    new_index, position = [], 0
    for piece in pieces:
        new_index.append(position)
        position += len(piece)
    new_index.append(position)
    return [uop if uop.jump is None else _renumbered(uop, new_index)
            for piece in pieces for uop in piece]


def _renumbered(uop: UOp, new_index: list[int]) -> UOp:
    """`uop` with its jump (an index into the old trace) into the new one."""
    if new_index[uop.jump] == uop.jump:
        return uop  # (most jumps keep their index: no new uop)
    return UOp(*uop[:4], new_index[uop.jump], *uop[5:])


def jump_targets(uops: Sequence[UOp]) -> frozenset[int]:
    """The indices some branch of the trace jumps to."""
    return frozenset(uop.jump for uop in uops if uop.jump is not None)


def loop_top(uops: Sequence[UOp]) -> int:
    """Where the trace's loop-closing jumps lead: 0, or the start of the
    loop body of a peeled trace (jit/optimizer/peel.py)."""
    tops = {uop.jump for uop in uops if uop.name == "JUMP_TO_TOP"}
    return tops.pop() if len(tops) == 1 else 0


def escapes(uop: UOp) -> bool:
    """Whether `uop` may run arbitrary Python code (which may rebind globals,
    change types' attributes, ...)."""
    return uop.name in uops_where("escapes")


@functools.cache
def uops_where(flag: str) -> frozenset[str]:
    """The names of the uops whose definitions have `flag` (a UopDef
    attribute: "escapes", "is_branch", ...): a pass's loop tests a name
    against a set, not each uop's definition."""
    uops = load_uops()
    if isinstance(uops, UopSet) and flag in FLAG_TESTS:
        return uops.where(flag)  # (from the flags: no UopDef made)
    # (compress and attrgetter: no Python-level loop over ~290 uops)
    return frozenset(compress(uops, map(attrgetter(flag), uops.values())))


# The passes in the order they run (module names under jit/optimizer/);
# imported last, since they use the helpers above.
from jit.optimizer import (  # noqa: E402
    borrow, constants, globals as globals_pass, loads, peel, reentry, registers, types, unbox,
)

PIPELINE: tuple[ModuleType, ...] = (globals_pass, peel, types, constants, loads, borrow, unbox,
                                    registers, reentry)
