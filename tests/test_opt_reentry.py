"""The reentry pass: a peeled root trace gets a re-entry block, after its
loop, that re-checks what the body relies on the preamble for and jumps to
the body's entry prologue; side traces come back through it."""
from __future__ import annotations

from pathlib import Path

import pytest

import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from differential import assert_same, run_pair
from jit.backend.executor import compile_trace
from jit.optimizer import TraceContext, loop_top, optimize, reentry
from jit.uops import UOp, loop_end
from test_opt_unbox import int_sum

PROGRAM_DIR = Path(__file__).resolve().parent / "jit_programs"
RANGE_ITERATOR = type(iter(range(0)))
TRACE = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=False,
                     header_stack_types=(RANGE_ITERATOR,))
ONE = 1


def test_a_peeled_trace_gets_a_block_into_its_body():
    out = optimize(int_sum(), TRACE)
    end, body = loop_end(out), loop_top(out)
    assert 0 < body < end < len(out)
    block = out[end:]
    names = [uop.name for uop in block]
    # total and i are ints in the body (unboxed by its entry prologue, which
    # checks them too); the iterator on the header's stack a range iterator.
    assert names[-1] == "JUMP" and all(uop.target == 18 for uop in block), block
    checked = {(uop.oparg, uop.keep) for uop in block if uop.name == "GUARD_TYPE_LOCAL"}
    assert {(1, int), (2, int)} <= checked, block
    assert ("GUARD_TYPE_UNDER", 0, RANGE_ITERATOR) in [(u.name, u.oparg, u.keep) for u in block]
    # Into the body's entry prologue (its unboxing), not past it: the jump
    # lands on the first UNBOX_LOCAL after the preamble.
    entry = block[-1].jump
    assert out[entry].name in reentry.ENTRY_PROLOGUE | {"GUARD_TYPE"} and entry < body
    assert all(uop.name in reentry.ENTRY_PROLOGUE | {"GUARD_TYPE"} for uop in out[entry:body])
    assert out[entry - 1].name not in reentry.ENTRY_PROLOGUE


def test_the_block_rechecks_the_globals_the_body_relies_on():
    # total += g(i): the body checks no global (the preamble did, and its
    # FOR_ITER of a range runs no Python code): the block checks it again.
    add = [UOp("GUARD_GLOBAL", 0, id(TRACE), 10), UOp("POP_TOP", target=12)]
    trace = [*int_sum()[:-1][:3], UOp("LOAD_CONST", 0, id(ONE), 10, keep=ONE), *add,
             *int_sum()[3:]]
    out = optimize(trace, TRACE)
    end, body = loop_end(out), loop_top(out)
    assert [u.operand for u in out[body:end] if u.name == "GUARD_GLOBAL"] == []
    assert [(u.operand, u.target) for u in out[end:] if u.name == "GUARD_GLOBAL"] == [
        (id(TRACE), 18)]


def test_what_gets_no_block():
    # not peeled (a side trace; module code, `--disable-pass peel`), or no preamble
    side = TRACE._replace(side=True)
    assert loop_end(optimize(int_sum(), side)) == len(optimize(int_sum(), side))
    unpeeled = optimize(int_sum(), TRACE, frozenset({"peel"}))
    assert loop_end(unpeeled) == len(unpeeled)
    assert reentry.finish(int_sum(), TRACE) == int_sum()


@pytest.mark.parametrize("mode", [[], ["--threshold", "1"], ["--backend", "llvm-O0"],
                                  ["--threshold", "1", "--disable-pass", "reentry"]],
                         ids=["default", "threshold-1", "llvm-O0", "without"])
def test_side_traces_reenter_through_the_block(mode: list[str]):
    expected, actual = run_pair(mode, ["reentry.py"], PROGRAM_DIR)
    assert_same(expected, actual, f"reentry.py {mode}")


def checking(target_header: int = 10) -> list[UOp]:
    """for i in range(n): x (local 1, checked an int); i < 5 or leave at 30
    (locals n, x, i)"""
    return [UOp("FOR_ITER_NEXT", target=10), UOp("GUARD_NOT_EXHAUSTED", target=40),
            UOp("STORE_FAST", 2, target=11), UOp("LOAD_FAST_CHECKED", 1, target=12),
            UOp("GUARD_TYPE", 0, id(int), 13, keep=int), UOp("POP_TOP", target=13),
            UOp("LOAD_FAST", 2, target=14), UOp("LOAD_CONST", 0, id(FIVE), 15, keep=FIVE),
            UOp("GUARD_BOTH_INT", target=16), UOp("COMPARE_OP_INT", 0, target=16),
            UOp("GUARD_IS_TRUE_POP", target=30), UOp("JUMP_TO_TOP", target=10, jump=0)]


FIVE = 5


def test_a_side_trace_comes_back_through_the_block():
    # From i == 5 a side trace sets x = 0.5 and goes back to the header: into
    # the block, whose check of x's type fails there (the body relies on
    # the preamble's check), so the trace leaves from the block.
    trace = TRACE._replace(entry_depth=1)
    out = optimize(checking(), trace)
    end = loop_end(out)
    assert any(uop.name == "GUARD_TYPE_LOCAL" and uop.oparg == 1 for uop in out[end:]), out
    executor = compile_trace(out, nlocalsplus=3, stack_size=3, entry_depth=1)
    localsplus = [9, 7, None, iter(range(9)), None, None]
    leaving = executor.run(localsplus)
    assert (leaving.target, localsplus[2]) == (30, 5)
    side = TRACE._replace(side=True, root_uops=tuple(executor.uops))
    executor.attach(leaving.index, optimize([HALF_LOAD, UOp("STORE_FAST", 1, target=31),
                                             UOp("JUMP_TO_TOP", target=10, jump=0)], side))
    localsplus = [9, 7, None, iter(range(9)), None, None]
    back = executor.run(localsplus)
    assert back.target == 10 and back.uop_index >= end and localsplus[1:3] == [0.5, 5], back


HALF = 0.5
HALF_LOAD = UOp("LOAD_CONST", 0, id(HALF), 30, keep=HALF)
