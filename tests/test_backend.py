"""Copy-and-patch at run time: hand-assembled traces run natively and agree with CPython."""
from __future__ import annotations

import gc
import operator
import os
import struct
import sys
import threading
import weakref

import pytest

import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from interpreter.state import get_thread_state
from jit.backend import stack
from jit.backend.executor import ExitKind, TraceError, compile_trace
from jit.backend.memory import NEAR, ExecutableMemory, memory
from jit.backend.symbols import address_of
from jit.bench.traces import (
    NB_ADD, NB_TRUE_DIVIDE, add_loop_trace, counted_loop, shifted, slots, straight_line_trace,
    sum_of_squares_trace,
)
from jit.uops import UOp
from native_maps import mapping_of, maps_while_running

@pytest.mark.parametrize("n", [0, 1, 2, 17, 1000, 100_000])
def test_sum_of_squares_over_int64(n):
    executor = compile_trace(sum_of_squares_trace(), nlocalsplus=2, stack_size=1)
    localsplus = [n, None, None]
    exit_ = executor.run(localsplus)
    assert exit_.kind is ExitKind.EXIT and exit_.target == 40
    assert localsplus[1] == sum(i * i for i in range(n))
    assert localsplus[2] is None and exit_.stacktop == 2


def test_int64_overflow_exits_with_the_value_untouched():
    executor = compile_trace(sum_of_squares_trace(), nlocalsplus=2, stack_size=1)
    big = 10**30
    localsplus = [big, "unchanged", None]
    exit_ = executor.run(localsplus)
    assert (exit_.kind, exit_.target, exit_.stacktop) == (ExitKind.EXIT, 4, 3)
    assert localsplus == [big, "unchanged", big]  # the unbox guard failed before popping
    # Multiplication overflow inside the loop: i*i overflows int64 past 3037000499.
    executor = compile_trace(
        [UOp("LOAD_FAST", 0), UOp("INT64_UNBOX", 0, target=4),
         UOp("INT64_MULTIPLY", 0, slots(1, 0, 0), target=20), UOp("EXIT_TRACE", target=40)],
        nlocalsplus=1, stack_size=1)
    assert executor.run([3037000499, None]).target == 40
    assert executor.run([3037000500, None]).target == 20


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __add__(self, other: "Money") -> "Money":
        return Money(self.cents + other.cents)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and other.cents == self.cents


@pytest.mark.parametrize("start, step, n", [
    (0, 3, 1000), (10**20, 10**19, 50), (0.5, 0.1, 1000), ("", "ab", 100), (Money(5), Money(7), 300),
    ([], [1], 20),
])
def test_generic_add_loop_agrees_with_cpython(start, step, n):
    executor = compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2)
    expected = start
    for _ in range(n):
        expected = expected + step
    localsplus = [start, step, n, None, None]
    assert executor.run(localsplus).target == 100
    assert localsplus[0] == expected and type(localsplus[0]) is type(expected)


def test_float_arithmetic_agrees_with_cpython():
    # harmonic sum h = sum(1.0 / (i + 1) for i in range(n)), scratch: 6 h, 7 one.0, 8 i as float
    body = [
        UOp("INT64_TO_FLOAT", 0, slots(8, 0)),
        UOp("FLOAT_ADD", 0, slots(8, 8, 7)),
        UOp("FLOAT_TRUE_DIVIDE", 0, slots(9, 7, 8), target=50),
        UOp("FLOAT_ADD", 0, slots(6, 6, 9)),
    ]
    setup = [UOp("LOAD_FAST", 0), UOp("INT64_UNBOX", 1, target=2),
             UOp("FLOAT_CONST", 6, struct.unpack("<Q", struct.pack("<d", 0.0))[0]),
             UOp("FLOAT_CONST", 7, struct.unpack("<Q", struct.pack("<d", 1.0))[0])]
    trace = setup + shifted(counted_loop(body), len(setup), tail=[
        UOp("FLOAT_BOX", 6, target=60), UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=70)])
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1)
    for n in (0, 1, 10, 12345):
        localsplus = [n, None, None]
        executor.run(localsplus)
        expected = 0.0
        for i in range(n):
            expected += 1.0 / (float(i) + 1.0)
        assert localsplus[1] == expected


# Python's compares in the order of their opargs (Py_LT ... Py_GE).
COMPARES = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
            ">": operator.gt, ">=": operator.ge}


@pytest.mark.parametrize("compare", list(COMPARES))
@pytest.mark.parametrize("a, b", [(1, 2), (2, 2), (3, 2), (-5, 7)])
def test_int64_and_float_compares(compare, a, b):
    op, function = list(COMPARES).index(compare), COMPARES[compare]
    trace = [UOp("LOAD_FAST", 0), UOp("INT64_UNBOX", 0, target=1),
             UOp("LOAD_FAST", 1), UOp("INT64_UNBOX", 1, target=2),
             UOp("INT64_COMPARE", op, slots(2, 0, 1)),
             UOp("INT64_TO_FLOAT", 0, slots(3, 0)), UOp("INT64_TO_FLOAT", 0, slots(4, 1)),
             UOp("FLOAT_COMPARE", op, slots(5, 3, 4)),
             UOp("INT64_BOX", 2, target=3), UOp("STORE_FAST", 2),
             UOp("INT64_BOX", 5, target=3), UOp("STORE_FAST", 3),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=4, stack_size=1)
    localsplus = [a, b, None, None, None]
    executor.run(localsplus)
    assert localsplus[2] == localsplus[3] == int(function(a, b))


@pytest.mark.parametrize("compare", list(COMPARES))
@pytest.mark.parametrize("a, b", [(float("nan"), 1.0), (1.0, float("nan")),
                                  (float("nan"), float("nan")), (-0.0, 0.0),
                                  (float("inf"), float("inf")), (-float("inf"), 1e308)])
def test_float_compares_of_nans_zeros_and_infinities(compare, a, b):
    # Unordered operands (a NaN) make every compare false but !=, as in Python.
    op, function = list(COMPARES).index(compare), COMPARES[compare]
    trace = [UOp("LOAD_FAST", 0), UOp("FLOAT_UNBOX", 0, target=1),
             UOp("LOAD_FAST", 1), UOp("FLOAT_UNBOX", 1, target=2),
             UOp("FLOAT_COMPARE", op, slots(2, 0, 1)),
             UOp("INT64_BOX", 2, target=3), UOp("STORE_FAST", 2),
             UOp("EXIT_TRACE", target=9)]
    executor = compile_trace(trace, nlocalsplus=3, stack_size=1)
    localsplus = [a, b, None, None]
    executor.run(localsplus)
    assert localsplus[2] == int(function(a, b))


def test_conditional_branch_on_python_truth_values():
    # x = 1 if cond else 2
    trace = [UOp("LOAD_FAST", 0), UOp("POP_JUMP_IF_FALSE", target=2, jump=4),
             UOp("LOAD_CONST", operand=id(1)), UOp("JUMP", jump=5),
             UOp("LOAD_CONST", operand=id(2)),
             UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=8)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=1, keep_alive=(1, 2))
    for cond in (True, False, 0, 3, "", "x", [], [0], None, 0.0):
        localsplus = [cond, None, None]
        executor.run(localsplus)
        assert localsplus[1] == (1 if cond else 2), cond


def test_truth_value_errors_propagate():
    class Bad:
        def __bool__(self):
            raise ValueError("no truth here")
    trace = [UOp("LOAD_FAST", 0), UOp("POP_JUMP_IF_TRUE", target=6, jump=2),
             UOp("EXIT_TRACE", target=8)]
    executor = compile_trace(trace, nlocalsplus=1, stack_size=1)
    with pytest.raises(ValueError, match="no truth here"):
        executor.run([Bad(), None])
    assert executor.failed_exit().target == 6 and executor.failed_exit().stacktop == 1


def test_guard_takes_the_side_exit_with_the_right_index():
    trace = [UOp("LOAD_FAST", 0), UOp("GUARD_TYPE", operand=id(int), target=2),
             UOp("LOAD_FAST", 0), UOp("GUARD_TYPE", operand=id(float), target=4),
             UOp("BINARY_OP", NB_ADD, target=6), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=8)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2)
    guards = [e for e in executor.exits if e.kind is ExitKind.EXIT]
    assert [(e.uop_index, e.target) for e in guards] == [(1, 2), (3, 4), (6, 8)]
    localsplus = ["text", None, None, None]
    exit_ = executor.run(localsplus)
    assert exit_ is guards[0] and exit_.stacktop == 3
    assert localsplus == ["text", None, "text", None]  # the guarded value stays on the stack
    localsplus = [5, None, None, None]
    exit_ = executor.run(localsplus)
    assert exit_ is guards[1] and exit_.stacktop == 4 and localsplus[2:] == [5, 5]


def test_zero_division_raises_out_of_native_code_without_leaks():
    class Numerator:
        def __truediv__(self, other):
            return 1 / other
    numerator = Numerator()
    witness = weakref.ref(numerator)
    trace = [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
             UOp("BINARY_OP", NB_TRUE_DIVIDE, target=14), UOp("STORE_FAST", 2),
             UOp("EXIT_TRACE", target=20)]
    executor = compile_trace(trace, nlocalsplus=3, stack_size=2)
    denominator = 10**40  # a fresh object: its refcount is ours to watch
    before = sys.getrefcount(denominator)
    with pytest.raises(ZeroDivisionError, match="^division by zero$"):
        executor.run([7, 0, None, None, None])
    localsplus = [numerator, 0, None, "stale", "stale"]
    with pytest.raises(ZeroDivisionError, match="^division by zero$"):
        executor.run(localsplus)
    failed = executor.failed_exit()
    assert (failed.kind, failed.uop_index, failed.target, failed.stacktop) == (
        ExitKind.ERROR, 2, 14, 3)
    assert localsplus[3:] == [None, None]  # dead slots hold valid references again
    localsplus[1] = denominator
    assert executor.run(localsplus).target == 20 and localsplus[2] is not None
    assert sys.getrefcount(denominator) == before + 1  # held by localsplus only
    del localsplus, numerator
    gc.collect()
    assert witness() is None


def test_no_mapping_is_writable_and_executable_while_native_code_runs():
    executor = compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2)
    seen = maps_while_running(executor)
    assert len(seen) == 3
    entry = executor.native.code.addresses[0]
    for maps in seen:
        for line in maps.splitlines():
            permissions = line.split()[1]
            assert not ("w" in permissions and "x" in permissions), line
        assert mapping_of(maps, entry).split()[1].startswith("r-x"), maps


def test_reentrant_runs_use_their_own_scratch():
    executor = compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2)
    inner_results = []

    class Reenter:
        def __add__(self, other):
            inner = [0, 2, 5, None, None]  # 0 + 2*5, run while the outer run is active
            executor.run(inner)
            inner_results.append(inner[0])
            return self
    executor.run([Reenter(), 1, 4, None, None])
    assert inner_results == [10, 10, 10, 10]


def test_executable_memory_is_released_when_the_executor_dies():
    gc.collect()
    before = memory.bytes_in_use
    executors = [compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2) for _ in range(20)]
    assert memory.bytes_in_use > before
    regions = {e.native.code.region.address for e in executors}
    assert len(regions) == 20
    del executors
    gc.collect()
    assert memory.bytes_in_use == before


def test_a_running_trace_keeps_its_code_alive():
    box = {}

    class Dropper:
        def __add__(self, other):
            box.clear()  # drops the last reference to the executor mid-run
            gc.collect()
            return self
    box["executor"] = compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2)
    function = box["executor"].function
    del function
    result = box["executor"].function(None, [Dropper(), 1, 3, None, None], None, None, None,
                                      get_thread_state(), stack.limit())
    assert result >= 0


def test_the_main_threads_stack_is_the_one_glibc_finds() -> None:
    # (found from the auxiliary vector and RLIMIT_STACK, not /proc/self/maps)
    assert threading.current_thread() is threading.main_thread()
    ours, glibcs = stack._main_stack(), stack._thread_stack()
    assert ours is not None and glibcs is not None
    assert ours[0] == glibcs[0]
    assert 0 <= ours[1] - glibcs[1] <= 4 * os.sysconf("SC_PAGESIZE")
    assert stack.limit() == ours[0] + min(stack.MARGIN, ours[1] // 4)
    limits = []
    worker = threading.Thread(target=lambda: limits.append((stack.limit(), stack._thread_stack())))
    worker.start()
    worker.join()
    (limit, (low, size)), = limits
    assert limit == low + min(stack.MARGIN, size // 4) != stack.limit()


def test_sealed_memory_is_never_written_again():
    region = memory.allocate(64)
    region.write(b"\xc3")
    region.seal()
    with pytest.raises(PermissionError):
        region.write(b"\x90")
    region.free()


def test_far_calls_go_through_trampolines():
    far = ExecutableMemory(hint=1 << 40)  # 1 TiB: far from libpython's code
    executor = compile_trace(add_loop_trace(), nlocalsplus=3, stack_size=2, memory=far)
    base = executor.native.code.region.address
    if abs(base - address_of("PyNumber_Add")) < NEAR:
        pytest.skip("the kernel placed the arena near libpython anyway")
    localsplus = [0, 3, 1000, None, None]
    executor.run(localsplus)
    assert localsplus[0] == 3000
    with pytest.raises(ZeroDivisionError):  # error path calls far C functions too
        compile_trace([UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
                       UOp("BINARY_OP", NB_TRUE_DIVIDE), UOp("EXIT_TRACE")],
                      nlocalsplus=2, stack_size=2, memory=far).run([1, 0, None, None])


def test_entry_rejects_a_wrong_localsplus():
    executor = compile_trace([UOp("EXIT_TRACE")], nlocalsplus=2, stack_size=1)
    ts = get_thread_state()
    for arguments in ([[1, 2, 3]], [None, [1, 2, 3]], [None, [1, 2], None, None, None, ts, 0],
                      [None, (1, 2, 3), None, None, None, ts, 0],
                      [None, [1, 2, 3], None, None, None],  # no thread state, no stack limit
                      [None, [1, 2, 3], None, None, None, ts, "0"]):
        with pytest.raises(TypeError, match=r"expected \(frame, localsplus list of length 3, "):
            executor.function(*arguments)


@pytest.mark.parametrize("trace, message", [
    ([], "empty trace"),
    ([UOp("NO_SUCH_UOP"), UOp("EXIT_TRACE")], "'NO_SUCH_UOP' is not a trace uop"),
    ([UOp("_EXIT_TAIL")], "is not a trace uop"),
    ([UOp("JUMP")], "jump target missing"),
    ([UOp("LOAD_FAST", jump=0), UOp("EXIT_TRACE")], "given to a non-branch uop"),
    ([UOp("JUMP", jump=5)], "outside the trace"),
    ([UOp("POP_TOP"), UOp("EXIT_TRACE")], "pops 1 of 0"),
    ([UOp("LOAD_FAST"), UOp("LOAD_FAST"), UOp("EXIT_TRACE")], "overflows the stack"),
    ([UOp("LOAD_FAST")], "falls off the end"),
    ([UOp("LOAD_FAST"), UOp("JUMP", jump=0)], "reached with stack depths"),
])
def test_bad_traces_are_rejected(trace, message):
    with pytest.raises(TraceError, match=message):
        compile_trace(trace, nlocalsplus=1, stack_size=1)


@pytest.mark.parametrize("length", [10, 100, 1000])
def test_straight_line_benchmark_traces_run(length):
    trace = straight_line_trace(length)
    assert len(trace) == length
    executor = compile_trace(trace, nlocalsplus=2, stack_size=2)
    localsplus = [1, 2, None, None]
    assert executor.run(localsplus).target == 8
    assert localsplus[0] == 1 + 2 * sum(u.name == "BINARY_OP" for u in trace)


def test_got_relocations_are_patched_and_run(tmp_path):
    """-fpic -fno-plt turns C-API calls and data into GOT-relative relocations."""
    import subprocess
    from jit.stencils import clang
    from jit.stencils.elf import parse_stencil
    from jit.stencils.library import ENTRY_STENCIL, EXIT_STUB_STENCIL, write_translation_units
    from jit.stencils.model import RelocationKind, StencilLibrary
    compiler = clang.find_clang()
    flags = [flag for flag in compiler.flags
             if flag not in ("-fno-pic", "-mcmodel=medium", "-mlarge-data-threshold=0")]
    sources = write_translation_units(tmp_path)
    trace = add_loop_trace()
    names = {uop.name for uop in trace} | {ENTRY_STENCIL, EXIT_STUB_STENCIL, "_EXIT_TAIL",
                                           "_ERROR_TAIL"}
    stencils = {}
    for name in names:
        obj = tmp_path / f"{name}.o"
        subprocess.run([*compiler.command, "-c", *flags, "-fpic", "-fno-plt", str(sources[name]),
                        "-o", str(obj)], check=True)
        stencils[name] = parse_stencil(obj, name)
    kinds = {hole.kind for stencil in stencils.values() for hole in stencil.holes}
    assert kinds & {RelocationKind.R_X86_64_GOTPCRELX, RelocationKind.R_X86_64_REX_GOTPCRELX}
    library = StencilLibrary("fpic", compiler.version_line, stencils)
    executor = compile_trace(trace, nlocalsplus=3, stack_size=2, library=library)
    for start, step in ((0, 3), ("", "xy"), (0.5, 0.25)):
        localsplus = [start, step, 50, None, None]
        executor.run(localsplus)
        assert localsplus[0] == start + step * 50
    with pytest.raises(ZeroDivisionError):
        compile_trace([UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
                       UOp("BINARY_OP", NB_TRUE_DIVIDE), UOp("EXIT_TRACE")],
                      nlocalsplus=2, stack_size=2, library=library).run([1, 0, None, None])


def test_a_stencil_that_falls_through_gets_its_jump_back_when_needed():
    """Stencils laid out out of order: each falls-through stencil whose
    continuation is not next gets its elided jump back."""
    import ctypes
    from jit.backend.emitter import Instance, emit
    from jit.backend.native import ffi
    from jit.stencils.library import ENTRY_STENCIL, load_library
    library = load_library()
    assert library["LOAD_FAST"].falls_through and library["STORE_FAST"].falls_through
    cell = ffi.new("int64_t[1]")
    exit_cell = int(ffi.cast("uintptr_t", cell))
    instances = [
        Instance(ENTRY_STENCIL, oparg=2, operand=3, target=2, next=2),  # 0 -> 2
        Instance("STORE_FAST", oparg=1, next=4),              # 1 -> 4 (not next)
        Instance("LOAD_FAST", oparg=0, next=1),               # 2 -> 1 (backwards)
        Instance("_ERROR_TAIL", operand=exit_cell),           # 3
        Instance("_EXIT_TAIL", operand=exit_cell),            # 4
    ]
    emitted = emit(instances, library, memory)
    entry = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.py_object,
                              ctypes.POINTER(ctypes.py_object), ctypes.c_ssize_t)(
        emitted.addresses[0])
    localsplus = ["moved", None, None]
    arguments = (ctypes.py_object * 7)(None, localsplus, None, None, None, get_thread_state(),
                                       stack.limit())
    exit_index = entry(None, arguments, 7)
    assert localsplus == ["moved", "moved", None] and exit_index == -1
    emitted.free()



def test_branch_guards_exit_after_popping_to_the_other_target():
    # while-style: if not cond -> resume at 30 with the flag popped
    trace = [UOp("LOAD_FAST", 0), UOp("TO_BOOL", target=4), UOp("GUARD_IS_TRUE_POP", target=30),
             UOp("LOAD_FAST", 0), UOp("TO_BOOL", target=8), UOp("GUARD_IS_FALSE_POP", target=40),
             UOp("EXIT_TRACE", target=50)]
    executor = compile_trace(trace, nlocalsplus=1, stack_size=1)
    exits = {e.target: e for e in executor.exits}
    assert exits[30].stacktop == 1 and exits[4].kind is ExitKind.ERROR
    for value, target in ((0, 30), ("", 30), ([1], 40), (3.5, 40)):
        localsplus = [value, "dead"]
        exit_ = executor.run(localsplus)
        assert exit_.target == target and exit_.stacktop == 1 and localsplus == [value, None]


def test_pop_exit_and_exit_if_cannot_mix():
    from jit.uops import UopDefinitionError, parse_uops
    with pytest.raises(UopDefinitionError, match="not both"):
        parse_uops("UOP(A, (x --), 0)\n{\n    EXIT_IF(x);\n    POP_EXIT_IF(x);\n}\n", "mix.c")


def test_ffi_declarations_are_cached_without_printing(tmp_path):
    import subprocess
    import sys
    import os
    code = "import jit.backend.native as n; print(n.ffi.sizeof('GlobalCache'))"
    env = dict(os.environ, CPJIT_BUILD_DIR=str(tmp_path))
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stdout == again.stdout == "48\n", (first.stdout, first.stderr)
    assert len(list((tmp_path / "ffi").glob("cpjit_ffi_*.py"))) == 1


def test_inlined_calls_and_returns_know_where_their_callers_are():
    # The plan fills in each INLINE_CALL's caller level and each
    # INLINE_RETURN's caller (level, stack top, first inline slot), so that
    # neither reads them back at run time; the nested call runs right:
    # x + outer(1), outer(a) = a + inner(a), inner(b) = b
    from jit.backend.executor import plan_trace
    from jit.uops import SELF_NONE, InlineFrame
    outer = InlineFrame(None, None, 0, 2, 0, 2, 4)  # 2 locals, a stack of 4, from slot 0
    inner = InlineFrame(None, None, 4, 6, 6, 1, 1)  # 1 local, from slot 6

    def const(value):
        return UOp("LOAD_CONST", 0, id(value), keep=value)
    trace = [UOp("LOAD_FAST", 0), UOp("PUSH_NULL"), const(len), const(1),
             UOp("INLINE_CALL", 1, outer.operand(SELF_NONE), keep=outer),
             UOp("LOAD_FAST", 0), UOp("PUSH_NULL"), const(len), UOp("LOAD_FAST", 0),
             UOp("INLINE_CALL", 1, inner.operand(SELF_NONE), keep=inner),
             UOp("LOAD_FAST", 0), UOp("INLINE_RETURN"), UOp("BINARY_OP", 0),
             UOp("INLINE_RETURN"), UOp("BINARY_OP", 0), UOp("STORE_FAST", 1),
             UOp("EXIT_TRACE", target=20)]
    plan = plan_trace(trace, nlocalsplus=2, stack_size=4)
    lowered = [(i.stencil, i.oparg, i.operand) for i in plan.instances
               if i.stencil in ("INLINE_CALL", "INLINE_RETURN")]
    assert lowered == [("INLINE_CALL", 1, outer.operand(SELF_NONE)),
                       ("INLINE_CALL", 1, inner.operand(SELF_NONE) | 1 << 35),
                       ("INLINE_RETURN", 1, outer.locals + 1 | outer.base << 16),
                       ("INLINE_RETURN", 0, 2 + 1)]
    executor = compile_trace(trace, nlocalsplus=2, stack_size=4,
                             keep_alive=[u.keep for u in trace])
    localsplus = [10, None, None, None, None, None]
    assert executor.run(localsplus).target == 20 and localsplus[1] == 12


def test_the_limits_shared_with_the_stencils_agree() -> None:
    # (UNPACK_CALL_EX copies into a C array of JIT_MAX_UNPACKED items: a
    # Python limit above it would overflow it; COUNT_UOPS unpacks its count
    # as JIT_COUNT_BITS says)
    import re

    from jit.paths import STENCILS_DIR
    from jit.uops import COUNT_BITS, INLINE_DEPTH, INLINE_SLOTS, MAX_UNPACKED
    header = (STENCILS_DIR / "jit.h").read_text()
    defined = dict(re.findall(r"^#define (JIT_\w+) (\d+)$", header, re.MULTILINE))
    assert (int(defined["JIT_INLINE_DEPTH"]), int(defined["JIT_INLINE_SLOTS"]),
            int(defined["JIT_MAX_UNPACKED"]), int(defined["JIT_COUNT_BITS"])) == (
        INLINE_DEPTH, INLINE_SLOTS, MAX_UNPACKED, COUNT_BITS)
