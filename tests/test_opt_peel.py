"""The peel pass: a preamble pass, then the loop body."""
from __future__ import annotations

import json
import re
from pathlib import Path

from differential import assert_same, first_loop_dump, run_cpjit, run_pair
from jit.optimizer import TraceContext, loop_top, peel
from jit.uops import UOp, unpacked_count

PROGRAM_DIR = Path(__file__).resolve().parent / "jit_programs"
TRACE = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)


def names(uops):
    return [u.name for u in uops]


ITERATION = [UOp("FOR_ITER_NEXT", target=1), UOp("GUARD_NOT_EXHAUSTED", target=9),
             UOp("STORE_FAST", 0)]


def test_the_body_follows_a_preamble_and_loops_to_itself():
    trace = [*ITERATION, UOp("LOAD_FAST_CHECKED", 1, target=2), UOp("POP_TOP"),
             UOp("JUMP_TO_TOP", target=1, jump=0)]
    out = peel.run(trace, TRACE)
    assert out == [*trace[:-1], *trace[:-1], trace[-1]._replace(jump=5)]
    assert loop_top(out) == 5


def test_what_is_not_peeled():
    plain = [*ITERATION, UOp("JUMP_TO_TOP", jump=0)]
    not_peeled = [
        [UOp("LOAD_NAME", 0, target=1), UOp("STORE_NAME", 0), UOp("JUMP_TO_TOP", jump=0)],
        [*ITERATION, UOp("INT64_JUMP_IF_ZERO", 0, jump=1), UOp("JUMP_TO_TOP", jump=0)],
        [*ITERATION, UOp("EXIT_TRACE", target=4)],
        [*ITERATION] * 100 + [UOp("JUMP_TO_TOP", jump=0)],
    ]
    for trace in not_peeled:
        assert peel.run(trace, TRACE) == trace
    side = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=True)
    assert peel.run(plain, side) == plain and len(peel.run(plain, TRACE)) == 7


def test_finish_undoes_a_peeling_that_bought_nothing():
    trace = [*ITERATION, UOp("LOAD_FAST_CHECKED", 1, target=2), UOp("POP_TOP"),
             UOp("JUMP_TO_TOP", target=1, jump=0)]
    peeled = peel.run(trace, TRACE)
    assert peel.finish(peeled, TRACE) == trace
    improved = [*peeled[:8], UOp("LOAD_FAST", 1), *peeled[9:]]
    assert peel.finish(improved, TRACE) == improved
    assert peel.finish(trace, TRACE) == trace


def test_programs_agree_with_cpython_with_and_without_the_pass():
    for mode in (["--threshold", "1"], ["--threshold", "1", "--disable-pass", "peel"],
                 ["--threshold", "1", "--backend", "llvm-O0"]):
        for program in ("opt_peel.py", "inlined_calls.py"):
            expected, actual = run_pair(mode, [program], PROGRAM_DIR)
            assert_same(expected, actual, f"{program} {mode}")


def test_native_uop_count_of_a_peeled_trace_is_exact(tmp_path: Path):
    # As test_jit.test_native_uop_count_is_exact, in a function, whose trace
    # is peeled: the one executor run does the preamble once, the body n - 3
    # times, and leaves at the body's exhaustion guard (its second uop).
    # Boxed (unbox off), so the body is the recorded iteration's shape;
    # test_jit.test_native_uop_count_of_an_optimized_trace_is_exact counts
    # with every pass.
    n, path = 1000, tmp_path / "stats.json"
    program = (f"def f(n):\n    x = 0\n    for i in range(n):\n        x = x + i\n"
               f"    return x\nprint(f({n}))\n")
    outcome = run_cpjit(["--threshold", "1", "--disable-pass", "unbox",
                         "--stats-json", str(path), "--dump",
                         str(tmp_path)], ["-c", program], tmp_path)
    assert outcome.returncode == 0, outcome.stderr
    stats = json.loads(path.read_text())
    # (the exhaustion exit, taken once, gets a side trace to the return: never run)
    (trace,) = [trace for trace in stats["traces"] if trace["kind"] == "root"]
    counters = re.findall(r"; COUNT_UOPS oparg=(\d+)",
                          first_loop_dump(tmp_path))
    # (and the re-entry block's, which only side traces run: none here;
    # each oparg also counts the stretch's generic uops, in its high bits)
    preamble, body, reentry = (unpacked_count(int(oparg))[0] for oparg in counters)
    assert preamble + body + reentry == trace["uops"], counters
    assert stats["native_uops"] == preamble + (n - 3) * body + 2, (stats, counters)


def test_native_uop_count_of_an_error_in_a_peeled_body_is_exact(tmp_path: Path):
    # 10 // (i - 500) raises at i == 500: the preamble ran i == 2, the body
    # i == 3 .. 499 and, for i == 500, its uops up to the division.
    path = tmp_path / "stats.json"
    program = ("def f():\n    x = 0\n    for i in range(1000):\n"
               "        x = 10 // (i - 500) + x\n"   # x: checked in the preamble only
               "try:\n    f()\nexcept ZeroDivisionError:\n    print('stopped')\n")
    # Boxed (unbox off): unboxed, `//` by zero exits to Tier 1 rather than
    # raising natively.
    outcome = run_cpjit(["--threshold", "1", "--disable-pass", "unbox",
                         "--stats-json", str(path), "--dump",
                         str(tmp_path)], ["-c", program], tmp_path)
    assert outcome.returncode == 0 and outcome.stdout == "stopped\n", outcome.stderr
    stats = json.loads(path.read_text())
    instances = re.findall(r"^  ; (\w+) oparg=(\d+)", first_loop_dump(tmp_path),
                           re.MULTILINE)
    counters = [index for index, (name, _) in enumerate(instances) if name == "COUNT_UOPS"]
    assert len(counters) == 3, instances  # (the third: the re-entry block's, not run)
    preamble, body = (unpacked_count(int(instances[index][1]))[0] for index in counters[:2])
    division = [name for name, _ in instances[counters[1] + 1:]].index("BINARY_OP")
    assert stats["native_uops"] == preamble + (500 - 3) * body + division + 1, (stats, instances)
