"""Tracebacks that show the user's frames, exactly as CPython would.

Every VM frame that an exception passes through gets a real
`types.TracebackType` entry, so `exc.__traceback__`, `sys.excepthook`, the
`traceback` module and `WITH_EXCEPT_START` all see what CPython would show:
the user's file, line, function and the 3.11 column positions.

A traceback entry needs a real frame object whose `f_code` has the user's
filename, name and position table. For each VM frame the VM makes one lazily:
a copy of the code object whose bytecode merely creates a generator, called
once without being started -- its `gi_frame` is a frame with that code, the
frame's globals, the VM frame's localsplus as its only argument, and no
`f_back`, which therefore keeps nothing else alive.

Frames of the VM's own implementation are removed from tracebacks
(`strip_internal`), wherever they appear in the chain.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import opcode
import os
from types import CodeType, FrameType, FunctionType, TracebackType
from typing import Any

from .decode import Decoded
from .frame import Frame

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
# Files and code objects of the VM's implementation besides this package
# (the runner registers itself; stand-ins for C code register their code).
internal_files: set[str] = set()
internal_codes: set[CodeType] = set()

_CO_OPTIMIZED, _CO_NEWLOCALS, _CO_GENERATOR = 0x1, 0x2, 0x20
_STUB = bytes([opcode.opmap["RETURN_GENERATOR"], 0, opcode.opmap["POP_TOP"], 0,
               opcode.opmap["RESUME"], 0, opcode.opmap["LOAD_CONST"], 0,
               opcode.opmap["RETURN_VALUE"], 0])
_NOP = bytes([opcode.opmap["NOP"], 0])


def is_internal(code: CodeType) -> bool:
    filename = code.co_filename
    return (filename.startswith(_PACKAGE_DIR) or filename in internal_files
            or code in internal_codes)


def strip_internal(tb: TracebackType | None) -> TracebackType | None:
    """`tb` without the entries of the VM's own frames.

    The walk stops at the first entry of a VM frame: `add_entry` strips the
    chain before it adds one, and entries are only ever added in front, so
    what follows a VM frame's entry is clean already.  (Walking on made an
    exception that leaves N nested runs of the eval loop -- a deep recursion
    through traces' exits -- cost O(N^2): 10 s at depth 4000.)"""
    head = prev = None
    while tb is not None:
        nxt = tb.tb_next
        code = tb.tb_frame.f_code
        if is_internal(code):
            if prev is not None:
                prev.tb_next = nxt
        else:
            if head is None:
                head = tb
            if code.co_varnames[:1] == _STUB_FIRST_VARIABLE:
                break
            prev = tb
        tb = nxt
    return head


# A VM frame's stand-in code has the VM frame's localsplus as its first
# variable, a name no compiled code can have.
_STUB_FIRST_VARIABLE = (".localsplus",)


def _stub_code(code: CodeType) -> CodeType:
    """`code` with the same names and position table, and bytecode that only
    makes a generator."""
    padding = max(0, len(code.co_code) - len(_STUB)) // 2
    return code.replace(
        co_code=_STUB + _NOP * padding, co_consts=(None,), co_names=(),
        co_flags=_CO_OPTIMIZED | _CO_NEWLOCALS | _CO_GENERATOR,
        co_varnames=_STUB_FIRST_VARIABLE + code.co_varnames, co_nlocals=code.co_nlocals + 1,
        co_argcount=1, co_posonlyargcount=0, co_kwonlyargcount=0,
        co_cellvars=(), co_freevars=(), co_exceptiontable=b"",
        co_stacksize=max(code.co_stacksize, 2))


def frame_object(f: Frame) -> FrameType:
    """The real frame object standing for VM frame `f` in tracebacks.

    It holds `f.localsplus` (as its one argument), so a traceback keeps the
    frame's locals alive exactly as a CPython traceback keeps its frames'."""
    if f.frame_obj is None:
        dec: Decoded = f.decoded
        if dec.stub_code is None:
            dec.stub_code = _stub_code(dec.code)
        f.frame_obj = FunctionType(dec.stub_code, f.globals)(f.localsplus).gi_frame
    return f.frame_obj


def _suspended_stub(code: CodeType, pc: int) -> CodeType:
    """Like `_stub_code`, but the generator, once started, stops at a yield
    at offset `pc` (code units, >= 4): its frame's f_lasti and f_lineno are
    the instruction's."""
    units = bytearray(_NOP * max(len(code.co_code) // 2, pc + 5))
    units[:6] = _STUB[:6]                      # RETURN_GENERATOR, POP_TOP, RESUME
    units[2 * pc - 2:2 * pc + 10] = _SUSPEND  # LOAD_CONST; YIELD_VALUE; return
    return _stub_code(code).replace(co_code=bytes(units))


_SUSPEND = bytes([opcode.opmap["LOAD_CONST"], 0, opcode.opmap["YIELD_VALUE"], 0,
                  opcode.opmap["RESUME"], 1, opcode.opmap["POP_TOP"], 0,
                  opcode.opmap["LOAD_CONST"], 0, opcode.opmap["RETURN_VALUE"], 0])
_suspended_stubs: dict[tuple[CodeType, int], CodeType] = {}


def frame_at(f: Frame, pc: int | None) -> tuple[Any, FrameType]:
    """A real frame object standing for VM frame `f` executing the
    instruction at `pc` (what a signal handler gets), and the generator that
    keeps it suspended there (keep it while the frame is used). Without a
    usable `pc` (None, or within the stub's prologue), `frame_object(f)`."""
    if pc is None or pc < 4:
        return None, frame_object(f)
    key = (f.decoded.code, pc)
    stub = _suspended_stubs.get(key)
    if stub is None:
        stub = _suspended_stubs[key] = _suspended_stub(f.decoded.code, pc)
    generator = FunctionType(stub, f.globals)(f.localsplus)
    next(generator)
    return generator, generator.gi_frame


def detached_frame(code: CodeType, globals: dict) -> FrameType:
    """A frame object of `code` standing for a frame no VM frame is behind
    (no locals): one CPython would have below the VM's frames, or one native
    code runs (a trace's traceback entries, jit/trace/handlers.py)."""
    return FunctionType(_stub_code(code), globals)(None).gi_frame


def prepend_native_entry(exc: BaseException, code: CodeType, globals: dict,
                         offset: int) -> None:
    """Add an entry for a frame CPython would have below the VM's frames
    (e.g. runpy's for `-m`): `code` executing the instruction at `offset`
    (code units)."""
    frame = detached_frame(code, globals)
    line = next(line for start, end, line in code.co_lines() if start <= offset * 2 < end)
    exc.__traceback__ = TracebackType(strip_internal(exc.__traceback__), frame,
                                      offset * 2, line)


def add_entry(f: Frame, pc: int, exc: BaseException, strip: bool) -> None:
    """Record that `exc` passed through VM frame `f` at offset `pc` (code
    units) -- what CPython's PyTraceBack_Here does for a real frame."""
    tb = exc.__traceback__
    if strip:
        tb = strip_internal(tb)
    line = f.decoded.line_of(pc)
    exc.__traceback__ = TracebackType(tb, frame_object(f), pc * 2,
                                      line if line is not None else -1)
