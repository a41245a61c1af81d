"""`__build_class__` for class statements in VM code, so the class body runs
in the VM too (CPython's would run the body function natively).

Mirrors Python/bltinmodule.c builtin___build_class__; the steps CPython also
exposes in Python (`types.resolve_bases`, `types.prepare_class`) are reused.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import builtins
import types
from types import CellType, FunctionType
from typing import Any

from . import traceback as _tb
from .decode import decode, runs_in_vm
from .errors import tp_name
from .frame import new_frame

_real_build_class = builtins.__build_class__

# Stand-ins for C code must not show up in tracebacks.
for _helper in (types.resolve_bases, types.prepare_class, types._calculate_meta):
    _tb.internal_codes.add(_helper.__code__)


def build_class(func: Any, name: Any, /, *bases: Any, **kwds: Any) -> Any:
    if not isinstance(func, FunctionType):
        raise TypeError("__build_class__: func must be a function")
    if not isinstance(name, str):
        raise TypeError("__build_class__: name is not a string")
    if not runs_in_vm(func.__code__):
        return _real_build_class(func, name, *bases, **kwds)
    orig_bases = bases
    bases = types.resolve_bases(bases)
    meta, ns, kwds = types.prepare_class(name, bases, kwds)
    if not hasattr(ns, "__getitem__"):
        what = meta.__name__ if isinstance(meta, type) else "<metaclass>"
        raise TypeError(f"{what}.__prepare__() must return a mapping, not {tp_name(type(ns))}")
    cell = _run_body(func, ns)
    if bases is not orig_bases:
        ns["__orig_bases__"] = orig_bases
    cls = meta(name, bases, ns, **kwds)
    if isinstance(cls, type) and isinstance(cell, CellType):
        try:
            cell_cls = cell.cell_contents
        except ValueError:
            cell_cls = None
            empty = True
        else:
            empty = False
        if cell_cls is not cls:
            if empty:
                raise RuntimeError(f"__class__ not set defining {name!r} as {cls!r}. "
                                   "Was __classcell__ propagated to type.__new__?")
            raise TypeError(f"__class__ set to {cell_cls!r} defining {name!r} as {cls!r}")
    return cls


def _run_body(func: FunctionType, ns: Any) -> Any:
    from .ceval import run_frame
    dec = decode(func.__code__)
    lp = list(dec.pad)
    frame = new_frame(dec, func.__globals__, func.__builtins__, ns, lp, func, None)
    return run_frame(frame)
