"""The constants pass: pure uops on constants folded, guards constants pass removed."""
from __future__ import annotations

from pathlib import Path

from differential import assert_same, run_pair
from interpreter.frame import NULL
from jit.optimizer import TraceContext, constants
from jit.uops import UOp

PROGRAM_DIR = Path(__file__).resolve().parent / "jit_programs"
TRACE = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)


def const(value, target=0) -> UOp:
    return UOp("LOAD_CONST", 0, id(value), target, keep=value)


def fold(uops):
    return constants.run(uops, TRACE)


def values(uops):
    """The trace with each LOAD_CONST shown as its value."""
    return [("CONST", u.keep) if u.name == "LOAD_CONST" else u.name for u in uops]


def end(jump=0):
    return UOp("JUMP_TO_TOP", jump=jump)


def test_int_arithmetic_and_its_guards_fold_to_one_constant():
    big = 10 ** 20
    out = fold([const(big), const(3), UOp("GUARD_BOTH_INT", target=5),
                UOp("BINARY_OP_MULTIPLY_INT", target=5), const(7), UOp("GUARD_BOTH_INT"),
                UOp("BINARY_OP_SUBTRACT_INT", target=8), UOp("STORE_FAST", 0), end()])
    assert values(out) == [("CONST", 3 * big - 7), "STORE_FAST", "JUMP_TO_TOP"]
    assert out[0].target == 8 and out[0].operand == id(out[0].keep)


def test_float_arithmetic_comparisons_identity_and_truth():
    out = fold([const(2.5), const(2.0), UOp("GUARD_BOTH_FLOAT"),
                UOp("BINARY_OP_TRUE_DIVIDE_FLOAT"), const(1.25), UOp("COMPARE_OP_FLOAT", 2),
                UOp("TO_BOOL"), UOp("GUARD_IS_TRUE_POP"),
                const(None), const(None), UOp("IS_OP", 1), UOp("UNARY_NOT"), UOp("STORE_FAST", 0),
                const(7), const(5), UOp("COMPARE_OP_INT", 4), UOp("STORE_FAST", 1),
                const(""), UOp("TO_BOOL"), UOp("GUARD_IS_FALSE_POP"), end()])
    assert values(out) == [("CONST", True), "STORE_FAST", ("CONST", True), "STORE_FAST",
                           "JUMP_TO_TOP"]


def test_what_is_not_folded():
    kept = [
        [const(1.0), const(0.0), UOp("BINARY_OP_TRUE_DIVIDE_FLOAT"), end()],  # exits: / 0
        [const(True), const(1), UOp("GUARD_BOTH_INT"), end()],           # bool is no exact int
        [const(2 ** 200), const(2 ** 100), UOp("BINARY_OP_MULTIPLY_INT"), end()],  # too big
        [const(1), UOp("LOAD_FAST", 0), UOp("BINARY_OP_ADD_INT"), end()],  # not both constant
        [const([]), UOp("TO_BOOL"), end()],                  # truth of a list: not folded
        [const(True), UOp("GUARD_IS_FALSE_POP", target=3), end()],  # a guard known to fail
        [const(3), const(4), UOp("COMPARE_OP_INT", 9), end()],  # not a comparison oparg
    ]
    for trace in kept:
        assert fold(trace) == trace, values(trace)


def test_only_constants_pushed_right_before_an_operation_are_removed():
    # 1 is pushed, then something else: removing it would change the stack
    # under the LOAD_FAST_CHECKED, which can exit.
    trace = [const(1), UOp("LOAD_FAST_CHECKED", 0, target=2), UOp("SWAP", 2), const(2),
             UOp("BINARY_OP_ADD_INT"), end()]
    assert fold(trace) == trace
    # ... and across a jump target (the peeled body's start) nothing is.
    peeled = [const(1), end(1)]
    looped = [const(1), const(2), UOp("BINARY_OP_ADD_INT"), UOp("POP_TOP"), end(1)]
    assert fold(looped)[0] == looped[0] and fold(peeled) == peeled
    assert values(fold(looped)) == [("CONST", 1), ("CONST", 2), "BINARY_OP_ADD_INT",
                                    "POP_TOP", "JUMP_TO_TOP"]


def test_a_passing_popping_guard_far_from_its_constant_becomes_a_pop():
    out = fold([const(None), UOp("LOAD_FAST", 0), UOp("STORE_FAST", 1),
                UOp("GUARD_IS_NONE_POP", target=4), end()])
    assert values(out) == [("CONST", None), "LOAD_FAST", "STORE_FAST", "POP_TOP", "JUMP_TO_TOP"]
    assert out[3].target == 4


def test_callee_guards_on_constant_callables():
    out = fold([UOp("PUSH_NULL"), const(len), UOp("LOAD_FAST", 0),
                UOp("GUARD_CALLEE", 1, id(len)), UOp("CALL", 1), UOp("POP_TOP"),
                UOp("PUSH_NULL"), const(len), UOp("LOAD_FAST", 0),
                UOp("GUARD_CALLEE", 1, id(abs), target=9), UOp("CALL", 1), UOp("POP_TOP"),
                end()])
    names = [u.name for u in out]
    assert names.count("GUARD_CALLEE") == 1 and out[names.index("GUARD_CALLEE")].target == 9
    append = [].append
    method_def = constants._method_def(append)
    assert method_def and method_def == constants._method_def([1].append)
    trace = [const(NULL), const(append), const(1), UOp("GUARD_CALLEE_CMETHOD", 1, method_def),
             UOp("CALL", 1), UOp("POP_TOP"), end()]
    assert "GUARD_CALLEE_CMETHOD" not in values(fold(trace))
    code_guard = [const(NULL), const(fold), UOp("GUARD_CALLEE_CODE", 0, id(fold.__code__)),
                  end()]
    assert fold(code_guard) == code_guard  # a function's __code__ can be replaced
    # the function LOAD_METHOD_UNBOUND pushes is the one the callee guard checks
    unbound = [UOp("LOAD_FAST", 0), UOp("LOAD_METHOD_UNBOUND", 0, id(list.append),
                                         keep=list.append),
               const(1), UOp("GUARD_CALLEE", 1, id(list.append)), UOp("CALL", 1), end()]
    assert [u.name for u in fold(unbound)] == ["LOAD_FAST", "LOAD_METHOD_UNBOUND", "LOAD_CONST",
                                                "CALL", "JUMP_TO_TOP"]


def test_inlined_frames_have_their_own_stacks():
    trace = [const(3), UOp("PUSH_NULL"), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("INLINE_CALL", 1, 2 << 16), const(4), const(5), UOp("BINARY_OP_ADD_INT"),
             UOp("INLINE_RETURN"), UOp("GUARD_BOTH_INT"), UOp("BINARY_OP_ADD_INT"), end()]
    assert values(fold(trace)) == [("CONST", 3), "PUSH_NULL", "LOAD_FAST", "LOAD_FAST",
                                   "INLINE_CALL", ("CONST", 9), "INLINE_RETURN",
                                   "GUARD_BOTH_INT", "BINARY_OP_ADD_INT", "JUMP_TO_TOP"]


def test_program_agrees_with_cpython_with_and_without_the_pass():
    for mode in (["--threshold", "1"], ["--threshold", "1", "--disable-pass", "constants"]):
        expected, actual = run_pair(mode, ["opt_constants.py"], PROGRAM_DIR)
        assert_same(expected, actual, f"opt_constants.py {mode}")


def test_generic_operations_on_numbers_fold_unless_they_raise_or_grow():
    def folded(a, oparg, b, uop="BINARY_OP"):
        out = fold([const(a), const(b), UOp(uop, oparg, target=4), UOp("STORE_FAST", 0), end()])
        return out[0].keep if values(out)[1:] == ["STORE_FAST", "JUMP_TO_TOP"] else "kept"
    assert folded(17, 2, 5) == 3 and folded(17, 6, 5) == 2 and folded(2, 8, 10) == 1024
    assert folded(1.5, 11, 0.5) == 3.0 and folded(7, 24, 2) == 3.5 and folded(True, 0, 2) == 3
    assert folded(1, 3, 8) == 256 and folded(-8, 9, 1) == -4
    for a, oparg, b in ((1, 2, 0), (1.0, 11, 0.0), (1, 3, -1), (2, 8, 1000), (1, 3, 300),
                        (-8.0, 8, 0.5), (10.0, 8, 400.0), ("a", 0, "b"), (1, 4, 2)):
        assert folded(a, oparg, b) == "kept", (a, oparg, b)
    assert folded("abc", 0, "abd", "COMPARE_OP") is True
    assert folded(2.5, 2, 2, "COMPARE_OP") is False
    assert folded("a", 0, 1, "COMPARE_OP") == "kept"  # TypeError: the trace raises it
