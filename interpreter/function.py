"""Function objects made by the VM (MAKE_FUNCTION) and argument binding for
calls the VM runs itself.

Functions are real `types.FunctionType` objects, so any caller can call them;
the VM recognises its own by their code object (`decode.vm_codes`).
Argument binding has a fast path for plain positional calls; everything else
(keywords, *args, **kwargs, keyword-only parameters, every error message) is
delegated to CPython by calling a *binder*: a function with the same
signature whose body only returns its parameters.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import CodeType, FunctionType
from typing import Any

from .decode import Decoded, decode, runs_in_vm

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


def make_function(code: CodeType, globals: dict, defaults: tuple | None,
                  kwdefaults: dict | None, annotations: tuple | None,
                  closure: tuple | None) -> FunctionType:
    """MAKE_FUNCTION: PyFunction_New plus the optional parts."""
    func = FunctionType(code, globals, None, defaults, closure)
    if kwdefaults is not None:
        func.__kwdefaults__ = kwdefaults
    if annotations is not None:
        # 3.11 pushes (name, value, name, value, ...); CPython converts it to
        # a dict the first time __annotations__ is read.
        func.__annotations__ = dict(zip(annotations[::2], annotations[1::2]))
    if runs_in_vm(code):
        decode(code)
    return func


def _binder_code(code: CodeType) -> CodeType:
    names = code.co_varnames
    argc, posonly, kwonly = code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount
    params = list(names[:argc])
    if posonly:
        params.insert(posonly, "/")
    i = argc + kwonly
    if code.co_flags & _CO_VARARGS:
        params.append("*" + names[i])
        i += 1
    elif kwonly:
        params.append("*")
    params.extend(names[argc:argc + kwonly])
    if code.co_flags & _CO_VARKEYWORDS:
        params.append("**" + names[i])
        i += 1
    src = f"def binder({', '.join(params)}):\n    return ({', '.join(names[:i])}{',' if i else ''})\n"
    module = compile(src, code.co_filename, "exec")
    binder = next(c for c in module.co_consts if isinstance(c, CodeType))
    return binder.replace(co_name=code.co_name, co_qualname=code.co_qualname)


def bind_slow(func: FunctionType, dec: Decoded, args: list | tuple, kwargs: dict) -> list:
    """localsplus for a call of `func` that the fast path does not cover."""
    if dec.binder is None:
        dec.binder = _binder_code(dec.code)
    binder = FunctionType(dec.binder, func.__globals__, func.__name__, func.__defaults__)
    binder.__kwdefaults__ = func.__kwdefaults__
    binder.__qualname__ = func.__qualname__
    lp = list(binder(*args, **kwargs))
    lp += dec.pad
    return lp


def bind(func: FunctionType, dec: Decoded, args: list, kwargs: dict | None) -> list:
    """localsplus for calling `func` with `args` (a list the callee may take
    over) and `kwargs`."""
    if dec.simple_args and not kwargs:
        n = len(args)
        argcount = dec.argcount
        if n == argcount:
            args += dec.pad
            return args
        defaults = func.__defaults__
        if defaults and argcount - len(defaults) <= n < argcount:
            args += defaults[n - argcount:]
            args += dec.pad
            return args
    return bind_slow(func, dec, args, kwargs or {})


def vm_function_code(func: Any) -> Decoded | None:
    """The Decoded code of a function the VM may run, else None."""
    if type(func) is FunctionType and runs_in_vm(func.__code__):
        return decode(func.__code__)
    return None
