"""Copy-and-patch: lay stencils out end to end, then patch every hole.

A trace's memory, in order: the stencils' code (entry shim, uops, exit and
error tails), their read-only data, far-call trampolines and GOT slots, all in
one region that ends up read-execute; writable stencil data, if any, lives in
a second region that stays read-write and is never executable.

Like CPython's Tools/jit/_writer.py, which writes one C emitter per stencil,
each stencil gets one straight-line Python function that copies its bytes and
patches its holes.  The functions are generated and compiled once per stencil
library and kept, compiled, in a cache file next to it (see EmitterCache);
each process binds them to its own symbol addresses.  Holes whose value is the
same wherever a trace lands (absolute addresses of C-API symbols) are patched
into the stencil's bytes once per process, up front.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import marshal
import struct
import sys
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from interpreter.records import NamedTuple
from jit.backend.memory import ExecutableMemory, Region
from jit.backend.symbols import address_of
from jit.paths import BUILD_DIR, GENERATED_CODE_PREFIX
from jit.stencils import cache
from jit.stencils.model import (
    GOT_RELOCATIONS, Hole, HoleValue, Image, RelocationKind, Stencil, StencilError,
    StencilLibrary,
)

# jmp *0(%rip) followed by the 8-byte target: reaches any address.
TRAMPOLINE_PREFIX = b"\xff\x25\x00\x00\x00\x00"
TRAMPOLINE_SIZE = len(TRAMPOLINE_PREFIX) + 8
# jmp rel32: put back after a stencil that falls through when its
# continuation is not the stencil placed next.
JMP_REL32 = 0xE9
JUMP_SIZE = 5
GOT_SLOT_SIZE = 8
DATA_ALIGNMENT = 16
MASK64 = (1 << 64) - 1
INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1
PC32_KINDS = (RelocationKind.R_X86_64_PC32, RelocationKind.R_X86_64_PLT32)


class Instance(NamedTuple):
    """One stencil placed in a trace; links are indices of other instances."""
    stencil: str
    oparg: int = 0
    operand: int = 0
    target: int = 0
    next: int | None = None   # where _JIT_CONTINUE goes
    jump: int | None = None   # where _JIT_JUMP_TARGET goes
    error: int | None = None  # where _JIT_ERROR goes
    exit_index: int = -1      # _JIT_EXIT_INDEX
    error_index: int = -1     # _JIT_ERROR_INDEX
    exit_slot: int = 0        # _JIT_EXIT_SLOT: an address
    exit: int | None = None   # where _JIT_EXIT goes


LINK_FIELDS = {HoleValue.CONTINUE: "next", HoleValue.JUMP_TARGET: "jump",
               HoleValue.ERROR: "error", HoleValue.EXIT: "exit"}
IMMEDIATE_FIELDS = {HoleValue.OPARG: "oparg", HoleValue.OPERAND: "operand",
                    HoleValue.TARGET: "target", HoleValue.EXIT_INDEX: "exit_index",
                    HoleValue.ERROR_INDEX: "error_index", HoleValue.EXIT_SLOT: "exit_slot"}
# Holes that are byte offsets of 8-byte words, computed from a field of the
# instance: (field, shift, mask).  SCRATCH(n)'s slot number (16 bits at 16 * n
# of the operand) into the scratch array; AT_OPARG's oparg and AT_OPERAND's
# operand (stencils/jit.h).
WORD_SIZE = 8
OFFSET_FIELDS = {
    HoleValue.SLOT0: ("operand", 0, 0xFFFF), HoleValue.SLOT1: ("operand", 16, 0xFFFF),
    HoleValue.SLOT2: ("operand", 32, 0xFFFF), HoleValue.SLOT3: ("operand", 48, 0xFFFF),
    HoleValue.OPARG_OFFSET: ("oparg", 0, MASK64),
    HoleValue.OPERAND_OFFSET: ("operand", 0, MASK64),
}


def immediate_value(instance: Instance, value: HoleValue) -> int:
    """The value of a value hole (IMMEDIATE_FIELDS or OFFSET_FIELDS) of `instance`."""
    offset = OFFSET_FIELDS.get(value)
    if offset is None:
        return getattr(instance, IMMEDIATE_FIELDS[value])
    field, shift, mask = offset
    return ((getattr(instance, field) >> shift) & mask) * WORD_SIZE


def _hole_message(stencil: str, hole: Hole, value: int, why: str) -> str:
    return (f"stencil {stencil}: {hole.kind.name} hole at {hole.image.value}+{hole.offset:#x} "
            f"({hole.value.value}{' ' + hole.symbol if hole.symbol else ''}): "
            f"value {value:#x} {why}")


class _Fail:
    """Raised from generated emitters, with the hole's description (of the
    stencil `stencil()` gives: only then decoded)."""

    def __init__(self, stencil: Callable[[], Stencil]) -> None:
        self.stencil = stencil

    def __call__(self, hole_index: int, value: int, why: str) -> StencilError:
        stencil = self.stencil()
        # (the generated emitter numbers the holes it patches)
        holes = [hole for hole in stencil.holes if not _is_patched_up_front(hole)]
        return StencilError(_hole_message(stencil.name, holes[hole_index], value, why))


# Generated emitters take: the code/data buffer, the rw buffer, the instance,
# the addresses of all instances, offsets of this stencil's code, data and rw
# data, the addresses those offsets will have, the first GOT slot's offset,
# and the trampolines' offsets by symbol.
if TYPE_CHECKING:  # (annotations only: subscripting costs the import ~15 us)
    EmitFunction = Callable[..., None]


class PreparedStencil(NamedTuple):
    """A stencil ready to emit: its sizes, and its emitter bound to this process.
    (This module's records are NamedTuples: start-up imports it to emit the
    frame-evaluation hook, and a dataclass costs ~0.5 ms to create.)"""

    name: str
    code_size: int
    data_size: int
    rw_size: int
    data_alignment: int
    trampolines: tuple[str, ...]  # C functions reached by a 32-bit displacement
    got_slots: int
    falls_through: bool
    emit: EmitFunction
    code_only: bool  # no data, writable data, GOT slots or trampolines


def _value_expression(hole: Hole) -> str:
    """A Python expression for the hole's value inside a generated emitter."""
    if hole.value in LINK_FIELDS:
        return f"addresses[instance.{LINK_FIELDS[hole.value]}]"
    if hole.value in IMMEDIATE_FIELDS:
        return f"instance.{IMMEDIATE_FIELDS[hole.value]}"
    if hole.value in OFFSET_FIELDS:
        field, shift, mask = OFFSET_FIELDS[hole.value]
        return f"((instance.{field} >> {shift}) & {mask:#x}) * {WORD_SIZE}"
    if hole.value is HoleValue.SYMBOL:
        return _symbol_name(hole.symbol)
    return {HoleValue.CODE: "code_base", HoleValue.DATA: "data_base",
            HoleValue.RW_DATA: "rw_base"}[hole.value]


def _symbol_name(symbol: str) -> str:
    """The generated emitters' global holding `symbol`'s address (bound per
    process: the emitters themselves hold no address)."""
    return f"SYMBOL_{symbol}"


def _is_patched_up_front(hole: Hole) -> bool:
    return hole.value is HoleValue.SYMBOL and hole.kind is RelocationKind.R_X86_64_64


class GeneratedEmitter(NamedTuple):
    """A stencil's emitter, compiled, independent of the process, with what
    binding it takes of the stencil (so a cached one needs no decoded Stencil)."""
    code: CodeType
    trampolines: tuple[str, ...]  # C functions reached by a 32-bit displacement
    got_slots: int
    symbols: tuple[str, ...]      # whose addresses the emitter's globals hold
    name: str
    images: tuple[bytes, bytes, bytes]  # code, data and writable data
    data_alignment: int
    falls_through: bool
    # the holes patched up front: (image index in `images`, offset, symbol, addend)
    up_front: tuple[tuple[int, int, str, int], ...]

    def to_tuple(self) -> tuple:
        """Itself as a plain tuple, which marshal writes."""
        return tuple(self)


def generate(stencil: Stencil) -> GeneratedEmitter:
    """Generate and compile the emitter of `stencil`'s holes (but those
    patched up front)."""
    where = {Image.CODE: ("buffer", "code_at", "code_base"),
             Image.DATA: ("buffer", "data_at", "data_base"),
             Image.RW_DATA: ("rw_buffer", "rw_at", "rw_base")}
    body = ["    buffer[code_at:code_at + CODE_SIZE] = CODE"]
    if stencil.data:
        body.append("    buffer[data_at:data_at + DATA_SIZE] = DATA")
    if stencil.rw_data:
        body.append("    rw_buffer[rw_at:rw_at + RW_SIZE] = RW_DATA")
    holes: list[Hole] = []
    trampolines: list[str] = []
    got_slots = 0
    links = {hole.value for hole in stencil.holes if hole.value in LINK_FIELDS}
    for value in sorted(links, key=lambda v: v.value):
        field = LINK_FIELDS[value]
        body.append(f"    if instance.{field} is None:")
        body.append(f"        raise StencilError('stencil {stencil.name}: hole {value.value} "
                    f"has nothing to point to in this trace')")
    for hole in stencil.holes:
        if _is_patched_up_front(hole):
            continue
        index = len(holes)
        holes.append(hole)
        buffer, start, base = where[hole.image]
        at = f"{start} + {hole.offset}"
        location = f"({base} + {hole.offset})"
        value = _value_expression(hole)
        kind = hole.kind
        if kind is RelocationKind.R_X86_64_64:
            body.append(f"    PACK_U64({buffer}, {at}, ({value} + {hole.addend}) & MASK64)")
        elif kind is RelocationKind.R_X86_64_PC64:
            body.append(f"    PACK_U64({buffer}, {at}, ({value} + {hole.addend} - {location}) & MASK64)")
        elif kind in GOT_RELOCATIONS:
            body.append(f"    PACK_U64(buffer, got_at + {got_slots * GOT_SLOT_SIZE}, {value} & MASK64)")
            body.append(f"    PACK_I32({buffer}, {at}, code_base - code_at + got_at + "
                        f"{got_slots * GOT_SLOT_SIZE + hole.addend} - {location})")
            got_slots += 1
        elif kind in PC32_KINDS and hole.value is HoleValue.SYMBOL:
            if hole.symbol not in trampolines:
                trampolines.append(hole.symbol)
            body += [
                f"    displacement = {value} + {hole.addend} - {location}",
                "    if not INT32_MIN <= displacement <= INT32_MAX:",
                f"        displacement = code_base - code_at + trampolines[{hole.symbol!r}]"
                f" + {hole.addend} - {location}",
                "        if not INT32_MIN <= displacement <= INT32_MAX:",
                f"            raise fail({index}, {value}, 'is out of 32-bit PC-relative reach')",
                f"    PACK_I32({buffer}, {at}, displacement)",
            ]
        elif kind in PC32_KINDS and hole.value in LINK_FIELDS:
            # A link may lead into another trace (a side trace's loop top).
            body += [
                f"    displacement = {value} + {hole.addend} - {location}",
                "    if not INT32_MIN <= displacement <= INT32_MAX:",
                f"        raise fail({index}, {value}, 'is out of 32-bit PC-relative reach')",
                f"    PACK_I32({buffer}, {at}, displacement)",
            ]
        elif kind in PC32_KINDS:
            # The stencil's own code and data are always within reach.
            body.append(f"    PACK_I32({buffer}, {at}, {value} + {hole.addend} - {location})")
        else:
            low, high, pack = ((0, (1 << 32) - 1, "PACK_U32") if kind is RelocationKind.R_X86_64_32
                               else (INT32_MIN, INT32_MAX, "PACK_I32"))
            body += [
                f"    value = {value} + {hole.addend}",
                f"    if not {low} <= value <= {high}:",
                f"        raise fail({index}, value, 'does not fit {kind.name}')",
                f"    PACK_{pack[5:]}({buffer}, {at}, value)",
            ]
    source = "\n".join([
        f"def emit_{stencil.name}(buffer, rw_buffer, instance, addresses, code_at, data_at, "
        "rw_at, code_base, data_base, rw_base, got_at, trampolines):",
        *body,
    ])
    symbols = sorted({hole.symbol for hole in holes if hole.value is HoleValue.SYMBOL})
    filename = f"{GENERATED_CODE_PREFIX}emitter for stencil {stencil.name}>"
    images = (Image.CODE, Image.DATA, Image.RW_DATA)
    return GeneratedEmitter(compile(source, filename, "exec"),
                            tuple(trampolines), got_slots, tuple(symbols), stencil.name,
                            (stencil.code, stencil.data, stencil.rw_data),
                            stencil.data_alignment, stencil.falls_through,
                            tuple((images.index(hole.image), hole.offset, hole.symbol, hole.addend)
                                  for hole in stencil.holes if _is_patched_up_front(hole)))


_PACK_U64 = struct.Struct("<Q").pack_into
# What every bound emitter's globals hold (see prepare).
_EMITTER_GLOBALS = {
    "PACK_U64": _PACK_U64, "PACK_I32": struct.Struct("<i").pack_into,
    "PACK_U32": struct.Struct("<I").pack_into, "MASK64": MASK64,
    "INT32_MIN": INT32_MIN, "INT32_MAX": INT32_MAX, "StencilError": StencilError,
}


def prepare(stencil: Stencil, generated: GeneratedEmitter | None = None) -> PreparedStencil:
    """Patch the position-independent holes now; bind the emitter for the
    rest (`generated`, or generated now) to this process's addresses."""
    return _bind(generated or generate(stencil), lambda: stencil)


def _bind(generated: GeneratedEmitter, stencil: Callable[[], Stencil]) -> PreparedStencil:
    """`prepare` of the stencil `generated` was generated for (`stencil()`,
    for error messages only)."""
    code, data, rw_data = generated.images
    if generated.up_front:
        images = [bytearray(code), bytearray(data), bytearray(rw_data)]
        for image, offset, symbol, addend in generated.up_front:
            _PACK_U64(images[image], offset, (address_of(symbol) + addend) & MASK64)
        code, data, rw_data = map(bytes, images)
    namespace = _EMITTER_GLOBALS.copy()
    namespace.update({
        "CODE": code, "DATA": data, "RW_DATA": rw_data, "CODE_SIZE": len(code),
        "DATA_SIZE": len(data), "RW_SIZE": len(rw_data), "fail": _Fail(stencil),
    })
    for symbol in generated.symbols:
        namespace[_symbol_name(symbol)] = address_of(symbol)
    exec(generated.code, namespace)
    return PreparedStencil(generated.name, len(code), len(data), len(rw_data),
                           generated.data_alignment, generated.trampolines, generated.got_slots,
                           generated.falls_through, namespace[f"emit_{generated.name}"],
                           not (data or rw_data or generated.got_slots or generated.trampolines))


CACHE_HEADER = b"cpjit emitter cache, generated by jit/backend/emitter.py: do not edit\n"


class EmitterCache:
    """Every stencil's compiled emitter for one stencil library, in one file
    (build/stencils/emitters-KEY.marshal), so a process neither generates
    nor compiles them (~0.2 ms per stencil used, ~3 ms for a first trace).

    KEY digests the library's digest (its stencils' bytes and holes), this
    module's source (what it generates) and the Python version (marshal's
    format, the bytecode): any change names another file, and a file whose
    recorded key differs is never used.  A missing, stale or unreadable file
    is regenerated whole (an unreadable one, e.g. failing its CRC-32, with a
    message) and written atomically (jit/stencils/cache.py); with an
    unwritable build directory, each process generates the emitters it uses,
    as they are used."""

    def __init__(self, library: StencilLibrary, directory: Path | None = None) -> None:
        self.library = library
        self.key = cache.key(library.digest.encode(), Path(__file__).read_bytes(),
                             sys.version.encode())
        self.path = (directory or BUILD_DIR / "stencils") / f"emitters-{self.key[:16]}.marshal"
        self.entries: Mapping[str, bytes] | None = None
        self.writable = True

    def generated(self, name: str) -> GeneratedEmitter:
        if self.entries is None:
            self.entries = self._read()
        if name not in self.entries:
            self.library[name]  # (a name the library lacks: its StencilError, before writing)
        if name not in self.entries and self.writable:  # a new cache
            written = cache.write(self.path, CACHE_HEADER, self.key, self._generate_all,
                                  indexed=True)
            self.writable = written is not None
            self.entries = written[1] if written else dict(self.entries)
        if name not in self.entries:  # an unwritable build directory: only what is used
            self.entries[name] = marshal.dumps(generate(self.library[name]).to_tuple())
        # (the file's key and the entry's CRC-32 were checked: it is what we wrote)
        return GeneratedEmitter(*marshal.loads(self.entries[name]))

    def _read(self) -> Mapping[str, bytes]:
        value = cache.read_indexed(self.path, CACHE_HEADER, self.key, "emitter cache",
                                   self._generate_all)
        return {} if value is None else value[1]

    def _generate_all(self) -> tuple[None, dict[str, bytes]]:
        return None, {name: marshal.dumps(generate(self.library[name]).to_tuple())
                      for name in self.library.stencils}


_prepared: dict[int, tuple[StencilLibrary, dict[str, PreparedStencil], EmitterCache]] = {}


def _entry(library: StencilLibrary) -> tuple[StencilLibrary, dict[str, PreparedStencil],
                                              EmitterCache]:
    entry = _prepared.get(id(library))
    if entry is None or entry[0] is not library:
        entry = _prepared[id(library)] = (library, {}, EmitterCache(library))
    return entry


def prepared_stencils(library: StencilLibrary) -> dict[str, PreparedStencil]:
    """Every stencil of `library` that was prepared in this process, by name."""
    return _entry(library)[1]


def prepared(library: StencilLibrary, name: str) -> PreparedStencil:
    """The stencil `name` of `library`, prepared once per process."""
    _, stencils, cache = _entry(library)
    if name not in stencils:
        # (bound from the emitter cache: the stencil is decoded only for an error message)
        stencils[name] = _bind(cache.generated(name), lambda: library[name])
    return stencils[name]


class EmittedCode(NamedTuple):
    """Instances copied and patched into executable memory."""

    region: Region              # code + read-only data, read-execute
    rw_region: Region | None    # writable stencil data, never executable
    addresses: tuple[int, ...]  # of each instance's code
    code_size: int              # bytes of machine code (without data, trampolines, GOT)

    def bytes_held(self) -> int:
        """Pages held: the code region and the writable data region."""
        return self.region.size + (self.rw_region.size if self.rw_region else 0)

    def free(self) -> None:
        self.region.free()
        if self.rw_region is not None:
            self.rw_region.free()


def _align(offset: int, alignment: int) -> int:
    return offset + (-offset % alignment)


def emit(instances: Sequence[Instance], library: StencilLibrary,
         memory: ExecutableMemory, external: Sequence[int] = ()) -> EmittedCode:
    """Copy and patch `instances` into fresh executable memory.  A link
    `len(instances) + k` leads to the address `external[k]` (code elsewhere)."""
    cache = prepared_stencils(library)
    return emit_prepared(instances, [cache[i.stencil] if i.stencil in cache
                                     else prepared(library, i.stencil) for i in instances],
                         memory, external)


def emit_prepared(instances: Sequence[Instance], stencils: Sequence[PreparedStencil],
                  memory: ExecutableMemory, external: Sequence[int] = ()) -> EmittedCode:
    """`emit` with each instance's stencil given, prepared (e.g. a one-off
    stencil that is no library's)."""
    # Layout, from sizes alone: code, then read-only data, trampolines, GOT.
    code_at, offset = [], 0
    jumps_back: list[int] = []  # instances whose elided continuation jump returns
    extras: list[int] = []      # instances with data, a GOT or trampolines (few)
    for index, (instance, stencil) in enumerate(zip(instances, stencils)):
        code_at.append(offset)
        offset += stencil.code_size
        if stencil.falls_through and instance.next != index + 1:
            if instance.next is None:
                raise StencilError(f"stencil {stencil.name} continues to the next stencil, "
                                   f"but instance {index} has none")
            jumps_back.append(index)
            offset += JUMP_SIZE
        if not stencil.code_only:
            extras.append(index)
    code_size = offset
    offset = _align(offset, DATA_ALIGNMENT)
    # (an instance of a code-only stencil is given offsets it never uses)
    data_at, rw_at, got_at = [offset] * len(stencils), [0] * len(stencils), [0] * len(stencils)
    rw_offset = got_slots = 0
    trampolines: dict[str, int] = {}
    for index in extras:
        stencil = stencils[index]
        if stencil.data_size:
            offset = _align(offset, stencil.data_alignment)
        data_at[index] = offset
        offset += stencil.data_size
        if stencil.rw_size:
            rw_offset = _align(rw_offset, stencil.data_alignment)
        rw_at[index] = rw_offset
        rw_offset += stencil.rw_size
        got_at[index] = got_slots
        got_slots += stencil.got_slots
        for symbol in stencil.trampolines:
            trampolines.setdefault(symbol, 0)
    for symbol in trampolines:
        trampolines[symbol] = offset
        offset += TRAMPOLINE_SIZE
    got_base = _align(offset, GOT_SLOT_SIZE)
    size = got_base + got_slots * GOT_SLOT_SIZE

    region = memory.allocate(size)
    rw_region = memory.allocate(rw_offset) if rw_offset else None
    try:
        buffer = bytearray(size)
        rw_buffer = bytearray(rw_offset)
        base = region.address
        rw_base = rw_region.address if rw_region else 0
        addresses = [base + at for at in code_at]
        addresses += external
        for symbol, at in trampolines.items():
            buffer[at:at + TRAMPOLINE_SIZE] = (
                TRAMPOLINE_PREFIX + address_of(symbol).to_bytes(8, "little"))
        for instance, stencil, code, data, rw, got in zip(
                instances, stencils, code_at, data_at, rw_at, got_at):
            stencil.emit(buffer, rw_buffer, instance, addresses, code, data, rw,
                         base + code, base + data, rw_base + rw,
                         got_base + got * GOT_SLOT_SIZE, trampolines)
        for index in jumps_back:
            at = code_at[index] + stencils[index].code_size
            buffer[at] = JMP_REL32
            displacement = addresses[instances[index].next] - (base + at + JUMP_SIZE)
            buffer[at + 1:at + JUMP_SIZE] = displacement.to_bytes(4, "little", signed=True)
        region.write(buffer)
        region.seal()
        if rw_region is not None:
            rw_region.write(rw_buffer)
    except BaseException:
        region.free()
        if rw_region is not None:
            rw_region.free()
        raise
    return EmittedCode(region, rw_region, tuple(addresses[:len(instances)]), code_size)
