"""Type propagation and guard elimination.

Abstract interpretation of the trace over its value stack and the frame's
locals: a value whose exact type is known -- guarded (GUARD_BOTH_INT, ...),
or made by a uop whose result type is fixed (BINARY_OP_ADD_INT gives an int,
COMPARE_OP_* a bool, LOAD_CONST its constant's type) -- stays known
downstream, also in the local it was loaded from or stored to.  Guards that
can no longer fail are removed, LOAD_FAST_CHECKED of a local known bound
becomes LOAD_FAST, TO_BOOL of a bool goes, TO_BOOL and UNARY_NOT of a type
whose truth is plain C become their _PLAIN forms, which do not escape.

Types are exact (`type(x) is int`), never subclasses.  Knowledge meets at
jumps (the loop's back edge) and is iterated to a fixed point.  Locals of the
trace's frame change only by STORE_FAST, DELETE_FAST (after which the local
may be unbound), or an instruction Tier 1 runs (TIER1_OP: locals() ...),
after which nothing is known of them.
A class's version tag, once a GUARD_TYPE_VERSION (or ALLOC_INSTANCE) has
checked it, holds until a uop that may run Python code (ESCAPES; but not
TO_BOOL or UNARY_NOT of a type whose truth is plain C, a math function or
abs() of numbers, len() of a built-in container): checks of it up to there
go.  So does a global's binding a GUARD_GLOBAL checked (the namespaces
change only by stores, and the uops that store into a dict escape), so a
peeled loop's body checks none of the globals its preamble checked.  (No
other thread runs meanwhile: one waiting for the GIL sets the eval breaker,
and the loop's back edge then leaves for Tier 1.)
Inside an inlined call (INLINE_CALL ... INLINE_RETURN) the state is the
callee's frame -- its arguments' types become its first locals' -- and the
callers' stacks and locals wait in `callers` until it returns.  A side trace
that starts inside inlined calls starts knowing nothing of their frames.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import math
from types import BuiltinFunctionType, CellType
from typing import TYPE_CHECKING, Callable, Sequence

from interpreter.records import NamedTuple

from jit.optimizer import TraceContext, loop_top, relink, rewrite
from jit.uops import PLAIN_TRUTH, UOp, UopDef, load_uops, self_first, stacked_arguments

NAME = "types"
PURPOSE = "propagate exact types along the trace; remove guards that cannot fail"

# A NamedTuple's own __new__ is Python code, ~130 ns slower than the tuple's:
# `step` makes a State and a Value or two per uop.
_new = tuple.__new__

# What is known of one value.  A local may be unbound (the VM's NULL
# sentinel): UNKNOWN.  A bound value of unknown type: ANY.  Otherwise its
# exact type.
UNKNOWN = None
ANY = object

# The exact type of each typed uop's (single) output.
RESULT_TYPES: dict[str, type] = {
    **{f"BINARY_OP_{op}_INT": int for op in ("ADD", "SUBTRACT", "MULTIPLY", "AND", "OR", "XOR")},
    **{f"BINARY_OP_{op}_FLOAT": float
       for op in ("ADD", "SUBTRACT", "MULTIPLY", "TRUE_DIVIDE")},
    "COMPARE_OP_INT": bool, "COMPARE_OP_FLOAT": bool, "IS_OP": bool, "CONTAINS_OP": bool,
    "UNARY_NOT": bool, "TO_BOOL": bool, "UNARY_NOT_PLAIN": bool, "TO_BOOL_PLAIN": bool,
    "BOOL_BOX": bool, "CALL_LEN": int,  # (len() returns an exact int, or raises)
    "BUILD_TUPLE": tuple, "BUILD_LIST": list, "BUILD_SLICE_2": slice, "BUILD_SLICE_3": slice,
}
RANGE_ITERATOR = type(iter(range(0)))  # yields exact ints
RESULT_TYPES["CALL_RANGE_ITER"] = RANGE_ITERATOR
# Guards on the types of the top two stack items.
BOTH_GUARDS = {"GUARD_BOTH_INT": int, "GUARD_BOTH_FLOAT": float}


class Value(NamedTuple):
    """A stack item: what is known of its type, and the local it is an
    unchanged copy of (-1: none), so a guard on it informs the local too."""
    type: type | None
    local: int = -1


class State(NamedTuple):
    """What is known before a uop, of the frame it runs in."""
    stack: tuple[Value, ...]
    locals: tuple[type | None, ...]
    # The callers of the inlined calls it runs in (outermost first): each
    # one's stack (the call's inputs popped) and locals.
    callers: tuple[tuple[tuple[Value, ...], tuple[type | None, ...]], ...] = ()
    # (type, version tag) pairs a GUARD_TYPE_VERSION has checked since the
    # last uop that may run Python code (which may change a class), and the
    # GlobalCache addresses (operands) of the GUARD_GLOBALs checked since.
    versions: frozenset[tuple[type, int] | int] = frozenset()


def _meet_type(a: type | None, b: type | None) -> type | None:
    if a is b:
        return a
    return UNKNOWN if a is UNKNOWN or b is UNKNOWN else ANY


def _meet_frame(a_stack: tuple, a_locals: tuple, b_stack: tuple, b_locals: tuple
                ) -> tuple[tuple[Value, ...], tuple[type | None, ...]]:
    stack = tuple(Value(_meet_type(x.type, y.type), x.local if x.local == y.local else -1)
                  for x, y in zip(a_stack, b_stack))
    return stack, tuple(_meet_type(x, y) for x, y in zip(a_locals, b_locals))


def meet(a: State | None, b: State) -> State:
    if a is None:
        return b
    callers = tuple(_meet_frame(*x, *y) for x, y in zip(a.callers, b.callers))
    return State(*_meet_frame(a.stack, a.locals, b.stack, b.locals), callers,
                 a.versions & b.versions)


# BoxKind (jit/uops.py) of an unboxed local -> its type.
UNBOXED_TYPES = {1: int, 2: float}


def entry_state(trace: TraceContext) -> State:
    """What is known where the trace starts: of a side trace, the types of
    the locals its exit boxed from scratch slots; of one that starts inside
    inlined calls, nothing of their frames or their callers'."""
    locals_ = [UNKNOWN] * trace.nlocalsplus
    for local, kind, _ in trace.entry_unboxed:
        locals_[local] = UNBOXED_TYPES[kind]
    callers = []
    for frame, depth in trace.entry_frames:
        callers.append(((Value(ANY),) * depth, tuple(locals_)))
        locals_ = [UNKNOWN] * frame.locals
    return State((Value(ANY),) * trace.entry_depth, tuple(locals_), tuple(callers))


def analysable(uops: Sequence[UOp], entered: int = 0) -> bool:
    """Whether this pass (and those built on it) can reason about `uops`,
    which start inside `entered` inlined calls: not when they return from
    more inlined calls than they entered."""
    depth = entered
    for uop in uops:
        if uop.name == "INLINE_CALL":
            depth += 1
        elif uop.name == "INLINE_RETURN":
            depth -= 1
            if depth < 0:
                return False
    return True


def _enter(uop: UOp, stack: list[Value], locals_: list, callers: tuple
           ) -> tuple[list[Value], list, tuple]:
    """The callee's frame after INLINE_CALL `uop`: its arguments (a self
    first) are its first locals, the others unbound.  A bound method's self
    is not on the stack (nothing is known of it); the unbound form's and a
    new instance are."""
    frame = uop.keep
    inputs = uop.oparg + 2
    stacked = stacked_arguments(uop.operand)
    passed = stack[len(stack) - uop.oparg - stacked:]
    arguments = [ANY] * (self_first(uop.operand) and not stacked) + [
        ANY if value.type is UNKNOWN else value.type for value in passed]
    callers = (*callers, (tuple(stack[:len(stack) - inputs]), tuple(locals_)))
    return [], arguments + [UNKNOWN] * (frame.locals - len(arguments)), callers


def _refine(stack: list[Value], locals_: list, position: int, known: type) -> None:
    """Stack item `position` (negative, from the top) has type `known`."""
    value = stack[position]
    stack[position] = Value(known, value.local)
    if value.local >= 0:
        locals_[value.local] = known
        # Other unchanged copies of that local are the same object.
        for index, other in enumerate(stack):
            if other.local == value.local:
                stack[index] = Value(known, other.local)


if TYPE_CHECKING:  # (annotations only: typing's Callable cost the import ~80 us)
    Frame = tuple[tuple[Value, ...], tuple, tuple]  # a State's stack, locals and callers
    Stepper = Callable[[UOp, State], Frame | None]

class _Facts(NamedTuple):
    """What `step` needs of a uop's definition, by name."""
    escapes: bool           # it may run Python code
    # How many of its first inputs it names again as outputs (`iter -- iter`:
    # they stay as they are; -1: all of them, a guard's `callable,
    # args[oparg] -- callable, args[oparg]`).
    kept: int
    stepper: Stepper | None  # its own `step` (see _STEPS), if it has one
    # Otherwise, when its stack effect does not depend on oparg: how many
    # items it pops (past the kept ones) and the items it pushes.
    pops: int | None
    pushed: tuple[Value, ...]


_facts: dict[str, _Facts] = {}


def _learn_facts(definition: UopDef) -> _Facts:
    kept = 0
    for given, made in zip(definition.inputs, definition.outputs):
        if given != made or given.size is not None:
            break
        kept += 1
    pops, pushed = None, ()
    if definition.inputs == definition.outputs:
        kept, pops = -1, 0
    elif definition.fixed_inputs is not None:
        pops = definition.fixed_inputs - kept
        pushed = (Value(RESULT_TYPES.get(definition.name, ANY)),) * (
            definition.fixed_inputs + definition.fixed_effect - kept)
    facts = _facts[definition.name] = _Facts(definition.escapes, kept,
                                             _STEPS.get(definition.name), pops, pushed)
    return facts


def step(uop: UOp, state: State, definition: UopDef) -> State:
    """The state after `uop` (which did not exit)."""
    name = uop.name
    escapes, kept, stepper, pops, pushed = _facts.get(name) or _learn_facts(definition)
    if stepper is not None and (changed := stepper(uop, state)) is not None:
        stack, locals_, callers = changed
    else:
        stack, locals_, callers = state.stack, state.locals, state.callers
        if pops is None:
            pops, pushed = _effect(uop, definition, kept)
        if pops or pushed:
            stack = stack[:len(stack) - pops] + pushed
    versions = state.versions
    if escapes and _runs_python(uop, state.stack):
        versions = frozenset()
    elif name == "GUARD_TYPE_VERSION" and isinstance(state.stack[-1].type, type) \
            and state.stack[-1].type is not ANY:
        versions = versions | {(state.stack[-1].type, uop.operand)}
    elif name == "ALLOC_INSTANCE":  # (it checked the class's version too)
        versions = versions | {(uop.keep[1], int(uop.keep[0][0]))}
    elif name == "GUARD_GLOBAL":
        versions = versions | {uop.operand}
    elif stack is state.stack and locals_ is state.locals and callers is state.callers:
        return state  # (a guard that keeps its inputs, known already: no new state)
    return _new(State, (stack, locals_, callers, versions))


def _effect(uop: UOp, definition: UopDef, kept: int) -> tuple[int, tuple[Value, ...]]:
    """The items a uop whose stack effect depends on its oparg pops (past the
    `kept` ones), and those it pushes: of its result type, or unknown."""
    inputs = definition.input_count(uop.oparg)
    outputs = definition.output_count(uop.oparg)
    return inputs - kept, (Value(RESULT_TYPES.get(uop.name, ANY)),) * (outputs - kept)


# `step` for the uops that move values, learn their types or push values of
# their own types, by name: the stack, locals and callers after the uop, or
# None for the plain stack effect's (see _Facts).

def _step_const(uop: UOp, state: State) -> Frame:
    return (*state.stack, Value(type(uop.keep))), state.locals, state.callers


def _step_tier1(uop: UOp, state: State) -> Frame:
    pops, pushed = _effect(uop, load_uops()[uop.name], _facts[uop.name].kept)
    # Tier 1's handler may delete or rebind any local.
    stack = tuple(Value(v.type) for v in state.stack[:len(state.stack) - pops] + pushed)
    return stack, (UNKNOWN,) * len(state.locals), state.callers


def _step_load(uop: UOp, state: State) -> Frame:
    locals_ = state.locals
    known = locals_[uop.oparg]
    if known is UNKNOWN:  # it was bound, or the uop exited
        known = ANY
        locals_ = (*locals_[:uop.oparg], ANY, *locals_[uop.oparg + 1:])
    return (*state.stack, _new(Value, (known, uop.oparg))), locals_, state.callers


def _rebound(local: int, known: type | None, stack: tuple, state: State) -> Frame:
    """The frame after `local` is rebound to a value of type `known`
    (UNKNOWN: unbound, maybe), `stack` on the stack: the values loaded from
    it before are no longer linked to it (a guard on one says nothing of it)."""
    locals_ = state.locals
    stack = tuple(Value(v.type) if v.local == local else v for v in stack)
    return stack, (*locals_[:local], known, *locals_[local + 1:]), state.callers


def _step_store(uop: UOp, state: State) -> Frame:
    return _rebound(uop.oparg, state.stack[-1].type, state.stack[:-1], state)


def _step_delete(uop: UOp, state: State) -> Frame:
    return _rebound(uop.oparg, UNKNOWN, state.stack, state)


def _step_make_cell(uop: UOp, state: State) -> Frame:
    locals_ = state.locals
    return state.stack, (*locals_[:uop.oparg], CellType, *locals_[uop.oparg + 1:]), state.callers


def _step_copy(uop: UOp, state: State) -> Frame:
    return (*state.stack, state.stack[-uop.oparg]), state.locals, state.callers


def _step_method_unbound(uop: UOp, state: State) -> Frame:
    stack = state.stack
    return (*stack[:-1], Value(type(uop.keep)), stack[-1]), state.locals, state.callers


def _step_alloc_instance(uop: UOp, state: State) -> Frame:
    # the class in the callable's place becomes an instance of it
    stack = state.stack
    stack = (*stack[:len(stack) - uop.oparg - 1], Value(uop.keep[1]),
             *stack[len(stack) - uop.oparg:])
    return stack, state.locals, state.callers


def _step_get_iter(uop: UOp, state: State) -> Frame | None:
    """GET_ITER of a range iterator: the iterator itself."""
    return ((state.stack, state.locals, state.callers)
            if state.stack[-1].type is RANGE_ITERATOR else None)


def _step_guard_type(uop: UOp, state: State) -> Frame | None:
    return _step_lists(uop, state) if isinstance(uop.keep, type) else None


def _step_binary_op(uop: UOp, state: State) -> Frame | None:
    stack = state.stack
    result = _binary_result(uop.oparg, stack[-2].type, stack[-1].type)
    if not result:
        return None
    return (*stack[:-2], Value(result)), state.locals, state.callers


def _step_negative(uop: UOp, state: State) -> Frame | None:
    stack = state.stack
    if stack[-1].type not in (int, float):
        return None
    return (*stack[:-1], Value(stack[-1].type)), state.locals, state.callers


def _step_builtin_call(uop: UOp, state: State) -> Frame | None:
    if id(uop.keep) not in _FLOAT_BUILTINS:
        return None
    pops = load_uops()[uop.name].input_count(uop.oparg)
    return (*state.stack[:len(state.stack) - pops], Value(float)), state.locals, state.callers


def _step_for_iter(uop: UOp, state: State) -> Frame | None:
    if state.stack[-1].type is not RANGE_ITERATOR:
        return None
    # (or NULL, which GUARD_NOT_EXHAUSTED sends away)
    return (*state.stack, Value(int)), state.locals, state.callers


# Built-in functions that run no Python code when every argument is an exact
# int or float (a __float__, __index__ or __floor__ of another type would):
# the math module's, and abs.  By id: a trace's `keep` may be unhashable.
_NUMERIC_BUILTINS = frozenset(id(f) for f in (*vars(math).values(), abs)
                              if type(f) is BuiltinFunctionType)
_NUMBERS = (int, float)
# The math module's functions whose result, if any, is a float: a call
# guarded to be one of them (GUARD_CALLEE) pushes a float.
_FLOAT_BUILTINS = frozenset(id(getattr(math, name)) for name in (
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "copysign", "cos",
    "cosh", "degrees", "dist", "erf", "erfc", "exp", "exp2", "expm1", "fabs", "fmod", "fsum",
    "gamma", "hypot", "ldexp", "lgamma", "log", "log10", "log1p", "log2", "nextafter", "pow",
    "radians", "remainder", "sin", "sinh", "sqrt", "tan", "tanh", "ulp"))
# len() of these runs no Python code.
_SIZED = frozenset({str, bytes, list, tuple, dict, set, frozenset, range})


def _runs_python(uop: UOp, stack: tuple[Value, ...]) -> bool:
    """Whether ESCAPES `uop`, run on `stack`, may run Python code: not the
    truth of a type whose truth is plain C, a numeric built-in of numbers,
    len() of a built-in container, the next item of a range, the iterator of
    a range iterator."""
    name = uop.name
    if name in ("TO_BOOL", "UNARY_NOT"):
        return stack[-1].type not in PLAIN_TRUTH
    if name in ("CALL_BUILTIN_O", "CALL_BUILTIN_FAST"):
        count = uop.oparg & 0xFFFF
        return id(uop.keep) not in _NUMERIC_BUILTINS or not all(
            value.type in _NUMBERS for value in stack[len(stack) - count:])
    if name == "CALL_LEN":
        return stack[-1].type not in _SIZED
    if name in ("FOR_ITER_NEXT", "GET_ITER"):
        return stack[-1].type is not RANGE_ITERATOR
    return True


def _step_lists(uop: UOp, state: State) -> Frame:
    """`step` for the uops that change several items at once."""
    name = uop.name
    stack, locals_, callers = list(state.stack), list(state.locals), state.callers
    if name == "INLINE_CALL":
        stack, locals_, callers = _enter(uop, stack, locals_, callers)
    elif name == "INLINE_RETURN":
        returned = stack[-1].type
        (caller_stack, caller_locals), callers = callers[-1], callers[:-1]
        stack, locals_ = [*caller_stack, Value(returned)], list(caller_locals)
    elif name == "SWAP":
        stack[-1], stack[-uop.oparg] = stack[-uop.oparg], stack[-1]
    elif name in BOTH_GUARDS:
        _refine(stack, locals_, -1, BOTH_GUARDS[name])
        _refine(stack, locals_, -2, BOTH_GUARDS[name])
    else:  # GUARD_TYPE
        _refine(stack, locals_, -1, uop.keep)
    return tuple(stack), tuple(locals_), callers


# NB_* codes (in-place forms alike) whose result on exact ints is an exact int,
# and on exact floats (or an int and a float) an exact float.
_INT_RESULTS = {0, 1, 2, 3, 5, 6, 7, 9, 10, 12}
_FLOAT_RESULTS = {0, 2, 5, 6, 10, 11}


def _binary_result(oparg: int, lhs: type | None, rhs: type | None) -> type | None:
    """The exact type BINARY_OP `oparg` gives for exact operand types, when fixed."""
    op = oparg - 13 if oparg >= 13 else oparg
    if lhs is rhs is int:
        return int if op in _INT_RESULTS else float if op == 11 else None
    if {lhs, rhs} <= {int, float} and op in _FLOAT_RESULTS:
        return float
    return None


_STEPS: dict[str, Stepper] = {
    "LOAD_CONST": _step_const, "TIER1_OP": _step_tier1,
    "LOAD_FAST": _step_load, "LOAD_FAST_CHECKED": _step_load, "STORE_FAST": _step_store,
    "DELETE_FAST": _step_delete,
    "COPY": _step_copy, "MAKE_CELL": _step_make_cell, "LOAD_METHOD_UNBOUND": _step_method_unbound,
    "ALLOC_INSTANCE": _step_alloc_instance,
    **dict.fromkeys(("INLINE_CALL", "INLINE_RETURN", "SWAP", *BOTH_GUARDS), _step_lists),
    "GUARD_TYPE": _step_guard_type, "BINARY_OP": _step_binary_op,
    "GET_ITER": _step_get_iter,
    "UNARY_NEGATIVE": _step_negative, "FOR_ITER_NEXT": _step_for_iter,
    "CALL_BUILTIN_O": _step_builtin_call, "CALL_BUILTIN_FAST": _step_builtin_call,
}


def infer(uops: Sequence[UOp], trace: TraceContext) -> list[State | None]:
    """The state before each uop (None where unreachable), at a fixed point
    over the trace's jumps.  A side trace's jumps leave it."""
    defs = load_uops()
    states: list[State | None] = [None] * len(uops)
    states[0] = entry_state(trace)
    follows_jumps = not trace.side
    pending = [0]
    while pending:
        index = pending.pop()
        while True:  # (on along straight-line code without the pending stack)
            uop = uops[index]
            definition = defs[uop.name]
            after = step(uop, states[index], definition)
            if definition.is_branch and follows_jumps:
                successors = () if definition.is_terminator else (index + 1,)
                for successor in (*successors, uop.jump):
                    if _flows(states, successor, after):
                        pending.append(successor)
                break
            index += 1
            if definition.is_terminator or not _flows(states, index, after):
                break
    return states


def _flows(states: list[State | None], index: int, state: State) -> bool:
    """Whether `state` reaching uop `index` changes what is known before it
    (met with what was); records the change."""
    if index >= len(states):
        return False
    known = states[index]
    if known is not None:
        state = meet(known, state)
        if state == known:
            return False
    states[index] = state
    return True


def _range_checked(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    """A peeled `for` loop over a range (the iterator the recording saw at
    the header): its preamble checks the iterator first, once per entry, so
    that the loop knows its items are ints and its FOR_ITERs run no Python
    code (an iterator of another type leaves for Tier 1's FOR_ITER)."""
    if (trace.side or not loop_top(uops) or uops[0].name != "FOR_ITER_NEXT"
            or trace.header_stack_types[-1:] != (RANGE_ITERATOR,)):
        return uops
    check = UOp("GUARD_TYPE", 0, id(RANGE_ITERATOR), uops[0].target, keep=RANGE_ITERATOR)
    return rewrite(uops, lambda index, uop: (check, uop) if index == 0 else (uop,))


def _rewrite(uop: UOp, state: State) -> UOp | None:
    """`uop` knowing `state` before it: itself, a cheaper uop, or None."""
    name, stack = uop.name, state.stack
    if name in BOTH_GUARDS:
        known = BOTH_GUARDS[name]
        return None if stack[-1].type is known and stack[-2].type is known else uop
    if name == "GUARD_TYPE" and isinstance(uop.keep, type):
        return None if stack[-1].type is uop.keep else uop
    if name == "GUARD_TYPE_VERSION" and (stack[-1].type, uop.operand) in state.versions:
        return None  # the class is unchanged since its version was last checked
    if name == "GUARD_GLOBAL" and uop.operand in state.versions:
        return None  # (likewise the namespaces)
    if name == "LOAD_FAST_CHECKED" and state.locals[uop.oparg] is not UNKNOWN:
        return uop._replace(name="LOAD_FAST")
    if name == "TO_BOOL" and stack[-1].type is bool:
        return None
    if name == "GET_ITER" and stack[-1].type is RANGE_ITERATOR:
        return None  # (an iterator's own iterator: CALL_RANGE_ITER's)
    if name in ("TO_BOOL", "UNARY_NOT") and stack[-1].type in PLAIN_TRUTH:
        return uop._replace(name=name + "_PLAIN")  # (no escape: no __bool__ or __len__ runs)
    if name in ("GUARD_IS_NONE_POP", "GUARD_IS_NOT_NONE_POP"):
        known = stack[-1].type
        if known is type(None) or (known not in (UNKNOWN, ANY) and known is not type(None)):
            passes = (known is type(None)) == (name == "GUARD_IS_NONE_POP")
            if passes:
                return UOp("POP_TOP", 0, 0, uop.target)
    return uop


def run(uops: list[UOp], trace: TraceContext) -> list[UOp]:
    if not analysable(uops, len(trace.entry_frames)):
        return uops
    uops = _range_checked(uops, trace)
    states = infer(uops, trace)
    return relink([uop if state is None else _rewrite(uop, state)
                   for uop, state in zip(uops, states)])
