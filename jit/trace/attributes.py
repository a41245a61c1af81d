"""Attribute loads, stores and method loads specialised by what the recorder
saw, as CPython 3.11's specializer does (Python/specialize.c).

An access is specialised only when the owner's class uses the generic
attribute machinery (no __getattribute__, __getattr__ or __setattr__ of its
own) and has a version tag; the uops then guard the type (GUARD_TYPE, an
ordinary exit: another type takes a side trace) and its version
(GUARD_TYPE_VERSION, ASSUMES: the class changed, the trace is retired).
What the attribute is decides the rest:

* absent from the class, in the object's inline values: the index in the
  class's shared keys (LOAD/STORE_ATTR_INSTANCE_VALUE);
* absent from the class, in a materialised __dict__: the entry it was found
  in (LOAD_ATTR_WITH_HINT);
* a __slots__ member: its offset (LOAD/STORE_ATTR_SLOT);
* a module's global: the entry in the module's dict (LOAD_ATTR_MODULE);
* for LOAD_METHOD, a Python function of the class or a built-in type's
  method or slot wrapper, when no instance attribute can shadow it:
  CPython's unbound form [function, self], no bound method made
  (LOAD_METHOD_UNBOUND).

Anything else (properties and other descriptors, class attributes, dicts
that are not plain) stays on the generic uop.  Each function answers the
uops, or None for the generic path.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import FunctionType, MethodDescriptorType, ModuleType, WrapperDescriptorType
from typing import Any, Callable

from jit.trace import layout
from jit.uops import UOp

MISSING = object()


# type's own descriptors: a metaclass's `__mro__` or `__dict__` property
# would run program code at record time.
_MRO = type.__dict__["__mro__"].__get__
_TYPE_DICT = type.__dict__["__dict__"].__get__


def class_attribute(tp: type, name: str) -> Any:
    """What _PyType_Lookup finds for `name` along the MRO (no code runs)."""
    for klass in _MRO(tp):
        found = _TYPE_DICT(klass).get(name, MISSING)
        if found is not MISSING:
            return found
    return MISSING


def _type_guards(tp: type, target: int) -> list[UOp] | None:
    if tp.__flags__ & layout.IMMUTABLE_TYPE:
        return [UOp("GUARD_TYPE", 0, id(tp), target, keep=tp)]
    version = layout.version_tag(tp)
    if not version:
        return None
    return [UOp("GUARD_TYPE", 0, id(tp), target, keep=tp),
            UOp("GUARD_TYPE_VERSION", 0, version, target)]


def _name_uop(opname: str, hint: int, name: str, target: int) -> UOp:
    return UOp(opname, hint, id(name), target, keep=name)


def _instance_access(owner: Any, name: str, target: int,
                     generic: Callable[[type], bool]) -> tuple[list[UOp], Any] | None:
    """The type guards for an access to `owner.name`, and what the class has
    under `name` (or MISSING); None when the access stays generic."""
    tp = type(owner)
    if not layout.AVAILABLE or tp is ModuleType or not generic(tp):
        return None
    guards = _type_guards(tp, target)
    return None if guards is None else (guards, class_attribute(tp, name))


def _inline_index(owner: Any, name: str) -> tuple[int, int] | None:
    """(inline values address, index of `name` in the class's shared keys)
    for an object whose attributes live in inline values (a managed dict
    not materialised), when the shared keys hold the name."""
    tp = type(owner)
    values = layout.values_pointer(owner) if tp.__flags__ & layout.MANAGED_DICT else 0
    index = layout.key_index(layout.shared_keys(tp), name) if values else None
    return None if index is None else (values, index)


def load_attr(owner: Any, name: str, target: int) -> list[UOp] | None:
    if layout.AVAILABLE and type(owner) is ModuleType:
        descriptor = class_attribute(ModuleType, name)
        if descriptor is not MISSING and hasattr(type(descriptor), "__set__"):
            return None  # a data descriptor of modules (__dict__, __class__)
        hint = layout.dict_hint(owner.__dict__, name)
        return None if hint is None else [_name_uop("LOAD_ATTR_MODULE", hint, name, target)]
    access = _instance_access(owner, name, target, layout.generic_getattr)
    if access is None:
        return None
    guards, descriptor = access
    if descriptor is MISSING and type(owner).__flags__ & layout.MANAGED_DICT:
        if layout.values_pointer(owner):
            found = _inline_index(owner, name)
            if found is None or not layout.inline_value_present(*found):
                return None
            return guards + [UOp("LOAD_ATTR_INSTANCE_VALUE", 0, found[1], target)]
        mapping = layout.managed_dict(owner)
        hint = None if type(mapping) is not dict else layout.dict_hint(mapping, name)
        return None if hint is None else guards + [
            _name_uop("LOAD_ATTR_WITH_HINT", hint, name, target)]
    member = layout.object_member(descriptor)
    return None if member is None else guards + [UOp("LOAD_ATTR_SLOT", 0, member[0], target)]


def store_attr(owner: Any, name: str, target: int) -> list[UOp] | None:
    access = _instance_access(owner, name, target, layout.generic_setattr)
    if access is None:
        return None
    guards, descriptor = access
    if descriptor is MISSING:
        found = _inline_index(owner, name)
        return None if found is None else guards + [
            UOp("STORE_ATTR_INSTANCE_VALUE", 0, found[1], target)]
    member = layout.object_member(descriptor)
    if member is None or not member[1]:
        return None
    return guards + [UOp("STORE_ATTR_SLOT", 0, member[0], target)]


def load_method(owner: Any, name: str, target: int) -> list[UOp] | None:
    """The uops, whose last is LOAD_METHOD_UNBOUND."""
    access = _instance_access(owner, name, target, layout.generic_getattr)
    if access is None:
        return None
    guards, descriptor = access
    if type(descriptor) not in (FunctionType, MethodDescriptorType, WrapperDescriptorType):
        return None
    load = UOp("LOAD_METHOD_UNBOUND", 0, id(descriptor), target, keep=descriptor)
    tp = type(owner)
    if tp.__dictoffset__ == 0:
        return guards + [load]
    if not tp.__flags__ & layout.MANAGED_DICT or layout.managed_dict(owner) is not None:
        return None
    keys = layout.shared_keys(tp)
    if not keys or layout.key_index(keys, name) is not None:
        return None
    return guards + [UOp("GUARD_NO_INSTANCE_SHADOW", layout.keys_entries(keys), 0, target), load]
