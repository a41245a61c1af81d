"""Building, checking and loading the stencil library.

The library is rebuilt whenever the digest of its inputs changes: the stencil
sources, the generator's own code (the compiler flags are in clang.py), the
compiler's version and the Python version whose headers the stencils were
compiled against.  Loading a current library imports none of the build's
tools (pyelftools, subprocess, ...): they load only when a build runs.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import contextlib
import marshal
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from jit.paths import (BUILD_DIR, ENTRY_SOURCE, EVAL_HOOK_SOURCE, GC_SHELTER_SOURCE, ROOT,
                       STENCILS_DIR, bitcode_path)
from jit.stencils import cache
from jit.stencils.model import Stencil, StencilError, StencilLibrary

if TYPE_CHECKING:
    from jit.stencils.clang import Compiler

LIBRARY_PATH = BUILD_DIR / "stencils" / "library.json"
# Compiled objects and bitcode by the digest of all a compile depends on, so a
# build recompiles only the stencils whose source, headers or flags changed.
OBJECT_CACHE = BUILD_DIR / "stencils" / "objects"
ENTRY_STENCIL = "_ENTRY"
EXIT_STUB_STENCIL = "_EXIT_STUB"
EVAL_HOOK_STENCIL = "_EVAL_HOOK"
GC_SHELTER_STENCIL = "_GC_SHELTER"
# Stencils written by hand with the ordinary C ABI, compiled as they are.
C_ABI_STENCILS = {ENTRY_STENCIL: ENTRY_SOURCE, EVAL_HOOK_STENCIL: EVAL_HOOK_SOURCE,
                  GC_SHELTER_STENCIL: GC_SHELTER_SOURCE}
# The Python modules whose code decides what the build produces.
_HERE = Path(__file__).resolve().parent
GENERATOR_FILES = (ROOT / "jit" / "uops.py", _HERE / "templates.py", _HERE / "elf.py",
                   _HERE / "model.py", _HERE / "clang.py", _HERE / "bitcode.py")


def _input_files() -> list[Path]:
    # (os.listdir: pathlib's glob cost every start-up ~0.2 ms)
    sources = sorted(name for name in os.listdir(STENCILS_DIR) if name.endswith((".c", ".h")))
    return [*(STENCILS_DIR / name for name in sources), *GENERATOR_FILES]


def input_digest(compiler_version: str) -> str:
    """A digest of everything the library's bytes depend on."""
    return cache.key(*(part for path in _input_files()
                       for part in (path.relative_to(ROOT).as_posix().encode(), path.read_bytes())),
                     compiler_version.encode(), sys.version.encode())


def _fingerprint(path: Path) -> str:
    """A key of the library at `path`, its inputs' and this module's file
    metadata (modification time, size, inode), as pyc files are checked:
    a stamp under it says the library was found current with them."""
    files = [path, bitcode_path(path), *_input_files(), Path(__file__)]
    return cache.key(*(f"{file}:{info.st_mtime_ns}:{info.st_size}:{info.st_ino}".encode()
                       for file, info in ((file, os.stat(file)) for file in files)),
                     sys.version.encode())


class Progress:
    """One line that counts compiled stencils: rewritten in place on a terminal,
    printed at every tenth on a log."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.interactive = stream.isatty()
        self.lock = threading.Lock()

    def step(self, name: str) -> None:
        with self.lock:
            self.done += 1
            line = f"cpjit: compiling stencils [{self.done}/{self.total}] {name}"
            if self.interactive:
                self.stream.write(f"\r\033[K{line}")
                if self.done == self.total:
                    self.stream.write("\n")
            elif self.done == self.total or self.done % max(1, self.total // 10) == 0:
                self.stream.write(line + "\n")
            self.stream.flush()


def write_translation_units(work: Path) -> dict[str, Path]:
    """Every stencil's translation unit: generated for uops, as-is for the C-ABI ones."""
    from jit.stencils import templates
    from jit.uops import load_uops
    sources = dict(C_ABI_STENCILS)
    work.mkdir(parents=True, exist_ok=True)
    for uop in load_uops().values():
        path = work / f"{uop.name}.c"
        text = templates.translation_unit(uop)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        sources[uop.name] = path
    return sources


@contextlib.contextmanager
def build_lock(directory: Path, stream: TextIO = sys.stderr) -> Iterator[None]:
    """Hold `directory`'s build lock: one process at a time builds the library
    there (two builds shared its work directory and temporary files, and one
    failed reading an object the other had replaced).  Says so when it waits."""
    import fcntl
    path = directory / "build.lock"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        lock = open(path, "wb")
    except OSError as error:
        raise StencilError(f"cannot build stencils in {directory}: {error}") from error
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.write(f"cpjit: waiting for another process building stencils in {directory}\n")
            stream.flush()
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # (closing the file releases the lock)


def build(output: Path = LIBRARY_PATH, compiler: Compiler | None = None,
          stream: TextIO = sys.stderr,
          object_cache: Path | None = OBJECT_CACHE) -> StencilLibrary:
    """Compile every stencil in parallel, parse the objects, write the library
    (and, next to it, every stencil's LLVM bitcode).  A compile whose inputs
    are the same as one `object_cache` holds is taken from there (None:
    compile everything); the cache keeps this build's files only.  Holds
    the output directory's build lock."""
    with build_lock(output.parent, stream):
        return _build(output, compiler, stream, object_cache)


def _build(output: Path, compiler: Compiler | None, stream: TextIO,
           object_cache: Path | None) -> StencilLibrary:
    import concurrent.futures
    from jit.stencils import elf
    from jit.stencils.clang import find_clang
    compiler = compiler or find_clang()
    started = time.perf_counter()
    work = output.parent / "work"
    sources = write_translation_units(work)
    progress = Progress(len(sources), stream)
    # What every compile depends on besides its own source.
    headers = sorted(name for name in os.listdir(STENCILS_DIR) if name.endswith(".h"))
    common = cache.key(compiler.version_line.encode(), "\0".join(compiler.flags).encode(),
                       sys.version.encode(), *((STENCILS_DIR / name).read_bytes() for name in headers))
    used: set[Path] = set()
    reused: set[str] = set()  # stencils whose object came from the cache

    def compiled(name: str, suffix: str) -> Path:
        """Stencil `name` compiled to an object (".o") or bitcode (".bc")."""
        path = work / f"{name}{suffix}"
        if object_cache is None:
            compiler.compile(sources[name], path, bitcode=suffix == ".bc")
            return path
        key = cache.key(common.encode(), sources[name].read_bytes(), suffix.encode())
        cached = object_cache / f"{name}-{key[:32]}{suffix}"
        used.add(cached)
        try:
            shutil.copyfile(cached, path)
            if suffix == ".o":
                reused.add(name)
            return path
        except OSError:
            pass  # not cached (or pruned meanwhile by a build of other inputs)
        compiler.compile(sources[name], path, bitcode=suffix == ".bc")
        try:
            object_cache.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_name(f"{cached.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            shutil.copyfile(path, temporary)
            temporary.replace(cached)  # readers never see a half-written file
        except OSError:
            pass  # (a build directory that cannot be written: no cache)
        return path

    def compile_one(name: str) -> Stencil:
        stencil = elf.parse_stencil(compiled(name, ".o"), name)
        progress.step(name)
        return stencil

    def compile_bitcode(name: str) -> bytes:
        return compiled(name, ".bc").read_bytes()

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        jobs = {name: (pool.submit(compile_one, name), pool.submit(compile_bitcode, name))
                for name in sources}
        stencils = {name: stencil.result() for name, (stencil, _) in jobs.items()}
        modules = {name: bitcode.result() for name, (_, bitcode) in jobs.items()}
    library = StencilLibrary(input_digest(compiler.version_line), compiler.version_line, stencils)
    from jit.stencils.bitcode import BitcodeBundle
    BitcodeBundle(library.digest, library.compiler, modules).save(bitcode_path(output))
    library.save(output)
    if object_cache is not None:
        _prune(object_cache, used)
    cached = f", {len(reused)} of them unchanged (from {object_cache})" if reused else ""
    stream.write(f"cpjit: built {len(stencils)} stencils{cached} with {compiler.version_line} "
                 f"in {time.perf_counter() - started:.1f} s -> {output}\n")
    return library


def _prune(object_cache: Path, used: set[Path]) -> None:
    """Remove the cached compiles this build did not use (older inputs')."""
    try:
        for path in object_cache.iterdir():
            if path not in used and not path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
    except OSError:
        pass


def staleness(path: Path = LIBRARY_PATH) -> str | None:
    """Why the library at `path` must be rebuilt, or None when it is current.

    The recorded compiler version is reused, so no compiler runs here; `--check`
    also compares it with the compiler that would be used now.  Besides the
    digest, it checks the library holds exactly the uops stencils/uops.c
    defines (a library written by hand, or damaged)."""
    reason, library = _checked(path)
    if reason is None:
        from jit.uops import load_uops
        if set(library.stencils) != set(load_uops()) | set(C_ABI_STENCILS):
            return f"{path} does not match the uop set"
    return reason


class _LazyStencils(Mapping[str, Stencil]):
    """A library file's stencils, each decoded from its JSON entry when first
    used: a process uses a few of them (start-up only the hook's), and
    decoding all ~130 took a few milliseconds of every start.  The entries
    are marshalled (see _entries)."""

    def __init__(self, path: Path, entries: Mapping[str, bytes]) -> None:
        self.path, self.entries = path, entries
        self.decoded: dict[str, Stencil] = {}

    def __getitem__(self, name: str) -> Stencil:
        stencil = self.decoded.get(name)
        if stencil is None:
            entry = marshal.loads(self.entries[name])  # KeyError: no such stencil
            try:
                stencil = self.decoded[name] = Stencil.from_json(name, entry)
            except (ValueError, KeyError, TypeError) as error:
                raise StencilError(f"{self.path}: unreadable stencil {name} ({error!r})") \
                    from error
        return stencil

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _read(path: Path, mirror_key: str | None = None) -> StencilLibrary:
    """StencilLibrary.load, decoding each stencil only when it is first used
    (see _entries for `mirror_key`)."""
    return _read_keyed(path, mirror_key)[0]


def _read_keyed(path: Path, mirror_key: str | None = None) -> tuple[StencilLibrary, str]:
    try:
        digest, compiler, entries, mirror_key = _entries(path, mirror_key)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StencilError(f"{path}: unreadable stencil library ({error})") from error
    return StencilLibrary(digest, compiler, _LazyStencils(path, entries)), mirror_key


MIRROR_HEADER = (b"cpjit stencil library mirror, generated from library.json by "
                 b"jit/stencils/library.py: do not edit\n")
STAMP_HEADER = (b"cpjit stencil library stamp, written by jit/stencils/library.py when "
                b"it found library.json current: do not edit\n")


def _entries(path: Path, mirror_key: str | None = None
             ) -> tuple[str, str, Mapping[str, bytes], str]:
    """The digest, compiler and stencils' JSON entries (each marshalled) of
    the library at `path`, and the key of their mirror.  Importing json and
    parsing the file cost every start-up ~2 ms: they are kept in a mirror
    next to it (`library-KEY.marshal`, an indexed cache of
    jit/stencils/cache.py), KEY digesting the file's bytes, this module's
    source and the Python version, so an edited or rebuilt library is parsed
    afresh.  Given the key (from the library's stamp), reading and digesting
    the file is left out unless its mirror is gone."""
    found = mirror_key and _mirrored(path, mirror_key)
    if found:
        return found
    content = path.read_bytes()
    key = _mirror_key(content)
    found = _mirrored(path, key)
    if found:
        return found
    (digest, compiler), entries = value = _parsed(content)
    cache.write(_mirror(path, key), MIRROR_HEADER, key, lambda: value, indexed=True)
    return digest, compiler, entries, key


def _mirror_key(content: bytes) -> str:
    return cache.key(content, Path(__file__).read_bytes(), sys.version.encode())


def _parsed(content: bytes) -> tuple[tuple[str, str], dict[str, bytes]]:
    """The mirror's value for the library `content`: (digest, compiler) and
    each stencil's JSON entry, marshalled."""
    import json
    payload = json.loads(content)
    digest, compiler, stencils = payload["digest"], payload["compiler"], payload["stencils"]
    if not (isinstance(digest, str) and isinstance(compiler, str)
            and isinstance(stencils, dict)):
        raise TypeError("digest, compiler or stencils of the wrong type")
    return (digest, compiler), {name: marshal.dumps(entry) for name, entry in stencils.items()}


def _mirror(path: Path, key: str) -> Path:
    return path.with_name(f"{path.stem}-{key[:16]}.marshal")


def _mirrored(path: Path, key: str) -> tuple[str, str, Mapping[str, bytes], str] | None:
    """_entries' value from the mirror of the library at `path` under `key`,
    if it has one."""
    def rebuild() -> tuple[tuple[str, str], dict[str, bytes]]:
        # (for an entry found damaged: from the library the mirror was of)
        content = path.read_bytes()
        if _mirror_key(content) != key:
            raise StencilError(f"{path} changed while this process used it")
        return _parsed(content)
    value = cache.read_indexed(_mirror(path, key), MIRROR_HEADER, key, "stencil library's mirror",
                               rebuild)
    if value is None:
        return None
    (digest, compiler), entries = value
    return digest, compiler, entries, key


def _checked(path: Path) -> tuple[str | None, StencilLibrary | None]:
    """Why the library at `path` is stale, or the library when it is current
    (start-up loads it once, not once to check and once to use).  The digest
    covers stencils/uops.c, so a current library has its uop set: parsing
    uops.c to compare would cost every start ~4 ms (loading does not).

    Digesting the library and its inputs cost every start-up ~1.2 ms: once
    found current, a stamp (`stamp-FINGERPRINT.marshal`, see _fingerprint)
    records it with the key of the library's mirror, and while every file's
    metadata is unchanged the mirror is read without digesting anything."""
    if not path.exists():
        return f"{path} does not exist", None
    if not bitcode_path(path).exists():
        return f"{bitcode_path(path)} does not exist", None
    try:
        fingerprint = _fingerprint(path)
    except OSError:  # (a file gone meanwhile: the digest below says what)
        fingerprint = None
    stamp = path.with_name(f"stamp-{fingerprint[:16]}.marshal") if fingerprint else None
    known = stamp and cache.read(stamp, STAMP_HEADER, fingerprint, "stencil library's stamp")
    try:
        library, mirror_key = _read_keyed(path, known if isinstance(known, str) else None)
    except StencilError as error:  # e.g. written by an older cpjit
        return str(error), None
    if known == mirror_key:
        return None, library  # found current with these very files
    if library.digest != input_digest(library.compiler):
        return f"{path} is stale: its sources, flags or Python changed", None
    if stamp is not None:
        cache.write(stamp, STAMP_HEADER, fingerprint, lambda: mirror_key)
    return None, library


_loaded: StencilLibrary | None = None
_loading = threading.Lock()


def loaded_digest() -> str | None:
    """The digest of the library load_library loaded from LIBRARY_PATH, if it
    did: checked then to be the digest of the current sources (the uop
    cache keys by it, see jit.uops.load_uops)."""
    library = _loaded
    return None if library is None else library.digest


def load_library(path: Path = LIBRARY_PATH, stream: TextIO = sys.stderr) -> StencilLibrary:
    """The current stencil library, rebuilt first (with progress) if missing or stale."""
    global _loaded
    with _loading:
        if _loaded is None or path != LIBRARY_PATH:
            reason, library = _checked(path)
            if reason:
                with build_lock(path.parent, stream):
                    reason, library = _checked(path)  # (built meanwhile by another process?)
                    if reason:
                        stream.write(f"cpjit: rebuilding stencils ({reason})\n")
                        library = _build(path, None, stream, OBJECT_CACHE)
            if path != LIBRARY_PATH:
                return library
            _loaded = library
        return _loaded
