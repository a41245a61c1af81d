"""The registers pass: unboxed operands read from the register stacks the uops
before pushed; hand-built traces in, variants and loads out, then run natively."""
from __future__ import annotations

import pytest

import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from jit.backend.executor import compile_trace
from jit.optimizer import TraceContext, registers, types, unbox
from jit.optimizer.registers import Registers, body_loads
from jit.optimizer.unbox import slots
from jit.uops import UOp, load_uops, register_inputs, variant_name
from test_opt_unbox import WHILE, increment_and_test, while_loop

RANGE_ITERATOR = type(iter(range(0)))
LOOP = TraceContext(code=None, nlocalsplus=4, entry_depth=1, side=False,
                    header_stack_types=(RANGE_ITERATOR,))


def const(value: object, target: int = 0) -> UOp:
    return UOp("LOAD_CONST", 0, id(value), target, keep=value)


def float_arith() -> list[UOp]:
    """for i in range(n): v = v * 0.999 - x * 0.01; x = x + v * 0.5
    (locals n, x, v, i; the iterator on the stack)"""
    return [UOp("FOR_ITER_NEXT", target=20), UOp("GUARD_NOT_EXHAUSTED", target=42),
            UOp("STORE_FAST", 3, target=21),
            UOp("LOAD_FAST_CHECKED", 2, target=22), const(0.999, 23),
            UOp("GUARD_BOTH_FLOAT", target=24), UOp("BINARY_OP_MULTIPLY_FLOAT", target=24),
            UOp("LOAD_FAST_CHECKED", 1, target=26), const(0.01, 27),
            UOp("GUARD_BOTH_FLOAT", target=28), UOp("BINARY_OP_MULTIPLY_FLOAT", target=28),
            UOp("GUARD_BOTH_FLOAT", target=30), UOp("BINARY_OP_SUBTRACT_FLOAT", target=30),
            UOp("STORE_FAST", 2, target=32),
            UOp("LOAD_FAST_CHECKED", 1, target=33), UOp("LOAD_FAST_CHECKED", 2, target=34),
            const(0.5, 35), UOp("GUARD_BOTH_FLOAT", target=36),
            UOp("BINARY_OP_MULTIPLY_FLOAT", target=36),
            UOp("GUARD_BOTH_FLOAT", target=38), UOp("BINARY_OP_ADD_FLOAT", target=38),
            UOp("STORE_FAST", 1, target=40), UOp("JUMP_TO_TOP", target=20, jump=0)]


def test_every_register_input_has_every_variant() -> None:
    uops = load_uops()
    add = uops["FLOAT_ADD"]
    assert register_inputs(add) == ((1, "F"), (2, "F"))
    variants = {name for name in uops if name.startswith("FLOAT_ADD__")}
    assert variants == {f"FLOAT_ADD__{a}{b}" for a in "MAB" for b in "MAB"} - {"FLOAT_ADD__MM"}
    assert uops["FLOAT_ADD__BA"].flags == add.flags and uops["FLOAT_ADD__BA"].variant == "BA"
    assert variant_name("GUARD_SLOT_TRUE", "A") in uops and variant_name("INT64_ADD", "MM") == \
        "INT64_ADD"


def test_a_push_forgets_registers_holding_the_slots_old_value() -> None:
    held = Registers().push("I", 5).push("I", 7)
    assert held == Registers(I=(7, 5))
    assert held.push("I", 5) == Registers(I=(5, 7))
    assert held.push("I", 7) == Registers(I=(7, None))
    assert held.push("F", 5) == Registers(I=(7, None), F=(5, None))


def test_a_float_chain_reads_its_operands_from_registers_across_the_back_edge() -> None:
    out = registers.run(unbox.run(float_arith(), LOOP), LOOP)
    names = [u.name for u in out]
    top = out[-1].jump
    body = names[top:]
    assert body == ["RANGE_ITER_NEXT", "FLOAT_MULTIPLY", "FLOAT_MULTIPLY__BM",
                    "FLOAT_SUBTRACT__BA", "FLOAT_MULTIPLY__AM", "FLOAT_ADD__MA", "JUMP_TO_TOP"]
    # The prologue ends loading what the back edge leaves in the registers:
    # i, then x's product and x (x on top); the back edge jumps past them.
    loads = out[top - 3:top]
    assert [(u.name, u.oparg) for u in loads] == [
        ("INT64_LOAD_REGISTER", out[top].operand & 0xFFFF),
        ("FLOAT_LOAD_REGISTER", out[top + 4].operand & 0xFFFF),
        ("FLOAT_LOAD_REGISTER", out[top + 5].operand & 0xFFFF)]
    assert body_loads(tuple(out)) == loads


@pytest.mark.parametrize("disabled", [False, True])
def test_native_float_chain_computes_what_python_does(disabled: bool) -> None:
    out = unbox.run(float_arith(), LOOP)
    if not disabled:
        out = registers.run(out, LOOP)
    executor = compile_trace(out, nlocalsplus=4, stack_size=6, entry_depth=1)
    n = 1000
    localsplus = [n, 0.0, 1.0, 0, iter(range(n)), None, None, None, None, None]
    executor.run(localsplus)
    x, v = 0.0, 1.0
    for _ in range(n):
        v = v * 0.999 - x * 0.01
        x = x + v * 0.5
    assert localsplus[1:3] == [x, v] and localsplus[3] == n - 1


def test_native_side_trace_loads_the_roots_registers_before_jumping_into_its_body() -> None:
    root = registers.run(while_loop(), WHILE)
    names = [u.name for u in root]
    # i % 2 reads i, which the back edge left in reg_i1; compares and guards
    # read what the uop before pushed
    assert names.count("GUARD_SLOT_TRUE__A") == 2 and "INT64_AND__BM" in names
    loads = body_loads(tuple(root))
    assert loads and all(u.name == "INT64_LOAD_REGISTER" for u in loads)
    executor = compile_trace(root, nlocalsplus=3, stack_size=2)
    localsplus = [100, 0, 0, None, None]
    odd = executor.run(localsplus)          # leaves at i == 1 for the odd path
    assert (odd.target, localsplus[:3]) == (25, [100, 1, 1])
    side = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=True,
                        root_uops=tuple(executor.uops), entry_unboxed=odd.unboxed)
    tail = registers.run(unbox.run(types.run(increment_and_test(25), side), side), side)
    assert [u.name for u in tail[-1 - len(loads):]] == [*(u.name for u in loads), "JUMP_TO_BODY"]
    assert [u.oparg for u in tail[-1 - len(loads):-1]] == [u.oparg for u in loads]
    executor.attach(odd.index, tail)
    for n in (1, 2, 7, 100, 1001):  # (entered at the loop top: i < n held)
        localsplus = [n, 0, 0, None, None]
        while True:
            exit_ = executor.run(localsplus)
            if exit_.target == 36:
                break
            # another exit: Tier 1 would run the instruction; do the loop's step
            n_, i, evens = localsplus[:3]
            evens += i % 2 == 0
            localsplus[:3] = [n_, i + 1, evens]
            if i + 1 >= n_:
                break
        assert localsplus[2] == (n + 1) // 2, n


def test_a_side_trace_without_register_inputs_still_loads_the_roots_registers() -> None:
    root = registers.run(while_loop(), WHILE)
    side = TraceContext(code=None, nlocalsplus=3, entry_depth=0, side=True,
                        root_uops=tuple(root))
    tail = registers.run([UOp("LOAD_FAST", 1, target=25), UOp("POP_TOP", target=25),
                          UOp("JUMP_TO_BODY", target=11, jump=0)], side)
    assert [u.name for u in tail[2:]] == [*(u.name for u in body_loads(tuple(root))),
                                         "JUMP_TO_BODY"]
