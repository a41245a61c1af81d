"""The globals pass: LOAD_GLOBAL folded into GUARD_GLOBAL + LOAD_CONST."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from differential import assert_same, run_cpjit, run_pair
from jit.optimizer import TraceContext, globals as globals_pass
from jit.uops import UOp

PROGRAM_DIR = Path(__file__).resolve().parent / "jit_programs"


@pytest.fixture(autouse=True)
def fresh_history(monkeypatch):
    # The pass remembers bindings by the dicts' ids, which tests reuse.
    monkeypatch.setattr(globals_pass, "_history", {})


def load_global(name: str, oparg: int = 0, target: int = 10) -> UOp:
    return UOp("LOAD_GLOBAL", oparg, 0, target, keep=(None, name))


def fold(uops, namespace, builtin_names=None):
    builtin_names = {"len": len, "range": range} if builtin_names is None else builtin_names
    return globals_pass.run(uops, TraceContext(None, 1, 0, False, namespace, builtin_names))


def shape(uops):
    return [(u.name, u.oparg, u.target, u.jump) for u in uops]


def test_a_global_and_a_builtin_become_guarded_constants():
    limit = 10 ** 30
    out = fold([load_global("limit", 0, 4), load_global("len", 1, 6),
                UOp("JUMP_TO_TOP", jump=0)], {"limit": limit})
    assert shape(out) == [("GUARD_GLOBAL", 0, 4, None), ("LOAD_CONST", 0, 4, None),
                          ("GUARD_GLOBAL", 0, 6, None), ("PUSH_NULL", 0, 6, None),
                          ("LOAD_CONST", 0, 6, None), ("JUMP_TO_TOP", 0, 0, 0)]
    assert out[1].keep is limit and out[1].operand == id(limit)
    assert out[4].keep is len and out[4].operand == id(len)
    cache, ffi = out[0].keep[0], globals_pass.ffi   # the guard's GlobalCache, kept alive
    assert int(ffi.cast("uintptr_t", cache)) == out[0].operand
    assert int(ffi.cast("uintptr_t", cache.value)) == id(limit) and out[0].keep[2] is limit
    assert int(ffi.cast("uintptr_t", out[2].keep[0].value)) == id(len)


def test_one_guard_per_name_until_something_escapes():
    out = fold([load_global("x"), UOp("POP_TOP"), load_global("x"), UOp("POP_TOP"),
                UOp("CALL", 0), load_global("x"), UOp("JUMP_TO_TOP", jump=0)], {"x": 1})
    assert [u.name for u in out] == ["GUARD_GLOBAL", "LOAD_CONST", "POP_TOP", "LOAD_CONST",
                                     "POP_TOP", "CALL", "GUARD_GLOBAL", "LOAD_CONST",
                                     "JUMP_TO_TOP"]
    # the same binding, checked twice by one cache each
    assert out[0].keep[1] == out[6].keep[1] == "x"


def test_jumps_are_renumbered():
    out = fold([UOp("LOAD_FAST", 0), load_global("x"), UOp("POP_TOP"),
                UOp("JUMP_TO_TOP", jump=1)], {"x": 1})
    assert out[-1].jump == 1 and out[1].name == "GUARD_GLOBAL"


def test_not_folded_when_missing_stored_or_without_plain_dicts():
    missing = [load_global("nowhere"), UOp("JUMP_TO_TOP", jump=0)]
    assert fold(missing, {}) == missing
    stored = [load_global("x"), UOp("STORE_GLOBAL", 0, keep="x"), UOp("JUMP_TO_TOP", jump=0)]
    assert fold(stored, {"x": 1}) == stored
    named = [load_global("x"), UOp("STORE_NAME", 0, keep="x"), UOp("JUMP_TO_TOP", jump=0)]
    assert fold(named, {"x": 1}) == named
    plain = [load_global("x"), UOp("JUMP_TO_TOP", jump=0)]
    assert globals_pass.run(plain, TraceContext(None, 1, 0, False)) == plain
    subclass = type("Namespace", (dict,), {})(x=1)
    assert fold(plain, subclass) == plain
    assert fold(plain, {"x": 1}, type("Builtins", (dict,), {})()) == plain


def test_a_binding_that_keeps_changing_is_no_longer_folded():
    namespace = {"x": 1}
    trace = [load_global("x"), UOp("JUMP_TO_TOP", jump=0)]
    assert fold(trace, namespace)[0].name == "GUARD_GLOBAL"
    namespace["x"] = 2            # changed once: folded again
    assert fold(trace, namespace)[0].name == "GUARD_GLOBAL"
    assert fold(trace, namespace)[0].name == "GUARD_GLOBAL"   # unchanged since
    namespace["x"] = 3            # changed again: the loop changes it
    assert fold(trace, namespace) == trace


def test_program_agrees_with_cpython_with_and_without_the_pass():
    for mode in (["--threshold", "1"], ["--threshold", "1", "--disable-pass", "globals"]):
        expected, actual = run_pair(mode, ["opt_globals.py"], PROGRAM_DIR)
        assert_same(expected, actual, f"opt_globals.py {mode}")


def _stats(tmp_path: Path, source: str) -> dict:
    program, path = tmp_path / "program.py", tmp_path / "stats.json"
    program.write_text(source)
    outcome = run_cpjit(["--threshold", "1", "--stats-json", str(path)], [str(program)],
                        tmp_path)
    assert outcome.returncode == 0, outcome.stderr
    return json.loads(path.read_text())


def test_module_level_stores_do_not_retire_folded_traces(tmp_path: Path):
    stats = _stats(tmp_path, "def read():\n    return counter + offset\n"
                             "counter, offset, acc = 0, 1, 0\n"
                             "for i in range(3000):\n    counter = i\n    acc += read()\n"
                             "print(acc)\n")
    assert stats["retired"] == {} and len(stats["traces"]) == 1, stats


def test_a_binding_rebound_every_iteration_stops_being_folded(tmp_path: Path):
    # (bump's loop, longer than an inlined callee's are unrolled, keeps it
    # out of the trace: the rebinding is one the trace does not see)
    stats = _stats(tmp_path, "def bump():\n    global level\n"
                             "    for _ in range(20):\n        pass\n    level += 1\n"
                             "def loop(n):\n    total = 0\n    for i in range(n):\n"
                             "        bump()\n        total += level\n    return total\n"
                             "level = 0\nprint(loop(2000))\n")
    assert stats["retired"] == {"invalidated": 2}, stats


def test_only_values_that_later_passes_use_and_outlive_the_trace_are_folded():
    namespace = {"items": [], "thing": object(), "point": 1.5, "kind": int, "flag": None}
    for name, folded in (("items", False), ("thing", False), ("point", True),
                         ("kind", True), ("flag", True)):
        trace = [load_global(name), UOp("JUMP_TO_TOP", jump=0)]
        assert (fold(trace, namespace)[0].name == "GUARD_GLOBAL") is folded, name
