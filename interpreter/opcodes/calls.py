"""Calls and function creation.

A call of a function whose code the VM runs pushes a VM frame (raising the
CALL signal); everything else is called natively. The builtins that inspect
their caller's frame are routed to `builtins_shim`.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import (BuiltinFunctionType, ClassMethodDescriptorType, FunctionType,
                   MethodDescriptorType, MethodType, MethodWrapperType,
                   WrapperDescriptorType)

from ..builtins_shim import SHIMS
from ..classes import _real_build_class, build_class
from ..decode import vm_codes
from ..errors import function_str, tp_name
from ..frame import NULL, Frame, new_frame
from ..function import bind, make_function
from ..program_signals import pending, run_pending
from ..signals import SWITCH
from ..state import _local, interp
from .. import traceback as _tb
from ..trampoline import call_via_trampoline
from .build import _merge
from . import opcode

_vm_get = vm_codes.get
_PUSHED = object()  # _call's result when it pushed a VM frame
_NONE = object()    # an empty call-site cache entry: no callable is this
_new = object.__new__


def _push(f, func, dec, lp, base, pc, ret):
    """Suspend `f` at the CALL at `pc` with the callee ready; the handler
    then returns SWITCH."""
    f.callee = new_frame(dec, func.__globals__, func.__builtins__, None, lp, func, f)
    f.stacktop = base
    f.instr_ptr = pc
    f.return_offset = ret
    return _PUSHED


def _leaf_raised(f, h, exc) -> None:
    """What `ceval.unwind` does for `exc` raised by handler `h` of a leaf
    frame `f` that a CALL runs: a leaf has no exception handler, so only its
    traceback entry is recorded. The CALL then re-raises `exc` to its frame."""
    pc = f.decoded.pc_of[h]
    f.instr_ptr = pc
    _tb.add_entry(f, pc, exc, True)


_HEAPTYPE = 1 << 9
# Callables that are C code: called directly (no Python frame can see us).
_C_CALLABLES = (BuiltinFunctionType, MethodDescriptorType, WrapperDescriptorType,
                MethodWrapperType, ClassMethodDescriptorType)


def _call(f, c, args: list, kwargs, base, pc, ret):
    """Call `c` from VM frame `f`: push a frame if the VM runs it (returning
    _PUSHED), else call it -- through a trampoline when Python code may look
    at its caller -- and return the result."""
    tc = type(c)
    if tc is FunctionType:
        dec = _vm_get(c.__code__)
        if dec is not None:
            return _push(f, c, dec, bind(c, dec, args, kwargs), base, pc, ret)
    elif tc is MethodType:
        func = c.__func__
        if type(func) is FunctionType:
            dec = _vm_get(func.__code__)
            if dec is not None:
                args.insert(0, c.__self__)
                return _push(f, func, dec, bind(func, dec, args, kwargs), base, pc, ret)
    # Not a push: the program's callable runs now, and the eval-breaker
    # point after the call runs pending signal handlers.
    shim = SHIMS.get(c) if tc is BuiltinFunctionType or c is super else None
    f.calling_out = pc
    try:
        if shim is not None:
            result = shim(f, pc, args, kwargs)
        elif tc in _C_CALLABLES or (tc is type and not c.__flags__ & _HEAPTYPE):
            result = c(*args, **kwargs) if kwargs else c(*args)
        else:
            result = call_via_trampoline(f, pc, c, args, kwargs)
    finally:
        f.calling_out = None
    if pending:
        run_pending(f, pc)
    return result


@opcode("CALL")
def call(ins, dec):
    n, kwnames = ins.arg, ins.kwnames
    nkw = len(kwnames)
    base, end = ins.sp - n - 2, ins.sp
    pc, nxt = ins.offset, ins.next
    ret = nxt - pc
    nulls = (NULL,) * (n + 2)
    if nkw:
        def h(f, lp):
            c = lp[base]
            if c is NULL:
                c = lp[base + 1]
                args = lp[base + 2:end]
            else:
                args = lp[base + 1:end]
            lp[base:end] = nulls
            kwargs = dict(zip(kwnames, args[-nkw:]))
            del args[-nkw:]
            result = _call(f, c, args, kwargs, base, pc, ret)
            if result is _PUSHED:
                return SWITCH
            lp[base] = result
            return nxt
        return h

    b1, b2 = base + 1, base + 2
    # The call-site cache: the code of the VM function this site last called
    # with exactly its positional parameters -- as a plain function
    # (`plain`) or through a bound method (`method`); the other is _NONE --
    # with its Decoded and the parts of its frame that only depend on the
    # code. A hit skips the code lookup (which hashes the code object) and
    # argument binding. (Code objects, not functions: the VM keeps every code
    # it decoded alive anyway, but holding a function would keep it and its
    # closure alive after the program dropped it.)
    plain = method = _NONE
    site = pad = stacktop = first = leaf = None

    def h(f, lp):
        nonlocal plain, method, site, pad, stacktop, first, leaf
        c = lp[b1]
        tc = type(c)
        if tc is FunctionType and c.__code__ is plain and lp[base] is NULL:
            args = lp[b2:end]
        elif (tc is MethodType and type(func := c.__func__) is FunctionType
                and func.__code__ is method and lp[base] is NULL):
            args = lp[b1:end]   # the bound method's slot takes self
            args[0] = c.__self__
            c = func
        else:
            c = lp[base]
            cacheable = c is NULL
            if cacheable:
                c = lp[b1]
                args = lp[b2:end]
            else:
                args = lp[b1:end]
            lp[base:end] = nulls
            tc = type(c)
            bound = tc is MethodType
            if bound:
                func = c.__func__
                if type(func) is FunctionType and func.__code__ in vm_codes:
                    args.insert(0, c.__self__)
                    c = func
                    tc = FunctionType
            if tc is FunctionType and (d := _vm_get(c.__code__)) is not None:
                if not (cacheable and d.simple_args and len(args) == d.argcount):
                    _push(f, c, d, bind(c, d, args, None), base, pc, ret)
                    return SWITCH
                plain, method = (_NONE, d.code) if bound else (d.code, _NONE)
                site, pad, stacktop, first, leaf = d, d.pad, d.nlocalsplus, d.first, d.leaf
            elif tc is BuiltinFunctionType:
                f.calling_out = pc
                try:
                    if c in SHIMS:
                        lp[base] = SHIMS[c](f, pc, args, None)
                    else:
                        lp[base] = c(*args)
                finally:
                    f.calling_out = None
                if pending:
                    run_pending(f, pc)
                return nxt
            else:
                result = _call(f, c, args, None, base, pc, ret)
                if result is _PUSHED:
                    return SWITCH
                lp[base] = result
                return nxt
        args += pad
        lp[base:end] = nulls
        # new_frame, inlined: this is the hottest path of all calls
        new = _new(Frame)
        new.decoded = site
        new.globals = c.__globals__
        new.builtins = c.__builtins__
        new.locals = None
        new.localsplus = args
        new.stacktop = stacktop
        new.instr_ptr = first
        new.return_offset = 0
        new.previous = f
        new.func = c
        new.callee = None
        new.entry = False
        f.stacktop = base
        f.instr_ptr = pc
        if leaf and not pending and _local.ts.depth < interp.recursion_limit:
            # A leaf (see Decoded.leaf) runs to its RETURN_VALUE right here:
            # nothing it runs can enter the VM again or look at this thread's
            # frame chain, so of a push and a pop only the recursion check
            # is observable. (With signal handlers pending, the push runs
            # them at the callee's RESUME.)
            step = site.ops[first]
            try:
                while step is not SWITCH:
                    step = step(new, args)
            except BaseException as e:
                _leaf_raised(new, step, e)
                raise
            lp[base] = args[new.stacktop - 1]
            return nxt
        f.callee = new
        f.return_offset = ret
        return SWITCH
    return h


def _star_args(func, args) -> tuple:
    """CALL_FUNCTION_EX's check_args_iterable + PySequence_Tuple."""
    tp = type(args)
    if getattr(tp, "__iter__", None) is None and not hasattr(tp, "__getitem__"):
        raise TypeError(f"{function_str(func)} argument after * must be an iterable, "
                        f"not {tp_name(tp)}")
    return tuple(args)


def _star_kwargs(func, kwargs) -> dict:
    d: dict = {}
    try:
        _merge(d, kwargs, 2)
        return d
    except AttributeError:
        pass
    raise TypeError(f"{function_str(func)} argument after ** must be a mapping, "
                    f"not {tp_name(type(kwargs))}")


@opcode("CALL_FUNCTION_EX")
def call_function_ex(ins, dec):
    has_kwargs = ins.arg & 1
    end = ins.sp
    args_slot = end - 1 - has_kwargs
    func_slot = args_slot - 1
    base = func_slot - 1
    pc, nxt = ins.offset, ins.next
    ret = nxt - pc
    nulls = (NULL,) * (end - base)

    def h(f, lp):
        c = lp[func_slot]
        callargs = lp[args_slot]
        kwargs = lp[end - 1] if has_kwargs else None
        lp[base:end] = nulls
        if has_kwargs and type(kwargs) is not dict:
            kwargs = _star_kwargs(c, kwargs)
        if type(callargs) is not tuple:
            callargs = _star_args(c, callargs)
        result = _call(f, c, list(callargs), kwargs, base, pc, ret)
        if result is _PUSHED:
            return SWITCH
        lp[base] = result
        return nxt
    return h


@opcode("MAKE_FUNCTION")
def make_function_op(ins, dec):
    flags, nxt = ins.arg, ins.next
    code_slot = ins.sp - 1
    slot = code_slot
    parts = {}
    for bit in (8, 4, 2, 1):   # pushed in order 1, 2, 4, 8, then the code
        if flags & bit:
            slot -= 1
            parts[bit] = slot
    first = slot
    nulls = (NULL,) * (code_slot - first)
    closure_slot, ann_slot = parts.get(8), parts.get(4)
    kwd_slot, def_slot = parts.get(2), parts.get(1)

    def h(f, lp):
        func = make_function(
            lp[code_slot], f.globals,
            lp[def_slot] if def_slot is not None else None,
            lp[kwd_slot] if kwd_slot is not None else None,
            lp[ann_slot] if ann_slot is not None else None,
            lp[closure_slot] if closure_slot is not None else None)
        lp[first + 1:code_slot + 1] = nulls
        lp[first] = func
        return nxt
    return h


@opcode("LOAD_BUILD_CLASS")
def load_build_class(ins, dec):
    sp, nxt = ins.sp, ins.next

    def h(f, lp):
        b = f.builtins
        if "__build_class__" not in b:
            raise NameError("__build_class__ not found")
        bc = b["__build_class__"]
        # the builtin would run the class body natively; ours runs it here
        lp[sp] = build_class if bc is _real_build_class else bc
        return nxt
    return h


