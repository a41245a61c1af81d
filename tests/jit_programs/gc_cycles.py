"""The program's garbage collector is python's: cpjit's GC shelter
(jit/gc_shelter.py) hides only cpjit's own objects.  Cycles made before,
inside and between hot loops are collected (their finalizers run); objects a
hot loop makes are tracked and listed by gc.get_objects(); the freeze count
is the program's own; the collector is enabled as under python; a cycle left
at exit is finalized at exit.  (When an automatic pass comes depends on
allocations, which differ between python and cpjit, as does the order of
finalizers within a pass: the program prints neither.)"""
import gc

finalized = []


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None

    def __del__(self):
        finalized.append(self.name)


class LastNode(Node):
    def __del__(self):
        print("finalized at exit:", self.name)


def cycle(name, kind=Node):
    a, b = kind(name), Node(name + " (partner)")
    a.partner, b.partner = b, a
    return a


def collect():
    gc.collect()
    print("finalized:", sorted(finalized))
    finalized.clear()


print("enabled at start:", gc.isenabled(), "frozen:", gc.get_freeze_count())
before = cycle("before")

total = 0
kept = []
for i in range(300):
    total += i
    if i % 100 == 0:
        kept.append([i, [i]])  # containers made in a hot loop
print("loop total", total)
print("loop's objects tracked:", all(gc.is_tracked(item) for item in kept))
listed = {id(o) for o in gc.get_objects()}
print("loop's objects listed:", all(id(item) in listed for item in kept))

inside = []
for i in range(200):
    if i == 150:
        inside.append(cycle("inside"))
del before
inside.clear()
collect()
print("enabled after loops:", gc.isenabled(), "frozen:", gc.get_freeze_count())

gc.freeze()
frozen = gc.get_freeze_count()
gc.unfreeze()
print("program froze something:", frozen > 0, "frozen after unfreeze:", gc.get_freeze_count())

for round_ in range(3):
    c = cycle(f"round {round_}")
    for i in range(100):
        total += i
    del c
    collect()

left = cycle("left", LastNode)
del left
print("end", total)
