# Covers: __del__ timing relative to print under reference counting: del statements,
# rebinding a name, function locals dying at return, temporaries in expressions,
# popped stack values, exceptions holding frames, list clearing, cycles collected by
# gc.collect(), and objects alive until module end (printed at interpreter shutdown).
import gc


class Noisy:
    def __init__(self, name):
        self.name = name
        print("create", name)

    def __del__(self):
        print("delete", self.name)


a = Noisy("a")
print("before del a")
del a
print("after del a")
b = Noisy("b1")
b = Noisy("b2")
print("after rebinding b")


def scope():
    local = Noisy("local")
    print("leaving scope")


scope()
print("after scope()")
print("temporary:", Noisy("temp").name)
print("after temporary")
items = [Noisy(f"item{i}") for i in range(3)]
items.pop(1)
print("after pop")
items.clear()
print("after clear")


def returns_new():
    return Noisy("returned")


returns_new()
print("after discarded return value")
x = returns_new()
print("kept", x.name)
x = None
print("after x = None")
d = {"k": Noisy("in dict")}
del d["k"]
print("after del d['k']")


def raiser():
    obj = Noisy("in raising frame")
    raise ValueError("boom")


try:
    raiser()
except ValueError:
    print("in handler")
print("after handler")
gc.disable()
c1, c2 = Noisy("cycle1"), Noisy("cycle2")
c1.other, c2.other = c2, c1
del c1, c2
print("cycle unreachable, collecting")
gc.collect()
print("after collect")
gc.enable()
for i in range(2):
    loop_obj = Noisy(f"loop{i}")
print("after loop")
del loop_obj


def generator_holder():
    g = (Noisy(f"gen{i}") for i in range(2))
    for obj in g:
        print("got", obj.name)
        del obj
    print("generator exhausted")


generator_holder()
print("after generator_holder")
survivor = Noisy("survivor")
print("end of module")
