"""Opcode handlers: one factory per CPython 3.11 opcode.

A factory takes a decoded instruction (`decode.Instr`) and its `Decoded` code
and returns a *handler*: a closure `handler(frame, localsplus) -> handler`
with everything static about the instruction (argument, stack slots, names,
constants) bound in, which returns the handler of the instruction to run
next. The eval loop does nothing but `h = h(frame, localsplus)`; a handler
reports an error by raising.

Handlers are linked without an extra indirection: a factory keeps the
successor offsets in closure variables named `nxt` (fall-through) and `jump`
(jump target) and returns them; once every handler of the code object
exists, `build_ops` replaces those two cells' contents -- offsets -- by the
handlers at those offsets. Handlers must not use `nxt`/`jump` in any other
way.

`FACTORIES` is the single registry: `interpreter.coverage` derives the list of
handled opcodes from it.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from typing import Callable

from ..decode import Decoded, Handler, Instr

Factory = Callable[[Instr, Decoded], Handler]
FACTORIES: dict[str, Factory] = {}


def opcode(*names: str) -> Callable[[Factory], Factory]:
    """Register a factory for one or more opnames."""
    def register(factory: Factory) -> Factory:
        for name in names:
            assert name not in FACTORIES, name
            FACTORIES[name] = factory
        return factory
    return register


def _unreachable(ins: Instr) -> Handler:
    def unreachable(f, lp):
        raise SystemError(f"cpjit: reached dead code at offset {ins.offset}")
    return unreachable


def _not_in_vm(ins: Instr) -> Handler:
    def delegated(f, lp):
        raise SystemError(f"cpjit: {ins.opname} only runs in generator-like code, "
                          "which CPython runs")
    return delegated


_LINKED_CELLS = ("nxt", "jump")


def build_ops(dec: Decoded) -> list[Handler]:
    """The handlers of `dec`, linked, as a table indexed by code-unit offset
    (None at CACHE / EXTENDED_ARG units, which control never reaches). Also
    fills `dec.pc_of`, the offset of each handler."""
    ops: list = [None] * (len(dec.code.co_code) // 2)
    for ins in dec.instrs:
        factory = FACTORIES.get(ins.opname)
        if ins.depth is None:
            ops[ins.offset] = _unreachable(ins)
        elif factory is None:
            ops[ins.offset] = _not_in_vm(ins)
        else:
            ops[ins.offset] = factory(ins, dec)
    for h in ops:
        if h is None or h.__closure__ is None:
            continue
        names = h.__code__.co_freevars
        for name in _LINKED_CELLS:
            if name in names:
                cell = h.__closure__[names.index(name)]
                offset = cell.cell_contents
                if type(offset) is int and offset < len(ops):
                    cell.cell_contents = ops[offset]
    dec.pc_of = {h: offset for offset, h in enumerate(ops) if h is not None}
    return ops


def redirect(dec: Decoded, offset: int, handler: Handler) -> Callable[[], None]:
    """Make control that falls through or jumps to the instruction at
    `offset` (every linked `nxt`/`jump` cell holding its handler) run
    `handler` instead, which `dec.pc_of` then maps to `offset`.  `dec.ops`
    keeps the instruction's own handler, so whatever looks a handler up by
    offset (a frame resuming, an exit of the JIT, its recorder) still runs
    the instruction.  Returns the function that undoes the redirection."""
    original = dec.ops[offset]
    cells = {id(cell): cell for h in dec.ops if h is not None and h.__closure__ is not None
             for name, cell in zip(h.__code__.co_freevars, h.__closure__)
             if name in _LINKED_CELLS and cell.cell_contents is original}
    # First (and kept after the undo): the unwinder finds the offset of a
    # handler that raised there, and a thread may be about to run `handler`.
    dec.pc_of[handler] = offset
    for cell in cells.values():
        cell.cell_contents = handler

    def undo() -> None:
        for cell in cells.values():
            cell.cell_contents = original
    return undo


# Importing the families registers their factories.
from . import variables, objects, build, control, calls, exceptions, match, modules  # noqa: E402,F401
