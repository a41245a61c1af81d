"""The JIT as Tier 1 sees it: the loop back-edge hook.

Tier 1 calls `Jit.backedge` at every taken back edge.  A loop whose back edge
has been taken `threshold` times is recorded (jit.trace) and compiled
(jit.backend); from then on the back edge enters its executor, which returns
the exit it left by, and Tier 1 resumes at that exit's offset.  An exception
raised in native code is unwound by Tier 1 from the instruction that failed.
A recording that gives up backs off: the loop must get twice as hot again.

Only the hook is loaded with the runner: the recorder, the backend and the
stencil library are imported when the first loop gets hot, so start-up stays
short and a program that never gets hot sees the same sys.modules as under
python.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import collections
import gc
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interpreter import traceback as vm_traceback
from interpreter.decode import Decoded
from interpreter.frame import Frame
from interpreter.sealed import with_original_builtins
from interpreter.signals import RaiseAt
from interpreter.state import interp

if TYPE_CHECKING:
    from jit.backend.backends import Backend
    from jit.backend.executor import Executor, Exit
    from jit.dump import Dumper
    from jit.stencils.model import StencilLibrary
    from jit.trace.recorder import Recording

MAX_BACKOFF = 1 << 16
# A trace tree with this many side traces keeps meeting new cases: retire it
# and record the loop afresh.
MAX_SIDE_TRACES = 24
DEFAULT_MEMORY_CAP = 64 << 20


@dataclass
class JitStats:
    backend: str = "copy-and-patch"
    traces: int = 0
    side_traces: int = 0
    retired: collections.Counter = field(default_factory=collections.Counter)  # by reason
    aborts: collections.Counter = field(default_factory=collections.Counter)
    compile_seconds: float = 0.0
    code_bytes: int = 0
    entries: int = 0  # executor runs
    collecting: bool = False  # --stats: traces count their uops, exits are counted
    # --stats only, as (function name, offset, kind): kept off the hot path otherwise.
    exits: collections.Counter = field(default_factory=collections.Counter)

    def report(self, executors: int, native_uops: int, tier1_instructions: int) -> str:
        lines = [
            f"cpjit: {self.traces} traces compiled, {self.side_traces} side traces attached, "
            f"{sum(self.aborts.values())} recordings aborted",
        ]
        for reason, count in self.aborts.most_common():
            lines.append(f"cpjit:   aborted ({reason}): {count}")
        mean = self.compile_seconds / self.traces * 1e3 if self.traces else 0.0
        lines += [
            f"cpjit: {executors} executors alive, {sum(self.retired.values())} retired "
            f"({', '.join(f'{n} {why}' for why, n in self.retired.items()) or 'none'}), "
            f"{self.code_bytes} bytes of machine code compiled",
            f"cpjit: backend {self.backend}: compile time {self.compile_seconds * 1e3:.2f} ms "
            f"in all, {mean:.3f} ms per trace",
            f"cpjit: {self.entries} executor runs",
        ]
        if self.collecting:
            lines.append(f"cpjit: about {native_uops} uops run natively (trace length per "
                         f"iteration); {tier1_instructions} instructions dispatched by Tier 1")
        for (name, target, kind), count in self.exits.most_common(5):
            lines.append(f"cpjit:   exit to {name}:{target} ({kind.value}): {count}")
        return "\n".join(lines)


class Loop:
    """What the JIT knows about one loop header."""

    __slots__ = ("header", "counter", "executor", "aborts", "recording", "exit_heat",
                 "exit_threshold", "last_run")

    def __init__(self, header: int) -> None:
        self.header = header
        self.counter = 0
        self.executor: Executor | None = None
        self.aborts = 0
        self.recording = False
        self.exit_heat: dict[int, int] = {}       # exit index -> times taken
        self.exit_threshold: dict[int, int] = {}  # after failed side-trace recordings
        self.last_run = 0                         # Jit.clock when the executor last ran

    def retire(self) -> None:
        """Forget the executor (its memory goes when nothing runs it any more)."""
        self.executor = None
        self.counter = 0
        self.exit_heat.clear()
        self.exit_threshold.clear()


_ALL_SIGNALS = signal.valid_signals()


def _uninterrupted(function):
    """Run a step of cpjit's own work that runs no program code (importing the
    machinery, compiling): with the builtins as they were at start-up, and with
    signals held back, so a program's signal handler never runs, or raises,
    half-way through it; a held signal is delivered right after, to the
    program's code."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _ALL_SIGNALS)
    try:
        return with_original_builtins(function)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class _Machinery:
    """The Tier 2 modules, imported when the first loop gets hot."""

    def __init__(self) -> None:
        from jit import uops
        from jit.backend import backends, executor, memory, native
        from jit.stencils import library, model
        from jit.trace import recorder
        self.executor, self.memory, self.library, self.model, self.recorder = (
            executor, memory, library, model, recorder)
        self.backends = backends
        self.native, self.uops = native, uops


class Jit:
    def __init__(self, threshold: int, dump: Dumper | None = None,
                 memory_cap: int = DEFAULT_MEMORY_CAP, backend: str = "copy-and-patch") -> None:
        self.threshold = max(1, threshold)
        self.loops: dict[Decoded, dict[int, Loop]] = {}
        self.stats = JitStats(backend)
        self.library: StencilLibrary | None = None
        self.backend: Backend | None = None  # made with the library (see _stencils)
        self.dump = dump
        self.memory_cap = memory_cap
        self.clock = 0  # counts executor runs: recency for eviction
        self._loaded: _Machinery | None = None
        self.uop_counter = None  # with collect_stats(): a cffi int64 the traces add to

    def collect_stats(self) -> None:
        """--stats: traces start with a COUNT_UOPS uop, and exits are counted."""
        self.stats.collecting = True

    def native_uops(self) -> int:
        return 0 if self.uop_counter is None else self.uop_counter[0]

    def _counted(self, uops: list) -> list:
        """`uops` with COUNT_UOPS first, when counting: the loop top becomes
        the counter, so each iteration counts; other jumps move by one."""
        if not self.stats.collecting:
            return uops
        if self.uop_counter is None:
            self.uop_counter = self.machinery.native.ffi.new("int64_t[1]")
        UOp = self.machinery.uops.UOp
        address = int(self.machinery.native.ffi.cast("uintptr_t", self.uop_counter))
        shifted = [uop if not uop.jump else uop._replace(jump=uop.jump + 1) for uop in uops]
        return [UOp("COUNT_UOPS", len(uops), address, uops[0].target), *shifted]

    @property
    def machinery(self) -> _Machinery:
        if self._loaded is None:
            self._loaded = _uninterrupted(_Machinery)
        return self._loaded

    def backedge(self, f: Frame, lp: list, offset: int, target: int) -> int:
        """Tier 1's back edge from `offset` to the loop header `target`:
        returns the offset Tier 1 continues at."""
        loops = self.loops.get(f.decoded)
        if loops is None:
            loops = self.loops[f.decoded] = {}
        loop = loops.get(target)
        if loop is None:
            loop = loops[target] = Loop(target)
        if loop.recording:  # a back edge the recorder itself is running
            return target
        if loop.executor is not None:
            return self._run(loop, f, lp)
        loop.counter += 1
        if loop.counter < self.threshold:
            return target
        return self._record(loop, f, lp)

    def _run(self, loop: Loop, f: Frame, lp: list) -> int:
        executor = loop.executor
        self.stats.entries += 1
        self.clock += 1
        loop.last_run = self.clock
        try:
            index = executor.function(f, lp, f.globals, f.builtins, f.locals)
        except BaseException as exc:
            raise RaiseAt(exc, executor.failed_exit().target) from None
        exit_ = executor.exits[index]
        if self.stats.collecting:
            self.stats.exits[f.decoded.code.co_name, exit_.target, exit_.kind] += 1
        if executor.can_attach(index):
            heat = loop.exit_heat[index] = loop.exit_heat.get(index, 0) + 1
            if heat >= loop.exit_threshold.get(index, self.threshold):
                return self._record_side_trace(loop, index, f, lp)
        return exit_.target

    def _record(self, loop: Loop, f: Frame, lp: list) -> int:
        recording = self._recording(loop, f, lp, None)
        reason = recording.abort
        if reason is None:
            reason = self._compile(loop, f.decoded, self._counted(recording.uops))
        if reason is None and self.dump is not None:
            _uninterrupted(lambda: self.dump.trace(
                f.decoded, loop.header, recording.offsets, recording.uops, loop.executor.native))
        if reason is not None:
            self.stats.aborts[reason] += 1
            loop.aborts += 1
            loop.counter = -min(self.threshold << loop.aborts, MAX_BACKOFF)
        return recording.resume

    def _record_side_trace(self, loop: Loop, index: int, f: Frame, lp: list) -> int:
        TraceError, StencilError = (self.machinery.executor.TraceError,
                                    self.machinery.model.StencilError)
        executor = loop.executor
        exit_ = executor.exits[index]
        recording = self._recording(loop, f, lp, exit_.target)
        reason = recording.abort
        if reason is None:
            try:
                started = time.perf_counter()
                size = executor.code_size
                library = self._stencils()
                _uninterrupted(lambda: executor.attach(
                    index, self._counted(recording.uops), library=library,
                    check=lambda exits: self._check_exits(f.decoded, exits)))
                self.stats.side_traces += 1
                self.stats.compile_seconds += time.perf_counter() - started
                self.stats.code_bytes += executor.code_size - size
                self._make_room(loop)
                if self.dump is not None:
                    _uninterrupted(lambda: self.dump.trace(
                        f.decoded, loop.header, recording.offsets, recording.uops,
                        executor.native.side_traces[-1], side_of=index))
            except (TraceError, StencilError) as error:
                reason = f"invalid trace: {error}"
        if reason is None and len(executor.native.side_traces) >= MAX_SIDE_TRACES:
            self.stats.retired["too many side traces"] += 1
            loop.retire()
        elif reason is not None:
            self.stats.aborts[f"side trace: {reason}"] += 1
            # An exit that leaves the loop never gets a side trace.
            loop.exit_threshold[index] = (MAX_BACKOFF + 1 if reason == "loop exit"
                                          else 2 * loop.exit_threshold.get(index, self.threshold))
            loop.exit_heat[index] = 0
        return recording.resume

    def _recording(self, loop: Loop, f: Frame, lp: list, start: int | None) -> Recording:
        record = self.machinery.recorder.record
        loop.recording = True
        try:
            return record(f, lp, loop.header, start)
        finally:
            loop.recording = False

    def _stencils(self) -> StencilLibrary:
        if self.library is None:
            # Not _uninterrupted: a first-run build takes seconds and Ctrl-C
            # must stop it; an interrupted load leaves nothing half-made.
            library = with_original_builtins(self.machinery.library.load_library)
            backend = with_original_builtins(
                lambda: self.machinery.backends.get_backend(self.stats.backend))
            with_original_builtins(lambda: backend.prepare(library))
            self.library, self.backend = library, backend
        return self.library

    def _compile(self, loop: Loop, dec: Decoded, uops: list) -> str | None:
        """Compile the loop's trace; the reason it failed, if it did."""
        TraceError, compile_trace = (self.machinery.executor.TraceError,
                                     self.machinery.executor.compile_trace)
        StencilError = self.machinery.model.StencilError
        try:
            library = self._stencils()
        except StencilError as error:
            # No stencils (no clang, say): the program goes on, on Tier 1.
            sys.stderr.write(f"cpjit: the JIT is off for this run: {error}\n")
            interp.backedge = None
            return "no stencils"
        started = time.perf_counter()  # compile time: from the trace to its executor
        try:
            executor = _uninterrupted(lambda: compile_trace(
                uops, nlocalsplus=dec.nlocalsplus, stack_size=dec.code.co_stacksize,
                entry_depth=dec.by_offset[loop.header].depth, library=library,
                emit_code=self.backend.emit))
            self._check_exits(dec, executor.exits)
        except (TraceError, StencilError) as error:
            return f"invalid trace: {error}"
        loop.executor = executor
        self.stats.traces += 1
        self.stats.compile_seconds += time.perf_counter() - started
        self.stats.code_bytes += executor.code_size
        self._make_room(loop)
        return None

    def _make_room(self, keep: Loop) -> None:
        """Over the memory cap, evict the executors that ran least recently."""
        memory = self.machinery.memory.memory
        if memory.bytes_in_use <= self.memory_cap:
            return
        alive = sorted((loop for loops in self.loops.values() for loop in loops.values()
                        if loop.executor is not None and loop is not keep),
                       key=lambda loop: loop.last_run)
        for loop in alive:
            if memory.bytes_in_use <= self.memory_cap:
                break
            loop.retire()
            self.stats.retired["memory cap"] += 1
            gc.collect()  # an executor's memory is freed with its last reference

    def _check_exits(self, dec: Decoded, exits: list[Exit]) -> None:
        """Every exit resumes Tier 1 with the stack depth Tier 1 has there."""
        ExitKind, TraceError = self.machinery.executor.ExitKind, self.machinery.executor.TraceError
        for exit_ in exits:
            if exit_.kind is ExitKind.EXIT:
                depth = dec.by_offset[exit_.target].depth
                if depth is None or dec.nlocalsplus + depth != exit_.stacktop:
                    raise TraceError(f"exit to offset {exit_.target} has stack top "
                                     f"{exit_.stacktop}, Tier 1 expects {depth}")

    def executors(self) -> int:
        return sum(loop.executor is not None for loops in self.loops.values()
                   for loop in loops.values())


# The JIT's own frames never appear in users' tracebacks: this module and
# jit/trace run between user frames (recording, nested calls from native code).
vm_traceback.internal_files.update(
    {__file__, *(str(path) for path in (Path(__file__).parent / "trace").glob("*.py"))})
