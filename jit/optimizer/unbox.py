"""Unboxing: ints as int64 and floats as doubles across a loop's iterations.

A root trace that loops (it ends in JUMP_TO_TOP back to index L, and has no
other jump and no instruction Tier 1 runs after L) is rewritten as

    [uops before L, unchanged]
    prologue: each unboxed local read from localsplus into its scratch slot
              (UNBOX_LOCAL_*: a value that is not an exact int fitting int64,
              or not an exact float, leaves for Tier 1 at the loop header),
              the constants the body uses, the range iterator's type guard
    body:     the loop, with those locals, constants and the temporaries
              between typed uops in scratch slots; JUMP_TO_TOP to the body.

The unboxed locals are those the body stores or reads and whose exact type
is int, or float, at the end of every iteration (jit.optimizer.types), every
store of the body keeping it so.  Their localsplus slots keep the (stale)
objects they had at entry while the body runs.

The rest of the body sees an abstract value stack: each item is a boxed
object on the native stack (REAL), an int64, double or flag in a scratch
slot (a flag is true when nonzero, so an unboxed int's truth test is a
guard on its own slot), or a constant not loaded yet.  Uops that need objects get them boxed
(INT64_BOX, MATERIALIZE for a region with objects above unboxed items).
Every exit and error records a Snapshot of Tier 1's view (the whole value
stack and the unboxed locals) that jit.backend.executor turns into a stub
that boxes them back before Tier 1 -- or a side trace -- sees the frame.
An int64 overflow, a zero divisor or an int that does not fit is an exit
*before* the instruction, which Tier 1 then runs on the boxed values.

A trace that runs straight through (a function's: it ends in EXIT_TRACE,
with no jump) keeps only its temporaries unboxed, its constants set first:
`x * x + y * y` makes one float object, not three; everything is boxed
again before EXIT_TRACE.

Inlined calls: the callee's locals are objects (INLINE_CALL takes its
arguments boxed), but a load of an argument the callee never stores gives
the unboxed value the caller passed; the callee's temporaries are unboxed
like the loop's; an unboxed return value stays unboxed (INLINE_RETURN
returns None, popped at once).  The callers' stacks below the calls keep
their unboxed items: an exit inside a callee rebuilds the callee's stack,
each caller's, and the trace frame's locals (Snapshot.callers).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import math
import struct
from typing import Callable

from interpreter.frame import NULL
from interpreter.records import NamedTuple
from jit.backend.native import ffi
from jit.optimizer import TraceContext, relink, uops_where
from jit.optimizer.types import ANY, RANGE_ITERATOR, UNKNOWN, State, analysable, infer
from jit.uops import (INLINE_GUARDS, KNOWN_LENGTHS, SLICED_LIST, BoxKind, Snapshot, UOp,
                      load_uops, loop_end, self_first)

NAME = "unbox"
PURPOSE = "keep ints as int64 and floats as doubles in scratch slots across the loop"

# BoxKind's members, looked up once: `BoxKind.REAL` costs ~100 ns in Python
# 3.11 (an enum member is a descriptor), and the unboxer asks per stack item.
REAL, INT, FLOAT, BOOL, OBJECT = (BoxKind.REAL, BoxKind.INT, BoxKind.FLOAT, BoxKind.BOOL,
                                  BoxKind.OBJECT)

SCRATCH_SLOTS = 128  # JIT_SCRATCH_SLOTS in stencils/jit.h
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

# NB_* codes of BINARY_OP (in-place forms alike) -> unboxed int64 uop.
INT_BINARY = {0: "INT64_ADD", 13: "INT64_ADD", 10: "INT64_SUBTRACT", 23: "INT64_SUBTRACT",
              5: "INT64_MULTIPLY", 18: "INT64_MULTIPLY", 1: "INT64_AND", 14: "INT64_AND",
              7: "INT64_OR", 20: "INT64_OR", 12: "INT64_XOR", 25: "INT64_XOR",
              6: "INT64_REMAINDER", 19: "INT64_REMAINDER",
              2: "INT64_FLOOR_DIVIDE", 15: "INT64_FLOOR_DIVIDE",
              9: "INT64_SHIFT_RIGHT", 22: "INT64_SHIFT_RIGHT"}
# x % 2**k and x // 2**k (Python's floored forms) are exactly x & (2**k - 1)
# and x >> k on two's complement int64: no division, which costs ~15 cycles.
POWER_OF_TWO_FORMS = {"INT64_REMAINDER": ("INT64_AND", lambda power: (1 << power) - 1),
                      "INT64_FLOOR_DIVIDE": ("INT64_SHIFT_RIGHT", lambda power: power)}
# ... -> unboxed double uop (int operands converted, as float.__add__ does).
FLOAT_BINARY = {0: "FLOAT_ADD", 13: "FLOAT_ADD", 10: "FLOAT_SUBTRACT", 23: "FLOAT_SUBTRACT",
                5: "FLOAT_MULTIPLY", 18: "FLOAT_MULTIPLY",
                11: "FLOAT_TRUE_DIVIDE", 24: "FLOAT_TRUE_DIVIDE",
                8: "FLOAT_POWER", 21: "FLOAT_POWER"}
# Typed uops the recorder emits (after GUARD_BOTH_INT / _FLOAT).
TYPED_INT = {f"BINARY_OP_{op}_INT": f"INT64_{op}"
             for op in ("ADD", "SUBTRACT", "MULTIPLY", "AND", "OR", "XOR")}
TYPED_FLOAT = {f"BINARY_OP_{op}_FLOAT": f"FLOAT_{op}"
               for op in ("ADD", "SUBTRACT", "MULTIPLY", "TRUE_DIVIDE")}
GUARDED = {"GUARD_BOTH_INT": (INT, {*TYPED_INT, "COMPARE_OP_INT"}),
           "GUARD_BOTH_FLOAT": (FLOAT, {*TYPED_FLOAT, "COMPARE_OP_FLOAT"})}
KIND_OF_TYPE = {int: INT, float: FLOAT, bool: BOOL}
# Unboxed kind -> the uops storing such a value into a list item and into an
# instance attribute (of an owner on the stack, of one in a local), boxing
# it in the uop: into the old object when only the list or object holds it
# (stencils/helpers.h's *_in_place_of).
STORED_IN_PLACE = {INT: ("LIST_SET_INT", "STORE_ATTR_INT", "STORE_ATTR_INT_LOCAL"),
                   FLOAT: ("LIST_SET_FLOAT", "STORE_ATTR_FLOAT", "STORE_ATTR_FLOAT_LOCAL")}
# Unboxed kind -> the uops loading an instance attribute as such a value
# (of an owner on the stack, of one in a local).
LOADED_AS = {INT: ("LOAD_ATTR_INT", "LOAD_ATTR_INT_LOCAL"),
             FLOAT: ("LOAD_ATTR_FLOAT", "LOAD_ATTR_FLOAT_LOCAL")}
INDEXES = (INT, OBJECT)  # list indexes taken unboxed
TYPE_OF_KIND = {kind: kind_type for kind_type, kind in KIND_OF_TYPE.items()}
NONE_TYPE = type(None)
UOP_GUARD_SLICE = UOp("GUARD_SLICE_OPERANDS")
FLAG_GUARDS = ("GUARD_IS_TRUE_POP", "GUARD_IS_FALSE_POP")
# The math module's functions FLOAT_MATH runs on a double, in the order of
# its table of C functions (stencils/uops.c): each is C's function of its
# name (math_1 in CPython's mathmodule.c).
MATH_FUNCTIONS = (math.sqrt, math.sin, math.cos, math.tan, math.atan, math.exp)
_MATH_INDEX = {id(function): index for index, function in enumerate(MATH_FUNCTIONS)}
# The functions whose call on a known number runs on its unboxed value
# (FLOAT_MATH; INT64_ABS, FLOAT_ABS), and len, whose call on a known sized
# object makes an unboxed value (INT64_LEN), by id.
_ON_VALUES = frozenset({*_MATH_INDEX, id(abs), id(len)})
_INLINE_GUARD_NAMES = frozenset(INLINE_GUARDS.values())
_LOCAL_GUARDS = frozenset({"GUARD_TYPE_LOCAL", "GUARD_TYPE_VERSION_LOCAL", "GUARD_LOCAL_BOUND"})
# Uops that end a look ahead (runs_on_value's for the call's CALL_BUILTIN_O or CALL_LEN,
# taken_as's for the use of a loaded item).
_ENDS_LOOK_AHEAD = frozenset({"INLINE_CALL", "INLINE_RETURN", "TIER1_OP", "EXIT_TRACE",
                              "JUMP_TO_TOP", "PUSH_NULL"})
_UNTYPED = (UNKNOWN, ANY)  # what the types pass may not know of an object
# Uops that may unbind a local: a trace with one is left boxed (an unboxed
# local's scratch slot would outlive it).
_UNBINDING = frozenset({"TIER1_OP", "DELETE_FAST"})


class GiveUp(Exception):
    """The trace is left as it is (out of scratch slots, an unexpected shape)."""


class Item(NamedTuple):
    """One item of the abstract value stack."""
    kind: BoxKind
    slot: int = -1            # INT / FLOAT / BOOL: the scratch slot (REAL: a box
                              # made of that slot's value, which it still holds)
    const: object = None      # OBJECT: the constant, not loaded yet
    type: type | None = None  # REAL: its exact type, when known

    @property
    def exact(self) -> type | None:
        if self.kind is REAL:
            return self.type if self.type not in (UNKNOWN, ANY) else None
        if self.kind is OBJECT:
            return type(self.const)
        return TYPE_OF_KIND[self.kind]


def slots(*numbers: int) -> int:
    """An operand packing scratch slot numbers (SCRATCH(n) in stencils/jit.h)."""
    operand = 0
    for field, number in enumerate(numbers):
        operand |= number << (16 * field)
    return operand


def _fits(value: object) -> bool:
    return type(value) is not int or INT64_MIN <= value <= INT64_MAX


def _float_bits(value: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def loop_top(uops: list[UOp]) -> int | None:
    """L, where the trace's closing JUMP_TO_TOP goes, when that is its only jump."""
    last = uops[-1]
    if last.name != "JUMP_TO_TOP" or last.jump is None or _jumps(uops):
        return None
    return last.jump


def straight(uops: list[UOp]) -> bool:
    """Whether the trace runs straight through to its closing EXIT_TRACE."""
    return uops[-1].name == "EXIT_TRACE" and not _jumps(uops)


def _jumps(uops: list[UOp]) -> bool:
    """Whether a uop before the last is a branch."""
    return not uops_where("is_branch").isdisjoint({uop.name for uop in uops[:-1]})


def own_frame(uops: list[UOp]) -> list[bool]:
    """For each uop, whether it runs in the trace's own frame (not inside an
    inlined call)."""
    depth, own = 0, []
    for uop in uops:
        depth -= uop.name == "INLINE_RETURN"
        own.append(depth == 0)
        depth += uop.name == "INLINE_CALL"
    return own


def unboxed_locals(uops: list[UOp], states: list[State | None], top: int,
                   wide: frozenset[int] = frozenset()) -> dict[int, BoxKind]:
    """The locals the body keeps unboxed, and their kinds (not those in
    `wide`, seen to hold ints past int64)."""
    end = states[-1]
    if end is None:
        return {}
    used, stored = set(), {}
    for uop, state, own in zip(uops[top:], states[top:], own_frame(uops)[top:]):
        if not own:
            continue
        if uop.name in ("LOAD_FAST", "LOAD_FAST_CHECKED"):
            used.add(uop.oparg)
        elif uop.name == "STORE_FAST":
            stored.setdefault(uop.oparg, set()).add(state.stack[-1].type if state else None)
    chosen = {}
    for local in (used | set(stored)) - wide:
        kind = {int: INT, float: FLOAT}.get(end.locals[local])
        if kind is not None and stored.get(local, {end.locals[local]}) == {end.locals[local]}:
            chosen[local] = kind
    return chosen


class RootLoop(NamedTuple):
    """What a side trace may rely on of its root trace's unboxed loop."""
    locals: dict[int, tuple[BoxKind, int]]             # unboxed locals: kind, slot
    constants: dict[tuple[BoxKind, int], int]          # the prologue's constant slots
    free: int                                          # the first slot it leaves alone
    range_guard: UOp | None                            # the prologue's iterator check
    stored: frozenset[int]                             # the locals its loop stores


def root_loop(root: tuple) -> RootLoop:
    """Read the prologue of root trace `root` (as compiled) back."""
    root = root[:loop_end(root)]  # (not its re-entry block: jit/optimizer/reentry.py)
    last = root[-1] if root else None
    body = last.jump if last is not None and last.name == "JUMP_TO_TOP" else 0
    locals_, constants, guard, used = {}, {}, None, [-1]
    for uop in root[:body]:
        if uop.name in ("UNBOX_LOCAL_INT64", "UNBOX_LOCAL_FLOAT"):
            kind = INT if uop.name == "UNBOX_LOCAL_INT64" else FLOAT
            locals_[uop.oparg] = (kind, uop.operand & 0xFFFF)
            used.append(uop.operand & 0xFFFF)
        elif uop.name in ("INT64_CONST", "FLOAT_CONST"):
            kind = INT if uop.name == "INT64_CONST" else FLOAT
            constants[(kind, uop.operand)] = uop.oparg
            used.append(uop.oparg)
        elif uop.name == "GUARD_TYPE" and uop.keep is RANGE_ITERATOR:
            guard = uop
    snapshot = last.snapshots[0] if last is not None and last.snapshots else None
    stored = frozenset(local for local, _, _ in snapshot.locals) if snapshot else frozenset()
    return RootLoop(locals_, constants, max(used) + 1, guard, stored)


def _entries(stack: list[Item], keep: list) -> tuple[tuple[tuple[BoxKind, int], ...], int]:
    """A Snapshot's entries for abstract `stack`, and its count of REAL
    items; constants' objects go to `keep`."""
    entries, real = [], 0
    for item in stack:
        if item.kind is REAL:
            entries.append((REAL, real))
            real += 1
        elif item.kind is OBJECT:
            entries.append((OBJECT, id(item.const)))
            keep.append(item.const)
        else:
            entries.append((item.kind, item.slot))
    return tuple(entries), real


class _Unboxer:
    def __init__(self, uops: list[UOp], states: list[State | None], trace: TraceContext,
                 top: int, locals_: dict[int, BoxKind], root: RootLoop | None = None) -> None:
        self.defs = load_uops()
        self.uops, self.states, self.trace, self.top = uops, states, trace, top
        # A side trace keeps its root's slots (locals, constants) as they are.
        self.root = root
        self.next_slot = root.free if root else 0
        if root is None:
            self.locals = {local: (kind, self.fresh())
                           for local, kind in sorted(locals_.items())}
            # Locals the loop never stores keep their right objects in localsplus.
            self.stored = {uop.oparg for uop, own in zip(uops[top:], own_frame(uops)[top:])
                           if own and uop.name == "STORE_FAST"}
        else:
            self.locals = {local: root.locals[local] for local in locals_}
            self.stored = set(root.stored)
        # Every snapshot's unboxed locals, and those of them to box (see Snapshot).
        self.live = tuple((local, kind, slot) for local, (kind, slot) in self.locals.items())
        self.stale = tuple(entry for entry in self.live if entry[0] in self.stored)
        # (Its constants are set only once its prologue ran through: a side
        # trace starting with its locals in their slots starts after that.)
        self.constants: dict[tuple[BoxKind, int], int] = \
            dict(root.constants) if root and self.locals else {}
        self.prologue: list[UOp] = []
        self.body: list[UOp] = []
        self.stack: list[Item] = [Item(REAL, type=state.type)
                                  for state in states[top].stack]
        self.target = uops[-1].target  # the loop header
        # The abstract stacks of the callers of the inlined calls being run
        # (the calls' inputs popped), and what each frame's arguments were
        # before they were boxed for it (local -> an unboxed item): a
        # callee's argument it never stores has that value too.
        self.callers: list[list[Item]] = []
        self.arguments: list[dict[int, Item]] = []
        # Of those, the ones passed unboxed (INLINE_CALL left their slots
        # unbound): snapshots box them into the callee's frame.
        self.passed: list[dict[int, Item]] = []
        # The trace frame's boxed locals last stored from an unboxed item
        # (local -> the item): a load takes the item, the local keeps its object.
        self.forwarded: dict[int, Item] = {}
        self.last_output: int | None = None  # the slot the last uop emitted writes
        # The unboxed arguments of the inlined call being made (its guard's).
        self.call_arguments: dict[int, Item] = {}

    # ---- slots and snapshots ----------------------------------------------

    def fresh(self) -> int:
        if self.next_slot >= SCRATCH_SLOTS:
            raise GiveUp("out of scratch slots")
        self.next_slot += 1
        return self.next_slot - 1

    def constant(self, kind: BoxKind, value: object) -> int:
        """A scratch slot the prologue sets to `value` (as an int64 or double)."""
        if kind is FLOAT:
            value = float(value)
            word, name = _float_bits(value), "FLOAT_CONST"
        else:
            word, name = value & ((1 << 64) - 1), "INT64_CONST"
        key = (kind, word)
        if key not in self.constants:
            slot = self.constants[key] = self.fresh()
            self.prologue.append(UOp(name, slot, word, self.target))
        return self.constants[key]

    def snapshot(self, stack: list[Item]) -> Snapshot | None:
        """Tier 1's view with `stack` as the (innermost frame's) value stack;
        None when it and the callers' are the native ones."""
        if not self.locals and not any(self.passed) and all(
                item.kind is REAL for items in (*self.callers, stack) for item in items):
            return None
        keep: list = []
        entries, real = _entries(stack, keep)
        callers = tuple(_entries(items, keep) for items in self.callers)
        stale = self.stale
        # Arguments passed unboxed, into their inlined frames' slots (the
        # frame's level, 1 for the outermost callee, above bit 32).
        for level, passed in enumerate(self.passed, 1):
            for local, item in passed.items():
                (entry,), _ = _entries([item], keep)
                stale += ((local | level << 32, *entry),)
        return Snapshot(entries, real, stale, tuple(keep), self.live, callers)

    def emit(self, uop: UOp, inputs: int = 0, output: int | None = None) -> None:
        """Emit `uop`, whose `inputs` real inputs are the top stack items now,
        with the snapshots its exit and error need."""
        definition = self.defs[uop.name]
        if definition.is_guard or definition.can_error:
            stack = self.stack
            below = stack[:len(stack) - inputs]
            if not all(item.kind is REAL for item in stack[len(below):]):
                # The inputs are the top real items, under unboxed ones: the
                # uop must not consume them on its way out.
                assert not (definition.can_error or definition.exit_pops), uop
                below = None
            exit_snapshot = error_snapshot = None
            if definition.is_guard:
                exit_snapshot = self.snapshot(below if definition.exit_pops else stack)
            if definition.can_error:
                error_snapshot = self.snapshot(below)
            if exit_snapshot is not None or error_snapshot is not None:
                uop = UOp(*uop[:6], (exit_snapshot, error_snapshot))
        self.body.append(uop)
        self.last_output = output

    # ---- moving values between boxed and unboxed ----------------------------

    def unboxable(self, position: int, kind: BoxKind, mixing: bool = False) -> bool:
        """Whether stack item `position` can be had as `kind` (INT or FLOAT):
        exactly that type, or with `mixing` an int as a float.  A REAL item
        of unknown type is checked by the uop that unboxes it."""
        item = self.stack[position]
        wanted = {TYPE_OF_KIND[kind]}
        if mixing and kind is FLOAT:
            wanted.add(int)
        if item.kind is REAL:
            return item.exact is None or item.exact in wanted
        if item.kind is OBJECT:
            return type(item.const) in wanted and _fits(item.const)
        return item.exact in wanted

    def unboxed(self, position: int, kind: BoxKind, target: int) -> int:
        """The scratch slot holding stack item `position` as `kind` (see
        `unboxable`), unboxing or converting it as needed."""
        item = self.stack[position]
        if item.kind is OBJECT:
            return self.constant(kind, item.const)
        if item.kind is REAL:
            index = len(self.stack) + position
            if any(above.kind is REAL for above in self.stack[index + 1:]):
                raise GiveUp("unboxing below a boxed item")
            own = INT if item.exact is int else kind
            slot = self.fresh()
            if index == len(self.stack) - 1 and self.body and \
                    self.body[-1].name == "LIST_GET_INT64":
                # The item the list subscript just pushed: its value straight
                # from the list, which leaves as the subscript does otherwise.
                get = self.body.pop()
                self.body.append(get._replace(
                    name="LIST_GET_INT" if own is INT else "LIST_GET_FLOAT",
                    operand=slots(slot, get.operand & 0xFFFF)))
                self.last_output = slot
            else:
                self.emit(UOp("INT64_UNBOX" if own is INT else "FLOAT_UNBOX", slot, 0,
                              target), inputs=1)
            item = self.stack[position] = Item(own, slot)
        if item.kind is kind:
            return item.slot
        converted = self.fresh()
        self.emit(UOp("INT64_TO_FLOAT", 0, slots(converted, item.slot), target))
        return converted

    def boxed(self, count: int, target: int) -> None:
        """Make the top `count` stack items boxed objects on the native stack."""
        region = self.stack[len(self.stack) - count:]
        if all(item.kind is REAL for item in region):
            return
        first = next(index for index, item in enumerate(region) if item.kind is not REAL)
        if all(item.kind is not REAL for item in region[first:]):
            # Unboxed items only above the objects: box them one by one, in order.
            for position in range(len(self.stack) - count + first, len(self.stack)):
                item = self.stack[position]
                self.push_box(item, target)
                self.stack[position] = Item(REAL, type=item.exact)
            return
        if first == count - 2 and region[-1].kind is REAL:
            # One unboxed item, directly under the top object (a swapped
            # value under its owner or list): boxed on top, swapped under it.
            self.box_top_of(-2, target)
            return
        layout = self.snapshot(region)
        real = layout.real
        words = ffi.new("int64_t[]", Snapshot(layout.stack, real).encode())
        uop = UOp("MATERIALIZE", real | count << 8, int(ffi.cast("uintptr_t", words)), target,
                  keep=(words, layout.keep))
        self.stack[len(self.stack) - count:] = region  # (unchanged: for the error snapshot)
        below = self.stack[:len(self.stack) - count]
        error_snapshot = self.snapshot(below)
        self.body.append(uop if error_snapshot is None
                         else uop._replace(snapshots=(None, error_snapshot)))
        self.last_output = None
        self.stack[len(below):] = [Item(REAL, type=item.exact) for item in region]

    def box_top_of(self, position: int, target: int) -> None:
        """Box unboxed item `position`, the only unboxed one above the topmost
        object and directly under it: pushed, then swapped into place."""
        item = self.stack[position]
        self.push_box(item, target)
        self.emit(UOp("SWAP", 2, 0, target))
        self.stack[position] = Item(REAL, type=item.exact)

    def object_local(self, item: Item) -> int | None:
        """A local of the current frame that holds unboxed `item`'s value as
        an object already (boxing it again would make another object)."""
        if item.kind is not OBJECT and not self.callers:
            # A local the loop never stores: its object is still in localsplus.
            local = next((local for local, (_, slot) in self.locals.items()
                          if slot == item.slot and local not in self.stored), None)
            if local is not None:
                return local
        return self.holder(item)

    def push_box(self, item: Item, target: int) -> None:
        """Emit the uop pushing unboxed `item` as an object."""
        if (local := self.object_local(item)) is not None:  # (that object: no new box)
            self.emit(UOp("LOAD_FAST", local, 0, target))
        elif item.kind is OBJECT:
            self.emit(UOp("LOAD_CONST", 0, id(item.const), target, keep=item.const))
        elif item.kind is BOOL:
            self.emit(UOp("BOOL_BOX", 0, slots(item.slot), target))
        else:
            name = "INT64_BOX" if item.kind is INT else "FLOAT_BOX"
            self.emit(UOp(name, item.slot, 0, target))

    def frame_values(self) -> dict[int, Item]:
        """The current frame's boxed locals whose unboxed values are known
        (local -> item): an inlined call's arguments, or the trace frame's
        forwarded stores."""
        return self.arguments[-1] if self.callers else self.forwarded

    def holder(self, item: Item) -> int | None:
        """A local of the current frame whose object is unboxed `item`'s
        value (stored from it, or an argument passed boxed), if any."""
        unbound = self.passed[-1] if self.callers else {}
        return next((local for local, value in self.frame_values().items()
                     if value == item and local not in unbound), None)

    def store_slot(self, slot: int, kind: BoxKind, target: int) -> None:
        """Pop the top item into unboxed local slot `slot`."""
        item = self.stack[-1]
        # Items still holding the local's old value keep it in a slot of their own.
        for index, other in enumerate(self.stack[:-1]):
            if other.kind is kind and other.slot == slot:
                copy = self.fresh()
                self.emit(UOp("INT64_COPY" if kind is INT else "FLOAT_COPY", 0,
                              slots(copy, slot), target))
                self.stack[index] = Item(kind, copy)
        if item.kind is OBJECT:
            self.emit(UOp("INT64_CONST" if kind is INT else "FLOAT_CONST", slot,
                          item.const & ((1 << 64) - 1) if kind is INT
                          else _float_bits(item.const), target))
        elif item.kind is REAL:
            self.emit(UOp("INT64_UNBOX" if kind is INT else "FLOAT_UNBOX", slot, 0,
                          target), inputs=1)
        elif item.slot != slot:
            last = self.body[-1] if self.body else None
            temporary = item.slot not in (s for _, s in self.locals.values()) and \
                item.slot not in self.constants.values()
            if (temporary and self.last_output == item.slot
                    and not any(other.slot == item.slot for other in self.stack[:-1])):
                # Retarget the uop that made the value.
                self.body[-1] = last._replace(operand=(last.operand & ~0xFFFF) | slot)
            else:
                self.emit(UOp("INT64_COPY" if kind is INT else "FLOAT_COPY", 0,
                              slots(slot, item.slot), target))
        self.stack.pop()
        self.last_output = None

    # ---- the body --------------------------------------------------------------

    def binary(self, name: str, kind: BoxKind, uop: UOp, result: BoxKind) -> None:
        """`name` on the top two items as `kind`, into a fresh slot of `result`
        (in its cheaper form by a constant power of two, if it has one; the
        stack keeps the divisor itself, for the snapshots)."""
        divisor = self.stack[-1]
        if name in POWER_OF_TWO_FORMS and divisor.kind is OBJECT and \
                type(divisor.const) is int and divisor.const > 0 and \
                not divisor.const & (divisor.const - 1):
            name, operand = POWER_OF_TWO_FORMS[name]
            rhs = self.constant(kind, operand(divisor.const.bit_length() - 1))
        else:
            rhs = self.unboxed(-1, kind, uop.target)
        lhs = self.unboxed(-2, kind, uop.target)
        out = self.fresh()
        self.emit(UOp(name, uop.oparg if result is BOOL else 0, slots(out, lhs, rhs),
                      uop.target), output=out)
        del self.stack[-2:]
        self.stack.append(Item(result, out))

    def both(self, kind: BoxKind, mixing: bool = False) -> bool:
        return self.unboxable(-1, kind, mixing) and self.unboxable(-2, kind, mixing)

    def known_kind(self) -> BoxKind | None:
        """For generic uops: INT when both top items are known ints, FLOAT when
        both are known ints or floats and one at least a float."""
        types = {self.stack[-1].exact, self.stack[-2].exact}
        if not types <= {int, float}:
            return None
        kind = FLOAT if float in types else INT
        return kind if self.both(kind, mixing=True) else None

    def compare_kind(self, name: str) -> BoxKind | None:
        """The kind a compare can run unboxed as (ints with ints, floats with
        floats: an int and a float compare exactly, not as doubles)."""
        if name == "COMPARE_OP_INT":
            return INT if self.both(INT) else None
        if name == "COMPARE_OP_FLOAT":
            return FLOAT if self.both(FLOAT) else None
        types = {self.stack[-1].exact, self.stack[-2].exact}
        if len(types) == 1 and types <= {int, float}:
            kind = KIND_OF_TYPE[types.pop()]
            return kind if self.both(kind) else None
        return None

    def generic(self, uop: UOp, after: State | None) -> None:
        definition = self.defs[uop.name]
        inputs = definition.input_count(uop.oparg)
        self.boxed(inputs, uop.target)
        self.emit(uop, inputs)
        del self.stack[len(self.stack) - inputs:]
        outputs = definition.output_count(uop.oparg)
        known = after.stack[len(after.stack) - outputs:] if after is not None else ()
        for position in range(outputs):
            self.stack.append(Item(REAL, -1, None, known[position].type if known else None))

    def run(self) -> list[UOp]:
        uops, states = self.uops, self.states
        wide = self.trace.wide_offsets
        index = self.top
        while index < len(uops) - 1:
            uop = uops[index]
            after = states[index + 1]
            handler = None if uop.target in wide and uop.name in _KEPT_WIDE \
                else _HANDLERS.get(uop.name)
            consumed = handler(self, uop, index, after) if handler is not None else 0
            if not consumed:
                self.generic(uop, after)
                consumed = 1
            if after is not None and len(after.stack) == len(self.stack):
                self.learn_types(after)
            index += consumed
        back = uops[-1]
        if back.name == "EXIT_TRACE":  # a straight trace: Tier 1's objects at its end
            self.boxed(len(self.stack), back.target)
            self.emit(back)
            return [*self.prologue, *self.body]
        if any(item.kind is not REAL for item in self.stack) or (
                self.root is None and len(self.stack) != self.trace.entry_depth):
            raise GiveUp("the loop top's stack is not the entry's")
        if self.root is not None:
            # On into the root's loop body, the root's locals in their slots
            # (or, with none, to its top as recorded).
            if self.locals and self.root.range_guard is not None:
                self.emit(self.root.range_guard._replace(target=back.target))
            self.emit(back._replace(name="JUMP_TO_BODY") if self.locals else back)
            return [*self.prologue, *self.body]
        self.prologue[:0] = [
            UOp("UNBOX_LOCAL_INT64" if kind is INT else "UNBOX_LOCAL_FLOAT", local,
                slots(slot), self.target) for local, (kind, slot) in self.locals.items()]
        start = self.top + len(self.prologue)
        self.emit(back._replace(jump=start))
        return [*uops[:self.top], *self.prologue, *self.body]

    # ---- the body, uop by uop --------------------------------------------------
    # Each handler rewrites the uop at `index` (the state after it: `after`)
    # and says how many uops it took (2: fused with the next one), or 0 for
    # `generic` to emit it as it is.

    def learn_types(self, after: State) -> None:
        """Objects of unknown type on the stack get the types the types pass
        knows of them (`after`: as deep as the stack)."""
        stack = self.stack
        for position, known in enumerate(after.stack):
            item = stack[position]
            if item.kind is REAL and item.type in _UNTYPED and \
                    known.type is not item.type:
                stack[position] = Item(REAL, item.slot, item.const, known.type)

    def on_inline_guard(self, uop: UOp, index: int, after: State | None) -> int:
        # (Should it box the arguments, INLINE_CALL, next, sees objects.)
        self.call_arguments = self.unboxed_arguments(uop.oparg)
        self.call_inputs(uop, after)
        return 1

    def on_inline_call(self, uop: UOp, index: int, after: State | None) -> int:
        if self.uops[index - 1].name not in _INLINE_GUARD_NAMES:
            self.call_arguments = self.unboxed_arguments(uop.oparg)
        arguments = self.call_arguments
        first = self_first(uop.operand)  # a self is local 0
        passed = self.call_inputs(uop, after)
        self.callers.append(self.stack)
        self.arguments.append({first + position: item for position, item in arguments.items()})
        self.passed.append({first + position: item for position, item
                            in arguments.items() if position >= uop.oparg - passed})
        self.stack = []
        return 1

    def on_inline_return(self, uop: UOp, index: int, after: State | None) -> int:
        returned = self.stack[-1]
        if returned.kind is REAL:
            self.emit(uop, 1)
        else:
            # The value stays unboxed: INLINE_RETURN returns None, which the
            # caller drops at once.
            self.emit(UOp("LOAD_CONST", 0, id(None), uop.target, keep=None))
            self.emit(uop)
            self.emit(UOp("POP_TOP", 0, 0, uop.target))
        self.stack = [*self.callers.pop(), returned]
        self.arguments.pop()
        self.passed.pop()
        return 1

    def on_load_fast(self, uop: UOp, index: int, after: State | None) -> int:
        if not self.callers and uop.oparg in self.locals:
            kind, slot = self.locals[uop.oparg]
            self.stack.append(Item(kind, slot))
        elif uop.oparg in self.frame_values():
            self.stack.append(self.frame_values()[uop.oparg])
        else:
            return 0
        return 1

    def on_store_fast(self, uop: UOp, index: int, after: State | None) -> int:
        if not self.callers and uop.oparg in self.locals:
            kind, slot = self.locals[uop.oparg]
            self.store_slot(slot, kind, uop.target)
            return 1
        # A boxed local: the object is stored; a number's unboxed value is
        # what later loads of the local take (no unboxing again).
        values = self.frame_values()
        values.pop(uop.oparg, None)
        if self.callers:
            self.passed[-1].pop(uop.oparg, None)  # (its slot's value is an object now)
        item = self.stack[-1]
        self.generic(uop, after)
        # (not a slot an unboxed local's store overwrites later)
        if item.slot >= 0 and all(item.slot != slot for _, slot in self.locals.values()):
            if item.kind in (INT, FLOAT):
                values[uop.oparg] = item
            elif item.kind is REAL:  # a box of a value still in its slot
                values[uop.oparg] = Item(KIND_OF_TYPE[item.exact], item.slot)
        return 1

    def on_make_cell(self, uop: UOp, index: int, after: State | None) -> int:
        """MAKE_CELL puts the local's object in a new cell: an argument passed
        unboxed (its slot left unbound) is boxed into its slot first (or the
        cell was made empty); from then on the local is the cell."""
        if self.callers and uop.oparg in self.passed[-1]:
            self.stack.append(self.passed[-1][uop.oparg])
            self.on_store_fast(UOp("STORE_FAST", uop.oparg, 0, uop.target), index, None)
        self.frame_values().pop(uop.oparg, None)
        self.generic(uop, after)
        return 1

    def on_load_const(self, uop: UOp, index: int, after: State | None) -> int:
        if id(uop.keep) in _ON_VALUES and self.stack and self.stack[-1].const is NULL:
            # (the function of a call on a value: see on_push_null)
            self.stack.append(Item(OBJECT, const=uop.keep))
            return 1
        if type(uop.keep) not in (int, float) or not _fits(uop.keep):
            return 0
        self.stack.append(Item(OBJECT, const=uop.keep))
        return 1

    def on_push_null(self, uop: UOp, index: int, after: State | None) -> int:
        """The NULL and the function of a call that will run on a value
        (FLOAT_MATH, INT64_ABS, FLOAT_ABS, INT64_LEN) are never pushed:
        constants, boxed only if an exit needs them (the same objects)."""
        if not self.runs_on_value(index):
            return 0
        self.stack.append(Item(OBJECT, const=NULL))
        return 1

    def runs_on_value(self, index: int) -> bool:
        """Whether PUSH_NULL `index` starts `math_function(number)`,
        `abs(number)` or `len(sized)`: the function a constant next, then the
        argument's uops (no calls), then CALL_BUILTIN_O of that function with
        an int or float the types pass knows on top, or CALL_LEN with an
        object of a type INT64_LEN reads."""
        uops, states = self.uops, self.states
        function = uops[index + 1] if index + 1 < len(uops) else None
        if function is None or function.name != "LOAD_CONST" or \
                id(function.keep) not in _ON_VALUES or states[index] is None:
            return False
        depth = len(states[index].stack) + 3
        for position in range(index + 2, len(uops)):
            uop, state = uops[position], states[position]
            if state is None or uop.name in _ENDS_LOOK_AHEAD:
                return False
            if uop.name == "CALL_BUILTIN_O" and len(state.stack) == depth:
                return uop.keep is function.keep and state.stack[-1].type in (int, float)
            if uop.name == "CALL_LEN" and len(state.stack) == depth:
                return function.keep is len and state.stack[-1].type in KNOWN_LENGTHS
        return False

    def on_guard_both(self, uop: UOp, index: int, after: State | None) -> int:
        kind, consumers = GUARDED[uop.name]
        # The consumer unboxes its operands, checking their types.
        return self.uops[index + 1].name in consumers and self.both(kind)

    def on_typed_int(self, uop: UOp, index: int, after: State | None) -> int:
        if not self.both(INT):
            return 0
        self.binary(TYPED_INT[uop.name], INT, uop, INT)
        return 1

    def on_typed_float(self, uop: UOp, index: int, after: State | None) -> int:
        if not self.both(FLOAT):
            return 0
        self.binary(TYPED_FLOAT[uop.name], FLOAT, uop, FLOAT)
        return 1

    def on_compare(self, uop: UOp, index: int, after: State | None) -> int:
        kind = self.compare_kind(uop.name)
        if kind is None:
            return 0
        self.binary("INT64_COMPARE" if kind is INT else "FLOAT_COMPARE", kind, uop,
                    BOOL)
        return 1

    def on_binary_op(self, uop: UOp, index: int, after: State | None) -> int:
        kind = self.known_kind()
        table = FLOAT_BINARY if kind is FLOAT else INT_BINARY
        if kind is None or uop.oparg not in table:
            return 0
        self.binary(table[uop.oparg], kind, uop, kind)
        return 1

    def on_unary_negative(self, uop: UOp, index: int, after: State | None) -> int:
        exact = self.stack[-1].exact
        if exact not in (int, float) or not self.unboxable(-1, KIND_OF_TYPE[exact]):
            return 0
        kind = KIND_OF_TYPE[exact]
        value = self.unboxed(-1, kind, uop.target)
        out = self.fresh()
        self.emit(UOp("INT64_NEGATE" if kind is INT else "FLOAT_NEGATE", 0,
                      slots(out, value), uop.target), output=out)
        self.stack[-1] = Item(kind, out)
        return 1

    def on_call_builtin(self, uop: UOp, index: int, after: State | None) -> int:
        """A math function of a known int or float (MATH_FUNCTIONS) runs on
        its double, abs of one on its int64 or double (INT64_ABS, FLOAT_ABS);
        the callable and the NULL under the argument go (the argument stays
        as it was for the exit, where Tier 1 makes the call)."""
        if uop.keep is abs:
            kind = KIND_OF_TYPE.get(self.stack[-1].exact)
            if kind not in (INT, FLOAT) or not self.unboxable(-1, kind):
                return 0
            argument = self.unboxed(-1, kind, uop.target)
            name, oparg = "INT64_ABS" if kind is INT else "FLOAT_ABS", 0
        else:
            function = _MATH_INDEX.get(id(uop.keep))
            if function is None or self.stack[-1].exact not in (int, float) \
                    or not self.unboxable(-1, FLOAT, mixing=True):
                return 0
            argument = self.unboxed(-1, FLOAT, uop.target)
            kind, name, oparg = FLOAT, "FLOAT_MATH", function
        out = self.fresh()
        self.emit(UOp(name, oparg, slots(out, argument), uop.target), output=out)
        del self.stack[-1]  # (the argument: unboxed, not on the native stack)
        self.drop_callable(uop.target)
        self.stack.append(Item(kind, out))
        return 1

    def on_call_len(self, uop: UOp, index: int, after: State | None) -> int:
        """len() of an object the types pass knows to be a list, tuple,
        bytes, dict, set, frozenset or str: INT64_LEN, its length unboxed
        (the object released; the callable and the NULL under it go as for a
        math call)."""
        top = self.stack[-1]
        if top.kind is not REAL or top.type not in KNOWN_LENGTHS \
                or self.stack[-2].const is not len:
            return 0
        out = self.fresh()
        self.emit(UOp("INT64_LEN", 0, slots(out), uop.target), inputs=1, output=out)
        del self.stack[-1]
        self.drop_callable(uop.target)
        self.stack.append(Item(INT, out))
        return 1

    def drop_callable(self, target: int) -> None:
        """The NULL and the function under a call's argument, which ran on
        its value, gone (popped where they are on the native stack)."""
        for item in (self.stack[-1], self.stack[-2]):  # (on the native stack, in that order)
            if item.kind is REAL:
                self.emit(UOp("POP_TOP", 0, 0, target), inputs=1)
        del self.stack[-2:]

    def list_index(self) -> bool:
        """Whether the top item, under a list, is an index to take unboxed."""
        return (self.stack[-1].kind in INDEXES and self.stack[-2].kind is REAL
                and self.unboxable(-1, INT))

    def on_subscript_list(self, uop: UOp, index: int, after: State | None) -> int:
        if not self.list_index():
            return 0
        key = self.unboxed(-1, INT, uop.target)
        self.emit(UOp("LIST_GET_INT64", 0, slots(key), uop.target), inputs=1)
        del self.stack[-2:]
        self.stack.append(Item(REAL))
        kind = self.taken_as(index)
        if kind is not None:
            # (a LIST_GET_INT / _FLOAT: checked as it is loaded, no reference taken)
            self.unboxed(-1, kind, uop.target)
        return 1

    def taken_as(self, index: int) -> BoxKind | None:
        """INT or FLOAT when the item uop `index` pushes is next used as an
        operand of an int or float operation (a GUARD_BOTH_INT / _FLOAT and
        its consumer), no uop in between touching it (`a[0] += dt * a[3]`
        loads a[0] first); else None."""
        uops, states = self.uops, self.states
        if states[index + 1] is None:
            return None
        below = len(states[index + 1].stack) - 1  # (the items under it)
        for position in range(index + 1, len(uops) - 1):
            uop, state = uops[position], states[position]
            if state is None or uop.name in _ENDS_LOOK_AHEAD:
                return None
            if len(state.stack) - self.defs[uop.name].input_count(uop.oparg) <= below:
                guarded = GUARDED.get(uop.name)
                return guarded[0] if guarded and uops[position + 1].name in guarded[1] else None
        return None

    def on_load_attribute(self, uop: UOp, index: int, after: State | None) -> int:
        """LOAD_ATTR_INSTANCE_VALUE(_LOCAL) of an attribute taken as an int
        or a float (see taken_as): LOAD_ATTR_INT / _FLOAT(_LOCAL), its value
        unboxed as it is loaded."""
        kind = self.taken_as(index)
        local = uop.name == "LOAD_ATTR_INSTANCE_VALUE_LOCAL"
        if kind is None or not (local or self.stack[-1].kind is REAL):
            return 0
        out = self.fresh()
        self.emit(UOp(LOADED_AS[kind][local], uop.oparg, slots(out, uop.operand), uop.target),
                  inputs=0 if local else 1, output=out)
        if not local:
            del self.stack[-1]
        self.stack.append(Item(kind, out))
        return 1

    def on_store_subscript_list(self, uop: UOp, index: int, after: State | None) -> int:
        if not self.list_index():
            return 0
        key = self.unboxed(-1, INT, uop.target)
        value = self.stack[-3]
        if value.kind in STORED_IN_PLACE and self.object_local(value) is None:
            # (boxed by the uop, into the old item when nothing else holds it)
            self.emit(UOp(STORED_IN_PLACE[value.kind][0], 0, slots(key, value.slot), uop.target),
                      inputs=3)
        else:
            if value.kind is not REAL:
                # value, list -- the value boxed on top, then swapped under
                self.box_top_of(-3, uop.target)
            self.emit(UOp("LIST_SET_INT64", 0, slots(key), uop.target), inputs=2)
        del self.stack[-3:]
        return 1

    def on_store_attribute(self, uop: UOp, index: int, after: State | None) -> int:
        """STORE_ATTR_INSTANCE_VALUE of an unboxed int or float: STORE_ATTR_INT
        or _FLOAT (boxed by the uop, into the old value when nothing else
        holds it; the value's slot, then the attribute's index)."""
        value, owner = self.stack[-2:]
        if value.kind not in STORED_IN_PLACE or owner.kind is not REAL or \
                self.object_local(value) is not None:
            return 0
        self.emit(UOp(STORED_IN_PLACE[value.kind][1], 0, slots(value.slot, uop.operand),
                      uop.target), inputs=2)
        del self.stack[-2:]
        return 1

    def on_store_local_attribute(self, uop: UOp, index: int, after: State | None) -> int:
        """STORE_ATTR_INSTANCE_VALUE_LOCAL likewise: STORE_ATTR_INT_LOCAL or
        _FLOAT_LOCAL."""
        value = self.stack[-1]
        if value.kind not in STORED_IN_PLACE or self.object_local(value) is not None:
            return 0
        self.emit(UOp(STORED_IN_PLACE[value.kind][2], uop.oparg, slots(value.slot, uop.operand),
                      uop.target), inputs=1)
        del self.stack[-1]
        return 1

    def on_build_slice(self, uop: UOp, index: int, after: State | None) -> int:
        return 2 if self.slice(uop, self.uops[index + 1]) else 0  # (the subscript: fused)

    def on_to_bool(self, uop: UOp, index: int, after: State | None) -> int:
        if self.stack[-1].kind is BOOL:
            return 1  # (a flag is its own truth)
        if self.stack[-1].kind is INT and self.uops[index + 1].name in FLAG_GUARDS:
            # An unboxed int's truth is its slot's: the flag guard tests the
            # slot itself (a BOOL slot is true when nonzero, see BOOL_BOX).
            # (An int object is not unboxed for this: one past int64 would
            # leave at each test; TO_BOOL_PLAIN tests it.)
            self.stack[-1] = Item(BOOL, self.stack[-1].slot)
            return 1
        return 0

    def on_guard_flag(self, uop: UOp, index: int, after: State | None) -> int:
        if self.stack[-1].kind is not BOOL:
            return 0
        flag = self.stack.pop()
        guard = "GUARD_SLOT_TRUE" if uop.name == "GUARD_IS_TRUE_POP" else "GUARD_SLOT_FALSE"
        # The exit resumes the other way, the flag popped.
        self.emit(UOp(guard, 0, slots(flag.slot), uop.target))
        return 1

    def on_pop_top(self, uop: UOp, index: int, after: State | None) -> int:
        if self.stack[-1].kind is REAL:
            return 0
        self.stack.pop()
        return 1

    def on_copy(self, uop: UOp, index: int, after: State | None) -> int:
        item = self.stack[-1]
        if uop.oparg == 1 and item.kind in (INT, FLOAT) and self.boxes_next(index + 1):
            # `a.x = x = value`: the copy is to be boxed next, so the value is
            # boxed once, and both copies are that object (as under CPython).
            self.push_box(item, uop.target)
            # (the object, which remembers the slot that still holds its value)
            self.stack[-1] = Item(REAL, item.slot, type=item.exact)
        if self.stack[-uop.oparg].kind is REAL:
            distance = sum(item.kind is REAL for item in self.stack[-uop.oparg:])
            self.emit(UOp("COPY", distance, 0, uop.target))
        self.stack.append(self.stack[-uop.oparg])
        return 1

    def boxes_next(self, index: int) -> bool:
        """Whether uop `index` (past guards on locals) takes the top item as
        an object: stores it in an attribute or in a local kept boxed."""
        while index < len(self.uops) and self.uops[index].name in _LOCAL_GUARDS:
            index += 1
        following = self.uops[index] if index < len(self.uops) else None
        if following is None:
            return False
        if following.name == "STORE_FAST":
            return bool(self.callers) or following.oparg not in self.locals
        return following.name.startswith("STORE_ATTR")

    def on_swap(self, uop: UOp, index: int, after: State | None) -> int:
        self.swap(uop)
        return 1

    def on_for_iter(self, uop: UOp, index: int, after: State | None) -> int:
        exhausted = self.uops[index + 1]
        if (exhausted.name != "GUARD_NOT_EXHAUSTED" or self.stack[-1].kind is not REAL
                or self.stack[-1].exact is not RANGE_ITERATOR):
            return 0
        out = self.fresh()
        self.emit(UOp("RANGE_ITER_NEXT", 0, slots(out), exhausted.target), inputs=1, output=out)
        self.stack.append(Item(INT, out))
        return 2  # GUARD_NOT_EXHAUSTED: in RANGE_ITER_NEXT

    def slice(self, build: UOp, subscript: UOp) -> bool:
        """BUILD_SLICE `build` and the BINARY_SUBSCR / STORE_SUBSCR after it
        as one LIST_SLICE / LIST_STORE_SLICE on a list, with no slice object,
        when the bounds are ints (unboxed, constants or objects) or None and
        the step 1 or -1 (1 for a store); a GUARD_SLICE_OPERANDS checks what
        is not known.  Whether it made them.  (fannkuch's
        `flipped[:first + 1] = flipped[first::-1]` made two slice objects.)"""
        count = 2 if build.name == "BUILD_SLICE_2" else 3
        store = subscript.name == "STORE_SUBSCR"
        if subscript.name not in ("BINARY_SUBSCR", "STORE_SUBSCR") or \
                len(self.stack) < count + 1 + store:
            return False
        bounds = self.stack[len(self.stack) - count:]
        objects = self.stack[len(self.stack) - count - 1 - store:len(self.stack) - count]
        step = 1
        if count == 3:
            given = bounds[2]
            if given.kind is OBJECT and type(given.const) is int and \
                    given.const in (1, -1):
                step = given.const
            elif not (given.kind is REAL and given.exact is NONE_TYPE):
                return False
        if any(item.kind is not REAL for item in objects) or (store and step != 1) or \
                not all(item.kind is REAL or
                        (item.kind in INDEXES and self.unboxable(which - count, INT))
                        for which, item in enumerate(bounds[:2])):
            return False
        on_stack = [item for item in bounds if item.kind is REAL]
        if objects[-1].exact not in (list, None) or (
                objects[-1].exact is None and build.oparg != SLICED_LIST):
            return False  # (not a list, or not one the recording saw)
        if objects[-1].exact is not list or \
                any(item.exact not in (NONE_TYPE, int) for item in on_stack):
            self.emit(UOP_GUARD_SLICE._replace(oparg=len(on_stack), target=build.target))
        in_slots = [item.kind is not REAL for item in bounds[:2]]
        found = [self.unboxed(which - count, INT, build.target) if in_slots[which]
                 else 0 for which in range(2)]
        oparg = in_slots[0] | in_slots[1] << 1 | (step < 0) << 2 | len(on_stack) << 4
        fused = UOp("LIST_STORE_SLICE" if store else "LIST_SLICE", oparg, slots(*found),
                    subscript.target)
        below = self.stack[:len(self.stack) - count - 1 - store]
        error_snapshot = self.snapshot(below)
        self.body.append(fused if error_snapshot is None
                         else fused._replace(snapshots=(None, error_snapshot)))
        self.last_output = None
        del self.stack[len(below):]
        if not store:
            self.stack.append(Item(REAL, type=list))
        return True

    def call_inputs(self, uop: UOp, after: State | None) -> int:
        """Emit GUARD_INLINE_* or INLINE_CALL `uop` (popping INLINE_CALL's
        inputs); how many of its last arguments stay unboxed: those after
        the last object, when every argument before them is one (else it
        boxes them all).  Neither uop reads them: their count comes off the
        oparg, and INLINE_CALL leaves their slots unbound."""
        count = uop.oparg
        arguments = self.stack[len(self.stack) - count:]
        passed = 0
        while passed < count and arguments[count - 1 - passed].kind is not REAL:
            passed += 1
        below = self.stack[len(self.stack) - count - 2:len(self.stack) - passed]
        if not passed or any(item.kind is not REAL for item in below):
            self.generic(uop, after)
            return 0
        self.emit(uop._replace(oparg=count - passed), len(below))
        if uop.name == "INLINE_CALL":
            del self.stack[len(self.stack) - count - 2:]
        return passed

    def unboxed_arguments(self, count: int) -> dict[int, Item]:
        """The top `count` items (a call's arguments) that are not objects, by
        position."""
        return {position: item
                for position, item in enumerate(self.stack[len(self.stack) - count:])
                if item.kind is not REAL}

    def swap(self, uop: UOp) -> None:
        top, other = self.stack[-1], self.stack[-uop.oparg]
        between = self.stack[1 - uop.oparg:-1]
        if top.kind is REAL and other.kind is REAL:
            distance = sum(item.kind is REAL for item in self.stack[-uop.oparg:])
            self.emit(UOp("SWAP", distance, 0, uop.target))
        elif (top.kind is REAL or other.kind is REAL) and any(
                item.kind is REAL for item in between):
            # The object would pass others on the native stack: box them all.
            self.boxed(uop.oparg, uop.target)
            self.emit(UOp("SWAP", uop.oparg, 0, uop.target))
            top, other = self.stack[-1], self.stack[-uop.oparg]
        # (else the native stack's objects keep their order: nothing to emit)
        self.stack[-1], self.stack[-uop.oparg] = other, top


# The uops of arithmetic and comparisons the recording saw take ints past
# int64 (TraceContext.wide_offsets): kept boxed, by `generic`.
_KEPT_WIDE = frozenset({"GUARD_BOTH_INT", *TYPED_INT, "COMPARE_OP", "COMPARE_OP_INT",
                        "BINARY_OP", "UNARY_NEGATIVE"})
# Per uop name: the _Unboxer method that rewrites it (else `generic`).
_HANDLERS: dict[str, Callable[[_Unboxer, UOp, int, State | None], int]] = {
    **dict.fromkeys(_INLINE_GUARD_NAMES, _Unboxer.on_inline_guard),
    "INLINE_CALL": _Unboxer.on_inline_call, "INLINE_RETURN": _Unboxer.on_inline_return,
    "LOAD_FAST": _Unboxer.on_load_fast, "LOAD_FAST_CHECKED": _Unboxer.on_load_fast,
    "STORE_FAST": _Unboxer.on_store_fast, "LOAD_CONST": _Unboxer.on_load_const,
    "MAKE_CELL": _Unboxer.on_make_cell,
    **dict.fromkeys(GUARDED, _Unboxer.on_guard_both),
    **dict.fromkeys(TYPED_INT, _Unboxer.on_typed_int),
    **dict.fromkeys(TYPED_FLOAT, _Unboxer.on_typed_float),
    **dict.fromkeys(("COMPARE_OP", "COMPARE_OP_INT", "COMPARE_OP_FLOAT"), _Unboxer.on_compare),
    "BINARY_OP": _Unboxer.on_binary_op, "UNARY_NEGATIVE": _Unboxer.on_unary_negative,
    "BINARY_SUBSCR_LIST_INT": _Unboxer.on_subscript_list,
    "STORE_SUBSCR_LIST_INT": _Unboxer.on_store_subscript_list,
    "LOAD_ATTR_INSTANCE_VALUE": _Unboxer.on_load_attribute,
    "LOAD_ATTR_INSTANCE_VALUE_LOCAL": _Unboxer.on_load_attribute,
    "STORE_ATTR_INSTANCE_VALUE": _Unboxer.on_store_attribute,
    "STORE_ATTR_INSTANCE_VALUE_LOCAL": _Unboxer.on_store_local_attribute,
    "BUILD_SLICE_2": _Unboxer.on_build_slice, "BUILD_SLICE_3": _Unboxer.on_build_slice,
    "TO_BOOL": _Unboxer.on_to_bool, "TO_BOOL_PLAIN": _Unboxer.on_to_bool,
    **dict.fromkeys(FLAG_GUARDS, _Unboxer.on_guard_flag),
    "POP_TOP": _Unboxer.on_pop_top, "COPY": _Unboxer.on_copy, "SWAP": _Unboxer.on_swap,
    "FOR_ITER_NEXT": _Unboxer.on_for_iter, "CALL_BUILTIN_O": _Unboxer.on_call_builtin,
    "CALL_LEN": _Unboxer.on_call_len,
    "PUSH_NULL": _Unboxer.on_push_null,
}


def _iterates_range(uops: list[UOp], top: int, trace: TraceContext) -> bool:
    """Whether the loop starts by FOR_ITER over the iterator on the stack's
    top, seen to be a range iterator."""
    return (uops[top].name == "FOR_ITER_NEXT" and uops[top + 1].name == "GUARD_NOT_EXHAUSTED"
            and trace.header_stack_types[-1:] == (RANGE_ITERATOR,))


def side_locals(uops: list[UOp], states: list[State | None], trace: TraceContext,
                root: RootLoop) -> dict[int, BoxKind]:
    """The root's unboxed locals, for a side trace that starts with them in
    their slots and stores nothing else in them (a value of unknown type is
    unboxed, checked); none otherwise (the side trace then ends at the root's
    top, which unboxes them again)."""
    entry = {(local, kind, slot) for local, (kind, slot) in root.locals.items()}
    if not root.locals or set(trace.entry_unboxed) != entry or \
            not trace.wide_locals.isdisjoint(root.locals):
        return {}
    for uop, state in zip(uops, states):
        if uop.name == "STORE_FAST" and uop.oparg in root.locals and state is not None:
            if uop.oparg not in root.stored:
                return {}  # the root relies on its object in localsplus
            stored = state.stack[-1].type
            if stored not in (UNKNOWN, ANY, TYPE_OF_KIND[root.locals[uop.oparg][0]]):
                return {}
    return {local: kind for local, (kind, _) in root.locals.items()}


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    if not analysable(uops):
        return uops
    top = 0 if straight(uops) else loop_top(uops)
    if top is None or any(uop.name in _UNBINDING for uop in uops[top:]):
        return uops
    if uops[-1].name == "EXIT_TRACE":
        if trace.entry_frames:
            return uops  # (a side trace that starts inside inlined calls)
        try:
            return _Unboxer(uops, infer(uops, trace), trace, 0, {}).run()
        except GiveUp:
            return uops
    if trace.side:
        if top != 0:
            return uops
        states = infer(uops, trace)
        root = root_loop(trace.root_uops)
        try:
            return _Unboxer(uops, states, trace, 0, side_locals(uops, states, trace, root),
                            root).run()
        except GiveUp:
            return uops
    if _iterates_range(uops, top, trace):
        # The range iterator's type is checked once, before the loop.
        guard = UOp("GUARD_TYPE", 0, id(RANGE_ITERATOR), uops[top].target, keep=RANGE_ITERATOR)
        uops = relink([*uops[:top], guard, *uops[top:]])
        top += 1
    states = infer(uops, trace)
    if states[top] is None:
        return uops
    try:
        locals_ = unboxed_locals(uops, states, top, trace.wide_locals)
        return _Unboxer(uops, states, trace, top, locals_).run()
    except GiveUp:
        return uops
