"""CPython's error messages and the helpers that format them exactly."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from typing import Any

NAME_ERROR_MSG = "name '%.200s' is not defined"
UNBOUNDLOCAL_ERROR_MSG = "cannot access local variable '%s' where it is not associated with a value"
UNBOUNDFREE_ERROR_MSG = ("cannot access free variable '%s' where it is not associated with a "
                         "value in enclosing scope")

_HEAPTYPE = 1 << 9


def tp_name(tp: type) -> str:
    """`Py_TYPE(x)->tp_name`: qualified for static types outside builtins."""
    if tp.__flags__ & _HEAPTYPE:
        return tp.__name__
    module = tp.__dict__.get("__module__")
    if isinstance(module, str) and module != "builtins":
        return f"{module}.{tp.__name__}"
    return tp.__name__


def function_str(func: Any) -> str:
    """`_PyObject_FunctionStr`: how CPython names a callable in call errors."""
    try:
        qualname = func.__qualname__
    except AttributeError:
        return str(func)
    module = getattr(func, "__module__", None)
    if isinstance(module, str) and module != "builtins":
        return f"{module}.{qualname}()"
    return f"{qualname}()"


def name_error(name: str) -> NameError:
    return NameError(NAME_ERROR_MSG % name, name=name)


def unbound_local(name: str) -> UnboundLocalError:
    return UnboundLocalError(UNBOUNDLOCAL_ERROR_MSG % name)


def unbound_free(name: str) -> NameError:
    return NameError(UNBOUNDFREE_ERROR_MSG % name, name=name)
