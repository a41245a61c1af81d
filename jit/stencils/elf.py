"""Reading one compiled stencil object (x86-64 ELF, relocatable) into a Stencil.

Allocated sections become three images: code (executable sections), data
(read-only sections) and rw_data (writable and zero-filled sections).  Every
relocation becomes a Hole.  The tail jump to the next stencil is removed when
it is the last instruction, so stencils laid end to end fall through.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple

from elftools.common.exceptions import ELFError
from elftools.construct import ConstructError
from elftools.elf.constants import SH_FLAGS
from elftools.elf.enums import ENUM_RELOC_TYPE_x64
from elftools.elf.elffile import ELFFile
from elftools.elf.relocation import RelocationSection

from jit.stencils.model import (
    HOLE_SYMBOLS, Hole, HoleValue, Image, RelocationKind, Stencil, StencilError,
)

ENTRY_SYMBOL = "_JIT_ENTRY"
JMP_REL32 = 0xE9
# jcc rel32: 0x0F, then 0x80 | condition; flipping the condition's low bit
# negates it (je <-> jne, jo <-> jno, ...).
JCC_REL32_PREFIX, JCC_REL32_FIRST, JCC_REL32_LAST = 0x0F, 0x80, 0x8F
RELATIVE_KINDS = (RelocationKind.R_X86_64_PLT32, RelocationKind.R_X86_64_PC32)
# Sections that carry nothing the stencil needs at run time.
SHT_LLVM_ADDRSIG = 0x6FFF4C03  # pyelftools reports it by number
IGNORED_TYPES = {"SHT_NULL", "SHT_SYMTAB", "SHT_STRTAB", "SHT_RELA", "SHT_NOTE",
                 "SHT_GROUP", SHT_LLVM_ADDRSIG}
RELOCATION_NAMES = {number: name for name, number in ENUM_RELOC_TYPE_x64.items()
                    if isinstance(number, int)}
IMAGE_BASE = {Image.CODE: HoleValue.CODE, Image.DATA: HoleValue.DATA,
              Image.RW_DATA: HoleValue.RW_DATA}
# Symbol and relocation entries are read with struct: pyelftools parses each
# entry separately at ~30 us, which dominated reading LLVM's objects.
ELF64_SYM = struct.Struct("<IBBHQQ")   # st_name, st_info, st_other, st_shndx, st_value, st_size
ELF64_RELA = struct.Struct("<QQq")     # r_offset, r_info, r_addend
SHN_UNDEF, SHN_LORESERVE = 0, 0xFF00
STT_FUNC = 2


class _Symbol(NamedTuple):
    name: str
    section: int  # SHN_UNDEF, a section index, or a reserved index (>= SHN_LORESERVE)
    value: int
    type: int     # STT_*


def _symbols(elf: ELFFile) -> list[_Symbol]:
    table = elf.get_section_by_name(".symtab")
    names = elf.get_section(table["sh_link"]).data()
    return [_Symbol(names[name:names.index(b"\0", name)].decode(), section, value, info & 0xF)
            for name, info, _, section, value, _ in ELF64_SYM.iter_unpack(table.data())]


class _Images:
    """Lays sections out in the three images, honouring their alignment."""

    def __init__(self) -> None:
        self.bytes = {image: bytearray() for image in Image}
        self.alignment = {image: 1 for image in Image}
        self.placement: dict[int, tuple[Image, int]] = {}  # section index -> (image, offset)

    def place(self, index: int, image: Image, content: bytes, alignment: int) -> None:
        buffer = self.bytes[image]
        alignment = max(alignment, 1)
        buffer.extend(b"\0" * (-len(buffer) % alignment))
        self.placement[index] = (image, len(buffer))
        buffer.extend(content)
        self.alignment[image] = max(self.alignment[image], alignment)


def _image_for(section, stencil: str) -> Image:
    flags = section["sh_flags"]
    if flags & SH_FLAGS.SHF_EXECINSTR:
        return Image.CODE
    if flags & SH_FLAGS.SHF_WRITE or section["sh_type"] == "SHT_NOBITS":
        return Image.RW_DATA
    return Image.DATA


def _layout(elf: ELFFile, stencil: str) -> _Images:
    images = _Images()
    for index, section in enumerate(elf.iter_sections()):
        kind = section["sh_type"]
        allocated = section["sh_flags"] & SH_FLAGS.SHF_ALLOC
        if not allocated:
            if kind in IGNORED_TYPES or kind == "SHT_PROGBITS":  # .comment and the like
                continue
            raise StencilError(f"stencil {stencil}: unhandled section {section.name} ({kind})")
        if kind not in ("SHT_PROGBITS", "SHT_NOBITS"):
            raise StencilError(
                f"stencil {stencil}: unhandled section {section.name} ({kind}); "
                "stencils may only have code, data and zero-filled sections"
            )
        content = b"\0" * section["sh_size"] if kind == "SHT_NOBITS" else section.data()
        images.place(index, _image_for(section, stencil), content, section["sh_addralign"])
    return images


def _hole(symbols: list[_Symbol], info: int, addend: int, image: Image, offset: int,
          images: _Images, stencil: str) -> Hole:
    type_number = info & 0xFFFFFFFF
    symbol = symbols[info >> 32]
    type_name = RELOCATION_NAMES.get(type_number, "unknown")
    where = (f"stencil {stencil}: relocation {type_name} (type {type_number}) at "
             f"{image.value}+{offset:#x} against {symbol.name or '<section>'}")
    try:
        kind = RelocationKind(type_number)
    except ValueError:
        raise StencilError(f"{where}: unhandled relocation type") from None
    section_index = symbol.section
    if section_index == SHN_UNDEF:
        if symbol.name in HOLE_SYMBOLS:
            return Hole(image, offset, kind, HOLE_SYMBOLS[symbol.name], None, addend)
        if symbol.name.startswith("_JIT_"):
            raise StencilError(f"{where}: unknown hole symbol {symbol.name}")
        return Hole(image, offset, kind, HoleValue.SYMBOL, symbol.name, addend)
    if section_index not in images.placement:
        raise StencilError(f"{where}: symbol in unhandled section {section_index:#x}")
    target_image, target_offset = images.placement[section_index]
    return Hole(image, offset, kind, IMAGE_BASE[target_image], None,
                addend + target_offset + symbol.value)


def _holes(elf: ELFFile, symbols: list[_Symbol], images: _Images, stencil: str) -> list[Hole]:
    holes = []
    for section in elf.iter_sections():
        if not isinstance(section, RelocationSection):
            continue
        if not section.is_RELA():
            raise StencilError(f"stencil {stencil}: REL section {section.name} (expected RELA)")
        patched = section["sh_info"]
        if patched not in images.placement:
            continue  # relocations of a section that is not copied
        image, base = images.placement[patched]
        for offset, info, addend in ELF64_RELA.iter_unpack(section.data()):
            holes.append(_hole(symbols, info, addend, image, base + offset, images, stencil))
    return holes


def _check_entry(symbols: list[_Symbol], images: _Images, stencil: str) -> None:
    defined = [s for s in symbols
               if s.name == ENTRY_SYMBOL and SHN_UNDEF < s.section < SHN_LORESERVE]
    if not defined:
        raise StencilError(f"stencil {stencil}: no {ENTRY_SYMBOL} function")
    image, offset = images.placement[defined[0].section]
    if image is not Image.CODE or offset + defined[0].value != 0:
        raise StencilError(f"stencil {stencil}: {ENTRY_SYMBOL} must start the code")


def _relative_hole(holes: list[Hole], offset: int) -> Hole | None:
    """The hole of a rel32 jump's displacement at `offset` of the code."""
    for hole in holes:
        if (hole.image is Image.CODE and hole.offset == offset and hole.addend == -4
                and hole.kind in RELATIVE_KINDS):
            return hole
    return None


def _branch_targets(code: bytes, holes: list[Hole]) -> set[int] | None:
    """Where the stencil's own jumps and branches lead in it (not those whose
    displacement is a hole); None if the code does not disassemble end to
    end."""
    import capstone  # (building stencils only)
    disassembler = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    disassembler.detail = True
    relocated = {hole.offset for hole in holes if hole.image is Image.CODE}
    targets, end = set(), 0
    for instruction in disassembler.disasm(code, 0):
        end = instruction.address + instruction.size
        if end - 4 in relocated or not (instruction.group(capstone.CS_GRP_JUMP)
                                        or instruction.group(capstone.CS_GRP_CALL)):
            continue
        targets.update(operand.imm for operand in instruction.operands
                       if operand.type == capstone.x86.X86_OP_IMM)
    return targets if end == len(code) else None


def _invert_trailing_branch(code: bytearray, holes: list[Hole]) -> None:
    """`jcc _JIT_CONTINUE; jmp X` ending the code becomes `j!cc X`, and the
    code then ends as if in `jmp _JIT_CONTINUE`: clang lays out a guard's two
    tail calls (on to the next stencil, out through the exit) either way
    round, and only this way does the hot path fall through to the next
    stencil.  Not when a jump of the stencil's own leads to the `jmp`."""
    size = len(code)
    if (size < 11 or code[-5] != JMP_REL32 or code[-11] != JCC_REL32_PREFIX
            or not JCC_REL32_FIRST <= code[-10] <= JCC_REL32_LAST):
        return
    branch, jump = _relative_hole(holes, size - 9), _relative_hole(holes, size - 4)
    if branch is None or jump is None or branch.value is not HoleValue.CONTINUE:
        return
    targets = _branch_targets(bytes(code), holes)
    if targets is None or size - 5 in targets:
        return
    code[-10] ^= 1
    holes.remove(branch)
    holes.remove(jump)
    holes.append(jump._replace(offset=size - 9))
    holes.append(branch._replace(offset=size - 4))


def _elide_trailing_jump(code: bytearray, holes: list[Hole]) -> bool:
    """Drop `jmp _JIT_CONTINUE` when it ends the code (the emitter places the
    continuation right after, or puts the jump back); say whether it did."""
    if len(code) < 5 or code[-5] != JMP_REL32:
        return False
    hole = _relative_hole(holes, len(code) - 4)
    if hole is None or hole.value is not HoleValue.CONTINUE:
        return False
    holes.remove(hole)
    del code[-5:]
    return True


def _functions(symbols: list[_Symbol], images: _Images) -> dict[str, int]:
    """The code offset of every function the object defines, by name."""
    offsets = {}
    for symbol in symbols:
        if symbol.type == STT_FUNC and symbol.section in images.placement:
            image, offset = images.placement[symbol.section]
            if image is Image.CODE:
                offsets[symbol.name] = offset + symbol.value
    return offsets


def read_object(file: BinaryIO, stencil: str, where: str, one_function: bool = False
                ) -> tuple[Stencil, dict[str, int]]:
    """Read the object in `file` (named `where` in errors) into a Stencil, and
    the code offsets of the functions it defines; any malformation is a
    StencilError naming it.  `one_function`: a stencil's object (not the
    LLVM backend's whole trace), whose ending `_invert_trailing_branch`
    may lay out again."""
    try:
        elf = ELFFile(file)
        if elf["e_machine"] != "EM_X86_64" or elf.elfclass != 64 or elf["e_type"] != "ET_REL":
            raise StencilError(f"{where}: not an x86-64 relocatable object")
        if elf.get_section_by_name(".symtab") is None:
            raise StencilError(f"{where}: object has no symbol table")
        images = _layout(elf, stencil)
        symbols = _symbols(elf)
        _check_entry(symbols, images, stencil)
        holes = _holes(elf, symbols, images, stencil)
        functions = _functions(symbols, images)
    except (ELFError, ConstructError, ValueError, IndexError, KeyError, EOFError,
            AttributeError, TypeError) as error:
        raise StencilError(f"{where}: corrupt or truncated object file ({error})") from error
    code = images.bytes[Image.CODE]
    if one_function:
        _invert_trailing_branch(code, holes)
    falls_through = _elide_trailing_jump(code, holes)
    holes.sort(key=lambda hole: (hole.image.value, hole.offset))
    stencil = Stencil(stencil, bytes(code), bytes(images.bytes[Image.DATA]),
                      bytes(images.bytes[Image.RW_DATA]),
                      max(images.alignment[Image.DATA], images.alignment[Image.RW_DATA]),
                      tuple(holes), falls_through)
    return stencil, functions


def parse_stencil(path: Path, stencil: str) -> Stencil:
    """Read `path`; any malformation is a StencilError naming the file or stencil."""
    try:
        with open(path, "rb") as file:
            return read_object(file, stencil, str(path), one_function=True)[0]
    except OSError as error:
        raise StencilError(f"{path}: cannot read object file ({error})") from error
