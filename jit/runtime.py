"""The JIT as Tier 1 sees it: the loop back-edge hook and loop-header entries.

Tier 1 calls `Jit.backedge` at every taken back edge.  A loop whose back edge
has been taken `threshold` times is recorded (jit.trace) and compiled
(jit.backend); from then on Tier 1 enters its executor wherever it reaches
the loop header -- at the back edge, and by any other path through the
header's *entry handler* (see `Jit._enter_at_header`) -- and the executor
returns the exit it left by, and Tier 1 resumes at that exit's offset.  An exception
raised in native code is unwound by Tier 1 from the instruction that failed.
A recording that gives up backs off: the loop must get twice as hot again.

Only the hook is loaded with the runner: the recorder, the backend and the
stencil library are imported when the first loop gets hot, so start-up stays
short and a program that never gets hot sees the same sys.modules as under
python.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import _signal
import collections
import gc
import os
import sys
import time
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from types import MethodType, ModuleType

from interpreter import traceback as vm_traceback
from interpreter.ceval import run_frame_after
from interpreter.decode import Decoded, decode as vm_decode, vm_codes
from interpreter.frame import NULL, Frame, new_frame
from interpreter.function import bind
from interpreter.main import call as vm_call
from interpreter.opcodes import redirect
from interpreter import program_signals
from interpreter.program_signals import pending
from interpreter.records import NamedTuple
from interpreter.sealed import with_original_builtins
from interpreter.signals import RaiseAt
from interpreter.state import get_thread_state, interp
from jit import gc_shelter

if TYPE_CHECKING:
    from jit.backend.backends import Backend
    from jit.backend.executor import Executor, Exit, NativeCode
    from jit.dump import Dumper
    from jit.stencils.model import StencilLibrary
    from jit.trace.recorder import Recording

T = TypeVar("T")

MAX_BACKOFF = 1 << 16
# A trace tree with this many side traces keeps meeting new cases: retire it
# and record the loop afresh.
MAX_SIDE_TRACES = 48
# A recording that ends in the program's exception is made again at the
# next arrival (the next iteration usually takes another path: a back-off
# of a fixed period kept landing on raising iterations -- every 32nd of a
# loop whose every 4th raised, so it never got a trace), up to this many
# times in a row; then it backs off like any abort (a path that always
# raises was recorded again at every arrival: ~45 us each).
RAISED_RETRIES = 4
# A loop whose tree outgrew MAX_SIDE_TRACES this often keeps its last tree and
# gets no more side traces: its paths are too many for traces to pay off, and
# recording them afresh again would only churn.  Each rebuild doubles the
# heat an exit needs for a side trace.
MAX_REBUILDS = 3
# A loop whose assumptions broke this often is polymorphic, not changing:
# its assumption guards then get side traces like any other guard.
MAX_INVALIDATIONS = 4
DEFAULT_MEMORY_CAP = 64 << 20


class JitStats:
    """What --stats and --stats-json report about the JIT.  (A plain class:
    start-up creates it, and a dataclass costs ~0.5 ms to create.)"""

    def __init__(self, backend: str = "copy-and-patch") -> None:
        self.backend = backend
        self.traces = 0
        self.side_traces = 0
        self.shared_side_traces = 0  # exits led into a side trace another exit has
        self.retired: collections.Counter = collections.Counter()  # by reason
        self.aborts: collections.Counter = collections.Counter()
        self.compile_seconds = 0.0
        self.code_bytes = 0
        self.entries = 0  # executor runs Tier 1 started
        # executor runs native callers started (Jit.native_runs)
        self.native_runs: Callable[[], int] = lambda: 0
        self.collecting = False  # --stats: traces count their uops, exits are counted
        # --stats only, as (function name, offset, kind): kept off the hot path otherwise.
        self.exits: collections.Counter = collections.Counter()
        # --stats only: one entry per trace compiled (root or side).
        self.compiled: list[CompiledTrace] = []
        # --stats only: uops a COUNT_UOPS added for a pass that left early
        # (all of them, the generic ones).
        self.uncounted = [0, 0]
        self.clock = TimeSplit()
        # --stats only: from the first back edge of the first loop that ran
        # natively to its first native run (the warm-up the JIT costs a loop).
        self.first_native_seconds: float | None = None
        # ... and of the loops that ran natively after it (the first 1000),
        # which find the Tier 2 machinery imported.
        self.later_first_native_seconds: list[float] = []
        # Importing the Tier 2 machinery when the first loop got hot (part of the above).
        self.machinery_seconds: float | None = None

    def as_json(self, executors: int, native_uops: tuple[int, int], tier1_instructions: int,
                memory: dict[str, int]) -> dict:
        """--stats-json: the figures the benchmark reports read."""
        elsewhere, native, pipeline, optimizer, machinery = self.clock.totals()
        return {
            "backend": self.backend,
            "traces": [trace._asdict() for trace in self.compiled],
            "aborts": dict(self.aborts),
            "shared_side_traces": self.shared_side_traces,
            "retired": dict(self.retired),
            "executors_alive": executors,
            "executor_runs": self.entries + self.native_runs(),
            "exits_taken": sum(self.exits.values()),
            "native_uops": native_uops[0],
            "native_generic_uops": native_uops[1],
            "tier1_instructions": tier1_instructions,
            "compile_seconds": self.compile_seconds,
            "code_bytes": self.code_bytes,
            "native_seconds": native,
            # Everything else: Tier 1 dispatch, CPython-run code, the runner.
            "tier1_seconds": elsewhere,
            # Recording traces (their iterations run in Tier 1), the optimizer.
            "record_seconds": max(0.0, pipeline - self.compile_seconds),
            "optimize_seconds": optimizer,
            "first_native_seconds": self.first_native_seconds,
            "later_first_native_seconds": self.later_first_native_seconds,
            "machinery_seconds": self.machinery_seconds,
            **memory,
        }

    def report(self, executors: int, native_uops: tuple[int, int],
               tier1_instructions: int) -> str:
        lines = [
            f"cpjit: {self.traces} traces compiled, {self.side_traces} side traces attached "
            f"(and {self.shared_side_traces} exits led into another exit's), "
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
            f"cpjit: {self.entries + self.native_runs()} executor runs "
            f"({self.native_runs()} by native callers)",
        ]
        if self.collecting:
            elsewhere, native, pipeline, optimizer, machinery = self.clock.totals()
            recording = max(0.0, pipeline - self.compile_seconds)
            uops, generic = native_uops
            lines.append(f"cpjit: {uops} uops run natively ({generic} generic: "
                         f"{generic / uops if uops else 0:.1%}); {tier1_instructions} "
                         f"instructions dispatched by Tier 1")
            lines.append(f"cpjit: {native:.3f} s in native code, {elsewhere:.3f} s in Tier 1 "
                         f"and elsewhere, {recording:.3f} s recording, "
                         f"{optimizer:.3f} s optimizing, {self.compile_seconds:.3f} s "
                         f"compiling, {machinery:.3f} s importing the Tier 2 machinery")
        for (name, target, kind), count in self.exits.most_common(5):
            lines.append(f"cpjit:   exit to {name}:{target} ({kind.value}): {count}")
        return "\n".join(lines)


class CompiledTrace(NamedTuple):
    kind: str  # "root", "function" (a function trace's root) or "side"
    uops: int
    compile_seconds: float
    code_bytes: int


class TimeSplit:
    """--stats: wall time split between what runs: native code, the JIT's
    work on a trace (recording it, which runs its iteration in Tier 1, and
    compiling it), the optimizer, importing the Tier 2 machinery, and
    everything else (Tier 1, CPython-run code, the runner).  Each nests in
    the others (executors and the VM runs they make, CALL_VM; a recording's
    calls), so the clock keeps a stack of what runs now."""

    ELSEWHERE, NATIVE, PIPELINE, OPTIMIZER, MACHINERY = range(5)

    def __init__(self) -> None:
        self.seconds = [0.0] * 5  # by what ran (ELSEWHERE ...)
        self._running = [self.ELSEWHERE]
        self._since = time.perf_counter()

    def _switch(self) -> None:
        now = time.perf_counter()
        self.seconds[self._running[-1]] += now - self._since
        self._since = now

    def enter(self, what: int) -> None:
        self._switch()
        self._running.append(what)

    def leave(self) -> None:
        self._switch()
        self._running.pop()

    def timed(self, what: int, work: Callable[[], T]) -> T:
        """`work()`, its time counted as `what` (but for what nests in it)."""
        self.enter(what)
        try:
            return work()
        finally:
            self.leave()

    def totals(self) -> list[float]:
        """The seconds so far, by what ran (ELSEWHERE ...)."""
        self._switch()
        return list(self.seconds)


class Loop:
    """What the JIT knows about one loop header."""

    __slots__ = ("header", "counter", "executor", "aborts", "recording", "exit_heat",
                 "exit_threshold", "last_run", "invalidations", "inline_depth",
                 "rebuilds", "first_seen", "entry", "undo_entry", "function", "cell",
                 "left", "raised")

    def __init__(self, header: int, function: bool = False) -> None:
        self.header = header
        # A function's entry rather than a loop: its trace starts at the
        # code's first instruction (`header`) and native callers run it.
        self.function = function
        self.cell = None  # its entry cell for native callers, once it has one
        self.counter = 0
        self.executor: Executor | None = None
        self.aborts = 0
        self.left = False  # a recording of it left it ("loop exit"): the next may trace that
        self.recording = False
        self.exit_heat: dict[int, int] = {}       # exit index -> times taken
        self.exit_threshold: dict[int, int] = {}  # after failed side-trace recordings
        # recordings in a row that ended in the program's exception, by exit
        # index (None: the loop's own)
        self.raised: dict[int | None, int] = {}
        self.last_run = 0                         # Jit.clock when the executor last ran
        self.invalidations = 0  # executors retired because an assumption broke
        self.inline_depth = 0   # how deep the executor's inlined calls nest
        self.rebuilds = 0       # trees retired for too many side traces
        # Its first back edge (after one iteration); None once it ran natively.
        self.first_seen: float | None = time.perf_counter()
        self.entry: Callable | None = None  # the header's entry handler, once made
        self.undo_entry: Callable[[], None] | None = None  # while the entry is linked in

    def retire(self) -> None:
        """Forget the executor (its memory goes when nothing runs it any more);
        Tier 1 runs the header's own instruction again."""
        self.executor = None
        if self.cell is not None:
            from jit.backend.native import ffi  # (a cell exists once the machinery does)
            self.cell.executor = self.cell.trace = self.cell.exits = ffi.NULL
        if self.undo_entry is not None:
            _uninterrupted(self.undo_entry)
            self.undo_entry = None
        self.counter = 0
        self.exit_heat.clear()
        self.exit_threshold.clear()
        self.raised.clear()
        self.inline_depth = 0


_ALL_SIGNALS = _signal.valid_signals()


def _tier1_only() -> None:
    """The JIT is off for the rest of the run: Tier 1 alone runs loops and
    calls."""
    interp.backedge = interp.function_start = None
    for dec in vm_codes.values():
        dec.start = dec.ops[dec.first]


def _uninterrupted(function):
    """Run a step of cpjit's own work that runs no program code (importing the
    machinery, compiling): with the builtins as they were at start-up, and with
    signals held back, so a program's signal handler never runs, or raises,
    half-way through it; a held signal is queued for Tier 1, which runs the
    handler at the program's next eval-breaker point."""
    # (_signal's: signal's wrapper makes an enum of each signal, ~50 us a
    # step, and importing signal costs start-up ~0.5 ms)
    held = _signal.pthread_sigmask(_signal.SIG_BLOCK, _ALL_SIGNALS)
    window = gc_shelter.Window()  # (what the step makes and keeps lives long)
    try:
        return with_original_builtins(function)
    finally:
        window.close()
        program_signals.queue_all = True
        try:
            # (CPython calls the handlers when this call returns)
            _signal.pthread_sigmask(_signal.SIG_SETMASK, held)
        finally:
            program_signals.queue_all = False


class _Machinery:
    """The Tier 2 modules, imported when the first loop gets hot."""

    def __init__(self) -> None:
        # The imports make thousands of long-lived objects and no garbage:
        # in the GC shelter's window they are made in, no pass walks them.
        # Without the shelter (no stencils loaded yet: --vm-code none), the
        # cyclic GC is paused meanwhile, and what they made goes straight to
        # the oldest generation (freeze then unfreeze: moved, not
        # traversed), with the program's objects tracked so far.  Young
        # passes over them cost the first native run ~0.6 ms; pausing alone
        # left that pass to the next loop's.  (Not when the program keeps
        # objects frozen: unfreezing would thaw them.)
        from jit import bundle
        if gc_shelter.installed():
            bundle.importing(self._import)
            return
        enabled = gc.isenabled()
        gc.disable()
        try:
            bundle.importing(self._import)
        finally:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            if enabled:
                gc.enable()

    def _import(self) -> None:
        from jit import optimizer, uops
        from jit.backend import backends, executor, memory, native
        from jit.stencils import library, model
        from jit.backend import stack
        from jit.trace import calls, inline, recorder
        self.executor, self.memory, self.library, self.model, self.recorder = (
            executor, memory, library, model, recorder)
        self.calls, self.stack = calls, stack
        self.inline = inline
        self.backends = backends
        self.native, self.uops = native, uops
        self.optimizer = optimizer


class Jit:
    def __init__(self, threshold: int, dump: Dumper | None = None,
                 memory_cap: int = DEFAULT_MEMORY_CAP, backend: str = "copy-and-patch",
                 disabled_passes: frozenset[str] = frozenset(), perf_map: bool = False) -> None:
        self.threshold = max(1, threshold)
        self.loops: dict[Decoded, dict[int, Loop]] = {}
        # Functions native code calls (CALL_NATIVE), by code: their function traces.
        self.functions: dict[Decoded, Loop] = {}
        self.stats = JitStats(backend)
        self.stats.native_runs = self.native_runs
        self.library: StencilLibrary | None = None
        self.backend: Backend | None = None  # made with the library (see _stencils)
        self.dump = dump
        self.disabled_passes = disabled_passes  # --disable-pass
        self.memory_cap = memory_cap
        self.clock = 0  # counts executor runs: recency for eviction
        self._loaded: _Machinery | None = None
        # with collect_stats(): the cffi int64_t[2] the traces count their uops
        # in (all of them, the generic ones: COUNT_UOPS)
        self.uop_counter = None
        self.perf_map = perf_map  # --perf-map (a PerfMap once the machinery is loaded)

    def collect_stats(self) -> None:
        """--stats: traces start with a COUNT_UOPS uop, exits are counted and
        time is split between native code and the rest."""
        self.stats.collecting = True
        self.stats.clock = TimeSplit()
        from jit.trace import calls
        calls.clock = self.stats.clock

    def native_uops(self) -> tuple[int, int]:
        """Exactly how many recorded uops ran natively, and how many of them
        were generic: what the COUNT_UOPS at each pass's start added, less
        what passes that left early skipped."""
        if self.uop_counter is None:
            return 0, 0
        return (self.uop_counter[0] - self.stats.uncounted[0],
                self.uop_counter[1] - self.stats.uncounted[1])

    def _count_exits(self, executor: Executor, exits: list[Exit], counted: list) -> None:
        """--stats: for each of `exits` (new in the executor's tree, from the
        trace `counted`), the uops its pass counted but did not run, and the
        generic ones among them (packed as COUNT_UOPS packs them).  An exit
        at uop j of a stretch whose COUNT_UOPS (at i) added the stretch's
        length, up to uop k, ran j - i of them: k - j were not."""
        if self.stats.collecting:
            packed_count, unpacked_count = (self.machinery.uops.packed_count,
                                            self.machinery.uops.unpacked_count)
            generic = self.machinery.optimizer.uops_where("generic")
            # (a COUNT_UOPS counting more than its stretch -- a re-entry
            # block's, with the prologue it jumps into -- leaves a surplus)
            skipped: list = [0] * len(counted)
            end, after, after_generic = len(counted) - 1, 0, 0  # (past uop j in its stretch)
            for index in range(len(counted) - 1, -1, -1):
                uop = counted[index]
                if uop.name != "COUNT_UOPS":
                    skipped[index] = (after, after_generic)
                    after, after_generic = after + 1, after_generic + (uop.name in generic)
                    continue
                total, total_generic = unpacked_count(uop.oparg)
                extra, extra_generic = total - after, total_generic - after_generic
                for later in range(index + 1, end + 1):
                    left, left_generic = skipped[later]
                    skipped[later] = packed_count(left + extra, left_generic + extra_generic)
                end, after, after_generic = index - 1, 0, 0
            executor.links.uncounted += [skipped[exit_.uop_index] for exit_ in exits]

    def _counted(self, uops: list) -> list:
        """`uops` with COUNT_UOPS first, when counting: the loop top becomes
        the counter, so each pass counts the whole trace (and its generic
        uops); other jumps move by one.  (COUNT_UOPS itself is not counted.)
        A peeled trace (its loop jumps to its body, after a preamble:
        jit/optimizer/peel.py) counts its preamble and its body each with a
        COUNT_UOPS of its own, and its re-entry block
        (jit/optimizer/reentry.py) with one that also counts the body's
        entry prologue, which the block jumps into."""
        if not self.stats.collecting:
            return uops
        if self.uop_counter is None:
            self.uop_counter = self.machinery.native.ffi.new("int64_t[2]")
        UOp, packed_count = self.machinery.uops.UOp, self.machinery.uops.packed_count
        generic = self.machinery.optimizer.uops_where("generic")
        address = int(self.machinery.native.ffi.cast("uintptr_t", self.uop_counter))
        top = self.machinery.optimizer.loop_top(uops)
        end = self.machinery.uops.loop_end(uops)
        starts = [0, *([top] if top else []), *([end] if end < len(uops) else [])]
        counted = []
        for start, stop in zip(starts, [*starts[1:], len(uops)]):
            # (the re-entry block also counts the prologue it jumps into)
            run = [*uops[start:stop], *(uops[uops[-1].jump:top] if start == end else ())]
            count = packed_count(len(run), sum(uop.name in generic for uop in run))
            counted.append(UOp("COUNT_UOPS", count, address, uops[start].target))
            counted += uops[start:stop]
        # A jump to a stretch's first uop goes to its counter.
        moved = [index + sum(start <= index for start in starts) for index in range(len(uops))]
        heads = {start: moved[start] - 1 for start in starts}
        return [uop if uop.jump is None else uop._replace(jump=heads.get(uop.jump, moved[uop.jump]))
                for uop in counted]

    @property
    def machinery(self) -> _Machinery:
        if self._loaded is None:
            started = time.perf_counter()
            self._loaded = self._timed(TimeSplit.MACHINERY, lambda: _uninterrupted(_Machinery))
            self._loaded.calls.runtime = self
            self.stats.machinery_seconds = time.perf_counter() - started
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
        return self._arrive(loop, f, lp)

    def _arrive(self, loop: Loop, f: Frame, lp: list) -> int:
        """Tier 1 is at the loop's header (or the function's start): count it,
        record the trace when it is hot, run the executor once there is one.
        The offset Tier 1 continues at."""
        if loop.recording:  # (a back edge or call the recorder itself runs)
            return loop.header
        if loop.executor is not None:
            return self._run(loop, f, lp)
        loop.counter += 1
        if loop.counter < self.threshold:
            return loop.header
        return self._record(loop, f, lp)

    def function_start(self, dec: Decoded) -> None:
        """Tier 1 decoded `dec`: the frames its CALLs push start with a
        handler that counts the calls (in the function's `Loop`, shared with
        CALL_NATIVE's `call_function`), records the function trace during the
        call that makes it hot, and from then on runs it (`_arrive`, as at a
        loop header): a recursive function with no loop (fib) runs natively
        instead of in Tier 1, where it ran ~50x slower than on CPython.  (A
        leaf callee, which Tier 1 runs without a push, is left to its
        callers' traces.)"""
        ops, functions, arrive = dec.ops, self.functions, self._arrive
        free = len(dec.code.co_freevars)
        first_free = dec.nlocalsplus - free

        def start_function(f: Frame, lp: list) -> Callable:
            loop = functions.get(dec)
            if loop is None:
                loop = functions[dec] = Loop(dec.first, function=True)
            if free and loop.executor is not None:
                # A closure's function trace starts after COPY_FREE_VARS,
                # whose work its callers do (translate.py `_copy_free_vars`);
                # code run without a function (exec's closure) stays in Tier 1.
                if f.func is None:
                    return ops[dec.first]
                lp[first_free:first_free + free] = f.func.__closure__
            return ops[arrive(loop, f, lp)]
        dec.pc_of[start_function] = dec.first  # (where its exceptions come from)
        dec.start = start_function

    def _run(self, loop: Loop, f: Frame, lp: list) -> int:
        if pending:
            # A signal the recorder deferred: Tier 1 delivers it at its next
            # eval-breaker point (a native loop would never come to one).
            return loop.header
        executor = loop.executor
        if loop.inline_depth and (get_thread_state().depth + loop.inline_depth
                                  >= interp.recursion_limit):
            # Inlined calls push no frames: near the recursion limit, Tier 1
            # makes the calls, so RecursionError comes where CPython raises it.
            return loop.header
        self.stats.entries += 1
        self.clock += 1
        loop.last_run = self.clock
        if self.stats.collecting:
            return self._run_counted(loop, f, lp)
        ts = get_thread_state()
        try:
            index = executor.function(f, lp, f.globals, f.builtins, f.locals, ts,
                                      ts.stack_limit or self.machinery.stack.thread_limit(ts))
        except BaseException as exc:
            return self._raised(executor.failed_exit(), f, lp, exc)
        return self._exited(loop, executor, f, lp, index)

    def _enter_at_header(self, loop: Loop, dec: Decoded) -> None:
        """From now on Tier 1 reaching the header of `loop` (which has an
        executor) by falling through or jumping -- from the loop's setup, an
        enclosing loop, anywhere -- runs the executor there, as CPython
        3.12's ENTER_EXECUTOR does: the header's entry handler is linked in
        where its own handler was (until `Loop.retire`).  Tier 1's lookups by
        offset still give the header's own handler: the back edge (which
        enters the executor itself), an exit to the header (which must run
        the instruction, not the executor again) and the recorder (which
        must not run other loops' executors)."""
        if loop.entry is None:
            ops, run, own = dec.ops, self._run, dec.ops[loop.header]

            def enter_executor(f: Frame, lp: list) -> Callable:
                # (a thread may get here after another retired the executor;
                # a nested frame, while the loop's side trace is recorded)
                if loop.executor is None or loop.recording:
                    return own
                return ops[run(loop, f, lp)]
            loop.entry = enter_executor
        if loop.undo_entry is None:
            # (a program's signal handler must not stop it half-way)
            loop.undo_entry = _uninterrupted(lambda: redirect(dec, loop.header, loop.entry))

    def _invalidate(self, loop: Loop, executor: Executor, reason: str) -> bool:
        """Retire `executor` (its memory goes with its last reference) so the
        loop is recorded afresh when hot; False once the loop has been
        invalidated too often (it is polymorphic: side traces serve it)."""
        if loop.invalidations >= MAX_INVALIDATIONS:
            return False
        if loop.executor is executor:
            loop.invalidations += 1
            loop.retire()
            self.stats.retired[reason] += 1
        return True

    def _raised(self, failed: Exit, f: Frame, lp: list, exc: BaseException) -> int:
        """The executor raised `exc` at `failed`: Tier 1 unwinds it from there."""
        if failed.frames:
            return self._leave_inlined(failed, f, lp, exc)
        raise RaiseAt(exc, failed.target) from None

    def _leave_inlined(self, exit_: Exit, f: Frame, lp: list,
                       exc: BaseException | None = None) -> int:
        """The trace left from inside inlined calls: Tier 1 rebuilds their
        frames and runs them to their returns, then the trace's frame goes on
        after the outermost call."""
        (call, top), *_ = exit_.frames
        return self.machinery.inline.finish_into(lp, top, self._rebuild(exit_, f, lp), call,
                                                 exit_.target, exc)

    def _rebuild(self, exit_: Exit, f: Frame, lp: list) -> list[Frame]:
        """Tier 1 frames for the inlined calls the trace left from inside."""
        (call, top), *_ = exit_.frames
        contents = lp[top]  # where the exit tail put the frames' slots
        lp[top] = NULL
        if type(contents) is not tuple:
            raise RaiseAt(MemoryError("cpjit: no memory to rebuild inlined frames"),
                          call.call_offset)
        return self.machinery.inline.rebuild(f, exit_.frames, contents)

    def _run_counted(self, loop: Loop, f: Frame, lp: list) -> int:
        """_run under --stats: time the run and count its exit."""
        # (a nested run may retire the loop: keep what this executor needs)
        executor, stats = loop.executor, self.stats
        uncounted = executor.links.uncounted
        if loop.first_seen is not None and not loop.function:
            waited = time.perf_counter() - loop.first_seen
            loop.first_seen = None
            if stats.first_native_seconds is None:
                stats.first_native_seconds = waited
            elif len(stats.later_first_native_seconds) < 1000:
                stats.later_first_native_seconds.append(waited)
        stats.clock.enter(TimeSplit.NATIVE)
        ts = get_thread_state()
        try:
            index = executor.function(f, lp, f.globals, f.builtins, f.locals, ts,
                                      self.machinery.stack.thread_limit(ts))
        except BaseException as exc:
            failed = executor.failed_exit()
            self._count_exit(uncounted, f, failed)
            stats.clock.leave()
            return self._raised(failed, f, lp, exc)
        stats.clock.leave()
        self._count_exit(uncounted, f, executor.exits[index])
        return self._exited(loop, executor, f, lp, index)

    def _count_exit(self, uncounted: list[int], f: Frame, exit_: Exit) -> None:
        """--stats: an exit Tier 1 takes (its pass's uncounted uops, from
        its tree's `uncounted`; its count)."""
        skipped, generic = self.machinery.uops.unpacked_count(uncounted[exit_.index])
        self.stats.uncounted[0] += skipped
        self.stats.uncounted[1] += generic
        self.stats.exits[_exit_key(f, exit_)] += 1

    def call_function(self, function: Callable, args: tuple, kwargs: dict) -> object:
        """A call CALL_NATIVE could not make natively (jit/trace/calls.py):
        the VM makes it.  Counted: a function called this way often gets a
        function trace, recorded during the call that makes it hot."""
        target = function.__func__ if type(function) is MethodType else function
        dec = vm_decode(target.__code__)
        loop = self.functions.get(dec)
        if loop is None:
            loop = self.functions[dec] = Loop(dec.first, function=True)
        if loop.executor is None and not loop.recording:
            loop.counter += 1
            if loop.counter >= self.threshold:
                parameters = [function.__self__, *args] if target is not function else list(args)
                lp = bind(target, dec, parameters, kwargs)
                f = new_frame(dec, target.__globals__, target.__builtins__, None, lp, target,
                              None)
                return run_frame_after(f, lambda: self._record(loop, f, lp))
        return vm_call(function, *args, **kwargs)

    def finish_native(self, executor: Executor, function: Callable, lp: list, index: int,
                      exception: BaseException | None) -> object:
        """A function native code called left its traces by exit `index` of
        `executor`'s tree (or raised `exception` there): the VM takes over
        its frame, as Tier 1 does after an executor it ran, and runs it to
        its return; the call's value."""
        exit_ = executor.exits[index]
        dec = vm_decode(function.__code__)
        f = new_frame(dec, function.__globals__, function.__builtins__, None, lp, function, None)
        f.instr_ptr = exit_.target
        if exception is not None:
            return run_frame_after(f, lambda: self._raised(exit_, f, lp, exception))
        loop = executor.owner
        if self.stats.collecting:
            self._count_exit(executor.links.uncounted, f, exit_)
        return run_frame_after(f, lambda: self._exited(loop, executor, f, lp, index))

    def _exited(self, loop: Loop, executor: Executor, f: Frame, lp: list, index: int) -> int:
        """Where Tier 1 goes on after `executor` left by exit `index` (the
        loop may have retired it meanwhile, in a nested run)."""
        exit_ = executor.exits[index]
        invalidated = exit_.assumption and self._invalidate(loop, executor, "invalidated")
        if (not invalidated and loop.executor is executor and loop.rebuilds <= MAX_REBUILDS
                and not loop.recording and executor.can_attach(index)):
            heat = loop.exit_heat[index] = loop.exit_heat.get(index, 0) + 1
            if heat >= self._side_trace_heat(loop, index):
                if not executor.share(index):
                    return self._record_side_trace(loop, index, f, lp)
                self.stats.shared_side_traces += 1
        if exit_.frames:
            return self._leave_inlined(exit_, f, lp)
        if exit_.target != loop.header or loop.function:
            return self._arrive_untraced(f, lp, exit_.target)
        return exit_.target

    def _arrive_untraced(self, f: Frame, lp: list, target: int) -> int:
        """Tier 1 goes on at `target` after an exit to it: where that is the
        header of a loop with no executor (a function trace ends at its
        loops' headers, so does a side trace that left its loop), the arrival
        counts towards recording the loop, as its back edge does.  A loop
        that runs an iteration or two per call is rarely hot by its back
        edge alone, and Tier 1 would run it at every call."""
        header_loop = self.loops.get(f.decoded, {}).get(target)
        if header_loop is None or header_loop.executor is not None:
            return target  # (no loop known there; or the header's entry runs its executor)
        return self._arrive(header_loop, f, lp)

    def _side_trace_heat(self, loop: Loop, index: int) -> int:
        """How often exit `index` must be taken before it gets a side trace."""
        return loop.exit_threshold.get(index, self.threshold << loop.rebuilds)

    def _optimized(self, f: Frame, recording: Recording, entry_depth: int, side: bool,
                   passes: list, root: Executor | None = None, exit_: Exit | None = None,
                   entry_frames: tuple = ()) -> list:
        """The `recording`'s uops after the optimizer; with --dump, `passes`
        collects (pass name, trace) from the recording on.  A side trace
        inside inlined calls starts in `entry_frames`.  TraceError when a
        pass raised (the trace is given up; the program goes on)."""
        optimizer = self.machinery.optimizer
        nlocalsplus = f.decoded.nlocalsplus
        seen = () if side else tuple(type(value) for value in
                                     f.localsplus[nlocalsplus:nlocalsplus + entry_depth])
        trace = optimizer.TraceContext(f.decoded.code, nlocalsplus, entry_depth, side,
                                       f.globals, f.builtins, seen,
                                       root.uops if root else (),
                                       exit_.unboxed if exit_ else (), entry_frames,
                                       recording.wide_offsets, recording.wide_locals)
        observe = None if self.dump is None else (lambda name, trace: passes.append((name, trace)))
        try:
            return self._timed(TimeSplit.OPTIMIZER, lambda: _uninterrupted(
                lambda: optimizer.optimize(recording.uops, trace, self.disabled_passes, observe)))
        except Exception as error:  # (an optimizer bug must not reach the program)
            raise self.machinery.executor.TraceError(
                f"the optimizer failed: {type(error).__name__}: {error}") from None

    def _record(self, loop: Loop, f: Frame, lp: list) -> int:
        return self._exclusively(loop, self._record_root, f, lp)

    def _record_side_trace(self, loop: Loop, index: int, f: Frame, lp: list) -> int:
        return self._exclusively(loop, self._record_side, index, f, lp)

    def _exclusively(self, loop: Loop, work: Callable, *args: Any) -> int:
        """`work(loop, *args)` -- recording a trace of the loop's and
        compiling it -- with `loop.recording` set: the calls and back edges
        the recording runs stay in Tier 1, and another thread leaves the
        loop's traces alone until it is done (two threads' side traces of one
        tree attached in between each other's steps)."""
        loop.recording = True
        try:
            return self._timed(TimeSplit.PIPELINE, lambda: work(loop, *args))
        finally:
            loop.recording = False

    def _timed(self, what: int, work: Callable[[], T]) -> T:
        """`work()`, timed as `what` under --stats (TimeSplit)."""
        return self.stats.clock.timed(what, work) if self.stats.collecting else work()

    def _record_root(self, loop: Loop, f: Frame, lp: list) -> int:
        try:
            recording = self.machinery.recorder.record(f, lp, loop.header, None, (),
                                                      loop.function, loop.left)
        except BaseException:  # the program's exception, raised where the recording stopped
            if self._recording_raised(loop, None, "exception"):
                self._root_aborted(loop, "exception", counts=True)
            raise
        loop.raised.pop(None, None)
        reason = recording.abort
        loop.left = loop.left or reason == "loop exit"
        passes: list = []
        if reason is None:
            try:
                uops = self._optimized(f, recording,
                                       f.decoded.by_offset[loop.header].depth, False, passes)
            except self.machinery.executor.TraceError as error:
                reason = f"invalid trace: {error}"
            else:
                reason = self._compile(loop, f.decoded, self._counted(uops))
        if reason is None and self.dump is not None:
            _uninterrupted(lambda: self.dump.trace(
                f.decoded, loop.header, recording.offsets, passes, loop.executor.native,
                function=loop.function))
        if reason is not None:
            # (no longer a wait when the next recording will differ: each
            # too-long recording of a loop that inlines a recursive parser
            # marks one more callee, and the back-off had the loop run 32,
            # 64, 128... iterations in Tier 1 between them)
            self._root_aborted(loop, reason, counts=recording.marked is None)
        return recording.resume

    def _recording_raised(self, loop: Loop, index: int | None, reason: str) -> bool:
        """A recording of the loop (`index` None) or from its exit `index`
        ended in the program's exception: whether it backs off now, after
        RAISED_RETRIES in a row (else the next arrival records again)."""
        raised = loop.raised[index] = loop.raised.get(index, 0) + 1
        if raised <= RAISED_RETRIES:
            self.stats.aborts[reason] += 1
            return False
        return True

    def _root_aborted(self, loop: Loop, reason: str, counts: bool) -> None:
        """A recording of `loop` gave no trace: the loop waits before the next
        (longer after each abort that `counts`)."""
        self.stats.aborts[reason] += 1
        loop.aborts += counts
        loop.counter = -min(self.threshold << loop.aborts, MAX_BACKOFF)

    def _record_side(self, loop: Loop, index: int, f: Frame, lp: list) -> int:
        TraceError, StencilError = (self.machinery.executor.TraceError,
                                    self.machinery.model.StencilError)
        executor = loop.executor
        exit_ = executor.exits[index]
        inside = ()
        if exit_.frames:
            # The side trace starts inside the inlined calls: record from
            # their rebuilt frames (the recorder returns through them).
            frames = self._rebuild(exit_, f, lp)
            self.machinery.inline.push(frames, exit_.frames)
            inside = list(zip(frames, (inlined for inlined, _ in exit_.frames)))
        try:
            recording = self.machinery.recorder.record(f, lp, loop.header, exit_.target, inside,
                                                      loop.function)
        except BaseException:
            # The program's exception, raised where the recording stopped
            # (inside inlined calls, it escaped them).
            if self._recording_raised(loop, index, "side trace: exception"):
                self._side_aborted(loop, index, "exception")
            raise
        loop.raised.pop(index, None)
        reason = recording.abort
        passes: list = []
        if reason is None:
            try:
                entry_depth, entry_frames = self.machinery.executor.side_entry(
                    exit_, f.decoded.nlocalsplus)
                counted = self._counted(self._optimized(
                    f, recording, entry_depth, True, passes, executor, exit_,
                    entry_frames))
                # compile time, as for root traces: from the trace to its code
                started = time.perf_counter()
                size, exit_count = executor.code_size, len(executor.exits)
                library = self._stencils()
                _uninterrupted(lambda: executor.attach(
                    index, counted, library=library,
                    check=lambda exits: self._check_exits(f.decoded, exits)))
                self._count_exits(executor, executor.exits[exit_count:], counted)
                loop.inline_depth = max(loop.inline_depth,
                                        _inline_depth(counted, len(exit_.frames)))
                self._publish(loop, executor, f.decoded, counted)
                self._compiled("side", _trace_length(counted),
                               time.perf_counter() - started,
                               executor.code_size - size)
                self._name_code(f.decoded, loop, executor.native.side_traces[-1], "side")
                self.stats.side_traces += 1
                self._make_room(loop)
                if self.dump is not None:
                    _uninterrupted(lambda: self.dump.trace(
                        f.decoded, loop.header, recording.offsets, passes,
                        executor.native.side_traces[-1], side_of=index, function=loop.function))
            except (TraceError, StencilError) as error:
                reason = f"invalid trace: {error}"
            except Exception as error:
                # (a bug must not reach the program, as for root traces; the
                # tree may be half-attached: it goes, and is recorded again)
                reason = f"invalid trace: the backend failed: {type(error).__name__}: {error}"
                self.stats.retired["backend failure"] += 1
                loop.retire()
        if reason is None and len(executor.native.side_traces) >= MAX_SIDE_TRACES:
            loop.rebuilds += 1
            if loop.rebuilds <= MAX_REBUILDS:
                self.stats.retired["too many side traces"] += 1
                loop.retire()
        elif reason == self.machinery.recorder.POLYMORPHIC:
            # (the site is remembered: the tree, recorded again, calls it unguarded)
            self.stats.retired[reason] += 1
            loop.retire()
        elif (reason is not None and recording.marked is not None
              and any(inlined.code is recording.marked for inlined, _ in exit_.frames)
              and self._invalidate(loop, executor, "callee not inlinable")):
            # The side trace started inside a call the tree inlined, whose
            # callee it found not inlinable (its loop ran longer than the
            # recording had unrolled, say): exits there would go on leaving
            # for Tier 1 at every run.  The tree, recorded again, calls it.
            self.stats.aborts[f"side trace: {reason}"] += 1
        elif reason is not None:
            self._side_aborted(loop, index, reason)
        return recording.resume

    def _side_aborted(self, loop: Loop, index: int, reason: str) -> None:
        """A recording from exit `index` of `loop`'s tree gave no side trace:
        the exit waits twice as long before the next (an exit that leaves
        the loop never gets one)."""
        self.stats.aborts[f"side trace: {reason}"] += 1
        loop.exit_threshold[index] = (MAX_BACKOFF + 1 if reason == "loop exit"
                                      else 2 * self._side_trace_heat(loop, index))
        loop.exit_heat[index] = 0

    def _stencils(self) -> StencilLibrary:
        if self.library is None:
            # Not _uninterrupted: a first-run build takes seconds and Ctrl-C
            # must stop it; an interrupted load leaves nothing half-made.
            library = with_original_builtins(self.machinery.library.load_library)
            gc_shelter.install(library)  # (if the hook's loading did not)
            # Loading a backend (llvmlite, its templates) runs no program code:
            # a signal handler's exception must not escape from inside it.
            def prepared_backend() -> Backend:
                backend = self.machinery.backends.get_backend(self.stats.backend)
                backend.prepare(library)
                return backend
            self.backend = _uninterrupted(lambda: with_original_builtins(prepared_backend))
            self.library = library
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
            _tier1_only()
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
        except Exception as error:  # (as the optimizer's: a bug must not reach the program)
            return f"invalid trace: the backend failed: {type(error).__name__}: {error}"
        loop.executor = executor
        executor.owner = loop
        executor.links = _ExitLinks(self.machinery.native.ffi.new("JITExits *"))
        loop.inline_depth = _inline_depth(uops)
        self._count_exits(executor, executor.exits, uops)
        self._publish(loop, executor, dec, uops)
        if not loop.function:  # (a function's trace is entered by native callers only)
            self._enter_at_header(loop, dec)  # (last: the loop is ready to run)
        kind = "function" if loop.function else "root"
        self._compiled(kind, _trace_length(uops), time.perf_counter() - started,
                       executor.code_size)
        self._name_code(dec, loop, executor.native, kind)
        self.stats.traces += 1
        self._make_room(loop)
        return None

    def _publish(self, loop: Loop, executor: Executor, dec: Decoded, uops: list) -> None:
        """Native callers enter the loop's executor (now with `uops` added)
        through its entry cell (jit/trace/calls.py): fill the cell, with the
        tree's exit links, unless some trace of the tree needs a Tier 1
        frame object (TIER1_OP), which native callers do not make, or the
        executor is no longer the loop's (retired by another thread while
        this one compiled)."""
        calls, ffi = self.machinery.calls, self.machinery.native.ffi
        links = executor.links
        links.needs_frame |= any(uop.name == "TIER1_OP" for uop in uops)
        if loop.cell is None:
            loop.cell = calls.entry_cell(
                dec.code, calls.FUNCTION_START if loop.function else loop.header)
        cell = loop.cell
        if links.needs_frame:
            cell.executor = cell.trace = cell.exits = ffi.NULL
            return
        ExitKind = self.machinery.executor.ExitKind
        headers = self.machinery.recorder.loop_headers(dec)
        links.values += [self._link(loop, dec, exit_, calls, ExitKind, headers)
                         for exit_ in executor.exits[len(links.values):]]
        links.arrays = (ffi.new("int64_t[]", links.values),
                        ffi.new("int64_t[]", links.uncounted) if self.stats.collecting else None)
        record = links.record
        record.links = links.arrays[0]
        if self.stats.collecting:
            record.uncounted, record.counter = links.arrays[1], self.uop_counter
        record.count = len(links.values)
        trace, entered = ffi.cast("void *", id(executor.function)), ffi.cast("void *", id(executor))
        if loop.executor is not executor:
            return
        # (no call from the test on: no other thread runs in between)
        cell.exits = record
        cell.inline_depth = loop.inline_depth
        cell.trace = trace
        cell.executor = entered

    def _link(self, loop: Loop, dec: Decoded, exit_: Exit, calls: ModuleType,
              ExitKind: type, headers: frozenset[int]) -> int:
        """What a native caller does at `exit_` of the loop's tree: JITEntry
        says (stencils/jit.h).  A return is a return; at another loop's
        header (one of `headers`) it runs that loop's executor; anything
        else -- errors, exits from inlined calls, broken assumptions (the
        tree is retired), the loop's own header (its guards failed there) --
        Tier 1 takes."""
        if exit_.kind is not ExitKind.EXIT or exit_.frames or exit_.assumption:
            return calls.LINK_TIER1
        if dec.by_offset[exit_.target].opname == "RETURN_VALUE":
            return calls.LINK_RETURN
        if exit_.target in headers and (loop.function or exit_.target != loop.header):
            cell = calls.entry_cell(dec.code, exit_.target)
            return int(self.machinery.native.ffi.cast("intptr_t", cell))
        return calls.LINK_TIER1

    def native_runs(self) -> int:
        """Executor runs native callers started (CALL_NATIVE, links)."""
        return sum(loop.cell.runs for loop in self._loops() if loop.cell is not None)

    def _name_code(self, dec: Decoded, loop: Loop, native: NativeCode, kind: str) -> None:
        """--perf-map: name a trace's code for perf."""
        if self.perf_map:
            if self.perf_map is True:
                from jit.perf_map import PerfMap
                self.perf_map = PerfMap()
            self.perf_map.trace(f"{dec.code.co_qualname}:{loop.header} {kind}", native)

    def _compiled(self, kind: str, uops: int, seconds: float, code_bytes: int) -> None:
        self.stats.compile_seconds += seconds
        self.stats.code_bytes += code_bytes
        if self.stats.collecting:
            self.stats.compiled.append(CompiledTrace(kind, uops, seconds, code_bytes))

    def _make_room(self, keep: Loop) -> None:
        """Over the memory cap, evict the executors that ran least recently."""
        memory = self.machinery.memory.memory
        if memory.bytes_in_use <= self.memory_cap:
            return
        alive = sorted((loop for loop in self._loops()
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
                # Inside inlined calls, the innermost callee's frame resumes.
                # (whose locals may include a hidden instance: InlineFrame.locals)
                frame_dec = self.machinery.inline.decode(exit_.frames[-1][0].code) \
                    if exit_.frames else dec
                locals_ = exit_.frames[-1][0].locals if exit_.frames else dec.nlocalsplus
                depth = frame_dec.by_offset[exit_.target].depth
                if depth is None or locals_ + depth != exit_.stacktop:
                    raise TraceError(f"exit to offset {exit_.target} has stack top "
                                     f"{exit_.stacktop}, Tier 1 expects {depth}")

    def shutdown(self) -> None:
        """At exit, once the program's atexit handlers and the statistics
        have run: the JIT off (what the interpreter's finalization runs,
        finalizers, runs on Tier 1) and every executor retired, so that its
        traces die by reference counting before finalization's collections
        walk them (richards' exit -4.8 ms, fannkuch's -2.3)."""
        _tier1_only()
        for loop in self._loops():
            loop.retire()
        self.loops.clear()
        self.functions.clear()

    def _loops(self) -> list[Loop]:
        """Every loop and function entry the JIT knows."""
        return [*(loop for loops in self.loops.values() for loop in loops.values()),
                *self.functions.values()]

    def _alive(self) -> list[Executor]:
        return [loop.executor for loop in self._loops() if loop.executor is not None]

    def executors(self) -> int:
        return len(self._alive())

    def memory_figures(self) -> dict[str, int]:
        """Pages in use, and how many of them the live executors, the
        frame-evaluation hook and the GC shelter hold: the rest would be
        memory retired executors failed to give back."""
        if self._loaded is None:
            return {"executable_bytes_in_use": 0, "executable_bytes_alive": 0}
        gc.collect()
        hook = sys.modules.get("jit.hook")  # loaded only when installed
        return {"executable_bytes_in_use": self.machinery.memory.memory.bytes_in_use,
                "executable_bytes_alive": sum(e.memory_bytes() for e in self._alive())
                + (hook.memory_bytes() if hook is not None else 0) + gc_shelter.memory_bytes()}


class _ExitLinks:
    """An executor tree's exit links for native callers: the JITExits
    record (stencils/jit.h) at a fixed address, the arrays it points at,
    and whether a trace of the tree needs a Tier 1 frame object."""

    __slots__ = ("record", "values", "arrays", "needs_frame", "uncounted")

    def __init__(self, record) -> None:
        self.record = record
        self.values: list[int] = []  # the links, by exit index
        self.arrays: tuple = ()
        self.needs_frame = False
        # --stats only: per exit index, the uops its pass counted but did not run
        self.uncounted: list[int] = []


def _exit_key(f: Frame, exit_: Exit) -> tuple:
    """--stats: an exit as (function name, offset, kind), in the inlined
    callee's code when it is inside one."""
    code = exit_.frames[-1][0].code if exit_.frames else f.decoded.code
    return code.co_name, exit_.target, exit_.kind


def _trace_length(uops: list) -> int:
    """The uops of a trace, without the COUNT_UOPS --stats put in."""
    return sum(uop.name != "COUNT_UOPS" for uop in uops)


def _inline_depth(uops: list, start: int = 0) -> int:
    """How deep the inlined calls of a (checked) trace nest; a side trace
    starts `start` calls deep."""
    depth = deepest = start
    for uop in uops:
        depth += (uop.name == "INLINE_CALL") - (uop.name == "INLINE_RETURN")
        deepest = max(deepest, depth)
    return deepest


# The JIT's own frames never appear in users' tracebacks: this module and
# jit/trace run between user frames (recording, nested calls from native code).
# (os.listdir: pathlib's glob costs start-up ~0.3 ms)
_TRACE_DIR = os.path.join(os.path.dirname(__file__), "trace")
vm_traceback.internal_files.update(
    {__file__, *(os.path.join(_TRACE_DIR, name) for name in os.listdir(_TRACE_DIR)
                 if name.endswith(".py"))})
