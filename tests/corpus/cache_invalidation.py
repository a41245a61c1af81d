# Covers: code whose loads must not be cached across changes (inline-cache / guard
# invalidation): globals rebound and deleted mid-loop, builtins shadowed and restored
# mid-loop, class attributes and methods replaced mid-loop, instance attributes
# shadowing methods, __class__ assignment, descriptors added later, dict-subclass keys.
import builtins

G = 1


def read_global():
    return G


def loop_globals():
    global G
    out = []
    for i in range(6):
        if i == 2:
            G = "rebound"
        if i == 4:
            del G
        try:
            out.append(read_global())
        except NameError as e:
            out.append(str(e))
    G = 1
    return out


print(loop_globals())


def loop_builtins():
    out = []
    for i in range(5):
        if i == 2:
            globals()["len"] = lambda s: "global len"
        if i == 3:
            del globals()["len"]
            builtins.len = lambda s: "builtin len"
        if i == 4:
            builtins.len = real_len
        out.append(len("ab"))
    return out


real_len = len
print(loop_builtins())


class A:
    x = 1

    def m(self):
        return "A.m"


class B:
    def m(self):
        return "B.m"


def loop_attrs():
    a = A()
    out = []
    for i in range(8):
        if i == 1:
            A.x = 2
        if i == 2:
            A.m = lambda self: "replaced m"
        if i == 3:
            a.m = lambda: "instance m"
        if i == 4:
            del a.m
        if i == 5:
            a.__class__ = B
        if i == 6:
            B.x = property(lambda self: "property x")
        try:
            out.append((getattr(a, "x", None), a.m()))
        except AttributeError as e:
            out.append(str(e))
    return out


print(loop_attrs())


class Slot:
    __slots__ = ("v",)


def loop_slots():
    s = Slot()
    out = []
    for i in range(3):
        if i == 1:
            s.v = i
        try:
            out.append(s.v)
        except AttributeError as e:
            out.append(str(e))
    return out


print(loop_slots())


def loop_subscr():
    out = []
    for container in ([1, 2, 3], (4, 5, 6), {0: "a", 1: "b"}, "xyz", range(7, 10), {1: "only"}):
        try:
            out.append(container[1] if not isinstance(container, dict) else container[0])
        except KeyError as e:
            out.append(repr(e))
    return out


print(loop_subscr())


class Meta(type):
    pass


def loop_type_attr():
    out = []
    for i in range(3):
        if i == 1:
            Meta.extra = "from metaclass"
        C = Meta("C", (), {})
        out.append(getattr(C, "extra", "none"))
    return out


print(loop_type_attr())
