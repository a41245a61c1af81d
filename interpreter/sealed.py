"""The builtins cpjit's own code runs with: a snapshot taken at start-up.

User programs may rebind builtins (`builtins.len = ...`); the VM and the JIT
must not call the user's replacement by accident.  Each cpjit module binds
`__builtins__` to this snapshot before it defines any function, and a
function takes its builtins from its module's `__builtins__` when it is
created.
"""
import builtins

BUILTINS = dict(builtins.__dict__)


def with_original_builtins(function):
    """Run `function()` with the builtins module as it was at start-up, then
    put the program's rebindings back exactly: for cpjit's own imports, whose
    machinery (importlib) uses the builtins module itself.  No program code
    runs in between."""
    namespace = builtins.__dict__
    programs = dict(namespace)
    namespace.update(BUILTINS)
    try:
        return function()
    finally:
        namespace.clear()
        namespace.update(programs)
