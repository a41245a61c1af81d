"""The GC shelter (jit/gc_shelter.py, stencils/gc_shelter.c): what a window
makes leaves the collector's generations, stays tracked and dies by
reference counting; nothing else moves.  The program-level behaviour (the
program's cycles collected, its freeze count, the collector enabled) is
tests/jit_programs/gc_cycles.py, run differentially by test_jit."""
from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest

from differential import child_env
from jit import gc_shelter
from jit.stencils.library import load_library


# (the shelter stands aside while another thread exists: see tests/conftest.py)
pytestmark = pytest.mark.alone

# the JIT's code (the VM's is interpreter/)
JIT = str(Path(__file__).resolve().parent.parent / "jit")


class Thing:
    """A tracked object a weak reference can watch."""


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    gc_shelter.install(load_library())


def _listed(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_a_window_shelters_what_it_made_and_kept():
    before = gc_shelter.sheltered_count()
    window = gc_shelter.Window()
    made = [Thing() for _ in range(5)]
    assert window.close() >= len(made)
    # (with them, whatever else was alive then: the bound method `close`)
    sheltered = gc_shelter.sheltered_count()
    assert sheltered >= before + len(made)
    assert all(gc.is_tracked(thing) for thing in made)
    assert not any(_listed(thing) for thing in made)
    # Sheltered objects die by reference counting and leave the ring.
    watchers = [weakref.ref(thing) for thing in made]
    del made
    assert all(watcher() is None for watcher in watchers)
    assert gc_shelter.sheltered_count() == sheltered - 6  # (and their list)


def test_objects_made_before_or_after_a_window_stay_collectable():
    earlier = Thing()
    window = gc_shelter.Window()
    window.close()
    later = Thing()
    assert _listed(earlier) and _listed(later)
    # A cycle made outside windows is still collected.
    earlier.me = earlier
    watcher = weakref.ref(earlier)
    del earlier
    gc.collect()
    assert watcher() is None


def test_a_window_pauses_the_collector_and_puts_it_back():
    assert gc.isenabled()
    window = gc_shelter.Window()
    assert not gc.isenabled()
    window.close()
    assert gc.isenabled()
    gc.disable()
    try:
        gc_shelter.Window().close()
        assert not gc.isenabled()  # (it was off before the window)
    finally:
        gc.enable()


def test_nested_windows_shelter_each_their_own():
    outer = gc_shelter.Window()
    first = Thing()
    inner = gc_shelter.Window()
    second = Thing()
    assert inner.close() >= 1
    assert not gc.isenabled()  # (the outer window still runs)
    assert _listed(first) and not _listed(second)
    assert outer.close() >= 1
    assert gc.isenabled()
    assert not _listed(first)


def test_a_pass_inside_the_window_moves_nothing():
    window = gc_shelter.Window()
    made = Thing()
    gc.collect()  # (the sentinel leaves generation 0)
    assert window.close() == -1
    assert _listed(made)


def test_a_window_does_nothing_while_another_thread_exists():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        window = gc_shelter.Window()
        assert gc.isenabled()
        made = Thing()
        assert window.close() == 0
        assert _listed(made)
        assert gc.isenabled()
    finally:
        release.set()
        thread.join()


def test_the_programs_freezing_leaves_the_shelter_alone():
    window = gc_shelter.Window()
    made = Thing()
    window.close()
    count = gc_shelter.sheltered_count()
    gc.freeze()
    try:
        assert not _listed(made)
    finally:
        gc.unfreeze()
    assert gc_shelter.sheltered_count() == count
    assert not _listed(made)


def test_cpjit_keeps_its_objects_out_of_the_programs_collector():
    """A hot loop's program sees about python's number of tracked objects:
    cpjit's start-up, machinery, decoded code and traces are sheltered."""
    program = ("import gc\nt = 0\nfor i in range(1000):\n    t += i\n"
               "print(len(gc.get_objects()))\n")
    counts = [int(subprocess.run(command + ["-c", program], capture_output=True, text=True,
                                 env=child_env(), check=True).stdout)
              for command in ([sys.executable], [sys.executable, "-m", "jit"])]
    python, cpjit = counts
    # (~1,000 of cpjit's own remain: what recordings make, outside windows)
    assert cpjit < python + 2000, counts


RELEASE_PROGRAM = """
import gc
from jit import gc_shelter
from jit.stencils.library import load_library

def listed(obj):
    return any(o is obj for o in gc.get_objects())

class Thing:
    pass

gc_shelter.install(load_library())
window = gc_shelter.Window()
made = Thing()
window.close()
print(listed(made), gc_shelter.sheltered_count() > 0)
print(gc_shelter.release() > 0, listed(made), gc_shelter.sheltered_count())
window = gc_shelter.Window()
later = Thing()
print(window.close(), listed(later), gc.isenabled())
"""


def test_release_gives_every_object_back_for_the_finalization():
    """At exit (and only then: it is irreversible) the shelter's objects go
    back to the collector, whose passes at finalization must see them."""
    output = subprocess.run([sys.executable, "-c", RELEASE_PROGRAM], capture_output=True,
                            text=True, env=child_env(), check=True).stdout
    assert output.split("\n") == ["False True", "True True 0", "0 True True", ""]


def test_the_vm_decodes_code_in_a_window_of_c_functions():
    """Decoding a code object is a window (what it makes lives as long as
    the process), opened and closed by the stencil's C functions: no Python
    frame of the JIT's comes between the VM's and a signal, which Tier 1
    dispatch then defers as it did before the shelter."""
    from interpreter.decode import decode
    from interpreter.state import interp
    assert interp.long_lived is not None
    code = compile("def f(n):\n    return [i for i in range(n)]\n", "<decoded>", "exec")
    called: list[str] = []

    def profile(frame, event, arg):
        if event == "call":
            called.append(frame.f_code.co_filename)
    before = gc_shelter.sheltered_count()
    sys.setprofile(profile)
    try:
        decoded = decode(code)
    finally:
        sys.setprofile(None)
    assert called and not [name for name in called if name.startswith(JIT)], called
    assert gc_shelter.sheltered_count() > before
    assert not _listed(decoded) and gc.isenabled()
