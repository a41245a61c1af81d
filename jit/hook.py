"""Entering the VM from anywhere: the frame-evaluation hook (PEP 523).

Only calls made by VM code reach the VM by themselves.  A user function that
CPython-run code calls -- `sorted(key=f)`, `map`, a `unittest` test method, a
thread's target, a benchmark harness -- would run on CPython.  With the hook
installed, CPython hands every frame it is about to evaluate to
`stencils/eval_hook.c` (emitted into executable memory by the stencil
pipeline), which gives the frames of *marked* code objects to the VM (`enter`)
with their arguments already bound, and every other frame to CPython's own
evaluator.  Marking is decided once per code object by the policy
(`jit.marking`); the hook caches the answer in the code's co_extra slot.

The hook's machine code is never freed; `uninstall` puts CPython's evaluator
back (at exit: atexit, which also runs on an uncaught KeyboardInterrupt), so
finalisation runs on CPython alone.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import atexit
import ctypes
import os
from types import CodeType, FunctionType
from typing import Any

from interpreter import traceback as vm_traceback
from interpreter.main import call_bound
from interpreter.sealed import with_original_builtins
from interpreter.state import get_thread_state
from jit.backend import symbols
from jit.marking import Mode, Policy


class HookStats:
    """What --stats reports about the hook.  (Plain classes here: start-up
    imports this module, and a dataclass costs ~0.5 ms to create.)"""

    def __init__(self) -> None:
        self.calls = 0              # frames handed to the VM
        self.codes_marked = 0       # code objects the VM runs when CPython calls them
        # code objects decided the other way by the policy (not counted: those
        # of files it marks nothing in, once one of theirs was decided)
        self.codes_on_cpython = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class _State:
    """The hook of this process."""

    def __init__(self) -> None:
        self.policy = Policy()
        self.stats = HookStats()
        self.installed = False
        self.code: Any = None  # the emitted hook (EmittedCode), kept for the whole process
        self.index = -1        # our co_extra slot


_state = _State()
# Tracebacks leave out the frames of `enter` (see `failed`).
vm_traceback.internal_files.add(os.path.abspath(__file__))


# The files none of whose code the policy marks (cpjit's own, the standard
# library's, ...): the hook's C code decides their code objects without
# calling `decide`, ~50 ns instead of ~2 us each (a first compile's imports
# and first calls run ~500 such code objects, a program's library code more).
_unmarked_files: set[str] = set()


def decide(code: CodeType) -> bool:
    """The hook's question, once per code object: does the VM run it?"""
    if not _state.policy.marks_file(code.co_filename):
        _unmarked_files.add(code.co_filename)
        marked = False
    else:
        marked = _state.policy.marks(code)
    if marked:
        _state.stats.codes_marked += 1
    else:
        _state.stats.codes_on_cpython += 1
    return marked


def enter(function: FunctionType, locals: Any, parameters: list, depth: int) -> Any:
    """Run a frame the hook handed over: `function`'s code in the VM, on the
    `parameters` CPython bound, with `locals` (None in a function frame).
    `depth` is the number of CPython frames below, which the VM counts from
    when no VM frame runs on this thread (for RecursionError)."""
    _state.stats.calls += 1
    ts = get_thread_state()
    if ts.frame is not None:  # VM -> CPython -> here: the VM already counts
        return call_bound(function, locals, parameters)
    outer = ts.depth
    ts.depth = depth
    try:
        return call_bound(function, locals, parameters)
    finally:
        ts.depth = outer


def failed(exc: BaseException) -> None:
    """`exc` escapes a frame the VM ran for the hook: remove the VM's own
    frames from its traceback and undo the chaining the VM's re-raise added,
    so CPython's caller sees what the callee's own frame would have left."""
    exc.__traceback__ = vm_traceback.strip_internal(exc.__traceback__)
    ts = get_thread_state()
    escaping = ts.escaping
    if escaping is not None and escaping[0] is exc:
        exc.__context__ = escaping[1]
        ts.escaping = None


symbols.provide("cpjit_hook_decide", decide)
symbols.provide("cpjit_hook_unmarked_files", _unmarked_files)
symbols.provide("cpjit_hook_enter", enter)
symbols.provide("cpjit_hook_failed", failed)

_api = ctypes.pythonapi
_api.PyInterpreterState_Get.restype = ctypes.c_void_p
_api._PyInterpreterState_GetEvalFrameFunc.restype = ctypes.c_void_p
_api._PyInterpreterState_GetEvalFrameFunc.argtypes = (ctypes.c_void_p,)
_api._PyInterpreterState_SetEvalFrameFunc.restype = None
_api._PyInterpreterState_SetEvalFrameFunc.argtypes = (ctypes.c_void_p, ctypes.c_void_p)
_api._PyEval_RequestCodeExtraIndex.restype = ctypes.c_ssize_t
_api._PyEval_RequestCodeExtraIndex.argtypes = (ctypes.c_void_p,)
_DEFAULT_EVALUATOR = ctypes.cast(_api._PyEval_EvalFrameDefault, ctypes.c_void_p).value


_api._PyCode_SetExtra.restype = ctypes.c_int
_api._PyCode_SetExtra.argtypes = (ctypes.py_object, ctypes.c_ssize_t, ctypes.c_void_p)
RUNS_ON_CPYTHON = 1  # stencils/eval_hook.c's mark


def settle(*functions: FunctionType) -> None:
    """Decide now that `functions` run on CPython: functions native code
    calls (the JIT's hand-overs).  Left undecided, the policy would run when
    CPython first meets one, with no frame of the JIT's below it yet (a
    program's signal handler landing there could not tell it from the JIT's
    own machinery)."""
    if _state.index >= 0:
        for function in functions:
            if _api._PyCode_SetExtra(function.__code__, _state.index, RUNS_ON_CPYTHON) < 0:
                raise MemoryError("cpjit: cannot mark a code object (_PyCode_SetExtra)")


def current_evaluator() -> int:
    """The address of the frame-evaluation function in use."""
    return _api._PyInterpreterState_GetEvalFrameFunc(_api.PyInterpreterState_Get())


class HookError(Exception):
    """The hook cannot be installed (says why)."""


def _emit() -> Any:
    from jit.backend.emitter import Instance, emit
    from jit.backend.memory import memory
    from jit.stencils.library import EVAL_HOOK_STENCIL, load_library
    if _state.index < 0:
        _state.index = _api._PyEval_RequestCodeExtraIndex(None)
        if _state.index < 0:
            raise HookError("no co_extra slot left (_PyEval_RequestCodeExtraIndex)")
    return emit([Instance(EVAL_HOOK_STENCIL, oparg=_state.index)], load_library(), memory)


def install(policy: Policy) -> None:
    """Install the hook with `policy` (once per process: the policy of a
    later call replaces the first, but decisions already cached stay).
    Raises HookError, or the backend's StencilError when there are no
    stencils."""
    policy = policy.compiled()
    if policy.mode is Mode.NONE or _state.installed:
        _set_policy(policy)
        return
    if current_evaluator() != _DEFAULT_EVALUATOR:
        raise HookError("another frame-evaluation function is installed (a debugger?)")
    _set_policy(policy)
    if _state.code is None:
        _state.code = with_original_builtins(_emit)
        atexit.register(uninstall)  # first registered, so it runs after the program's
    _api._PyInterpreterState_SetEvalFrameFunc(_api.PyInterpreterState_Get(),
                                              _state.code.addresses[0])
    _state.installed = True


def _set_policy(policy: Policy) -> None:
    if policy != _state.policy:
        _state.policy = policy
        _unmarked_files.clear()  # (the decisions already cached stay)


def uninstall() -> None:
    """Put CPython's evaluator back (idempotent)."""
    if _state.installed:
        _api._PyInterpreterState_SetEvalFrameFunc(_api.PyInterpreterState_Get(),
                                                  _DEFAULT_EVALUATOR)
        _state.installed = False


def installed() -> bool:
    return _state.installed


def stats() -> HookStats:
    return _state.stats


def memory_bytes() -> int:
    """Executable pages the hook's machine code holds (for good: CPython may
    be running it at any time until exit)."""
    return 0 if _state.code is None else _state.code.bytes_held()
