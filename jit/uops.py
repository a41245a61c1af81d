"""The uop set, parsed from its single definition in stencils/uops.c.

Each `UOP(NAME, (inputs -- outputs), FLAGS) { body }` block gives a uop's name,
stack effect, flags and C body.  This module derives the Python metadata; the
stencil build derives the C translation units from the same blocks.  The
parsed set is cached in build/stencils/uops-KEY.marshal (see load_uops).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import enum
import functools
import itertools
import marshal
import re
import sys
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from pathlib import Path

from interpreter.records import NamedTuple
from jit.paths import BUILD_DIR, UOPS_SOURCE
from jit.stencils import cache
from jit.stencils.model import StencilError


class UopDefinitionError(StencilError):
    """A malformed UOP() block; the message names the file and line."""


# A uop's flags, as the bits of an int: `Flag` (an enum.Flag, made when
# first asked for: creating it costs a first compile ~0.25 ms) names them,
# and UopDef keeps their tests as attributes (an enum.Flag's `in` runs Python
# code: ~1 us each).
FLAG_BITS = {
    "GUARD": 1 << 0,       # may leave through its exit (EXIT_IF / EXIT / POP_EXIT_IF)
    "EXIT_POPS": 1 << 1,   # ... after consuming its inputs (POP_EXIT_IF)
    "ERROR": 1 << 2,       # may raise (ERROR_IF)
    "JUMP": 1 << 3,        # may branch to its jump target (JUMP_IF / JUMP)
    "TERMINATOR": 1 << 4,  # never falls through to the next uop
    "ESCAPES": 1 << 5,     # may run arbitrary Python code (declared)
    "PURE": 1 << 6,        # no side effects beyond its outputs (declared)
    # A guard on an assumption (a binding, a code object): failing it means the
    # program changed under the trace, which is retired (declared).
    "ASSUMES": 1 << 7,
    "STUB": 1 << 8,        # appended by the emitter, never recorded
    # What CPython's unspecialised instruction does: a C-API call that
    # dispatches on its operands' types at run time, or a call of an unknown
    # callable (declared; --stats counts the ones run natively).
    "GENERIC": 1 << 9,
}
_GUARD, _EXIT_POPS, _ERROR, _JUMP, _TERMINATOR, _ESCAPES, _PURE, _ASSUMES, _STUB, _GENERIC = (
    FLAG_BITS.values())
DECLARABLE = {name: FLAG_BITS[name] for name in ("ESCAPES", "PURE", "ASSUMES", "GENERIC")}


@functools.cache
def _flag_class() -> type[enum.Flag]:
    return enum.Flag("Flag", {"NONE": 0, **FLAG_BITS}, module=__name__, qualname="Flag")


def __getattr__(name: str) -> object:
    """The module's `Flag`, made when first asked for (see FLAG_BITS)."""
    if name == "Flag":
        return _flag_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
# (patterns, compiled when first used: parsing is rare, see load_uops)
_SIZE_EXPRESSION = r"[0-9oparg+\-*/()&<> ]+"
_HEADER = r"^UOP\(\s*(\w+)\s*,\s*\((.*)\)\s*,\s*([\w| ]+)\)\s*$"


class StackItem(NamedTuple):  # (not a dataclass: the first compile imports this module)
    name: str
    size: str | None = None  # an expression in `oparg`; None means one item

    def count(self, oparg: int) -> int:
        if self.size is None:
            return 1
        return _sized(self.size, oparg)


@functools.lru_cache(maxsize=1024)
def _sized(size: str, oparg: int) -> int:
    """A stack item's size expression at `oparg` (the optimizer asks often)."""
    return int(eval(size, {"__builtins__": {}}, {"oparg": oparg}))


class UopDef:
    """One uop's definition, never changed once made.  (A plain class: the
    first compile makes all of them, and a frozen dataclass costs ~0.5 ms to
    create and a few us per instance.)"""

    __slots__ = ("name", "inputs", "outputs", "bits", "body", "line", "variant", "_fixed_counts",
                 "fixed_inputs", "fixed_effect", "is_guard", "can_error", "exit_pops",
                 "is_branch", "is_terminator", "is_stub", "assumes", "escapes", "pure",
                 "generic", "register_inputs", "pushes")

    def __init__(self, name: str, inputs: tuple[StackItem, ...], outputs: tuple[StackItem, ...],
                 flags: int, body: str, line: int, variant: str = "",
                 scanned: tuple | None = None) -> None:
        """`scanned`: what _scan(body) returns, when known (the uop cache
        keeps it: its regular expressions cost a first compile ~0.25 ms)."""
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        bits = self.bits = flags  # (see FLAG_BITS)
        self.body = body
        self.line = line  # where the UOP() header is in the source
        # A variant reading its register inputs (see register_inputs) from the
        # register stacks: per input, M (its scratch slot), A (reg_x0) or B
        # (reg_x1); "" for the uop itself, which reads them all from slots.
        self.variant = variant
        fixed = all(item.size is None for item in (*inputs, *outputs))
        self._derive((len(inputs), len(outputs)) if fixed else None, _flag_tests(bits),
                     _scan(body) if scanned is None else scanned)

    def _derive(self, counts: tuple[int, int] | None, flag_tests: tuple[bool, ...],
                scanned: tuple) -> None:
        """Set what the definition derives: from its input and output counts
        (None when an item's size depends on oparg), its flags' tests
        (_flag_tests) and what _scan(body) returns."""
        # Precomputed: traces are checked uop by uop at compile time.
        self._fixed_counts = counts
        # For the trace compiler's inner loops: the counts when oparg does not
        # matter (None otherwise).
        self.fixed_inputs = None if counts is None else counts[0]
        self.fixed_effect = None if counts is None else counts[1] - counts[0]
        (self.is_guard, self.can_error, self.exit_pops, self.is_branch, self.is_terminator,
         self.is_stub, self.assumes, self.escapes, self.pure, self.generic) = flag_tests
        # (see register_inputs and pushes)
        self.register_inputs, self.pushes = scanned

    @property
    def flags(self) -> enum.Flag:
        return _flag_class()(self.bits)

    def _fields(self) -> tuple:
        return self.name, self.inputs, self.outputs, self.bits, self.body, self.line, self.variant

    def as_variant(self, name: str, variant: str) -> UopDef:
        """The same definition as variant `variant`, named `name`."""
        return UopDef(name, self.inputs, self.outputs, self.bits, self.body, self.line, variant,
                      (self.register_inputs, self.pushes))

    def __eq__(self, other: object) -> bool:
        return type(other) is UopDef and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"UopDef(name={self.name!r}, inputs={self.inputs!r}, outputs={self.outputs!r}, "
                f"flags={self.flags!r}, line={self.line}, variant={self.variant!r})")

    def input_count(self, oparg: int) -> int:
        if self._fixed_counts:
            return self._fixed_counts[0]
        return sum(item.count(oparg) for item in self.inputs)

    def output_count(self, oparg: int) -> int:
        if self._fixed_counts:
            return self._fixed_counts[1]
        return sum(item.count(oparg) for item in self.outputs)

    def stack_effect(self, oparg: int) -> int:
        return self.output_count(oparg) - self.input_count(oparg)


# The exact types whose length INT64_LEN reads where len() would
# (stencils/helpers.h known_length): the recorder guards len()'s argument to
# be one of them, the unbox pass runs len() of one on its length.
KNOWN_LENGTHS = frozenset({list, tuple, bytes, dict, set, frozenset, str})

# UopDef's tests of its flags, in the order _flag_tests gives them.
FLAG_TESTS = ("is_guard", "can_error", "exit_pops", "is_branch", "is_terminator", "is_stub",
              "assumes", "escapes", "pure", "generic")


@functools.cache  # (a few dozen distinct flags values among ~290 uops)
def _flag_tests(bits: int) -> tuple[bool, ...]:
    """UopDef's tests of its flags `bits`, in FLAG_TESTS' order."""
    return tuple(bool(bits & bit) for bit in (_GUARD, _ERROR, _EXIT_POPS, _JUMP, _TERMINATOR,
                                                _STUB, _ASSUMES, _ESCAPES, _PURE, _GENERIC))


def _parse_items(text: str, where: str) -> tuple[StackItem, ...]:
    items = []
    for raw in filter(None, (part.strip() for part in text.split(","))):
        match = re.fullmatch(r"(\w+)(?:\[(.+)\])?", raw)
        if not match or (match[2] and not re.fullmatch(_SIZE_EXPRESSION, match[2])):
            raise UopDefinitionError(f"{where}: bad stack item {raw!r}")
        items.append(StackItem(match[1], match[2]))
    return tuple(items)


def _derived_flags(body: str, where: str) -> int:
    flags = 0
    exits_before = re.search(r"\bEXIT_IF\(|\bEXIT\(\)", body)
    exits_after = "POP_EXIT_IF(" in body
    if exits_before and exits_after:
        raise UopDefinitionError(f"{where}: a uop exits either before (EXIT_IF) or after "
                                 "(POP_EXIT_IF) consuming its inputs, not both")
    if exits_before or exits_after:
        flags |= _GUARD
    if exits_after:
        flags |= _EXIT_POPS
    if "ERROR_IF(" in body:
        flags |= _ERROR
    if "JUMP_IF(" in body or "JUMP()" in body:
        flags |= _JUMP
    if "EXIT();" in body or "JUMP();" in body:
        flags |= _TERMINATOR
    return flags


def _parse_uop(header: re.Match[str], body: str, where: str) -> UopDef:
    name, effect, declared = header.groups()
    if "--" not in effect:
        raise UopDefinitionError(f"{where}: stack effect of {name} needs '--'")
    before, after = effect.split("--", 1)
    flags = _derived_flags(body, where)
    for word in filter(None, (w.strip() for w in declared.split("|"))):
        if word == "0":
            continue
        if word not in DECLARABLE:
            raise UopDefinitionError(
                f"{where}: unknown flag {word!r} on {name} (declare only {', '.join(DECLARABLE)})"
            )
        flags |= DECLARABLE[word]
    if name.startswith("_"):
        flags |= _STUB
    uop = UopDef(name, _parse_items(before, where), _parse_items(after, where), flags, body,
                 int(where.rsplit(":", 1)[1]))
    if uop.is_branch and uop.outputs:
        raise UopDefinitionError(f"{where}: branch uop {name} cannot have outputs")
    return uop


REGISTER_SOURCES = "MAB"  # a register input's slot, reg_x0, reg_x1


def _scan(body: str) -> tuple[tuple[tuple[int, str], ...], tuple[str, bool] | None]:
    """A uop body's register inputs and pushes (see those functions)."""
    inputs = tuple(sorted({(int(field), kind)
                           for kind, field in re.findall(r"\bIN_([IF])\((\d)\)", body)}))
    match = re.search(r"\b(?:OUT_([IF])|PUSH_([IF]))\(", body)
    return inputs, None if match is None else (match[1] or match[2], match[1] is not None)


def register_inputs(uop: UopDef) -> tuple[tuple[int, str], ...]:
    """The operand fields `uop` reads as unboxed values (IN_I / IN_F in its
    body), in field order, each with its kind: "I" (int64) or "F" (double)."""
    return uop.register_inputs


def pushes(uop: UopDef) -> tuple[str, bool] | None:
    """What `uop` writes to a scratch slot and pushes on that kind's register
    stack: (kind, True) for field 0's slot (OUT_I / OUT_F), (kind, False)
    for slot oparg (PUSH_I / PUSH_F); None if it writes none."""
    return uop.pushes


def variant_name(name: str, sources: str) -> str:
    """The uop `name` reading its register inputs from `sources` (one of
    REGISTER_SOURCES per input); `name` itself when they are all slots."""
    return name if set(sources) <= {"M"} else f"{name}__{sources}"


def _variants(uop: UopDef) -> list[UopDef]:
    """`uop` and its variants reading register inputs from the register stacks."""
    count = len(register_inputs(uop))
    return [uop, *(uop.as_variant(variant_name(uop.name, sources), sources)
                   for sources in map("".join, itertools.product(REGISTER_SOURCES,
                                                                 repeat=count))
                   if set(sources) - {"M"})]


def parse_uops(text: str, filename: str = "uops.c") -> dict[str, UopDef]:
    """Parse every UOP() block of `text`; bodies run from `{` to a `}` in column 0."""
    uops: dict[str, UopDef] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("UOP("):
            index += 1
            continue
        where = f"{filename}:{index + 1}"
        header = re.match(_HEADER, line)
        if header is None:
            raise UopDefinitionError(f"{where}: malformed UOP header {line.strip()!r}")
        if index + 1 >= len(lines) or lines[index + 1].rstrip() != "{":
            raise UopDefinitionError(f"{where}: expected '{{' on the line after the header")
        try:
            end = next(i for i in range(index + 2, len(lines)) if lines[i].rstrip() == "}")
        except StopIteration:
            raise UopDefinitionError(f"{where}: body of {header[1]} is not closed") from None
        uop = _parse_uop(header, "\n".join(lines[index + 2:end]), where)
        for variant in _variants(uop):
            if variant.name in uops:
                raise UopDefinitionError(f"{where}: {variant.name} is defined twice")
            uops[variant.name] = variant
        index = end + 1
    return uops


CACHE_HEADER = b"cpjit uop cache, generated from stencils/uops.c by jit/uops.py: do not edit\n"
CACHE_DIR = BUILD_DIR / "stencils"


@functools.cache
def load_uops(path: Path = UOPS_SOURCE, cache_dir: Path | None = CACHE_DIR
              ) -> Mapping[str, UopDef]:
    """The uop set `path` defines (once per process).  Parsing it costs a
    first compile ~4 ms: the definitions are cached in `cache_dir` (None: not
    cached), keyed by the source's and this module's bytes and the Python
    version (or by the digest of the stencil library this process loaded,
    which covers them); a stale cache is never read, a damaged one is
    rebuilt."""
    if cache_dir is None:
        return parse_uops(path.read_text(), path.name)
    text = None
    checked = _library_digest() if (path, cache_dir) == (UOPS_SOURCE, CACHE_DIR) else None
    if checked is not None:
        # The stencil library this process loaded was checked against a
        # digest of every stencil source (uops.c too), this module and the
        # Python version: that digest keys the cache as well as theirs would,
        # without reading and digesting them again (~0.25 ms of a first
        # compile).  (Its own prefix: the two kinds never remove each other.)
        key = cache.key(b"the uop set of the stencil library", checked.encode())
        file = cache_dir / f"uopset-{key[:16]}.marshal"
    else:
        text = path.read_text()
        key = cache.key(text.encode(), Path(__file__).read_bytes(), sys.version.encode())
        file = cache_dir / f"uops-{key[:16]}.marshal"
    value = cache.read_indexed(file, CACHE_HEADER, key, "uop cache",
                               lambda: _rows(parse_uops(path.read_text(), path.name)))
    if value is not None:
        try:
            return UopSet(*value)
        except (TypeError, ValueError) as error:  # (a cpjit bug: the CRC-32 was right)
            cache.complain(file, "uop cache", error)
    uops = parse_uops(path.read_text() if text is None else text, path.name)
    cache.write(file, CACHE_HEADER, key, lambda: _rows(uops), indexed=True)
    return uops


def _library_digest() -> str | None:
    """The digest of the current stencil library, if this process loaded it
    (and so checked it against its sources: see jit.stencils.library)."""
    library = sys.modules.get("jit.stencils.library")
    return None if library is None else library.loaded_digest()


def _rows(uops: dict[str, UopDef]) -> tuple[tuple, dict[str, bytes]]:
    """The uop set as an indexed cache's value: the distinct tuples of stack
    items (uops share a few dozen), each uop's flags and, per flag test (of
    FLAG_TESTS), the names of the uops it holds for; then a marshalled row
    per uop naming its inputs and outputs by their index there."""
    stacks: dict[tuple, int] = {}
    rows = {uop.name: marshal.dumps((*(stacks.setdefault(tuple(items), len(stacks))
                                       for items in (uop.inputs, uop.outputs)),
                                     uop.body, uop.line, uop.variant,
                                     (uop.register_inputs, uop.pushes)))
            for uop in uops.values()}
    pairs = tuple(tuple((item.name, item.size) for item in items) for items in stacks)
    flagged = tuple(tuple(name for name, uop in uops.items() if getattr(uop, flag))
                    for flag in FLAG_TESTS)
    return (pairs, {uop.name: uop.bits for uop in uops.values()}, flagged), rows


class UopSet(dict):
    """The uop set read back from its cache (`_rows`), each UopDef made when
    first used: a process uses a few dozen of ~290, and making all of them
    (and unmarshalling their C bodies) cost a first native run ~0.6 ms.
    Made without UopDef.__init__: what it derives from the stack items and
    flags is worked out once per distinct tuple of items (and, _flag_tests
    being cached, flags value).

    A read-only Mapping of every uop, stored as a dict of the ones made so
    far: `uops[name]` on a made one is a plain dict lookup, which the trace
    compiler's and optimizer's inner loops make ~20 times a uop (a Python
    __getitem__ cost them ~0.2 us each); `__missing__` makes the rest."""

    def __init__(self, meta: tuple, rows: Mapping[str, bytes]) -> None:
        super().__init__()
        self.pairs, self.bits, self.flagged = meta
        if not isinstance(self.bits, dict) or set(self.bits) != set(rows):
            raise ValueError("the uop names and their rows differ")
        # per tuple of items, made when a definition first uses it: the items,
        # and its length when no item's size depends on oparg
        self.stacks: list[tuple[StackItem, ...] | None] = [None] * len(self.pairs)
        self.fixed: list[int | None] = [None] * len(self.pairs)
        self.rows = rows

    def __missing__(self, name: str) -> UopDef:
        if name not in self.bits:
            raise KeyError(name)
        uop = self._make(name)
        dict.__setitem__(self, name, uop)
        return uop

    @property
    def made(self) -> dict[str, UopDef]:
        """The definitions made so far."""
        return dict(dict.items(self))

    def _make(self, name: str) -> UopDef:
        inputs, outputs, body, line, variant, scanned = marshal.loads(self.rows[name])
        uop = object.__new__(UopDef)
        bits = self.bits[name]
        uop.name, uop.inputs, uop.outputs, uop.bits, uop.body, uop.line, uop.variant = (
            name, self._stack(inputs), self._stack(outputs), bits, body, line, variant)
        count_in, count_out = self.fixed[inputs], self.fixed[outputs]
        uop._derive(None if count_in is None or count_out is None else (count_in, count_out),
                    _flag_tests(bits), scanned)
        return uop

    def _stack(self, index: int) -> tuple[StackItem, ...]:
        """Tuple of stack items `index`, made once."""
        items = self.stacks[index]
        if items is None:
            pairs = self.pairs[index]
            items = self.stacks[index] = tuple([StackItem(*pair) for pair in pairs])
            self.fixed[index] = len(pairs) if all(size is None for _, size in pairs) else None
        return items

    # The Mapping of every uop, made or not (dict's own methods see the made ones).
    def get(self, name: str, default: object = None) -> object:  # type: ignore[override]
        return self[name] if name in self.bits else default

    def __contains__(self, name: object) -> bool:
        return name in self.bits

    def __iter__(self) -> Iterator[str]:
        return iter(self.bits)

    def __len__(self) -> int:
        return len(self.bits)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        return KeysView(self)

    def values(self) -> ValuesView[UopDef]:  # type: ignore[override]
        return ValuesView(self)

    def items(self) -> ItemsView[str, UopDef]:  # type: ignore[override]
        return ItemsView(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"UopSet({len(self)} uops, {dict.__len__(self)} made)"

    def where(self, flag: str) -> frozenset[str]:
        """The names of the uops whose flag test `flag` (of FLAG_TESTS) holds,
        as the cache recorded them."""
        return frozenset(self.flagged[FLAG_TESTS.index(flag)])


class UOp(NamedTuple):
    """One instruction of a trace (CPython's Tier 2 IR shape)."""
    name: str
    oparg: int = 0
    operand: int = 0          # one 64-bit value: an address, a constant, packed slots
    target: int = 0           # bytecode offset Tier 1 resumes at if this uop exits or fails
    jump: int | None = None   # for branch uops: the index in the trace they jump to
    keep: object = None       # the object `operand` is the address of, kept alive with the trace
    # With values unboxed (jit/optimizer/unbox.py): how an exit of this uop
    # rebuilds Tier 1's boxed frame, as (guard exit's, error's); None: as is.
    snapshots: tuple[Snapshot | None, Snapshot | None] | None = None


def loop_end(uops: list[UOp] | tuple[UOp, ...]) -> int:
    """Where a root trace's loop ends: past its closing JUMP_TO_TOP, where a
    peeled root trace's re-entry block begins (jit/optimizer/reentry.py);
    len(uops) for a trace without one."""
    for index in range(len(uops) - 1, -1, -1):
        if uops[index].name == "JUMP_TO_TOP":
            return index + 1
    return len(uops)


# (enum._simple_enum makes the class EnumType would, as the standard
# library's own enums are made: half the ~0.15 ms of a first compile's
# import; tests/test_startup.py compares the two)
@enum._simple_enum(enum.IntEnum)
class BoxKind:
    """Where a value of Tier 1's frame is while the trace runs unboxed
    (stencils/helpers.h: BOX_*)."""
    REAL = 0    # a boxed object on the native stack (value: its number among them)
    INT = 1     # an int64 in scratch slot `value`
    FLOAT = 2   # a double in scratch slot `value`
    BOOL = 3    # 0 or 1 in scratch slot `value`
    OBJECT = 4  # a constant object (value: its address)


class Snapshot(NamedTuple):
    """Tier 1's boxed view of the frame at one exit of a trace that keeps
    values unboxed: the value stack (bottom first), of which the native stack
    holds the `real` REAL items, and the locals to box into localsplus."""
    stack: tuple[tuple[BoxKind, int], ...]
    real: int
    locals: tuple[tuple[int, BoxKind, int], ...] = ()
    keep: tuple = ()  # the OBJECT entries' objects
    # Every local unboxed there (`locals` leaves out those never stored,
    # whose objects in localsplus are still right): for side traces.
    live: tuple[tuple[int, BoxKind, int], ...] = ()
    # Inside inlined calls, `stack` is the innermost callee's, a local's
    # index is its frame's level (0: the trace's own) << 32 | its index
    # there; `callers` has each caller's stack (outermost first, the call's
    # inputs popped) and how many of its items are REAL.
    callers: tuple[tuple[tuple[tuple[BoxKind, int], ...], int], ...] = ()

    def encode(self) -> list[int]:
        """The int64 words rebuild_frame reads (stencils/helpers.h)."""
        words = [len(self.locals) | len(self.callers) << 32, len(self.stack), self.real]
        for index, kind, value in self.locals:
            words += [index, int(kind), value]
        for stack, real in ((self.stack, None), *self.callers):
            if real is not None:
                words += [len(stack), real]
            for kind, value in stack:
                words += [int(kind), value]
        return words

    @property
    def boxed(self) -> bool:
        """Whether every value stack's items are on the native stack already."""
        return all(real == len(stack) for stack, real in ((self.stack, self.real), *self.callers))


class InlineFrame(NamedTuple):
    """The callee of an inlined call (an INLINE_CALL's `keep`): where its
    frame lives while the trace runs its body, and what Tier 1 needs to
    rebuild the frame when the trace leaves from inside it."""
    code: object         # the callee's code object
    function: object     # the function recorded (frames of code without free variables
                         # need nothing else of it)
    call_offset: int     # the caller's CALL
    resume_offset: int   # the caller's instruction after the CALL
    base: int            # its first slot in JITState.inline_slots
    locals: int          # co_nlocalsplus (+ 1: the hidden instance, if it constructs)
    stack_size: int      # co_stacksize
    constructs: bool = False  # an __init__ run on a new instance (the call's value)
    # A binary operator's method (`__add__` run for BINARY_OP): the message of
    # the TypeError its NotImplemented makes (CPython tries no other method).
    operator: str | None = None
    # How the call bound the parameters (jit/trace/inline.py `Binding`;
    # None: an operator's two operands).
    binding: object = None

    def operand(self, self_from: int) -> int:
        """INLINE_CALL's operand (stencils/uops.c): first slot, local count,
        where a self comes from (SELF_*; a constructing call's is the new
        instance), and whether INLINE_CALL puts the cells of a closure's
        function in its free variables (COPY_CLOSURE does, see
        `cells_by_inline_call`)."""
        if self.constructs:
            self_from = SELF_INSTANCE
        elif self.operator is not None:
            self_from = SELF_OPERANDS
        return (self.base | self.locals << 16 | self_from << 32
                | self.cells_by_inline_call() << 38)

    def cells_by_inline_call(self) -> bool:
        """Whether the callee is a closure whose function is on the stack at
        INLINE_CALL (a function or method call: its cells are read there);
        a constructing call's __init__ and an operator method are guarded
        objects, whose cells COPY_CLOSURE copies."""
        return (bool(getattr(self.code, "co_freevars", ()))  # (tests build frames of no code)
                and not self.constructs and self.operator is None)


# Where INLINE_CALL finds the self it passes as the callee's local 0 (its
# operand's bits 32-34): none (a plain function), a bound method's, the new
# instance of a constructing call, the self of CPython's unbound form
# [function, self], or a binary operator's operands [self, other] (its two
# inputs, with oparg 0, are both arguments).
SELF_NONE, SELF_BOUND, SELF_INSTANCE, SELF_UNBOUND, SELF_OPERANDS = 0, 1, 3, 5, 7
# The guard on an inlined callee that comes before its INLINE_CALL, by where
# the self comes from (a constructing call's are GUARD_CALLEE and
# ALLOC_INSTANCE).
INLINE_GUARDS = {SELF_NONE: "GUARD_INLINE_FUNCTION", SELF_BOUND: "GUARD_INLINE_METHOD",
                 SELF_UNBOUND: "GUARD_INLINE_UNBOUND"}


def self_first(operand: int) -> int:
    """1 when INLINE_CALL `operand` passes a self as the callee's local 0."""
    return (operand >> 32) & 1


def self_from(operand: int) -> int:
    """Where INLINE_CALL `operand` takes its self from (SELF_*)."""
    return (operand >> 32) & 7


def stacked_arguments(operand: int) -> int:
    """How many of the two inputs under INLINE_CALL `operand`'s arguments
    are arguments too: the unbound form's and a new instance's self (1), a
    binary operator's operands (2)."""
    return _STACKED_ARGUMENTS.get(self_from(operand), 0)


_STACKED_ARGUMENTS = {SELF_UNBOUND: 1, SELF_INSTANCE: 1, SELF_OPERANDS: 2}


# BUILD_SLICE's oparg (its stencil has no use for one): the container the
# recording saw sliced was an exact list.  The unbox pass fuses a slice and
# its subscript into LIST_SLICE / LIST_STORE_SLICE, guarding a container of
# unknown type, only then (speculating on a str's slice, the guard failed at
# every run and each side trace from it again: ~140 of them).
SLICED_LIST = 1

# Inlined calls' frames in JITState (stencils/jit.h).
INLINE_DEPTH = 8
INLINE_SLOTS = 512
# The most items a CALL_FUNCTION_EX inlined unpacks (its tuple's and dict's:
# UNPACK_CALL_EX, stencils/jit.h JIT_MAX_UNPACKED).
MAX_UNPACKED = 16
# --stats: COUNT_UOPS's oparg packs a stretch's uops in its low COUNT_BITS
# bits and its generic ones above them (stencils/jit.h JIT_COUNT_BITS).
COUNT_BITS = 16


def packed_count(uops: int, generic: int) -> int:
    """`uops` uops, `generic` of them GENERIC, as COUNT_UOPS counts them."""
    if not 0 <= generic <= uops < 1 << COUNT_BITS:
        raise ValueError(f"cannot count {uops} uops ({generic} generic) in one stretch")
    return uops | generic << COUNT_BITS


def unpacked_count(packed: int) -> tuple[int, int]:
    """The uops and generic uops `packed` counts (packed_count's inverse)."""
    return packed & ((1 << COUNT_BITS) - 1), packed >> COUNT_BITS


# Types whose truth runs no Python code and cannot fail (exact types only):
# TO_BOOL and UNARY_NOT of them do not escape.
PLAIN_TRUTH = frozenset({bool, int, float, str, bytes, list, tuple, dict, set, frozenset,
                         type(None)})
