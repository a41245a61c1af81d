"""Shared helpers for differential testing: CPython itself is the oracle.

Two levels:

* **Process level** (`run_cpython`, `run_cpjit`, `compare_outcomes`): run a
  program as a whole process under `python ...` and under
  `python -m jit <mode> ...` and compare stdout, stderr and exit code.
* **In-process level** (`run_both`): compile a snippet, execute it with
  CPython's `exec` and with the Tier 1 VM's public API, and return comparable
  outcomes (captured stdout, resulting namespace, exception type + message).

The list of cpjit modes the corpus runs under lives in ONE place:
`CPJIT_MODES` below.  Later engineers add JIT-on / threshold-1 / other
backends by editing that one line (or, without editing, by setting the
environment variable ``CPJIT_MODES`` to a `;`-separated list of
space-separated argument strings, e.g. ``"--no-jit;;--threshold 1"``).
"""
from __future__ import annotations

import contextlib
import dataclasses
import difflib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

import pytest

from jit.optimizer import pass_names

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "tests" / "corpus"

# ---------------------------------------------------------------------------
# The cpjit modes every corpus program runs under.  Add e.g. [] (JIT on),
# ["--threshold", "1"], ["--backend", "llvm"] here.
# The LLVM backends: -O0 at threshold 1 compiles every loop of every program
# (~80 s on 2 cores); -O2 runs at the default threshold (~55 s): at threshold 1
# it took ~225 s and game_of_life.py timed out (> 120 s: 1,172 traces and side
# traces at ~0.1-0.3 s each), with every other program passing.
# Each optimizer pass disabled in turn, at threshold 1 (every loop compiled;
# ~40 s per mode on 2 cores): a pass added to the pipeline gets its mode.
CPJIT_MODES: list[list[str]] = [["--no-jit"], [], ["--threshold", "1"],
                                ["--backend", "llvm-O0", "--threshold", "1"],
                                ["--backend", "llvm"],
                                *(["--threshold", "1", "--disable-pass", name]
                                  for name in pass_names())]
# ---------------------------------------------------------------------------


# Known differences from CPython, by test id: they still run, as strict
# xfails, so one that starts to pass fails until its entry is removed.
FRAMES_GAP = ("frames of VM-run code are not CPython frames: sys._getframe()/f_back, "
              "inspect, warnings' stacklevel, a signal handler's frame's f_back and a traceback "
              "frame's f_locals see the VM's own frames (a PEP 523 hook is planned)")
KNOWN_GAPS: dict[str, str] = {
    "frame-introspection-4": FRAMES_GAP,
    "frame-introspection-5": FRAMES_GAP,
    "frames_introspection.py": FRAMES_GAP,
    "tb_locals.py": FRAMES_GAP,
    "warnings_prog.py": FRAMES_GAP,
    "recursion_through_native.py": (
        "recursion entirely inside CPython-run code (__eq__ called from C) starts from a "
        "deeper real stack, the VM's own frames, so the limit trips at a different point "
        "of the compare/call cycle: CPython says 'maximum recursion depth exceeded', cpjit "
        "adds ' in comparison'"),
}


def known_gap(test_id: str) -> list:
    """pytest marks for a parameter whose id is a known gap."""
    reason = KNOWN_GAPS.get(test_id)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def cpjit_modes() -> list[list[str]]:
    env = os.environ.get("CPJIT_MODES")
    if env is None:
        return [list(m) for m in CPJIT_MODES]
    return [m.split() for m in env.split(";")]


def mode_id(mode: Sequence[str]) -> str:
    return " ".join(mode) if mode else "jit"


# Per-process wall-clock limits.  The VM is allowed to be much slower than
# CPython; a corpus program takes < 1 s under CPython.
CPYTHON_TIMEOUT = 30.0
CPJIT_TIMEOUT = float(os.environ.get("CPJIT_TIMEOUT", "120"))


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment both processes run in (identical for both)."""
    env = dict(os.environ)
    for var in ("PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONWARNINGS",
                "PYTHONBREAKPOINT", "PYTHONOPTIMIZE", "PYTHONVERBOSE",
                "PYTHONDEVMODE", "PYTHONTRACEMALLOC", "PYTHONFAULTHANDLER",
                "PYTHONUNBUFFERED", "PYTHONIOENCODING", "PYTHONSAFEPATH",
                "PYTHONNOUSERSITE", "PYTHONASYNCIODEBUG"):
        env.pop(var, None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # `python -m jit` must find the project from any cwd; CPython gets the
    # same sys.path entry so the two processes see the same module world.
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + old if old else "")
    env["LC_ALL"] = env.get("LC_ALL", "C.UTF-8")
    if extra:
        env.update(extra)
    return env


@dataclasses.dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    returncode: int

    def describe(self) -> str:
        return (f"exit code {self.returncode}\n"
                f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}")


def _decode(b: bytes) -> str:
    return b.decode("utf-8", errors="backslashreplace")


def cpython_argv(args: Sequence[str]) -> list[str]:
    return [sys.executable, *args]


def cpjit_argv(mode: Sequence[str], args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "jit", *mode, *args]


def run_process(argv: Sequence[str], cwd: Path | str, timeout: float,
                env: dict[str, str] | None = None,
                stdin: bytes = b"") -> Outcome:
    proc = subprocess.Popen(list(argv), cwd=str(cwd), env=env or child_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return Outcome(_decode(out), _decode(err) + f"\n<<TIMEOUT after {timeout}s>>\n", -999)
    return Outcome(_decode(out), _decode(err), proc.returncode)


_CPYTHON_CACHE: dict[tuple, Outcome] = {}


def run_cpython(args: Sequence[str], cwd: Path | str, stdin: bytes = b"") -> Outcome:
    """CPython's outcome; cached for the test session (it is the oracle)."""
    key = (tuple(args), str(cwd), stdin)
    if key not in _CPYTHON_CACHE:
        _CPYTHON_CACHE[key] = run_process(cpython_argv(args), cwd, CPYTHON_TIMEOUT, stdin=stdin)
    return _CPYTHON_CACHE[key]


def run_cpjit(mode: Sequence[str], args: Sequence[str], cwd: Path | str,
              stdin: bytes = b"") -> Outcome:
    return run_process(cpjit_argv(mode, args), cwd, CPJIT_TIMEOUT, stdin=stdin)


def first_loop_dump(directory: Path) -> str:
    """The first loop trace `--dump DIRECTORY` wrote (a root trace: its side
    traces come after it; a function's trace, recorded at its first call,
    may come before it)."""
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text()
        if text.startswith("trace of the loop"):
            return text
    raise AssertionError(f"no loop trace among {sorted(directory.glob('*.txt'))}")


def run_pair(mode: Sequence[str], args: Sequence[str], cwd: Path | str,
             stdin: bytes = b"", cpython_args: Sequence[str] | None = None,
             ) -> tuple[Outcome, Outcome]:
    """Run CPython and cpjit (concurrently when CPython's outcome is not yet
    cached: 2 cores); returns (expected, actual).

    `cpython_args` defaults to `args` (the same script path / -m / -c)."""
    import threading
    cp_args = tuple(args if cpython_args is None else cpython_args)
    key = (cp_args, str(cwd), stdin)
    if key in _CPYTHON_CACHE:
        return _CPYTHON_CACHE[key], run_cpjit(mode, args, cwd, stdin)
    t = threading.Thread(target=run_cpython, args=(cp_args, cwd, stdin))
    t.start()
    try:
        actual = run_cpjit(mode, args, cwd, stdin)
    finally:
        t.join()
    return _CPYTHON_CACHE[key], actual


def unified(expected: str, actual: str, what: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                actual.splitlines(keepends=True),
                                fromfile=f"{what} (CPython)",
                                tofile=f"{what} (cpjit)")
    text = "".join(d if d.endswith("\n") else d + "\n\\ No newline at end of file\n"
                   for d in diff)
    if len(text) > 12000:
        text = text[:12000] + "\n... (diff truncated)\n"
    return text


def compare_outcomes(expected: Outcome, actual: Outcome, label: str = "") -> str | None:
    """None when identical, otherwise a human-readable report with diffs."""
    problems = []
    if expected.returncode != actual.returncode:
        problems.append(f"exit code: CPython {expected.returncode}, cpjit {actual.returncode}")
    if expected.stdout != actual.stdout:
        problems.append("stdout differs:\n" + unified(expected.stdout, actual.stdout, "stdout"))
    if expected.stderr != actual.stderr:
        problems.append("stderr differs:\n" + unified(expected.stderr, actual.stderr, "stderr"))
    if not problems:
        return None
    head = f"{label}: " if label else ""
    return head + "cpjit differs from CPython\n" + "\n".join(problems)


def assert_same(expected: Outcome, actual: Outcome, label: str = "") -> None:
    __tracebackhide__ = True
    report = compare_outcomes(expected, actual, label)
    if report is not None:
        raise AssertionError(report)


# ---------------------------------------------------------------------------
# In-process differential execution
# ---------------------------------------------------------------------------

# Candidate spellings of the VM's "execute this code object in this globals
# dict" entry point, in order of preference.  The documented API is
# `interpreter.run_code(code, globals)`.
_API_NAMES = ("run_code", "exec_code", "run", "execute")


def vm_exec() -> Callable[[Any, dict], Any]:
    """The VM's `run_code(code, globals)`; raises ImportError if absent."""
    import interpreter
    for name in _API_NAMES:
        fn = getattr(interpreter, name, None)
        if callable(fn):
            return fn
    raise ImportError("interpreter exposes none of " + ", ".join(_API_NAMES))


def vm_available() -> bool:
    try:
        vm_exec()
    except Exception:
        return False
    return True


@dataclasses.dataclass
class Result:
    stdout: str
    namespace: dict          # repr() of every user-visible global after the run
    exc: tuple | None        # (type name, str(exc), cause/context chain) or None
    tb: list | None          # [(function, line)] of traceback entries in the snippet's file
    value: Any = None        # value of the global `result` if the snippet set one

    def comparable(self, with_tb: bool = False):
        return (self.stdout, self.namespace, self.exc) + ((self.tb,) if with_tb else ())


def _exc_signature(e: BaseException | None, depth: int = 0):
    if e is None or depth > 5:
        return None
    sig = (type(e).__name__, str(e))
    if isinstance(e, BaseExceptionGroup):
        sig += (tuple(_exc_signature(x, depth + 1) for x in e.exceptions),)
    return sig + (("cause", _exc_signature(e.__cause__, depth + 1)),
                  ("context", _exc_signature(e.__context__, depth + 1)),
                  ("suppress", e.__suppress_context__))


def _tb_signature(e: BaseException | None, filename: str):
    if e is None:
        return None
    import traceback
    return [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)
            if f.filename == filename]


def _safe_repr(v: Any) -> str:
    import types
    if isinstance(v, types.FunctionType):
        return f"<function {v.__qualname__}>"
    if isinstance(v, type):
        return f"<class {v.__qualname__}>"
    if isinstance(v, types.ModuleType):
        return f"<module {v.__name__}>"
    try:
        r = repr(v)
    except Exception as e:  # noqa: BLE001
        return f"<repr failed: {type(e).__name__}>"
    if " at 0x" in r:  # default object repr: address-dependent
        return f"<{type(v).__qualname__} object>"
    return r


def _namespace_view(g: dict) -> dict:
    return {k: _safe_repr(v) for k, v in g.items()
            if k not in ("__builtins__",)}


class SnippetTimeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt a runaway VM loop (in-process) with SIGALRM, main thread only."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def handler(signum, frame):
        raise SnippetTimeout(f"snippet did not finish within {seconds}s")
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


SNIPPET_TIMEOUT = float(os.environ.get("CPJIT_SNIPPET_TIMEOUT", "30"))


def _run(executor: Callable[[Any, dict], Any], code, g: dict) -> Result:
    buf = io.StringIO()
    exc = None
    with contextlib.redirect_stdout(buf):
        try:
            with _time_limit(SNIPPET_TIMEOUT):
                executor(code, g)
        except SnippetTimeout:
            raise
        except BaseException as e:  # noqa: BLE001 - SystemExit etc. are outcomes too
            if isinstance(e, KeyboardInterrupt):
                raise
            exc = e
    return Result(buf.getvalue(), _namespace_view(g), _exc_signature(exc),
                  _tb_signature(exc, code.co_filename), g.get("result"))


def _cpython_exec(code, g):
    exec(code, g)


def run_both(source: str, filename: str = "<snippet>", globals_: dict | None = None
             ) -> tuple[Result, Result]:
    """Compile `source` once; run it under CPython's exec and under the VM.

    Returns (expected, actual): captured stdout, the globals afterwards (as
    reprs), the exception (type name, message, cause/context chain) and the
    traceback entries in the snippet's own file.  Each run gets a fresh copy
    of `globals_` (plus `__name__ = "__snippet__"`)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # e.g. "'int' object is not callable"
        code = compile(source, filename, "exec")
    base = {"__name__": "__snippet__"}
    if globals_:
        base.update(globals_)
    expected = _run(_cpython_exec, code, dict(base))
    actual = _run(vm_exec(), code, dict(base))
    return expected, actual


def check(source: str, *, tb: bool = False, **kw) -> Result:
    """run_both + assert identical; returns CPython's result for extra checks.

    With tb=True the (function, line) entries of the traceback must match too."""
    __tracebackhide__ = True
    import textwrap
    source = textwrap.dedent(source)
    expected, actual = run_both(source, **kw)
    if expected.comparable(tb) != actual.comparable(tb):
        lines = ["VM result differs from CPython for snippet:", source]
        if expected.stdout != actual.stdout:
            lines.append(unified(expected.stdout, actual.stdout, "stdout"))
        if expected.exc != actual.exc:
            lines.append(f"exception: CPython {expected.exc!r}\n"
                         f"           VM      {actual.exc!r}")
        if tb and expected.tb != actual.tb:
            lines.append(f"traceback: CPython {expected.tb!r}\n"
                         f"           VM      {actual.tb!r}")
        if expected.namespace != actual.namespace:
            keys = sorted(set(expected.namespace) | set(actual.namespace))
            for k in keys:
                a, b = expected.namespace.get(k, "<missing>"), actual.namespace.get(k, "<missing>")
                if a != b:
                    lines.append(f"global {k!r}: CPython {a}  VM {b}")
        raise AssertionError("\n".join(lines))
    return expected
