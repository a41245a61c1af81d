"""Structural pattern matching (match statements)."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from ..errors import tp_name
from ..frame import NULL
from . import opcode

_TPFLAGS_SEQUENCE = 1 << 5
_TPFLAGS_MAPPING = 1 << 6
_TPFLAGS_MATCH_SELF = 1 << 22


@opcode("GET_LEN")
def get_len(ins, dec):
    top, sp, nxt = ins.sp - 1, ins.sp, ins.next

    def h(f, lp):
        lp[sp] = len(lp[top])
        return nxt
    return h


def _flag_test(ins, flag):
    top, sp, nxt = ins.sp - 1, ins.sp, ins.next

    def h(f, lp):
        lp[sp] = bool(type(lp[top]).__flags__ & flag)
        return nxt
    return h


@opcode("MATCH_MAPPING")
def match_mapping(ins, dec):
    return _flag_test(ins, _TPFLAGS_MAPPING)


@opcode("MATCH_SEQUENCE")
def match_sequence(ins, dec):
    return _flag_test(ins, _TPFLAGS_SEQUENCE)


def _match_class_attr(subject, tp, name, seen):
    if name in seen:
        raise TypeError(f"{tp_name(tp)}() got multiple sub-patterns for attribute {name!r}")
    seen.add(name)
    try:
        return getattr(subject, name)
    except AttributeError:
        return NULL


def match_class(subject, tp, nargs: int, kwargs: tuple):
    """The attributes a class pattern captures, or None when it fails."""
    if not isinstance(tp, type):
        raise TypeError("called match pattern must be a type")
    if not isinstance(subject, tp):
        return None
    seen: set = set()
    attrs = []
    if nargs:
        match_self = False
        try:
            match_args = tp.__match_args__
            found = True
        except AttributeError:
            found = False
        if found:
            if type(match_args) is not tuple:
                raise TypeError(f"{tp_name(tp)}.__match_args__ must be a tuple "
                                f"(got {tp_name(type(match_args))})")
        else:
            match_args = ()
            match_self = bool(tp.__flags__ & _TPFLAGS_MATCH_SELF)
        allowed = 1 if match_self else len(match_args)
        if allowed < nargs:
            plural = "" if allowed == 1 else "s"
            raise TypeError(f"{tp_name(tp)}() accepts {allowed} positional "
                            f"sub-pattern{plural} ({nargs} given)")
        if match_self:
            attrs.append(subject)
        else:
            for name in match_args[:nargs]:
                if type(name) is not str:
                    raise TypeError("__match_args__ elements must be strings "
                                    f"(got {tp_name(type(name))})")
                attr = _match_class_attr(subject, tp, name, seen)
                if attr is NULL:
                    return None
                attrs.append(attr)
    for name in kwargs:
        attr = _match_class_attr(subject, tp, name, seen)
        if attr is NULL:
            return None
        attrs.append(attr)
    return tuple(attrs)


@opcode("MATCH_CLASS")
def match_class_op(ins, dec):
    subject, tp, names, nxt, nargs = ins.sp - 3, ins.sp - 2, ins.sp - 1, ins.next, ins.arg

    def h(f, lp):
        attrs = match_class(lp[subject], lp[tp], nargs, lp[names])
        lp[tp] = lp[names] = NULL
        lp[subject] = attrs
        return nxt
    return h


def match_keys(subject, keys: tuple):
    """The values of `keys` in the mapping `subject`, or None if one is missing."""
    if not keys:
        return ()
    get = subject.get
    seen: set = set()
    dummy = object()
    values = []
    for key in keys:
        if key in seen:
            raise ValueError(f"mapping pattern checks duplicate key ({key!r})")
        seen.add(key)
        value = get(key, dummy)
        if value is dummy:
            return None
        values.append(value)
    return tuple(values)


@opcode("MATCH_KEYS")
def match_keys_op(ins, dec):
    subject, keys, sp, nxt = ins.sp - 2, ins.sp - 1, ins.sp, ins.next

    def h(f, lp):
        lp[sp] = match_keys(lp[subject], lp[keys])
        return nxt
    return h
