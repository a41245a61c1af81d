"""The unbox pass: hand-built traces in, the uops (and exit snapshots) out;
then such traces run natively, leaving with Tier 1's boxed frame."""
from __future__ import annotations

import ctypes
import json
import math
import re
import struct
import sys
from pathlib import Path

import pytest

from interpreter.frame import NULL
import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from jit.backend.executor import ExitKind, compile_trace
from jit.optimizer import TraceContext, types, unbox
from jit.optimizer.unbox import slots
from jit.uops import SLICED_LIST, BoxKind, InlineFrame, Snapshot, UOp
from differential import run_cpjit

RANGE_ITERATOR = type(iter(range(0)))
ONE, TWO, HALF, BIG = 1, 2, 0.5, 2**64


def const(value: object, target: int = 0) -> UOp:
    return UOp("LOAD_CONST", 0, id(value), target, keep=value)


def shape(uops: list[UOp]) -> list[tuple]:
    return [(u.name, u.oparg, u.operand, u.target, u.jump) for u in uops]


def int_sum() -> list[UOp]:
    """for i in range(n): total += i  (locals n, total, i; the iterator on the stack)"""
    return [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=26),
            UOp("STORE_FAST", 2, target=19), UOp("LOAD_FAST_CHECKED", 1, target=20),
            UOp("LOAD_FAST_CHECKED", 2, target=21), UOp("GUARD_BOTH_INT", target=22),
            UOp("BINARY_OP_ADD_INT", target=22), UOp("STORE_FAST", 1, target=24),
            UOp("JUMP_TO_TOP", target=18, jump=0)]


INT_SUM = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=False,
                       header_stack_types=(RANGE_ITERATOR,))


def test_int_sum_runs_on_int64_with_a_range_counter() -> None:
    out = unbox.run(int_sum(), INT_SUM)
    assert shape(out) == [
        ("GUARD_TYPE", 0, id(RANGE_ITERATOR), 18, None),
        ("UNBOX_LOCAL_INT64", 1, slots(0), 18, None),   # total
        ("UNBOX_LOCAL_INT64", 2, slots(1), 18, None),   # i
        ("RANGE_ITER_NEXT", 0, slots(1), 26, None),     # straight into i's slot
        ("INT64_ADD", 0, slots(0, 0, 1), 22, None),     # total = total + i
        ("JUMP_TO_TOP", 0, 0, 18, 3)]                   # to the body, past the prologue
    locals_ = ((1, BoxKind.INT, 0), (2, BoxKind.INT, 1))
    # Exhausted: Tier 1 resumes after the loop, the iterator popped.
    assert out[3].snapshots == (Snapshot((), 0, locals_, (), locals_), None)
    # Overflow: Tier 1 redoes BINARY_OP with both operands boxed on its stack.
    assert out[4].snapshots == (Snapshot(((BoxKind.REAL, 0), (BoxKind.INT, 0), (BoxKind.INT, 1)),
                                         1, locals_, (), locals_), None)
    # The eval breaker: the loop header, with the iterator.
    assert out[5].snapshots == (Snapshot(((BoxKind.REAL, 0),), 1, locals_, (), locals_), None)
    # The prologue's exits leave the frame as it is.
    assert all(uop.snapshots is None for uop in out[:3])


def increment_and_test(target: int) -> list[UOp]:
    """i += 1; while i < n (a while loop's tail, from offset `target`)"""
    return [UOp("LOAD_FAST_CHECKED", 1, target=target), const(ONE, 26),
            UOp("GUARD_BOTH_INT", target=27), UOp("BINARY_OP_ADD_INT", target=27),
            UOp("STORE_FAST", 1, target=29), UOp("LOAD_FAST_CHECKED", 1, target=30),
            UOp("LOAD_FAST_CHECKED", 0, target=31), UOp("GUARD_BOTH_INT", target=32),
            UOp("COMPARE_OP_INT", 0, target=32), UOp("TO_BOOL", target=35),
            UOp("GUARD_IS_TRUE_POP", target=36), UOp("JUMP_TO_TOP", target=11, jump=0)]


WHILE = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=False)


def while_loop() -> list[UOp]:
    """while i < n: if i % 2 == 0: evens += 1; i += 1   (locals n, i, evens), unboxed"""
    uops = [UOp("LOAD_FAST_CHECKED", 1, target=11), const(TWO, 12), UOp("BINARY_OP", 6, target=13),
            const(0, 15), UOp("GUARD_BOTH_INT", target=16), UOp("COMPARE_OP_INT", 2, target=16),
            UOp("TO_BOOL", target=19), UOp("GUARD_IS_TRUE_POP", target=25),
            UOp("LOAD_FAST_CHECKED", 2, target=20), const(ONE, 21),
            UOp("GUARD_BOTH_INT", target=22), UOp("BINARY_OP_ADD_INT", target=22),
            UOp("STORE_FAST", 2, target=24), *increment_and_test(25)]
    return unbox.run(types.run(uops, WHILE), WHILE)


def test_while_loop_compares_and_branches_on_int64_with_constants_set_once() -> None:
    out = while_loop()
    assert [u.name for u in out] == [
        "UNBOX_LOCAL_INT64", "UNBOX_LOCAL_INT64", "UNBOX_LOCAL_INT64",
        "INT64_CONST", "INT64_CONST",
        "INT64_AND", "INT64_COMPARE", "GUARD_SLOT_TRUE", "INT64_ADD", "INT64_ADD",
        "INT64_COMPARE", "GUARD_SLOT_TRUE", "JUMP_TO_TOP"]
    assert out[-1].jump == 5
    # i % 2 is i & 1: the mask is the increment's constant 1 too.
    assert [u.operand for u in out[3:5]] == [1, 0] and out[5].operand >> 32 == out[3].oparg
    # The branch's exit resumes the other way with the flag popped.
    exit_snapshot = out[7].snapshots[0]
    assert exit_snapshot.stack == () and out[7].operand == out[6].operand & 0xFFFF
    # n is never stored: its object in localsplus stays right, exits leave it.
    assert [local for local, _, _ in exit_snapshot.locals] == [1, 2]
    assert [local for local, _, _ in exit_snapshot.live] == [0, 1, 2]


def test_native_side_trace_keeps_the_roots_locals_unboxed() -> None:
    executor = compile_trace(while_loop(), nlocalsplus=3, stack_size=2)
    localsplus = [100, 0, 0, None, None]
    odd = executor.run(localsplus)          # leaves at i == 1 for the odd path
    assert (odd.target, localsplus[:3]) == (25, [100, 1, 1])
    assert {(local, slot) for local, _, slot in odd.unboxed} == {(0, 0), (1, 1), (2, 2)}
    side = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=True,
                        root_uops=tuple(executor.uops), entry_unboxed=odd.unboxed)
    tail = unbox.run(types.run(increment_and_test(25), side), side)
    assert tail[-1].name == "JUMP_TO_BODY" and not any(u.name == "INT64_BOX" for u in tail)
    executor.attach(odd.index, tail)
    cells, cell = executor.cells[odd.index]
    assert cells[cell] == executor.native.side_traces[0].code.addresses[0]  # no boxing first
    for n in (1, 2, 7, 100, 1001):  # (entered at the loop top: i < n held)
        localsplus = [n, 0, 0, None, None]
        assert executor.run(localsplus).target == 36
        assert localsplus[:3] == [n, n, (n + 1) // 2], n


def test_ints_and_floats_mix_as_doubles_and_compares_stay_exact() -> None:
    # y = i * 0.5 (int times float: a double); i < 0.5 stays a generic compare
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), const(ONE), UOp("GUARD_BOTH_INT", target=4),
            UOp("BINARY_OP_ADD_INT", target=4), UOp("STORE_FAST", 0, target=6),
            UOp("LOAD_FAST", 0, target=8), const(HALF, 10), UOp("BINARY_OP", 5, target=12),
            UOp("STORE_FAST", 1, target=14), UOp("LOAD_FAST", 0, target=16), const(HALF, 18),
            UOp("COMPARE_OP", 0, target=20), UOp("POP_TOP"), UOp("JUMP_TO_TOP", target=0, jump=0)]
    trace = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)
    out = unbox.run(types.run(uops, trace), trace)
    names = [u.name for u in out]
    assert names[names.index("INT64_ADD") + 1:names.index("INT64_ADD") + 3] == [
        "INT64_TO_FLOAT", "FLOAT_MULTIPLY"]
    assert "UNBOX_LOCAL_FLOAT" in names                 # y is a float local
    assert names[names.index("COMPARE_OP") - 2:names.index("COMPARE_OP")] == [
        "INT64_BOX", "LOAD_CONST"]


def test_a_local_the_loop_never_stores_is_boxed_from_localsplus() -> None:
    # while i < n: i += 1; print(n)  -- n is an int64 for the compare, and its
    # object, still in localsplus, for the call
    uops = [*increment_and_test(25)[:-1], UOp("PUSH_NULL"),
            UOp("LOAD_GLOBAL", 0, 0, 40), UOp("LOAD_FAST_CHECKED", 0, target=41),
            UOp("CALL", 1, 0, 42), UOp("POP_TOP"), UOp("JUMP_TO_TOP", target=11, jump=0)]
    out = unbox.run(types.run(uops, WHILE), WHILE)
    names = [u.name for u in out]
    assert names.count("UNBOX_LOCAL_INT64") == 2 and "INT64_BOX" not in names
    assert out[names.index("CALL") - 1] == UOp("LOAD_FAST", 0, 0, 42)


def test_locals_of_changing_type_stay_boxed() -> None:
    # x = x + 1 then x = 0.5: two types stored, so x is not unboxed
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), const(ONE), UOp("GUARD_BOTH_INT", target=4),
            UOp("BINARY_OP_ADD_INT", target=4), UOp("STORE_FAST", 0), const(HALF),
            UOp("STORE_FAST", 0), UOp("JUMP_TO_TOP", target=0, jump=0)]
    trace = TraceContext(code=None, nlocalsplus=1, entry_depth=0, side=False)
    out = unbox.run(types.run(uops, trace), trace)
    assert not any(u.name.startswith("UNBOX_LOCAL") for u in out)
    assert [u.name for u in out if u.name == "STORE_FAST"] == ["STORE_FAST", "STORE_FAST"]


def test_traces_it_cannot_reason_about_are_left_alone() -> None:
    handlers = (object(), object())
    tier1 = [*int_sum()[:-1], UOp("TIER1_OP", 0, id(handlers), 24, keep=handlers),
             UOp("JUMP_TO_TOP", target=18, jump=0)]
    assert unbox.run(tier1, INT_SUM) == tier1
    branches = [*while_loop()[:-1], UOp("EXIT_TRACE", target=11)]  # not straight
    assert unbox.run(branches, WHILE) == branches


def straight_product() -> list[UOp]:
    """(a * b + c) * 2.0, then on to Tier 1 with it (a function's trace)."""
    return [UOp("LOAD_FAST", 0, target=2), UOp("LOAD_FAST", 1, target=4),
            UOp("GUARD_BOTH_FLOAT", target=6), UOp("BINARY_OP_MULTIPLY_FLOAT", target=6),
            UOp("LOAD_FAST", 2, target=10), UOp("GUARD_BOTH_FLOAT", target=12),
            UOp("BINARY_OP_ADD_FLOAT", target=12), const(TWO_FLOAT, 16),
            UOp("GUARD_BOTH_FLOAT", target=18), UOp("BINARY_OP_MULTIPLY_FLOAT", target=18),
            UOp("EXIT_TRACE", target=22)]


TWO_FLOAT = 2.0
STRAIGHT = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=False)


def test_a_straight_trace_keeps_its_temporaries_unboxed() -> None:
    out = unbox.run(types.run(straight_product(), STRAIGHT), STRAIGHT)
    names = [u.name for u in out]
    assert names[0] == "FLOAT_CONST" and names[-2:] == ["FLOAT_BOX", "EXIT_TRACE"], names
    assert names.count("FLOAT_UNBOX") == 3 and names.count("FLOAT_BOX") == 1, names
    assert not any(name.startswith("BINARY_OP") for name in names), names
    executor = compile_trace(out, nlocalsplus=3, stack_size=2)
    for a, b, c in ((1.5, 2.0, 0.25), (-0.0, 7.0, -0.0), (1e308, 10.0, 1.0)):
        localsplus = [a, b, c, None, None]
        exit_ = executor.run(localsplus)
        assert (exit_.target, localsplus[3]) == (22, (a * b + c) * 2.0)
        assert type(localsplus[3]) is float
    # Not a float: FLOAT_UNBOX leaves before the multiplication, boxed as it was.
    localsplus = [3, 2.0, 0.25, None, None]
    exit_ = executor.run(localsplus)
    assert exit_.target == 6 and localsplus == [3, 2.0, 0.25, 3, 2.0]


def test_a_side_trace_starting_with_the_roots_locals_unboxed_jumps_into_its_body() -> None:
    root = unbox.run(int_sum(), INT_SUM)
    body = [UOp("LOAD_FAST_CHECKED", 1, target=30), const(ONE, 31),
            UOp("GUARD_BOTH_INT", target=32), UOp("BINARY_OP_ADD_INT", target=32),
            UOp("STORE_FAST", 1, target=34), UOp("JUMP_TO_TOP", target=18, jump=0)]
    unboxed = root[4].snapshots[0].live
    side = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=True,
                        root_uops=tuple(root), entry_unboxed=unboxed)
    out = unbox.run(types.run(body, side), side)
    assert [u.name for u in out] == ["INT64_CONST", "INT64_ADD", "GUARD_TYPE", "JUMP_TO_BODY"]
    assert out[1].operand & 0xFFFF == 0 and out[0].oparg >= 2  # total's slot; a fresh one
    # From an exit that had nothing unboxed (the prologue's), the side trace
    # ends at the root's top, which unboxes afresh.
    plain = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=True,
                         root_uops=tuple(root))
    out = unbox.run(types.run(body, plain), plain)
    assert out[-1].name == "JUMP_TO_TOP" and "INT64_BOX" in [u.name for u in out]


def test_the_range_iterator_layout_is_the_running_interpreters() -> None:
    # stencils/helpers.h RangeIterator: index, start, step, len after the header.
    iterator = iter(range(5, 100, 3))
    next(iterator)
    words = [ctypes.c_long.from_address(id(iterator) + 16 + 8 * k).value for k in range(4)]
    assert words == [1, 5, 3, 32]
    assert type(iterator).__basicsize__ == 16 + 8 * 4


def run_int_sum(total: object, count: int) -> tuple:
    """int_sum's unboxed trace run natively from a Tier 1 frame."""
    executor = compile_trace(unbox.run(int_sum(), INT_SUM), nlocalsplus=3, stack_size=3,
                             entry_depth=1)
    iterator = iter(range(count))
    localsplus = [count, total, 0, iterator, None, None]
    exit_ = executor.run(localsplus)
    return exit_, localsplus, iterator


def test_native_run_boxes_back_at_exhaustion() -> None:
    exit_, localsplus, _ = run_int_sum(5, 1000)
    assert (exit_.kind, exit_.target, exit_.stacktop) == (ExitKind.EXIT, 26, 3)
    assert localsplus == [1000, 5 + sum(range(1000)), 999, None, None, None]
    assert type(localsplus[1]) is int


def test_native_overflow_exits_before_the_instruction_with_boxed_operands() -> None:
    start = 2**63 - 100
    exit_, localsplus, iterator = run_int_sum(start, 1000)
    # total + i overflows at i == 14 (start + 0 + ... + 13 == 2**63 - 9)
    assert (exit_.target, exit_.stacktop) == (22, 6)
    assert localsplus[:3] == [1000, start + sum(range(14)), 14]
    assert localsplus[3] is iterator and localsplus[4:] == [start + sum(range(14)), 14]
    assert next(iterator) == 15  # Tier 1 continues the iteration


def test_native_unboxing_exits_for_a_big_int_at_the_loop_top() -> None:
    exit_, localsplus, iterator = run_int_sum(BIG, 10)
    assert (exit_.target, exit_.stacktop) == (18, 4) and localsplus[1] is BIG
    assert next(iterator) == 0


def test_native_error_boxes_back_before_tier1_unwinds() -> None:
    # total + "s" raises TypeError with total unboxed
    uops = [*int_sum()[:-1], UOp("LOAD_FAST", 1, target=40), const("s", 41),
            UOp("BINARY_OP", 0, target=42), UOp("POP_TOP"), UOp("JUMP_TO_TOP", target=18, jump=0)]
    executor = compile_trace(unbox.run(uops, INT_SUM), nlocalsplus=3, stack_size=3, entry_depth=1)
    iterator = iter(range(10))
    localsplus = [10, 7, 0, iterator, None, None]
    with pytest.raises(TypeError):
        executor.run(localsplus)
    failed = executor.failed_exit()
    assert (failed.kind, failed.target, failed.stacktop) == (ExitKind.ERROR, 42, 4)
    assert localsplus == [10, 7, 0, iterator, None, None]


def test_remainders_and_floor_divisions_by_powers_of_two_are_masks_and_shifts() -> None:
    # for i in range(...): total = total + (i % 8 + i // 4 + (i >> 1) + i % 3)
    uops = [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=26),
            UOp("STORE_FAST", 2), UOp("LOAD_FAST_CHECKED", 1, target=20),
            UOp("LOAD_FAST", 2), const(8), UOp("BINARY_OP", 6, target=21),
            UOp("LOAD_FAST", 2), const(4), UOp("BINARY_OP", 2, target=22),
            UOp("BINARY_OP", 0, target=23),
            UOp("LOAD_FAST", 2), const(ONE), UOp("BINARY_OP", 9, target=24),
            UOp("BINARY_OP", 0, target=25),
            UOp("LOAD_FAST", 2), const(3), UOp("BINARY_OP", 6, target=26),
            UOp("BINARY_OP", 0, target=27),
            UOp("BINARY_OP", 0, target=28), UOp("STORE_FAST", 1),
            UOp("JUMP_TO_TOP", target=18, jump=0)]
    out = unbox.run(uops, INT_SUM)
    names = [u.name for u in out]
    assert names.count("INT64_AND") == 1 and names.count("INT64_SHIFT_RIGHT") == 2
    assert names.count("INT64_REMAINDER") == 1 and "INT64_FLOOR_DIVIDE" not in names
    # % 8 masks with 7, // 4 shifts by 2: constants the prologue sets
    constants = {u.oparg: u.operand for u in out if u.name == "INT64_CONST"}
    mask = next(u for u in out if u.name == "INT64_AND")
    shift = next(u for u in out if u.name == "INT64_SHIFT_RIGHT")
    assert constants[mask.operand >> 32] == 7 and constants[shift.operand >> 32] == 2
    # The shift's exit (a negative count) would give Tier 1 the divisor, 4.
    assert (BoxKind.OBJECT, id(4)) in shift.snapshots[0].stack
    executor = compile_trace(out, nlocalsplus=3, stack_size=8, entry_depth=1)
    iterator = iter(range(-70, 70))
    localsplus = [0, 5, 0, iterator, None, None, None, None, None, None, None]
    exit_ = executor.run(localsplus)
    assert exit_.target == 26
    assert localsplus[1] == 5 + sum(i % 8 + i // 4 + (i >> 1) + i % 3 for i in range(-70, 70))


def test_native_float_specials_survive_unboxing() -> None:
    # x = x * 1.0 - 0.0 over a range: nan, inf and -0.0 come back bit for bit
    uops = [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=26),
            UOp("STORE_FAST", 2), UOp("LOAD_FAST_CHECKED", 1, target=20), const(1.0),
            UOp("GUARD_BOTH_FLOAT", target=22), UOp("BINARY_OP_MULTIPLY_FLOAT", target=22),
            const(0.0), UOp("GUARD_BOTH_FLOAT", target=23),
            UOp("BINARY_OP_SUBTRACT_FLOAT", target=23),
            UOp("STORE_FAST", 1), UOp("JUMP_TO_TOP", target=18, jump=0)]
    executor = compile_trace(unbox.run(uops, INT_SUM), nlocalsplus=3, stack_size=3, entry_depth=1)
    for value in (float("nan"), float("inf"), -float("inf"), -0.0, 5e-324):
        localsplus = [0, value, 0, iter(range(3)), None, None]
        assert executor.run(localsplus).target == 26
        expected = value * 1.0 - 0.0
        assert struct.pack("<d", localsplus[1]) == struct.pack("<d", expected)


# ---- inlined calls ------------------------------------------------------------


def triple_plus_one(x):
    return x * 3 + 1


TRIPLE = InlineFrame(triple_plus_one.__code__, triple_plus_one, 40, 42, 0, 1, 2)


def inlined_sum(*callee: UOp, frame: InlineFrame = TRIPLE) -> list[UOp]:
    """for i in range(n): total += triple_plus_one(i) (or `frame`'s
    function), the callee's body given (locals n, total, i; the iterator on
    the stack; the callee's local x)"""
    return [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=26),
            UOp("STORE_FAST", 2, target=19), UOp("LOAD_FAST_CHECKED", 1, target=20),
            UOp("PUSH_NULL", target=21), const(frame.function, 21),
            UOp("LOAD_FAST_CHECKED", 2, target=22),
            UOp("INLINE_CALL", 1, frame.operand(False), 40, keep=frame), *callee,
            UOp("INLINE_RETURN", target=8), UOp("GUARD_BOTH_INT", target=44),
            UOp("BINARY_OP_ADD_INT", target=44), UOp("STORE_FAST", 1, target=46),
            UOp("JUMP_TO_TOP", target=18, jump=0)]


TRIPLE_BODY = (UOp("LOAD_FAST_CHECKED", 0, target=2), const(3, 3),
               UOp("GUARD_BOTH_INT", target=4), UOp("BINARY_OP_MULTIPLY_INT", target=4),
               const(ONE, 6), UOp("GUARD_BOTH_INT", target=7),
               UOp("BINARY_OP_ADD_INT", target=7))


def unboxed_inlined_sum(*callee: UOp, frame: InlineFrame = TRIPLE) -> list[UOp]:
    return unbox.run(types.run(inlined_sum(*callee, frame=frame), INT_SUM), INT_SUM)


def test_types_follow_arguments_into_an_inlined_callee_and_back() -> None:
    out = types.run(inlined_sum(*TRIPLE_BODY), INT_SUM)
    names = [u.name for u in out]
    call, back = names.index("INLINE_CALL"), names.index("INLINE_RETURN")
    # The argument x is bound (its load is unchecked); x * 3 is checked, + 1
    # no longer; total + the callee's int result checks total only.
    assert names[call + 1:back] == ["LOAD_FAST", "LOAD_CONST", "GUARD_BOTH_INT",
                                    "BINARY_OP_MULTIPLY_INT", "LOAD_CONST", "BINARY_OP_ADD_INT"]
    assert names[back + 1:back + 3] == ["GUARD_BOTH_INT", "BINARY_OP_ADD_INT"]
    states = types.infer(out, INT_SUM)
    # i's type (seen by the guard in the callee) is the argument's, known in
    # the callee's frame; the caller's frame waits with its stack.
    assert states[call + 1].locals == (types.ANY,) and states[call + 1].stack == ()
    assert len(states[call + 1].callers[0][0]) == 2  # the iterator, total
    assert states[call + 4].locals == (int,)
    assert states[back + 1].stack[-1].type is int and not states[back + 1].callers
    # With i known an int (a range iterator's), the guard in the callee goes too.
    known = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=False)
    ranged = [UOp("GUARD_TYPE", 0, id(RANGE_ITERATOR), 18, keep=RANGE_ITERATOR),
              *inlined_sum(*TRIPLE_BODY)]
    ranged[-1] = ranged[-1]._replace(jump=1)
    names = [u.name for u in types.run(ranged, known)]
    assert names.count("GUARD_BOTH_INT") == 1  # total's


def test_a_side_trace_that_starts_inside_an_inlined_call_is_left_alone() -> None:
    side = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=True)
    uops = [*TRIPLE_BODY, UOp("INLINE_RETURN", target=8), UOp("STORE_FAST", 1, target=46),
            UOp("JUMP_TO_TOP", target=18, jump=0)]
    assert not types.analysable(uops)
    assert types.run(uops, side) == uops and unbox.run(uops, side) == uops


def test_an_inlined_callee_runs_on_its_unboxed_arguments_with_the_callers_stack_unboxed() -> None:
    out = unboxed_inlined_sum(*TRIPLE_BODY)
    names = [u.name for u in out]
    call, back = names.index("INLINE_CALL"), names.index("INLINE_RETURN")
    # total stays an int64 below the call, and i is passed as an int64: the
    # callee's x is left unbound (INLINE_CALL takes no argument object)
    assert names[names.index("RANGE_ITER_NEXT") + 1:call] == ["PUSH_NULL", "LOAD_CONST"]
    assert out[call].oparg == 0 and out[call].keep is TRIPLE
    # the callee reads x's int64 (i's slot), not its object, and returns its
    # result unboxed (INLINE_RETURN returns None, dropped at once)
    assert names[call + 1:] == ["INT64_MULTIPLY", "INT64_ADD", "LOAD_CONST", "INLINE_RETURN",
                                "POP_TOP", "INT64_ADD", "JUMP_TO_TOP"]
    assert out[back - 1].keep is None
    multiply = out[call + 1]
    total, i = 0, 1
    assert multiply.operand >> 16 & 0xFFFF == i
    locals_ = ((1, BoxKind.INT, total), (2, BoxKind.INT, i))
    # An overflow inside the callee: its stack (x, 3) and its caller's
    # (the iterator, total) both rebuilt, the trace frame's locals, and the
    # callee's x (local 0 of the frame at level 1).
    x = (0 | 1 << 32, BoxKind.INT, i)
    assert multiply.snapshots[0] == Snapshot(
        ((BoxKind.INT, i), (BoxKind.OBJECT, id(3))), 0, (*locals_, x), (3,), locals_,
        ((((BoxKind.REAL, 0), (BoxKind.INT, total)), 1),))


def run_inlined_sum(callee: tuple, total: object, start: int, count: int,
                    frame: InlineFrame = TRIPLE) -> tuple:
    executor = compile_trace(unboxed_inlined_sum(*callee, frame=frame), nlocalsplus=3,
                             stack_size=6, entry_depth=1)
    iterator = iter(range(start, start + count))
    localsplus = [count, total, 0, iterator, None, None, None, None, None]
    return executor, localsplus, iterator


def test_native_inlined_call_adds_with_every_value_unboxed() -> None:
    executor, localsplus, _ = run_inlined_sum(TRIPLE_BODY, 5, 0, 1000)
    exit_ = executor.run(localsplus)
    assert (exit_.kind, exit_.target, exit_.frames) == (ExitKind.EXIT, 26, ())
    assert localsplus[:3] == [1000, 5 + sum(3 * i + 1 for i in range(1000)), 999]


def test_native_overflow_inside_the_callee_rebuilds_both_frames() -> None:
    start = 2**62 - 3  # 3 * i overflows int64 at once
    executor, localsplus, iterator = run_inlined_sum(TRIPLE_BODY, 7, start, 10)
    exit_ = executor.run(localsplus)
    # Tier 1 resumes the callee at BINARY_OP (x * 3) with x and 3 on its
    # stack; its caller's stack holds the iterator and total, boxed.
    assert (exit_.kind, exit_.target, exit_.stacktop) == (ExitKind.EXIT, 4, 3)
    assert exit_.frames == ((TRIPLE, 5),) and exit_.unboxed == ()
    assert localsplus[:5] == [10, 7, start, iterator, 7]
    assert localsplus[5] == ([start, start, 3],)
    assert type(localsplus[4]) is int and next(iterator) == start + 1


def test_native_error_inside_the_callee_rebuilds_both_frames_keeping_the_exception() -> None:
    # x + "s" raises TypeError inside the callee
    body = (UOp("LOAD_FAST_CHECKED", 0, target=2), const("s", 3), UOp("BINARY_OP", 0, target=4))
    executor, localsplus, iterator = run_inlined_sum(body, 7, 3, 10)
    with pytest.raises(TypeError, match="unsupported operand"):
        executor.run(localsplus)
    failed = executor.failed_exit()
    assert (failed.kind, failed.target, failed.stacktop) == (ExitKind.ERROR, 4, 1)
    assert failed.frames == ((TRIPLE, 5),)
    assert localsplus[:6] == [10, 7, 3, iterator, 7, ([3],)]


def celled(x):
    def get():
        return x
    return x + 1


# (its x is a cell: MAKE_CELL 0 starts its body)
CELLED = InlineFrame(celled.__code__, celled, 40, 42, 0, 2, celled.__code__.co_stacksize)
CELLED_BODY = (UOp("MAKE_CELL", 0, target=0), UOp("LOAD_DEREF", 0, target=12),
               const(ONE, 14), UOp("GUARD_BOTH_INT", target=16),
               UOp("BINARY_OP_ADD_INT", target=16))


def test_an_argument_passed_unboxed_is_boxed_into_its_slot_for_make_cell() -> None:
    # i is passed as an int64, its slot in the callee left unbound: MAKE_CELL
    # put that in the cell (empty: LOAD_DEREF left at every call).  The
    # argument is boxed into its slot first.
    out = unboxed_inlined_sum(*CELLED_BODY, frame=CELLED)
    names = [u.name for u in out]
    call = names.index("INLINE_CALL")
    assert out[call].oparg == 0  # (passed unboxed)
    assert names[call + 1:call + 4] == ["INT64_BOX", "STORE_FAST", "MAKE_CELL"]
    executor, localsplus, _ = run_inlined_sum(CELLED_BODY, 5, 0, 1000, frame=CELLED)
    exit_ = executor.run(localsplus)
    assert (exit_.kind, exit_.target, exit_.frames) == (ExitKind.EXIT, 26, ())
    assert localsplus[:3] == [1000, 5 + sum(i + 1 for i in range(1000)), 999]


INLINED_LOOPS = {"spectral", "overflow_in_callee", "zero_divisor", "float_zero_divisor",
                 "argument_type_change", "branches_in_callee", "two_levels", "methods",
                 "exception_caught_in_caller", "callee_changes", "summed"}


def _unboxed_inside_calls(names: list[str]) -> set[str]:
    """The unboxed uops run inside inlined calls."""
    depth, inside = 0, set()
    for name in names:
        depth += (name == "INLINE_CALL") - (name == "INLINE_RETURN")
        if depth and name.startswith(("INT64_", "FLOAT_", "GUARD_SLOT_")):
            inside.add(name)
    return inside


def test_inlined_callees_run_unboxed_natively(tmp_path: Path) -> None:
    # tests/jit_programs/unboxed_inlined.py (which test_jit runs against
    # CPython): each loop's root trace unboxes its locals and the temporaries
    # inside its inlined callee, and most of the work runs natively.
    program = Path(__file__).resolve().parent / "jit_programs" / "unboxed_inlined.py"
    path = tmp_path / "stats.json"
    outcome = run_cpjit(["--stats-json", str(path), "--dump", str(tmp_path / "dump")],
                        [str(program)], tmp_path)
    assert outcome.returncode == 0, outcome.stderr
    unboxed = set()
    for dump in (tmp_path / "dump").glob("*.txt"):
        compiled = dump.read_text().split("uops compiled")[1].split("machine code")[0]
        names = re.findall(r"^\s*\d+ ([A-Z_0-9]+)\s+oparg=", compiled, re.MULTILINE)
        if "UNBOX_LOCAL_INT64" in names or "UNBOX_LOCAL_FLOAT" in names:
            if _unboxed_inside_calls(names):
                unboxed.add(re.fullmatch(r"\d+_(\w+)_\d+\.txt", dump.name)[1])
    assert unboxed >= INLINED_LOOPS, INLINED_LOOPS - unboxed
    stats = json.loads(path.read_text())
    assert stats["native_uops"] > stats["tier1_instructions"], stats


def test_a_slice_of_a_list_takes_no_slice_object() -> None:
    # for i in range(n): r = data[i::-1]   (locals n, data, i, r; i unboxed)
    uops = [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=40),
            UOp("STORE_FAST", 2, target=19), UOp("LOAD_FAST_CHECKED", 1, target=20),
            UOp("LOAD_FAST_CHECKED", 2, target=21), const(None, 22), const(-1, 23),
            UOp("BUILD_SLICE_3", SLICED_LIST, target=24), UOp("BINARY_SUBSCR", target=25),
            UOp("STORE_FAST", 3, target=26), UOp("JUMP_TO_TOP", target=18, jump=0)]
    trace = TraceContext(code=None, nlocalsplus=4, entry_depth=1, side=False,
                         header_stack_types=(RANGE_ITERATOR,))
    names = [uop.name for uop in unbox.run(uops, trace)]
    assert "BUILD_SLICE_3" not in names and "BINARY_SUBSCR" not in names, names
    # data's type is not known, but the recording saw a list: a guard at the
    # BUILD_SLICE checks it is one (and the None on the stack is None), then
    # the slice is taken at once.  Not a list seen (a str): no guard, no fusion.
    seen_other = [uop._replace(oparg=0) if uop.name == "BUILD_SLICE_3" else uop for uop in uops]
    assert "LIST_SLICE" not in [uop.name for uop in unbox.run(seen_other, trace)]
    guard = names.index("GUARD_SLICE_OPERANDS")
    assert names[guard + 1] == "LIST_SLICE", names
    out = unbox.run(uops, trace)
    assert (out[guard].target, out[guard].oparg) == (24, 1)
    # start in a slot (i), stop on the stack (None), step -1, one bound on the stack
    assert (out[guard + 1].target, out[guard + 1].oparg) == (25, 1 | 4 | 1 << 4)


def test_a_slice_assigned_from_a_slice_reuses_the_temporary_list() -> None:
    """b[0:3] = b[2::-1]: the reversed slice, which nothing else holds, trades
    items with b's first three and is kept as a spare (an empty list with its
    item array) that the next slice fills."""
    from jit.backend.symbols import _runtime
    uops = [UOp("LOAD_FAST", 0, target=2), const(2, 4), const(None, 6), const(-1, 8),
            UOp("BUILD_SLICE_3", SLICED_LIST, target=10), UOp("BINARY_SUBSCR", target=12),
            UOp("LOAD_FAST", 0, target=14), const(0, 16), const(3, 18),
            UOp("BUILD_SLICE_2", SLICED_LIST, target=20), UOp("STORE_SUBSCR", target=22),
            UOp("EXIT_TRACE", target=24)]
    trace = TraceContext(code=None, nlocalsplus=1, entry_depth=0, side=False)
    out = unbox.run(uops, trace)
    assert [u.name for u in out if u.name.startswith("LIST_")] == ["LIST_SLICE", "LIST_STORE_SLICE"]
    executor = compile_trace(out, nlocalsplus=1, stack_size=5)
    spares = _runtime["cpjit_spare_slice_lists"]
    spares[:] = [None] * len(spares)
    items = [object() for _ in range(5)]
    b = list(items)
    assert executor.run([b, *[None] * 5]).target == 24
    assert b == [items[2], items[1], items[0], items[3], items[4]]
    kept = [(id(list_), list_ == []) for list_ in spares if list_ is not None]
    assert len(kept) == 1 and kept[0][1], kept
    assert executor.run([b, *[None] * 5]).target == 24  # (the spare filled and kept again)
    assert b == items and [(id(list_), list_ == []) for list_ in spares if list_ is not None] == kept
    nones = sys.getrefcount(None)  # (the slots' None references stay balanced)
    for _ in range(1000):
        executor.run([b, *[None] * 5])
    assert abs(sys.getrefcount(None) - nones) < 100 and b == items
    # a spare held elsewhere (gc.get_objects() finds it) is not filled
    (held,) = [list_ for list_ in spares if list_ is not None]
    assert executor.run([b, *[None] * 5]).target == 24 and held == []
    assert b == [items[2], items[1], items[0], items[3], items[4]]
    # a list held elsewhere is assigned as CPython assigns it
    other = b[2::-1]
    b[0:3] = other
    assert executor.run([b, *[None] * 5]).target == 24 and b[:3] == other[::-1]


# ---- swaps of unboxed items ------------------------------------------------------


def augmented_item_store() -> list[UOp]:
    """for i in range(n): a[1] -= x   (locals n, a, x, i; x a float; 3.11's
    bytecode: the list and index copied for the load, swapped under the value
    for the store)"""
    return [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=40),
            UOp("STORE_FAST", 3, target=19), UOp("LOAD_FAST_CHECKED", 1, target=20),
            const(ONE, 21), UOp("COPY", 2, target=22), UOp("COPY", 2, target=23),
            UOp("BINARY_SUBSCR_LIST_INT", target=24), UOp("LOAD_FAST_CHECKED", 2, target=26),
            UOp("GUARD_BOTH_FLOAT", target=27), UOp("BINARY_OP_SUBTRACT_FLOAT", target=27),
            UOp("SWAP", 3, target=29), UOp("SWAP", 2, target=30),
            UOp("STORE_SUBSCR_LIST_INT", target=31), UOp("JUMP_TO_TOP", target=18, jump=0)]


AUGMENTED = TraceContext(code=None, nlocalsplus=4, entry_depth=1, side=False,
                         header_stack_types=(RANGE_ITERATOR,))


def test_swaps_that_keep_the_native_stacks_order_emit_nothing() -> None:
    # The value (a double) and the index (a constant) swap past the list
    # without being boxed: the store takes both from their slots.
    out = unbox.run(types.run(augmented_item_store(), AUGMENTED), AUGMENTED)
    body = [u.name for u in out[out.index(next(u for u in out if u.name == "RANGE_ITER_NEXT")):]]
    # (the item is loaded as a double: a float operation is its next use)
    assert body == ["RANGE_ITER_NEXT", "LOAD_FAST_CHECKED", "COPY", "LIST_GET_FLOAT",
                    "FLOAT_SUBTRACT", "LIST_SET_FLOAT", "JUMP_TO_TOP"]
    store = next(u for u in out if u.name == "LIST_SET_FLOAT")
    load = next(u for u in out if u.name == "LIST_GET_FLOAT")
    subtract = next(u for u in out if u.name == "FLOAT_SUBTRACT")
    # the index (the constant's slot), then the difference's slot
    assert store.operand == load.operand >> 16 | (subtract.operand & 0xFFFF) << 16
    assert subtract.operand >> 16 & 0xFFFF == load.operand & 0xFFFF  # (the item's double)


def test_native_augmented_item_store_of_an_unboxed_value() -> None:
    out = unbox.run(types.run(augmented_item_store(), AUGMENTED), AUGMENTED)
    executor = compile_trace(out, nlocalsplus=4, stack_size=4, entry_depth=1)
    for n in (0, 1, 5, 100):
        items = [7.0, 10.0, 3.0]
        localsplus = [n, items, 0.25, 0, iter(range(n)), None, None, None]
        assert executor.run(localsplus).target == 40
        assert items == [7.0, 10.0 - 0.25 * n if n else 10.0, 3.0]


def test_an_item_store_writes_into_a_float_only_the_list_holds() -> None:
    out = unbox.run(types.run(augmented_item_store(), AUGMENTED), AUGMENTED)
    # (stack_size 5: the subtraction's exit has five items on Tier 1's stack)
    executor = compile_trace(out, nlocalsplus=4, stack_size=5, entry_depth=1)

    def run(items: list, n: int) -> int:
        return executor.run([n, items, 0.25, 0, iter(range(n)), *[None] * 4]).target

    items = [7.0, float("10"), 3.0]  # (a float of its own: only the list holds it)
    before = id(items[1])
    assert run(items, 5) == 40
    assert items[1] == 8.75 and id(items[1]) == before
    kept = items[1]  # held elsewhere too: a new float, the kept one unchanged
    assert run(items, 5) == 40
    assert (items[1], kept) == (7.5, 8.75) and items[1] is not kept
    # an int or a float subclass: the load leaves, the list as it was
    # (stores over such items: tests/jit_programs/float_stores.py)
    for odd in (10, type("F", (float,), {})(10.0)):
        items = [7.0, odd, 3.0]
        assert run(items, 1) == 24 and items[1] is odd


def test_an_item_used_as_an_object_first_is_loaded_as_one() -> None:
    """y = (x := a[1]) * 2.0: the COPY for x comes before the multiplication,
    so the item is loaded as an object (x is a[1]), unboxed for the product."""
    trace = [UOp("LOAD_FAST", 0, target=2), const(ONE, 4), UOp("BINARY_SUBSCR_LIST_INT", target=6),
             UOp("COPY", 1, target=8), UOp("STORE_FAST", 1, target=10), const(2.0, 12),
             UOp("GUARD_BOTH_FLOAT", target=14), UOp("BINARY_OP_MULTIPLY_FLOAT", target=14),
             UOp("STORE_FAST", 2, target=16), UOp("EXIT_TRACE", target=18)]
    context = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=False)
    out = unbox.run(types.run(trace, context), context)
    names = [u.name for u in out]
    assert "LIST_GET_INT64" in names and "LIST_GET_FLOAT" not in names, names
    executor = compile_trace(out, nlocalsplus=3, stack_size=3)
    items = [1.0, float("2.5")]
    localsplus = [items, None, None, None, None, None]
    assert executor.run(localsplus).target == 18
    assert localsplus[1] is items[1] and localsplus[2] == 5.0


def test_an_item_store_of_a_value_a_local_holds_stores_that_object() -> None:
    """x = a[0] * 2.0; a[1] = x: x holds the product's object (a straight
    trace's locals are boxed), which a[1] gets, as under CPython (a[1] is x)."""
    trace = [UOp("LOAD_FAST", 0, target=2), const(0, 4), UOp("BINARY_SUBSCR_LIST_INT", target=6),
             const(2.0, 8), UOp("GUARD_BOTH_FLOAT", target=10),
             UOp("BINARY_OP_MULTIPLY_FLOAT", target=10), UOp("STORE_FAST", 1, target=12),
             UOp("LOAD_FAST", 1, target=14), UOp("LOAD_FAST", 0, target=16), const(ONE, 18),
             UOp("STORE_SUBSCR_LIST_INT", target=20), UOp("EXIT_TRACE", target=22)]
    context = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)
    out = unbox.run(types.run(trace, context), context)
    names = [u.name for u in out]
    assert "LIST_SET_FLOAT" not in names and "LIST_SET_INT64" in names, names
    executor = compile_trace(out, nlocalsplus=2, stack_size=3)
    items = [1.5, 0.0]
    localsplus = [items, None, None, None, None]
    assert executor.run(localsplus).target == 22
    assert items == [1.5, 3.0] and items[1] is localsplus[1]


class Total:
    def __init__(self, total: object) -> None:
        self.total = total  # (its inline values' first attribute)


def augmented_attribute(constant: object, kind: str, odd: tuple) -> object:
    """t.total += constant, a straight trace (local 0: t; kind: INT or FLOAT),
    compiled: the attribute loaded as the value (LOAD_ATTR_<kind>: the addition
    is its next use) and stored by STORE_ATTR_<kind>, nothing boxed or swapped
    between; attributes of the `odd` values leave at the load, t as it was."""
    trace = [UOp("LOAD_FAST", 0, target=2), UOp("COPY", 1, target=4),
             UOp("LOAD_ATTR_INSTANCE_VALUE", 0, 0, 6), const(constant, 8),
             UOp(f"GUARD_BOTH_{kind}", target=10), UOp(f"BINARY_OP_ADD_{kind}", target=10),
             UOp("SWAP", 2, target=12), UOp("STORE_ATTR_INSTANCE_VALUE", 0, 0, 14),
             UOp("EXIT_TRACE", target=16)]
    context = TraceContext(code=None, nlocalsplus=1, entry_depth=0, side=False)
    out = unbox.run(types.run(trace, context), context)
    names = [u.name for u in out]
    assert f"LOAD_ATTR_{kind}" in names and f"STORE_ATTR_{kind}" in names, names
    assert not {"INT64_BOX", "FLOAT_BOX", "INT64_UNBOX", "FLOAT_UNBOX", "SWAP"} & set(names), names
    executor = compile_trace(out, nlocalsplus=1, stack_size=3)
    for value in odd:
        t = Total(value)
        assert executor.run([t, None, None, None]).target == 6 and t.total is value
    return executor


def test_an_attribute_store_writes_into_a_float_only_the_object_holds() -> None:
    """t.total += 0.5: into the old float when only t holds it."""
    executor = augmented_attribute(0.5, "FLOAT", (1, type("F", (float,), {})(1.5), None))
    t = Total(float("1.25"))  # (only the object holds it)
    before = id(t.total)
    assert executor.run([t, None, None, None]).target == 16
    assert t.total == 1.75 and id(t.total) == before
    kept = t.total  # held elsewhere too: a new float, the kept one unchanged
    assert executor.run([t, None, None, None]).target == 16
    assert (t.total, kept) == (2.25, 1.75)
    t.__dict__  # (materialised: no inline values, the load leaves)
    assert executor.run([t, None, None, None]).target == 6 and t.total == 2.25


def test_an_attribute_store_writes_into_an_int_only_the_object_holds() -> None:
    """t.total += 7: into the old int when only t holds it and it has as
    many digits; a cached small int result is that object."""
    executor = augmented_attribute(7, "INT", (2**64, True, 1.5))  # (past int64, a bool, a float)

    def run(total: int) -> Total:
        t = Total(total)
        del total  # (t alone holds it)
        before = id(t.total)
        assert executor.run([t, None, None, None]).target == 16
        return t, before

    for start in (1000, -1000, 2**30 - 100, -2**30 - 100, 2**59 + 5, -2**59 - 5):
        t, before = run(start + int("0"))  # (an int of its own)
        assert t.total == start + 7 and id(t.total) == before, start
    t, before = run(2**30 - 3)  # one digit to two: a new int
    assert t.total == 2**30 + 4 and type(t.total) is int
    t, before = run(2**60 - 3)  # two digits to three (past the in-place forms)
    assert t.total == 2**60 + 4 and type(t.total) is int
    t, before = run(int("-12"))  # an int of its own -> -5: the cached small int
    assert t.total == -5 and t.total is int("-5")
    t = Total(2**63 - 3)  # overflow: the addition leaves, Tier 1 adds
    assert executor.run([t, None, None, None]).target == 10 and t.total == 2**63 - 3
    t = Total(10**6)
    kept = t.total  # held elsewhere too: a new int, the kept one unchanged
    executor.run([t, None, None, None])
    assert (t.total, kept) == (10**6 + 7, 10**6)


def test_a_plain_attribute_store_of_a_number_boxes_in_the_uop() -> None:
    """t.total = t.total * 2.0 (the owner read through local 0): the store,
    borrow-fused, becomes STORE_ATTR_FLOAT_LOCAL (the value's slot, the
    attribute's index in its operand)."""
    trace = [UOp("LOAD_ATTR_INSTANCE_VALUE_LOCAL", 0, 0, 2), const(2.0, 4),
             UOp("GUARD_BOTH_FLOAT", target=6), UOp("BINARY_OP_MULTIPLY_FLOAT", target=6),
             UOp("STORE_ATTR_INSTANCE_VALUE_LOCAL", 0, 0, 8), UOp("EXIT_TRACE", target=10)]
    context = TraceContext(code=None, nlocalsplus=1, entry_depth=0, side=False)
    out = unbox.run(types.run(trace, context), context)
    store = next(u for u in out if u.name.startswith("STORE_ATTR"))
    assert store.name == "STORE_ATTR_FLOAT_LOCAL" and store.oparg == 0 and store.operand >> 16 == 0
    load = next(u for u in out if u.name.startswith("LOAD_ATTR"))  # (the owner read from local 0)
    assert load.name == "LOAD_ATTR_FLOAT_LOCAL" and load.oparg == 0 and load.operand >> 16 == 0
    executor = compile_trace(out, nlocalsplus=1, stack_size=2)
    t = Total(float("1.5"))
    before = id(t.total)
    assert executor.run([t, None, None]).target == 10
    assert t.total == 3.0 and id(t.total) == before
    t = Total(3)  # an int: the load leaves where the LOAD_FAST was
    assert executor.run([t, None, None]).target == 2 and t.total == 3


class Holder:
    pass


def attribute_store() -> list[UOp]:
    """for i in range(n): holder.count = i + 1   (locals n, holder, i)"""
    return [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=40),
            UOp("STORE_FAST", 2, target=19), UOp("LOAD_FAST_CHECKED", 2, target=20),
            const(ONE, 21), UOp("GUARD_BOTH_INT", target=22),
            UOp("BINARY_OP_ADD_INT", target=22), UOp("LOAD_FAST_CHECKED", 1, target=24),
            UOp("STORE_ATTR", 0, id("count"), 26, keep="count"),
            UOp("JUMP_TO_TOP", target=18, jump=0)]


def test_a_value_under_an_object_is_boxed_on_top_and_swapped_under_it() -> None:
    # (not rebuilt from a snapshot by MATERIALIZE)
    trace = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=False,
                         header_stack_types=(RANGE_ITERATOR,))
    out = unbox.run(types.run(attribute_store(), trace), trace)
    names = [u.name for u in out]
    assert "MATERIALIZE" not in names
    store = names.index("STORE_ATTR")
    assert names[store - 4:store + 1] == ["INT64_ADD", "LOAD_FAST_CHECKED", "INT64_BOX", "SWAP",
                                          "STORE_ATTR"]
    executor = compile_trace(out, nlocalsplus=3, stack_size=3, entry_depth=1)
    holder = Holder()
    for n in (0, 1, 300):
        localsplus = [n, holder, 0, iter(range(n)), None, None]
        assert executor.run(localsplus).target == 40
        assert getattr(holder, "count", 0) == n


def item_sum(kind: str) -> list[UOp]:
    """for i in range(n): total += items[i]   (locals n, items, total, i; the
    items and total of `kind`, "INT" or "FLOAT")"""
    return [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=40),
            UOp("STORE_FAST", 3, target=19), UOp("LOAD_FAST_CHECKED", 2, target=20),
            UOp("LOAD_FAST_CHECKED", 1, target=21), UOp("LOAD_FAST_CHECKED", 3, target=22),
            UOp("BINARY_SUBSCR_LIST_INT", target=23), UOp(f"GUARD_BOTH_{kind}", target=24),
            UOp(f"BINARY_OP_ADD_{kind}", target=24), UOp("STORE_FAST", 2, target=26),
            UOp("JUMP_TO_TOP", target=18, jump=0)]


ITEMS = TraceContext(code=None, nlocalsplus=4, entry_depth=1, side=False,
                           header_stack_types=(RANGE_ITERATOR,))


@pytest.mark.parametrize("kind, fused, unbox_uop", [("FLOAT", "LIST_GET_FLOAT", "FLOAT_UNBOX"),
                                                     ("INT", "LIST_GET_INT", "INT64_UNBOX")])
def test_a_list_item_unboxed_takes_no_reference(kind, fused, unbox_uop) -> None:
    out = unbox.run(types.run(item_sum(kind), ITEMS), ITEMS)
    names = [u.name for u in out]
    assert fused in names and unbox_uop not in names and "LIST_GET_INT64" not in names


@pytest.mark.parametrize("kind, items, target, total", [
    ("FLOAT", [0.5, 1.5, 2.25], 40, 4.25),  # every item a float: the loop runs to its end
    ("FLOAT", [0.5, 1, 2.25], 23, 0.5),     # an int: leaves at the subscript, which Tier 1 redoes
    ("FLOAT", [0.5], 23, 0.5),              # out of range (n is 3): likewise
    ("INT", [5, -7, 11], 40, 9),
    ("INT", [5, 2**64, 11], 23, 5),         # too big for an int64
    ("INT", [5, 1.5, 11], 23, 5),
])
def test_native_list_items_and_the_ones_that_leave(kind, items, target, total) -> None:
    out = unbox.run(types.run(item_sum(kind), ITEMS), ITEMS)
    executor = compile_trace(out, nlocalsplus=4, stack_size=4, entry_depth=1)
    localsplus = [3, items, 0.0 if kind == "FLOAT" else 0, 0, iter(range(3)), None, None, None]
    assert executor.run(localsplus).target == target
    assert localsplus[2] == total


def countdown() -> list[UOp]:
    """while n: total += n; n -= 1   (locals n, total; the test at the end)"""
    return [UOp("LOAD_FAST_CHECKED", 1, target=2), UOp("LOAD_FAST_CHECKED", 0, target=4),
            UOp("GUARD_BOTH_INT", target=6), UOp("BINARY_OP_ADD_INT", target=6),
            UOp("STORE_FAST", 1, target=8), UOp("LOAD_FAST_CHECKED", 0, target=10),
            const(ONE, 12), UOp("GUARD_BOTH_INT", target=14),
            UOp("BINARY_OP_SUBTRACT_INT", target=14), UOp("STORE_FAST", 0, target=16),
            UOp("LOAD_FAST_CHECKED", 0, target=18), UOp("TO_BOOL", target=20),
            UOp("GUARD_IS_TRUE_POP", target=22), UOp("JUMP_TO_TOP", target=0, jump=0)]


def test_an_unboxed_ints_truth_is_tested_in_its_slot() -> None:
    out = unbox.run(types.run(countdown(), WHILE), WHILE)
    names = [u.name for u in out]
    assert not any(name.startswith(("TO_BOOL", "INT64_BOX")) for name in names)
    guard = out[names.index("GUARD_SLOT_TRUE")]
    n_slot = next(u.operand for u in out if u.name == "UNBOX_LOCAL_INT64" and u.oparg == 0)
    assert guard.operand == n_slot and guard.target == 22
    assert guard.snapshots[0].stack == ()  # leaves the other way, the value popped
    executor = compile_trace(out, nlocalsplus=3, stack_size=2)
    for n in (1, 2, 1000):  # (entered at the loop top: n was true)
        localsplus = [n, 7, None, None, None]
        assert executor.run(localsplus).target == 22
        assert localsplus[:2] == [0, 7 + n * (n + 1) // 2] and type(localsplus[0]) is int


def test_float_maths_table_is_math_functions_order() -> None:
    # FLOAT_MATH calls functions[oparg]: its C table and MATH_FUNCTIONS must agree.
    from jit.uops import load_uops
    table = re.search(r"functions\[\]\)\(double\) = \{([^}]*)\}", load_uops()["FLOAT_MATH"].body)
    assert table, load_uops()["FLOAT_MATH"].body
    assert [name.strip() for name in table.group(1).split(",")] == \
        [function.__name__ for function in unbox.MATH_FUNCTIONS]


def math_of_product(function: object, kind: str = "FLOAT") -> list[UOp]:
    """function(a * b) (a and b of `kind`, INT or FLOAT), the result stored
    in `self.v = v = ...` (local 2 the object, 3 the copy), then on to Tier 1
    (a function's trace)."""
    return [UOp("PUSH_NULL", target=2), const(function, 2), UOp("LOAD_FAST", 0, target=4),
            UOp("LOAD_FAST", 1, target=6), UOp(f"GUARD_BOTH_{kind}", target=8),
            UOp(f"BINARY_OP_MULTIPLY_{kind}", target=8),
            UOp("CALL_BUILTIN_O", 1, 0, 10, keep=function), UOp("COPY", 1, target=12),
            UOp("STORE_FAST", 2, target=14), UOp("STORE_FAST", 3, target=16),
            UOp("EXIT_TRACE", target=18)]


MATH = TraceContext(code=None, nlocalsplus=4, entry_depth=0, side=False)


@pytest.mark.parametrize("function", unbox.MATH_FUNCTIONS, ids=lambda f: f.__name__)
def test_a_math_function_of_a_known_float_runs_on_its_double(function) -> None:
    out = unbox.run(types.run(math_of_product(function), MATH), MATH)
    names = [u.name for u in out]
    assert "CALL_BUILTIN_O" not in names and names.count("FLOAT_MATH") == 1, names
    call = out[names.index("FLOAT_MATH")]
    assert unbox.MATH_FUNCTIONS[call.oparg] is function
    # NULL and the function are never pushed; the exit leaves Tier 1 the
    # call's stack: NULL, the function (constants) and the product (boxed).
    assert "PUSH_NULL" not in names and "LOAD_CONST" not in names and "POP_TOP" not in names
    assert call.target == 10 and [kind for kind, _ in call.snapshots[0].stack] == [
        BoxKind.OBJECT, BoxKind.OBJECT, BoxKind.FLOAT]
    # Boxed once for both stores: `self.v is v` holds.
    assert names.count("FLOAT_BOX") == 1 and names[names.index("FLOAT_BOX") + 1] == "COPY"
    executor = compile_trace(out, nlocalsplus=4, stack_size=4)
    for a, b in ((1.5, 2.0), (-0.0, 3.0), (0.25, -0.5), (1e154, 1e154), (30.0, 30.0),
                 (float("nan"), 1.0)):
        localsplus = [a, b, None, None, None, None, None, None]
        exit_ = executor.run(localsplus)
        try:
            expected = function(a * b)
        except (ValueError, OverflowError):
            expected = None
        if expected is not None and math.isfinite(a * b) and math.isfinite(expected):
            assert exit_.target == 18 and repr(localsplus[2]) == repr(expected), (a, b)
            assert localsplus[3] is localsplus[2]
        else:  # Tier 1 makes the call: its stack as CPython's would be
            assert exit_.target == 10 and localsplus[4:6] == [NULL, function], (a, b)
            assert localsplus[6] == a * b or math.isnan(a * b)


@pytest.mark.parametrize("kind", ["INT", "FLOAT"])
def test_abs_of_a_known_number_runs_on_its_value(kind: str) -> None:
    out = unbox.run(types.run(math_of_product(abs, kind), MATH), MATH)
    names = [u.name for u in out]
    name = "INT64_ABS" if kind == "INT" else "FLOAT_ABS"
    assert "CALL_BUILTIN_O" not in names and names.count(name) == 1, names
    assert "PUSH_NULL" not in names and "LOAD_CONST" not in names and "POP_TOP" not in names
    executor = compile_trace(out, nlocalsplus=4, stack_size=4)
    cases = ([(3, -4), (-5, 7), (0, 9), (2**31, 2**31), (-2**62, 2)] if kind == "INT" else
             [(1.5, -2.0), (-0.0, 3.0), (float("inf"), -1.0), (float("nan"), 1.0)])
    for a, b in cases:
        localsplus = [a, b, None, None, None, None, None, None]
        exit_ = executor.run(localsplus)
        if a * b == -2**63:  # (abs of INT64_MIN: Tier 1 makes the call, on its stack)
            assert exit_.target == 10 and localsplus[4:7] == [NULL, abs, -2**63]
            continue
        assert exit_.target == 18 and repr(localsplus[2]) == repr(abs(a * b)), (a, b)
        assert type(localsplus[2]) is type(a * b) and localsplus[3] is localsplus[2]


def len_plus(kind: type) -> list[UOp]:
    """len(x) + a, x guarded to be of type `kind` (as the recorder guards
    it), the sum stored in locals 2 and 3 (COPY), then on to Tier 1."""
    return [UOp("PUSH_NULL", target=2), const(len, 2), UOp("LOAD_FAST", 0, target=4),
            UOp("GUARD_TYPE", 0, id(kind), 6, keep=kind), UOp("CALL_LEN", 1, 0, 6),
            UOp("LOAD_FAST", 1, target=8), UOp("GUARD_BOTH_INT", target=10),
            UOp("BINARY_OP_ADD_INT", target=10), UOp("COPY", 1, target=12),
            UOp("STORE_FAST", 2, target=14), UOp("STORE_FAST", 3, target=16),
            UOp("EXIT_TRACE", target=18)]


SIZED = {list: [1, 2, 3], tuple: (1, 2), bytes: b"abcd", dict: {1: 2}, set: {1, 2, 3, 4, 5},
         frozenset: frozenset("ab"), str: "h\u00e9llo \U0001f600"}


@pytest.mark.parametrize("kind", SIZED, ids=lambda kind: kind.__name__)
def test_len_of_a_known_sized_object_runs_on_its_length(kind: type) -> None:
    out = unbox.run(types.run(len_plus(kind), MATH), MATH)
    names = [u.name for u in out]
    assert "CALL_LEN" not in names and names.count("INT64_LEN") == 1, names
    assert "PUSH_NULL" not in names and "LOAD_CONST" not in names and "POP_TOP" not in names
    executor = compile_trace(out, nlocalsplus=4, stack_size=4)
    value = SIZED[kind]
    for a in (5, -2**62):
        localsplus = [value, a, None, None, None, None, None, None]
        before = sys.getrefcount(value)
        exit_ = executor.run(localsplus)
        assert exit_.target == 18 and localsplus[2] == len(value) + a, (kind, a)
        assert type(localsplus[2]) is int and localsplus[3] is localsplus[2]
        assert sys.getrefcount(value) == before  # (the load's reference released)
    # another type fails the guard: Tier 1 makes the call, on its stack
    other = (1, 2) if kind is not tuple else [1]
    localsplus = [other, 5, None, None, None, None, None, None]
    exit_ = executor.run(localsplus)
    assert exit_.target == 6 and localsplus[4:7] == [NULL, len, other]


def test_the_recorder_guards_the_type_of_len_s_argument() -> None:
    from interpreter.decode import decode
    from jit.trace.builtin_calls import argument_guards

    class Padded(list):
        def __len__(self) -> int:
            return 100
    dec = decode((lambda items: len(items)).__code__)
    call = UOp("CALL_LEN", 1, 0, 6)
    assert [(u.name, u.keep, u.target)
            for u in argument_guards(call, [NULL, len, [1]], dec)] == [("GUARD_TYPE", list, 6)]
    assert argument_guards(call, [NULL, len, Padded()], dec) == []  # (its __len__ runs)
    assert argument_guards(UOp("CALL_BUILTIN_O", 1, 0, 6, keep=abs), [NULL, abs, [1]], dec) == []


def test_a_call_whose_argument_guard_failed_is_recorded_unguarded() -> None:
    from interpreter.decode import decode
    from jit.trace.builtin_calls import argument_guards, polymorphic
    dec = decode((lambda items: len(items)).__code__)
    call = UOp("CALL_LEN", 1, 0, 6)
    guarded = [UOp("GUARD_CALLEE", 1, id(len), 6, keep=len),
               *argument_guards(call, [NULL, len, [1]], dec), call]
    assert [u.name for u in guarded] == ["GUARD_CALLEE", "GUARD_TYPE", "CALL_LEN"]
    # A side trace starting at anything else learns nothing.
    assert not polymorphic([UOp("GUARD_TYPE", 0, id(int), 6, keep=int),
                            UOp("UNARY_NEGATIVE", 0, 0, 6)], dec)
    assert argument_guards(call, [NULL, len, [1]], dec) != []
    # One starting at the guarded call: that site is recorded unguarded from
    # then on (other sites, other code, as before).
    assert polymorphic(guarded, dec)
    assert argument_guards(call, [NULL, len, [1]], dec) == []
    assert argument_guards(UOp("CALL_LEN", 1, 0, 8), [NULL, len, [1]], dec) != []
    other = decode((lambda items: len(items)).__code__)
    assert argument_guards(call, [NULL, len, [1]], other) != []


MANY_KINDS = """
def kinds(n):
    items = [[1, 2, 3], (1, 2), b"abcd", {1: 2}, {1, 2, 3, 4}, frozenset({1}), "hello", [7] * 9]
    total = 0
    for i in range(n):
        total += len(items[i % 8])
    return total
print(kinds(20000))
"""


def test_a_len_call_meeting_many_types_is_retraced_unguarded(tmp_path: Path) -> None:
    # The root trace guards len()'s argument to be the list it recorded; when
    # that guard's exit gets hot, the loop is traced again with the call
    # unguarded, rather than get a side trace guarding the next type (and its
    # exit one guarding the next: seven in turn, each iteration leaving
    # several traces, slower than CPython).
    path = tmp_path / "stats.json"
    outcome = run_cpjit(["--stats-json", str(path)], ["-c", MANY_KINDS], tmp_path)
    assert outcome.returncode == 0 and outcome.stdout == "72500\n", outcome.stderr
    stats = json.loads(path.read_text())
    assert stats["retired"] == {"polymorphic call": 1}, stats["retired"]
    assert [trace["kind"] for trace in stats["traces"]] == ["root", "root"], stats["traces"]


def test_len_of_an_object_of_unknown_type_keeps_its_call() -> None:
    trace = [u for u in len_plus(list) if u.name != "GUARD_TYPE"]
    out = unbox.run(types.run(trace, MATH), MATH)
    names = [u.name for u in out]
    assert "CALL_LEN" in names and "INT64_LEN" not in names, names


def test_a_math_call_of_an_unknown_type_keeps_its_call() -> None:
    trace = [UOp("PUSH_NULL", target=2), const(math.sqrt, 2), UOp("LOAD_FAST", 0, target=4),
             UOp("CALL_BUILTIN_O", 1, 0, 10, keep=math.sqrt), UOp("STORE_FAST", 1, target=12),
             UOp("EXIT_TRACE", target=14)]
    context = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)
    out = unbox.run(types.run(trace, context), context)
    assert [u.name for u in out] == ["PUSH_NULL", "LOAD_CONST", "LOAD_FAST", "CALL_BUILTIN_O",
                                     "STORE_FAST", "EXIT_TRACE"]


def test_a_boxed_local_stored_from_a_number_is_loaded_as_its_value() -> None:
    """t = a * b; return t * t + t: t is stored as an object (Tier 1 sees
    it), its loads take the product's slot."""
    trace = [UOp("LOAD_FAST", 0, target=2), UOp("LOAD_FAST", 1, target=4),
             UOp("GUARD_BOTH_FLOAT", target=6), UOp("BINARY_OP_MULTIPLY_FLOAT", target=6),
             UOp("STORE_FAST", 2, target=8), UOp("LOAD_FAST", 2, target=10),
             UOp("LOAD_FAST", 2, target=12), UOp("BINARY_OP", 5, target=14),
             UOp("LOAD_FAST", 2, target=16), UOp("BINARY_OP", 0, target=18),
             UOp("EXIT_TRACE", target=20)]
    context = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=False)
    out = unbox.run(types.run(trace, context), context)
    names = [u.name for u in out]
    assert names.count("FLOAT_UNBOX") == 2 and names.count("LOAD_FAST") == 2, names
    assert names.count("FLOAT_BOX") == 2 and "STORE_FAST" in names, names  # (t, the result)
    executor = compile_trace(out, nlocalsplus=3, stack_size=2)
    localsplus = [1.5, 2.0, None, None, None]
    exit_ = executor.run(localsplus)
    assert (exit_.target, localsplus[2], localsplus[3]) == (20, 3.0, 12.0)


def test_ints_the_recording_saw_past_int64_stay_boxed() -> None:
    # The recording saw `total + i` take (or make) an int past int64, and
    # `total` hold one: the add stays boxed, and `total` is no unboxed local
    # (unboxed, each would leave at every run).
    context = INT_SUM._replace(wide_offsets=frozenset({22}), wide_locals=frozenset({1}))
    out = unbox.run(int_sum(), context)
    names = [u.name for u in out]
    assert "BINARY_OP_ADD_INT" in names and "INT64_ADD" not in names, names
    assert ("UNBOX_LOCAL_INT64", 1) not in [(u.name, u.oparg) for u in out], names
    assert ("UNBOX_LOCAL_INT64", 2) in [(u.name, u.oparg) for u in out], names  # i still is


SUMS_PAST_INT64 = """
def sums(pairs):
    partials = {}
    get = partials.get
    for n, d in pairs:
        partials[d] = get(d, 0) + n
    return partials
pairs = [((d + 1) << 55, d) for _ in range(300) for d in range(64)]
print(sum(sums(pairs).values()) % 1000003)
"""


@pytest.mark.parametrize("mode", [[], ["--threshold", "1"]])
def test_sums_growing_past_int64_take_a_few_side_traces(tmp_path: Path, mode: list[str]) -> None:
    # Each key's sum overflows int64 at another time.  Side traces recorded
    # from those exits unboxed the sums again (their operands still fit, the
    # result did not; or a sum already past int64 came in): ~170 side traces
    # in turn, the tree retired three times over (statistics.mean did the same).
    path = tmp_path / "stats.json"
    outcome = run_cpjit([*mode, "--stats-json", str(path)], ["-c", SUMS_PAST_INT64], tmp_path)
    expected = str(sum((d + 1) << 55 for _ in range(300) for d in range(64)) % 1000003)
    assert outcome.returncode == 0 and outcome.stdout == expected + "\n", outcome.stderr
    stats = json.loads(path.read_text())
    assert stats["retired"] == {}, stats["retired"]
    sides = sum(trace["kind"] == "side" for trace in stats["traces"])
    assert sides <= 6, stats["traces"]


STR_SLICES = """
def versions(paths):
    seen = {}
    for path in paths:
        version, _, rest = path[5:].partition("/")
        seen[version] = seen.get(version, 0) + len(rest)
    return seen
paths = " ".join(f"/api/v{i % 3}/items/{i}" for i in range(3000)).split(" ")
print(sorted(versions(paths).items()))
"""


def test_a_slice_of_what_the_recording_saw_as_a_str_is_not_fused_for_a_list(tmp_path: Path) -> None:
    # `path[5:]` on a str of unknown type (a list's item) was fused into
    # LIST_SLICE behind a guard that the container is a list: it failed at
    # every run, and so did each side trace recorded from there (~140, the
    # tree retired three times).  The recorded container type decides.
    path = tmp_path / "stats.json"
    outcome = run_cpjit(["--stats-json", str(path)], ["-c", STR_SLICES], tmp_path)
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout == "[('v0', 9628), ('v1', 9631), ('v2', 9631)]\n", outcome.stdout
    stats = json.loads(path.read_text())
    sides = sum(trace["kind"] == "side" for trace in stats["traces"])
    assert sides <= 4 and stats["retired"] == {}, (sides, stats["retired"])
