# JIT: load/store elimination (jit/optimizer/loads.py): locals unbound and
# deleted in hot loops, dead stores, values popped at once, inlined callees.


def deletes_a_local(n):
    total = 0
    for i in range(n):
        if i == n - 3:
            del total
        total = total + i
    return total


try:
    deletes_a_local(200)
except UnboundLocalError as error:
    print("UnboundLocalError:", error)


def binds_late(n):
    out = []
    for i in range(n):
        if i > 5:
            out.append(late)
        if i == 3:
            late = i * 2
    return out[-3:], len(out)


print(binds_late(100))


def never_bound(n):
    seen = 0
    for i in range(n):
        if i == n - 1:
            seen += missing
        seen += 1
        if False:
            missing = 0
    return seen


try:
    never_bound(50)
except UnboundLocalError as error:
    print("UnboundLocalError:", error)


def dead_stores(n):
    a = b = 0
    for i in range(n):
        a = i
        a = b          # the first store is overwritten before anything reads it
        b = i
        c = a
        c = c
        i
        None
        3.5
    return a, b, c


print(dead_stores(300))


def add(x, y):
    z = x
    z = y
    return x + z


def calls_inlined(n):
    t = 0
    for i in range(n):
        t = add(t, i)
        t
    return t


print(calls_inlined(400))


class Box:
    def __init__(self, label):
        self.label = label

    def __del__(self):
        print("freed", self.label)


def frees_in_order(n):
    box = None
    for i in range(n):
        box = Box(i)
        box = None
    return box


frees_in_order(3)
