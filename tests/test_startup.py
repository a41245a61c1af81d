"""What start-up and the first compile read from caches: stencils decoded
from the library's mirror when first used (jit/stencils/library.py), the
emitter cache (jit/backend/emitter.py) and the uop cache (jit/uops.py), all
written by jit/stencils/cache.py.
A stale cache is never used; a corrupt one is rebuilt with a message."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import jit.hook  # noqa: F401  (provides the runtime symbols the hook's stencil uses)
import jit.trace  # noqa: F401  (provides the runtime symbols stencils use)
from jit.backend.emitter import CACHE_HEADER, EmitterCache, Instance, generate, prepare
from jit.stencils.library import _read, load_library
from jit.stencils.model import StencilError
from jit.uops import CACHE_HEADER as UOP_CACHE_HEADER
from jit.uops import load_uops, parse_uops

ROOT = Path(__file__).resolve().parent.parent
# Stencils with holes of every kind the emitters patch (symbols, links, immediates).
NAMES = ("_ENTRY", "_EVAL_HOOK", "BINARY_OP_ADD_INT", "LOAD_FAST", "JUMP_TO_TOP")


@pytest.fixture(scope="module")
def library():
    return load_library()


def _damaged(good: bytes, header: bytes, name: str) -> list[bytes]:
    """Damaged copies of the indexed cache `good`: not a cache, not marshal
    data, empty, a byte flipped in its head (index), one flipped in entry
    `name`, cut short."""
    import marshal
    size = int.from_bytes(good[len(header) + 4:len(header) + 8], "little")
    start = len(header) + 8
    offset, length, _ = marshal.loads(good[start:start + size])[2][name]
    flips = []
    for position in (start + size // 2, start + size + offset + length // 2):
        flipped = bytearray(good)
        flipped[position] ^= 0xFF
        flips.append(bytes(flipped))
    return [b"garbage", header + b"\x00\x01not marshal", b"", *flips, good[:len(good) // 2]]


def _value(content: bytes, header: bytes) -> tuple:
    """The key, meta value and entries of the indexed cache `content` (its
    bytes may differ between writes: marshal marks shared objects)."""
    import marshal
    size = int.from_bytes(content[len(header) + 4:len(header) + 8], "little")
    start = len(header) + 8
    key, meta, index = marshal.loads(content[start:start + size])
    entries = {name: content[start + size + offset:start + size + offset + length]
               for name, (offset, length, _) in index.items()}
    return key, meta, entries


def _flip_entry(path: Path, header: bytes, name: str) -> None:
    """Flip a byte in entry `name` of the indexed cache at `path`."""
    path.write_bytes(_damaged(path.read_bytes(), header, name)[4])


def _names(library) -> list[str]:
    return [name for name in NAMES if name in library.stencils]


def _machine_code(prepared_stencils) -> list[bytes]:
    """Each stencil's bytes as its emitter writes them at a fixed place (code
    at 0x10000, data after it, links to itself), the holes patched."""
    out = []
    for stencil in prepared_stencils:
        size = stencil.code_size + stencil.data_size + 64 + 16 * (stencil.got_slots + 8)
        buffer, rw_buffer = bytearray(size), bytearray(stencil.rw_size)
        data_at = stencil.code_size + 16
        trampolines = {symbol: data_at + stencil.data_size + 16 * index
                       for index, symbol in enumerate(stencil.trampolines)}
        got_at = data_at + stencil.data_size + 16 * len(trampolines) + 16
        instance = Instance(stencil.name, oparg=1, operand=2, target=3, next=0, jump=0,
                            error=0, exit_index=4, error_index=5, exit_slot=0x20000, exit=0)
        stencil.emit(buffer, rw_buffer, instance, [0x10000], 0, data_at, 0, 0x10000,
                     0x10000 + data_at, 0x30000, got_at, trampolines)
        out.append(bytes(buffer) + bytes(rw_buffer))
    return out


def test_cached_emitters_emit_what_fresh_ones_do(library, tmp_path, capsys):
    cache = EmitterCache(library, tmp_path)
    names = _names(library)
    assert len(names) >= 3
    cached = [prepare(library[name], cache.generated(name)) for name in names]
    assert cache.path.exists() and cache.path.read_bytes().startswith(CACHE_HEADER)
    again = EmitterCache(library, tmp_path)  # a later process: reads the file
    from_file = [prepare(library[name], again.generated(name)) for name in names]
    fresh = [prepare(library[name], generate(library[name])) for name in names]
    for a, b, c in zip(cached, from_file, fresh):
        assert (a.trampolines, a.got_slots) == (b.trampolines, b.got_slots) == (
            c.trampolines, c.got_slots)
        assert a.emit.__code__.co_code == b.emit.__code__.co_code == c.emit.__code__.co_code
    assert _machine_code(from_file) == _machine_code(fresh)
    assert capsys.readouterr().err == ""


def test_a_corrupt_emitter_cache_is_rebuilt_with_a_message(library, tmp_path, capsys):
    cache = EmitterCache(library, tmp_path)
    cache.generated("_ENTRY")
    good = cache.path.read_bytes()
    for damage in _damaged(good, CACHE_HEADER, "_ENTRY"):
        cache.path.write_bytes(damage)
        again = EmitterCache(library, tmp_path)
        generated = again.generated("_ENTRY")
        assert generated.code.co_name == "<module>"
        err = capsys.readouterr().err
        assert "rebuilding the emitter cache" in err and "unreadable" in err
        assert again.path.read_bytes().startswith(CACHE_HEADER)  # rewritten whole
        assert EmitterCache(library, tmp_path).generated("_ENTRY")  # and now good
        assert capsys.readouterr().err == ""


def test_a_damaged_entry_is_found_when_it_is_read_and_the_cache_rebuilt(library, tmp_path,
                                                                        capsys):
    # (each entry carries its own CRC-32: opening a cache checks its index
    # only, not the ~1 MB of emitters a process mostly does not use)
    cache = EmitterCache(library, tmp_path)
    cache.generated("_ENTRY")
    _flip_entry(cache.path, CACHE_HEADER, "LOAD_FAST")
    again = EmitterCache(library, tmp_path)
    assert again.generated("_ENTRY").code.co_name == "<module>"
    assert capsys.readouterr().err == ""  # (an intact entry of a damaged file)
    assert again.generated("LOAD_FAST").code.co_consts == generate(
        library["LOAD_FAST"]).code.co_consts
    err = capsys.readouterr().err
    assert "rebuilding the emitter cache" in err and "entry 'LOAD_FAST'" in err
    assert EmitterCache(library, tmp_path).generated("LOAD_FAST")  # rewritten whole
    assert capsys.readouterr().err == ""


def test_a_cache_for_another_key_is_never_used(library, tmp_path, capsys):
    import marshal
    cache = EmitterCache(library, tmp_path)
    bogus = {name: marshal.dumps(generate(library["_ENTRY"]).to_tuple())
             for name in library.stencils}
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    from jit.stencils.cache import file_bytes
    cache.path.write_bytes(file_bytes(CACHE_HEADER, "0" * 64, (None, bogus), indexed=True))
    generated = EmitterCache(library, tmp_path).generated("LOAD_FAST")
    assert "written for another key" in capsys.readouterr().err
    assert generated.code.co_consts == generate(library["LOAD_FAST"]).code.co_consts


def test_the_cache_is_keyed_by_the_library_digest(library, tmp_path):
    other = type(library)("f" * 64, library.compiler, library.stencils)
    assert EmitterCache(library, tmp_path).path != EmitterCache(other, tmp_path).path


def test_an_unwritable_build_directory_still_emits(library, tmp_path):
    blocker = tmp_path / "a file"  # (chmod would not stop root)
    blocker.write_text("")
    cache = EmitterCache(library, blocker / "stencils")
    assert cache.generated("_ENTRY").got_slots >= 0
    assert not cache.path.exists()
    assert set(cache.entries) == {"_ENTRY"}  # generates only what is used


def test_stencils_are_decoded_when_first_used_and_bad_ones_say_so(library, tmp_path):
    from jit.stencils.library import LIBRARY_PATH
    payload = json.loads(LIBRARY_PATH.read_text())
    payload["stencils"]["LOAD_FAST"]["holes"] = [["nowhere"]]
    path = tmp_path / "library.json"
    path.write_text(json.dumps(payload))
    lazy = _read(path)
    assert lazy["_ENTRY"] == library["_ENTRY"]
    assert set(lazy.stencils) == set(library.stencils)
    with pytest.raises(StencilError, match="unreadable stencil LOAD_FAST"):
        lazy["LOAD_FAST"]
    with pytest.raises(StencilError, match="no stencil named"):
        lazy["NO_SUCH_UOP"]
    path.write_text(json.dumps({"digest": 1, "compiler": "x", "stencils": {}}))
    with pytest.raises(StencilError, match="unreadable stencil library"):
        _read(path)


def _library_copy(tmp_path: Path) -> Path:
    from jit.stencils.library import LIBRARY_PATH
    path = tmp_path / "library.json"
    path.write_bytes(LIBRARY_PATH.read_bytes())
    return path


def test_the_library_is_parsed_once_into_its_mirror(library, tmp_path, capsys):
    from jit.stencils.library import MIRROR_HEADER
    path = _library_copy(tmp_path)
    first = _read(path)
    (mirror,) = tmp_path.glob("library-*.marshal")
    assert mirror.read_bytes().startswith(MIRROR_HEADER)
    written = mirror.stat().st_mtime_ns
    again = _read(path)  # a later process: reads the mirror
    assert mirror.stat().st_mtime_ns == written
    assert (again.digest, again.compiler) == (first.digest, first.compiler) == (
        library.digest, library.compiler)
    assert set(again.stencils) == set(library.stencils)
    assert [again[name] for name in NAMES] == [library[name] for name in NAMES]
    assert capsys.readouterr().err == ""
    # start-up reads the mirror without importing json
    code = ("import sys; from pathlib import Path; from jit.stencils.library import _read; "
            f"_read(Path({str(path)!r}))['_ENTRY']; print('json' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "False\n"), result.stderr


def test_an_edited_library_gets_a_new_mirror(tmp_path):
    path = _library_copy(tmp_path)
    _read(path)
    (old,) = tmp_path.glob("library-*.marshal")
    payload = json.loads(path.read_text())
    payload["digest"] = "0" * 64
    path.write_text(json.dumps(payload))
    assert _read(path).digest == "0" * 64
    (new,) = tmp_path.glob("library-*.marshal")
    assert new != old  # the stale mirror is replaced, not kept


def test_a_corrupt_library_mirror_is_rebuilt_with_a_message(library, tmp_path, capsys):
    from jit.stencils.library import MIRROR_HEADER
    path = _library_copy(tmp_path)
    _read(path)
    (mirror,) = tmp_path.glob("library-*.marshal")
    good = mirror.read_bytes()
    for damage in _damaged(good, MIRROR_HEADER, "LOAD_FAST"):
        mirror.write_bytes(damage)
        assert _read(path)["LOAD_FAST"] == library["LOAD_FAST"]
        err = capsys.readouterr().err
        assert "rebuilding the stencil library's mirror" in err and "unreadable" in err
        assert _value(mirror.read_bytes(), MIRROR_HEADER) == _value(good, MIRROR_HEADER)  # whole
        assert _read(path)["LOAD_FAST"] == library["LOAD_FAST"]  # and now good
        assert capsys.readouterr().err == ""


def test_a_library_found_current_is_stamped_and_then_read_without_digests(tmp_path, monkeypatch):
    import os
    from jit.stencils import library as stencil_library
    path = _library_copy(tmp_path)
    stencil_library.bitcode_path(path).write_bytes(
        stencil_library.bitcode_path(stencil_library.LIBRARY_PATH).read_bytes())
    digested = []
    real = stencil_library.input_digest
    monkeypatch.setattr(stencil_library, "input_digest",
                        lambda compiler: digested.append(compiler) or real(compiler))
    assert stencil_library._checked(path)[0] is None and len(digested) == 1
    (stamp,) = tmp_path.glob("stamp-*.marshal")
    assert stamp.read_bytes().startswith(stencil_library.STAMP_HEADER)
    reason, library = stencil_library._checked(path)  # a later process: the stamp holds
    assert reason is None and len(digested) == 1 and library["_ENTRY"]
    os.utime(path, ns=(10**9, 10**9))  # the library's metadata changed: digested again
    assert stencil_library._checked(path)[0] is None and len(digested) == 2
    assert len(list(tmp_path.glob("stamp-*.marshal"))) == 1  # (the old stamp replaced)
    payload = json.loads(path.read_text())
    payload["digest"] = "0" * 64
    path.write_text(json.dumps(payload))
    assert "stale" in stencil_library._checked(path)[0] and not any(
        stamp.name.endswith(".tmp") for stamp in tmp_path.iterdir())


def test_start_up_leaves_the_uop_parser_and_the_optimizer_unimported():
    code = ("import sys; print(sorted(m for m in sys.modules "
            "if m in ('jit.uops', 'jit.optimizer', 'jit.backend.executor')))")
    result = subprocess.run([sys.executable, "-m", "jit", "-c", code], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def _imported(*args: str) -> set[str]:
    """The modules a process imports (python -X importtime)."""
    result = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {line.rpartition("|")[2].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")}


def test_start_up_imports_no_costly_library_module_python_does_not():
    costly = {"dataclasses", "inspect", "ast", "json", "signal", "sysconfig", "pkgutil", "dis"}
    extra = _imported("-m", "jit", "-c", "pass") - _imported("-c", "pass")
    assert not extra & costly


def _uop_cache(directory: Path) -> Path:
    (path,) = directory.glob("uops-*.marshal")
    return path


def _copy_of_uops_c(tmp_path: Path, extra: str = "") -> Path:
    from jit.paths import UOPS_SOURCE
    source = tmp_path / "uops.c"
    source.write_text(UOPS_SOURCE.read_text() + extra)
    return source


def test_cached_uops_are_the_parsed_ones(tmp_path, capsys):
    source = _copy_of_uops_c(tmp_path)
    parsed = parse_uops(source.read_text())
    first = load_uops.__wrapped__(source, tmp_path)  # (not load_uops' per-process memo)
    path = _uop_cache(tmp_path)
    assert path.read_bytes().startswith(UOP_CACHE_HEADER)
    written = path.stat().st_mtime_ns
    again = load_uops.__wrapped__(source, tmp_path)  # a later process: reads the file
    assert first == again == parsed
    assert [uop.flags for uop in again.values()] == [uop.flags for uop in parsed.values()]
    assert path.stat().st_mtime_ns == written  # read, not rewritten
    assert capsys.readouterr().err == ""


def test_the_uop_cache_is_keyed_by_the_source(tmp_path):
    source = _copy_of_uops_c(tmp_path)
    load_uops.__wrapped__(source, tmp_path)
    old = _uop_cache(tmp_path)
    source.write_text(source.read_text() + "\nUOP(NEW_UOP, (x -- y), PURE)\n{\n    y = x;\n}\n")
    uops = load_uops.__wrapped__(source, tmp_path)
    assert "NEW_UOP" in uops
    assert not old.exists()  # the stale file is replaced, not kept
    assert "NEW_UOP" in load_uops.__wrapped__(source, tmp_path)


def test_a_corrupt_uop_cache_is_rebuilt_with_a_message(tmp_path, capsys):
    source = _copy_of_uops_c(tmp_path)
    parsed = load_uops.__wrapped__(source, tmp_path)
    path = _uop_cache(tmp_path)
    good = path.read_bytes()
    for damage in _damaged(good, UOP_CACHE_HEADER, "LOAD_FAST"):
        path.write_bytes(damage)
        assert load_uops.__wrapped__(source, tmp_path) == parsed
        err = capsys.readouterr().err
        assert "rebuilding the uop cache" in err and "unreadable" in err
        assert path.read_bytes().startswith(UOP_CACHE_HEADER)  # rewritten whole
        assert load_uops.__wrapped__(source, tmp_path) == parsed  # and now good
        assert capsys.readouterr().err == ""


def test_a_uop_cache_of_another_layout_is_rebuilt(tmp_path, capsys):
    import marshal
    source = _copy_of_uops_c(tmp_path)
    parsed = load_uops.__wrapped__(source, tmp_path)
    path = _uop_cache(tmp_path)
    from jit.stencils.cache import file_bytes
    content = path.read_bytes()[len(UOP_CACHE_HEADER) + 4:]
    key = marshal.loads(content[4:4 + int.from_bytes(content[:4], "little")])[0]
    path.write_bytes(file_bytes(UOP_CACHE_HEADER, key, (((), {"ONLY_A_NAME": 0}),
                                                        {"ANOTHER": marshal.dumps(())}),
                                indexed=True))
    assert load_uops.__wrapped__(source, tmp_path) == parsed
    assert "rebuilding the uop cache" in capsys.readouterr().err


def test_uops_load_without_a_writable_build_directory(tmp_path, capsys):
    source = _copy_of_uops_c(tmp_path)
    blocker = tmp_path / "a file"  # (chmod would not stop root)
    blocker.write_text("")
    assert load_uops.__wrapped__(source, blocker / "stencils") == parse_uops(source.read_text())
    assert capsys.readouterr().err == ""


def test_cached_uops_have_every_attribute_the_parsed_ones_have(tmp_path):
    """UopSet sets a UopDef's slots itself (not through __init__): all
    of them, to what __init__ derives."""
    from jit.uops import UopDef
    source = _copy_of_uops_c(tmp_path)
    parsed = parse_uops(source.read_text())
    load_uops.__wrapped__(source, tmp_path)
    cached = load_uops.__wrapped__(source, tmp_path)  # read back from the file
    assert list(cached) == list(parsed)
    for name, uop in parsed.items():
        for slot in UopDef.__slots__:
            mine, theirs = getattr(cached[name], slot), getattr(uop, slot)
            assert (mine, type(mine)) == (theirs, type(theirs)), (name, slot)


def test_cached_uops_are_made_when_first_used_and_flag_sets_need_none(tmp_path):
    from jit.optimizer import uops_where
    from jit.uops import FLAG_TESTS, UopSet
    source = _copy_of_uops_c(tmp_path)
    parsed = parse_uops(source.read_text())
    load_uops.__wrapped__(source, tmp_path)
    cached = load_uops.__wrapped__(source, tmp_path)
    assert isinstance(cached, UopSet) and not cached.made
    for flag in FLAG_TESTS:
        assert cached.where(flag) == {name for name, uop in parsed.items()
                                      if getattr(uop, flag)}, flag
    assert not cached.made and "LOAD_FAST" in cached and "NO_SUCH_UOP" not in cached
    assert cached["LOAD_FAST"] == parsed["LOAD_FAST"] and set(cached.made) == {"LOAD_FAST"}
    assert cached["LOAD_FAST"] is cached["LOAD_FAST"]
    with pytest.raises(KeyError):
        cached["NO_SUCH_UOP"]
    assert uops_where("escapes") == {name for name, uop in load_uops().items() if uop.escapes}


def test_the_uop_cache_is_keyed_by_the_loaded_library(tmp_path, monkeypatch, capsys):
    """With the stencil library loaded (and so checked against the sources,
    uops.c and jit/uops.py among them), the uop cache is named by its
    digest, and neither kind of cache file removes the other."""
    import jit.uops
    from jit.paths import UOPS_SOURCE
    from jit.stencils import library as stencil_library
    parsed = load_uops.__wrapped__(UOPS_SOURCE, None)
    monkeypatch.setattr(jit.uops, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(stencil_library, "_loaded", None)
    assert load_uops.__wrapped__(UOPS_SOURCE, tmp_path) == parsed
    by_source = _uop_cache(tmp_path)
    monkeypatch.setattr(stencil_library, "_loaded", load_library())
    for _ in range(2):  # written, then read
        assert load_uops.__wrapped__(UOPS_SOURCE, tmp_path) == parsed
    (by_library,) = tmp_path.glob("uopset-*.marshal")
    assert by_library.read_bytes().startswith(UOP_CACHE_HEADER) and by_source.exists()
    monkeypatch.setattr(stencil_library, "_loaded", None)
    assert load_uops.__wrapped__(UOPS_SOURCE, tmp_path) == parsed
    assert by_library.exists() and capsys.readouterr().err == ""


def test_enums_made_by_simple_enum_are_the_enums_enum_makes():
    """cpjit's enums are made with enum._simple_enum (cheaper to create):
    the same classes EnumType makes of their bodies."""
    import enum
    import inspect
    import textwrap

    from jit.backend.executor import ExitKind
    from jit.marking import Mode
    from jit.stencils.model import HoleValue, Image, RelocationKind
    from jit.uops import BoxKind

    for made in (BoxKind, ExitKind, Mode, Image, HoleValue, RelocationKind):
        # the class statement itself, without the decorator, made by EnumType
        source = textwrap.dedent(inspect.getsource(made))
        body = source[source.index(f"class {made.__name__}"):]
        base = "enum.IntEnum" if issubclass(made, int) else "enum.Enum"
        namespace = {"enum": enum, "GOT_RELOCATIONS": frozenset()}
        exec(body.replace(f"class {made.__name__}:", f"class {made.__name__}({base}):", 1),
             namespace)
        expected = namespace[made.__name__]
        expected.__doc__ = made.__doc__
        enum._test_simple_enum(made, expected)


def test_a_bad_uop_definition_is_reported_and_never_cached(tmp_path):
    from jit.uops import UopDefinitionError
    source = _copy_of_uops_c(tmp_path, "\nUOP(BROKEN, (x), 0)\n{\n}\n")
    with pytest.raises(UopDefinitionError, match="needs '--'"):
        load_uops.__wrapped__(source, tmp_path)
    assert list(tmp_path.glob("uops-*")) == []



def test_stats_json_splits_start_up_and_the_first_native_run(tmp_path):
    """What `python -m jit.bench.startup` reports where the time goes from."""
    program = ("t = 0\nfor i in range(1000):\n    t += i\n"
               "u = 0\nfor i in range(1000):\n    u -= i\nprint(t, u)\n")
    result = subprocess.run([sys.executable, "-m", "jit", "--stats-json", str(tmp_path / "s.json"),
                             "-c", program], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "499500 -499500\n"), result.stderr
    stats = json.loads((tmp_path / "s.json").read_text())
    startup = stats["startup_cpu_seconds"]
    assert set(startup) == {"python_and_imports", "jit", "hook", "total"}
    assert all(value >= 0 for value in startup.values())
    assert startup["total"] >= startup["python_and_imports"]
    assert 0 < stats["machinery_seconds"] < stats["first_native_seconds"]
    # The second loop's first native run: one, without the machinery's import.
    assert len(stats["later_first_native_seconds"]) == 1
    assert 0 < stats["later_first_native_seconds"][0]


def test_the_startup_benchmark_reports_wall_clock_and_cpu_time():
    from jit.bench.startup import _line, _medians
    assert _medians([(3.0, 1.0), (1.0, 3.0), (2.0, 2.0)]) == (2.0, 2.0)
    assert _line("start-up", (0.030, 0.020), (0.040, 0.010)) == (
        "| start-up | 30.0 ms | 40.0 ms | +10.0 ms | 0.75x | 20.0 ms | 10.0 ms | -10.0 ms | 2.00x |")


# ---- the module bundles (jit/bundle.py) -----------------------------------------

def _package(root: Path, name: str) -> Path:
    """A package `name` of two modules, the second importing the first."""
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("from . import b\nVALUE = b.VALUE + 1\n")
    (package / "a.py").write_text("VALUE = 40\n")
    (package / "b.py").write_text("from .a import VALUE as A\nVALUE = A + 1\n"
                                  "def where():\n    raise ValueError('here')\n")
    return package


def _kind(package: str) -> tuple[str, str, tuple[str, ...]]:
    """A bundle of `package`'s modules, written as the Tier 2 bundle is."""
    return ("tier2", "Tier 2 bundle", (package,))


def _fresh_import(name: str, directory: Path, *names: str):
    """Package `name` (and its modules `names`) imported again through the
    bundle in `directory`."""
    import importlib
    from jit import bundle
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
    importlib.invalidate_caches()
    return bundle.importing(
        lambda: [importlib.import_module(module) for module in (name, *names)][0],
        _kind(name), directory)


def _bundled(package: str, directory: Path) -> set[str]:
    """The modules the bundle of `package` in `directory` holds."""
    from jit import bundle
    opened = bundle.Bundle(_kind(package), directory)
    names = set(opened.entries)
    opened.close(write=False)
    return names


def _loader(name: str) -> str:
    return type(sys.modules[name].__loader__).__name__


def test_the_machinery_is_imported_from_its_bundle_once_written(tmp_path, monkeypatch, capsys):
    from jit import bundle
    package = _package(tmp_path, "bundled_pkg")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = _fresh_import("bundled_pkg", tmp_path)
    assert first.VALUE == 42 and type(first.__loader__) is not bundle.BundleLoader
    (written,) = tmp_path.glob("tier2-*.marshal")
    assert written.read_bytes().startswith(bundle.HEADER)
    again = _fresh_import("bundled_pkg", tmp_path)
    assert again.VALUE == 42 and type(again.__loader__) is bundle.BundleLoader
    b = sys.modules["bundled_pkg.b"]
    assert type(b.__loader__) is bundle.BundleLoader and b.__file__ == str(package / "b.py")
    assert again.__path__ == [str(package)]
    with pytest.raises(ValueError) as raised:  # tracebacks show the source
        b.where()
    assert "raise ValueError('here')" in "".join(
        __import__("traceback").format_tb(raised.value.__traceback__))
    assert not any(isinstance(finder, bundle.Bundle) for finder in sys.meta_path)
    # an edited module (its size and time changed) is imported as usual, the
    # others still from the bundle; then it is bundled again
    (package / "a.py").write_text("VALUE = 1040\n")
    edited = _fresh_import("bundled_pkg", tmp_path)
    assert edited.VALUE == 1042 and _loader("bundled_pkg.a") == "SourceFileLoader"
    assert _loader("bundled_pkg") == _loader("bundled_pkg.b") == "BundleLoader"
    rebundled = _fresh_import("bundled_pkg", tmp_path)
    assert rebundled.VALUE == 1042 and _loader("bundled_pkg.a") == "BundleLoader"
    assert capsys.readouterr().err == ""


def test_a_bundle_lacking_modules_the_machinery_imports_gains_them(tmp_path, monkeypatch):
    # (a process that had imported part of the machinery before writing the
    # bundle wrote only the rest)
    package = tmp_path / "partial_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("VALUE = 1\n")
    (package / "b.py").write_text("VALUE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _fresh_import("partial_pkg", tmp_path, "partial_pkg.a")
    assert _bundled("partial_pkg", tmp_path) == {"partial_pkg", "partial_pkg.a"}
    _fresh_import("partial_pkg", tmp_path, "partial_pkg.a", "partial_pkg.b")
    assert (sys.modules["partial_pkg.a"].VALUE, sys.modules["partial_pkg.b"].VALUE) == (1, 2)
    assert (_loader("partial_pkg.a"), _loader("partial_pkg.b")) == (
        "BundleLoader", "SourceFileLoader")
    assert _bundled("partial_pkg", tmp_path) == {"partial_pkg", "partial_pkg.a", "partial_pkg.b"}
    _fresh_import("partial_pkg", tmp_path, "partial_pkg.a", "partial_pkg.b")
    assert _loader("partial_pkg.b") == "BundleLoader"
    # one holding a module the import did not bring in (which every import
    # would unmarshal for nothing) is written again without it
    _fresh_import("partial_pkg", tmp_path, "partial_pkg.a")
    assert "partial_pkg.b" not in sys.modules
    assert _bundled("partial_pkg", tmp_path) == {"partial_pkg", "partial_pkg.a"}


def test_an_import_that_fails_writes_no_bundle(tmp_path, monkeypatch):
    package = _package(tmp_path, "failing_pkg")
    (package / "b.py").write_text("raise ImportError('not today')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match="not today"):
        _fresh_import("failing_pkg", tmp_path)
    assert list(tmp_path.glob("tier2-*")) == []


def test_a_corrupt_bundle_is_rewritten_with_a_message(tmp_path, monkeypatch, capsys):
    from jit import bundle
    _package(tmp_path, "corrupt_pkg")
    monkeypatch.syspath_prepend(str(tmp_path))
    _fresh_import("corrupt_pkg", tmp_path)
    (written,) = tmp_path.glob("tier2-*.marshal")
    good = written.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF
    for damage in (b"garbage", b"", bytes(flipped), good[:len(good) // 2]):
        written.write_bytes(damage)
        module = _fresh_import("corrupt_pkg", tmp_path)
        assert module.VALUE == 42 and type(module.__loader__) is not bundle.BundleLoader
        err = capsys.readouterr().err
        assert "rebuilding the Tier 2 bundle" in err and "unreadable" in err
        assert written.read_bytes() == good  # (written again whole)


def test_start_up_imports_cpjit_from_its_bundle(tmp_path):
    """The VM and the runner come from the start-up bundle once written, and
    the C modules reading it loads (mmap, zlib, _blake2) are as unimported
    for the program as under python."""
    probe = ("import sys\n"
             "print(sorted(type(sys.modules[n].__loader__).__name__ for n in "
             "('interpreter.ceval', 'jit.runner', 'jit.hook') if n in sys.modules))\n"
             "print(sorted(n for n in ('mmap', 'zlib', '_blake2') if n in sys.modules))\n")
    program = tmp_path / "probe.py"
    program.write_text(probe)
    runs = [subprocess.run([sys.executable, "-m", "jit", str(program)], cwd=ROOT,
                           capture_output=True, text=True) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    python = subprocess.run([sys.executable, str(program)], cwd=ROOT, capture_output=True,
                            text=True).stdout.splitlines()[1]
    assert runs[-1].stdout.splitlines() == ["['BundleLoader', 'BundleLoader', 'BundleLoader']",
                                            python]


def test_a_hot_loop_runs_on_the_bundled_machinery(tmp_path):
    program = tmp_path / "hot.py"
    program.write_text("t = 0\nfor i in range(100_000):\n    t += i\nimport sys\n"
                       "print(t, type(sys.modules['jit.optimizer'].__loader__).__name__)\n")
    runs = [subprocess.run([sys.executable, "-m", "jit", str(program)], cwd=ROOT,
                           capture_output=True, text=True) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    assert runs[-1].stdout == "4999950000 BundleLoader\n"
