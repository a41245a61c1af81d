"""What the benchmarks run under: CPython, cpjit's configurations, external interpreters.

Every configuration is a command prefix; a run is `command + [program]`.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import enum
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from jit.bench.catalog import TIMER_DIR
from jit.paths import BUILD_DIR

CHECKOUT = Path(__file__).resolve().parents[2]
CPJIT = (sys.executable, "-m", "jit")


class Kind(enum.Enum):
    CPYTHON = "cpython"
    CPJIT = "cpjit"
    EXTERNAL = "external"


@dataclass(frozen=True)
class Configuration:
    name: str
    command: tuple[str, ...]
    kind: Kind
    jit: bool = False          # compiles loops: one extra run collects --stats-json
    backend: str | None = None  # what --stats-json must report as "backend" (the --backend value)


class BadInterpreter(Exception):
    pass


def environment(extra: dict[str, str]) -> dict[str, str]:
    """The environment every run gets: this checkout's cpjit and the timer module
    on the path (and nothing else), a fixed hash seed (str hashes change dict
    layouts, so timings, from run to run), and no inherited CPJIT_* setting
    (each configuration says exactly what it runs)."""
    inherited = {k: v for k, v in os.environ.items()
                 if not k.startswith("CPJIT_") and k != "PYTHONDONTWRITEBYTECODE"}
    path = os.pathsep.join([str(TIMER_DIR), str(CHECKOUT)])
    # Bytecode caches, as an installed program has them: CPython's standard
    # library comes with its .pyc files, and without caches every cpjit
    # process would compile cpjit's ~50 modules from source (~100 ms) --
    # start-up that measures the environment, not the JIT.  Kept out of the
    # checkout, under build/.
    caches = inherited.get("PYTHONPYCACHEPREFIX") or str(BUILD_DIR / "pycache")
    return {**inherited, "PYTHONPATH": path, "PYTHONHASHSEED": "0",
            "PYTHONPYCACHEPREFIX": caches, **extra}


def cpjit_options() -> frozenset[str]:
    """The long options `python -m jit` accepts here (others add options in
    parallel: the harness uses --backend and --stats-json when they exist)."""
    result = subprocess.run([*CPJIT, "--help"], capture_output=True, text=True,
                            env=environment({}), timeout=120)
    return frozenset(word.strip(",") for word in result.stdout.split() if word.startswith("--"))


def builtin_configurations(options: frozenset[str]) -> dict[str, Configuration]:
    """cpython, no-jit, copy-and-patch, llvm-O0 and llvm (llvm -O2). Copy-and-patch
    is cpjit's default backend, so it names no --backend where the option does not
    exist yet; the llvm configurations always name theirs (and fail clearly where
    cpjit has no such option)."""
    explicit = ("--backend", "copy-and-patch") if "--backend" in options else ()
    return {c.name: c for c in (
        Configuration("cpython", (sys.executable,), Kind.CPYTHON),
        Configuration("no-jit", (*CPJIT, "--no-jit"), Kind.CPJIT),
        Configuration("copy-and-patch", (*CPJIT, *explicit), Kind.CPJIT, True, "copy-and-patch"),
        Configuration("llvm-O0", (*CPJIT, "--backend", "llvm-O0"), Kind.CPJIT, True, "llvm-O0"),
        Configuration("llvm", (*CPJIT, "--backend", "llvm"), Kind.CPJIT, True, "llvm"),
    )}


DEFAULT_NAMES = ("cpython", "no-jit", "copy-and-patch", "llvm-O0", "llvm")


def external_interpreter(given: str, taken: set[str]) -> Configuration:
    """An interpreter named by path (or found on PATH), named after its file."""
    path = given if os.sep in given else (shutil.which(given) or given)
    if not os.path.exists(path):
        raise BadInterpreter(f"--interpreter {given}: no such file")
    if os.path.isdir(path) or not os.access(path, os.X_OK):
        raise BadInterpreter(f"--interpreter {given}: not an executable file")
    name = os.path.basename(path)
    number = 2
    while name in taken:
        name = f"{os.path.basename(path)}#{number}"
        number += 1
    return Configuration(name, (os.path.abspath(path),), Kind.EXTERNAL)


def version(configuration: Configuration) -> str:
    """The interpreter's implementation and version, as it reports them."""
    if configuration.kind is not Kind.EXTERNAL:
        host = f"CPython {sys.version.split()[0]}"
        return host if configuration.kind is Kind.CPYTHON else f"cpjit on {host}"
    probe = "import platform; print(platform.python_implementation(), platform.python_version())"
    try:
        result = subprocess.run([*configuration.command, "-c", probe], capture_output=True,
                                text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    return result.stdout.strip() or f"unknown (exit {result.returncode})"
