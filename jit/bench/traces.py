"""Hand-assembled uop traces for the backend's tests and benchmark.

The recorder (Tier 2) produces traces from bytecode; these are written by
hand so the backend can be exercised and measured on its own.
"""
from __future__ import annotations

from jit.uops import UOp

NB_ADD, NB_MULTIPLY, NB_TRUE_DIVIDE = 0, 5, 11
PY_LT = 0


def slots(*numbers: int) -> int:
    """An operand naming scratch slots (dst, a, b)."""
    return sum(number << (16 * index) for index, number in enumerate(numbers))


def counted_loop(body: list[UOp], counter: int = 0, limit: int = 1, flag: int = 2,
                 one: int = 3) -> list[UOp]:
    """`body` run while scratch[counter] < scratch[limit]; the loop exits after it."""
    top = 2
    end = top + 2 + len(body) + 2
    return [
        UOp("INT64_CONST", counter, 0),
        UOp("INT64_CONST", one, 1),
        UOp("INT64_COMPARE", PY_LT, slots(flag, counter, limit)),       # top
        UOp("INT64_JUMP_IF_ZERO", flag, jump=end),
        *body,
        UOp("INT64_ADD", 0, slots(counter, counter, one), target=90),
        UOp("JUMP", jump=top),
        UOp("EXIT_TRACE", target=100),                                    # end
    ]


def shifted(trace: list[UOp], by: int, tail: list[UOp]) -> list[UOp]:
    """`trace` placed at index `by` (jumps moved), its final exit replaced by `tail`."""
    moved = [UOp(u.name, u.oparg, u.operand, u.target, None if u.jump is None else u.jump + by)
             for u in trace[:-1]]
    return moved + tail


def sum_of_squares_trace() -> list[UOp]:
    """total = sum(i * i for i in range(n)) with locals 0 = n, 1 = total;
    scratch: 0 i, 1 n, 2 flag, 3 one, 4 total, 5 square."""
    setup = [UOp("LOAD_FAST", 0), UOp("INT64_UNBOX", 1, target=4), UOp("INT64_CONST", 4, 0)]
    loop = counted_loop([
        UOp("INT64_MULTIPLY", 0, slots(5, 0, 0), target=20),
        UOp("INT64_ADD", 0, slots(4, 4, 5), target=22),
    ])
    return setup + shifted(loop, len(setup), tail=[
        UOp("INT64_BOX", 4, target=30), UOp("STORE_FAST", 1), UOp("EXIT_TRACE", target=40)])


def add_loop_trace() -> list[UOp]:
    """acc = acc + x, n times, through PyNumber_Add; locals 0 = acc, 1 = x, 2 = n."""
    loop = counted_loop([
        UOp("LOAD_FAST", 0), UOp("LOAD_FAST", 1), UOp("BINARY_OP", NB_ADD, target=10),
        UOp("STORE_FAST", 0),
    ])
    return [UOp("LOAD_FAST", 2), UOp("INT64_UNBOX", 1, target=2)] + shifted(
        loop, 2, tail=[UOp("EXIT_TRACE", target=100)])


def straight_line_trace(length: int) -> list[UOp]:
    """`length` uops of a typical mix (loads, guards, generic and unboxed arithmetic,
    stores), ending in an exit; for locals 0 = an int, 1 = an int."""
    pattern = [
        UOp("LOAD_FAST", 0), UOp("GUARD_TYPE", operand=id(int), target=2),
        UOp("LOAD_FAST", 1), UOp("BINARY_OP", NB_ADD, target=4), UOp("STORE_FAST", 0),
        UOp("INT64_ADD", 0, slots(0, 0, 1), target=6),
        UOp("INT64_COMPARE", PY_LT, slots(2, 0, 1)),
        UOp("FLOAT_MULTIPLY", 0, slots(3, 3, 3)),
    ]
    body = [pattern[index % len(pattern)] for index in range(length - 1)]
    # Leave the stack balanced before the exit.
    while sum(1 if u.name == "LOAD_FAST" else -1 if u.name in ("BINARY_OP", "STORE_FAST")
              else 0 for u in body) > 0:
        body.pop()
    body += [UOp("INT64_ADD", 0, slots(0, 0, 1), target=6)] * (length - 1 - len(body))
    return body + [UOp("EXIT_TRACE", target=8)]
