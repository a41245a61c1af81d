"""Loads, stores and deletes of fast locals, cells, globals and names; plain
stack shuffling (POP_TOP, PUSH_NULL, COPY, SWAP) and the pass-over opcodes."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import CellType

from ..errors import name_error, unbound_free, unbound_local
from ..frame import NULL, UNBOUND
from ..program_signals import pending, run_pending
from . import opcode


@opcode("NOP", "PRECALL", "KW_NAMES")
def pass_over(ins, dec):
    # PRECALL's bound-method split is an optimisation; KW_NAMES is folded
    # into the following CALL by the decoder.
    nxt = ins.next

    def h(f, lp):
        return nxt
    return h


@opcode("RESUME")
def resume(ins, dec):
    # Control passes over RESUME (decode._PASS_OVER); a frame starts here
    # only when signal handlers are pending: the eval-breaker point of a
    # function's entry runs them, then the frame starts at its first
    # instruction (which may come before RESUME: MAKE_CELL, COPY_FREE_VARS).
    nxt, resume_pc = dec.first, ins.offset

    def h(f, lp):
        if pending:
            run_pending(f, resume_pc)
        return nxt
    return h


@opcode("POP_TOP")
def pop_top(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        lp[top] = NULL
        return nxt
    return h


@opcode("PUSH_NULL")
def push_null(ins, dec):
    sp, nxt = ins.sp, ins.next

    def h(f, lp):
        lp[sp] = NULL
        return nxt
    return h


@opcode("COPY")
def copy(ins, dec):
    sp, src, nxt = ins.sp, ins.sp - ins.arg, ins.next

    def h(f, lp):
        lp[sp] = lp[src]
        return nxt
    return h


@opcode("SWAP")
def swap(ins, dec):
    top, other, nxt = ins.sp - 1, ins.sp - ins.arg, ins.next

    def h(f, lp):
        lp[top], lp[other] = lp[other], lp[top]
        return nxt
    return h


@opcode("LOAD_CONST")
def load_const(ins, dec):
    sp, value, nxt = ins.sp, dec.code.co_consts[ins.arg], ins.next

    def h(f, lp):
        lp[sp] = value
        return nxt
    return h


@opcode("LOAD_FAST")
def load_fast(ins, dec):
    sp, i, nxt, name = ins.sp, ins.arg, ins.next, dec.names[ins.arg]

    def h(f, lp):
        v = lp[i]
        if v is UNBOUND:
            raise unbound_local(name)
        lp[sp] = v
        return nxt
    return h


@opcode("STORE_FAST")
def store_fast(ins, dec):
    top, i, nxt = ins.sp - 1, ins.arg, ins.next

    def h(f, lp):
        lp[i] = lp[top]
        lp[top] = NULL
        return nxt
    return h


@opcode("DELETE_FAST")
def delete_fast(ins, dec):
    i, nxt, name = ins.arg, ins.next, dec.names[ins.arg]

    def h(f, lp):
        if lp[i] is UNBOUND:
            raise unbound_local(name)
        lp[i] = UNBOUND
        return nxt
    return h


def _unbound_deref(dec, i):
    """format_exc_unbound: locals and cells are 'local', the rest are free."""
    code = dec.code
    n_local_or_cell = dec.nlocalsplus - len(code.co_freevars)
    name = dec.names[i]
    return unbound_local(name) if i < n_local_or_cell else unbound_free(name)


@opcode("MAKE_CELL")
def make_cell(ins, dec):
    i, nxt = ins.arg, ins.next

    def h(f, lp):
        v = lp[i]
        lp[i] = CellType() if v is UNBOUND else CellType(v)
        return nxt
    return h


@opcode("COPY_FREE_VARS")
def copy_free_vars(ins, dec):
    n, nxt = ins.arg, ins.next
    first = dec.nlocalsplus - n

    def h(f, lp):
        lp[first:first + n] = f.func.__closure__
        return nxt
    return h


@opcode("LOAD_CLOSURE")
def load_closure(ins, dec):
    sp, i, nxt = ins.sp, ins.arg, ins.next

    def h(f, lp):
        v = lp[i]
        if v is UNBOUND:
            raise _unbound_deref(dec, i)
        lp[sp] = v
        return nxt
    return h


@opcode("LOAD_DEREF")
def load_deref(ins, dec):
    sp, i, nxt = ins.sp, ins.arg, ins.next

    def h(f, lp):
        try:
            lp[sp] = lp[i].cell_contents
            return nxt
        except ValueError:
            pass  # raise outside the except block: no internal __context__
        raise _unbound_deref(dec, i)
    return h


@opcode("LOAD_CLASSDEREF")
def load_classderef(ins, dec):
    sp, i, nxt, name = ins.sp, ins.arg, ins.next, dec.names[ins.arg]

    def h(f, lp):
        ns = f.locals
        if type(ns) is dict:
            v = ns.get(name, NULL)
        else:
            try:
                v = ns[name]
            except KeyError:
                v = NULL
        if v is NULL:
            try:
                v = lp[i].cell_contents
            except ValueError:
                pass
        if v is NULL:
            raise _unbound_deref(dec, i)
        lp[sp] = v
        return nxt
    return h


@opcode("STORE_DEREF")
def store_deref(ins, dec):
    top, i, nxt = ins.sp - 1, ins.arg, ins.next

    def h(f, lp):
        lp[i].cell_contents = lp[top]
        lp[top] = NULL
        return nxt
    return h


@opcode("DELETE_DEREF")
def delete_deref(ins, dec):
    i, nxt = ins.arg, ins.next

    def h(f, lp):
        try:
            del lp[i].cell_contents
            return nxt
        except ValueError:
            pass
        raise _unbound_deref(dec, i)
    return h


@opcode("LOAD_GLOBAL")
def load_global(ins, dec):
    name, nxt = dec.code.co_names[ins.arg >> 1], ins.next
    sp = ins.sp
    if ins.arg & 1:
        slot = sp + 1

        def h(f, lp):
            g = f.globals
            if name in g:
                v = g[name]
            else:
                b = f.builtins
                if name not in b:
                    raise name_error(name)
                v = b[name]
            lp[sp] = NULL
            lp[slot] = v
            return nxt
    else:
        def h(f, lp):
            g = f.globals
            if name in g:
                lp[sp] = g[name]
            else:
                b = f.builtins
                if name not in b:
                    raise name_error(name)
                lp[sp] = b[name]
            return nxt
    return h


@opcode("STORE_GLOBAL")
def store_global(ins, dec):
    top, name, nxt = ins.sp - 1, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        f.globals[name] = lp[top]
        lp[top] = NULL
        return nxt
    return h


@opcode("DELETE_GLOBAL")
def delete_global(ins, dec):
    name, nxt = dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        try:
            del f.globals[name]
            return nxt
        except KeyError:
            pass
        raise name_error(name)
    return h


def _lookup(mapping, name):
    """PyDict_GetItem for exact dicts, PyObject_GetItem + KeyError otherwise."""
    if type(mapping) is dict:
        return mapping.get(name, NULL)
    try:
        return mapping[name]
    except KeyError:
        return NULL


@opcode("LOAD_NAME")
def load_name(ins, dec):
    sp, name, nxt = ins.sp, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        ns = f.locals
        if ns is None:
            raise SystemError(f"no locals when loading {name!r}")
        v = _lookup(ns, name)
        if v is NULL:
            v = f.globals.get(name, NULL)
            if v is NULL:
                v = _lookup(f.builtins, name)
                if v is NULL:
                    raise name_error(name)
        lp[sp] = v
        return nxt
    return h


@opcode("STORE_NAME")
def store_name(ins, dec):
    top, name, nxt = ins.sp - 1, dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        ns = f.locals
        if ns is None:
            raise SystemError(f"no locals found when storing {name!r}")
        ns[name] = lp[top]
        lp[top] = NULL
        return nxt
    return h


@opcode("DELETE_NAME")
def delete_name(ins, dec):
    name, nxt = dec.code.co_names[ins.arg], ins.next

    def h(f, lp):
        ns = f.locals
        if ns is None:
            raise SystemError(f"no locals when deleting {name!r}")
        try:
            del ns[name]
            return nxt
        except KeyError:
            pass
        raise name_error(name)
    return h
