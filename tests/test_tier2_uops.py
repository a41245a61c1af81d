"""The Tier 2 uops, each run natively in a hand-assembled trace and checked
against what CPython does."""
from __future__ import annotations

import builtins
import re
import signal
import sys
import threading
import time
import types
import weakref
from collections import OrderedDict

import pytest

import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from interpreter.frame import NULL
from interpreter.state import set_handled_exception
from jit.backend.executor import ExitKind, compile_trace
from jit.uops import UOp


def run(trace, localsplus, nlocalsplus, keep_alive=()):
    executor = compile_trace(trace, nlocalsplus=nlocalsplus,
                             stack_size=len(localsplus) - nlocalsplus, keep_alive=keep_alive)
    return executor, executor.run(localsplus)


def test_copy_swap_and_push_null():
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("PUSH_NULL"),
             UOp("COPY", 3), UOp("SWAP", 4), UOp("EXIT_TRACE", target=9)]
    localsplus = ["a", "b", None, None, None, None]
    _, exit_ = run(trace, localsplus, 2)
    # stack: a b NULL -> a b NULL a -> swap(4): a<->a... top and 4th from top
    assert localsplus[2:] == ["a", "b", NULL, "a"]
    assert exit_.stacktop == 6


def test_load_fast_checked_exits_on_an_unbound_local():
    trace = [UOp("LOAD_FAST_CHECKED", 0, target=3), UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=9)]
    executor, exit_ = run(trace, [NULL, None, None], 2)
    assert (exit_.target, exit_.stacktop) == (3, 2)
    localsplus = [5, None, None]
    assert executor.run(localsplus).target == 9 and localsplus[1] == 5


def next_handler(frame, lp):
    """Stands for the handler of the instruction after the one a test runs."""


def test_tier1_op_runs_a_handler_with_tier1s_view_of_the_stack():
    seen = []

    def multiply(frame, lp):  # a Tier 1 handler for a 2-in, 1-out instruction
        seen.append((frame, list(lp)))
        lp[2] = lp[2] * lp[3]
        lp[3] = NULL
        return next_handler
    handlers = (multiply, next_handler)
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("TIER1_OP", 1 << 8, id(handlers), target=5, keep=handlers),
             UOp("STORE_FAST", 0), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2)
    frame = object()
    localsplus = [6, 7, None, None]
    assert executor.run(localsplus, frame).target == 9
    assert localsplus == [42, 7, None, None]
    assert seen == [(frame, [6, 7, 6, 7])]


def test_tier1_op_errors_and_wrong_successors():
    def failing(frame, lp):
        raise KeyError("missing")

    def wandering(frame, lp):
        lp[1] = NULL
        return failing
    for handler, error in ((failing, KeyError), (wandering, SystemError)):
        handlers = (handler, next_handler)
        trace = [UOp("LOAD_FAST", 0), UOp("TIER1_OP", 1 << 8, id(handlers), target=5, keep=handlers),
                 UOp("EXIT_TRACE", target=9)]
        executor = compile_trace(trace, nlocalsplus=1, stack_size=1)
        localsplus = ["x", None]
        with pytest.raises(error):
            executor.run(localsplus)
        failed = executor.failed_exit()
        assert (failed.kind, failed.target, failed.stacktop) == (ExitKind.ERROR, 5, 1)
        assert localsplus == ["x", None]


@pytest.mark.parametrize("make_iterable", [
    lambda: [1, 2, 3], lambda: (), lambda: "ab", lambda: range(5), lambda: {"k": 1},
    lambda: iter([None]), lambda: (n * n for n in range(4)),
])
def test_for_iter_next_and_exhaustion(make_iterable):
    # for item in iterable: append(item) -- locals 0 = append, 1 = item; stack: the iterator.
    # CALL's layout here is [method, self, args]: append is the "method", item its one argument.
    trace = [UOp("FOR_ITER_NEXT", target=10), UOp("GUARD_NOT_EXHAUSTED", target=20),
             UOp("STORE_FAST", 1), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("CALL", 0, 0, target=12), UOp("POP_TOP"), UOp("JUMP_TO_TOP", target=8, jump=0)]
    items = []
    localsplus = [items.append, None, iter(make_iterable()), None, None]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=3, entry_depth=1)
    exit_ = executor.run(localsplus)
    assert (exit_.target, exit_.stacktop) == (20, 2)  # the iterator is popped
    assert items == list(make_iterable())
    assert localsplus[2:] == [None, None, None]


def test_for_iter_propagates_errors_but_not_stop_iteration():
    class Failing:
        def __init__(self):
            self.count = 0

        def __iter__(self):
            return self

        def __next__(self):
            self.count += 1
            if self.count == 3:
                raise ValueError("third time")
            return self.count
    trace = [UOp("FOR_ITER_NEXT", target=10), UOp("GUARD_NOT_EXHAUSTED", target=20),
             UOp("POP_TOP"), UOp("JUMP", jump=0)]
    executor = compile_trace(trace, nlocalsplus=0, stack_size=2, entry_depth=1)
    with pytest.raises(ValueError, match="third time"):
        executor.run([Failing(), None])
    assert executor.failed_exit().target == 10 and executor.failed_exit().stacktop == 0


@pytest.mark.parametrize("value", [None, 0, "", "x"])
def test_none_guards(value):
    trace = [UOp("LOAD_FAST", 0), UOp("GUARD_IS_NONE_POP", target=4),
             UOp("LOAD_FAST", 0), UOp("GUARD_IS_NOT_NONE_POP", target=6), UOp("EXIT_TRACE", target=8)]
    _, exit_ = run(trace, [value, None], 1)
    assert exit_.target == (6 if value is None else 4) and exit_.stacktop == 1


def test_call_with_keywords_methods_and_guards():
    def describe(a, b, *, sep):
        return f"{a}{sep}{b}"
    kwnames = ("sep",)
    trace = [UOp("PUSH_NULL"), UOp("LOAD_FAST", 0), UOp("LOAD_CONST", operand=id("x")),
             UOp("LOAD_CONST", operand=id("y")), UOp("LOAD_CONST", operand=id("-")),
             UOp("GUARD_CALLEE", 3, id(describe), target=2),
             UOp("CALL", 3, id(kwnames), target=3), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=5,
                             keep_alive=(describe, kwnames, "x", "y", "-"))
    localsplus = [describe, None] + [None] * 5
    assert executor.run(localsplus).target == 9 and localsplus[1] == "x-y"
    localsplus = [print, None] + [None] * 5
    exit_ = executor.run(localsplus)
    assert (exit_.target, exit_.stacktop) == (2, 7)  # Tier 1 runs the CALL
    assert localsplus[2:] == [NULL, print, "x", "y", "-"]
    # Bound-method layout: [method, self, args]
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("LOAD_CONST", operand=id(5)),
             UOp("CALL", 1, target=3), UOp("POP_TOP"), UOp("EXIT_TRACE", target=9)]
    target_list = []
    localsplus = [list.append, target_list, None, None, None]
    _, exit_ = run(trace, localsplus, 2, keep_alive=(5,))
    assert target_list == [5]


def test_call_errors_release_every_argument():
    import gc
    import weakref

    class Token:
        pass
    token = Token()
    witness = weakref.ref(token)
    trace = [UOp("PUSH_NULL"), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("CALL", 1, target=4),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=3)
    localsplus = [len, token, None, None, None]
    with pytest.raises(TypeError, match="object of type 'Token' has no len"):
        executor.run(localsplus)
    assert executor.failed_exit().stacktop == 2
    del localsplus, token
    gc.collect()
    assert witness() is None


def endless_loop():
    return compile_trace([UOp("INT64_CONST", 0, 1), UOp("JUMP_TO_TOP", target=4, jump=0)],
                         nlocalsplus=0, stack_size=0)


def run_with_watchdog(executor, seconds: float):
    """Run an endless trace; a SIGALRM after `seconds` makes a broken eval-breaker
    check fail the test instead of hanging it."""
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(time.perf_counter()))
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        started = time.perf_counter()
        exit_ = executor.run([])
        elapsed = time.perf_counter() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return exit_, elapsed, fired


@pytest.mark.alone  # (another thread's wish for the GIL also makes the trace leave)
def test_jump_to_top_leaves_for_a_signal():
    exit_, elapsed, fired = run_with_watchdog(endless_loop(), 0.05)
    assert exit_.target == 4 and fired and elapsed < 1.0


def test_jump_to_top_lets_a_waiting_thread_run():
    done = threading.Event()

    def worker():
        time.sleep(0.05)  # then it needs the GIL, which the native loop holds
        done.set()
    thread = threading.Thread(target=worker)
    thread.start()
    exit_, elapsed, fired = run_with_watchdog(endless_loop(), 10)
    thread.join(10)
    assert exit_.target == 4 and not fired and elapsed < 5
    assert done.is_set()


@pytest.mark.parametrize("jump_when", [1, 0])
@pytest.mark.parametrize("value", [0, 1, "", "x"])
def test_jump_if_or_pop_guards_need_no_extra_stack_slot(value, jump_when):
    # `x or y` (jump_when 1) / `x and y` (0) at the code's full stack depth
    # (one slot), recorded jumping: the value stays, else it is popped.
    jumped = [UOp("LOAD_FAST", 0), UOp("GUARD_OR_POP_JUMPED", jump_when, target=6),
              UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=9)]
    localsplus = [value, None, None]
    exit_ = compile_trace(jumped, nlocalsplus=2, stack_size=1).run(localsplus)
    if bool(value) == jump_when:
        assert exit_.target == 9 and localsplus[1] is value
    else:
        assert (exit_.target, exit_.stacktop) == (6, 2) and localsplus[1:] == [None, None]
    # Recorded falling through: the value is popped, else it stays for the jump target.
    fell = [UOp("LOAD_FAST", 0), UOp("GUARD_OR_POP_FELL_THROUGH", jump_when, target=7),
            UOp("EXIT_TRACE", target=9)]
    localsplus = [value, None, None]
    exit_ = compile_trace(fell, nlocalsplus=2, stack_size=1).run(localsplus)
    if bool(value) == jump_when:
        assert (exit_.target, exit_.stacktop) == (7, 3) and localsplus[2] is value
    else:
        assert (exit_.target, exit_.stacktop) == (9, 2) and localsplus[2] is None


@pytest.mark.parametrize("value", [0, 1, "", "x"])
def test_jump_if_or_pop_guards_on_a_copy(value):
    # x or y recorded jumping (value truthy, kept), for values of other types:
    # GUARD_IS_TRUE_ELSE_POP_BOTH after TO_BOOL on a copy.
    trace = [UOp("LOAD_FAST", 0), UOp("COPY", 1), UOp("TO_BOOL", target=2),
             UOp("GUARD_IS_TRUE_ELSE_POP_BOTH", target=6), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2)
    localsplus = [value, None, None, None]
    exit_ = executor.run(localsplus)
    if value:
        assert exit_.target == 9 and localsplus[1] == value
    else:
        assert (exit_.target, exit_.stacktop) == (6, 2) and localsplus[2:] == [None, None]


def test_callee_guard_on_bound_builtin_methods():
    import ctypes
    method_def = ctypes.c_void_p.from_address(id([].append) + ctypes.sizeof(ctypes.c_ssize_t) * 2).value
    trace = [UOp("PUSH_NULL"), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("GUARD_CALLEE_CMETHOD", 1, method_def, target=3), UOp("CALL", 1, target=4),
             UOp("POP_TOP"), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=3)
    items = []
    assert executor.run([items.append, 5, None, None, None]).target == 9 and items == [5]
    assert executor.run([[].append, 6, None, None, None]).target == 9
    assert executor.run([set().add, 7, None, None, None]).target == 3
    assert executor.run([len, 7, None, None, None]).target == 3


def counting_loop():
    """while i < n: if i % 2 == 0: evens += 1 (else: exit to 50); i += 1
    locals: 0 i, 1 n, 2 evens, 3 odds."""
    two, one, zero = 2, 1, 0
    return [
        UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("COMPARE_OP", 0, target=2),
        UOp("TO_BOOL", target=2), UOp("GUARD_IS_TRUE_POP", target=100),
        UOp("LOAD_FAST", 0), UOp("LOAD_CONST", operand=id(two), keep=two),
        UOp("BINARY_OP", 6, target=5), UOp("LOAD_CONST", operand=id(zero), keep=zero),
        UOp("COMPARE_OP", 2, target=5), UOp("TO_BOOL", target=5),
        UOp("GUARD_IS_TRUE_POP", target=50),
        UOp("LOAD_FAST", 2), UOp("LOAD_CONST", operand=id(one), keep=one),
        UOp("BINARY_OP", 13, target=12), UOp("STORE_FAST", 2),
        UOp("LOAD_FAST", 0), UOp("LOAD_CONST", operand=id(one), keep=one),
        UOp("BINARY_OP", 13, target=16), UOp("STORE_FAST", 0),
        UOp("JUMP_TO_TOP", target=0, jump=0),
    ]


def odd_path():
    one = 1
    return [
        UOp("LOAD_FAST", 3), UOp("LOAD_CONST", operand=id(one), keep=one),
        UOp("BINARY_OP", 13, target=60), UOp("STORE_FAST", 3),
        UOp("LOAD_FAST", 0), UOp("LOAD_CONST", operand=id(one), keep=one),
        UOp("BINARY_OP", 13, target=64), UOp("STORE_FAST", 0),
        UOp("JUMP_TO_TOP", target=0, jump=0),
    ]


def test_side_trace_patched_into_a_hot_exit():
    executor = compile_trace(counting_loop(), nlocalsplus=4, stack_size=2)
    odd_exit = next(e for e in executor.exits if e.target == 50)
    assert executor.can_attach(odd_exit.index)
    localsplus = [0, 10, 0, 0, None, None]
    assert executor.run(localsplus).target == 50 and localsplus[:4] == [1, 10, 1, 0]
    root_exits = len(executor.exits)
    executor.attach(odd_exit.index, odd_path())
    assert not executor.can_attach(odd_exit.index) and len(executor.exits) > root_exits
    localsplus = [0, 10, 0, 0, None, None]
    assert executor.run(localsplus).target == 100
    assert localsplus == [10, 10, 5, 5, None, None]
    # An error inside the side trace names the side trace's exit.
    localsplus = [0, 10, 0, "odds", None, None]
    with pytest.raises(TypeError, match="can only concatenate str"):
        executor.run(localsplus)
    failed = executor.failed_exit()
    assert failed.index >= root_exits and failed.target == 60 and failed.stacktop == 4
    assert localsplus[:4] == [1, 10, 1, "odds"]


def test_side_traces_of_side_traces_and_threads():
    executor = compile_trace(counting_loop(), nlocalsplus=4, stack_size=2)
    odd_exit = next(e for e in executor.exits if e.target == 50)
    executor.attach(odd_exit.index, [UOp("LOAD_FAST", 3), UOp("GUARD_TYPE", operand=id(int),
                                                              target=70)] + odd_path()[1:])
    nested_exit = next(e for e in executor.exits if e.target == 70)
    assert executor.can_attach(nested_exit.index)
    executor.attach(nested_exit.index, [UOp("POP_TOP")] + odd_path()[4:])  # odds untouched
    results = []

    def worker(odds_start):
        localsplus = [0, 2000, 0, odds_start, None, None]
        executor.run(localsplus)
        results.append(localsplus[:4])
    threads = [threading.Thread(target=worker, args=(start,)) for start in (0, 0.5, 0, 0.5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, results)) == sorted(map(str, [[2000, 2000, 1000, 1000],
                                                          [2000, 2000, 1000, 0.5]] * 2))


# ---- attr: specialised attribute accesses and builtin calls ---------------
# Each trace is made by the recorder's own specialisers (jit.trace.attributes,
# jit.trace.builtin_calls) from an object, then run on others.

from jit.trace import attributes, builtin_calls  # noqa: E402


def attribute_trace(specialised, load=True):
    """locals 0 = owner (1 = value to store); loads go to local 1."""
    assert specialised, "not specialised"
    if load:
        return [UOp("LOAD_FAST", 0), *specialised, UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=9)]
    return [UOp("LOAD_FAST", 1), UOp("LOAD_FAST", 0), *specialised, UOp("EXIT_TRACE", target=9)]


def run_load(trace, owner):
    """The attribute, or the exit's target when the trace left."""
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2, keep_alive=[u.keep for u in trace])
    localsplus = [owner, None, None, None]
    exit_ = executor.run(localsplus)
    return localsplus[1] if exit_.target == 9 else ("exit", exit_.target, exit_.stacktop)


class Pair:
    def __init__(self, first, second):
        self.first = first
        self.second = second

    def both(self):
        return (self.first, self.second)


class Slots:
    __slots__ = ("a", "b")


def test_load_attr_instance_value_and_its_guards():
    trace = attribute_trace(attributes.load_attr(Pair(1, 2), "second", 5))
    assert [u.name for u in trace[1:-2]] == ["GUARD_TYPE", "GUARD_TYPE_VERSION",
                                             "LOAD_ATTR_INSTANCE_VALUE"]
    assert run_load(trace, Pair("x", "y")) == "y"
    assert run_load(trace, Slots()) == ("exit", 5, 3)           # another type
    gone = Pair(1, 2)
    del gone.second
    assert run_load(trace, gone) == ("exit", 5, 3)               # the value is missing
    materialised = Pair(1, 2)
    vars(materialised)
    assert run_load(trace, materialised) == ("exit", 5, 3)       # no inline values
    Pair.other = 1                                               # the class changed
    try:
        assert run_load(trace, Pair(1, 2)) == ("exit", 5, 3)
    finally:
        del Pair.other


def test_load_attr_with_hint_and_module():
    owner = Pair(1, 2)
    owner.__dict__ = {"first": 1, "third": 3}   # a combined dict, no inline values
    trace = attribute_trace(attributes.load_attr(owner, "third", 5))
    assert trace[-3].name == "LOAD_ATTR_WITH_HINT"
    other = Pair(4, 5)
    other.__dict__ = {"first": 4, "third": 6}
    assert run_load(trace, owner) == 3 and run_load(trace, other) == 6
    assert run_load(trace, Pair(1, 2)) == ("exit", 5, 3)
    import types
    module = types.ModuleType("m")
    module.value = "v"
    trace = attribute_trace(attributes.load_attr(module, "value", 7))
    assert [u.name for u in trace[1:-2]] == ["LOAD_ATTR_MODULE"]
    assert run_load(trace, module) == "v"
    module.value = "w"
    assert run_load(trace, module) == "w"
    del module.value
    assert run_load(trace, module) == ("exit", 7, 3)
    module.value = "again"   # a new entry: the hint no longer names it
    assert run_load(trace, module) == ("exit", 7, 3)
    assert attributes.load_attr(module, "__dict__", 7) is None   # a data descriptor


def test_slots_load_and_store():
    owner = Slots()
    owner.a, owner.b = 1, 2
    load = attribute_trace(attributes.load_attr(owner, "b", 5))
    store = attribute_trace(attributes.store_attr(owner, "a", 5), load=False)
    assert load[-3].name == "LOAD_ATTR_SLOT" and store[-2].name == "STORE_ATTR_SLOT"
    assert run_load(load, owner) == 2
    executor = compile_trace(store, nlocalsplus=2, stack_size=2, keep_alive=[u.keep for u in store])
    empty = Slots()
    assert executor.run([empty, "stored", None, None]).target == 9 and empty.a == "stored"
    assert run_load(load, empty) == ("exit", 5, 3)               # b never set


def test_store_attr_instance_value_keeps_insertion_order():
    trace = attribute_trace(attributes.store_attr(Pair(1, 2), "first", 5), load=False)
    assert trace[-2].name == "STORE_ATTR_INSTANCE_VALUE"
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2, keep_alive=[u.keep for u in trace])
    owner = Pair(1, 2)
    expected = Pair(1, 2)
    del owner.first, expected.first
    assert executor.run([owner, "new", None, None]).target == 9
    expected.first = "new"
    assert vars(owner) == vars(expected) and list(vars(owner)) == list(vars(expected))
    materialised = Pair(1, 2)
    vars(materialised)
    assert executor.run([materialised, "x", None, None]).target == 5


def test_attributes_of_a_local_read_and_written_through_it():
    # LOAD_FAST 0 + LOAD/STORE_ATTR_INSTANCE_VALUE fused (jit/optimizer/borrow.py):
    # the owner's reference count is not touched; exits are the LOAD_FAST's
    second = attributes.load_attr(Pair(1, 2), "second", 5)[-1].operand
    first = attributes.store_attr(Pair(1, 2), "first", 5)[-1].operand
    trace = [UOp("LOAD_ATTR_INSTANCE_VALUE_LOCAL", 0, second, 3), UOp("STORE_FAST", 1),
             UOp("LOAD_FAST", 1), UOp("STORE_ATTR_INSTANCE_VALUE_LOCAL", 0, first, 4),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1)
    owner = Pair("a", "b")
    count = sys.getrefcount(owner)
    localsplus = [owner, None, None]
    assert executor.run(localsplus).target == 9 and localsplus[1] == "b"
    assert owner.first == "b" and sys.getrefcount(owner) == count + 1  # (the list's)
    gone = Pair(1, 2)
    del gone.second
    assert executor.run([gone, None, None]).stacktop == 2             # before the load
    materialised = Pair(1, 2)
    vars(materialised)
    assert executor.run([materialised, None, None]).target == 3
    fresh = Pair(1, 2)
    del fresh.first
    localsplus = [fresh, None, None]
    assert executor.run(localsplus).target == 9 and list(vars(fresh)) == ["second", "first"]


def test_guards_on_a_local_owner():
    # GUARD_TYPE_LOCAL / GUARD_TYPE_VERSION_LOCAL check local 0 in place
    # (an unbound local's sentinel fails the type's); exits before the load
    guards = attributes.load_attr(Pair(1, 2), "second", 5)
    trace = [UOp("GUARD_TYPE_LOCAL", 0, guards[0].operand, 3, keep=Pair),
             UOp("GUARD_TYPE_VERSION_LOCAL", 0, guards[1].operand, 3),
             UOp("LOAD_ATTR_INSTANCE_VALUE_LOCAL", 0, guards[2].operand, 3),
             UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1, keep_alive=[Pair])
    localsplus = [Pair(1, "b"), None, None]
    assert executor.run(localsplus).target == 9 and localsplus[1] == "b"
    assert executor.run([Slots(), None, None]).target == 3
    assert executor.run([NULL, None, None]).target == 3
    Pair.other = 1                                               # the class changed
    try:
        exit_ = executor.run([Pair(1, 2), None, None])
        assert exit_.target == 3 and exit_.assumption
    finally:
        del Pair.other


def test_load_method_of_a_function_unbound_unless_shadowed():
    # [function, self], which CALL takes as it takes [descriptor, self]
    uops = attributes.load_method(Pair(1, 2), "both", 5)
    assert [u.name for u in uops] == ["GUARD_TYPE", "GUARD_TYPE_VERSION",
                                      "GUARD_NO_INSTANCE_SHADOW", "LOAD_METHOD_UNBOUND"]
    trace = [UOp("LOAD_FAST", 0), *uops, UOp("CALL", 0, target=6), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2, keep_alive=[u.keep for u in trace])
    localsplus = [Pair(3, 4), None, None, None]
    assert executor.run(localsplus).target == 9 and localsplus[1] == (3, 4)
    shadowed = Pair(3, 4)
    shadowed.both = lambda: "mine"
    assert executor.run([shadowed, None, None, None]).target == 5


def test_load_method_unbound_and_list_append():
    items = []
    uops = attributes.load_method(items, "append", 5)
    assert [u.name for u in uops] == ["GUARD_TYPE", "LOAD_METHOD_UNBOUND"]
    call = builtin_calls.call_uop(list.append, True, 1, 6)
    assert call.name == "CALL_LIST_APPEND"
    trace = [UOp("LOAD_FAST", 0), *uops, UOp("LOAD_FAST", 1), call, UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=3, keep_alive=[u.keep for u in trace])
    localsplus = [items, "item", None, None, None]
    assert executor.run(localsplus).target == 9 and items == ["item"] and localsplus[1] is None
    assert executor.run([(), "item", None, None, None]).target == 5   # not a list


@pytest.mark.parametrize("value", [[1, 2], (), "abc", {"k": 1}, range(9), b"x", {1}, 5])
def test_call_len(value):
    trace = [UOp("PUSH_NULL"), UOp("LOAD_CONST", operand=id(len), keep=len), UOp("LOAD_FAST", 0),
             builtin_calls.call_uop(len, False, 1, 4), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=3, keep_alive=(len,))
    localsplus = [value, None, None, None, None]
    try:
        expected = len(value)
    except TypeError as error:
        with pytest.raises(TypeError, match=re.escape(str(error))):
            executor.run(localsplus)
        assert executor.failed_exit().target == 4
        return
    assert executor.run(localsplus).target == 9 and localsplus[1] == expected


def test_call_isinstance_respects_instancecheck():
    class Meta(type):
        def __instancecheck__(cls, instance):
            return False

    class Never(metaclass=Meta):
        pass
    trace = [UOp("PUSH_NULL"), UOp("LOAD_CONST", operand=id(isinstance), keep=isinstance),
             UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             builtin_calls.call_uop(isinstance, False, 2, 4), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=4, keep_alive=(isinstance,))
    for value, cls in ((1, int), (True, int), ("s", int), (Never(), Never), ([], (str, list))):
        localsplus = [value, cls, None, None, None, None]
        assert executor.run(localsplus).target == 9 and localsplus[1] is isinstance(value, cls)
    with pytest.raises(TypeError, match="isinstance"):
        executor.run([1, 3, None, None, None, None])


@pytest.mark.parametrize("callee, args, unbound, expected_uop", [
    (abs, (-3,), False, "CALL_BUILTIN_O"),
    (getattr, (3, "real"), False, "CALL_BUILTIN_FAST"),
    (divmod, (17, 5), False, "CALL_BUILTIN_FAST"),
    (round, (2.567, 2), False, "CALL_BUILTIN_FAST"),        # METH_FASTCALL | METH_KEYWORDS
    ({"a": 1}.get, ("a",), False, "CALL_BUILTIN_FAST"),      # a bound built-in method
    (dict.get, ({"b": 2}, "b", 0), True, "CALL_BUILTIN_FAST"),
    (list.copy, ([1, 2],), True, "CALL_BUILTIN_NOARGS"),
    (str.upper, ("abc",), True, "CALL_BUILTIN_NOARGS"),
    (abs, ("x",), False, "CALL_BUILTIN_O"),                  # raises TypeError
])
def test_c_functions_called_through_their_signature(callee, args, unbound, expected_uop):
    count = len(args) - unbound
    call = builtin_calls.call_uop(callee, unbound, count, 4)
    assert call.name == expected_uop
    # [NULL, callee, args] or [descriptor, self, args]
    first = [UOp("LOAD_CONST", operand=id(callee), keep=callee)] if unbound else \
        [UOp("PUSH_NULL"), UOp("LOAD_CONST", operand=id(callee), keep=callee)]
    trace = [*first, *(UOp("LOAD_FAST", i) for i in range(len(args))), call,
             UOp("STORE_FAST", 0), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=len(args), stack_size=len(args) + 2,
                             keep_alive=(callee,))
    localsplus = [*args, None, None] + [None] * len(args)
    try:
        expected = callee(*args)
    except TypeError as error:
        with pytest.raises(TypeError, match=re.escape(str(error))):
            executor.run(localsplus)
        return
    assert executor.run(localsplus).target == 9 and localsplus[0] == expected


def test_global_guard_checks_the_binding_not_the_dicts_versions():
    from jit.optimizer import TraceContext, globals as globals_pass
    namespace, builtin_names = {"limit": 7, "other": 0}, {"len": len}
    recorded = [UOp("LOAD_GLOBAL", 2, target=4, keep=(None, "limit")),
                UOp("LOAD_GLOBAL", 1, target=6, keep=(None, "len")),
                UOp("STORE_FAST", 0), UOp("POP_TOP"), UOp("STORE_FAST", 1),
                UOp("EXIT_TRACE", target=9)]
    trace = globals_pass.run(recorded, TraceContext(None, 2, 0, False, namespace, builtin_names))
    assert [u.name for u in trace] == ["GUARD_GLOBAL", "LOAD_CONST", "GUARD_GLOBAL", "PUSH_NULL",
                                       "LOAD_CONST", "STORE_FAST", "POP_TOP", "STORE_FAST",
                                       "EXIT_TRACE"]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=3)

    def run_with(globals_, builtins_):
        localsplus = [None] * 5
        return executor.run(localsplus, None, globals_, builtins_, None), localsplus

    exit_, localsplus = run_with(namespace, builtin_names)
    assert exit_.target == 9 and localsplus[:2] == [len, 7]
    namespace["other"] = 1            # a store to another name: checked again, passes
    namespace["new"] = 2
    builtin_names["abs"] = abs
    assert run_with(namespace, builtin_names)[0].target == 9
    namespace["limit"] = 7            # the same value stored again
    assert run_with(namespace, builtin_names)[0].target == 9
    namespace["limit"] = 8            # rebound: the assumption broke
    exit_ = run_with(namespace, builtin_names)[0]
    assert (exit_.target, exit_.assumption, exit_.stacktop) == (4, True, 2)
    namespace["limit"] = 7
    namespace["len"] = len            # the builtin shadowed by a global of the same value
    assert run_with(namespace, builtin_names)[0].target == 9
    namespace["len"] = abs
    assert run_with(namespace, builtin_names)[0].target == 6
    del namespace["len"]
    assert run_with(namespace, builtin_names)[0].target == 9
    assert run_with(dict(namespace), builtin_names)[0].target == 4   # other namespaces
    assert run_with(namespace, dict(builtin_names))[0].target == 4


def test_sequence_iterator_layout_is_what_the_stencils_read():
    # helpers.h SequenceIterator: {PyObject_HEAD; Py_ssize_t index; PyObject *sequence}
    import ctypes
    items = [10, 20, 30]
    for sequence in (items, tuple(items)):
        iterator = iter(sequence)
        next(iterator)
        index = ctypes.c_ssize_t.from_address(id(iterator) + 16).value
        held = ctypes.c_void_p.from_address(id(iterator) + 24).value
        assert (index, held) == (1, id(sequence))


@pytest.mark.parametrize("sequence", [[1, 2], (1, 2), type("L", (list,), {})([1, 2]), []])
def test_for_iter_list_and_tuple(sequence):
    name = "FOR_ITER_LIST" if isinstance(sequence, list) else "FOR_ITER_TUPLE"
    trace = [UOp("LOAD_FAST", 0), UOp(name, target=2), UOp("GUARD_NOT_EXHAUSTED", target=30),
             UOp("STORE_FAST", 1), UOp("POP_TOP"), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2)
    iterator = iter(sequence)
    seen = []
    while True:
        localsplus = [iterator, None, None, None]
        exit_ = executor.run(localsplus)
        if exit_.target == 30:  # exhausted: the iterator popped, its sequence dropped
            assert exit_.stacktop == 2 and localsplus[2] is None
            assert list(iterator) == []
            break
        assert exit_.target == 9
        seen.append(localsplus[1])
    assert seen == list(sequence)
    # Another iterator type leaves before consuming anything.
    other = iter(range(3))
    localsplus = [other, None, None, None]
    assert executor.run(localsplus).target == 2 and next(other) == 0


def test_dict_subscripts_raise_key_error_for_missing_keys_and_raise_from_hash():
    class Unhashable:
        def __hash__(self):
            raise ValueError("no hash")

    class Stranger(str):  # hashes as its text, equal to nothing else
        __hash__ = str.__hash__

        def __eq__(self, other):
            compared.append(other)
            return False
    load = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("BINARY_SUBSCR_DICT", target=4),
            UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(load, nlocalsplus=3, stack_size=2)
    table = {"a": 1}
    localsplus = [table, "a", None, None, None]
    assert executor.run(localsplus).target == 9 and localsplus[2] == 1
    # A missing key: the dict's KeyError, raised at the instruction, after one
    # lookup (it used to leave, and Tier 1 looked the key up again). How many
    # times one lookup compares depends on the hash seed (the probe sequence
    # can revisit the slot), so CPython's own lookup gives the count.
    compared = []
    assert {Stranger("b"): 2}.get("b") is None
    one_lookup, compared = compared, []
    with pytest.raises(KeyError) as raised:
        executor.run([{Stranger("b"): 2}, "b", None, None, None])
    assert raised.value.args == ("b",) and compared == one_lookup and one_lookup
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 4)
    assert executor.run([[1], 0, None, None, None]).target == 4  # not a dict
    with pytest.raises(ValueError, match="no hash"):
        executor.run([table, Unhashable(), None, None, None])
    store = [UOp("LOAD_FAST", 2), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("STORE_SUBSCR_DICT", target=6), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(store, nlocalsplus=3, stack_size=3)
    assert executor.run([table, "c", 3, None, None, None]).target == 9 and table["c"] == 3
    with pytest.raises(ValueError, match="no hash"):
        executor.run([table, Unhashable(), 4, None, None, None])


def test_tuple_subscript():
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("BINARY_SUBSCR_TUPLE_INT", target=4),
             UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=3, stack_size=2)
    for index in (0, 2, -1, -3):
        localsplus = [(5, 6, 7), index, None, None, None]
        assert executor.run(localsplus).target == 9 and localsplus[2] == (5, 6, 7)[index]
    for container, index in (((5, 6, 7), 3), ((5, 6, 7), -4), ([5], 0), ((5,), 2 ** 70)):
        assert executor.run([container, index, None, None, None]).target == 4


@pytest.mark.parametrize("name, count, values, expected", [
    ("BUILD_TUPLE", 3, [1, "b", None], (1, "b", None)),
    ("BUILD_TUPLE", 0, [], ()),
    ("BUILD_LIST", 2, [[1], 2.5], [[1], 2.5]),
    ("BUILD_LIST", 0, [], []),
    ("BUILD_SLICE_2", 0, [1, None], slice(1, None)),
    ("BUILD_SLICE_3", 0, [None, 5, -1], slice(None, 5, -1)),
])
def test_building_uops(name, count, values, expected):
    width = len(values)
    trace = [*(UOp("LOAD_FAST", i) for i in range(width)), UOp(name, count),
             UOp("STORE_FAST", width), UOp("EXIT_TRACE", target=9)]
    localsplus = [*values, None, *[None] * max(width, 1)]
    _, exit_ = run(trace, localsplus, width + 1)
    made = localsplus[width]
    assert made == expected and type(made) is type(expected)
    assert exit_.target == 9 and localsplus[:width] == values


@pytest.mark.parametrize("sequence, count, unpacks", [
    ((1, 2, 3), 3, True), ([4, 5], 2, True), ((), 0, True),
    ((1, 2), 3, False), ([1, 2, 3], 2, False), ("ab", 2, False), (iter((1, 2)), 2, False),
])
def test_unpack_sequence_takes_exact_tuples_and_lists_of_its_length(sequence, count, unpacks):
    # a, b, ... = sequence: the first item on top, stored first
    trace = [UOp("LOAD_FAST", 0), UOp("UNPACK_SEQUENCE", count, target=4),
             *(UOp("STORE_FAST", 1 + i) for i in range(count)), UOp("EXIT_TRACE", target=9)]
    localsplus = [sequence, *[None] * count, *[None] * max(count, 1)]
    _, exit_ = run(trace, localsplus, 1 + count)
    if unpacks:
        assert exit_.target == 9 and tuple(localsplus[1:1 + count]) == tuple(sequence)
    else:  # left for Tier 1 with the sequence on the stack
        assert (exit_.target, exit_.stacktop) == (4, 2 + count)
        assert localsplus[1 + count] is sequence


@pytest.mark.parametrize("value", [True, False, 0, -7, 0.0, 2.5, "", "a", b"", [], [0], (), (1,),
                                   {}, {1: 2}, set(), {3}, frozenset(), None])
def test_truth_of_plain_types(value):
    # TO_BOOL_PLAIN / UNARY_NOT_PLAIN: what the types pass uses for the truth
    # of a type in jit.uops.PLAIN_TRUTH
    trace = [UOp("LOAD_FAST", 0), UOp("TO_BOOL_PLAIN"), UOp("STORE_FAST", 1),
             UOp("LOAD_FAST", 0), UOp("UNARY_NOT_PLAIN"), UOp("STORE_FAST", 2),
             UOp("EXIT_TRACE", target=9)]
    localsplus = [value, None, None, None]
    executor, exit_ = run(trace, localsplus, 3)
    assert exit_.target == 9
    assert localsplus[1] is bool(value) and localsplus[2] is (not value)


LONG_MAX, LONG_MIN = 2**63 - 1, -2**63


@pytest.mark.parametrize("args", [
    (5,), (0,), (-3,), (2, 9), (9, 2), (9, 2, -3), (1, 10, 4), (LONG_MAX - 2, LONG_MAX),
    (LONG_MAX - 2, LONG_MAX, 2), (LONG_MIN, LONG_MIN + 3), (LONG_MIN + 2, LONG_MIN, -1),
    (-5, 5, LONG_MAX), (5, -5, LONG_MIN), (LONG_MIN, LONG_MIN + 1, LONG_MAX),
    # left for Tier 1: a zero step, not exact ints, past a C long, and bounds
    # whose iterator range_iter makes a long_range one
    (0, 10, 0), (True,), (2**70,), (2**64, 2**64 + 3), (1.5,),
    (LONG_MIN, LONG_MAX), (0, LONG_MAX, 2**62), (LONG_MAX, LONG_MIN, -2**62)])
def test_call_range_iter_makes_range_iters_iterator_or_leaves(args):
    count = len(args)
    trace = [UOp("PUSH_NULL"), UOp("LOAD_CONST", operand=id(range), keep=range),
             *(UOp("LOAD_FAST", index) for index in range(count)),
             UOp("CALL_RANGE_ITER", count, target=4), UOp("STORE_FAST", count),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=count + 1, stack_size=count + 2,
                             keep_alive=(range,))
    localsplus = [*args, None, *(None,) * (count + 2)]
    exit_ = executor.run(localsplus)
    try:
        expected = iter(range(*args))
    except (TypeError, ValueError):
        expected = None
    if type(expected) is not type(iter(range(0))) or any(type(arg) is not int for arg in args):
        # before the call, with its operands as they were: Tier 1 makes it
        assert (exit_.target, exit_.stacktop) == (4, 2 * count + 3)
        assert localsplus[count + 1:count + 3] == [NULL, range]
        assert localsplus[count + 3:] == [*args] and localsplus[count] is None
        return
    made = localsplus[count]
    assert exit_.target == 9 and type(made) is type(expected)
    assert made.__reduce__() == expected.__reduce__()  # the same range, at the same index
    assert list(made) == list(expected)


@pytest.mark.parametrize("sequence", [(1, 2, 3, 4, 5), [1, 2, 3], (1, 2), "abc", [1], range(4)])
def test_unpack_ex_of_exact_tuples_and_lists(sequence):
    # `a, *middle, b, c = sequence` (oparg: 1 before the star, 2 after), each
    # target stored in turn as CPython's bytecode does; a sequence too short or
    # of another type leaves before anything is unpacked.
    trace = [UOp("LOAD_FAST", 0), UOp("UNPACK_EX", 1 | 2 << 8, target=2),
             *[UOp("STORE_FAST", local) for local in (1, 2, 3, 4)], UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=5, stack_size=4)
    localsplus = [sequence, None, None, None, None] + [None] * 4
    exit_ = executor.run(localsplus)
    if type(sequence) in (tuple, list) and len(sequence) >= 3:
        a, *middle, b, c = sequence
        assert exit_.target == 9 and localsplus[1:5] == [a, middle, b, c]
        assert type(localsplus[2]) is list
    else:
        assert exit_.target == 2 and localsplus[0] is sequence


def test_make_cell_of_a_bound_and_an_unbound_local():
    trace = [UOp("MAKE_CELL", 0), UOp("MAKE_CELL", 1), UOp("EXIT_TRACE", target=9)]
    localsplus = ["bound", NULL, None]
    assert run(trace, localsplus, 2)[1].target == 9
    assert type(localsplus[0]) is type(localsplus[1]) is types.CellType
    assert localsplus[0].cell_contents == "bound"
    with pytest.raises(ValueError):
        localsplus[1].cell_contents


def test_call_trampolined_calls_through_a_frame_with_the_trace_globals():
    # The callee sees a caller frame of the trampoline's code (here a stand-in
    # whose name is "caller"), run on the trace's globals; keywords are passed.
    # The trampoline the recording used (here one whose code is named
    # "recorded") is called when its globals are the trace's; on other
    # globals, one is made on them.
    def trampoline(c, a, k):
        return c(*a, **k) if k else c(*a)
    code = trampoline.__code__.replace(co_name="caller")

    def callee(x, scale=1):
        frame = sys._getframe(1)
        return frame.f_code.co_name, frame.f_globals["marker"], x * scale
    globals_ = {"marker": "the trace's", "__builtins__": __builtins__}
    for recorded_globals, caller in ((globals_, "recorded"), ({}, "caller")):
        recorded = types.FunctionType(code.replace(co_name="recorded"), recorded_globals)
        operand = (code, ("scale",), recorded)
        trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("LOAD_FAST", 2),
                 UOp("LOAD_FAST", 3), UOp("CALL_TRAMPOLINED", 2, id(operand), target=4),
                 UOp("STORE_FAST", 4), UOp("EXIT_TRACE", target=9)]
        executor = compile_trace(trace, nlocalsplus=5, stack_size=4, keep_alive=[operand])
        localsplus = [NULL, callee, 6, 7, None] + [None] * 4
        assert executor.run(localsplus, globals=globals_).target == 9
        assert localsplus[4] == (caller, "the trace's", 42)


def test_call_super_reads_the_class_cell_and_the_first_argument():
    class Base:
        def who(self):
            return "base"

    class Derived(Base):
        pass
    # localsplus: the first argument (or its cell), the __class__ cell; then the stack
    trace = [UOp("PUSH_NULL"), UOp("LOAD_CONST", 0, id(super), keep=super),
             UOp("CALL_SUPER", 1, 0, target=4), UOp("STORE_FAST", 2),
             UOp("EXIT_TRACE", target=9)]
    instance = Derived()
    localsplus = [instance, types.CellType(Derived), None, None, None]
    assert run(trace, localsplus, 3)[1].target == 9
    made = localsplus[2]
    assert type(made) is super and made.__self__ is instance and made.__thisclass__ is Derived
    assert made.who() == "base"
    # The argument in a cell (a nested function captured it): operand 1.
    in_cell = [trace[0], trace[1], trace[2]._replace(operand=1), *trace[3:]]
    localsplus = [types.CellType(instance), types.CellType(Derived), None, None, None]
    assert run(in_cell, localsplus, 3)[1].target == 9 and localsplus[2].__self__ is instance
    # What Tier 1's stand-in turns into CPython's RuntimeError leaves.
    for first, cell in ((NULL, types.CellType(Derived)), (instance, types.CellType()),
                        (instance, types.CellType(42)), (instance, Derived)):
        localsplus = [first, cell, None, None, None]
        assert run(trace, localsplus, 3)[1].target == 4
    # super()'s own TypeError is raised.
    executor = compile_trace(trace, nlocalsplus=3, stack_size=2)
    with pytest.raises(TypeError, match="obj must be an instance or subtype of type"):
        executor.run([Base(), types.CellType(Derived), None, None, None])
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 4)


def test_call_function_ex_calls_with_a_tuple_or_list_and_a_dict():
    # [NULL, callable, args(, kwargs)] -> the result in local 0
    def trace(with_kwargs, operand=0, keep=None):
        loads = [UOp("PUSH_NULL"), UOp("LOAD_FAST", 1), UOp("LOAD_FAST", 2)]
        return [*loads, *[UOp("LOAD_FAST", 3)] * with_kwargs,
                UOp("CALL_FUNCTION_EX", with_kwargs, operand, target=4, keep=keep),
                UOp("STORE_FAST", 0), UOp("EXIT_TRACE", target=9)]
    for callee, args, kwargs, expected in ((max, [3, 7, 5], None, 7),
                                           (sorted, ([2, 1, 3],), {"reverse": True}, [3, 2, 1]),
                                           (dict, (), {"a": 1}, {"a": 1})):
        localsplus = [None, callee, args, kwargs] + [None] * 4
        assert run(trace(kwargs is not None), localsplus, 4)[1].target == 9
        assert localsplus[0] == expected
    # What Tier 1 converts (any iterable, any mapping) leaves.
    for args, kwargs in ((iter([1, 2]), {}), ((1, 2), OrderedDict(key=len))):
        localsplus = [None, sorted, args, kwargs] + [None] * 4
        assert run(trace(True), localsplus, 4)[1].target == 4
    # The callee's exception is raised.
    executor = compile_trace(trace(False), nlocalsplus=4, stack_size=4)
    with pytest.raises(TypeError):
        executor.run([None, len, (1, 2), None] + [None] * 4)
    assert executor.failed_exit().target == 4
    # Through a trampoline (operand: its code and the recorded one): the
    # callee sees its frame -- the recorded trampoline's (here named
    # "recorded") on the trace's globals, else one made of the code on them.
    def trampoline(c, a, k):
        return c(*a, **k) if k else c(*a)
    code = trampoline.__code__.replace(co_name="caller")

    def callee(x, scale=1):
        return sys._getframe(1).f_code.co_name, x * scale
    globals_ = {"__builtins__": __builtins__}
    for recorded_globals, caller in ((globals_, "recorded"), ({}, "caller")):
        pair = (code, types.FunctionType(code.replace(co_name="recorded"), recorded_globals))
        localsplus = [None, callee, [6], {"scale": 7}] + [None] * 4
        executor = compile_trace(trace(True, id(pair), pair), nlocalsplus=4, stack_size=4)
        assert executor.run(localsplus, globals=globals_).target == 9
        assert localsplus[0] == (caller, 42)


def test_dict_merge_merges_fresh_string_keys_and_leaves_otherwise():
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("DICT_MERGE", 1, target=2),
             UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=9)]
    target = {"a": 1}
    localsplus = [target, {"b": 2, "c": 3}, None, None, None]
    assert run(trace, localsplus, 3)[1].target == 9
    assert target == {"a": 1, "b": 2, "c": 3} and localsplus[2] is target
    # A key given twice, a key that is no exact str, a mapping that is no dict:
    # Tier 1 raises CPython's TypeError (or converts).
    for update in ({"a": 5}, {1: 2}, OrderedDict(z=1)):
        target = {"a": 1}
        localsplus = [target, update, None, None, None]
        assert run(trace, localsplus, 3)[1].target == 2 and target == {"a": 1}


def test_import_name_calls_the_builtins_import_and_import_from_reads_the_namespace():
    calls = []

    def hook(*arguments):
        calls.append(arguments)
        return types
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("IMPORT_NAME", 0, id("types"),
                                                                target=2, keep="types"),
             UOp("IMPORT_FROM", 0, id("CellType"), target=4, keep="CellType"),
             UOp("STORE_FAST", 2), UOp("STORE_FAST", 3), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=4, stack_size=2)
    globals_ = {"__name__": "importer"}
    for builtins_, imported in (({"__import__": hook}, "hook"), (__builtins__, "real")):
        localsplus = [0, ("CellType",), None, None, None, None]
        exit_ = executor.run(localsplus, globals=globals_, builtins=builtins_, locals=None)
        assert exit_.target == 9 and localsplus[2:4] == [types.CellType, types]
    assert calls == [("types", globals_, None, ("CellType",), 0)]
    # No __import__: Tier 1 raises CPython's ImportError.
    assert executor.run([0, None, None, None, None, None], globals=globals_, builtins={},
                        locals=None).target == 2
    # A name the module's namespace lacks, or a module type's attribute: Tier 1's.
    for name in ("no_such_name", "__dict__"):
        trace[3] = UOp("IMPORT_FROM", 0, id(name), target=4, keep=name)
        executor = compile_trace(trace, nlocalsplus=4, stack_size=2)
        assert executor.run([0, None, None, None, None, None], globals=globals_,
                            builtins=__builtins__, locals=None).target == 4


def test_copy_closure_puts_the_functions_cells_in_its_free_variables():
    def outer():
        a, b = "a", "b"

        def inner():
            return a + b
        return inner
    function = outer()
    trace = [UOp("COPY_CLOSURE", 1, id(function), keep=function), UOp("EXIT_TRACE", target=9)]
    localsplus = ["local", NULL, NULL, None]
    assert run(trace, localsplus, 3)[1].target == 9
    assert localsplus[:3] == ["local", *function.__closure__]


def test_guard_implemented_leaves_on_not_implemented():
    trace = [UOp("LOAD_FAST", 0), UOp("GUARD_IMPLEMENTED", target=3), UOp("POP_TOP"),
             UOp("EXIT_TRACE", target=9)]
    for value, target in ((NotImplemented, 3), (None, 9), (0, 9)):
        assert run(trace, [value, None], 1)[1].target == target


def test_a_caught_exception_goes_on_after_its_guard_and_others_are_raised_again():
    # localsplus: the dict, the key, the result; a stack item under the
    # subscript (the handler's depth leaves it off: CATCH_EXCEPTION's oparg).
    names = ("KeyError",)
    trace = [UOp("LOAD_CONST", 0, id(5), keep=5), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("BINARY_SUBSCR_DICT", target=6), UOp("GUARD_RAISED", target=8),
             UOp("CATCH_EXCEPTION", 1, id(names), target=6, keep=names),
             UOp("POP_EXCEPT", target=12), UOp("LOAD_CONST", 0, id(-1), keep=-1),
             UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=20)]
    namespaces = {"globals": {}, "builtins": builtins.__dict__}
    executor = compile_trace(trace, nlocalsplus=3, stack_size=4)
    # The key is missing: caught, the trace goes on after the guard (the
    # handled exception, which POP_EXCEPT sets again, is still the one before).
    localsplus = [{1: "one"}, 2, None] + [None] * 4
    try:
        raise LookupError("handled")
    except LookupError as handled:
        assert executor.run(localsplus, **namespaces).target == 20 and localsplus[2] == -1
        assert sys.exception() is handled
    # It is there: the guard leaves, with the result on the stack.
    localsplus = [{1: "one"}, 1, None] + [None] * 4
    exit_ = executor.run(localsplus, **namespaces)
    assert (exit_.kind, exit_.target) == (ExitKind.EXIT, 8) and localsplus[3:5] == [5, "one"]
    # The handler's name bound to another class: raised again where it was
    # raised, the stack cut to the handler's depth.
    localsplus = [{1: "one"}, 2, None] + [None] * 4
    with pytest.raises(KeyError) as raised:
        executor.run(localsplus, globals={"KeyError": IndexError}, builtins=builtins.__dict__)
    assert raised.value.args == (2,)
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 6)
    assert executor.failed_exit().stacktop == 3
    # A tuple of names, as `except (IndexError, KeyError):`.
    names2 = ("IndexError", "KeyError")
    either = [*trace[:5], trace[5]._replace(operand=id(names2), keep=names2), *trace[6:]]
    localsplus = [{}, "k", None] + [None] * 4
    executor = compile_trace(either, nlocalsplus=3, stack_size=4)
    assert executor.run(localsplus, **namespaces).target == 20 and localsplus[2] == -1


def test_delete_fast_unbinds_a_local_and_leaves_for_an_unbound_one():
    class Watched:
        pass
    trace = [UOp("DELETE_FAST", 0, target=2), UOp("LOAD_CONST", 0, id(7), keep=7),
             UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1)
    value = Watched()
    alive = weakref.ref(value)
    localsplus = [value, None, None]
    del value
    assert executor.run(localsplus).target == 9 and localsplus[:2] == [NULL, 7]
    assert alive() is None  # (its reference released)
    # Unbound already: Tier 1 runs DELETE_FAST and raises UnboundLocalError.
    localsplus = [NULL, None, None]
    exit_ = executor.run(localsplus)
    assert (exit_.kind, exit_.target) == (ExitKind.EXIT, 2) and localsplus[:2] == [NULL, None]


def test_failed_exit_is_the_exit_the_last_run_left_by_error_or_not():
    # An exception a program's signal handler raises as the executor
    # returns (CPython runs the handler there) is raised where the trace
    # left: an older error's uop was blamed before, which could lie outside
    # the `try` that catches it (tests/corpus/signals_async.py).
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("BINARY_SUBSCR_DICT", target=2),
             UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=20)]
    executor = compile_trace(trace, nlocalsplus=3, stack_size=2)
    with pytest.raises(KeyError):
        executor.run([{}, 1, None, None, None])
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 2)
    exit_ = executor.run([{1: "one"}, 1, None, None, None])
    assert exit_.target == 20 and executor.failed_exit() is exit_


def _handled_plan(names: tuple, code: types.CodeType, entries: list[tuple[int, int]]) -> tuple:
    """CATCH_HANDLED's operand (jit/trace/handlers.py `_plan`): the traceback
    entries of `code`'s frames at (tb_lasti, tb_lineno), innermost first."""
    from interpreter.traceback import detached_frame, strip_internal
    return (names, tuple((detached_frame(code, {}), lasti, line) for lasti, line in entries),
            strip_internal)


def _entries(tb: types.TracebackType | None) -> list[tuple[str, int, int]]:
    found = []
    while tb is not None:
        found.append((tb.tb_frame.f_code.co_name, tb.tb_lasti, tb.tb_lineno))
        tb = tb.tb_next
    return found


def test_a_handled_exception_gets_its_traceback_entries_and_is_handled_until_pop_except():
    # CATCH_HANDLED (a handler whose body runs code): as CATCH_EXCEPTION, and
    # the exception gets the entries Tier 1's unwinding would (the caller's
    # frame in front of the callee's), is the handled one while the body
    # runs, and is pushed for the handler's POP_TOP; here the body stores
    # sys.exception() in local 2.
    names = ("KeyError",)

    def callee():
        pass

    def caller():
        pass
    plan = _handled_plan(names, callee.__code__, [(12, 7), (40, 3)])
    trace = [UOp("LOAD_CONST", 0, id(5), keep=5), UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("BINARY_SUBSCR_DICT", target=6), UOp("GUARD_RAISED", target=8),
             UOp("CATCH_HANDLED", 1, id(plan), target=6, keep=plan), UOp("POP_TOP"),
             UOp("PUSH_NULL"), UOp("LOAD_CONST", 0, id(sys.exception), keep=sys.exception),
             UOp("CALL", 0, 0, target=14), UOp("STORE_FAST", 2),
             UOp("POP_EXCEPT", target=16), UOp("EXIT_TRACE", target=20)]
    namespaces = {"globals": {}, "builtins": builtins.__dict__}
    executor = compile_trace(trace, nlocalsplus=3, stack_size=4)
    localsplus = [{1: "one"}, 2, None] + [None] * 4
    try:
        raise LookupError("handled before")
    except LookupError as before:
        assert executor.run(localsplus, **namespaces).target == 20
        assert sys.exception() is before  # (POP_EXCEPT set it again)
    caught = localsplus[2]
    assert type(caught) is KeyError and caught.args == (2,)
    assert _entries(caught.__traceback__) == [("callee", 40, 3), ("callee", 12, 7)]
    # A traceback it had is kept behind the new entries, stripped of cpjit's
    # own frames (the dict's __missing__ raises it, from Python code).
    class Missing(dict):
        def __missing__(self, key):
            raise KeyError(key)
    localsplus = [Missing(), 3, None] + [None] * 4
    trace[3] = UOp("BINARY_SUBSCR", target=6)
    executor = compile_trace(trace, nlocalsplus=3, stack_size=4)
    assert executor.run(localsplus, **namespaces).target == 20
    assert [name for name, _, _ in _entries(localsplus[2].__traceback__)] == \
        ["callee", "callee", "__missing__"]
    # No name matches: raised again at the instruction, with no new entry.
    with pytest.raises(KeyError) as raised:
        executor.run([{}, 2, None] + [None] * 4, globals={"KeyError": IndexError},
                     builtins=builtins.__dict__)
    assert _entries(raised.value.__traceback__)[:1] != [("callee", 40, 3)]
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 6)


def test_a_handled_exception_of_a_uop_that_did_not_raise_when_recorded_leaves_handled():
    # CAUGHT_EXIT_HANDLED: the uop's error goes to _CATCH_EXIT_HANDLED, which
    # gives the exception its entry and makes it the handled one, puts the
    # one handled before in the result's place and the exception above it,
    # and takes the guard's exit (at the handler's POP_TOP, or its
    # STORE_FAST of `as name`: Tier 1 goes on there).
    def frame_code():
        pass
    plan = _handled_plan(("KeyError",), frame_code.__code__, [(4, 11)])
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("BINARY_SUBSCR_DICT", target=2),
             UOp("CAUGHT_EXIT_HANDLED", 0, id(plan), target=30, keep=plan),
             UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=20)]
    namespaces = {"globals": {}, "builtins": builtins.__dict__}
    executor = compile_trace(trace, nlocalsplus=3, stack_size=4)
    localsplus = [{1: "one"}, 1, None] + [None] * 4
    assert executor.run(localsplus, **namespaces).target == 20 and localsplus[2] == "one"
    localsplus = [{1: "one"}, 2, None] + [None] * 4
    before = LookupError("handled before")
    try:
        raise before
    except LookupError:
        exit_ = executor.run(localsplus, **namespaces)
        handled = sys.exception()
        set_handled_exception(before)  # (as the body's POP_EXCEPT would)
    assert (exit_.kind, exit_.target, exit_.stacktop) == (ExitKind.EXIT, 30, 5)
    assert localsplus[3] is before and localsplus[4] is handled
    assert type(handled) is KeyError and _entries(handled.__traceback__) == \
        [("frame_code", 4, 11)]
    with pytest.raises(KeyError):
        executor.run([{}, 2, None] + [None] * 4, globals={"KeyError": TypeError},
                     builtins=builtins.__dict__)
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 2)


def test_match_class_and_match_keys_capture_as_cpythons_patterns_do():
    class Point:
        __match_args__ = ("x", "y")

        def __init__(self, x, y):
            self.x, self.y = x, y
    class Plain:
        pass
    # `case Point(a, y=b)`: the subject, the class, the keyword names.
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("LOAD_FAST", 2),
             UOp("MATCH_CLASS", 1, target=5), UOp("STORE_FAST", 3), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=4, stack_size=3)
    for subject, kind, names, captured in ((Point(1, 2), Point, ("y",), (1, 2)),
                                           (Point(1, 2), int, (), None),
                                           (Point(1, 2), Point, ("z",), None),  # no attribute
                                           (7, int, (), (7,))):  # int matches itself
        localsplus = [subject, kind, names, None, None, None, None]
        assert executor.run(localsplus).target == 9 and localsplus[3] == captured
    with pytest.raises(TypeError, match=r"Plain\(\) accepts 0 positional sub-patterns \(1 given\)"):
        executor.run([Plain(), Plain, (), None] + [None] * 3)  # no __match_args__
    with pytest.raises(TypeError, match="multiple sub-patterns for attribute 'x'"):
        executor.run([Point(1, 2), Point, ("x",), None] + [None] * 3)
    with pytest.raises(TypeError, match="called match pattern must be a type"):
        executor.run([Point(1, 2), 5, (), None] + [None] * 3)
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 5)
    # `case {"a": _, "b": _}`: the subject and the keys stay, the values are pushed.
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("MATCH_KEYS", target=5),
             UOp("STORE_FAST", 2), UOp("POP_TOP"), UOp("POP_TOP"), UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=3, stack_size=3)
    for subject, keys, values in (({"a": 1, "b": 2}, ("a", "b"), (1, 2)),
                                  ({"a": 1}, ("a", "b"), None), ({}, (), ())):
        localsplus = [subject, keys, None, None, None, None]
        assert executor.run(localsplus).target == 9 and localsplus[2] == values
    with pytest.raises(ValueError, match="checks duplicate key"):
        executor.run([{"a": 1}, ("a", "a"), None, None, None, None])


def test_raise_varargs_raises_what_cpythons_raise_statement_raises():
    trace = [UOp("LOAD_FAST", 0), UOp("RAISE_VARARGS", 1, target=4), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1)
    instance = ValueError("given")
    with pytest.raises(ValueError) as raised:
        executor.run([instance, None, None])
    assert raised.value is instance
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 4)
    with pytest.raises(KeyError) as raised:  # a class: called with no arguments
        executor.run([KeyError, None, None])
    assert raised.value.args == ()
    try:  # the exception being handled is its context
        raise LookupError("handled")
    except LookupError as handled:
        with pytest.raises(ValueError) as raised:
            executor.run([ValueError("new"), None, None])
        assert raised.value.__context__ is handled

    class NotAnException(Exception):
        def __new__(cls):
            return 5
    for bad in (5, NotAnException):  # what CPython refuses: its TypeErrors
        try:
            raise bad
        except TypeError as error:
            expected = str(error)
        with pytest.raises(TypeError) as raised:
            executor.run([bad, None, None])
        assert str(raised.value) == expected


def test_an_exception_for_a_callers_handler_is_matched_where_it_was_raised():
    # MATCH_CAUGHT, before INLINE_RETURNs carry the exception out of the
    # callee: on when the handler's names match, else raised again at the
    # instruction that raised it (Tier 1 unwinds it through every frame).
    names = ("KeyError",)
    trace = [UOp("LOAD_FAST", 0), UOp("MATCH_CAUGHT", 0, id(names), target=7, keep=names),
             UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=9)]
    namespaces = {"globals": {}, "builtins": builtins.__dict__}
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1)
    error = KeyError("k")
    localsplus = [error, None, None]
    assert executor.run(localsplus, **namespaces).target == 9 and localsplus[1] is error
    for other, namespace in ((IndexError("i"), namespaces),
                             (KeyError("rebound"), {"globals": {"KeyError": TypeError},
                                                    "builtins": builtins.__dict__})):
        with pytest.raises(type(other)) as raised:
            executor.run([other, None, None], **namespace)
        assert raised.value is other
        assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 7)


def test_a_caught_exception_of_a_uop_that_did_not_raise_when_recorded_takes_its_guards_exit():
    # CAUGHT_EXIT after the subscript: its exit is after the handler's
    # POP_TOP (offset 30), where the stack is the handler's depth and the
    # exception handled before (PUSH_EXC_INFO's, for POP_EXCEPT).
    names = ("KeyError",)
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("BINARY_SUBSCR_DICT", target=6),
             UOp("CAUGHT_EXIT", 0, id(names), target=30, keep=names), UOp("STORE_FAST", 2),
             UOp("EXIT_TRACE", target=20)]
    namespaces = {"globals": {}, "builtins": builtins.__dict__}
    executor = compile_trace(trace, nlocalsplus=3, stack_size=4)
    # Found: on through the guard, which does nothing.
    localsplus = [{1: "one"}, 1, None] + [None] * 4
    assert executor.run(localsplus, **namespaces).target == 20 and localsplus[2] == "one"
    # Missing: caught, dropped, and out through the guard's exit.
    localsplus = [{1: "one"}, 2, None] + [None] * 4
    exit_ = executor.run(localsplus, **namespaces)
    assert (exit_.kind, exit_.target, exit_.stacktop) == (ExitKind.EXIT, 30, 4)
    assert localsplus[2:4] == [None, None]  # (none handled)
    # Another exception (the name rebound): the subscript's own error.
    with pytest.raises(KeyError):
        executor.run([{}, 2, None] + [None] * 4, globals={"KeyError": TypeError},
                     builtins=builtins.__dict__)
    assert (executor.failed_exit().kind, executor.failed_exit().target) == (ExitKind.ERROR, 6)
