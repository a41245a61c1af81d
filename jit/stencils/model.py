"""What a stencil is: code and data bytes plus the holes to patch in them."""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import enum
from collections.abc import Mapping
from pathlib import Path

from interpreter.records import NamedTuple


class StencilError(Exception):
    """A stencil could not be built, parsed, loaded or patched; says which and why."""


# (enum._simple_enum makes the classes EnumType would, as the standard
# library's own enums are made: ~0.3 ms less of every start-up, which loads
# the hook's stencils; tests/test_startup.py compares them)
@enum._simple_enum(enum.Enum)
class Image:
    """The part of a placed stencil a hole lives in or points into."""
    CODE = "code"        # machine code, read-execute at run time
    DATA = "data"        # read-only data, placed after the code, read-execute
    RW_DATA = "rw_data"  # writable data (.data, .bss), in separate read-write pages


@enum._simple_enum(enum.Enum)
class HoleValue:
    """What the value patched into a hole is."""
    CODE = "CODE"                # this stencil's code (plus addend)
    DATA = "DATA"                # this stencil's read-only data
    RW_DATA = "RW_DATA"          # this stencil's writable data
    CONTINUE = "CONTINUE"        # the next stencil of the chain
    JUMP_TARGET = "JUMP_TARGET"  # the stencil a taken branch goes to
    ERROR = "ERROR"              # the trace's error tail
    EXIT = "EXIT"                # the uop's guard exit (its _EXIT_STUB)
    OPARG = "OPARG"
    OPERAND = "OPERAND"
    TARGET = "TARGET"            # the uop's bytecode offset
    EXIT_INDEX = "EXIT_INDEX"    # the uop's guard exit, in the exit table
    ERROR_INDEX = "ERROR_INDEX"  # the uop's error exit, in the exit table
    EXIT_SLOT = "EXIT_SLOT"      # the slot its guard exit jumps through
    # Field n of the operand (a scratch slot number) as a byte offset into the
    # scratch array: SCRATCH(n) in stencils/jit.h.
    SLOT0 = "SLOT0"
    SLOT1 = "SLOT1"
    SLOT2 = "SLOT2"
    SLOT3 = "SLOT3"
    # The oparg, the operand, as the byte offset of a word: AT_OPARG, AT_OPERAND.
    OPARG_OFFSET = "OPARG_OFFSET"
    OPERAND_OFFSET = "OPERAND_OFFSET"
    SYMBOL = "SYMBOL"            # a C-API function or datum, found with dlsym


# Holes by symbol name: every `_JIT_*` symbol of jit.h.
HOLE_SYMBOLS = {f"_JIT_{value.value}": value for value in (
    HoleValue.CONTINUE, HoleValue.JUMP_TARGET, HoleValue.ERROR, HoleValue.EXIT, HoleValue.OPARG,
    HoleValue.OPERAND, HoleValue.TARGET, HoleValue.EXIT_INDEX, HoleValue.ERROR_INDEX,
    HoleValue.EXIT_SLOT, HoleValue.SLOT0, HoleValue.SLOT1, HoleValue.SLOT2, HoleValue.SLOT3,
    HoleValue.OPARG_OFFSET, HoleValue.OPERAND_OFFSET,
)}


@enum._simple_enum(enum.Enum)
class RelocationKind:
    """The x86-64 ELF relocations the emitter can patch, by their ELF names."""
    R_X86_64_64 = 1
    R_X86_64_PC32 = 2
    R_X86_64_PLT32 = 4
    R_X86_64_GOTPCREL = 9
    R_X86_64_32 = 10
    R_X86_64_32S = 11
    R_X86_64_PC64 = 24
    R_X86_64_GOTPCRELX = 41
    R_X86_64_REX_GOTPCRELX = 42

    @property
    def is_got(self) -> bool:
        return self in GOT_RELOCATIONS


GOT_RELOCATIONS = frozenset({
    RelocationKind.R_X86_64_GOTPCREL,
    RelocationKind.R_X86_64_GOTPCRELX,
    RelocationKind.R_X86_64_REX_GOTPCRELX,
})


# Decoding looks members up here: calling an Enum class (or subscripting it)
# costs ~1 us, three times per hole, ~130 holes for a first trace's stencils.
_IMAGES = {image.value: image for image in Image}
_KINDS = {kind.name: kind for kind in RelocationKind}
_VALUES = {value.value: value for value in HoleValue}


class Hole(NamedTuple):
    """One place to patch.  (Hole and Stencil are NamedTuples: start-up creates
    both classes, a dataclass costs ~0.5 ms to create, and decoding a stencil
    makes a Hole per relocation, ~1 us less each than a frozen dataclass.)"""

    image: Image          # where the hole is
    offset: int           # byte offset of the hole in that image
    kind: RelocationKind
    value: HoleValue
    symbol: str | None    # for SYMBOL holes
    addend: int

    def to_json(self) -> list:
        return [self.image.value, self.offset, self.kind.name, self.value.value,
                self.symbol, self.addend]

    @classmethod
    def from_json(cls, row: list) -> Hole:
        image, offset, kind, value, symbol, addend = row
        return cls(_IMAGES[image], offset, _KINDS[kind], _VALUES[value], symbol, addend)


class Stencil(NamedTuple):
    name: str
    code: bytes
    data: bytes
    rw_data: bytes
    data_alignment: int
    holes: tuple[Hole, ...]
    # The code ended in `jmp _JIT_CONTINUE`, now removed: it runs on into
    # whatever is placed after it, which must be its continuation.
    falls_through: bool = False

    def to_json(self) -> dict:
        return {
            "falls_through": self.falls_through,
            "code": self.code.hex(),
            "data": self.data.hex(),
            "rw_data": self.rw_data.hex(),
            "data_alignment": self.data_alignment,
            "holes": [hole.to_json() for hole in self.holes],
        }

    @classmethod
    def from_json(cls, name: str, entry: dict) -> Stencil:
        return cls(
            name,
            bytes.fromhex(entry["code"]),
            bytes.fromhex(entry["data"]),
            bytes.fromhex(entry["rw_data"]),
            entry["data_alignment"],
            tuple(Hole.from_json(row) for row in entry["holes"]),
            entry["falls_through"],
        )


class StencilLibrary:
    """The stencils of one build.  (A plain class: start-up loads one, and a
    dataclass costs ~0.5 ms to create.)"""

    __slots__ = ("digest", "compiler", "stencils")

    def __init__(self, digest: str, compiler: str, stencils: Mapping[str, Stencil]) -> None:
        self.digest = digest      # of every input the build depends on (see library.py)
        self.compiler = compiler  # the compiler's version line
        self.stencils = stencils

    def __getitem__(self, name: str) -> Stencil:
        try:
            return self.stencils[name]
        except KeyError:
            raise StencilError(f"no stencil named {name!r} in the stencil library") from None

    def save(self, path: Path) -> None:
        import json  # (not at start-up: loading reads library.py's mirror)
        payload = {
            "generated_by": "build_stencils.py — do not edit",
            "digest": self.digest,
            "compiler": self.compiler,
            "stencils": {name: s.to_json() for name, s in sorted(self.stencils.items())},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(payload, indent=1, sort_keys=True))
        temporary.replace(path)  # readers never see a half-written library

    @classmethod
    def load(cls, path: Path) -> StencilLibrary:
        import json
        try:
            payload = json.loads(path.read_text())
            stencils = {name: Stencil.from_json(name, entry)
                        for name, entry in payload["stencils"].items()}
            return cls(payload["digest"], payload["compiler"], stencils)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise StencilError(f"{path}: unreadable stencil library ({error})") from error
