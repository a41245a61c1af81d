"""Operators, comparisons, subscripts, attributes and slices."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import operator

from ..frame import NULL
from . import opcode

# BINARY_OP's argument (NB_* in CPython's Include/opcode.h order)
BINARY_OPERATORS = (
    operator.add, operator.and_, operator.floordiv, operator.lshift, operator.matmul,
    operator.mul, operator.mod, operator.or_, operator.pow, operator.rshift,
    operator.sub, operator.truediv, operator.xor,
    operator.iadd, operator.iand, operator.ifloordiv, operator.ilshift, operator.imatmul,
    operator.imul, operator.imod, operator.ior, operator.ipow, operator.irshift,
    operator.isub, operator.itruediv, operator.ixor,
)
_COMPARE = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge)
_UNARY = {
    "UNARY_POSITIVE": operator.pos,
    "UNARY_NEGATIVE": operator.neg,
    "UNARY_NOT": operator.not_,
    "UNARY_INVERT": operator.invert,
}


@opcode(*_UNARY)
def unary(ins, dec):
    top, fn, nxt = ins.sp - 1, _UNARY[ins.opname], ins.next

    def h(f, lp):
        lp[top] = fn(lp[top])
        return nxt
    return h


def _binary_factory(fn_table):
    def factory(ins, dec):
        a, b, fn, nxt = ins.sp - 2, ins.sp - 1, fn_table[ins.arg], ins.next

        def h(f, lp):
            lp[a] = fn(lp[a], lp[b])
            lp[b] = NULL
            return nxt
        return h
    return factory


opcode("BINARY_OP")(_binary_factory(BINARY_OPERATORS))
opcode("COMPARE_OP")(_binary_factory(_COMPARE))


@opcode("IS_OP")
def is_op(ins, dec):
    a, b, nxt = ins.sp - 2, ins.sp - 1, ins.next
    if ins.arg:
        def h(f, lp):
            lp[a] = lp[a] is not lp[b]
            lp[b] = NULL
            return nxt
    else:
        def h(f, lp):
            lp[a] = lp[a] is lp[b]
            lp[b] = NULL
            return nxt
    return h


@opcode("CONTAINS_OP")
def contains_op(ins, dec):
    a, b, nxt = ins.sp - 2, ins.sp - 1, ins.next
    if ins.arg:
        def h(f, lp):
            lp[a] = lp[a] not in lp[b]
            lp[b] = NULL
            return nxt
    else:
        def h(f, lp):
            lp[a] = lp[a] in lp[b]
            lp[b] = NULL
            return nxt
    return h


@opcode("BINARY_SUBSCR")
def binary_subscr(ins, dec):
    a, b, nxt = ins.sp - 2, ins.sp - 1, ins.next

    def h(f, lp):
        lp[a] = lp[a][lp[b]]
        lp[b] = NULL
        return nxt
    return h


@opcode("STORE_SUBSCR")
def store_subscr(ins, dec):
    v, c, k, nxt = ins.sp - 3, ins.sp - 2, ins.sp - 1, ins.next

    def h(f, lp):
        lp[c][lp[k]] = lp[v]
        lp[v] = lp[c] = lp[k] = NULL
        return nxt
    return h


@opcode("DELETE_SUBSCR")
def delete_subscr(ins, dec):
    c, k, nxt = ins.sp - 2, ins.sp - 1, ins.next

    def h(f, lp):
        del lp[c][lp[k]]
        lp[c] = lp[k] = NULL
        return nxt
    return h


@opcode("BUILD_SLICE")
def build_slice(ins, dec):
    n, nxt = ins.arg, ins.next
    first = ins.sp - n

    def h(f, lp):
        lp[first] = slice(*lp[first:first + n])
        lp[first + 1:first + n] = (NULL,) * (n - 1)
        return nxt
    return h


@opcode("LOAD_ATTR")
def load_attr(ins, dec):
    top, name, nxt = ins.sp - 1, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        lp[top] = getattr(lp[top], name)
        return nxt
    return h


@opcode("LOAD_METHOD")
def load_method(ins, dec):
    # Always the "not a method" form [NULL, bound attribute]: CALL accepts
    # both forms, and _PyObject_GetMethod's unbound form is only a shortcut.
    top, sp, name, nxt = ins.sp - 1, ins.sp, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        lp[sp] = getattr(lp[top], name)
        lp[top] = NULL
        return nxt
    return h


@opcode("STORE_ATTR")
def store_attr(ins, dec):
    v, o, name, nxt = ins.sp - 2, ins.sp - 1, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        setattr(lp[o], name, lp[v])
        lp[v] = lp[o] = NULL
        return nxt
    return h


@opcode("DELETE_ATTR")
def delete_attr(ins, dec):
    o, name, nxt = ins.sp - 1, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        delattr(lp[o], name)
        lp[o] = NULL
        return nxt
    return h
