"""Imports, module-level annotations and the interactive PRINT_EXPR."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import builtins
import sys

from ..builtins_shim import frame_locals
from ..errors import tp_name
from ..frame import NULL
from . import opcode

_builtin_import = builtins.__import__


@opcode("IMPORT_NAME")
def import_name(ins, dec):
    level_slot, fromlist_slot = ins.sp - 2, ins.sp - 1
    name, nxt = dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        b = f.builtins
        if "__import__" not in b:
            raise ImportError("__import__ not found")
        import_func = b["__import__"]
        locals_ = f.locals
        module = import_func(name, f.globals, None if locals_ is None else locals_,
                             lp[fromlist_slot], lp[level_slot])
        lp[fromlist_slot] = NULL
        lp[level_slot] = module
        return nxt
    return h


def import_from(module, name: str):
    """IMPORT_FROM, with 3.11's fallback to sys.modules and its messages."""
    try:
        return getattr(module, name)
    except AttributeError:
        pass
    pkgname = getattr(module, "__name__", NULL)   # other errors propagate
    if isinstance(pkgname, str):
        found = sys.modules.get(f"{pkgname}.{name}", NULL)
        if found is not NULL:
            return found
    else:
        pkgname = NULL
    pkgpath = module.__dict__.get("__file__") if hasattr(module, "__dict__") else None
    shown = "<unknown module name>" if pkgname is NULL else pkgname
    if not isinstance(pkgpath, str):
        raise ImportError(f"cannot import name {name!r} from {shown!r} (unknown location)",
                          name=None if pkgname is NULL else pkgname)
    spec = getattr(module, "__spec__", None)
    if getattr(spec, "_initializing", False):
        msg = (f"cannot import name {name!r} from partially initialized module {shown!r} "
               f"(most likely due to a circular import) ({pkgpath})")
    else:
        msg = f"cannot import name {name!r} from {shown!r} ({pkgpath})"
    raise ImportError(msg, name=None if pkgname is NULL else pkgname, path=pkgpath)


@opcode("IMPORT_FROM")
def import_from_op(ins, dec):
    top, sp = ins.sp - 1, ins.sp
    name, nxt = dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        lp[sp] = import_from(lp[top], name)
        return nxt
    return h


def import_all_from(ns, module) -> None:
    """`from module import *` into the mapping `ns`."""
    try:
        names = module.__all__
        skip_private = False
    except AttributeError:
        names = NULL
    if names is NULL:
        try:
            d = module.__dict__
        except AttributeError:
            d = NULL
        if d is NULL:
            raise ImportError("from-import-* object has no __dict__ and no __all__")
        names = list(d.keys())
        skip_private = True
    i = 0
    while True:
        try:
            name = names[i]
        except IndexError:
            return
        i += 1
        if not isinstance(name, str):
            modname = module.__name__
            if not isinstance(modname, str):
                raise TypeError(f"module __name__ must be a string, not {tp_name(type(modname))}")
            where = "Key" if skip_private else "Item"
            attr = "__dict__" if skip_private else "__all__"
            raise TypeError(f"{where} in {modname}.{attr} must be str, not {tp_name(type(name))}")
        if skip_private and name.startswith("_"):
            continue
        ns[name] = getattr(module, name)


@opcode("IMPORT_STAR")
def import_star(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        module = lp[top]
        lp[top] = NULL
        if f.locals is None:
            raise SystemError("no locals found during 'import *'")
        import_all_from(frame_locals(f), module)
        return nxt
    return h


@opcode("SETUP_ANNOTATIONS")
def setup_annotations(ins, dec):
    nxt = ins.next

    def h(f, lp):
        ns = f.locals
        if ns is None:
            raise SystemError("no locals found when setting up annotations")
        if type(ns) is dict:
            if "__annotations__" not in ns:
                ns["__annotations__"] = {}
        else:
            try:
                ns["__annotations__"]
                return nxt
            except KeyError:
                pass
            ns["__annotations__"] = {}
        return nxt
    return h


@opcode("PRINT_EXPR")
def print_expr(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        value = lp[top]
        lp[top] = NULL
        hook = getattr(sys, "displayhook", None)
        if hook is None:
            raise RuntimeError("lost sys.displayhook")
        hook(value)
        return nxt
    return h
