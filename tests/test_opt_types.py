"""The types pass: hand-built traces in, the uops it keeps out."""
from __future__ import annotations

from jit.optimizer import TraceContext, types
from jit.uops import SELF_BOUND, SELF_NONE, SELF_UNBOUND, InlineFrame, UOp

LOOP = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=False)
ONE, HALF = 1, 0.5


def shape(uops: list[UOp]) -> list[tuple]:
    return [(u.name, u.oparg, u.target, u.jump) for u in uops]


def const(value: object, target: int = 0) -> UOp:
    return UOp("LOAD_CONST", 0, id(value), target, keep=value)


def test_guards_on_known_ints_go_and_checked_loads_of_bound_locals_get_cheaper() -> None:
    # x = x + 1; y = x + x  (x guarded once: the second guard cannot fail)
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), const(ONE, 4), UOp("GUARD_BOTH_INT", target=6),
            UOp("BINARY_OP_ADD_INT", target=6), UOp("STORE_FAST", 0, target=8),
            UOp("LOAD_FAST_CHECKED", 0, target=10), UOp("LOAD_FAST_CHECKED", 0, target=12),
            UOp("GUARD_BOTH_INT", target=14), UOp("BINARY_OP_ADD_INT", target=14),
            UOp("STORE_FAST", 1, target=16), UOp("EXIT_TRACE", target=18)]
    out = types.run(uops, LOOP)
    assert shape(out) == [
        ("LOAD_FAST_CHECKED", 0, 2, None), ("LOAD_CONST", 0, 4, None),
        ("GUARD_BOTH_INT", 0, 6, None), ("BINARY_OP_ADD_INT", 0, 6, None),
        ("STORE_FAST", 0, 8, None), ("LOAD_FAST", 0, 10, None), ("LOAD_FAST", 0, 12, None),
        ("BINARY_OP_ADD_INT", 0, 14, None), ("STORE_FAST", 1, 16, None),
        ("EXIT_TRACE", 0, 18, None)]


def test_a_guard_informs_the_local_the_value_was_loaded_from() -> None:
    # while i < n: ... n is guarded an int once, later uses need no guard
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), UOp("LOAD_FAST_CHECKED", 1, target=4),
            UOp("GUARD_BOTH_INT", target=6), UOp("COMPARE_OP_INT", 0, target=6),
            UOp("TO_BOOL", target=8), UOp("GUARD_IS_TRUE_POP", target=30),
            UOp("LOAD_FAST_CHECKED", 1, target=10), UOp("LOAD_FAST_CHECKED", 0, target=12),
            UOp("GUARD_BOTH_INT", target=14), UOp("BINARY_OP_SUBTRACT_INT", target=14),
            UOp("POP_TOP", target=16), UOp("JUMP_TO_TOP", target=0, jump=0)]
    names = [u.name for u in types.run(uops, LOOP)]
    # TO_BOOL of a bool goes; the loop top still checks (entry knows nothing).
    assert names == ["LOAD_FAST_CHECKED", "LOAD_FAST_CHECKED", "GUARD_BOTH_INT",
                     "COMPARE_OP_INT", "GUARD_IS_TRUE_POP", "LOAD_FAST", "LOAD_FAST",
                     "BINARY_OP_SUBTRACT_INT", "POP_TOP", "JUMP_TO_TOP"]


def test_knowledge_meets_at_the_loop_top() -> None:
    # x is an int after the body, but nothing is known of it on entry: the
    # guard at the top stays; the jump is renumbered after the removal below.
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), UOp("LOAD_FAST_CHECKED", 0, target=2),
            UOp("GUARD_BOTH_INT", target=4), UOp("BINARY_OP_ADD_INT", target=4),
            UOp("STORE_FAST", 0, target=6), UOp("LOAD_FAST", 0, target=8), const(ONE, 10),
            UOp("GUARD_BOTH_INT", target=12), UOp("BINARY_OP_ADD_INT", target=12),
            UOp("STORE_FAST", 0, target=14), UOp("JUMP_TO_TOP", target=0, jump=0)]
    out = types.run(uops, LOOP)
    assert [u.name for u in out].count("GUARD_BOTH_INT") == 1
    assert out[2].name == "GUARD_BOTH_INT" and out[-1].jump == 0


def test_only_exact_types_count() -> None:
    # True is a bool, not an int: the guard stays; an int and a float: stays.
    for value in (True, HALF):
        uops = [const(ONE), const(value), UOp("GUARD_BOTH_INT", target=4),
                UOp("BINARY_OP_ADD_INT", target=4), UOp("EXIT_TRACE", target=6)]
        assert [u.name for u in types.run(uops, LOOP)][2] == "GUARD_BOTH_INT"
    uops = [const(HALF), const(HALF), UOp("GUARD_BOTH_FLOAT", target=4),
            UOp("BINARY_OP_MULTIPLY_FLOAT", target=4), UOp("EXIT_TRACE", target=6)]
    assert "GUARD_BOTH_FLOAT" not in [u.name for u in types.run(uops, LOOP)]


def test_tier1_ops_forget_what_is_known_of_locals() -> None:
    # Tier 1's handler may delete the local (DELETE_FAST): checks stay.
    handlers = (object(), object())
    uops = [const(ONE), UOp("STORE_FAST", 0), UOp("LOAD_FAST_CHECKED", 0, target=2),
            UOp("TIER1_OP", 0, id(handlers), 4, keep=handlers),
            UOp("LOAD_FAST_CHECKED", 0, target=6), const(ONE), UOp("GUARD_BOTH_INT", target=8),
            UOp("BINARY_OP_ADD_INT", target=8), UOp("EXIT_TRACE", target=10)]
    assert [u.name for u in types.run(uops, LOOP)] == [
        "LOAD_CONST", "STORE_FAST", "LOAD_FAST", "TIER1_OP", "LOAD_FAST_CHECKED", "LOAD_CONST",
        "GUARD_BOTH_INT", "BINARY_OP_ADD_INT", "EXIT_TRACE"]


def test_a_deleted_local_is_checked_again_and_the_others_stay_known() -> None:
    uops = [const(ONE), UOp("STORE_FAST", 0), const(ONE), UOp("STORE_FAST", 1),
            UOp("DELETE_FAST", 0, target=4), UOp("LOAD_FAST_CHECKED", 0, target=6),
            UOp("LOAD_FAST_CHECKED", 1, target=8), UOp("GUARD_BOTH_INT", target=10),
            UOp("BINARY_OP_ADD_INT", target=10), UOp("EXIT_TRACE", target=12)]
    assert [u.name for u in types.run(uops, LOOP)] == [
        "LOAD_CONST", "STORE_FAST", "LOAD_CONST", "STORE_FAST", "DELETE_FAST",
        "LOAD_FAST_CHECKED", "LOAD_FAST", "GUARD_BOTH_INT", "BINARY_OP_ADD_INT", "EXIT_TRACE"]


def test_a_delete_cuts_the_link_between_a_stack_copy_and_its_local() -> None:
    # A value loaded from local 0 stays on the stack past `del`: a guard on
    # it tells nothing of the (now unbound) local, whose load stays checked.
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), UOp("DELETE_FAST", 0, target=4),
            UOp("GUARD_TYPE", 0, id(int), 6, keep=int), UOp("POP_TOP", target=8),
            UOp("LOAD_FAST_CHECKED", 0, target=10), UOp("POP_TOP", target=12),
            UOp("EXIT_TRACE", target=14)]
    assert [u.name for u in types.run(uops, LOOP)] == [
        "LOAD_FAST_CHECKED", "DELETE_FAST", "GUARD_TYPE", "POP_TOP", "LOAD_FAST_CHECKED",
        "POP_TOP", "EXIT_TRACE"]


def test_a_store_cuts_the_link_between_a_stack_copy_and_its_local() -> None:
    # a = x; x = 0.5; guard(a as int): x stays a float
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), const(HALF), UOp("STORE_FAST", 0),
            const(ONE), UOp("GUARD_BOTH_INT", target=4), UOp("BINARY_OP_ADD_INT", target=4),
            UOp("POP_TOP"), UOp("LOAD_FAST_CHECKED", 0, target=6), const(HALF),
            UOp("GUARD_BOTH_FLOAT", target=8), UOp("BINARY_OP_ADD_FLOAT", target=8),
            UOp("EXIT_TRACE", target=10)]
    names = [u.name for u in types.run(uops, LOOP)]
    assert "GUARD_BOTH_INT" in names and "GUARD_BOTH_FLOAT" not in names


def test_none_guards_on_known_values() -> None:
    uops = [const(None), UOp("GUARD_IS_NONE_POP", target=4), const(ONE),
            UOp("GUARD_IS_NOT_NONE_POP", target=6), const(ONE), UOp("GUARD_IS_NONE_POP", target=8),
            UOp("EXIT_TRACE", target=10)]
    assert [u.name for u in types.run(uops, LOOP)] == [
        "LOAD_CONST", "POP_TOP", "LOAD_CONST", "POP_TOP", "LOAD_CONST", "GUARD_IS_NONE_POP",
        "EXIT_TRACE"]


def test_range_iteration_gives_ints() -> None:
    iterator = type(iter(range(0)))
    uops = [UOp("GUARD_TYPE", 0, id(iterator), 0, keep=iterator), UOp("FOR_ITER_NEXT", target=0),
            UOp("GUARD_NOT_EXHAUSTED", target=20), const(ONE), UOp("GUARD_BOTH_INT", target=4),
            UOp("BINARY_OP_ADD_INT", target=4), UOp("STORE_FAST", 0), UOp("JUMP_TO_TOP", jump=1)]
    trace = TraceContext(code=None, nlocalsplus=1, entry_depth=1, side=False)
    assert "GUARD_BOTH_INT" not in [u.name for u in types.run(uops, trace)]


def test_a_side_trace_knows_the_locals_its_exit_boxed() -> None:
    trace = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=True,
                         entry_unboxed=((0, 1, 5), (1, 2, 6)))  # an int, a float
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2), UOp("LOAD_FAST_CHECKED", 0, target=2),
            UOp("GUARD_BOTH_INT", target=4), UOp("BINARY_OP_ADD_INT", target=4),
            UOp("LOAD_FAST_CHECKED", 1, target=6), UOp("LOAD_FAST_CHECKED", 1, target=6),
            UOp("GUARD_BOTH_FLOAT", target=8), UOp("BINARY_OP_ADD_FLOAT", target=8),
            UOp("POP_TOP"), UOp("POP_TOP"), UOp("JUMP_TO_TOP", target=0, jump=0)]
    assert [u.name for u in types.run(uops, trace)] == [
        "LOAD_FAST", "LOAD_FAST", "BINARY_OP_ADD_INT", "LOAD_FAST", "LOAD_FAST",
        "BINARY_OP_ADD_FLOAT", "POP_TOP", "POP_TOP", "JUMP_TO_TOP"]


def test_an_inlined_callee_has_its_own_frame_and_its_arguments_types() -> None:
    # f(1) inlined, f's local 0 its argument, local 1 unbound; then back in
    # the caller, whose local 1 is known again
    frame = InlineFrame(None, None, 0, 2, 0, 2, 2)
    uops = [UOp("LOAD_FAST_CHECKED", 1), UOp("POP_TOP"), UOp("PUSH_NULL"), const(ONE),
            const(ONE), UOp("INLINE_CALL", 1, frame.operand(SELF_NONE), 0, keep=frame),
            UOp("LOAD_FAST_CHECKED", 0), UOp("LOAD_FAST_CHECKED", 1), const(ONE),
            UOp("GUARD_BOTH_INT", target=4), UOp("INLINE_RETURN"), UOp("POP_TOP"),
            UOp("LOAD_FAST_CHECKED", 1), UOp("EXIT_TRACE")]
    assert [u.name for u in types.run(uops, LOOP)] == [
        "LOAD_FAST_CHECKED", "POP_TOP", "PUSH_NULL", "LOAD_CONST", "LOAD_CONST", "INLINE_CALL",
        "LOAD_FAST", "LOAD_FAST_CHECKED", "LOAD_CONST", "GUARD_BOTH_INT", "INLINE_RETURN",
        "POP_TOP", "LOAD_FAST", "EXIT_TRACE"]


class Shape:
    pass


def _attribute_load(local: int, target: int, version: int = 7) -> list[UOp]:
    return [UOp("LOAD_FAST", local, target=target),
            UOp("GUARD_TYPE", 0, id(Shape), target, keep=Shape),
            UOp("GUARD_TYPE_VERSION", 0, version, target),
            UOp("LOAD_ATTR_INSTANCE_VALUE", 0, 1, target), UOp("POP_TOP", target=target)]


def test_a_class_version_checked_once_holds_until_python_code_may_run() -> None:
    # a.x; a.y; b.z (same class): one version check; after a call that may
    # run Python code (and change the class), the next access checks again.
    escaping = [UOp("LOAD_FAST", 2, target=30), UOp("TO_BOOL", target=30), UOp("POP_TOP", target=30)]
    uops = [*_attribute_load(0, 10), *_attribute_load(0, 12), *_attribute_load(1, 14),
            *escaping, *_attribute_load(1, 40), *_attribute_load(1, 42, version=8),
            UOp("EXIT_TRACE", target=50)]
    out = types.run(uops, LOOP)
    versions = [(u.target, u.operand) for u in out if u.name == "GUARD_TYPE_VERSION"]
    # (TO_BOOL may run __bool__: it escapes)
    assert versions == [(10, 7), (40, 7), (42, 8)]
    # the exact-type guards of locals already known go as before (a version
    # check after the call still catches a changed __class__)
    assert [u.target for u in out if u.name == "GUARD_TYPE"] == [10, 14]


def test_a_global_checked_once_holds_around_the_loop_until_python_code_may_run() -> None:
    # A peeled loop over a range: the preamble checks the global, the body
    # (whose FOR_ITER of a range iterator runs no Python code) does not again;
    # after a uop that may run Python code (and rebind it), it is checked.
    iterator = type(iter(range(0)))
    loop = LOOP._replace(entry_depth=1, header_stack_types=(iterator,))
    iteration = [UOp("FOR_ITER_NEXT", target=1), UOp("GUARD_NOT_EXHAUSTED", target=9),
                 UOp("STORE_FAST", 0, target=2), UOp("GUARD_GLOBAL", 0, 77, 3),
                 UOp("GUARD_GLOBAL", 0, 78, 4)]
    escaping = [UOp("LOAD_FAST", 1, target=5), UOp("TO_BOOL", target=5), UOp("POP_TOP", target=5)]
    body = [*iteration, *escaping, UOp("GUARD_GLOBAL", 0, 78, 6)]
    uops = [*body, *body, UOp("JUMP_TO_TOP", target=1, jump=len(body))]
    out = types.run(uops, loop)
    checks = [(u.operand, u.target) for u in out if u.name == "GUARD_GLOBAL"]
    # The preamble checks 77, 78, and 78 again after TO_BOOL.  The body's
    # first check of 78 goes: the last one, after TO_BOOL, holds all round
    # the loop; 77's stays (TO_BOOL came after its last check), and so does
    # the check after TO_BOOL.
    assert checks == [(77, 3), (78, 4), (78, 6), (77, 3), (78, 6)], checks
    # With nothing escaping, the body checks neither.
    quiet = [*iteration, *iteration, UOp("JUMP_TO_TOP", target=1, jump=len(iteration))]
    checks = [(u.operand, u.target) for u in types.run(quiet, loop) if u.name == "GUARD_GLOBAL"]
    assert checks == [(77, 3), (78, 4)], checks


def _method(self_from: int) -> list[UOp]:
    """a.m(1) inlined, as recorded: m's self is checked again inside."""
    frame = InlineFrame(None, None, 0, 2, 0, 2, 2)
    return [UOp("INLINE_CALL", 1, frame.operand(self_from), 20, keep=frame),
            *_attribute_load(0, 2), UOp("LOAD_FAST", 1), UOp("INLINE_RETURN"),
            UOp("POP_TOP"), UOp("EXIT_TRACE", target=30)]


def test_the_self_of_an_unbound_method_call_keeps_its_type_in_the_callee() -> None:
    # [function, self] (LOAD_METHOD_UNBOUND): the self on the stack is the
    # callee's local 0, whose type the caller's guard checked
    function = Shape.__init__
    load = [UOp("LOAD_FAST", 0, target=10), UOp("GUARD_TYPE", 0, id(Shape), 10, keep=Shape),
            UOp("GUARD_TYPE_VERSION", 0, 7, 10),
            UOp("LOAD_METHOD_UNBOUND", 0, id(function), 10, keep=function), const(ONE)]
    out = types.run([*load, *_method(SELF_UNBOUND)], LOOP)
    inside = [u.name for u in out[out.index(next(u for u in out if u.name == "INLINE_CALL")):]]
    assert inside[:3] == ["INLINE_CALL", "LOAD_FAST", "LOAD_ATTR_INSTANCE_VALUE"]
    # a bound method's self is inside the method object: checked again
    bound = [UOp("PUSH_NULL"), UOp("LOAD_FAST", 1, target=10), const(ONE)]
    out = types.run([*bound, *_method(SELF_BOUND)], LOOP)
    assert [u.name for u in out][4:7] == ["LOAD_FAST", "GUARD_TYPE", "GUARD_TYPE_VERSION"]


def test_versions_hold_across_returns_and_the_truth_of_plain_types() -> None:
    # an inlined return (its releases run Python code only as finalizers, as
    # POP_TOP's do) and TO_BOOL / UNARY_NOT of a bool run no Python code; a
    # TO_BOOL of an object of unknown type may (__bool__)
    frame = InlineFrame(None, None, 0, 2, 0, 1, 1)
    bool_test = [UOp("LOAD_FAST", 2, target=30), UOp("GUARD_TYPE", 0, id(bool), 30, keep=bool),
                 UOp("TO_BOOL", target=30), UOp("UNARY_NOT", target=30), UOp("POP_TOP")]
    unknown_test = [UOp("LOAD_FAST", 1, target=40), UOp("TO_BOOL", target=40), UOp("POP_TOP")]
    uops = [*_attribute_load(0, 10), UOp("PUSH_NULL"), const(ONE),
            UOp("INLINE_CALL", 0, frame.operand(SELF_NONE), 20, keep=frame), const(ONE),
            UOp("INLINE_RETURN", target=22), UOp("POP_TOP"), *_attribute_load(0, 24),
            *bool_test, *_attribute_load(0, 32), *unknown_test, *_attribute_load(0, 42),
            UOp("EXIT_TRACE", target=50)]
    out = types.run(uops, LOOP)
    assert [u.target for u in out if u.name == "GUARD_TYPE_VERSION"] == [10, 42]
    assert "TO_BOOL" not in [u.name for u in out if u.target == 30]


def test_a_side_trace_starting_inside_inlined_calls_returns_to_frames_it_knows_nothing_of() -> None:
    # It starts inside a call (2 items on its caller's stack): the callee's
    # guards inform the rest of the callee; after the return, nothing is
    # known of the caller's locals, but the value returned keeps its type.
    callee = InlineFrame(None, None, 0, 2, 0, 2, 2)
    trace = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=True,
                         entry_frames=((callee, 2),))
    uops = [*_attribute_load(0, 2), *_attribute_load(0, 4), UOp("LOAD_FAST_CHECKED", 1),
            UOp("LOAD_FAST_CHECKED", 1), UOp("GUARD_BOTH_INT", target=6),
            UOp("BINARY_OP_ADD_INT"), UOp("INLINE_RETURN", target=8),
            UOp("LOAD_FAST_CHECKED", 1, target=10), UOp("GUARD_BOTH_INT", target=12),
            UOp("BINARY_OP_ADD_INT"), UOp("EXIT_TRACE", target=14)]
    out = types.run(uops, trace)
    assert [(u.name, u.target) for u in out if u.name.startswith("GUARD")] == [
        ("GUARD_TYPE", 2), ("GUARD_TYPE_VERSION", 2), ("GUARD_BOTH_INT", 6),
        ("GUARD_BOTH_INT", 12)]
    assert [u.name for u in out].count("LOAD_FAST_CHECKED") == 2  # the callee's first, the caller's
    # returning from more calls than it started in: left alone
    deeper = [*uops[:-1], UOp("INLINE_RETURN"), uops[-1]]
    assert types.run(deeper, trace) == deeper


def test_a_new_instance_has_its_class_and_its_checked_version() -> None:
    # Shape(1): ALLOC_INSTANCE checked the class's version; __init__'s self is
    # the instance: its own type and version guards go, and the argument
    # keeps its type through the callee guard
    import math
    from jit.backend.native import ffi
    recorded = ffi.new("uint64_t[3]", [7, 0, 0])
    frame = InlineFrame(None, None, 0, 2, 0, 3, 2, True)
    uops = [UOp("PUSH_NULL"), const(Shape), const(ONE), UOp("GUARD_CALLEE", 1, id(Shape)),
            UOp("ALLOC_INSTANCE", 1, 0, 4, keep=(recorded, Shape, None, None)),
            UOp("INLINE_CALL", 1, frame.operand(SELF_NONE), 4, keep=frame),
            UOp("PUSH_NULL"), const(math.sqrt), UOp("LOAD_FAST", 1),
            UOp("CALL_BUILTIN_O", 1, 0, 6, keep=math.sqrt),  # runs no Python code on an int
            UOp("LOAD_FAST", 0, target=8), UOp("GUARD_TYPE", 0, id(Shape), 8, keep=Shape),
            UOp("GUARD_TYPE_VERSION", 0, 7, 8), UOp("STORE_ATTR_INSTANCE_VALUE", 0, 0, 8),
            const(None), UOp("INIT_RETURN", 2), UOp("INLINE_RETURN"), UOp("POP_TOP"),
            UOp("EXIT_TRACE", target=10)]
    names = [u.name for u in types.run(uops, LOOP)]
    assert "GUARD_TYPE" not in names and "GUARD_TYPE_VERSION" not in names, names
    # len() of an object of unknown type may run __len__: checked again after it
    unknown = [*uops[:9], UOp("CALL_LEN", 1, 0, 6), *uops[10:]]
    assert "GUARD_TYPE_VERSION" in [u.name for u in types.run(unknown, LOOP)]


def test_len_returns_an_exact_int() -> None:
    # len(x) + 1 of any x: len() returns an exact int (or raises), so the
    # sum's guard goes
    uops = [UOp("PUSH_NULL"), const(len), UOp("LOAD_FAST", 0, target=2),
            UOp("CALL_LEN", 1, 0, 4), const(ONE, 6), UOp("GUARD_BOTH_INT", target=8),
            UOp("BINARY_OP_ADD_INT", target=8), UOp("STORE_FAST", 1, target=10),
            UOp("EXIT_TRACE", target=12)]
    assert "GUARD_BOTH_INT" not in [u.name for u in types.run(uops, LOOP)]


def test_a_math_function_of_the_float_kind_returns_a_float() -> None:
    # y = sqrt(x) * 2.0: the product's guard goes (the multiplication can
    # then run unboxed); abs returns what it was given, so its guard stays
    import math
    for function, known in ((math.sqrt, True), (math.hypot, True), (math.floor, False),
                            (abs, False)):
        uops = [UOp("PUSH_NULL"), const(function), UOp("LOAD_FAST", 0, target=2),
                UOp("CALL_BUILTIN_O", 1, 0, 4, keep=function), const(HALF, 6),
                UOp("GUARD_BOTH_FLOAT", target=8), UOp("BINARY_OP_MULTIPLY_FLOAT", target=8),
                UOp("STORE_FAST", 1, target=10), UOp("EXIT_TRACE", target=12)]
        names = [u.name for u in types.run(uops, LOOP)]
        assert ("GUARD_BOTH_FLOAT" not in names) == known, (function, names)


def test_a_peeled_range_loop_checks_its_iterator_once_and_knows_its_items() -> None:
    # for i in range(n): x = x + i  -- peeled; the recording saw a range iterator
    body = [UOp("FOR_ITER_NEXT", target=18), UOp("GUARD_NOT_EXHAUSTED", target=26),
            UOp("STORE_FAST", 2), UOp("LOAD_FAST_CHECKED", 1), UOp("LOAD_FAST_CHECKED", 2),
            UOp("GUARD_BOTH_INT", target=22), UOp("BINARY_OP_ADD_INT"), UOp("STORE_FAST", 1)]
    uops = [*body, *body, UOp("JUMP_TO_TOP", jump=8)]
    iterator = type(iter(range(0)))
    trace = TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=False,
                         header_stack_types=(iterator,))
    out = types.run(uops, trace)
    assert out[0].name == "GUARD_TYPE" and out[0].keep is iterator and out[0].target == 18
    top = out[-1].jump
    assert [u.name for u in out[top:]] == [
        "FOR_ITER_NEXT", "GUARD_NOT_EXHAUSTED", "STORE_FAST", "LOAD_FAST", "LOAD_FAST",
        "BINARY_OP_ADD_INT", "STORE_FAST", "JUMP_TO_TOP"]
    # not seen as a range iterator: no check, nothing known
    other = types.run(uops, TraceContext(code=None, nlocalsplus=3, entry_depth=1, side=False))
    assert other[0].name == "FOR_ITER_NEXT" and "GUARD_BOTH_INT" in [u.name for u in other[8:]]


def test_truth_of_plain_types_does_not_escape() -> None:
    # not flag; not items; not thing: a bool and a list (guarded) take the
    # _PLAIN forms, which run no Python code; an unknown type keeps UNARY_NOT.
    bool_type, list_type = bool, list
    uops = [UOp("LOAD_FAST_CHECKED", 0, target=2),
            UOp("GUARD_TYPE", 0, id(bool_type), 2, keep=bool_type),
            UOp("UNARY_NOT", target=4), UOp("POP_TOP", target=6),
            UOp("LOAD_FAST_CHECKED", 1, target=8),
            UOp("GUARD_TYPE", 0, id(list_type), 8, keep=list_type),
            UOp("TO_BOOL", target=10), UOp("GUARD_IS_TRUE_POP", target=30),
            UOp("LOAD_FAST_CHECKED", 2, target=12), UOp("UNARY_NOT", target=14),
            UOp("POP_TOP", target=16), UOp("JUMP_TO_TOP", target=0, jump=0)]
    names = [u.name for u in types.run(uops, LOOP)]
    assert names == ["LOAD_FAST_CHECKED", "GUARD_TYPE", "UNARY_NOT_PLAIN", "POP_TOP",
                     "LOAD_FAST_CHECKED", "GUARD_TYPE", "TO_BOOL_PLAIN", "GUARD_IS_TRUE_POP",
                     "LOAD_FAST_CHECKED", "UNARY_NOT", "POP_TOP", "JUMP_TO_TOP"]


def test_range_iterators_are_their_own_iterators() -> None:
    # for i in range(n): the iterator CALL_RANGE_ITER makes needs no GET_ITER
    uops = [UOp("PUSH_NULL"), const(range), UOp("LOAD_FAST_CHECKED", 0, target=4),
            UOp("CALL_RANGE_ITER", 1, target=6), UOp("GET_ITER", target=8),
            UOp("GET_ITER", target=10), UOp("EXIT_TRACE", target=12)]
    assert [u.name for u in types.run(uops, LOOP)] == [
        "PUSH_NULL", "LOAD_CONST", "LOAD_FAST_CHECKED", "CALL_RANGE_ITER", "EXIT_TRACE"]
