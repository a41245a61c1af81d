"""Hot loops that run at exit: in the program's atexit handler (the JIT is
still on: cpjit's own exit handlers run after the program's) and in a
finalizer that the interpreter's finalization runs (after cpjit has shut its
JIT down: Tier 1 runs it), with their output where python prints it.  (A cycle's finalizer would run
at the first automatic pass, whose timing differs under cpjit, which
allocates objects of its own.)"""
import atexit


def total(n):
    t = 0
    for i in range(n):
        t += i * 3
    return t


class Closing:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("finalized", self.name, total(2000))


@atexit.register
def at_exit():
    print("atexit", total(3000), total(4000))


keep = Closing("module global")
print("main", total(1000))
