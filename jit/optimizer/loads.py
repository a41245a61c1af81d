"""loads: redundant loads and stores of localsplus slots.

Three rewrites, each keeping the exit contract (at every uop that can exit
or raise, localsplus and the stack are Tier 1's at its target):

* LOAD_FAST_CHECKED of a local known to be bound becomes LOAD_FAST (no
  exit): bound since the trace stored or checked it in the same frame, with
  no DELETE_FAST of it nor TIER1_OP since (a Tier 1 handler may unbind any
  local); in a peeled
  trace, what holds at the end of the preamble and of the body holds at the
  body's start; an inlined callee's arguments are bound.
* A store overwritten before anything reads the slot or can exit, raise or
  run Python code becomes a POP_TOP; `STORE_FAST x; LOAD_FAST x` before such
  an overwrite keeps the value on the stack instead (both go).
* A push popped at once (LOAD_FAST, LOAD_CONST, PUSH_NULL, COPY then
  POP_TOP) goes, pair by pair.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import functools

from jit.optimizer import TraceContext, jump_targets, loop_top, relink, uops_where
from jit.uops import UOp, self_first, stacked_arguments

NAME = "loads"
PURPOSE = "unchecked loads of bound locals, dead stores, pushes popped at once"

_LOADS = ("LOAD_FAST", "LOAD_FAST_CHECKED")
# Uops that push a value whose release runs no code (a local or a constant
# still holds it) and that cannot exit.
_PLAIN_PUSHES = ("LOAD_FAST", "LOAD_CONST", "PUSH_NULL", "COPY")


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    uops = _unchecked_loads(uops)
    uops = _dead_stores(uops)
    return _popped_pushes(uops)


def _bound_after(uops: list[UOp], start: int, end: int, bound: frozenset[int],
                 rewrite: list[UOp] | None = None) -> frozenset[int]:
    """The trace frame's locals known bound after uops[start:end], given
    those bound before; with `rewrite`, LOAD_FAST_CHECKED of known-bound
    locals there become LOAD_FAST."""
    frames = [set(bound)]
    targets = jump_targets(uops)
    for index in range(start, end):
        uop = uops[index]
        known = frames[-1]
        if index in targets and index != start:
            known.clear()
        if uop.name == "LOAD_FAST_CHECKED" and uop.oparg in known and rewrite is not None:
            rewrite[index] = uop._replace(name="LOAD_FAST")
        if uop.name in _LOADS or uop.name == "STORE_FAST":
            known.add(uop.oparg)
        elif uop.name == "DELETE_FAST":
            known.discard(uop.oparg)
        elif uop.name == "TIER1_OP":
            known.clear()
        elif uop.name == "INLINE_CALL":
            # (a self first; a binary operator's operands are both arguments)
            arguments = uop.oparg + max(self_first(uop.operand), stacked_arguments(uop.operand))
            frames.append(set(range(arguments)))
        elif uop.name == "INLINE_RETURN" and len(frames) > 1:
            frames.pop()
    return frozenset(frames[0]) if len(frames) == 1 else frozenset()


def _unchecked_loads(uops: list[UOp]) -> list[UOp]:
    result = list(uops)
    top = loop_top(uops)
    if not top:
        _bound_after(uops, 0, len(uops), frozenset(), result)
        return result
    at_end_of_preamble = _bound_after(uops, 0, top, frozenset(), result)
    at_top = at_end_of_preamble
    while True:  # the body's start is reached from the preamble and from its own end
        meet = at_top & _bound_after(uops, top, len(uops), at_top)
        if meet == at_top:
            break
        at_top = meet
    _bound_after(uops, top, len(uops), at_top, result)
    return result


@functools.cache
def _barriers() -> frozenset[str]:
    """The uops a dead store may not move past: they can exit, raise or run
    Python code, or switch frames."""
    return frozenset({"INLINE_CALL", "INLINE_RETURN"}).union(
        *map(uops_where, ("is_guard", "can_error", "is_branch", "is_terminator", "escapes")))


def _dead_stores(uops: list[UOp]) -> list[UOp]:
    result: list[UOp | None] = list(uops)
    targets = jump_targets(uops)
    barriers = _barriers()
    for index, uop in enumerate(uops):
        if uop.name != "STORE_FAST":
            continue
        slot, reloaded = uop.oparg, False
        for later in range(index + 1, len(uops)):
            following = uops[later]
            if later in targets:
                break
            if following.name == "STORE_FAST" and following.oparg == slot:
                if reloaded:  # the value stays on the stack instead
                    result[index] = result[index + 1] = None
                else:
                    result[index] = UOp("POP_TOP", 0, 0, uop.target)
                break
            if following.name in _LOADS and following.oparg == slot:
                if later != index + 1 or reloaded:
                    break
                reloaded = True
                continue
            if following.name in barriers:
                break
    return relink(result)


def _popped_pushes(uops: list[UOp]) -> list[UOp]:
    result: list[UOp | None] = list(uops)
    targets = jump_targets(uops)
    kept: list[int] = []  # indices kept so far
    for index, uop in enumerate(uops):
        # (A jump may lead to the push, which then goes with its pop, but not
        # to the pop: it would arrive with another value to pop.)
        if (uop.name == "POP_TOP" and kept and index not in targets
                and uops[kept[-1]].name in _PLAIN_PUSHES):
            result[kept.pop()] = result[index] = None
            continue
        kept.append(index)
    return relink(result)
