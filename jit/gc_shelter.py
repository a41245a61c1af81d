"""The GC shelter: cpjit's own long-lived objects kept out of the cyclic
garbage collector's passes (the ring itself: stencils/gc_shelter.c).

Every full pass of CPython's collector, and the two it makes at interpreter
exit, walks every tracked object, at ~150 ns an object.  cpjit's start-up,
its Tier 2 machinery and its traces leave 10-30 thousand of them (richards:
39,000 tracked objects at exit, against 12,000 under python), none garbage
while the process lives: exit took 13-20 ms longer than python's, and a
program that makes full passes (float_points: 4) paid again each time.

A `Window` is a stretch of cpjit's own work that runs no program code: it
pauses the collector and makes a sentinel, and closing it moves everything
tracked since (the objects the work made and kept) to the shelter, where no
pass walks them; they stay tracked and die by reference counting as usual.
Not while another thread exists: its objects could be tracked meanwhile.
Objects a window makes that later become cyclic garbage would never be
collected; cpjit's windows make ~30 such objects in a run (measured with
gc.DEBUG_SAVEALL around each), all in the machinery's import.
"""
from __future__ import annotations

# (No sealed builtins, unlike cpjit's other modules: jit/__main__.py opens
# the start-up window before the interpreter package, which provides them,
# is imported; nothing here calls a builtin.)
import _thread
import ctypes
import gc
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    from jit.stencils.model import StencilLibrary

T = TypeVar("T")

# The stencil's function, once emitted: (sentinel) -> objects moved, or -1
# if the sentinel left generation 0; (NULL) -> objects sheltered.
_move: Callable[[object], int] | None = None
_count: Callable[[None], int] | None = None


def install(library: StencilLibrary) -> None:
    """Emit the shelter's stencil from `library` (once per process).  Its
    memory is never freed: sheltered objects unlink themselves from its ring
    as they die, until the interpreter's last moment."""
    global _move, _count
    if _move is not None:
        return
    from jit.backend.emitter import Instance, emit
    from jit.backend.memory import memory
    from jit.stencils.library import GC_SHELTER_STENCIL
    code = emit([Instance(GC_SHELTER_STENCIL)], library, memory)
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(code))  # (never freed)
    # PYFUNCTYPE: called holding the GIL, as the collector's lists require.
    _move = ctypes.PYFUNCTYPE(ctypes.c_ssize_t, ctypes.py_object)(code.addresses[0])
    _count = ctypes.PYFUNCTYPE(ctypes.c_ssize_t, ctypes.c_void_p)(code.addresses[0])


def installed() -> bool:
    return _move is not None


def sheltered_count() -> int:
    """How many objects the shelter holds (0 before it is installed)."""
    return 0 if _count is None else _count(None)


class Window:
    """cpjit's own work from now to `close`: the collector is paused, and
    what is tracked meanwhile goes to the shelter when it closes (if the
    shelter is installed by then).  While another thread exists (started
    through _thread, as threading's are) a window does nothing: the
    collector runs as it would."""

    __slots__ = ("_sentinel", "_collecting")

    def __init__(self) -> None:
        self._sentinel: list | None = None
        self._collecting = False
        if not _thread._count():
            self._collecting = gc.isenabled()
            gc.disable()
            self._sentinel = []  # (tracked at once: the end of generation 0's list)

    def close(self) -> int:
        """Shelter what the window made; resume the collector.  How many
        objects moved (-1: a pass ran meanwhile, and nothing moved)."""
        moved = 0
        if self._sentinel is not None and _move is not None:
            moved = _move(self._sentinel)
        self._sentinel = None
        if self._collecting:
            self._collecting = False
            gc.enable()
        return moved


def sheltered(work: Callable[[], T]) -> T:
    """work() in a Window."""
    window = Window()
    try:
        return work()
    finally:
        window.close()
