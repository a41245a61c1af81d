"""Raising, handling and re-raising exceptions; `with` statements; except*."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import sys
from operator import call
from types import TracebackType

from ..errors import tp_name
from ..frame import NULL
from ..signals import Reraise
from ..state import set_handled_exception
from ..traceback import frame_object
from . import opcode

CANNOT_CATCH_MSG = "catching classes that do not inherit from BaseException is not allowed"
CANNOT_EXCEPT_STAR_EG = "catching ExceptionGroup with except* is not allowed. Use except instead."


def _is_exception_class(x) -> bool:
    return isinstance(x, type) and issubclass(x, BaseException)


def _check_except_type(right) -> None:
    if isinstance(right, tuple):
        if not all(_is_exception_class(x) for x in right):
            raise TypeError(CANNOT_CATCH_MSG)
    elif not _is_exception_class(right):
        raise TypeError(CANNOT_CATCH_MSG)


def given_exception_matches(err, exc) -> bool:
    """PyErr_GivenExceptionMatches: subtype test on the MRO, no hooks."""
    if isinstance(exc, tuple):
        return any(given_exception_matches(err, e) for e in exc)
    if isinstance(err, BaseException):
        err = type(err)
    if _is_exception_class(err) and _is_exception_class(exc):
        return exc in err.__mro__
    return err is exc


@opcode("RAISE_VARARGS")
def raise_varargs(ins, dec):
    n, top, pc = ins.arg, ins.sp - 1, ins.offset
    if n == 0:
        def h(f, lp):
            exc = sys.exception()
            if exc is None:
                raise RuntimeError("No active exception to reraise")
            raise Reraise(exc, pc, pc)
    elif n == 1:
        def h(f, lp):
            exc = lp[top]
            lp[top] = NULL
            raise exc
    else:
        def h(f, lp):
            exc, cause = lp[top - 1], lp[top]
            lp[top - 1] = lp[top] = NULL
            raise exc from cause
    return h


@opcode("RERAISE")
def reraise(ins, dec):
    top, lasti_slot, pc = ins.sp - 1, ins.sp - 1 - ins.arg, ins.offset
    with_lasti = bool(ins.arg)

    def h(f, lp):
        exc = lp[top]
        lp[top] = NULL
        raise Reraise(exc, pc, lp[lasti_slot] if with_lasti else pc)
    return h


@opcode("PUSH_EXC_INFO")
def push_exc_info(ins, dec):
    top, sp, nxt = ins.sp - 1, ins.sp, ins.next

    def h(f, lp):
        value = lp[top]
        lp[top] = sys.exception()
        lp[sp] = value
        set_handled_exception(value)
        return nxt
    return h


@opcode("POP_EXCEPT")
def pop_except(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        set_handled_exception(lp[top])
        lp[top] = NULL
        return nxt
    return h


@opcode("CHECK_EXC_MATCH")
def check_exc_match(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        right = lp[top]
        _check_except_type(right)
        lp[top] = given_exception_matches(lp[top - 1], right)
        return nxt
    return h


def _check_except_star_type(right) -> None:
    _check_except_type(right)
    types = right if isinstance(right, tuple) else (right,)
    if any(issubclass(t, BaseExceptionGroup) for t in types):
        raise TypeError(CANNOT_EXCEPT_STAR_EG)


@opcode("CHECK_EG_MATCH")
def check_eg_match(ins, dec):
    top, nxt = ins.sp - 1, ins.next
    pc = ins.offset

    def h(f, lp):
        match_type = lp[top]
        _check_except_star_type(match_type)
        exc = lp[top - 1]
        if exc is None:
            match = rest = None
        elif given_exception_matches(exc, match_type):
            if isinstance(exc, BaseExceptionGroup):
                match = exc
            else:
                # a naked exception: wrap it, with a traceback of this frame
                match = BaseExceptionGroup("", (exc,))
                line = f.decoded.line_of(pc)
                match.__traceback__ = TracebackType(None, frame_object(f), pc * 2,
                                                    line if line is not None else -1)
            rest = None
        elif isinstance(exc, BaseExceptionGroup):
            match, rest = exc.split(match_type)
        else:
            match = rest = None
        if match is None:
            lp[top] = None
        else:
            lp[top - 1] = rest
            lp[top] = match
            set_handled_exception(match)
        return nxt
    return h


def _leaf_ids(eg, ids: set) -> None:
    for e in eg.exceptions:
        if isinstance(e, BaseExceptionGroup):
            _leaf_ids(e, ids)
        else:
            ids.add(id(e))


def _same_metadata(a, b) -> bool:
    return (getattr(a, "__notes__", None) is getattr(b, "__notes__", None)
            and a.__traceback__ is b.__traceback__
            and a.__cause__ is b.__cause__
            and a.__context__ is b.__context__)


def prep_reraise_star(orig, excs: list):
    """_PyExc_PrepReraiseStar: what a try-except* raises at its end."""
    if not excs:
        return None
    if not isinstance(orig, BaseExceptionGroup):
        return excs[0]
    raised, reraised = [], []
    for e in excs:
        if e is not None:
            (reraised if _same_metadata(e, orig) else raised).append(e)
    ids: set = set()
    for e in reraised:
        _leaf_ids(e, ids)
    reraised_eg = orig.split(lambda e: id(e) in ids)[0] if ids else None
    if not raised:
        return reraised_eg
    if reraised_eg is not None:
        raised.append(reraised_eg)
    return BaseExceptionGroup("", raised) if len(raised) > 1 else raised[0]


@opcode("PREP_RERAISE_STAR")
def prep_reraise_star_op(ins, dec):
    orig_slot, excs_slot, nxt = ins.sp - 2, ins.sp - 1, ins.next

    def h(f, lp):
        lp[orig_slot] = prep_reraise_star(lp[orig_slot], lp[excs_slot])
        lp[excs_slot] = NULL
        return nxt
    return h


@opcode("LOAD_ASSERTION_ERROR")
def load_assertion_error(ins, dec):
    sp, nxt = ins.sp, ins.next

    def h(f, lp):
        lp[sp] = AssertionError
        return nxt
    return h


def lookup_special(obj, name):
    """_PyObject_LookupSpecial: the type's attribute, bound to `obj`."""
    tp = type(obj)
    for klass in tp.__mro__:
        attrs = klass.__dict__
        if name in attrs:
            attr = attrs[name]
            get = getattr(type(attr), "__get__", None)
            return attr if get is None else get(attr, obj, tp)
    return NULL


@opcode("BEFORE_WITH")
def before_with(ins, dec):
    top, sp, nxt, pc = ins.sp - 1, ins.sp, ins.next, ins.offset

    def h(f, lp):
        mgr = lp[top]
        enter = lookup_special(mgr, "__enter__")
        if enter is NULL:
            raise TypeError(f"'{tp_name(type(mgr))}' object does not support the "
                            "context manager protocol")
        exit = lookup_special(mgr, "__exit__")
        if exit is NULL:
            raise TypeError(f"'{tp_name(type(mgr))}' object does not support the "
                            "context manager protocol (missed __exit__ method)")
        lp[top] = exit
        # CPython checks for signals only *inside* __enter__ (a blocking
        # lock), not after it (the block's protected range starts after
        # BEFORE_WITH). A CALL here would be followed by such a check, so
        # the slice store makes the call, inside one instruction.
        calls = map(call, (enter,))
        f.calling_out = pc  # (see Frame.calling_out)
        try:
            lp[sp:sp + 1] = calls
        finally:
            f.calling_out = None
        return nxt
    return h


@opcode("WITH_EXCEPT_START")
def with_except_start(ins, dec):
    sp, nxt = ins.sp, ins.next
    exit_slot, val_slot = ins.sp - 4, ins.sp - 1

    def h(f, lp):
        val = lp[val_slot]
        lp[sp] = lp[exit_slot](type(val), val, val.__traceback__)
        return nxt
    return h
