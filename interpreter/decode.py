"""Decoding a code object once into the compact form the eval loop runs.

`decode(code)` returns a cached `Decoded`:

* instructions with EXTENDED_ARG folded into the argument and CACHE entries
  skipped; offsets stay in code units (`dis` offset // 2), so every position
  the VM, the exception table and JIT exits talk about is a bytecode offset;
* the static stack depth before every reachable instruction (3.11's compiler
  guarantees one depth per instruction), so handlers can address stack slots
  by constant index;
* the 3.11 exception table parsed (see CPython's
  `Objects/exception_handling_notes.txt`);
* `ops`: one handler per instruction offset, built by the opcode factories
  (`interpreter.opcodes`), which is what the eval loop dispatches through.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import opcode
from types import CodeType
from typing import Any, Callable

from .frame import UNBOUND
from .records import NamedTuple

_CACHES = opcode._inline_cache_entries
_EXTENDED_ARG = opcode.opmap["EXTENDED_ARG"]
_CACHE = opcode.opmap["CACHE"]
_JREL = frozenset(opcode.hasjrel)
_BACKWARD = frozenset(op for name, op in opcode.opmap.items() if "BACKWARD" in name)
_ENDS_BLOCK = frozenset(opcode.opmap[name] for name in (
    "RETURN_VALUE", "RAISE_VARARGS", "RERAISE", "JUMP_FORWARD",
    "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT"))
_PRECALL = opcode.opmap["PRECALL"]
_CALL = opcode.opmap["CALL"]
_KW_NAMES = opcode.opmap["KW_NAMES"]
_RESUME = opcode.opmap["RESUME"]
# Instructions with no runtime effect in Tier 1: control passes straight over
# them (each still gets a handler, so execution may also resume at one).
# PRECALL's bound-method unpacking is an optimisation CALL does not need;
# KW_NAMES is folded into the CALL that follows it.
_PASS_OVER = frozenset(opcode.opmap[name] for name in ("NOP", "RESUME", "PRECALL", "KW_NAMES"))

# What keeps a code object from being a *leaf* (see Decoded.leaf): calls,
# backward jumps (whose back edge may enter the JIT) and re-raising.
_NOT_LEAF = frozenset(opcode.opmap[name] for name in ("CALL", "CALL_FUNCTION_EX", "RERAISE")) | _BACKWARD
_RAISE_VARARGS = opcode.opmap["RAISE_VARARGS"]

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08
CO_GENERATOR_LIKE = 0x20 | 0x80 | 0x100 | 0x200  # GENERATOR, COROUTINE, ITERABLE_COROUTINE, ASYNC_GENERATOR


class ExceptionTableEntry(NamedTuple):
    start: int   # code units, inclusive
    end: int     # code units, exclusive
    target: int
    depth: int
    lasti: bool


def parse_exception_table(table: bytes) -> list[ExceptionTableEntry]:
    """Parse 3.11's varint exception table (6-bit groups, bit 6 = continue,
    bit 7 marks an entry's first byte)."""
    entries = []
    pos = 0

    def varint() -> int:
        nonlocal pos
        b = table[pos]
        pos += 1
        value = b & 63
        while b & 64:
            b = table[pos]
            pos += 1
            value = (value << 6) | (b & 63)
        return value

    while pos < len(table):
        start = varint()
        length = varint()
        target = varint()
        depth_lasti = varint()
        entries.append(ExceptionTableEntry(start, start + length, target,
                                           depth_lasti >> 1, bool(depth_lasti & 1)))
    return entries


class Instr:
    """One decoded instruction, as the opcode factories see it."""

    __slots__ = ("offset", "op", "opname", "arg", "depth", "sp", "next",
                 "target", "kwnames")

    def __init__(self, offset: int, op: int, arg: int, next_offset: int) -> None:
        self.offset = offset
        self.op = op
        self.opname = opcode.opname[op]
        self.arg = arg
        self.depth: int | None = None   # stack depth before the instruction
        self.sp = 0                     # absolute index of the next free slot
        self.next = next_offset         # where control continues
        self.target: int | None = None  # jump target (code units)
        self.kwnames: tuple = ()        # CALL: keyword names from KW_NAMES

    def __repr__(self) -> str:
        return f"<{self.offset}: {self.opname} {self.arg} depth={self.depth}>"


def _stack_effect(ins: Instr, jump: bool) -> int:
    # opcode.stack_effect books PRECALL/CALL the compiler's way (-oparg, -1);
    # at run time PRECALL pops nothing and CALL pops the arguments.
    if ins.op == _PRECALL:
        return 0
    if ins.op == _CALL:
        return -ins.arg - 1
    return opcode.stack_effect(ins.op, ins.arg if ins.op >= opcode.HAVE_ARGUMENT else None,
                               jump=jump)


def localsplus_names(code: CodeType) -> tuple[str, ...]:
    """3.11's co_localsplusnames: varnames, cells that are not arguments' cells, freevars."""
    varnames = code.co_varnames
    cells = tuple(name for name in code.co_cellvars if name not in varnames)
    return varnames + cells + code.co_freevars


class Decoded:
    """A code object decoded for Tier 1 (see module docstring)."""

    __slots__ = ("code", "instrs", "by_offset", "exception_table", "nlocalsplus",
                 "size", "names", "ops", "flags", "_lines", "argcount", "simple_args",
                 "nparams", "pad", "binder", "stub_code", "trampolines", "first", "resume", "pc_of", "leaf",
                 "start")

    def __init__(self, code: CodeType) -> None:
        self.code = code
        self.flags = code.co_flags
        self.names = localsplus_names(code)
        self.nlocalsplus = len(self.names)
        self.size = self.nlocalsplus + code.co_stacksize
        self.exception_table = parse_exception_table(code.co_exceptiontable)
        self.instrs = _read_instructions(code)
        self.by_offset = {ins.offset: ins for ins in self.instrs}
        _link(self)
        _compute_depths(self)
        # A leaf can only return or raise an ordinary exception out of its
        # one frame: no calls, loops or handlers, no bare `raise`. CALL runs
        # a leaf callee to its return itself, without a frame switch.
        self.leaf = _leaf(self.exception_table, self.instrs)
        self._lines: dict[int, int | None] | None = None
        self.ops: list[Callable] = []
        self.pc_of: dict[Callable, int] = {}  # handler -> its offset
        # What a frame a CALL pushes starts with: the first instruction's
        # handler, or the JIT's (`interp.function_start`), which counts the
        # calls and runs the function's trace once it has one.
        self.start: Callable | None = None
        # Argument binding (interpreter.function): the fast path covers
        # positional-only calls to functions without *args/**kwargs/kw-only.
        self.argcount = code.co_argcount
        self.simple_args = not (code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS)
                                or code.co_kwonlyargcount)
        self.nparams = (code.co_argcount + code.co_kwonlyargcount
                        + bool(code.co_flags & _CO_VARARGS) + bool(code.co_flags & _CO_VARKEYWORDS))
        self.pad = (UNBOUND,) * (self.size - self.nparams)
        self.binder: CodeType | None = None     # built on first slow-path call
        self.stub_code: CodeType | None = None  # built on first traceback entry
        self.trampolines: dict[int, tuple] = {}  # line -> (globals, function)

    def handler_for(self, offset: int) -> ExceptionTableEntry | None:
        for entry in self.exception_table:
            if entry.start <= offset < entry.end:
                return entry
        return None

    def line_of(self, offset: int) -> int | None:
        """Source line of the instruction at `offset` (code units)."""
        if self._lines is None:
            lines = {}
            for start, end, line in self.code.co_lines():
                for byte_offset in range(start, end, 2):
                    lines[byte_offset // 2] = line
            self._lines = lines
        return self._lines.get(offset)


def _leaf(exception_table: object, instrs: list[Instr]) -> bool:
    return not exception_table and not any(
        ins.op in _NOT_LEAF or (ins.op == _RAISE_VARARGS and ins.arg == 0) for ins in instrs)


_leaves: dict[CodeType, bool] = {}


def is_leaf(code: CodeType) -> bool:
    """Whether `code` is a leaf (see Decoded.leaf), decoded or not (a
    library function's: reading it does not make it the VM's)."""
    dec = vm_codes.get(code)
    if dec is not None:
        return dec.leaf
    leaf = _leaves.get(code)
    if leaf is None:
        leaf = _leaves[code] = _leaf(code.co_exceptiontable, _read_instructions(code))
    return leaf


def _read_instructions(code: CodeType) -> list[Instr]:
    raw = code.co_code
    n = len(raw) // 2
    instrs = []
    i = 0
    ext = 0
    while i < n:
        op = raw[2 * i]
        arg = raw[2 * i + 1] | ext
        nxt = i + 1 + _CACHES[op]
        if op == _EXTENDED_ARG:
            ext = arg << 8
        else:
            ins = Instr(i, op, arg, nxt)
            if op in _JREL:
                ins.target = nxt - arg if op in _BACKWARD else nxt + arg
            instrs.append(ins)
            ext = 0
        i = nxt
    return instrs


def _link(dec: Decoded) -> None:
    """Fold KW_NAMES into CALL and route control past pass-over instructions
    (also at entry: `dec.first` is where a new frame starts)."""
    by_offset = dec.by_offset
    # Jumps and exception handlers may point at an EXTENDED_ARG prefix; map
    # every code unit to the instruction that owns it
    # (an EXTENDED_ARG prefix belongs to the instruction it extends)
    owner: dict[int, int] = {}
    prev_end = 0
    for ins in dec.instrs:
        for unit in range(prev_end, ins.offset + 1):
            owner[unit] = ins.offset
        prev_end = ins.next

    def resolve(offset: int) -> int:
        offset = owner.get(offset, offset)
        while offset in by_offset and by_offset[offset].op in _PASS_OVER:
            offset = by_offset[offset].next
        return owner.get(offset, offset)

    kwnames: tuple = ()
    consts = dec.code.co_consts
    for ins in dec.instrs:
        if ins.op == _KW_NAMES:
            kwnames = consts[ins.arg]
        elif ins.op == _CALL:
            ins.kwnames = kwnames
            kwnames = ()
        if ins.target is not None:
            ins.target = owner.get(ins.target, ins.target)
    for ins in dec.instrs:
        ins.next = resolve(ins.next)
        if ins.target is not None:
            ins.target = resolve(ins.target)
    dec.exception_table = [entry._replace(target=owner.get(entry.target, entry.target))
                           for entry in dec.exception_table]
    dec.first = resolve(0)
    # where a frame's entry runs pending signal handlers (program_signals)
    dec.resume = next((ins.offset for ins in dec.instrs if ins.op == _RESUME), dec.first)


def _compute_depths(dec: Decoded) -> None:
    by_offset = dec.by_offset
    base = dec.nlocalsplus
    work: list[tuple[int, int]] = []
    if dec.instrs:
        work.append((dec.instrs[0].offset, 0))
    for entry in dec.exception_table:
        work.append((entry.target, entry.depth + entry.lasti + 1))
    # Pass-over instructions are skipped by `next`, so walk raw successors.
    raw_next = {}
    for a, b in zip(dec.instrs, dec.instrs[1:]):
        raw_next[a.offset] = b.offset
    while work:
        offset, depth = work.pop()
        ins = by_offset.get(offset)
        if ins is None or ins.depth is not None:
            continue
        ins.depth = depth
        ins.sp = base + depth
        if ins.target is not None:
            work.append((ins.target, depth + _stack_effect(ins, True)))
        if ins.op not in _ENDS_BLOCK and offset in raw_next:
            work.append((raw_next[offset], depth + _stack_effect(ins, False)))


# Every code object the VM runs, decoded. A function whose code is here runs
# in the VM when VM code calls it; anything else is called natively.
vm_codes: dict[CodeType, Decoded] = {}


def decode(code: CodeType) -> Decoded:
    """The cached Decoded form of `code`, with its handlers built."""
    dec = vm_codes.get(code)
    if dec is None:
        from .state import interp
        shelter = interp.long_lived
        if shelter is None:
            return _decoded(code)
        # (C functions: no frame of the JIT's comes between the ones of this
        # package and a signal, which Tier 1 dispatch then defers)
        window = shelter[0]()
        try:
            dec = _decoded(code)
        finally:
            shelter[1](window)
    return dec


def _decoded(code: CodeType) -> Decoded:
    from .opcodes import build_ops  # the factories import this module
    from .state import interp
    dec = Decoded(code)
    dec.ops = build_ops(dec)
    dec.start = dec.ops[dec.first]
    vm_codes[code] = dec
    interp.stats.codes_decoded += 1
    if interp.function_start is not None:
        interp.function_start(dec)
    return dec


def runs_in_vm(code: CodeType) -> bool:
    """Whether the VM runs this code (generator-like code runs on CPython)."""
    return not code.co_flags & CO_GENERATOR_LIKE


Handler = Callable[[Any, list], Any]  # (frame, localsplus) -> next handler
