"""globals: LOAD_GLOBAL folded into a constant behind a guard on the binding.

The recorded LOAD_GLOBAL checks its namespaces' version tags and looks the
name up again whenever either dict changed.  Folded, the name's value (as the
recorded iteration left it) becomes a LOAD_CONST, so later passes see the
function or constant itself, behind GUARD_GLOBAL: an ASSUMES guard that the
trace runs with the same namespaces and the name still finds that value.
Its check is the dicts' version tags; after a store to either dict it looks
the name up once and takes the new tags, so stores to other names (a
module-level loop's own variables) do not fail it.  A failing guard retires
the trace (jit/runtime.py `_invalidate`).

One guard covers every later load of the same name up to the next uop that
may run arbitrary Python code (ESCAPES) or a jump target.  Folded: functions,
builtins, classes, modules and numbers, strings and flags (see _FOLDED_TYPES).
Not folded: names the trace stores itself (STORE_GLOBAL / STORE_NAME: a module-level
loop that assigns a global its inlined callees read), and bindings seen to
change between recordings more than once (another part of the loop rebinds
them: folding would retire trace after trace).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from types import BuiltinFunctionType, FunctionType, ModuleType

from jit.backend.native import ffi
from jit.optimizer import TraceContext, jump_targets, rewrite, uops_where
from jit.uops import UOp

NAME = "globals"
PURPOSE = "LOAD_GLOBAL -> GUARD_GLOBAL (hoistable) + LOAD_CONST of the bound value"

# How often a binding changed between the recordings that folded it, and the
# value (by id: keeping it alive would delay its finalizer) last folded, by
# (id(globals), id(builtins), name).  Bounded: the oldest are forgotten.
_history: dict[tuple[int, int, str], tuple[int, int]] = {}
_HISTORY_SIZE = 4096
_CHANGES_TOLERATED = 1
# What is folded: what later passes can use (callees, numbers, flags) and
# outlives the trace anyway.  A folded value is kept alive by the trace until
# it is retired, so an object whose finalizer the program may wait for after
# rebinding the name (a user instance, a container of them) stays a lookup.
_FOLDED_TYPES = (FunctionType, BuiltinFunctionType, ModuleType, int, float, str, bytes, bool,
                 type(None))


def _foldable(value: object) -> bool:
    return type(value) in _FOLDED_TYPES or isinstance(value, type)


def _stable(globals_: dict, builtins: dict, name: str, value: object) -> bool:
    """Record that `name` is folded to `value`; False when the binding has
    changed under folded traces too often to fold it again."""
    key = (id(globals_), id(builtins), name)
    changes, seen = _history.pop(key, (0, id(value)))
    changes += seen != id(value)
    _history[key] = (changes, id(value))
    if len(_history) > _HISTORY_SIZE:
        del _history[next(iter(_history))]
    return changes <= _CHANGES_TOLERATED


def _binding(globals_: dict, builtins: dict, name: str, value: object) -> UOp:
    cache = ffi.new("GlobalCache *")  # tags 0: the first check looks the name up
    for field, obj in (("name", name), ("globals", globals_), ("builtins", builtins),
                       ("value", value)):
        setattr(cache, field, ffi.cast("void *", id(obj)))
    return cache


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    globals_, builtins = trace.globals, trace.builtins
    if type(globals_) is not dict or type(builtins) is not dict:
        return uops  # a mapping that is not a dict can run code on lookup
    stored = {uop.keep for uop in uops if uop.name in ("STORE_GLOBAL", "STORE_NAME")}
    targets = jump_targets(uops)
    escaping = uops_where("escapes")
    guarded: set[str] = set()  # names checked since the last escape

    def replace(index: int, uop: UOp) -> list[UOp]:
        if index in targets:
            guarded.clear()
        if uop.name != "LOAD_GLOBAL":
            if uop.name in escaping:
                guarded.clear()
            return [uop]
        name = uop.keep[1]
        if name in globals_:
            value = globals_[name]
        elif name in builtins:
            value = builtins[name]
        else:
            return [uop]  # Tier 1 raises NameError
        if (name in stored or not _foldable(value)
                or not _stable(globals_, builtins, name, value)):
            return [uop]
        folded = []
        if name not in guarded:
            binding = _binding(globals_, builtins, name, value)
            folded.append(UOp("GUARD_GLOBAL", 0, int(ffi.cast("uintptr_t", binding)),
                              uop.target, keep=(binding, name, value, globals_, builtins)))
            guarded.add(name)
        if uop.oparg & 1:
            folded.append(UOp("PUSH_NULL", 0, 0, uop.target))
        folded.append(UOp("LOAD_CONST", 0, id(value), uop.target, keep=value))
        return folded
    return rewrite(uops, replace)
