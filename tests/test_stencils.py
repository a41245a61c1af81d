"""The stencil pipeline: uop definitions -> C -> clang -> ELF -> stencil library."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import jit.stencils.clang as clang
import jit.hook  # noqa: F401  (provides the runtime symbols of the eval hook)
import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from jit.backend.emitter import prepare
from jit.backend.symbols import address_of
from jit.paths import ROOT, bitcode_path
from jit.stencils.elf import _elide_trailing_jump, _invert_trailing_branch, parse_stencil
from jit.stencils.library import (
    C_ABI_STENCILS, EXIT_STUB_STENCIL, LIBRARY_PATH, OBJECT_CACHE, build, build_lock,
    input_digest, load_library, staleness, write_translation_units,
)
from jit.stencils.model import Hole, HoleValue, Image, RelocationKind, StencilError, StencilLibrary
from jit.stencils.templates import translation_unit
from jit.uops import Flag, UopDefinitionError, load_uops, parse_uops

# Builds here share build/stencils/objects (the object cache): one worker
# runs them all under pytest-xdist (ci/test.py's --dist loadgroup).
pytestmark = pytest.mark.xdist_group("object_cache")


@pytest.fixture(scope="module")
def library() -> StencilLibrary:
    return load_library()


@pytest.fixture(scope="module")
def compiler() -> clang.Compiler:
    return clang.find_clang()


def compile_source(compiler: clang.Compiler, tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / f"{name}.c"
    path.write_text(source)
    compiler.compile(path, path.with_suffix(".o"))
    return path.with_suffix(".o")


# ---- uop definitions: one source of truth ---------------------------------

def test_every_uop_has_a_stencil_and_every_stencil_a_definition(library):
    uops = load_uops()
    assert set(library.stencils) == set(uops) | set(C_ABI_STENCILS)


def test_flags_are_derived_from_bodies():
    uops = load_uops()
    assert Flag.GUARD in uops["GUARD_TYPE"].flags
    assert Flag.ERROR in uops["BINARY_OP"].flags and Flag.ESCAPES in uops["BINARY_OP"].flags
    assert uops["POP_JUMP_IF_FALSE"].is_branch and not uops["POP_JUMP_IF_FALSE"].is_terminator
    assert uops["JUMP"].is_terminator and uops["EXIT_TRACE"].is_terminator
    assert uops["_EXIT_TAIL"].is_stub and uops["_ERROR_TAIL"].is_stub
    assert uops["BINARY_OP"].stack_effect(0) == -1
    assert uops["LOAD_FAST"].stack_effect(0) == 1
    # what a uop pushes on the register stacks (the registers pass follows it)
    from jit.uops import pushes
    for name in ("INT64_CONST", "INT64_UNBOX", "INT64_LOAD_REGISTER"):
        assert pushes(uops[name]) == ("I", False), name  # slot oparg
    for name in ("FLOAT_CONST", "FLOAT_UNBOX", "FLOAT_LOAD_REGISTER"):
        assert pushes(uops[name]) == ("F", False), name
    assert pushes(uops["INT64_ADD"]) == ("I", True)   # field 0's slot
    assert pushes(uops["FLOAT_MULTIPLY"]) == ("F", True)
    assert pushes(uops["INT64_BOX"]) is None


@pytest.mark.parametrize("text, message", [
    ("UOP(A, (x -- y), 0\n{\n}\n", "malformed UOP header"),
    ("UOP(A, (x y), 0)\n{\n}\n", "needs '--'"),
    ("UOP(A, (x -- y), FAST)\n{\n}\n", "unknown flag 'FAST'"),
    ("UOP(A, (x -- y), 0)\n{\n    x;\n", "is not closed"),
    ("UOP(A, (-- y), 0)\n{\n}\nUOP(A, (-- y), 0)\n{\n}\n", "defined twice"),
    ("UOP(A, (x[__import__] --), 0)\n{\n}\n", "bad stack item"),
    ("UOP(A, (x --), 0)\n  {\n}\n", "expected '{'"),
    ("UOP(A, (x -- y), 0)\n{\n    JUMP_IF(x);\n}\n", "cannot have outputs"),
])
def test_malformed_definitions_name_file_and_line(text, message):
    with pytest.raises(UopDefinitionError, match=message) as error:
        parse_uops(text, "bad.c")
    assert "bad.c:" in str(error.value)


def test_array_stack_items_generate_compilable_code(compiler, tmp_path):
    uop = parse_uops(
        "UOP(SUM_ITEMS, (first, values[oparg], last -- total, copies[oparg]), 0)\n"
        "{\n"
        "    total = first;\n"
        "    for (int i = 0; i < oparg; i++) { copies[i] = values[i]; }\n"
        "    Py_DECREF(last);\n"
        "}\n")["SUM_ITEMS"]
    assert uop.input_count(3) == 5 and uop.output_count(3) == 4
    obj = compile_source(compiler, tmp_path, "SUM_ITEMS", translation_unit(uop))
    stencil = parse_stencil(obj, "SUM_ITEMS")
    assert {hole.value for hole in stencil.holes} >= {HoleValue.OPARG}


# ---- parsing real objects -----------------------------------------------------

# Uops that do nothing on the trace's path (CAUGHT_EXIT only carries an exit
# that a stub takes): no code, no holes, falling through to the next.
NO_CODE = {"CAUGHT_EXIT", "CAUGHT_EXIT_HANDLED"}


def test_library_stencils_have_code_and_sane_holes(library):
    for name, stencil in library.stencils.items():
        if name in NO_CODE:
            assert not stencil.code and not stencil.holes and stencil.falls_through, name
            continue
        assert stencil.code, name
        for hole in stencil.holes:
            image_size = {"code": len(stencil.code), "data": len(stencil.data),
                          "rw_data": len(stencil.rw_data)}[hole.image.value]
            assert 0 <= hole.offset < image_size, (name, hole)
            if hole.value is HoleValue.SYMBOL:
                assert hole.symbol and not hole.symbol.startswith("_JIT_")


def test_every_hole_of_every_stencil_is_resolvable(library):
    for name, stencil in library.stencils.items():
        for hole in stencil.holes:
            if hole.value is HoleValue.SYMBOL:
                assert address_of(hole.symbol) != 0, (name, hole.symbol)
        prepare(stencil)  # generates its emitter: every hole kind is handled


def test_trailing_jump_to_next_stencil_is_elided(library):
    # LOAD_FAST's only exit is its fall-through into the next stencil.
    load_fast = library["LOAD_FAST"]
    assert not any(h.value is HoleValue.CONTINUE for h in load_fast.holes)
    assert load_fast.code[-5] != 0xE9 or load_fast.code[-1] == 0xC3


def test_a_guards_hot_path_falls_through_and_its_exit_is_one_branch_out(library):
    """TAKE_EXIT is a tail call of the uop's own _EXIT_STUB: the guard leaves
    by one conditional branch to the EXIT hole, the hot path runs on into
    the next stencil (its trailing jump elided), and only the stub records
    the exit.  GUARD_TYPE's branch is laid out inverted by the peephole
    (clang branches to the next stencil and jumps to the exit)."""
    for name in ("GUARD_TYPE", "GUARD_TYPE_VERSION", "LOAD_ATTR_INSTANCE_VALUE_LOCAL",
                 "LIST_GET_INT64"):
        stencil = library[name]
        assert stencil.falls_through, name
        exits = [hole for hole in stencil.holes if hole.value is HoleValue.EXIT]
        assert exits, name
        for hole in exits:  # jcc rel32: 0x0F 0x8?, then the displacement
            assert stencil.code[hole.offset - 2] == 0x0F, name
            assert stencil.code[hole.offset - 1] & 0xF0 == 0x80, name
    recording = {HoleValue.EXIT_INDEX, HoleValue.EXIT_SLOT}
    users = {name for name, stencil in library.stencils.items()
             if recording & {hole.value for hole in stencil.holes}}
    assert users == {EXIT_STUB_STENCIL}


def test_locals_and_inline_attributes_are_reached_through_offset_holes(library):
    """localsplus[oparg] and an attribute's word in the inline values are
    addressed by holes holding byte offsets (one load), not by the oparg and
    operand holes (a move, a sign extension, a scaled load)."""
    from jit.backend.emitter import Instance, immediate_value
    for name in ("LOAD_FAST", "STORE_FAST", "LOAD_FAST_CHECKED", "GUARD_TYPE_LOCAL",
                 "LOAD_ATTR_INSTANCE_VALUE_LOCAL", "STORE_ATTR_INSTANCE_VALUE_LOCAL"):
        values = {hole.value for hole in library[name].holes}
        assert HoleValue.OPARG_OFFSET in values and HoleValue.OPARG not in values, name
    for name in ("LOAD_ATTR_INSTANCE_VALUE", "LOAD_ATTR_INSTANCE_VALUE_LOCAL"):
        values = {hole.value for hole in library[name].holes}
        assert HoleValue.OPERAND_OFFSET in values and HoleValue.OPERAND not in values, name
    instance = Instance("LOAD_FAST", oparg=3, operand=5 | 7 << 16)
    assert [immediate_value(instance, value) for value in (
        HoleValue.OPARG_OFFSET, HoleValue.OPERAND_OFFSET, HoleValue.SLOT0, HoleValue.SLOT1)] == [
        24, 8 * (5 | 7 << 16), 40, 56]


def _branches_then_jump(prefix: bytes) -> tuple[bytearray, list[Hole]]:
    """`prefix`, `je _JIT_CONTINUE`, `jmp _JIT_EXIT`, as an object's code."""
    code = bytearray(prefix + b"\x0f\x84" + bytes(4) + b"\xe9" + bytes(4))
    size = len(code)
    holes = [Hole(Image.CODE, size - 9, RelocationKind.R_X86_64_PLT32, HoleValue.CONTINUE,
                  None, -4),
             Hole(Image.CODE, size - 4, RelocationKind.R_X86_64_PLT32, HoleValue.EXIT,
                  None, -4)]
    return code, holes


def test_a_trailing_branch_to_the_next_stencil_is_inverted():
    code, holes = _branches_then_jump(b"\x48\x85\xc0")  # test rax, rax
    _invert_trailing_branch(code, holes)
    assert code[:5] == b"\x48\x85\xc0\x0f\x85"  # jne now
    assert {(hole.offset, hole.value) for hole in holes} == {(5, HoleValue.EXIT),
                                                           (10, HoleValue.CONTINUE)}
    assert _elide_trailing_jump(code, holes) and len(code) == 9
    assert [hole.value for hole in holes] == [HoleValue.EXIT]


def test_a_trailing_jump_that_the_stencil_jumps_to_stays():
    # je rel8 to the final jmp: inverting would send it to the next stencil
    code, holes = _branches_then_jump(b"\x74\x06")
    before = (bytes(code), list(holes))
    _invert_trailing_branch(code, holes)
    assert (bytes(code), holes) == before


def test_data_sections_are_parsed_with_their_relocations(library):
    # BINARY_OP's table of C functions lives in read-only data.
    binary_op = library["BINARY_OP"]
    table_holes = [h for h in binary_op.holes if h.image.value == "data"]
    assert len(binary_op.data) >= 8 * 24
    assert {h.symbol for h in table_holes} >= {"PyNumber_Add", "PyNumber_InPlaceXor"}


def test_zero_filled_and_writable_sections_go_to_rw_data(compiler, tmp_path):
    obj = compile_source(compiler, tmp_path, "COUNTER", '#include "jit.h"\n'
                         "static long counter;\n"
                         "JIT_CC PyObject *_JIT_ENTRY(JIT_PARAMS) {\n"
                         "    counter++; CONTINUE();\n}\n")
    stencil = parse_stencil(obj, "COUNTER")
    assert len(stencil.rw_data) == 8 and stencil.rw_data == bytes(8)
    assert any(h.value is HoleValue.RW_DATA for h in stencil.holes)


# ---- reproducibility and staleness ---------------------------------------------

def test_stencils_compiled_afresh_are_the_librarys_own(library, compiler, tmp_path):
    # Compiling is deterministic: stencils compiled afresh (no object cache)
    # parse to exactly what the library in use holds (itself built partly
    # from the cache, perhaps).  A sample -- the C-ABI stencils and every 8th
    # uop by name -- keeps it to seconds: all of them took ~60 s of CI.
    assert library.digest == input_digest(compiler.version_line)
    sources = write_translation_units(tmp_path / "work")
    sample = [*C_ABI_STENCILS, *sorted(set(sources) - set(C_ABI_STENCILS))[::8]]

    def compiled_afresh(name: str) -> dict:
        path = tmp_path / f"{name}.o"
        compiler.compile(sources[name], path)
        return parse_stencil(path, name).to_json()

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        fresh = dict(zip(sample, pool.map(compiled_afresh, sample)))
    assert fresh == {name: library.stencils[name].to_json() for name in sample}


def test_a_build_takes_unchanged_compiles_from_the_object_cache(tmp_path):
    build(tmp_path / "a" / "library.json", stream=io.StringIO())  # (fills the cache if empty)
    stale = OBJECT_CACHE / "STALE-0.o"
    stale.write_bytes(b"")
    stream = io.StringIO()
    again = build(tmp_path / "b" / "library.json", stream=stream)
    assert f"{len(again.stencils)} of them unchanged" in stream.getvalue()
    assert json.loads((tmp_path / "b" / "library.json").read_text()) == \
        json.loads((tmp_path / "a" / "library.json").read_text())
    assert not stale.exists()  # compiles of other inputs are pruned


def run_build_stencils(*args: str, build_dir: Path) -> subprocess.CompletedProcess:
    import os
    env = dict(os.environ, CPJIT_BUILD_DIR=str(build_dir))
    return subprocess.run([sys.executable, str(ROOT / "build_stencils.py"), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def test_check_fails_when_missing_or_stale_and_passes_when_current(tmp_path):
    missing = run_build_stencils("--check", build_dir=tmp_path)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    if OBJECT_CACHE.is_dir():  # (the compiles themselves are another test's)
        shutil.copytree(OBJECT_CACHE, tmp_path / "stencils" / "objects")
    built = run_build_stencils(build_dir=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "compiling stencils [" in built.stderr  # progress
    assert run_build_stencils("--check", build_dir=tmp_path).returncode == 0
    path = tmp_path / "stencils" / "library.json"
    payload = json.loads(path.read_text())
    payload["digest"] = "0" * 64
    path.write_text(json.dumps(payload))
    stale = run_build_stencils("--check", build_dir=tmp_path)
    assert stale.returncode == 1 and "stale" in stale.stderr


def test_runtime_rebuilds_a_missing_library_with_progress(tmp_path):
    stream = io.StringIO()
    path = tmp_path / "library.json"
    library = load_library(path, stream=stream)
    assert path.exists() and "rebuilding stencils" in stream.getvalue()
    assert staleness(path) is None
    assert set(library.stencils) == set(load_uops()) | set(C_ABI_STENCILS)


def test_a_process_finding_a_build_under_way_waits_and_uses_what_it_built(tmp_path):
    # The build lock is per open file, so a thread stands in for another process.
    import threading
    import time
    path, stream, loaded = tmp_path / "library.json", io.StringIO(), []
    with build_lock(tmp_path):
        waiter = threading.Thread(target=lambda: loaded.append(load_library(path, stream=stream)))
        waiter.start()
        deadline = time.monotonic() + 60
        while "waiting for another process" not in stream.getvalue():
            assert waiter.is_alive() and time.monotonic() < deadline, stream.getvalue()
            time.sleep(0.01)
        assert not loaded
        shutil.copyfile(LIBRARY_PATH, path)  # what "the other process" built
        shutil.copyfile(bitcode_path(LIBRARY_PATH), bitcode_path(path))
    waiter.join(60)
    assert loaded and loaded[0].digest == load_library().digest
    assert "rebuilding" not in stream.getvalue()


def test_a_build_directory_that_cannot_be_made_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(StencilError, match="cannot build stencils in .*file"):
        build(tmp_path / "file" / "stencils" / "library.json", stream=io.StringIO())


def test_unreadable_library_is_a_clear_error_and_gets_rebuilt(tmp_path):
    path = tmp_path / "library.json"
    path.write_text("{not json")
    with pytest.raises(StencilError, match="unreadable stencil library"):
        StencilLibrary.load(path)
    assert "unreadable" in staleness(path)
    stream = io.StringIO()
    load_library(path, stream=stream)
    assert "rebuilding stencils" in stream.getvalue() and staleness(path) is None


# ---- error paths ----------------------------------------------------------------

def test_no_clang_names_both_ways_to_get_one(monkeypatch):
    monkeypatch.delenv("CLANG", raising=False)
    monkeypatch.setattr(clang, "_candidates_on_path", lambda: [])
    monkeypatch.setattr(clang, "_ziglang_command", lambda: None)
    clang.find_clang.cache_clear()
    try:
        with pytest.raises(clang.ClangNotFound) as error:
            clang.find_clang()
    finally:
        clang.find_clang.cache_clear()
    message = str(error.value)
    assert "pip install ziglang" in message and "apt-get install clang-19" in message


def test_bad_clang_variable_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("CLANG", str(tmp_path / "no-such-clang"))
    clang.find_clang.cache_clear()
    try:
        with pytest.raises(clang.ClangNotFound, match="CLANG=.*no-such-clang"):
            clang.find_clang()
    finally:
        clang.find_clang.cache_clear()


def test_ziglang_clang_builds_stencils(monkeypatch, tmp_path):
    pytest.importorskip("ziglang")
    monkeypatch.delenv("CLANG", raising=False)
    monkeypatch.setattr(clang, "_candidates_on_path", lambda: [])
    clang.find_clang.cache_clear()
    try:
        zig = clang.find_clang()
    finally:
        clang.find_clang.cache_clear()
    assert "ziglang" in zig.command and zig.target == "x86_64-linux-musl"
    uop = load_uops()["BINARY_OP"]
    stencil = parse_stencil(compile_source(zig, tmp_path, "BINARY_OP", translation_unit(uop)),
                            "BINARY_OP")
    # No sanitizer calls, no unwind tables: the same kinds of holes as any clang.
    assert not any((h.symbol or "").startswith("__ubsan") for h in stencil.holes)
    assert {h.value for h in stencil.holes} == {h.value for h in load_library()["BINARY_OP"].holes}


def test_compile_error_names_the_source(compiler, tmp_path):
    with pytest.raises(StencilError, match=r"compiling .*broken\.c failed"):
        compile_source(compiler, tmp_path, "broken", "this is not C;\n")


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_corrupt_object_names_the_file(library, compiler, tmp_path, damage):
    obj = compile_source(compiler, tmp_path, "LOAD_FAST", translation_unit(load_uops()["LOAD_FAST"]))
    data = obj.read_bytes()
    obj.write_bytes({"truncated": data[:len(data) // 3], "garbage": b"\x7fELF" + bytes(range(256)) * 4,
                     "empty": b""}[damage])
    with pytest.raises(StencilError, match=str(obj)):
        parse_stencil(obj, "LOAD_FAST")


def test_unknown_relocation_names_stencil_and_relocation(compiler, tmp_path):
    # Thread-local storage yields R_X86_64_GOTTPOFF, which a stencil cannot use.
    obj = compile_source(compiler, tmp_path, "TLS", '#include "jit.h"\n'
                         "extern __thread long tls_counter;\n"
                         "JIT_CC PyObject *_JIT_ENTRY(JIT_PARAMS) {\n"
                         "    tls_counter++; CONTINUE();\n}\n")
    with pytest.raises(StencilError, match=r"stencil TLS: relocation R_X86_64_GOTTPOFF \(type 22\) at code\+0x\w+ against tls_counter: unhandled"):
        parse_stencil(obj, "TLS")


def test_unhandled_section_names_stencil_and_section(compiler, tmp_path):
    obj = compile_source(compiler, tmp_path, "CTOR", '#include "jit.h"\n'
                         "__attribute__((constructor)) static void setup(void) { Py_Initialize(); }\n"
                         "JIT_CC PyObject *_JIT_ENTRY(JIT_PARAMS) { CONTINUE(); }\n")
    with pytest.raises(StencilError, match=r"stencil CTOR: unhandled section \.init_array"):
        parse_stencil(obj, "CTOR")


def test_unknown_hole_symbol_is_rejected(compiler, tmp_path):
    obj = compile_source(compiler, tmp_path, "ODD", '#include "jit.h"\n'
                         "extern char _JIT_MYSTERY[];\n"
                         "JIT_CC PyObject *_JIT_ENTRY(JIT_PARAMS) {\n"
                         "    stack_pointer[0] = (PyObject *)_JIT_MYSTERY; CONTINUE();\n}\n")
    with pytest.raises(StencilError, match="unknown hole symbol _JIT_MYSTERY"):
        parse_stencil(obj, "ODD")


def test_value_that_does_not_fit_its_field_is_an_error(compiler, tmp_path):
    from jit.backend.emitter import Instance, emit
    from jit.backend.memory import ExecutableMemory
    from jit.stencils.model import StencilLibrary as Library
    # -mcmodel=small makes &_JIT_OPERAND a 32-bit absolute (R_X86_64_32S) field.
    path = tmp_path / "SMALL.c"
    path.write_text('#include "jit.h"\n'
                    "JIT_CC PyObject *_JIT_ENTRY(JIT_PARAMS) {\n"
                    "    state->scratch[0].i = (int64_t)JIT_OPERAND; CONTINUE();\n}\n")
    small = clang.Compiler(compiler.command, compiler.version_line, compiler.target)
    command = [*small.command, "-c", *[f for f in small.flags if not f.startswith("-mcmodel")
                                       and not f.startswith("-mlarge")],
               "-mcmodel=small", str(path), "-o", str(tmp_path / "SMALL.o")]
    subprocess.run(command, check=True)
    stencil = parse_stencil(tmp_path / "SMALL.o", "SMALL")
    assert any(h.kind.name in ("R_X86_64_32", "R_X86_64_32S") for h in stencil.holes)
    library = Library("test", "test", {"SMALL": stencil})
    with pytest.raises(StencilError, match=r"stencil SMALL: R_X86_64_32S? hole .* does not fit"):
        emit([Instance("SMALL", operand=1 << 40, next=0)], library, ExecutableMemory())
