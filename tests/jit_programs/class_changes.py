# JIT: a class changed, or an object's __class__ reassigned, between two
# attribute accesses of one iteration (a trace checks a class's version once
# until a uop that may run Python code; after one, it checks again).
class P:
    def __init__(self, x):
        self.x = x


class Q:
    def __init__(self, x):
        self.x = x

    @property
    def doubled(self):
        return self.x * 2


def patch_class(i):
    if i == 100:
        P.x = property(lambda self: self.__dict__.get("_x", self.__dict__.get("x", 0)) + 1000,
                       lambda self, value: setattr(self, "_x", value))


def swap_class(obj, i):
    if i % 40 == 39 and i < 100:
        obj.__class__ = Q


def run(n):
    total = 0
    for i in range(n):
        a = P(i)
        total += a.x
        patch_class(i)
        total += a.x
        b = P(i)
        total += b.x
        swap_class(b, i)
        total += b.x + (b.doubled if type(b) is Q else 0)
    return total


print(run(120))
