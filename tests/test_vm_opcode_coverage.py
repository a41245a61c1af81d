"""Every CPython 3.11 opcode is handled by Tier 1, delegated to CPython, or
folded away by the decoder -- derived from the `opcode` tables, not a list."""
from __future__ import annotations

import dis
import opcode

import interpreter
from interpreter.opcodes import FACTORIES


def test_every_opcode_is_classified_exactly_once():
    handled, delegated, folded = interpreter.HANDLED, set(interpreter.DELEGATED), set(interpreter.FOLDED)
    assert not handled & delegated and not handled & folded and not delegated & folded
    missing = set(opcode.opmap) - handled - delegated - folded
    assert not missing, f"opcodes with no handler and no declaration: {sorted(missing)}"
    unknown = (handled | delegated | folded) - set(opcode.opmap)
    assert not unknown, f"declared names that are not 3.11 opcodes: {sorted(unknown)}"


def test_handled_opcodes_have_factories():
    for name in interpreter.HANDLED:
        assert callable(FACTORIES[name])


def test_delegations_give_reasons():
    for name, reason in {**interpreter.DELEGATED, **interpreter.FOLDED}.items():
        assert isinstance(reason, str) and reason, name


def test_specialized_instructions_never_reach_the_vm():
    # adaptive forms are not base opcodes, and co_code as Python returns it
    # is always deoptimised: run a function hot, then look at its code
    specialized = set(opcode._specialized_instructions)
    assert not specialized & set(opcode.opmap)

    def hot(n):
        total = 0
        for i in range(n):
            total += i * 2
        return total

    hot(10_000)
    names = {ins.opname for ins in dis.get_instructions(hot)}
    assert not names & specialized
    assert names <= set(opcode.opmap)


def test_delegated_opcodes_only_occur_in_generator_like_code():
    src = """
def g():
    yield 1
    yield from range(2)
async def c():
    await x
    async with y:
        pass
    async for i in z:
        pass
async def ag():
    yield 1
def plain():
    return [i for i in range(3)], {k: 1 for k in 'ab'}, (lambda: 1)()
"""
    module = compile(src, "<src>", "exec")
    codes = [c for c in module.co_consts if hasattr(c, "co_code")]
    delegated = set(interpreter.DELEGATED)
    seen_delegated = set()
    for code in codes:
        stack = [code]
        while stack:
            co = stack.pop()
            stack.extend(c for c in co.co_consts if hasattr(c, "co_code"))
            names = {ins.opname for ins in dis.get_instructions(co)}
            if interpreter.decode.__module__ and not (co.co_flags & 0x3A0):
                assert not names & delegated, (co.co_name, names & delegated)
            seen_delegated |= names & delegated
    assert seen_delegated  # the sample really exercises delegated opcodes
