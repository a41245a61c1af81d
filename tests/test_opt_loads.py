"""The loads pass: unchecked loads of bound locals, dead stores, pushes popped at once."""
from __future__ import annotations

from pathlib import Path

from differential import assert_same, run_pair
from jit.optimizer import TraceContext, loads
from jit.uops import UOp

PROGRAM_DIR = Path(__file__).resolve().parent / "jit_programs"
TRACE = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=False)


def U(name, oparg=0, **fields) -> UOp:
    return UOp(name, oparg, **fields)


def names(uops):
    return [(u.name, u.oparg) for u in uops]


def run(uops):
    return loads.run(uops, TRACE)


def test_checked_loads_of_bound_locals_become_plain_loads():
    out = run([U("LOAD_FAST_CHECKED", 0, target=1), U("LOAD_FAST_CHECKED", 0, target=2),
               U("STORE_FAST", 1), U("LOAD_FAST_CHECKED", 1, target=3),
               U("LOAD_FAST_CHECKED", 2, target=4), U("TIER1_OP", 0x100, target=5),
               U("LOAD_FAST_CHECKED", 0, target=6), U("BINARY_OP", 0, target=7),
               U("STORE_FAST", 0), U("JUMP_TO_TOP", jump=0)])
    assert names(out) == [("LOAD_FAST_CHECKED", 0), ("LOAD_FAST", 0), ("STORE_FAST", 1),
                          ("LOAD_FAST", 1), ("LOAD_FAST_CHECKED", 2), ("TIER1_OP", 0x100),
                          ("LOAD_FAST_CHECKED", 0), ("BINARY_OP", 0), ("STORE_FAST", 0),
                          ("JUMP_TO_TOP", 0)]


def test_a_deleted_local_is_checked_again():
    out = run([U("STORE_FAST", 0), U("STORE_FAST", 1), U("DELETE_FAST", 0, target=2),
               U("LOAD_FAST_CHECKED", 0, target=3), U("LOAD_FAST_CHECKED", 1, target=4),
               U("EXIT_TRACE", target=5)])
    assert names(out) == [("STORE_FAST", 0), ("STORE_FAST", 1), ("DELETE_FAST", 0),
                          ("LOAD_FAST_CHECKED", 0), ("LOAD_FAST", 1), ("EXIT_TRACE", 0)]


def test_a_peeled_body_knows_what_holds_all_round_the_loop():
    iteration = [U("LOAD_FAST_CHECKED", 0, target=1), U("LOAD_FAST_CHECKED", 1, target=2),
                 U("BINARY_OP", 0, target=3), U("STORE_FAST", 2),
                 U("TIER1_OP", 0x0, target=4),  # may delete a local ...
                 U("LOAD_FAST_CHECKED", 2, target=5), U("STORE_FAST", 1)]  # ... 1 is stored after
    out = run([*iteration, *iteration, U("JUMP_TO_TOP", jump=7)])
    body = names(out[7:])
    # 0 is not stored after the TIER1_OP: checked again; 1 is, so it is bound at the top.
    assert body[:2] == [("LOAD_FAST_CHECKED", 0), ("LOAD_FAST", 1)]
    assert body[5] == ("LOAD_FAST_CHECKED", 2)  # after the TIER1_OP
    assert names(out[:7])[:2] == [("LOAD_FAST_CHECKED", 0), ("LOAD_FAST_CHECKED", 1)]


def test_inlined_callees_arguments_are_bound_in_their_own_frame():
    out = run([U("PUSH_NULL"), U("LOAD_FAST_CHECKED", 0), U("LOAD_FAST_CHECKED", 0),
               U("INLINE_CALL", 1, operand=3 << 16 | 1 << 32),  # a bound method: self, one argument
               U("LOAD_FAST_CHECKED", 1), U("LOAD_FAST_CHECKED", 2), U("BINARY_OP", 0),
               U("INLINE_RETURN"), U("LOAD_FAST_CHECKED", 0), U("LOAD_FAST_CHECKED", 1),
               U("JUMP_TO_TOP", jump=0)])
    assert names(out)[4:6] == [("LOAD_FAST", 1), ("LOAD_FAST_CHECKED", 2)]
    assert names(out)[8:10] == [("LOAD_FAST", 0), ("LOAD_FAST_CHECKED", 1)]


def test_dead_stores_go_when_nothing_reads_the_slot_or_can_exit_first():
    out = run([U("LOAD_FAST", 1), U("STORE_FAST", 0), U("LOAD_FAST", 2), U("STORE_FAST", 0),
               U("JUMP_TO_TOP", jump=0)])
    assert names(out) == [("LOAD_FAST", 2), ("STORE_FAST", 0), ("JUMP_TO_TOP", 0)]
    # stored, reloaded, stored again: the value stays on the stack
    out = run([U("LOAD_FAST", 1), U("STORE_FAST", 0), U("LOAD_FAST", 0), U("LOAD_FAST", 2),
               U("COMPARE_OP_FLOAT"), U("STORE_FAST", 0), U("JUMP_TO_TOP", jump=0)])
    assert names(out) == [("LOAD_FAST", 1), ("LOAD_FAST", 2), ("COMPARE_OP_FLOAT", 0),
                          ("STORE_FAST", 0), ("JUMP_TO_TOP", 0)]
    kept = [
        # an exit in between sees the first store
        [U("LOAD_FAST", 1), U("STORE_FAST", 0), U("LOAD_FAST_CHECKED", 2, target=3),
         U("STORE_FAST", 0), U("JUMP_TO_TOP", jump=0)],
        # so does an error
        [U("LOAD_FAST", 1), U("STORE_FAST", 0), U("LOAD_FAST", 2), U("LOAD_FAST", 2),
         U("BINARY_OP_ADD_INT"), U("STORE_FAST", 0), U("JUMP_TO_TOP", jump=0)],
        # read in between
        [U("LOAD_FAST", 1), U("STORE_FAST", 0), U("LOAD_FAST", 2), U("LOAD_FAST", 0),
         U("SWAP", 2), U("STORE_FAST", 0), U("STORE_FAST", 1), U("JUMP_TO_TOP", jump=0)],
        # the second store is after the loop's top
        [U("LOAD_FAST", 1), U("STORE_FAST", 0), U("LOAD_FAST", 2), U("STORE_FAST", 0),
         U("JUMP_TO_TOP", jump=2)],
    ]
    for trace in kept:
        assert run(trace) == trace, names(trace)


def test_pushes_popped_at_once_go_in_pairs():
    out = run([U("LOAD_FAST", 0), U("LOAD_CONST", 0, operand=id(None)), U("PUSH_NULL"),
               U("COPY", 1), U("POP_TOP"), U("POP_TOP"), U("POP_TOP"), U("POP_TOP"),
               U("LOAD_FAST_CHECKED", 1, target=9), U("POP_TOP"), U("JUMP_TO_TOP", jump=0)])
    # the checked load still checks that the local is bound (Tier 1 would raise)
    assert names(out) == [("LOAD_FAST_CHECKED", 1), ("POP_TOP", 0), ("JUMP_TO_TOP", 0)]
    across_the_top = [U("LOAD_FAST", 0), U("POP_TOP"), U("JUMP_TO_TOP", jump=1)]
    assert run(across_the_top) == across_the_top


def test_program_agrees_with_cpython_with_and_without_the_pass():
    for mode in (["--threshold", "1"], ["--threshold", "1", "--disable-pass", "loads"]):
        expected, actual = run_pair(mode, ["opt_loads.py"], PROGRAM_DIR)
        assert_same(expected, actual, f"opt_loads.py {mode}")
