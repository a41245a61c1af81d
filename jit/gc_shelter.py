"""The GC shelter: cpjit's own long-lived objects kept out of the cyclic
garbage collector's passes while the program runs (the ring itself:
stencils/gc_shelter.c).

Every full pass of CPython's collector walks every tracked object, at ~150
ns an object.  cpjit's start-up, its Tier 2 machinery, the code it decodes
and its traces leave 10-30 thousand of them (richards: 39,000 tracked
objects at exit, against 12,000 under python), none garbage while the
process lives: a program that makes full passes (float_points: 4) paid for
them each time, and young passes met them too.

A `Window` is a stretch of cpjit's own work that runs no program code: it
pauses the collector and makes a sentinel, and closing it moves everything
tracked since (the objects the work made and kept) to the shelter, where no
pass walks them; they stay tracked and die by reference counting as usual.
Not while another thread exists: its objects could be tracked meanwhile.
Nor may a program's signal handler run inside a window: the JIT's steps
(`_uninterrupted`) hold signals back, start-up comes before the program's
handlers, and the VM's windows around decoding code are opened and closed
by C functions, which leave no frame of cpjit's for the signal to land in
(interpreter/program_signals.py: Tier 1 dispatch defers it).
Objects a window makes that later become cyclic garbage are not collected
before the release at exit; cpjit's windows make ~30 such objects in a run
(measured with gc.DEBUG_SAVEALL around each), all in the machinery's import.

At exit (an atexit handler that runs after the program's own) the shelter
is released: its objects go back to the oldest generation before the
interpreter's finalization, whose passes must find the program's objects
garbage exactly as under python (cpjit's caches come to hold references to
them: a decoded call site's function, a trace's constants).
"""
from __future__ import annotations

# (No sealed builtins, unlike cpjit's other modules: jit/__main__.py opens
# the start-up window before the interpreter package, which provides them,
# is imported.  So nothing here may call a builtin, which the program could
# have rebound: tests/jit_programs/builtins_sabotage.py rebinds `id`.)
import _thread
import atexit
import ctypes
import gc
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from jit.backend.emitter import EmittedCode
    from jit.stencils.model import StencilLibrary

# stencils/gc_shelter.c's operations
OPEN, CLOSE, COUNT, RELEASE = 0, 1, 2, 3

# The stencil's code (its read-write data holds the ring's head, which
# sheltered objects unlink themselves through as they die: kept until the
# release at exit has emptied the ring), and its function (operation,
# sentinel) -> a count, for every operation but OPEN.
_code: EmittedCode | None = None
_call: Callable[[int, Any], int] | None = None


def install(library: StencilLibrary) -> None:
    """Emit the shelter's stencil from `library` (once per process), give
    the VM its windows for decoding code (`interp.long_lived`) and release
    the shelter at exit."""
    global _code, _call
    if _code is not None:
        return
    from interpreter.state import interp
    from jit.backend.emitter import Instance, emit
    from jit.backend.memory import memory
    from jit.stencils.library import GC_SHELTER_STENCIL
    _code = emit([Instance(GC_SHELTER_STENCIL)], library, memory)
    # PYFUNCTYPE: called holding the GIL, as the collector's lists require.
    address = _code.addresses[0]
    opening = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.c_int, ctypes.py_object)(address)
    _call = ctypes.PYFUNCTYPE(ctypes.c_ssize_t, ctypes.c_int, ctypes.py_object)(address)
    # (C functions, partials of them: a window around decoding puts no frame
    # of cpjit's between the VM's and a signal, which the VM then defers)
    interp.long_lived = (partial(opening, OPEN, None), partial(_call, CLOSE))
    atexit.register(release)  # (before the program registers its handlers: runs after them)


def installed() -> bool:
    return _call is not None


def sheltered_count() -> int:
    """How many objects the shelter holds (0 before it is installed)."""
    return 0 if _call is None else _call(COUNT, None)


def memory_bytes() -> int:
    """Executable and data pages the shelter's stencil holds."""
    return 0 if _code is None else _code.bytes_held()


def release() -> int:
    """Every sheltered object back to the oldest generation, and no more
    sheltering (windows only pause the collector): for the interpreter's
    finalization.  How many objects went back."""
    global _call
    if _call is None:
        return 0
    from interpreter.state import interp
    interp.long_lived = None
    call, _call = _call, None
    return call(RELEASE, None)


class Window:
    """cpjit's own work from now to `close`: the collector is paused, and
    what is tracked meanwhile goes to the shelter when it closes (if the
    shelter is installed by then).  While another thread exists (started
    through _thread, as threading's are) a window does nothing: the
    collector runs as it would.  (Opened in Python, unlike the VM's: the
    start-up window opens before the shelter is installed.)"""

    __slots__ = ("_sentinel",)

    def __init__(self) -> None:
        self._sentinel: list | None = None
        if not _thread._count():
            collecting = gc.isenabled()
            gc.disable()
            # (tracked at once: the end of generation 0's list; its item
            # says what the window's close puts back)
            self._sentinel = [collecting]

    def close(self) -> int:
        """Shelter what the window made; resume the collector.  How many
        objects moved (-1: a pass ran meanwhile, and nothing moved)."""
        sentinel, self._sentinel = self._sentinel, None
        if sentinel is None:
            return 0
        if _call is not None:
            return _call(CLOSE, sentinel)
        if sentinel[0]:
            gc.enable()
        return 0
