"""The borrow pass: attribute uops on a local's object fused with its LOAD_FAST."""
from __future__ import annotations

from pathlib import Path

from differential import assert_same, run_pair
from jit.optimizer import TraceContext, borrow
from jit.uops import UOp

PROGRAM_DIR = Path(__file__).resolve().parent / "jit_programs"
TRACE = TraceContext(code=None, nlocalsplus=2, entry_depth=0, side=False)


def test_a_local_owner_is_read_through_its_local_and_exits_before_its_load() -> None:
    # self.a = self.b  (LOAD_FAST 0; LOAD_ATTR ...; LOAD_FAST 0; STORE_ATTR ...)
    uops = [UOp("LOAD_FAST", 0, target=2), UOp("LOAD_ATTR_INSTANCE_VALUE", 0, 1, 4),
            UOp("LOAD_FAST", 0, target=14), UOp("STORE_ATTR_INSTANCE_VALUE", 0, 0, 16),
            UOp("JUMP_TO_TOP", jump=0)]
    assert borrow.run(uops, TRACE) == [
        UOp("LOAD_ATTR_INSTANCE_VALUE_LOCAL", 0, 1, 2),
        UOp("STORE_ATTR_INSTANCE_VALUE_LOCAL", 0, 0, 14), UOp("JUMP_TO_TOP", jump=0)]


def test_the_owners_guards_check_the_local_too() -> None:
    # LOAD_FAST_CHECKED x; GUARD_TYPE; GUARD_TYPE_VERSION; LOAD_ATTR: the
    # type guard (which an unbound local's sentinel fails) comes first
    uops = [UOp("LOAD_FAST_CHECKED", 1, target=2), UOp("GUARD_TYPE", 0, 11, 4, keep=int),
            UOp("GUARD_TYPE_VERSION", 0, 7, 4), UOp("LOAD_ATTR_INSTANCE_VALUE", 0, 3, 4),
            UOp("JUMP_TO_TOP", jump=0)]
    assert borrow.run(uops, TRACE) == [
        UOp("GUARD_TYPE_LOCAL", 1, 11, 2, keep=int), UOp("GUARD_TYPE_VERSION_LOCAL", 1, 7, 2),
        UOp("LOAD_ATTR_INSTANCE_VALUE_LOCAL", 1, 3, 2), UOp("JUMP_TO_TOP", jump=0)]


def test_an_augmented_assignment_reads_its_copy_through_the_local() -> None:
    # x.a += 1: LOAD_FAST x; COPY 1; LOAD_ATTR ...; the load stays for the store
    uops = [UOp("LOAD_FAST", 0, target=2), UOp("COPY", 1, target=4),
            UOp("GUARD_TYPE_VERSION", 0, 7, 6), UOp("LOAD_ATTR_INSTANCE_VALUE", 0, 1, 6),
            UOp("EXIT_TRACE", target=8)]
    assert borrow.run(uops, TRACE) == [
        UOp("LOAD_FAST", 0, target=2), UOp("GUARD_TYPE_VERSION_LOCAL", 0, 7, 4),
        UOp("LOAD_ATTR_INSTANCE_VALUE_LOCAL", 0, 1, 4), UOp("EXIT_TRACE", target=8)]


def test_what_is_not_fused() -> None:
    # a checked load whose first guard is not the type's, an owner that is
    # not a local, a jump into the fused uops
    uops = [UOp("LOAD_FAST_CHECKED", 1), UOp("GUARD_TYPE_VERSION", 0, 7),
            UOp("LOAD_ATTR_INSTANCE_VALUE"),
            UOp("LOAD_ATTR_INSTANCE_VALUE"),
            UOp("LOAD_FAST", 1), UOp("GUARD_TYPE_VERSION", 0, 7), UOp("LOAD_ATTR_INSTANCE_VALUE"),
            UOp("JUMP_TO_TOP", jump=5)]
    assert borrow.run(uops, TRACE) == uops
    # a jump to the LOAD_FAST arrives at the fused uops
    fused = borrow.run(uops[4:7] + [UOp("JUMP_TO_TOP", jump=0)], TRACE)
    assert [u.name for u in fused] == ["GUARD_TYPE_VERSION_LOCAL", "LOAD_ATTR_INSTANCE_VALUE_LOCAL",
                                       "JUMP_TO_TOP"]
    assert fused[-1].jump == 0


def test_program_agrees_with_cpython_with_and_without_the_pass() -> None:
    for mode in (["--threshold", "1"], ["--threshold", "1", "--disable-pass", "borrow"]):
        assert_same(*run_pair(mode, ["attribute_access.py"], PROGRAM_DIR), f"attribute_access.py {mode}")
