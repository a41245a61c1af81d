"""The Tier 1 frame: CPython's `_PyInterpreterFrame`, as a Python object.

The frame contract (shared with native code; see DESIGN.md):

* `localsplus` is a `list` of fixed length `nlocalsplus + stacksize`, allocated
  once and never resized: fast locals, then cells, then free variables (3.11's
  `co_localsplusnames` order), then the value stack.
* `stacktop` is the absolute index in `localsplus` of the next free stack slot.
  Tier 1 keeps it implicit while it runs (every 3.11 instruction has a static
  stack depth, so handlers address stack slots by constant indices) and writes
  it whenever the frame is suspended or handed to someone else: at a call into
  another VM frame, at a return, and when an exception handler is entered.
* An unbound local, an empty cell slot and a C `NULL` on the stack are all the
  `UNBOUND` sentinel (`NULL` is the same object) -- never `None`, never missing.
* `instr_ptr` is a bytecode offset **in code units** (2-byte `_Py_CODEUNIT`s,
  i.e. `dis` offset // 2): the instruction executing, or the one to resume at.
  `return_offset` is the distance in code units from `instr_ptr` (the CALL) to
  the instruction where execution resumes when the callee returns.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from typing import Any


class _Sentinel:
    """The value of a slot that holds C `NULL` in CPython."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"<{self._name}>"

    def __reduce__(self) -> str:
        return self._name


UNBOUND = _Sentinel("UNBOUND")
NULL = UNBOUND  # one sentinel stands for C NULL in every slot


class Frame:
    """One activation of a code object in the VM (made by `new_frame`)."""

    __slots__ = (
        "decoded",      # the code object's Decoded form (interpreter.decode)
        "globals",      # dict
        "builtins",     # dict
        "locals",       # mapping for module/class/exec frames, else None
        "localsplus",   # the list described above
        "stacktop",     # absolute index of the next free stack slot
        "instr_ptr",    # code-unit offset
        "return_offset",
        "previous",     # caller Frame, or None at the bottom of a VM run
        "func",         # the function object being run (None for module/exec code)
        "entry",        # True for the frame an eval-loop invocation started with
        "callee",       # the frame a CALL is about to push (read by the eval loop)
        # True while an instruction's handler calls the program (a C function,
        # `next` of an iterator, `__enter__`): a signal CPython handles then
        # runs the program's handler at once (program_signals). Unset (read
        # with getattr) until the frame's first such call.
        "calling_out",
        "__dict__",     # holds the rarely set attributes below, once set
    )

    # No __init__: calling a class with a Python __init__ costs ~4x more than
    # filling the slots of a bare instance, and every call of a VM function
    # makes a frame. Attributes that few frames ever set are class-level
    # defaults instead of slots, so making a frame does not store them.
    frame_obj = None    # lazily made real frame object for tracebacks
    locals_dict = None  # cached dict returned by locals() in a function frame
    constructing = None  # the new instance an __init__ frame of an inlined call returns (jit)

    @property
    def code(self) -> Any:
        return self.decoded.code

    def __repr__(self) -> str:
        return f"<Frame {self.code.co_qualname} at offset {self.instr_ptr}>"


_new = object.__new__


def new_frame(decoded: Any, globals: dict, builtins: dict, locals: Any,
              localsplus: list, func: Any, previous: Frame | None) -> Frame:
    """A frame about to run `decoded` from its first instruction. (The CALL
    handler inlines this.)"""
    f = _new(Frame)
    f.decoded = decoded
    f.globals = globals
    f.builtins = builtins
    f.locals = locals
    f.localsplus = localsplus
    f.stacktop = decoded.nlocalsplus
    f.instr_ptr = decoded.first
    f.return_offset = 0
    f.previous = previous
    f.func = func
    f.callee = None
    f.entry = False
    return f
