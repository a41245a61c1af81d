"""The optimizer's pipeline: pass selection, the pass-by-pass view, relinking.
Each pass has its own tests (tests/test_opt_*.py)."""
from __future__ import annotations

import types

import pytest

import jit.optimizer as optimizer
from jit.optimizer import TraceContext, check_disabled, optimize, pass_names, relink
from jit.uops import UOp

TRACE = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)


def _pass(name: str, run) -> types.ModuleType:
    module = types.ModuleType(f"jit.optimizer.{name}")
    module.NAME, module.PURPOSE, module.run = name, "test", run
    return module


def test_every_pass_is_a_module_with_a_name_a_purpose_and_run() -> None:
    assert len(set(pass_names())) == len(optimizer.PIPELINE)
    for module in optimizer.PIPELINE:
        assert module.__name__ == f"jit.optimizer.{module.NAME}"
        assert module.PURPOSE and callable(module.run)


def test_passes_run_in_order_and_disabled_ones_do_not(monkeypatch) -> None:
    ran = []
    pipeline = tuple(_pass(name, lambda uops, trace, name=name: ran.append(name) or
                           [*uops, UOp("NOP_" + name)]) for name in ("first", "second", "third"))
    monkeypatch.setattr(optimizer, "PIPELINE", pipeline)
    seen = []
    result = optimize([UOp("JUMP_TO_TOP", jump=0)], TRACE, frozenset({"second"}),
                      lambda name, uops: seen.append((name, [u.name for u in uops])))
    assert ran == ["first", "third"]
    assert [u.name for u in result] == ["JUMP_TO_TOP", "NOP_first", "NOP_third"]
    assert seen == [("recorded", ["JUMP_TO_TOP"]),
                    ("first", ["JUMP_TO_TOP", "NOP_first"]),
                    ("third", ["JUMP_TO_TOP", "NOP_first", "NOP_third"])]


def test_unknown_pass_names_are_refused_with_the_known_ones(monkeypatch) -> None:
    monkeypatch.setattr(optimizer, "PIPELINE", (_pass("fold", None), _pass("peel", None)))
    assert check_disabled(["peel"]) == {"peel"}
    with pytest.raises(ValueError, match=r"no optimizer pass named 'unroll' \(passes: fold, peel\)"):
        check_disabled(["unroll"])


def test_relink_drops_removed_uops_and_renumbers_jumps() -> None:
    uops = [UOp("A"), None, UOp("B"), UOp("JUMP", jump=2), None, UOp("C"),
            UOp("JUMP_TO_TOP", jump=1)]
    assert relink(uops) == [UOp("A"), UOp("B"), UOp("JUMP", jump=1), UOp("C"),
                            UOp("JUMP_TO_TOP", jump=1)]


def test_rewrite_replaces_uops_and_renumbers_jumps() -> None:
    uops = [UOp("A"), UOp("B"), UOp("C"), UOp("JUMP", jump=1), UOp("JUMP_TO_TOP", jump=2)]
    out = optimizer.rewrite(uops, lambda index, uop: {0: [UOp("X"), UOp("Y")], 1: [],
                                                      2: [uop, UOp("Z")]}.get(index, [uop]))
    # a jump to B (removed) goes to C, the next uop kept; to C, to C's first uop
    assert out == [UOp("X"), UOp("Y"), UOp("C"), UOp("Z"), UOp("JUMP", jump=2),
                   UOp("JUMP_TO_TOP", jump=2)]
    assert optimizer.jump_targets(out) == {2} and optimizer.loop_top(out) == 2
    assert optimizer.loop_top([UOp("A"), UOp("JUMP_TO_TOP", jump=0)]) == 0


def test_finish_runs_after_every_pass_and_is_observed(monkeypatch) -> None:
    ran = []
    first = _pass("first", lambda uops, trace: ran.append("first") or uops)
    first.finish = lambda uops, trace: ran.append("first finish") or [*uops, UOp("DONE")]
    second = _pass("second", lambda uops, trace: ran.append("second") or uops)
    monkeypatch.setattr(optimizer, "PIPELINE", (first, second))
    seen = []
    result = optimize([UOp("JUMP_TO_TOP", jump=0)], TRACE,
                      observe=lambda name, uops: seen.append(name))
    assert ran == ["first", "second", "first finish"]
    assert seen == ["recorded", "first", "second", "first (finish)"]
    assert result[-1] == UOp("DONE")
    ran.clear()
    optimize([UOp("JUMP_TO_TOP", jump=0)], TRACE, frozenset({"first"}))
    assert ran == ["second"]
