"""Compiling a planned trace through LLVM, and loading the result.

The plan is the one copy-and-patch emits (jit/backend/executor.py
`plan_trace`): a list of stencil instances whose links name other instances.
Here instance i becomes function `cpjit.i` (instance 0: `_JIT_ENTRY`), made
from its stencil's IR template with the instance's values: the continuation
chain becomes direct (musttail) calls between functions of one module, which
LLVM at -O2 inlines into straight-line code and real loops.  Each instance is
parsed as its own small module and LLVM's linker joins them (it reconciles
the types, attributes and metadata they share).

The module is compiled to an x86-64 object with the stencils' code model
(static, medium, large data threshold 0 from the IR's module flags), read by
the stencil reader into one Stencil, and placed by the copy-and-patch emitter
into W^X memory, its C-API relocations resolved as for any stencil.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import io
import threading
import time
from dataclasses import dataclass
from typing import Any, Sequence

from jit.backend.emitter import (
    IMMEDIATE_FIELDS, LINK_FIELDS, MASK64, OFFSET_FIELDS, EmittedCode, Instance, emit_prepared,
    immediate_value, prepare,
)
from jit.backend.llvm.templates import Templates, UopTemplate, binding, templates_for
from jit.backend.memory import ExecutableMemory
from jit.backend.symbols import address_of
from jit.stencils.elf import ENTRY_SYMBOL, read_object
from jit.stencils.model import HOLE_SYMBOLS, StencilError, StencilLibrary

# Hole symbol -> what its value is (value holes) or the Instance field holding
# its link (code holes).
_VALUES = {symbol: value for symbol, value in HOLE_SYMBOLS.items()
           if value in IMMEDIATE_FIELDS or value in OFFSET_FIELDS}
_LINK_FIELDS = {symbol: LINK_FIELDS[value] for symbol, value in HOLE_SYMBOLS.items()
                if value in LINK_FIELDS}
OBJECT_NAME = "llvm_trace"


def function_name(index: int) -> str:
    return ENTRY_SYMBOL if index == 0 else f"cpjit.{index}"


def _constant(value: int) -> str:
    return f"inttoptr (i64 {value & MASK64} to ptr)"


def instance_ir(template: UopTemplate, index: int, instance: Instance,
                count: int, external: Sequence[int]) -> str:
    """The LLVM text of instance `index` of `count`: a module defining its function."""
    declared = {index}
    declarations = []
    parts = [template.texts[0]]
    for reference, text in zip(template.references, template.texts[1:]):
        if reference == ENTRY_SYMBOL:
            parts.append("@" + function_name(index))
        elif reference in _VALUES:
            parts.append(_constant(immediate_value(instance, _VALUES[reference])))
        elif reference in template.data:
            parts.append(_constant(address_of(reference)))
        else:
            link = getattr(instance, _LINK_FIELDS[reference])
            if link is None:
                raise StencilError(f"stencil {template.name}: hole {reference} has nothing "
                                   "to point to in this trace")
            if link >= count:  # code outside this module, e.g. a root trace's loop top
                parts.append(_constant(external[link - count]))
            else:
                parts.append("@" + function_name(link))
                if link not in declared:
                    declared.add(link)
                    before, after = template.declarations[reference]
                    declarations.append(f"{before}{function_name(link)}{after}")
        parts.append(text)
    return "".join([*parts, "\n", *(line + "\n" for line in declarations)])


@dataclass
class Timings:
    """Where one compilation's time went, in seconds."""
    build: float = 0.0     # instantiating templates, parsing and linking the module
    optimize: float = 0.0  # the LLVM pass pipeline
    codegen: float = 0.0   # instruction selection to an object file
    load: float = 0.0      # reading the object, copying and patching it into memory


class LlvmCompiler:
    """Compiles planned traces at one optimization level (0 or 2)."""

    def __init__(self, level: int) -> None:
        self.level = level
        self.lock = threading.Lock()  # llvmlite objects are not shared between threads
        self.target_machine: Any = None
        self.last = Timings()

    def _machine(self, triple: str) -> Any:
        if self.target_machine is None:
            llvm = binding()
            llvm.initialize_native_target()
            llvm.initialize_native_asmprinter()
            # Generic x86-64, like the stencils (the IR's functions name their CPU).
            self.target_machine = llvm.Target.from_triple(triple).create_target_machine(
                opt=self.level, reloc="static", codemodel="medium")
        return self.target_machine

    def module(self, instances: Sequence[Instance], templates: Templates,
               external: Sequence[int] = ()) -> Any:
        """The linked (unoptimized) module of `instances`."""
        llvm = binding()
        count = len(instances)
        parts = []
        for index, instance in enumerate(instances):
            text = instance_ir(templates[instance.stencil], index, instance, count, external)
            try:
                parts.append(llvm.parse_assembly(text))
            except RuntimeError as error:
                raise StencilError(f"instance {index} ({instance.stencil}): LLVM rejected its "
                                   f"IR: {str(error).strip()}") from None
        # Pairwise, in order: linking into one ever-growing module costs time
        # proportional to its size at every step.
        while len(parts) > 1:
            for index in range(0, len(parts) - 1, 2):
                parts[index].link_in(parts[index + 1])
            parts = parts[::2]
        module = parts[0]
        # Only the entry points keep their functions: the first instance (the
        # entry shim or a side trace's start), the second (a root trace's loop
        # top, which side traces jump to, or its re-entry block), the loop body a root's back edge
        # jumps to past a prologue (side traces' JUMP_TO_BODY goes there) and
        # the tails (exit slots point at the exit tail, snapshot cells at
        # their stubs).  The rest may be inlined away.  The tails stay out
        # of line, shared as in copy-and-patch: inlined at every error site,
        # they made -O2 take ~2.7x as long for code that runs once per exit.
        tails = {function_name(index) for index, instance in enumerate(instances)
                 if index > 0 and instance.stencil.startswith("_")}
        bodies = {function_name(instance.jump) for instance in instances
                  if instance.stencil == "JUMP_TO_TOP" and instance.jump is not None
                  and instance.jump < len(instances)}
        # A peeled root trace's re-entry block, after its closing JUMP_TO_TOP:
        # side traces jump there (jit/optimizer/reentry.py).
        blocks = {function_name(index + 1) for index, instance in enumerate(instances[:-1])
                  if instance.stencil == "JUMP_TO_TOP"
                  and not instances[index + 1].stencil.startswith("_")}
        entry_points = {function_name(0), function_name(1), *bodies, *blocks, *tails}
        for function in module.functions:
            if function.is_declaration:
                continue
            if function.name not in entry_points:
                function.linkage = "internal"
                if function.name not in tails and self.level > 0:
                    # Each instance's function tail-calls the next: the
                    # inliner's bottom-up walk with simplification after
                    # each step re-optimized the whole rest of the chain
                    # at every instance (quadratic: a 388-instance trace
                    # took 8.7 s).  Always inlined, the chain is joined
                    # first and optimized once (0.6 s).
                    function.add_function_attribute("alwaysinline")
            elif function.name in tails:
                function.add_function_attribute("noinline")
        return module

    def compile(self, instances: Sequence[Instance], library: StencilLibrary,
                memory: ExecutableMemory, external: Sequence[int] = ()) -> EmittedCode:
        """The backend's `emit`: machine code for `instances` in fresh W^X memory."""
        templates = templates_for(library)
        with self.lock:
            timings = Timings()
            started = time.perf_counter()
            module = self.module(instances, templates, external)
            machine = self._machine(module.triple)
            timings.build = time.perf_counter() - started
            started = time.perf_counter()
            llvm = binding()
            builder = llvm.create_pass_builder(
                machine, llvm.create_pipeline_tuning_options(speed_level=self.level))
            builder.getModulePassManager().run(module, builder)
            timings.optimize = time.perf_counter() - started
            started = time.perf_counter()
            obj = machine.emit_object(module)
            timings.codegen = time.perf_counter() - started
        started = time.perf_counter()
        stencil, functions = read_object(io.BytesIO(obj), OBJECT_NAME, "LLVM's object")
        code = emit_prepared([Instance(OBJECT_NAME)], [prepare(stencil)], memory)
        # Functions are laid out in instance order; an instance inlined away
        # gets the address where the next surviving one starts.
        addresses = []
        next_address = code.region.address + code.code_size
        for index in reversed(range(len(instances))):
            offset = functions.get(function_name(index))
            if offset is not None:
                next_address = code.region.address + offset
            addresses.append(next_address)
        timings.load = time.perf_counter() - started
        self.last = timings
        return code._replace(addresses=tuple(reversed(addresses)))
