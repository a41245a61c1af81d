"""The frame-evaluation hook (jit/hook.py, stencils/eval_hook.c) and its
marking policy (jit/marking.py).

Each program under tests/hook_programs/ calls user functions from CPython-run
code only (sorted's key, map, unittest, a thread's target, a harness in an
installed library, ...).  It must print exactly what CPython prints, and
`--stats` must show that the hook handed exactly the expected calls to the VM.
"""
from __future__ import annotations

import ast
import os
import sys
import textwrap
from pathlib import Path

import pytest

from differential import (REPO, assert_same, child_env, run_cpython, run_pair,
                          run_process)
from jit.marking import Mode, Policy, has_loop, is_user_file, library_dirs, parse_mode

PROGRAMS_DIR = REPO / "tests" / "hook_programs"

# program -> (calls the hook hands to the VM, code objects it marks)
EXPECTED = {
    "sorted_key.py": (120, 1),       # digit_sum: 40 keys each for sorted, min, max
    "map_calls.py": (109, 3),        # 29 + 60 + 20 calls of three functions
    "unittest_case.py": (2, 2),      # the two test methods (fib runs VM -> VM)
    "thread_target.py": (6, 2),      # 3 thread targets, 3 list comprehensions
    "harness_loop.py": (200, 1),     # the harness's 200 calls of kernel
    "exceptions.py": (9, 2),         # check and handled, some raising
    "reentrant.py": (94, 3),         # VM -> sorted -> VM -> map -> VM, 30 deep
    "imported_module.py": (7, 2),    # an imported module's body, triangle x 6
}
MODES = [["--no-jit"], []]


def hook_stats(stderr: str) -> dict[str, int] | None:
    """The `cpjit hook: {...}` line of --stats, or None when there is none."""
    for line in stderr.splitlines():
        if line.startswith("cpjit hook: "):
            return ast.literal_eval(line.partition(": ")[2])
    return None


def without_stats(outcome):
    """The outcome with --stats' lines taken out of stderr."""
    lines = [line for line in outcome.stderr.splitlines(keepends=True)
             if not line.startswith("cpjit")]
    return type(outcome)(outcome.stdout, "".join(lines), outcome.returncode)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "jit")
@pytest.mark.parametrize("program", sorted(EXPECTED))
def test_calls_from_cpython_run_in_the_vm(program: str, mode: list[str]) -> None:
    expected, actual = run_pair(["--stats", *mode], [program], PROGRAMS_DIR)
    assert_same(expected, without_stats(actual), f"{program} [{' '.join(mode)}]")
    stats = hook_stats(actual.stderr)
    assert stats is not None, actual.stderr
    assert (stats["calls"], stats["codes_marked"]) == EXPECTED[program], stats


def run_cpjit(args: list[str], env: dict[str, str] | None = None):
    return run_process([sys.executable, "-m", "jit", *args], PROGRAMS_DIR, 120,
                       env=child_env(env))


LAMBDA_KEY = "print(sorted(range(5), key=lambda v: -v))"


def test_vm_code_all_marks_code_without_loops() -> None:
    everything = run_cpjit(["--stats", "--vm-code", "all", "-c", LAMBDA_KEY])
    loops = run_cpjit(["--stats", "-c", LAMBDA_KEY])
    assert everything.stdout == loops.stdout == "[4, 3, 2, 1, 0]\n"
    assert hook_stats(everything.stderr)["calls"] == 5
    assert hook_stats(loops.stderr)["calls"] == 0


@pytest.mark.parametrize("args, env", [
    (["--vm-code", "none"], None),
    ([], {"CPJIT_VM_CODE": "none"}),
], ids=["option", "environment"])
def test_vm_code_none_installs_no_hook(args: list[str], env) -> None:
    outcome = run_cpjit(["--stats", *args, "sorted_key.py"], env)
    expected = run_cpython(["sorted_key.py"], PROGRAMS_DIR)
    assert outcome.stdout == expected.stdout
    assert hook_stats(outcome.stderr) is None, outcome.stderr


@pytest.mark.parametrize("args, env", [
    (["--vm-exclude", "sorted_*.py"], None),
    (["--vm-exclude", f"{PROGRAMS_DIR}/*"], None),
    ([], {"CPJIT_VM_EXCLUDE": f"nothing.py{os.pathsep}sorted_key.py"}),
], ids=["base-name", "path", "environment"])
def test_excluded_files_stay_on_cpython(args: list[str], env) -> None:
    outcome = run_cpjit(["--stats", *args, "sorted_key.py"], env)
    assert outcome.stdout == run_cpython(["sorted_key.py"], PROGRAMS_DIR).stdout
    assert hook_stats(outcome.stderr)["calls"] == 0


def test_included_library_code_runs_in_the_vm() -> None:
    # The harness lives in a site-packages directory: library code, unless named.
    outcome = run_cpjit(["--stats", "--vm-include", "*/minibench.py", "harness_loop.py"])
    assert outcome.stdout == run_cpython(["harness_loop.py"], PROGRAMS_DIR).stdout
    # bench_func itself now runs in the VM and calls kernel VM -> VM
    stats = hook_stats(outcome.stderr)
    assert (stats["calls"], stats["codes_marked"]) == (1, 1)


def test_a_program_that_rebinds_builtins_with_patterns_and_stats(tmp_path) -> None:
    # cpjit's own work (compiling the patterns: fnmatch and re; the --stats
    # reports at exit: collections, json) runs with the builtins as they were.
    program = tmp_path / "rebinds.py"
    program.write_text("import builtins\nbuiltins.len = None\n"
                       "print(sorted([3, 1, 2], key=lambda x: -x))\n")
    outcome = run_cpjit(["--stats", "--stats-json", str(tmp_path / "stats.json"),
                         "--vm-include", "nothing.py", "--vm-exclude", "*/other/*",
                         str(program)])
    assert (outcome.stdout, outcome.returncode) == ("[3, 2, 1]\n", 0)
    assert "Traceback" not in outcome.stderr and "Exception" not in outcome.stderr
    assert hook_stats(outcome.stderr)["codes_on_cpython"] > 0
    assert (tmp_path / "stats.json").read_text().startswith("{")


@pytest.mark.parametrize("args, env, message", [
    (["--vm-code", "often", "sorted_key.py"], None,
     "--vm-code must be one of loops, all, none, not 'often'"),
    (["sorted_key.py"], {"CPJIT_VM_CODE": "some"},
     "CPJIT_VM_CODE must be one of loops, all, none, not 'some'"),
    (["--vm-include"], None, "Argument expected for the --vm-include option"),
])
def test_bad_policy_is_a_usage_error(args: list[str], env, message: str) -> None:
    outcome = run_cpjit(args, env)
    assert outcome.returncode == 2
    assert message in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_install_and_uninstall_restore_cpythons_evaluator() -> None:
    script = textwrap.dedent("""
        from jit import hook
        from jit.marking import Policy

        def spin(n):
            for _ in range(n):
                pass
            return n

        default = hook.current_evaluator()
        hook.install(Policy(include=("*",)))
        assert hook.installed() and hook.current_evaluator() != default
        print(spin(3), hook.stats().calls)
        hook.uninstall()
        assert not hook.installed() and hook.current_evaluator() == default
        print(spin(4), hook.stats().calls)
        hook.install(Policy())   # again: the same machine code, no new slot
        print(spin(5), hook.stats().calls)
    """)
    outcome = run_process([sys.executable, "-c", script], REPO, 120)
    assert outcome.stdout == "3 1\n4 1\n5 2\n", outcome.describe()
    assert outcome.returncode == 0


def test_files_the_policy_marks_nothing_in_are_decided_in_c() -> None:
    """Once one code object of a file the policy marks nothing in (here the
    standard library's colorsys) is decided, the hook decides the file's
    other code objects itself: the policy is not asked again.  A policy
    change forgets those files."""
    script = textwrap.dedent("""
        import os
        from jit import hook
        from jit.marking import Policy

        def spin(n):
            for _ in range(n):
                pass
            return n

        hook.install(Policy())
        import colorsys  # its module body: decided by the policy
        asked = hook.stats().codes_on_cpython
        colorsys.hsv_to_rgb(*colorsys.rgb_to_hsv(0.1, 0.2, 0.3))
        print(colorsys.__file__ in hook._unmarked_files,
              hook.stats().codes_on_cpython - asked, spin(3), hook.stats().calls)
        hook.install(Policy(exclude=("nothing.py",)))
        print(len(hook._unmarked_files))
    """)
    outcome = run_process([sys.executable, "-c", script], REPO, 120)
    assert outcome.stdout == "True 0 3 1\n0\n", outcome.describe()
    assert outcome.returncode == 0


# ---- the policy, in process (no hook installed) ----------------------------

def _code(source: str, filename: str):
    module = compile(textwrap.dedent(source), filename, "exec")
    return next(c for c in module.co_consts if hasattr(c, "co_code"))


LOOP = "def f(n):\n    for i in range(n):\n        pass\n"
STRAIGHT = "def f(n):\n    return n + 1\n"
GENERATOR = "def f(n):\n    for i in range(n):\n        yield i\n"
USER_FILE = str(REPO / "tests" / "hook_programs" / "user.py")
STDLIB_FILE = os.path.join(os.path.dirname(os.__file__), "json", "decoder.py")


def test_policy_marks_user_code_with_loops_by_default() -> None:
    policy = Policy()
    assert policy.marks(_code(LOOP, USER_FILE))
    assert not policy.marks(_code(STRAIGHT, USER_FILE))
    assert not policy.marks(_code(GENERATOR, USER_FILE))
    assert not policy.marks(_code(LOOP, STDLIB_FILE))
    assert not policy.marks(_code(LOOP, "/venv/lib/python3.11/site-packages/pkg/mod.py"))
    assert not policy.marks(_code(LOOP, "/usr/lib/python3/dist-packages/pkg/mod.py"))
    assert not policy.marks(_code(LOOP, "<frozen importlib._bootstrap>"))
    assert policy.marks(_code(LOOP, "<string>"))


def test_policy_modes_and_patterns() -> None:
    assert Policy(Mode.ALL).marks(_code(STRAIGHT, USER_FILE))
    assert not Policy(Mode.ALL).marks(_code(GENERATOR, USER_FILE))
    assert not Policy(Mode.NONE).marks(_code(LOOP, USER_FILE))
    assert Policy(include=("*/json/*",)).marks(_code(LOOP, STDLIB_FILE))
    assert not Policy(include=("*",), exclude=("decoder.py",)).marks(_code(LOOP, STDLIB_FILE))
    assert not Policy(exclude=("user.py",)).marks(_code(LOOP, USER_FILE))


def test_cpjits_own_code_is_never_marked() -> None:
    import jit.hook
    import interpreter.ceval
    policy = Policy(Mode.ALL, include=("*",))
    assert not policy.marks(jit.hook.enter.__code__)
    assert not policy.marks(interpreter.ceval.run_frame.__code__)
    assert not is_user_file(jit.hook.__file__)
    # nor the code cpjit generates: the stencils' emitters
    from jit.backend.emitter import generate
    from jit.stencils.library import load_library
    emitter = generate(load_library()["LOAD_FAST"]).code
    assert not policy.marks(emitter) and not is_user_file(emitter.co_filename)


def test_library_dirs_are_sysconfigs() -> None:
    import sysconfig
    assert library_dirs() == tuple(sorted({os.path.join(sysconfig.get_path(name), "")
                                           for name in ("stdlib", "platstdlib")}))


def test_has_loop_sees_every_kind_of_loop() -> None:
    assert has_loop(_code("def f(x):\n    while x:\n        x -= 1\n", USER_FILE))
    assert has_loop(_code(LOOP, USER_FILE))
    assert not has_loop(_code(STRAIGHT, USER_FILE))


def test_policy_from_environment() -> None:
    policy = Policy.from_environment({"CPJIT_VM_CODE": "all",
                                      "CPJIT_VM_INCLUDE": f"a.py{os.pathsep}*/b/*",
                                      "CPJIT_VM_EXCLUDE": "c.py"})
    assert policy == Policy(Mode.ALL, ("a.py", "*/b/*"), ("c.py",))
    assert Policy.from_environment({}) == Policy()
    with pytest.raises(ValueError, match="X must be one of"):
        parse_mode("everything", "X")


def test_programs_are_what_the_table_says() -> None:
    listed = {path.name for path in PROGRAMS_DIR.glob("*.py")} - {"hooklib.py"}
    assert listed == set(EXPECTED)
    assert Path(PROGRAMS_DIR / "site-packages" / "minibench.py").exists()
