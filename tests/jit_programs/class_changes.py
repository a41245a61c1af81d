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


# The class changes inside code a uop runs that the types pass treats as
# not running Python: a TO_BOOL / UNARY_NOT of an object with __bool__
# (unlike a bool flag's), and a method whose inlined return follows the
# change; the accesses after it check the version again.
class R:
    def __init__(self, x):
        self.x = x
        self.flag = True

    def value(self):
        return self.x


class Trigger:
    def __init__(self):
        self.count = 0

    def __bool__(self):
        self.count += 1
        if self.count == 150:
            R.x = property(lambda self: -1, lambda self, value: None)
        return True


def patch_in_method(i):
    if i == 250:
        R.value = lambda self: 5
    return i


def run_changes(n):
    trigger = Trigger()
    total = 0
    for i in range(n):
        r = R(i)
        total += r.x
        if r.flag:
            total += 1
        if not r.flag:
            total -= 1
        flag = r.flag if i < 180 else i  # a bool, then an int: TO_BOOL's guard fails
        if flag:
            total += r.value()
        if trigger:
            total += r.x
        if not trigger:
            total += 1
        total += patch_in_method(i) + r.value()
    return total


print(run_changes(300))


# A class changed by its own __init__ (the instance's class version was
# checked when it was made): a property replaces the attribute half-way.
class Made:
    def __init__(self, x):
        if x == 150:
            Made.x = property(lambda self: -self.__dict__.get("raw", 0),
                              lambda self, value: self.__dict__.__setitem__("raw", value))
        self.x = x
        self.y = self.x + 1


def run_made(n):
    total = 0
    for i in range(n):
        m = Made(i)
        total += m.x + m.y
    return total


print(run_made(300))
