# Covers: weakref.ref with callbacks (firing order relative to print when the last
# strong reference dies), WeakValueDictionary/WeakKeyDictionary/WeakSet entries vanishing,
# weakref.finalize (called once, atexit behaviour), proxies and ReferenceError.
import weakref


class Node:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Node({self.name})"


def on_death(ref):
    print("callback: referent died; ref() is", ref())


n = Node("one")
r = weakref.ref(n, on_death)
print("alive:", r(), r() is n)
del n
print("after del")
cache = weakref.WeakValueDictionary()
keep = [Node(f"k{i}") for i in range(3)]
for node in keep:
    cache[node.name] = node
del node
print(sorted(cache.keys()))
keep.pop()
print(sorted(cache.keys()))
keep.clear()
print(sorted(cache.keys()), len(cache))
meta = weakref.WeakKeyDictionary()
k = Node("key")
meta[k] = "metadata"
print(len(meta), meta[k])
del k
print(len(meta))
ws = weakref.WeakSet()
a, b = Node("a"), Node("b")
ws.add(a)
ws.add(b)
del a
print(sorted(x.name for x in ws))


def cleanup(label):
    print("finalize:", label)


obj = Node("fin")
f = weakref.finalize(obj, cleanup, "fin object")
print("finalizer alive:", f.alive)
obj = None
print("finalizer alive after drop:", f.alive)
p_target = Node("proxied")
p = weakref.proxy(p_target)
print(p.name, repr(p_target))
del p_target
try:
    p.name
except ReferenceError as e:
    print("ReferenceError:", e)


def make_and_drop():
    temp = Node("temp")
    weakref.finalize(temp, cleanup, "temp in function")
    print("returning from make_and_drop")


make_and_drop()
print("after make_and_drop")
late = Node("late")
weakref.finalize(late, cleanup, "at exit")
print("end of program")
