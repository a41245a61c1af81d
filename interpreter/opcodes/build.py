"""Building containers and strings; unpacking."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from functools import lru_cache

from ..errors import function_str, tp_name
from ..frame import NULL
from . import opcode


def _clearer(first: int, n: int):
    """Slots [first, first + n) become NULL (keeps the list's length)."""
    nulls = (NULL,) * n
    end = first + n

    def clear(lp):
        lp[first:end] = nulls
    return clear


def _collect(ins, build):
    """BUILD_TUPLE/LIST/SET-style: n items -> one object at the lowest slot."""
    n, nxt = ins.arg, ins.next
    first = ins.sp - n
    end = ins.sp
    if n == 0:
        def h(f, lp):
            lp[first] = build(())
            return nxt
        return h
    nulls = (NULL,) * (n - 1)

    def h(f, lp):
        lp[first] = build(lp[first:end])
        lp[first + 1:end] = nulls
        return nxt
    return h


@opcode("BUILD_TUPLE")
def build_tuple(ins, dec):
    return _collect(ins, tuple)


@opcode("BUILD_LIST")
def build_list(ins, dec):
    return _collect(ins, list)


@opcode("BUILD_SET")
def build_set(ins, dec):
    return _collect(ins, set)


@opcode("BUILD_STRING")
def build_string(ins, dec):
    return _collect(ins, "".join)


@opcode("LIST_TO_TUPLE")
def list_to_tuple(ins, dec):
    top, nxt = ins.sp - 1, ins.next

    def h(f, lp):
        lp[top] = tuple(lp[top])
        return nxt
    return h


@opcode("BUILD_MAP")
def build_map(ins, dec):
    n, nxt = ins.arg, ins.next
    first = ins.sp - 2 * n
    clear = _clearer(first + 1, 2 * n - 1) if n else None

    def h(f, lp):
        d = {}
        for i in range(first, first + 2 * n, 2):
            d[lp[i]] = lp[i + 1]
        lp[first] = d
        if clear:
            clear(lp)
        return nxt
    return h


@opcode("BUILD_CONST_KEY_MAP")
def build_const_key_map(ins, dec):
    n, nxt = ins.arg, ins.next
    first = ins.sp - n - 1
    keys = ins.sp - 1
    clear = _clearer(first + 1, n)

    def h(f, lp):
        lp[first] = dict(zip(lp[keys], lp[first:keys]))
        clear(lp)
        return nxt
    return h


def _container_below(ins, popped):
    """Index of the container PEEK(oparg) after popping `popped` items."""
    return ins.sp - popped - ins.arg


@opcode("LIST_APPEND")
def list_append(ins, dec):
    top, target, nxt = ins.sp - 1, _container_below(ins, 1), ins.next

    def h(f, lp):
        lp[target].append(lp[top])
        lp[top] = NULL
        return nxt
    return h


@opcode("SET_ADD")
def set_add(ins, dec):
    top, target, nxt = ins.sp - 1, _container_below(ins, 1), ins.next

    def h(f, lp):
        lp[target].add(lp[top])
        lp[top] = NULL
        return nxt
    return h


@opcode("MAP_ADD")
def map_add(ins, dec):
    k, v, target, nxt = ins.sp - 2, ins.sp - 1, _container_below(ins, 2), ins.next

    def h(f, lp):
        lp[target][lp[k]] = lp[v]
        lp[k] = lp[v] = NULL
        return nxt
    return h


@opcode("LIST_EXTEND")
def list_extend(ins, dec):
    top, target, nxt = ins.sp - 1, _container_below(ins, 1), ins.next

    def h(f, lp):
        it = lp[top]
        try:
            lp[target].extend(it)
            lp[top] = NULL
            return nxt
        except TypeError:
            tp = type(it)
            if getattr(tp, "__iter__", None) is not None or hasattr(tp, "__getitem__"):
                raise
        raise TypeError(f"Value after * must be an iterable, not {tp_name(type(it))}")
    return h


@opcode("SET_UPDATE")
def set_update(ins, dec):
    top, target, nxt = ins.sp - 1, _container_below(ins, 1), ins.next

    def h(f, lp):
        lp[target].update(lp[top])
        lp[top] = NULL
        return nxt
    return h


def _merge(d: dict, other, override: int) -> object:
    """CPython's dict_merge: returns the duplicate key (override=2) or NULL.

    Raises AttributeError when `other` is not a mapping (no keys())."""
    if isinstance(other, dict) and type(other).__iter__ is dict.__iter__:
        items = other.items()
    else:
        keys = other.keys  # AttributeError: not a mapping
        items = ((k, other[k]) for k in keys())
    for k, v in items:
        if override == 2 and k in d:
            return k
        d[k] = v
    return NULL


@opcode("DICT_UPDATE")
def dict_update(ins, dec):
    top, target, nxt = ins.sp - 1, _container_below(ins, 1), ins.next

    def h(f, lp):
        other = lp[top]
        try:
            _merge(lp[target], other, 1)
            lp[top] = NULL
            return nxt
        except AttributeError:
            pass
        raise TypeError(f"'{tp_name(type(other))}' object is not a mapping")
    return h


@opcode("DICT_MERGE")
def dict_merge(ins, dec):
    top, target, nxt = ins.sp - 1, _container_below(ins, 1), ins.next
    func_slot = ins.sp - 1 - (2 + ins.arg)   # PEEK(2 + oparg) after the pop

    def h(f, lp):
        other = lp[top]
        try:
            dup = _merge(lp[target], other, 2)
        except AttributeError:
            dup = AttributeError
        if dup is NULL:
            lp[top] = NULL
            return nxt
        func = lp[func_slot]
        if dup is AttributeError:
            raise TypeError(f"{function_str(func)} argument after ** must be a mapping, "
                            f"not {tp_name(type(other))}")
        raise TypeError(f"{function_str(func)} got multiple values for keyword argument '{dup}'")
    return h


_CONVERSIONS = (None, str, repr, ascii)


@opcode("FORMAT_VALUE")
def format_value(ins, dec):
    conversion = _CONVERSIONS[ins.arg & 3]
    nxt = ins.next
    if ins.arg & 4:
        spec_slot = ins.sp - 1
        top = ins.sp - 2

        def h(f, lp):
            v = lp[top]
            if conversion is not None:
                v = conversion(v)
            lp[top] = format(v, lp[spec_slot])
            lp[spec_slot] = NULL
            return nxt
    else:
        top = ins.sp - 1

        def h(f, lp):
            v = lp[top]
            if conversion is not None:
                v = conversion(v)
            if type(v) is not str:
                v = format(v, "")
            lp[top] = v
            return nxt
    return h


@lru_cache(maxsize=None)
def _unpacker(before: int, after: int, star: bool):
    """A function that unpacks like `a, b, *c, d = seq` -- CPython's own
    unpack_iterable runs, so errors and iteration counts are exact."""
    names = [f"v{i}" for i in range(before + after + star)]
    targets = names[:before] + ([f"*{names[before]}"] if star else []) + names[before + star:]
    lhs = f"{', '.join(targets)}," if targets else "[]"
    src = f"def unpack(seq):\n    {lhs} = seq\n    return ({', '.join(names)}{',' if names else ''})\n"
    namespace: dict = {}
    exec(compile(src, "<cpjit-unpack>", "exec"), namespace)
    return namespace["unpack"]


@opcode("UNPACK_SEQUENCE")
def unpack_sequence(ins, dec):
    n, nxt = ins.arg, ins.next
    top = ins.sp - 1
    unpack = _unpacker(n, 0, False)
    if n == 0:
        def h(f, lp):
            unpack(lp[top])
            lp[top] = NULL
            return nxt
        return h

    def h(f, lp):
        seq = lp[top]
        if type(seq) is tuple and len(seq) == n:
            items = seq
        else:
            items = unpack(seq)
        lp[top:top + n] = items[::-1]  # items[0] ends on top of the stack
        return nxt
    return h


@opcode("UNPACK_EX")
def unpack_ex(ins, dec):
    before, after = ins.arg & 0xFF, ins.arg >> 8
    n = before + 1 + after
    top, nxt = ins.sp - 1, ins.next
    unpack = _unpacker(before, after, True)

    def h(f, lp):
        lp[top:top + n] = unpack(lp[top])[::-1]
        return nxt
    return h
