"""Finding clang >= 19 and compiling one stencil with it.

Order of preference: $CLANG, then clang-NN / clang on PATH, then the clang
embedded in PyPI's `ziglang` package.  `preserve_none` and `musttail` (the
stencils' calling convention) need clang 19 or newer.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import functools
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from jit.paths import BUILD_DIR, STENCILS_DIR
from jit.stencils.model import StencilError

MINIMUM_VERSION = 19
NOT_FOUND = (
    "cpjit needs clang >= {minimum} to build its stencils, and none was found{detail}.\n"
    "Get one either way:\n"
    "  pip install ziglang          # clang from PyPI (or: pip install 'cpjit[clang]')\n"
    "  apt-get install clang-19     # Debian / Ubuntu\n"
    "or point $CLANG at a clang >= {minimum} binary."
)

# Code model (see ../shared/TOOLCHAIN.md): every data reference and hole value
# becomes a 64-bit absolute relocation; calls and jumps stay 32-bit relative.
STENCIL_FLAGS = (
    "-O3", "-std=c11", "-Wall", "-Wno-unused-variable", "-Wno-unused-but-set-variable",
    "-fno-pic", "-mcmodel=medium", "-mlarge-data-threshold=0",
    "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
    "-fno-builtin", "-fno-stack-protector", "-fno-sanitize=all",
    "-fomit-frame-pointer", "-fno-jump-tables", "-g0",
)


class ClangNotFound(StencilError):
    pass


@dataclass(frozen=True)
class Compiler:
    command: tuple[str, ...]  # argv prefix, e.g. ("/usr/bin/clang-19",)
    version_line: str
    target: str

    @property
    def flags(self) -> tuple[str, ...]:
        include = sysconfig.get_paths()["include"]
        return ("-target", self.target, *STENCIL_FLAGS, f"-I{STENCILS_DIR}", f"-I{include}",
                f"-I{include}/internal")

    def compile(self, source: Path, output: Path, bitcode: bool = False) -> None:
        """Compile one translation unit to an object (or, with `bitcode`, to LLVM
        bitcode, for the LLVM backend); a failure names the source and shows
        clang's output."""
        environment = dict(os.environ, ZIG_GLOBAL_CACHE_DIR=str(BUILD_DIR / "zig-cache"))
        emit = ("-emit-llvm",) if bitcode else ()
        result = subprocess.run(
            [*self.command, "-c", *emit, *self.flags, str(source), "-o", str(output)],
            capture_output=True, text=True, env=environment,
        )
        if result.returncode != 0:
            raise StencilError(f"compiling {source} failed:\n{result.stderr.strip()}")


def _version(command: list[str]) -> tuple[int, str] | None:
    try:
        result = subprocess.run([*command, "--version"], capture_output=True, text=True,
                                timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"clang version (\d+)[^\n]*", result.stdout)
    if result.returncode != 0 or match is None:
        return None
    return int(match[1]), match[0]


def _candidates_on_path() -> list[str]:
    """clang-NN binaries on PATH, newest first, then plain `clang`."""
    found: dict[int, str] = {}
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            match = re.fullmatch(r"clang-(\d+)", name)
            if match and int(match[1]) >= MINIMUM_VERSION:
                found.setdefault(int(match[1]), os.path.join(directory, name))
    plain = shutil.which("clang")
    return [found[v] for v in sorted(found, reverse=True)] + ([plain] if plain else [])


def _ziglang_command() -> list[str] | None:
    try:
        import ziglang  # noqa: F401  (only its presence matters)
    except ImportError:
        return None
    return [sys.executable, "-m", "ziglang", "cc"]


@functools.cache
def find_clang() -> Compiler:
    """The compiler to build stencils with, or ClangNotFound with a clear message."""
    if platform.machine() not in ("x86_64", "AMD64") or not sys.platform.startswith("linux"):
        raise StencilError(
            f"cpjit's stencils target x86-64 Linux; this is {sys.platform}/{platform.machine()}"
        )
    requested = os.environ.get("CLANG")
    if requested:
        version = _version([requested])
        if version is None or version[0] < MINIMUM_VERSION:
            found = version[1] if version else "not a working clang"
            raise ClangNotFound(NOT_FOUND.format(
                minimum=MINIMUM_VERSION, detail=f" ($CLANG={requested}: {found})"))
        return Compiler((requested,), version[1], "x86_64-linux-gnu")
    for candidate in _candidates_on_path():
        version = _version([candidate])
        if version and version[0] >= MINIMUM_VERSION:
            return Compiler((candidate,), version[1], "x86_64-linux-gnu")
    zig = _ziglang_command()
    if zig:
        version = _version(zig)
        if version and version[0] >= MINIMUM_VERSION:
            # zig's clang refuses -fno-pic for *-gnu targets; musl gives the same code.
            return Compiler(tuple(zig), version[1], "x86_64-linux-musl")
    raise ClangNotFound(NOT_FOUND.format(minimum=MINIMUM_VERSION, detail=""))
