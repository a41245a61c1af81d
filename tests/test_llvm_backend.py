"""The LLVM comparison backend agrees with copy-and-patch on the same traces.

Every scenario runs one hand-assembled trace on each backend and compares
what Tier 1 would see: the exit taken (index, kind, bytecode target, stack
top) or the exception raised and the exit it failed at, and the frame's
localsplus afterwards.  The corpus runs under both LLVM levels too
(tests/differential.py CPJIT_MODES).

Whatever needs llvmlite runs in a child process (the `check_*` functions
here, through `run_check`): importing llvmlite makes ctypes callbacks, whose
trampolines this CPython maps writable and executable (README, "LLVM code
goes through our own loader"), which would fail test_backend.py's
process-wide W^X check in whatever order the tests run.
"""
from __future__ import annotations

import functools
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from jit.backend.backends import NAMES, get_backend
from jit.backend.executor import ExitKind, compile_trace
from jit.backend.llvm import templates as llvm_templates
from jit.backend.memory import memory
from jit.bench.traces import (
    NB_ADD, NB_TRUE_DIVIDE, add_loop_trace, counted_loop, shifted, slots, straight_line_trace,
    sum_of_squares_trace,
)
from jit.stencils.bitcode import BitcodeBundle, bitcode_path
from jit.stencils.library import LIBRARY_PATH, load_library
from jit.stencils.model import StencilError
from jit.uops import UOp
from native_maps import mapping_of, maps_while_running

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
LLVM_BACKENDS = ["llvm-O0", "llvm"]
assert set(NAMES) == {"copy-and-patch", *LLVM_BACKENDS}

backend_named = functools.cache(get_backend)


class Bad:
    def __bool__(self):
        raise ValueError("no truth here")

    def __repr__(self) -> str:  # the same on both sides of a comparison
        return "Bad()"


class Numerator:
    def __truediv__(self, other):
        return 1 / other

    def __repr__(self) -> str:
        return "Numerator()"


def harmonic_trace() -> list[UOp]:
    """h = sum(1.0 / (i + 1)) over unboxed doubles, exits at a zero divisor."""
    body = [UOp("INT64_TO_FLOAT", 0, slots(8, 0)), UOp("FLOAT_ADD", 0, slots(8, 8, 7)),
            UOp("FLOAT_TRUE_DIVIDE", 0, slots(9, 7, 8), target=50),
            UOp("FLOAT_ADD", 0, slots(6, 6, 9))]
    setup = [UOp("LOAD_FAST", 0), UOp("INT64_UNBOX", 1, target=2),
             UOp("FLOAT_CONST", 6, 0), UOp("LOAD_FAST", 1), UOp("FLOAT_UNBOX", 7, target=3)]
    return setup + shifted(counted_loop(body), len(setup), tail=[
        UOp("FLOAT_BOX", 6, target=30), UOp("STORE_FAST", 2), UOp("EXIT_TRACE", target=40)])


def branch_trace() -> list[UOp]:
    """x = 1 if cond else 2"""
    return [UOp("LOAD_FAST", 0), UOp("POP_JUMP_IF_FALSE", target=2, jump=4),
            UOp("LOAD_CONST", operand=id(1)), UOp("JUMP", jump=5),
            UOp("LOAD_CONST", operand=id(2)), UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=8)]


def guards_trace() -> list[UOp]:
    return [UOp("LOAD_FAST", 0), UOp("GUARD_TYPE", operand=id(int), target=2),
            UOp("LOAD_FAST", 0), UOp("GUARD_TYPE", operand=id(float), target=4),
            UOp("BINARY_OP", NB_ADD, target=6), UOp("STORE_FAST", 1),
            UOp("EXIT_TRACE", target=8)]


def divide_trace() -> list[UOp]:
    return [UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1),
            UOp("BINARY_OP", NB_TRUE_DIVIDE, target=14), UOp("STORE_FAST", 2),
            UOp("EXIT_TRACE", target=20)]


# name -> (trace, nlocalsplus, stack_size, inputs: fresh localsplus lists)
SCENARIOS = {
    "int64 loop": (sum_of_squares_trace, 2, 1,
                   lambda: [[n, None, None] for n in (0, 1, 17, 100_000)]),
    "int64 overflow exit": (sum_of_squares_trace, 2, 1,
                            lambda: [[10**30, "unchanged", None], [3_037_000_500, 0, None]]),
    "generic add loop": (add_loop_trace, 3, 2, lambda: [
        [0, 3, 1000, None, None], [10**20, 10**19, 50, None, None],
        [0.5, 0.1, 1000, None, None], ["", "ab", 100, None, None], [[], [1], 20, None, None]]),
    "unboxed floats": (harmonic_trace, 3, 1,
                       lambda: [[n, 1.0, None, None] for n in (0, 1, 1000)] + [[5, 0.0, None, None]]),
    "branches": (branch_trace, 2, 1, lambda: [
        [cond, None, None] for cond in (True, False, 0, 3, "", "x", [], [0], None, 0.0)]),
    "truth error": (lambda: [UOp("LOAD_FAST", 0), UOp("POP_JUMP_IF_TRUE", target=6, jump=2),
                             UOp("EXIT_TRACE", target=8)], 1, 1, lambda: [[Bad(), None]]),
    "guard exits": (guards_trace, 2, 2,
                    lambda: [["text", None, None, None], [5, None, None, None]]),
    "error exit": (divide_trace, 3, 2, lambda: [
        [7, 0, None, None, None], [Numerator(), 0, None, "stale", "stale"],
        [7, 2, None, None, None]]),
    "straight line": (lambda: straight_line_trace(40), 2, 2, lambda: [[3, 4, None, None]]),
}


def outcome(executor, localsplus: list) -> tuple:
    """What Tier 1 sees after a run: the exit or the error (and where), and the frame."""
    try:
        exit_ = executor.run(localsplus)
    except Exception as error:  # noqa: BLE001  (the error is the outcome)
        failed = executor.failed_exit()
        result = ("raised", type(error), str(error), failed.index, failed.target, failed.stacktop)
    else:
        result = ("exit", exit_.index, exit_.kind, exit_.target, exit_.stacktop)
    return result, repr(localsplus)


def compile_on(backend: str, trace, nlocalsplus: int, stack_size: int):
    return compile_trace(trace, nlocalsplus=nlocalsplus, stack_size=stack_size,
                         keep_alive=(1, 2), emit_code=backend_named(backend).emit)


def run_check(name: str, *arguments: object) -> str:
    """Run `check_<name>(*arguments)` of this module in a fresh process; its stdout."""
    code = (f"import test_llvm_backend as t; "
            f"t.check_{name}({', '.join(map(repr, arguments))})")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO / "tests",
                            capture_output=True, text=True, timeout=300, env=ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout


def check_agreement() -> None:
    """Print every scenario's outcomes on every backend, as JSON."""
    results = {}
    for scenario, (make_trace, nlocalsplus, stack_size, inputs) in SCENARIOS.items():
        results[scenario] = {}
        for backend in NAMES:
            executor = compile_on(backend, make_trace(), nlocalsplus, stack_size)
            results[scenario][backend] = [repr(executor.exits)] + [
                repr(outcome(executor, localsplus)) for localsplus in inputs()]
    print(json.dumps(results))


@pytest.fixture(scope="module")
def agreement() -> dict:
    return json.loads(run_check("agreement"))


@pytest.mark.parametrize("backend", LLVM_BACKENDS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_backends_agree(agreement: dict, scenario: str, backend: str) -> None:
    expected = agreement[scenario]["copy-and-patch"]
    assert len(expected) == 1 + len(SCENARIOS[scenario][3]())
    assert agreement[scenario][backend] == expected


def check_exits_and_errors(backend: str) -> None:
    executor = compile_on(backend, guards_trace(), 2, 2)
    localsplus = ["text", None, None, None]
    exit_ = executor.run(localsplus)
    assert (exit_.kind, exit_.uop_index, exit_.target, exit_.stacktop) == (ExitKind.EXIT, 1, 2, 3)
    assert localsplus == ["text", None, "text", None]
    executor = compile_on(backend, divide_trace(), 3, 2)
    localsplus = [Numerator(), 0, None, "stale", "stale"]
    with pytest.raises(ZeroDivisionError, match="^division by zero$"):
        executor.run(localsplus)
    failed = executor.failed_exit()
    assert (failed.kind, failed.uop_index, failed.target, failed.stacktop) == (
        ExitKind.ERROR, 2, 14, 3)
    assert localsplus[3:] == [None, None]


@pytest.mark.parametrize("backend", LLVM_BACKENDS)
def test_exits_and_errors_resume_where_copy_and_patch_does(backend: str) -> None:
    """The scenarios' exits and errors, spelled out: a guard's exit keeps the
    guarded value on the stack; an error names its uop, its target and the
    stack top after the inputs were consumed, with dead slots refilled."""
    run_check("exits_and_errors", backend)


def check_side_traces(backend: str) -> None:
    from test_tier2_uops import counting_loop, odd_path
    executor = compile_on(backend, counting_loop(), 4, 2)
    odd_exit = next(e for e in executor.exits if e.target == 50)
    localsplus = [0, 10, 0, 0, None, None]
    assert executor.run(localsplus).target == 50 and localsplus[:4] == [1, 10, 1, 0]
    root_exits = len(executor.exits)
    executor.attach(odd_exit.index, odd_path())
    assert not executor.can_attach(odd_exit.index)
    localsplus = [0, 10, 0, 0, None, None]
    assert executor.run(localsplus).target == 100 and localsplus == [10, 10, 5, 5, None, None]
    localsplus = [0, 10, 0, "odds", None, None]
    with pytest.raises(TypeError, match="can only concatenate str"):
        executor.run(localsplus)
    failed = executor.failed_exit()
    assert failed.index >= root_exits and failed.target == 60 and failed.stacktop == 4


@pytest.mark.parametrize("backend", LLVM_BACKENDS)
def test_side_traces_patch_hot_exits(backend: str) -> None:
    run_check("side_traces", backend)


def writable_and_executable(maps: str) -> set[str]:
    return {line.split()[0] for line in maps.splitlines()
            if {"w", "x"} <= set(line.split()[1])}


def check_never_writable_and_executable(backend: str) -> None:
    """In a fresh process: the pages made writable and executable before any
    trace is compiled (by importing llvmlite, see the module docstring) are
    the only ones, while LLVM's code runs from read-execute pages."""
    llvm_templates.binding()
    with open("/proc/self/maps") as maps:
        before = writable_and_executable(maps.read())
    executor = compile_on(backend, add_loop_trace(), 3, 2)
    seen = maps_while_running(executor)
    entry = executor.native.code.addresses[0]
    assert len(seen) == 3
    for maps in seen:
        assert writable_and_executable(maps) <= before, maps
        assert mapping_of(maps, entry).split()[1].startswith("r-x"), maps
    assert executor.native.code.region.sealed


@pytest.mark.parametrize("backend", LLVM_BACKENDS)
def test_llvm_code_is_never_writable_and_executable(backend: str) -> None:
    run_check("never_writable_and_executable", backend)


def check_memory_released() -> None:
    gc.collect()
    before = memory.bytes_in_use
    executor = compile_on("llvm", add_loop_trace(), 3, 2)
    assert memory.bytes_in_use > before
    del executor
    gc.collect()
    assert memory.bytes_in_use == before


def test_llvm_memory_is_released_when_the_executor_dies() -> None:
    run_check("memory_released")


def check_optimization_levels() -> None:
    sizes = {name: compile_on(name, sum_of_squares_trace(), 2, 1).code_size
             for name in LLVM_BACKENDS}
    assert sizes["llvm"] < sizes["llvm-O0"], sizes


def test_optimization_levels_differ() -> None:
    """-O2 really optimizes: the int64 loop's code shrinks."""
    run_check("optimization_levels")


def check_instance_chains_are_joined_before_optimizing() -> None:
    from jit.backend.executor import plan_trace
    from jit.backend.llvm.compiler import LlvmCompiler
    from jit.backend.llvm.templates import templates_for
    plan = plan_trace(sum_of_squares_trace(), nlocalsplus=2, stack_size=1, exit_cell=0)
    templates = templates_for(load_library())
    for level in (0, 2):
        module = LlvmCompiler(level).module(plan.instances, templates)
        marked = {function.name: "alwaysinline" in str(function).split("{")[0]
                  for function in module.functions
                  if not function.is_declaration and function.linkage.name == "internal"}
        tails = {f"cpjit.{index}" for index, instance in enumerate(plan.instances)
                 if instance.stencil.startswith("_")}
        assert marked and set(marked) - tails, marked
        # -O2: every instance but the entry points and the shared tails is
        # inlined into its predecessor before the pipeline optimizes;
        # -O0 inlines nothing.
        assert all(marked[name] == (level > 0 and name not in tails) for name in marked), \
            (level, marked)
    print("ok")


def test_instance_chains_are_joined_before_optimizing() -> None:
    """Each instance's function tail-calls the next: -O2's inliner, left to
    walk the chain with simplification after each step, re-optimized the
    rest of the trace at every instance (8.7 s for a 388-instance trace)."""
    assert run_check("instance_chains_are_joined_before_optimizing") == "ok\n"


def test_bitcode_is_built_with_the_library() -> None:
    library = load_library()
    bundle = BitcodeBundle.load(bitcode_path(LIBRARY_PATH))
    assert bundle.digest == library.digest and bundle.compiler == library.compiler
    assert set(bundle.modules) == set(library.stencils)
    assert all(data[:4] == b"BC\xc0\xde" for data in bundle.modules.values())


def check_unreadable_bitcode() -> None:
    bundle = BitcodeBundle("digest", "clang version 99.0.0",
                           {"LOAD_FAST": b"BC\xc0\xde" + bytes(64)})
    with pytest.raises(StencilError) as error:
        llvm_templates.Templates(bundle)["LOAD_FAST"]
    message = str(error.value)
    assert "clang version 99.0.0" in message and "LLVM 2" in message, message
    assert "stencil LOAD_FAST" in message and "llvmlite" in message, message


def test_unreadable_bitcode_names_both_versions() -> None:
    run_check("unreadable_bitcode")


def test_missing_llvmlite_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "llvmlite", None)
    monkeypatch.setitem(sys.modules, "llvmlite.binding", None)
    with pytest.raises(StencilError, match=r"needs llvmlite.*pip install 'cpjit\[llvm\]'"):
        llvm_templates.binding()


def run_jit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jit", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env=ENV)


def test_runner_selects_the_backend_and_reports_it() -> None:
    program = "total = 0\nfor i in range(300):\n    total += i * i\nprint(total)"
    for name in ("llvm", "llvm-O0"):
        result = run_jit("--backend", name, "--stats", "-c", program)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{sum(i * i for i in range(300))}\n"
        assert f"cpjit: backend {name}: compile time" in result.stderr
        assert "1 traces compiled" in result.stderr


def test_runner_rejects_an_unknown_backend() -> None:
    result = run_jit("--backend", "gcc", "-c", "pass")
    assert result.returncode == 2
    assert "unknown backend 'gcc' (choose from copy-and-patch, llvm, llvm-O0)" in result.stderr
    result = subprocess.run([sys.executable, "-m", "jit", "-c", "pass"], cwd=REPO,
                            capture_output=True, text=True, env={**ENV, "CPJIT_BACKEND": "x"})
    assert result.returncode == 2 and "CPJIT_BACKEND: unknown backend 'x'" in result.stderr


def test_runner_without_llvmlite_says_how_to_get_it() -> None:
    code = ("import sys; sys.modules['llvmlite'] = None; from jit.runner import main; "
            "sys.exit(main(['--backend', 'llvm', '-c', 'pass']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, env=ENV)
    assert result.returncode == 2
    assert "the llvm backend needs llvmlite" in result.stderr and "cpjit[llvm]" in result.stderr


def test_the_backend_comparison_benchmark_runs_end_to_end():
    # Figures are not checked (speed is for benchmarks); that the comparison
    # runs: straight-line and kernel traces compiled by all three backends,
    # the kernel run as whole processes through the shared harness.
    result = subprocess.run([sys.executable, "-m", "jit.bench.backends", "--reps", "1",
                             "--lengths", "10", "int_sum"], cwd=REPO, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for line in ("straight line 10", "int_sum #0", "int_sum ",
                 "copy-and-patch compiles", "kernel time / llvm -O2 kernel time"):
        assert line in result.stdout, result.stdout
