"""--dump DIR: what the JIT made of each trace, one text file per trace.

Each file names the code object and loop, lists the bytecode instructions the
recording covered, the uops with their operands as recorded, what each
optimizer pass changed, and the machine code of every stencil placed (the
trace as compiled), disassembled with capstone.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import difflib
import dis
import re
from pathlib import Path

from interpreter.decode import Decoded
from jit.backend.executor import NativeCode
from jit.backend.native import ffi
from jit.uops import UOp


def _disassembler():
    try:
        import capstone
    except ImportError:
        raise SystemExit("cpjit: --dump needs capstone (pip install capstone)") from None
    return capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)


class Dumper:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.disassembler = _disassembler()
        directory.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def trace(self, dec: Decoded, header: int, offsets: tuple[int, ...],
              passes: list[tuple[str, list[UOp]]], native: NativeCode,
              side_of: int | None = None, function: bool = False) -> Path:
        """Write one trace: `passes` is the trace as recorded and after each
        optimizer pass, in order; `side_of` is the exit index a side trace
        hangs off; `function`: of a function trace's tree (from the code's
        first instruction, at `header`)."""
        self.count += 1
        code = dec.code
        kind = "trace" if side_of is None else f"side trace of exit {side_of}"
        root = (f"the function trace (from offset {header})" if function
                else f"the loop at offset {header}")
        name = re.sub(r"\W", "_", code.co_qualname)
        path = self.directory / f"{self.count:04d}_{name}_{header}.txt"
        lines = [f"{kind} of {root} in {code.co_qualname} "
                 f"({code.co_filename}:{code.co_firstlineno})", "", "bytecode recorded:"]
        for offset in offsets:
            ins = dec.by_offset[offset]
            lines.append(f"  {offset:>5} {ins.opname:<28} {ins.arg if ins.op >= dis.HAVE_ARGUMENT else ''}")
        for number, (name, uops) in enumerate(passes):
            if number == 0:
                lines += ["", "uops as recorded:", *_uop_lines(uops)]
            else:
                lines += ["", f"uops after the {name} pass:",
                          *_changes(_uop_lines(passes[number - 1][1]), _uop_lines(uops))]
        if len(passes) > 1:
            lines += ["", "uops compiled (after every pass):", *_uop_lines(passes[-1][1])]
        lines += ["", f"machine code ({native.code.code_size} bytes):"]
        addresses = native.code.addresses
        ends = [*addresses[1:], addresses[0] + native.code.code_size]
        for instance, start, end in zip(native.instances, addresses, ends):
            lines.append(f"  ; {instance.stencil} oparg={instance.oparg} "
                         f"operand={instance.operand:#x}")
            machine = ffi.buffer(ffi.cast("char *", start), end - start)[:]
            for insn in self.disassembler.disasm(machine, start):
                lines.append(f"  {insn.address:#014x}  {insn.mnemonic:<8} {insn.op_str}")
        path.write_text("\n".join(lines) + "\n")
        return path


def _uop_lines(uops: list[UOp]) -> list[str]:
    lines = []
    for index, uop in enumerate(uops):
        detail = f"oparg={uop.oparg} operand={uop.operand:#x} target={uop.target}"
        if uop.jump is not None:
            detail += f" jump={uop.jump}"
        if uop.keep is not None:
            detail += f"  ({_short_repr(uop.keep)})"
        lines.append(f"  {index:>4} {uop.name:<28} {detail}")
    return lines


def _changes(before: list[str], after: list[str]) -> list[str]:
    """A pass's work: the uops it removed (-) and added (+), each with its
    index in the trace before or after the pass (the trace as recorded and
    as compiled are listed whole)."""
    def text(line: str) -> str:
        return line.split(None, 1)[1]  # without the index
    matcher = difflib.SequenceMatcher(None, [text(l) for l in before], [text(l) for l in after],
                                      autojunk=False)
    changes = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            changes += [f"  -{line[1:]}" for line in before[old_start:old_end]]
            changes += [f"  +{line[1:]}" for line in after[new_start:new_end]]
    return changes or ["  (unchanged)"]


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
