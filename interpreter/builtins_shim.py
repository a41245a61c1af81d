"""Builtins that read the *calling frame*, made to read the VM's frame.

In CPython, `super()`, `locals()`, `globals()`, `vars()`, `dir()`, `eval()`,
`exec()`, `sys._getframe()` and `warnings.warn()` look at the innermost
Python frame. Called from VM code, that
frame would be the VM's own, so the CALL handlers route these builtins here
(`SHIMS`), passing the VM frame they are called from.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import builtins
import sys
import warnings
from types import CellType
from typing import Any, Callable

from .errors import tp_name
from .frame import UNBOUND, Frame
from .state import interp
from .trampoline import call_via_trampoline

_CO_OPTIMIZED = 0x1


def frame_locals(f: Frame) -> Any:
    """What `locals()` returns in frame `f` (PyFrame_FastToLocals): the
    namespace of module and class frames; for a function, one dict per frame,
    refreshed from the fast locals, cells and free variables at each call."""
    if f.locals is not None:
        return f.locals
    d = f.locals_dict
    if d is None:
        d = f.locals_dict = {}
    dec = f.decoded
    code = dec.code
    lp = f.localsplus
    cells = set(code.co_cellvars) | set(code.co_freevars)
    for i, name in enumerate(dec.names):
        value = lp[i]
        if name in cells and type(value) is CellType:
            try:
                value = value.cell_contents
            except ValueError:
                value = UNBOUND
        if value is UNBOUND:
            d.pop(name, None)
        else:
            d[name] = value
    return d


def _super(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
    if args or kwargs:
        return super(*args, **(kwargs or {}))
    code = f.code
    if code.co_argcount == 0:
        raise RuntimeError("super(): no arguments")
    lp = f.localsplus
    first = lp[0]
    if code.co_varnames[0] in code.co_cellvars and type(first) is CellType:
        try:
            first = first.cell_contents
        except ValueError:
            first = UNBOUND
    if first is UNBOUND:
        raise RuntimeError("super(): arg[0] deleted")
    dec = f.decoded
    free_start = dec.nlocalsplus - len(code.co_freevars)
    for i, name in enumerate(code.co_freevars):
        if name == "__class__":
            cell = lp[free_start + i]
            if type(cell) is not CellType:
                raise RuntimeError("super(): bad __class__ cell")
            try:
                cls = cell.cell_contents
            except ValueError:
                cls = UNBOUND
            if cls is UNBOUND:
                raise RuntimeError("super(): empty __class__ cell")
            if not isinstance(cls, type):
                raise RuntimeError(f"super(): __class__ is not a type ({tp_name(type(cls))})")
            return super(cls, first)
    raise RuntimeError("super(): __class__ cell not found")


def _locals(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
    if args or kwargs:
        return builtins.locals(*args, **(kwargs or {}))  # raises CPython's error
    return frame_locals(f)


def _globals(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
    if args or kwargs:
        return builtins.globals(*args, **(kwargs or {}))
    return f.globals


def _vars(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
    if args or kwargs:
        return builtins.vars(*args, **(kwargs or {}))
    return frame_locals(f)


def _dir(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
    if args or kwargs:
        return builtins.dir(*args, **(kwargs or {}))
    names = frame_locals(f).keys()
    names = list(names)
    names.sort()
    return names


def _namespaced(fn: Callable) -> Callable:
    """eval/exec: a missing or None globals means the caller's globals (and
    locals, when those are missing or None too)."""
    def shim(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
        args = list(args)
        if 1 <= len(args) < 3:
            args += [None] * (3 - len(args))
        if len(args) >= 3 and args[1] is None:
            args[1] = f.globals
            if args[2] is None:
                args[2] = frame_locals(f)
        return fn(*args, **(kwargs or {}))
    return shim


def _from_user_frame(fn: Callable) -> Callable:
    """C functions that look at their caller's frame (file, line, globals)
    are called through a trampoline that looks like the user's frame."""
    def shim(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
        return call_via_trampoline(f, pc, fn, args, kwargs)
    return shim


def _setrecursionlimit(f: Frame, pc: int, args: tuple, kwargs: dict | None) -> Any:
    # keep the eval loop's cached limit in step
    result = sys.setrecursionlimit(*args, **(kwargs or {}))
    interp.recursion_limit = sys.getrecursionlimit()
    return result


SHIMS: dict[Any, Callable[[Frame, int, tuple, dict | None], Any]] = {
    super: _super,
    builtins.locals: _locals,
    builtins.globals: _globals,
    builtins.vars: _vars,
    builtins.dir: _dir,
    builtins.eval: _namespaced(builtins.eval),
    builtins.exec: _namespaced(builtins.exec),
    sys._getframe: _from_user_frame(sys._getframe),
    sys.setrecursionlimit: _setrecursionlimit,
    warnings.warn: _from_user_frame(warnings.warn),
    warnings.warn_explicit: _from_user_frame(warnings.warn_explicit),
}
