"""CPython 3.11's object layouts, read at record time (64-bit builds).

The recorder specialises attribute accesses and C calls the way CPython's
specializer does, from fields Python cannot see: a type's version tag and
shared keys, an instance's inline values and managed dict, dict entries, a C
function's PyMethodDef.  `_PyDictKeys_StringLookup` is not exported, so the
index of a name in a keys object is found here, by reading the entries.

`AVAILABLE` is false when the fields this module can check (tp_flags,
tp_dictoffset, the heap type's size) are not where it expects them; the
recorder then specialises nothing.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import ctypes
from types import BuiltinFunctionType, MemberDescriptorType, MethodDescriptorType
from typing import Any

_POINTER = ctypes.sizeof(ctypes.c_void_p)

# PyTypeObject / PyHeapTypeObject (Include/cpython/object.h, 3.11).
_TP_GETATTRO, _TP_SETATTRO, _TP_FLAGS, _TP_DICTOFFSET = 144, 152, 168, 288
_TP_VERSION_TAG, _HT_CACHED_KEYS = 384, 872
MANAGED_DICT = 1 << 4         # Py_TPFLAGS_MANAGED_DICT: values before the object
IMMUTABLE_TYPE = 1 << 8       # Py_TPFLAGS_IMMUTABLETYPE
HEAP_TYPE = 1 << 9            # Py_TPFLAGS_HEAPTYPE
# Before a managed-dict object: its PyDictValues * (-4 words), its dict (-3).
_VALUES, _MANAGED_DICT = -4 * _POINTER, -3 * _POINTER
# PyDictObject.ma_version_tag, .ma_keys, .ma_values; PyDictKeysObject fields and entries.
_MA_VERSION_TAG, _MA_KEYS, _MA_VALUES = 24, 32, 40
_DK_LOG2_INDEX_BYTES, _DK_KIND, _DK_NENTRIES, _DK_INDICES = 9, 10, 24, 32
_DICT_KEYS_GENERAL = 0
# PyCFunctionObject.m_ml, PyMethodDescrObject.d_method, PyMemberDescrObject.d_member;
# PyMethodDef.ml_meth, .ml_flags; PyMemberDef.type, .offset, .flags.
_M_ML, _D_METHOD, _D_MEMBER = 16, 40, 40
_ML_METH, _ML_FLAGS = 8, 16
_MEMBER_TYPE, _MEMBER_OFFSET, _MEMBER_FLAGS = 8, 16, 24
T_OBJECT_EX, READONLY = 16, 1


def _word(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


def _int(address: int) -> int:
    return ctypes.c_int.from_address(address).value


def _byte(address: int) -> int:
    return ctypes.c_uint8.from_address(address).value


def _layout_matches() -> bool:
    class Probe:
        pass
    return (ctypes.sizeof(ctypes.c_void_p) == 8 and type.__basicsize__ == 904
            and all(ctypes.c_ulong.from_address(id(t) + _TP_FLAGS).value == t.__flags__
                    and ctypes.c_ssize_t.from_address(id(t) + _TP_DICTOFFSET).value
                    == t.__dictoffset__ for t in (Probe, list, type)))


AVAILABLE = _layout_matches()


def version_tag(tp: type) -> int:
    """The type's version tag; 0 when it has none (then nothing is specialised)."""
    return ctypes.c_uint.from_address(id(tp) + _TP_VERSION_TAG).value


def dict_version(mapping: dict) -> int:
    """The dict's version (PEP 509's ma_version_tag: every change changes it)."""
    return ctypes.c_uint64.from_address(id(mapping) + _MA_VERSION_TAG).value


def generic_getattr(tp: type) -> bool:
    """Attribute loads are PyObject_GenericGetAttr's (no __getattribute__ or
    __getattr__ of the class's own)."""
    return _word(id(tp) + _TP_GETATTRO) == _word(id(object) + _TP_GETATTRO)


def generic_setattr(tp: type) -> bool:
    return _word(id(tp) + _TP_SETATTRO) == _word(id(object) + _TP_SETATTRO)


def values_pointer(obj: object) -> int:
    """The address of a managed-dict object's inline values, or 0."""
    return _word(id(obj) + _VALUES)


def managed_dict(obj: object) -> dict | None:
    """A managed-dict object's materialised __dict__ (without making one)."""
    address = _word(id(obj) + _MANAGED_DICT)
    return ctypes.cast(address, ctypes.py_object).value if address else None


def inline_value_present(values: int, index: int) -> bool:
    """Whether slot `index` of a PyDictValues array holds a value."""
    return _word(values + index * _POINTER) != 0


def shared_keys(tp: type) -> int:
    """The heap type's shared keys (ht_cached_keys), or 0."""
    return _word(id(tp) + _HT_CACHED_KEYS) if tp.__flags__ & HEAP_TYPE else 0


def keys_entries(keys: int) -> int:
    return _word(keys + _DK_NENTRIES)


def key_index(keys: int, name: str) -> int | None:
    """The entry of `keys` whose key is the (interned) string `name`."""
    general = _byte(keys + _DK_KIND) == _DICT_KEYS_GENERAL
    entry_size = 3 * _POINTER if general else 2 * _POINTER
    first = keys + _DK_INDICES + (1 << _byte(keys + _DK_LOG2_INDEX_BYTES))
    key_offset = _POINTER if general else 0
    for index in range(keys_entries(keys)):
        if _word(first + index * entry_size + key_offset) == id(name):
            return index
    return None


def dict_hint(mapping: dict, name: str) -> int | None:
    """The entry holding `name` in a combined (not split) dict."""
    if _word(id(mapping) + _MA_VALUES):
        return None
    return key_index(_word(id(mapping) + _MA_KEYS), name)


def method_def(callable_: Any) -> tuple[int, int] | None:
    """(ml_meth, ml_flags) of a built-in function or method descriptor."""
    kind = type(callable_)
    if kind is BuiltinFunctionType:
        definition = _word(id(callable_) + _M_ML)
    elif kind is MethodDescriptorType:
        definition = _word(id(callable_) + _D_METHOD)
    else:
        return None
    return _word(definition + _ML_METH), _int(definition + _ML_FLAGS)


def object_member(descriptor: Any) -> tuple[int, bool] | None:
    """(offset, writable) of a __slots__ member holding an object, or None."""
    if type(descriptor) is not MemberDescriptorType:
        return None
    member = _word(id(descriptor) + _D_MEMBER)
    if _int(member + _MEMBER_TYPE) != T_OBJECT_EX:
        return None
    offset = ctypes.c_ssize_t.from_address(member + _MEMBER_OFFSET).value
    return offset, not _int(member + _MEMBER_FLAGS) & READONLY
