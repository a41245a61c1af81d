"""The front door: `python -m jit [options] (script.py | -m module | -c code | -) [args...]`.

Mirrors `python` itself: sys.argv, sys.path[0], the __main__ module, exit
codes, SystemExit and KeyboardInterrupt handling, and uncaught exceptions
printed exactly as CPython prints them (through sys.excepthook, with the
user's frames only).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import atexit
import os
import sys
import time
from typing import TYPE_CHECKING, Any, Callable, TypeVar

if TYPE_CHECKING:
    from typing import Protocol

    class Closable(Protocol):
        def close(self) -> None: ...

T = TypeVar("T")

USAGE = """\
usage: python -m jit [options] (script.py | -m module | -c code | -) [args ...]

Runs a Python 3.11 program on cpjit, like `python` would run it.

options:
  -h, --help      show this help and exit
  --jit           compile hot loops to native code (the default)
  --no-jit        run on the Tier 1 interpreter only
  --threshold N   back edges a loop takes before it is compiled (default 16;
                  1 compiles every loop the first time round)
  --backend NAME  how traces become machine code: copy-and-patch (the default),
                  llvm (LLVM -O2) or llvm-O0, for comparison; llvm needs llvmlite
  --stats         print VM and JIT statistics to stderr when the program ends
  --stats-json FILE  write the same statistics as JSON to FILE when the program
                  ends (for benchmark reports; collects them like --stats)
  --dump DIR      write every compiled trace to DIR: the bytecode it covers, its
                  uops, and its machine code disassembled
  --perf-map      name the JIT's code for Linux perf (/tmp/perf-PID.map: each
                  trace's stencils, as `cpjit FUNCTION:OFFSET UOP`)
  --disable-pass NAME
                  run the trace optimizer without its pass NAME (repeatable;
                  --disable-pass all runs none of them)
  --vm-code loops|all|none
                  which code the VM runs when CPython-run code calls it (through
                  a frame-evaluation hook): user code with a loop (the default),
                  all user code, or none (code called from CPython stays there).
                  User code is code outside the standard library, site-packages
                  and cpjit
  --vm-include PATTERN, --vm-exclude PATTERN
                  also mark / never mark code from files matching the glob
                  PATTERN (the whole path, or the base name for a pattern
                  without '/'); repeatable, exclusion wins
  -m module       run a library module as a script (like python -m)
  -c code         run the program given as a string (like python -c)
  -               read the program from stdin (like python -)

environment:
  CPJIT_JIT=0|1       the default for --jit / --no-jit
  CPJIT_THRESHOLD=N   the default for --threshold
  CPJIT_BACKEND=NAME  the default for --backend
  CPJIT_DUMP=DIR      the default for --dump
  CPJIT_PERF_MAP=1    the default for --perf-map
  CPJIT_DISABLE_PASSES=NAME,...  optimizer passes to leave out, with any
                      --disable-pass
  CPJIT_MEMORY_CAP=N  bytes of machine code kept before the least recently run
                      traces are evicted (default 64 MiB)
  CPJIT_VM_CODE=MODE  the default for --vm-code
  CPJIT_VM_INCLUDE, CPJIT_VM_EXCLUDE
                      patterns separated by ':', used with --vm-include and
                      --vm-exclude

Everything after the script, module or code is passed to the program in
sys.argv, exactly as python does. Exit status is python's: 0, SystemExit's
code, 1 for an uncaught exception, death by SIGINT for an uncaught
KeyboardInterrupt, 2 for a usage error or a missing script.
"""


def _environment_jit() -> bool:
    return os.environ.get("CPJIT_JIT", "1").strip() not in ("0", "no", "off", "false")


def _threshold(text: str, source: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise UsageError(f"{source} must be a positive integer, not {text!r}")
    return value


def _backend(name: str, source: str) -> str:
    from jit.backend.backends import NAMES, unknown
    if name not in NAMES:
        raise UsageError(f"{source}: {unknown(name)}")
    if name != "copy-and-patch":
        import importlib.util
        if importlib.util.find_spec("llvmlite") is None:
            raise UsageError(f"{source}: the {name} backend needs llvmlite, which is not "
                             "installed (pip install 'cpjit[llvm]')")
    return name


def _environment(variable: str, parse: Callable[[str, str], T]) -> T | None:
    """The default $variable sets for an option, parsed; None when unset."""
    text = os.environ.get(variable)
    return parse(text, variable) if text else None


class Options:
    """The command line, with the environment's defaults.  (A plain class:
    a dataclass costs every start-up ~0.5 ms to create.)"""

    def __init__(self) -> None:
        self.jit = _environment_jit()
        self.threshold: int | None = None
        self.backend: str | None = None
        self.stats = False
        self.stats_json: str | None = None
        self.dump: str | None = os.environ.get("CPJIT_DUMP") or None
        self.perf_map = os.environ.get("CPJIT_PERF_MAP", "0").strip() not in ("", "0")
        self.disable_passes = [name for name in os.environ.get("CPJIT_DISABLE_PASSES", "")
                               .split(",") if name]
        self.vm_code: str | None = None  # --vm-code (CPJIT_VM_CODE when not given)
        self.vm_include: list[str] = []
        self.vm_exclude: list[str] = []
        self.mode = ""  # "file", "module" or "command"
        self.target = ""
        self.argv: list[str] = []


class UsageError(Exception):
    pass


def _option_value(option: str, args: list[str], i: int) -> tuple[str, int]:
    """The value of the option at args[i] (`--opt=value` or `--opt value`),
    and the index of the last argument it used."""
    if "=" in args[i]:
        return args[i].partition("=")[2], i
    if i + 1 < len(args):
        return args[i + 1], i + 1
    raise UsageError(f"Argument expected for the {option} option")


def parse_args(args: list[str]) -> Options:
    opts = Options()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-h", "--help"):
            sys.stdout.write(USAGE)
            raise SystemExit(0)
        if arg == "--no-jit":
            opts.jit = False
        elif arg == "--jit":
            opts.jit = True
        elif arg == "--threshold" or arg.startswith("--threshold="):
            text, i = _option_value("--threshold", args, i)
            opts.threshold = _threshold(text, "--threshold")
        elif arg == "--backend" or arg.startswith("--backend="):
            text, i = _option_value("--backend", args, i)
            opts.backend = _backend(text, "--backend")
        elif arg == "--stats":
            opts.stats = True
        elif arg == "--perf-map":
            opts.perf_map = True
        elif arg == "--dump" or arg.startswith("--dump="):
            opts.dump, i = _option_value("--dump", args, i)
        elif arg == "--stats-json" or arg.startswith("--stats-json="):
            opts.stats_json, i = _option_value("--stats-json", args, i)
        elif arg == "--disable-pass" or arg.startswith("--disable-pass="):
            text, i = _option_value("--disable-pass", args, i)
            opts.disable_passes.append(text)
        elif arg == "--vm-code" or arg.startswith("--vm-code="):
            opts.vm_code, i = _option_value("--vm-code", args, i)
        elif arg == "--vm-include" or arg.startswith("--vm-include="):
            text, i = _option_value("--vm-include", args, i)
            opts.vm_include.append(text)
        elif arg == "--vm-exclude" or arg.startswith("--vm-exclude="):
            text, i = _option_value("--vm-exclude", args, i)
            opts.vm_exclude.append(text)
        elif arg in ("-m", "-c"):
            if i + 1 >= len(args):
                raise UsageError(f"Argument expected for the {arg} option")
            opts.mode = "module" if arg == "-m" else "command"
            opts.target = args[i + 1]
            opts.argv = [arg, *args[i + 2:]]
            return opts
        elif arg == "--" or not arg.startswith("-") or arg == "-":
            if arg == "--":
                i += 1
            if i >= len(args):
                break
            opts.mode = "file"
            opts.target = args[i]
            opts.argv = args[i:]
            return opts
        else:
            raise UsageError(f"unknown option {arg}")
        i += 1
    raise UsageError("no script, -m module or -c code given")


# CPU seconds of this process's start-up, by step, up to the program's first
# instruction (--stats-json): Python's own start-up with the imports of the
# runner and the VM; setting up the JIT (options, jit.runtime, the marking
# policy); installing the frame-evaluation hook.
_startup: dict[str, float] = {}


def _write_stats_json(path: str, jit: Any) -> None:
    """--stats-json: the VM's and the JIT's figures, for benchmark reports."""
    import json
    import interpreter
    vm = interpreter.interp.stats
    figures: dict[str, Any] = {"jit": interpreter.interp.jit.enabled, "vm": vm.as_dict(),
                               "startup_cpu_seconds": _startup}
    if jit is not None:
        figures.update(jit.stats.as_json(jit.executors(), jit.native_uops(), vm.instructions,
                                         jit.memory_figures()))
    else:
        figures["tier1_instructions"] = vm.instructions
    try:
        with open(path, "w") as out:
            json.dump(figures, out, indent=1)
    except OSError as error:
        sys.stderr.write(f"cpjit: cannot write --stats-json file: {error}\n")


def _program_name() -> str:
    return sys.orig_argv[0] if sys.orig_argv else "python"


def _print_uncaught(exc: BaseException) -> None:
    """What PyErr_Print does: remember the exception, then sys.excepthook."""
    from interpreter import strip_internal
    tb = strip_internal(exc.__traceback__)
    exc.__traceback__ = tb
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    sys.excepthook(type(exc), exc, tb)


def _die_by_sigint() -> None:
    """CPython's exit after an uncaught KeyboardInterrupt: finalize, then
    re-deliver SIGINT with the default action, so the shell sees it."""
    import signal  # (not at start-up: its enums cost every start ~0.5 ms)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    os._exit(130)  # only if the signal did not end us


def _vm_policy(opts: Options):
    """The hook's marking policy: the environment's, with the options' on
    top (ValueError for a bad mode)."""
    from jit.marking import Policy, parse_mode
    policy = Policy.from_environment()
    mode = policy.mode if opts.vm_code is None else parse_mode(opts.vm_code, "--vm-code")
    return Policy(mode, (*policy.include, *opts.vm_include),
                  (*policy.exclude, *opts.vm_exclude))


def _disabled_passes(names: list[str]) -> frozenset[str]:
    """The optimizer passes --disable-pass names (ValueError for an unknown
    one).  Only checking names imports the optimizer before the first hot
    loop, and the modules that brings in are forgotten again."""
    if not names:
        return frozenset()

    def check() -> frozenset[str]:
        from jit import optimizer
        if "all" in names:
            return frozenset(optimizer.pass_names())
        return optimizer.check_disabled(names)
    return _forgetting_imports(check)


def _install_hook(policy):
    """Install the frame-evaluation hook (jit.hook) unless the policy marks
    nothing; the module, or None when it is not installed."""
    from jit.marking import Mode
    if policy.mode is Mode.NONE:
        return None

    def install():
        from jit import hook
        from jit.stencils.model import StencilError
        try:
            hook.install(policy)
        except (hook.HookError, StencilError) as error:
            # No stencils (no clang, say) or a debugger's hook: the program goes on.
            sys.stderr.write(f"cpjit: the frame-evaluation hook is off for this run: {error}\n")
            return None
        # (the hook loaded the stencil library, which has the shelter's stencil)
        from jit import gc_shelter
        from jit.stencils.library import load_library
        gc_shelter.install(load_library())
        return hook
    return _forgetting_imports(install)


def _forgetting_imports(function):
    """Run `function()`, then take the modules it imported, other than
    cpjit's, out of sys.modules (cpjit keeps its references).  Installing the
    hook at start-up loads the stencil library (cffi, mmap, _blake2); the
    program must still find those modules unimported, as under python (its
    import hooks see them load), like it does when no loop gets hot."""
    before = set(sys.modules)
    try:
        return function()
    finally:
        for name in set(sys.modules) - before:
            if not name.startswith(("jit.", "interpreter.")):
                del sys.modules[name]


def main(argv: list[str] | None = None, startup: Closable | None = None) -> int:
    """Run a program as `python -m jit` does (jit/__main__.py, which gives
    what its start-up opened, the GC shelter's window and the start-up
    bundle: closed before the program's first instruction)."""
    python_and_imports = time.process_time()
    args = sys.argv[1:] if argv is None else argv
    try:
        opts = parse_args(args)
    except UsageError as e:
        sys.stderr.write(f"{_program_name()} -m jit: {e}\n{USAGE}")
        return 2

    import interpreter
    from interpreter import traceback as vm_traceback
    from interpreter.sealed import with_original_builtins
    vm_traceback.internal_files.add(os.path.abspath(__file__))
    vm_traceback.internal_files.add(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "__main__.py"))
    interpreter.interp.jit.enabled = opts.jit
    try:
        threshold = opts.threshold or _environment("CPJIT_THRESHOLD", _threshold)
        backend = opts.backend or _environment("CPJIT_BACKEND", _backend)
    except UsageError as e:
        sys.stderr.write(f"{_program_name()} -m jit: {e}\n")
        return 2
    if threshold is not None:
        interpreter.interp.jit.threshold = threshold
    if backend is not None:
        interpreter.interp.jit.backend = backend
    # (a missing script fails before any set-up: no --stats report at exit)
    if opts.mode == "file" and opts.target != "-":
        from interpreter.main import script_path
        path = script_path(opts.target)
        if not os.path.exists(path):
            sys.stderr.write(f"{_program_name()}: can't open file {path!r}: "
                             "[Errno 2] No such file or directory\n")
            return 2
    jit = None
    collecting = opts.stats or opts.stats_json is not None
    interpreter.interp.count_instructions = collecting
    if opts.jit:
        from jit.runtime import DEFAULT_MEMORY_CAP, Jit
        dumper = None
        if opts.dump:
            from pathlib import Path
            from jit.dump import Dumper
            dumper = Dumper(Path(opts.dump))
        try:
            cap = int(os.environ.get("CPJIT_MEMORY_CAP", DEFAULT_MEMORY_CAP))
        except ValueError:
            sys.stderr.write(f"{_program_name()} -m jit: CPJIT_MEMORY_CAP must be a number of "
                             f"bytes, not {os.environ['CPJIT_MEMORY_CAP']!r}\n")
            return 2
        try:
            disabled = _disabled_passes(opts.disable_passes)
        except ValueError as e:
            sys.stderr.write(f"{_program_name()} -m jit: {e}\n")
            return 2
        jit = Jit(interpreter.interp.jit.threshold, dumper, cap, interpreter.interp.jit.backend,
                  disabled, perf_map=opts.perf_map)
        if collecting:
            jit.collect_stats()
        # (registered before the statistics' handlers: runs after them)
        atexit.register(jit.shutdown)
        interpreter.interp.backedge = jit.backedge
        interpreter.interp.function_start = jit.function_start
    try:
        policy = _vm_policy(opts)
    except ValueError as e:
        sys.stderr.write(f"{_program_name()} -m jit: {e}\n")
        return 2
    if opts.stats:
        def report() -> None:
            print(f"cpjit stats: {interpreter.interp.stats.as_dict()}", file=sys.stderr)
            if hook is not None:
                print(f"cpjit hook: {hook.stats().as_dict()}", file=sys.stderr)
            if jit is not None:
                print(jit.stats.report(jit.executors(), jit.native_uops(),
                                       interpreter.interp.stats.instructions), file=sys.stderr)
        # (at exit, with the builtins as they were: the program may have rebound them)
        atexit.register(with_original_builtins, report)
    if opts.stats_json is not None:
        atexit.register(with_original_builtins, lambda: _write_stats_json(opts.stats_json, jit))

    jit_ready = time.process_time()
    hook = _install_hook(policy)
    if startup is not None:
        startup.close()
    hooked = time.process_time()
    _startup.update(python_and_imports=python_and_imports,
                    jit=jit_ready - python_and_imports, hook=hooked - jit_ready, total=hooked)
    try:
        if opts.mode == "file":
            interpreter.run_file(opts.target, opts.argv)
        elif opts.mode == "module":
            interpreter.run_module(opts.target, opts.argv)
        else:
            interpreter.run_command(opts.target, opts.argv)
    except SystemExit:
        raise  # python's own handling prints the message and sets the status
    except KeyboardInterrupt as exc:
        _print_uncaught(exc)
        _die_by_sigint()
    except BaseException as exc:
        _print_uncaught(exc)
        return 1
    return 0
