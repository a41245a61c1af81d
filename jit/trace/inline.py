"""Inlined calls: recording through a call of a small VM function, and
rebuilding its Tier 1 frames when a trace leaves from inside it.

A CALL whose callee is a plain VM function (a bound method of one, or one
loaded in CPython's unbound form [function, self]) whose parameters the
call binds (keywords, defaults, `*args` and `**kwargs` bound at record
time: `bind`), not a generator, and the caller's globals, is
*inlined* (its cells made by its MAKE_CELLs, its free variables' cells
copied from the function: INLINE_CALL's operand bit 38, COPY_CLOSURE): the
recorder follows the call, the trace enters the callee with INLINE_CALL
(its locals live in the trace's JITState) and leaves it with INLINE_RETURN.
No frame object exists while the trace runs the body.

When the trace leaves from inside the body (a guard failed, an exception),
its exit tail hands over each inlined frame's slots; `resume_inlined` turns
them into Tier 1 frames and runs them to their returns in nested runs of the
eval loop, as CALL_VM would have, then pushes the result on the trace
frame's stack.  A recording that stops inside a callee finishes it the same
way.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import opcode
from types import CodeType, FunctionType, MethodType
from typing import Any, Sequence

from interpreter.ceval import raise_in_frame, run_frame
from interpreter.decode import (_CO_VARARGS, _CO_VARKEYWORDS, CO_GENERATOR_LIKE, Decoded, Instr,
                                decode, vm_codes)
from interpreter.frame import NULL, Frame, new_frame
from interpreter.function import bind as bind_frame
from interpreter.opcodes.calls import _HEAPTYPE
from interpreter.opcodes.objects import BINARY_OPERATORS
from interpreter.records import NamedTuple
from interpreter.signals import RaiseAt
from interpreter.state import get_thread_state
from jit.backend.native import ffi
from jit.trace import attributes, layout
from jit.uops import (INLINE_DEPTH, INLINE_GUARDS, INLINE_SLOTS, MAX_UNPACKED, SELF_BOUND,
                      SELF_INSTANCE, SELF_NONE, SELF_OPERANDS, SELF_UNBOUND, InlineFrame, UOp)

_ABSTRACT = 1 << 20  # Py_TPFLAGS_IS_ABSTRACT
_OBJECT_NEW = object.__dict__["__new__"]

# Code whose recording through failed (an instruction only Tier 1 can run
# in its frame, a loop): its calls use CALL_VM from then on.
not_inlinable: set[Any] = set()


# Recursive calls inlined (LuaJIT's recunroll): unrolled deeper, a
# data-dependent recursion (a tree's insert) left side traces at each level
# (~80 for 5000 inserts, 2.8x CPython's time); past it, the call runs the
# callee's function trace natively.
RECURSION_UNROLL = 2


def inline_call(ins: Instr, stack: list, globals: dict, active: Sequence[InlineFrame],
                traced: CodeType | None = None, loop: bool = False
                ) -> tuple[list[UOp], InlineFrame] | None:
    """The uops entering the callee of CALL `ins` (about to run with `stack`)
    and its frame, if the call can be inlined inside `active` frames: a
    function, a bound method, a function in CPython's unbound form
    [function, self] (LOAD_METHOD_UNBOUND's), or a class whose __init__ is
    such a function (constructing: the call's value is the new instance).
    A recursive call (of `traced`, the trace's own code, or of an active
    frame's) only RECURSION_UNROLL levels deep; none of the code of a `loop`
    trace, which would unroll a copy of the loop being traced."""
    base = len(stack) - ins.arg - 2
    if len(active) >= INLINE_DEPTH:
        return None
    if stack[base] is not NULL:
        function, self_from = stack[base], SELF_UNBOUND
    else:
        callee = stack[base + 1]
        self_from = (SELF_BOUND if type(callee) is MethodType else
                     SELF_INSTANCE if type(callee) is type else SELF_NONE)
        function = (callee.__func__ if self_from == SELF_BOUND else
                    plain_init(callee) if self_from == SELF_INSTANCE else callee)
    constructs = self_from == SELF_INSTANCE
    given = ins.arg + (self_from != SELF_NONE)  # (a self first)
    binding = bind(function, given, ins.kwnames)
    entered = binding and _entering(ins, function, binding, given, ins.arg, self_from, globals,
                                    active, traced, loop)
    if not entered:
        return None
    entering, frame = entered
    defaults = _defaults_guard(ins, ins.arg, function, binding, self_from)
    code = frame.code
    if constructs:
        callee = stack[base + 1]
        recorded = ffi.new("uint64_t[3]", [layout.version_tag(callee), id(function), id(code)])
        return [UOp("GUARD_CALLEE", ins.arg, id(callee), ins.offset, keep=callee), *defaults,
                UOp("ALLOC_INSTANCE", ins.arg, int(ffi.cast("uintptr_t", recorded)), ins.offset,
                    keep=(recorded, callee, function, code)),
                *entering], frame
    guard = INLINE_GUARDS[self_from]
    return [UOp(guard, ins.arg, id(code), ins.offset, keep=code), *defaults, *entering], frame


def inline_call_ex(ins: Instr, stack: list, globals: dict, active: Sequence[InlineFrame],
                   room: int, traced: CodeType | None = None, loop: bool = False
                   ) -> tuple[list[UOp], InlineFrame] | None:
    """The uops entering the callee of CALL_FUNCTION_EX `ins` (about to run
    with `stack`, `room` free slots above it) and its frame, if the call can
    be inlined inside `active` frames (as `inline_call`'s): a function or a
    bound method called with an exact tuple and (if any) an exact dict of
    exact str keys, a decorator's `function(*args, **kwargs)`.
    UNPACK_CALL_EX checks the tuple's length and the dict's keys, in order,
    are those recorded and puts their items and values on the stack: then
    it is a call with keywords, bound as `inline_call` binds one."""
    inputs = 3 + ins.arg  # (NULL, the callable, the tuple[, the dict])
    if len(active) >= INLINE_DEPTH or len(stack) < inputs:
        return None
    null, callee, callargs = stack[len(stack) - inputs:len(stack) - ins.arg]
    kwargs = stack[-1] if ins.arg else {}
    if null is not NULL or type(callargs) is not tuple or type(kwargs) is not dict:
        return None
    names = tuple(kwargs)
    count = len(callargs) + len(names)
    if (count > MAX_UNPACKED or count - 1 - ins.arg > room
            or any(type(name) is not str for name in names)):
        return None
    self_from = SELF_BOUND if type(callee) is MethodType else SELF_NONE
    function = callee.__func__ if self_from == SELF_BOUND else callee
    given = count + (self_from == SELF_BOUND)
    binding = bind(function, given, names)
    entered = binding and _entering(ins, function, binding, given, count, self_from, globals,
                                    active, traced, loop)
    if not entered:
        return None
    entering, frame = entered
    recorded = ffi.new("uint64_t[]", [len(callargs), len(names), *map(id, names)])
    return [UOp(INLINE_GUARDS[self_from], 1 + ins.arg, id(frame.code), ins.offset,
                keep=frame.code),
            *_defaults_guard(ins, 1 + ins.arg, function, binding, self_from),
            UOp("UNPACK_CALL_EX", count << 1 | ins.arg, int(ffi.cast("uintptr_t", recorded)),
                ins.offset, keep=(recorded, names)),
            *entering], frame


def _entering(ins: Instr, function: FunctionType, binding: Binding, given: int, stacked: int,
              self_from: int, globals: dict, active: Sequence[InlineFrame],
              traced: CodeType | None, loop: bool) -> tuple[list[UOp], InlineFrame] | None:
    """The uops from the call's `stacked` arguments on the stack (of
    `given`, a self first) bound as `binding` says to the callee's first
    instruction, and the callee's frame, if it can be inlined (see
    `inline_call`)."""
    if given > stacked and 0 in binding.extra:
        return None  # (a self is no item of the stack for *args to collect)
    collapsing, places = _collapse(ins.offset, stacked, binding, given)
    binding_uops = _binding_uops(function, binding, places)
    frame = _inlined_frame(ins, function, len(binding.parameters), globals, active, traced, loop,
                           self_from == SELF_INSTANCE, binding=binding,
                           binding_stack=_stack_needed(binding_uops))
    if frame is None:
        return None
    return [*collapsing,
            UOp("INLINE_CALL", len(places) - (given - stacked), frame.operand(self_from),
                ins.offset, keep=frame),
            *binding_uops], frame


# In a binding's parameters (see `bind`): a parameter given no argument,
# bound to its default; `*args` and `**kwargs`, bound to what they collect.
DEFAULT, EXTRA, NAMED = -1, -2, -3


class Binding(NamedTuple):
    """How a call binds its callee's parameters (`bind`)."""
    # Per parameter (the positional ones, the keyword-only ones, then
    # *args's and **kwargs's): the index of its argument among the call's
    # (a self first), DEFAULT, EXTRA (*args) or NAMED (**kwargs).
    parameters: tuple[int, ...]
    extra: tuple[int, ...] = ()   # the arguments *args collects, in order
    named: tuple[str, ...] = ()   # the keywords **kwargs collects, in order,
    named_arguments: tuple[int, ...] = ()  # and their arguments


class _Argument:
    """Stands for the call's argument number `index` while Tier 1's binder
    binds the call (`bind`): what that puts in each parameter."""
    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def bind(function: Any, given: int, kwnames: tuple) -> Binding | None:
    """How a call of `function` (a VM function) with `given` arguments (a
    self first), the last ones the keyword arguments `kwnames`, binds its
    parameters, if it binds without error.  None for anything else (a
    parameter given twice, a keyword no parameter takes and no **kwargs, a
    missing parameter without a default, too many arguments and no *args):
    such calls are left to CALL_NATIVE_KW, which binds them as CPython does
    or leaves the VM to raise its TypeError.  The binding is Tier 1's own
    (interpreter/function.py `bind`: CPython binds a call of a function of
    the same signature) of stand-ins for the arguments, so CPython's rules
    have no second copy here.  The names are the code's and the call's
    constants, so the binding holds for every call its guards let through;
    the defaults are checked at the call (GUARD_INLINE_DEFAULTS)."""
    if type(function) is not FunctionType or function.__code__ not in vm_codes:
        return None
    code = function.__code__
    dec = decode(code)
    positional = given - len(kwnames)
    stand_ins = [_Argument(index) for index in range(given)]
    try:
        bound = bind_frame(function, dec, stand_ins[:positional],
                           dict(zip(kwnames, stand_ins[positional:])))
    except TypeError:
        return None
    star = code.co_argcount + code.co_kwonlyargcount if code.co_flags & _CO_VARARGS else -1
    parameters: list[int] = []
    extra: tuple[int, ...] = ()
    named: tuple[str, ...] = ()
    named_arguments: tuple[int, ...] = ()
    for parameter, value in enumerate(bound[:dec.nparams]):
        if type(value) is _Argument:
            parameters.append(value.index)
        elif parameter == star:
            parameters.append(EXTRA)
            extra = tuple([item.index for item in value])
        elif parameter == dec.nparams - 1 and code.co_flags & _CO_VARKEYWORDS:
            parameters.append(NAMED)
            named = tuple(value)
            named_arguments = tuple([item.index for item in value.values()])
        else:
            parameters.append(DEFAULT)
    return Binding(tuple(parameters), extra, named, named_arguments)


def _default(function: FunctionType, parameter: int) -> Any:
    """The default of `function`'s parameter number `parameter` (one `bind`
    bound to its default)."""
    code = function.__code__
    if parameter < code.co_argcount:
        return function.__defaults__[parameter - code.co_argcount]
    return function.__kwdefaults__[code.co_varnames[parameter]]


def _defaults_guard(ins: Instr, oparg: int, function: FunctionType, binding: Binding,
                    self_from: int) -> list[UOp]:
    """GUARD_INLINE_DEFAULTS (of the call's `oparg` items above the
    callable), when `binding` binds defaults: the function's defaults are
    the objects the recording read."""
    if DEFAULT not in binding.parameters:
        return []
    defaults, kwdefaults = function.__defaults__, function.__kwdefaults__
    version = 0 if kwdefaults is None else layout.dict_version(kwdefaults)
    recorded = ffi.new("uint64_t[5]", [
        self_from, id(function) if self_from == SELF_INSTANCE else 0,
        0 if defaults is None else id(defaults), 0 if kwdefaults is None else id(kwdefaults),
        version])
    return [UOp("GUARD_INLINE_DEFAULTS", oparg, int(ffi.cast("uintptr_t", recorded)), ins.offset,
                keep=(recorded, function, defaults, kwdefaults))]


def _collapse(offset: int, stacked: int, binding: Binding, given: int
              ) -> tuple[list[UOp], list[int]]:
    """The uops (of the call at `offset`) that turn the call's `stacked`
    arguments on the stack (of `given`, a self first) into what
    INLINE_CALL moves into the callee's first locals, and what that is: a
    self, then the stack's items (arguments by index, then NAMED for the
    dict **kwargs collects, EXTRA for the tuple *args collects).  SWAPs and
    the uops building the two, which take more items than they make: the
    caller's stack has no room for more than the call's arguments."""
    first = given - stacked  # (a self is not on the stack's arguments)
    collected = {*binding.extra, *binding.named_arguments}
    others = [index for index in range(first, given) if index not in collected]
    extra = list(binding.extra)
    if binding.named and extra:
        # (the SWAP taking the dict below them moves the first into the last's place)
        extra = [extra[-1], *extra[:-1]]
    uops = _permutation(offset, list(range(first, given)),
                        [*others, *extra, *binding.named_arguments])
    places = [*range(first), *others]
    if binding.named:
        uops.append(UOp("BUILD_KWARGS", len(binding.named), id(binding.named), offset,
                        keep=binding.named))
        places.append(NAMED)
        if extra:
            uops.append(UOp("SWAP", len(extra) + 1, 0, offset))
    if extra:
        uops.append(UOp("BUILD_TUPLE", len(extra), 0, offset))
        places.append(EXTRA)
    return uops, places


def _permutation(offset: int, now: list[int], wanted: list[int]) -> list[UOp]:
    """SWAPs reordering the top items of the stack, `now` (bottom to top),
    as `wanted`: each item out of place swapped up to the top, then down
    into its place."""
    uops = []
    top = len(now) - 1
    for place in range(top):
        if now[place] == wanted[place]:
            continue
        at = now.index(wanted[place])
        if at != top:
            uops.append(UOp("SWAP", top - at + 1, 0, offset))
            now[at], now[top] = now[top], now[at]
        uops.append(UOp("SWAP", top - place + 1, 0, offset))
        now[place], now[top] = now[top], now[place]
    return uops


def _binding_uops(function: FunctionType, binding: Binding, places: list[int]) -> list[UOp]:
    """The callee's first uops, after INLINE_CALL moved `places` into its
    first locals: each moved to its parameter (all loaded, then stored),
    then each default stored, and an empty *args's or **kwargs's."""
    where = {place: local for local, place in enumerate(places)}
    moved = [(parameter, where[source]) for parameter, source in enumerate(binding.parameters)
             if source in where and where[source] != parameter]
    uops = [UOp("LOAD_FAST", local, 0, 0) for _, local in moved]
    uops += [UOp("STORE_FAST", parameter, 0, 0) for parameter, _ in reversed(moved)]
    for parameter, source in enumerate(binding.parameters):
        if source in where:
            continue
        if source == DEFAULT:
            value = _default(function, parameter)
            uops.append(UOp("LOAD_CONST", 0, id(value), 0, keep=value))
        elif source == EXTRA:
            uops.append(UOp("LOAD_CONST", 0, id(()), 0, keep=()))
        else:  # (a new dict at every call, as CPython's)
            uops.append(UOp("BUILD_MAP", 0, 0, 0))
        uops.append(UOp("STORE_FAST", parameter, 0, 0))
    return uops


def _stack_needed(uops: list[UOp]) -> int:
    """The stack `_binding_uops`' uops need: the loads before the first
    store, or one."""
    loads = 0
    for uop in uops:
        if uop.name != "LOAD_FAST":
            break
        loads += 1
    return max(loads, bool(uops))


def bound_arguments(function: FunctionType, binding: Binding, arguments: list) -> list:
    """The values of `function`'s parameters a call with `arguments` (a self
    first) binds as `binding` says: the recorder's frame of the callee."""
    values = []
    for parameter, source in enumerate(binding.parameters):
        if source >= 0:
            values.append(arguments[source])
        elif source == DEFAULT:
            values.append(_default(function, parameter))
        elif source == EXTRA:
            values.append(tuple([arguments[index] for index in binding.extra]))
        else:
            values.append(dict(zip(binding.named,
                                   [arguments[index] for index in binding.named_arguments])))
    return values


def _inlined_frame(ins: Instr, function: Any, arguments: int, globals: dict,
                   active: Sequence[InlineFrame], traced: CodeType | None, loop: bool,
                   constructs: bool = False, operator: str | None = None,
                   binding: Binding | None = None, binding_stack: int = 0
                   ) -> InlineFrame | None:
    """The frame of `function` inlined at `ins` with its `arguments`
    parameters bound (positional ones, then keyword-only ones) inside
    `active` frames, if it can be (see `inline_call`)."""
    if type(function) is not FunctionType or function.__globals__ is not globals:
        return None
    code = function.__code__
    if (code not in vm_codes or code in not_inlinable or code.co_flags & CO_GENERATOR_LIKE
            or (code is traced) * (RECURSION_UNROLL if loop else 1)
            + sum(frame.code is code for frame in active) >= RECURSION_UNROLL
            or decode(code).nparams != arguments):
        return None
    dec = decode(code)
    first = sum(frame.locals + frame.stack_size for frame in active)
    locals_ = dec.nlocalsplus + constructs  # (the instance, hidden)
    # (the stack binding the arguments needs, before the body's; and room
    # for a `function(*args, **kwargs)` to unpack what they collected)
    collected = len(binding.extra) + len(binding.named) if binding else 0
    stack_size = max(code.co_stacksize + collected, binding_stack)
    if first + locals_ + stack_size > INLINE_SLOTS:
        return None
    return InlineFrame(code, function, ins.offset, ins.next, first, locals_,
                       stack_size, constructs, operator, binding)


# BINARY_OP's NB_* codes: the in-place forms follow the others.  Tier 1's
# operator functions (operator.add, operator.iadd, operator.and_...) name
# each one's method, and dis's table the symbol CPython's TypeError names.
_IN_PLACE = 13
_NB_POWER = 8  # (pow's slot is ternary: a modulo may come with it)


def _method_name(oparg: int) -> str:
    return f"__{BINARY_OPERATORS[oparg].__name__.rstrip('_')}__"
# The other operand's types for which CPython calls the class's method alone:
# the class itself (no reflected method is tried for the same type) and
# numbers whose own slots know nothing of the class (no sequence fallback
# either: they are no sequences, and a class's __add__ / __mul__ fill no
# sequence slot).
_PLAIN_OTHERS = (int, float)


def inline_operator(ins: Instr, stack: list, globals: dict, active: Sequence[InlineFrame],
                    traced: CodeType | None = None, loop: bool = False
                    ) -> tuple[list[UOp], InlineFrame] | None:
    """The uops entering the method BINARY_OP `ins` (about to run with
    `stack`) calls, and its frame, if it can be inlined: the left operand an
    instance of a class of the program's (no built-in base but object) whose
    method for the operator (`__add__`; for an in-place operator, with no
    in-place method) is a VM function of two parameters, the right operand
    of the same class, an int or a float.  CPython then calls that method and
    nothing else: its NotImplemented raises TypeError (GUARD_IMPLEMENTED
    leaves at its return, `constructed` raises it in Tier 1)."""
    cls, other = type(stack[-2]), type(stack[-1])
    if not cls.__flags__ & _HEAPTYPE:
        return None  # (ints, floats, strs...: the translator's)
    binary = ins.arg % _IN_PLACE
    if binary == _NB_POWER or not (other is cls or other in _PLAIN_OTHERS) or \
            not layout.AVAILABLE:
        return None
    mro = cls.__mro__
    if mro[-1] is not object or any(not klass.__flags__ & _HEAPTYPE for klass in mro[:-1]):
        return None
    tag = layout.version_tag(cls)
    if ins.arg >= _IN_PLACE and \
            attributes.class_attribute(cls, _method_name(ins.arg)) is not attributes.MISSING:
        return None
    function = attributes.class_attribute(cls, _method_name(binary))
    message = (f"unsupported operand type(s) for {opcode._nb_ops[ins.arg][1]}: "
               f"'{cls.__name__}' and '{other.__name__}'")
    frame = tag and _inlined_frame(ins, function, 2, globals, active, traced, loop,
                                   operator=message)
    if not frame:
        return None
    types = ffi.new("uint64_t[2]", [id(cls), id(other)])
    recorded = ffi.new("uint64_t[3]", [tag, id(function), id(function.__code__)])
    return [UOp("GUARD_OPERAND_TYPES", 0, int(ffi.cast("uintptr_t", types)), ins.offset,
                keep=(types, cls, other)),
            UOp("GUARD_OPERATOR", 0, int(ffi.cast("uintptr_t", recorded)), ins.offset,
                keep=(recorded, function)),
            UOp("INLINE_CALL", 0, frame.operand(SELF_OPERANDS), ins.offset, keep=frame)], frame


def closure_cells(callee: InlineFrame) -> list[UOp]:
    """COPY_FREE_VARS of the inlined closure `callee`: none when INLINE_CALL
    put its cells in (InlineFrame.cells_by_inline_call), else COPY_CLOSURE
    of the cells of the function its guards fixed."""
    if callee.cells_by_inline_call():
        return []
    code = callee.code
    first = decode(code).nlocalsplus - len(code.co_freevars)
    return [UOp("COPY_CLOSURE", first, id(callee.function), 0, keep=callee.function)]


def plain_init(cls: type) -> Any:
    """The __init__ function a call of `cls` runs on an instance object.__new__
    makes, if that is all the call does (else None)."""
    if (not layout.AVAILABLE or cls.__flags__ & _ABSTRACT or not layout.version_tag(cls)
            or attributes.class_attribute(cls, "__new__") is not _OBJECT_NEW):
        return None
    return attributes.class_attribute(cls, "__init__")


def constructed(frame: Frame, value: Any) -> Any:
    """The value of the call that ran inlined `frame`: for an __init__ on a
    new instance, the instance (CPython's check that it returned None)."""
    instance = frame.constructing
    if instance is None:
        if value is NotImplemented and frame.operator is not None:
            raise TypeError(frame.operator)
        return value
    if value is not None:
        raise TypeError(f"__init__() should return None, not '{type(value).__name__}'")
    return instance


def enter(caller: Frame, callee: InlineFrame, ins: Instr, stack_base: int) -> Frame:
    """Run CALL `ins` of `caller` the way Tier 1 pushes a frame (the recorder
    then runs the callee's instructions itself)."""
    lp = caller.localsplus
    end = ins.sp
    arguments = lp[stack_base + 1:end]
    if ins.opname == "CALL_FUNCTION_EX":  # (the callable, then what UNPACK_CALL_EX unpacks)
        arguments = [arguments[0], *arguments[1], *(arguments[2].values() if ins.arg else ())]
    bound = arguments[0]
    instance = None
    if callee.operator is not None:
        arguments = lp[stack_base:end]  # BINARY_OP's operands
    elif callee.constructs:
        instance = arguments[0] = object.__new__(bound)
    elif lp[stack_base] is not NULL:
        pass  # [function, self]: self is the first argument already
    elif type(bound) is MethodType:
        arguments[0] = bound.__self__
    else:
        del arguments[0]
    if callee.binding is not None:
        arguments = bound_arguments(callee.function, callee.binding, arguments)
    lp[stack_base:end] = (NULL,) * (end - stack_base)
    dec = decode(callee.code)
    frame = new_frame(dec, caller.globals, caller.builtins, None,
                      arguments + list(dec.pad), callee.function, caller)
    if instance is not None:
        frame.constructing = instance
    frame.operator = callee.operator
    caller.stacktop = stack_base
    caller.instr_ptr = ins.offset
    caller.return_offset = ins.next - ins.offset
    ts = get_thread_state()
    ts.depth += 1
    ts.frame = frame
    return frame


def push(frames: list[Frame], levels: Sequence[tuple[InlineFrame, int]]) -> None:
    """Push frames `rebuild` made, as `enter` pushes one, for a recording
    that starts inside them; the trace frame waits at the outermost call with
    its stack top where the exit left it."""
    (outermost, top), *_ = levels
    trace_frame = frames[0].previous
    trace_frame.stacktop = top
    trace_frame.instr_ptr = outermost.call_offset
    trace_frame.return_offset = outermost.resume_offset - outermost.call_offset
    ts = get_thread_state()
    ts.depth += len(frames)
    ts.frame = frames[-1]


def leave(frame: Frame) -> None:
    """Undo `enter`'s push: the caller runs again."""
    ts = get_thread_state()
    ts.depth -= 1
    ts.frame = frame.previous


def finish(frames: list[Frame], pc: int, exc: BaseException | None) -> Any:
    """Run inlined `frames` (outermost first, none of them pushed) to their
    returns: the innermost from `pc` (or raising `exc` there), each outer one
    from its CALL (where it waits with its stack top set).  Returns the
    outermost's value, or raises what escapes it.  While a frame runs, the
    thread's depth counts the outer ones waiting (as CPython's stack has
    them), so a recursion from there raises RecursionError where CPython's
    would."""
    value = None
    ts = get_thread_state()
    for level in range(len(frames) - 1, -1, -1):
        frame = frames[level]
        ts.depth += level
        try:
            if exc is not None:
                value = raise_in_frame(frame, exc, pc)
            else:
                frame.instr_ptr = pc
                value = run_frame(frame)
            exc = None
            value = constructed(frame, value)
        except BaseException as escaped:
            exc, value = escaped, None
            if ts.escaping is not None and ts.escaping[0] is escaped:
                ts.escaping = None  # raised at the caller's CALL next, not re-raised
        finally:
            ts.depth -= level
        if level:
            # The next frame out: the value is pushed, or the exception
            # raised at its CALL.
            caller = frames[level - 1]
            if exc is None:
                caller.localsplus[caller.stacktop] = value
                caller.stacktop += 1
                pc = caller.instr_ptr + caller.return_offset
            else:
                pc = caller.instr_ptr
    if exc is not None:
        raise exc
    return value


def finish_into(lp: list, top: int, frames: list[Frame], call: InlineFrame, pc: int,
                exc: BaseException | None) -> int:
    """`finish` inlined `frames` (the outermost entered by `call`), push the
    value at `top` of the trace frame's `lp`, and return the offset the trace
    frame continues at; what escapes is raised at the call."""
    try:
        value = finish(frames, pc, exc)
    except BaseException as escaped:
        raise RaiseAt(escaped, call.call_offset) from None
    lp[top] = value
    return call.resume_offset


def rebuild(trace_frame: Frame, levels: Sequence[tuple[InlineFrame, int]],
            contents: Sequence[list]) -> list[Frame]:
    """Tier 1 frames for inlined `levels` from the slots the exit tail handed
    over, each outer one waiting at its CALL."""
    frames: list[Frame] = []
    caller = trace_frame
    for (inlined, _), items in zip(levels, contents):
        dec: Decoded = decode(inlined.code)
        lp = list(items)
        instance = lp.pop(dec.nlocalsplus) if inlined.constructs else None
        stacktop = len(lp)
        lp += (NULL,) * (dec.size - len(lp))
        frame = new_frame(dec, trace_frame.globals, trace_frame.builtins, None, lp,
                          inlined.function, caller)
        frame.stacktop = stacktop
        if instance is not None:
            frame.constructing = instance
        frame.operator = inlined.operator
        frames.append(frame)
        caller = frame
    for frame, (inner, _) in zip(frames, levels[1:]):
        frame.instr_ptr = inner.call_offset
        frame.return_offset = inner.resume_offset - inner.call_offset
    return frames
