"""The Tier 2 uops, each run natively in a hand-assembled trace and checked
against what CPython does."""
from __future__ import annotations

import signal
import threading
import time

import pytest

import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from interpreter.frame import NULL
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


@pytest.mark.parametrize("value", [0, 1, "", "x"])
def test_jump_if_or_pop_guards(value):
    # x or y recorded jumping (value truthy, kept): GUARD_IS_TRUE_ELSE_POP_BOTH
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
