"""Calls from VM code into Python-level library code, through a *trampoline*.

Library code sometimes inspects its caller's frame: `sys._getframe(1)` in
`collections.namedtuple`, `enum`, `typing` (to find the caller's module),
`warnings.warn` (file and line of the warning), `logging` (caller's line).
Called from the VM, the caller would be one of the VM's own frames. So such
calls go through a tiny real function, made per VM code object and source
line, whose code object carries the user's file name, function name and line,
and whose globals are the VM frame's globals: to the callee it looks like the
user's frame at the calling line.

Trampoline frames are internal: tracebacks drop them (the VM frame's own
entry, with exact positions, stands in their place).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import CodeType, FunctionType
from typing import Any

from . import traceback as _tb
from .frame import Frame


def _trampoline_code(code: CodeType, line: int) -> CodeType:
    src = "\n" * max(line - 1, 0) + "def t(c, a, k): return c(*a, **k) if k else c(*a)\n"
    module = compile(src, code.co_filename, "exec", dont_inherit=True)
    tcode = next(c for c in module.co_consts if isinstance(c, CodeType))
    tcode = tcode.replace(co_name=code.co_name, co_qualname=code.co_qualname)
    _tb.internal_codes.add(tcode)
    return tcode


def call_via_trampoline(f: Frame, pc: int, c: Any, args: list, kwargs: dict | None) -> Any:
    """Call `c(*args, **kwargs)` as if from the user's frame `f` at `pc`."""
    return trampoline(f.decoded, pc, f.globals)(c, args, kwargs)


def trampoline(dec: Any, pc: int, globals: dict) -> FunctionType:
    """The trampoline for calls at offset `pc` of the decoded code `dec`
    run with `globals`, made once per line and globals (a trace's
    CALL_TRAMPOLINED takes the one its recording used, when its globals are
    the trace's)."""
    line = dec.line_of(pc) or dec.code.co_firstlineno
    cache = dec.trampolines
    entry = cache.get(line)
    if entry is None or entry[0] is not globals:
        entry = cache[line] = (globals, FunctionType(_code_at(dec.code, line), globals))
    return entry[1]


def _code_at(code: CodeType, line: int) -> CodeType:
    tcode = _codes.get((code, line))
    if tcode is None:
        tcode = _codes[code, line] = _trampoline_code(code, line)
    return tcode


# Trampoline codes by the code and line they stand for (Tier 1 caches their
# functions, per globals, in Decoded.trampolines).
_codes: dict[tuple[CodeType, int], CodeType] = {}
