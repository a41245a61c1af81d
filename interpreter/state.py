"""VM state: `InterpreterState` (one per process) and `ThreadState` (one per
OS thread running VM code), modelled on CPython's.

The *handled exception* (`sys.exc_info()`) is deliberately not mirrored in a
Python attribute: native code (the `traceback` module, `raise` inside
`__exit__`, implicit exception chaining) reads CPython's own thread state, so
the VM reads and writes that directly through `PyErr_GetHandledException` /
`PyErr_SetHandledException` (public C API since 3.11).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import builtins as _builtins_module
import ctypes
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable

from .frame import Frame

if TYPE_CHECKING:
    from .decode import Decoded

_set_handled = ctypes.pythonapi.PyErr_SetHandledException
_set_handled.argtypes = (ctypes.py_object,)
_set_handled.restype = None


def set_handled_exception(exc: BaseException | None) -> None:
    """Make `exc` the exception `sys.exc_info()` reports (None clears it)."""
    # ctypes turns a None py_object into Py_None, which CPython treats as "no
    # exception" here (PyErr_SetHandledException clears on Py_None).
    _set_handled(exc)


def get_handled_exception() -> BaseException | None:
    return sys.exception()


class JitConfig:
    """JIT settings (the runner sets them from its options).  (The records
    here are plain classes: a dataclass costs ~0.5 ms to create, and
    `dataclasses` imports `inspect` and `ast`, ~3 ms of every start-up.)"""

    def __init__(self) -> None:
        self.enabled = False
        self.threshold = 16       # backward jumps before a loop counts as hot
        self.backend = "copy-and-patch"


class Stats:
    """Counters the runner prints with --stats."""

    def __init__(self) -> None:
        self.codes_decoded = 0
        self.exceptions_unwound = 0
        self.instructions = 0  # dispatched by the eval loop, counted only with --stats

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class InterpreterState:
    """The VM's process-wide state."""

    def __init__(self) -> None:
        self.builtins: dict = _builtins_module.__dict__
        self.jit = JitConfig()
        self.stats = Stats()
        self.recursion_limit = 1000   # sys.getrecursionlimit(), cached (ceval)
        self.count_instructions = False  # --stats: the eval loop counts what it dispatches
        # Called at every loop back-edge when set (see opcodes.control
        # JUMP_BACKWARD): where the JIT attaches. None runs Tier 1 alone.
        self.backedge: Callable[[Frame, list, int, int], int] | None = None
        # Called with each code decoded from then on when set: where the JIT
        # attaches to the calls of functions (it may set `Decoded.start`).
        self.function_start: Callable[[Decoded], None] | None = None
        # When set, the JIT's GC shelter (jit/gc_shelter.py), which keeps
        # objects that live as long as the process out of the collector's
        # passes: (open, close) of a window around decoding code (vm_codes
        # keeps it), C functions (see decode).
        self.long_lived: tuple[Callable[[], Any], Callable[[Any], int]] | None = None


class ThreadState:
    """Per-thread VM state: the current frame and the recursion depth.

    `depth` counts the frames CPython would have on its stack for the same
    program (VM frames plus the native frames that lead into the VM), so the
    VM raises RecursionError exactly where CPython does.
    """

    __slots__ = ("interp", "frame", "depth", "escaping", "stack_limit")

    def __init__(self, interp: InterpreterState) -> None:
        self.interp = interp
        self.frame: Frame | None = None
        self.depth = 0
        # (exception, its __context__) while an exception is re-raised out
        # of a nested run_frame: Python's `raise` would re-chain it.
        self.escaping: tuple[BaseException, BaseException | None] | None = None
        # The JIT's: how far down the C stack native code may nest calls on
        # this thread (jit/backend/stack.py); 0 until the JIT first runs here.
        self.stack_limit = 0

    @property
    def exc_info(self) -> BaseException | None:
        return get_handled_exception()


interp = InterpreterState()
_local = threading.local()


def get_thread_state() -> ThreadState:
    ts = getattr(_local, "ts", None)
    if ts is None:
        ts = _local.ts = ThreadState(interp)
    return ts


def current_frame() -> Frame | None:
    """The innermost VM frame running on this thread (None outside the VM)."""
    return get_thread_state().frame
