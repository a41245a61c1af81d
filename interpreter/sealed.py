"""The builtins cpjit's own code runs with: a snapshot taken at start-up.

User programs may rebind builtins (`builtins.len = ...`); the VM and the JIT
must not call the user's replacement by accident.  Each cpjit module binds
`__builtins__` to this snapshot before it defines any function, and a
function takes its builtins from its module's `__builtins__` when it is
created.
"""
import builtins
from _operator import is_

BUILTINS = dict(builtins.__dict__)
__builtins__ = BUILTINS  # (this module's own functions call the snapshot's too)


def with_original_builtins(function):
    """Run `function()` with the builtins the program rebound put back to
    their start-up values, then restore the program's: for cpjit's own
    imports and compiling, whose library code (importlib, cffi) uses the
    builtins module itself.  Only changed names are swapped, one store each,
    so the module is never empty and other threads see one value or the
    other."""
    namespace = builtins.__dict__
    # (the usual case, checked by identity alone: no program code runs, and
    # it costs a few microseconds where building `rebound` costs ~15)
    if (len(namespace) == len(BUILTINS) and all(map(is_, namespace, BUILTINS))
            and all(map(is_, namespace.values(), BUILTINS.values()))):
        return function()
    rebound = {name: value for name, value in namespace.items()
               if BUILTINS.get(name, _MISSING) is not value and name in BUILTINS}
    removed = [name for name in BUILTINS if name not in namespace]
    if not rebound and not removed:
        return function()
    for name in (*rebound, *removed):
        namespace[name] = BUILTINS[name]
    try:
        return function()
    finally:
        namespace.update(rebound)
        for name in removed:
            namespace.pop(name, None)


_MISSING = object()
