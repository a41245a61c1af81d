"""Calls inlined with their parameters bound at record time: defaults left
to the function (positional and keyword-only), keywords out of order and
into keyword-only parameters, for functions, bound methods, methods called
in CPython's unbound form, bound methods and constructors; defaults replaced
(`__defaults__`, `__kwdefaults__`) or changed in place between calls, a
mutable default shared by every call, int and float defaults used as
numbers, `*args` and `**kwargs` collecting what no parameter takes (a new
tuple and dict at every call, in the order given; a callee changing its
dict; a decorator's wrapper forwarding both; a method whose self is a
named parameter, and one whose self *args would collect, which is not
inlined), `function(*args, **kwargs)` inlined with the tuple and dict
unpacked (their lengths and keys changing between calls, keys equal to the
recorded ones but other objects, a list or a dict subclass instead, keys
that are no strs, a raise inside the callee caught
by the loop, an exit inside it), exits from inside a callee bound by keyword (its frame rebuilt),
two functions of one code object with their own defaults, and the calls
that do not bind, where CPython's TypeError is the answer."""


def scale(value, factor=2, *, offset=0, clamp=None):
    result = value * factor + offset
    return result if clamp is None else min(result, clamp)


def mix(a, b, c=3, d=4.5):
    return a * 1000 + b * 100 + c * 10 + d


def seen(item, into=[]):  # noqa: B006 (the shared default is the point)
    into.append(item)
    return len(into)


def only(a, /, b=1):
    return a + b


class Point:
    def __init__(self, x, y=0, *, z=1):
        self.x = x
        self.y = y
        self.z = z

    def moved(self, dx, dy=0, *, times=1):
        return Point(self.x + dx * times, self.y + dy * times, z=self.z)

    def total(self):
        return self.x + self.y + self.z


def kind(n, *, small="small", large="large"):
    if n < 250:  # (a guard inside the callee: its exit rebuilds the frame)
        return small
    return large


def collect(a, *rest, sep=0, **named):
    named["seen"] = named.get("seen", 0) + 1  # (a fresh dict at every call)
    return (a + len(rest) * 10 + sum(rest) + sep * 100 + len(named) * 1000
            + sum(named.values()) + sum(len(key) for key in named))


def only_named(**named):
    return "".join(named)  # (the order given)


def only_star(*items):
    return len(items) + sum(items)


def logged(function):
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


@logged
def shifted(value, *, by=1):
    return value + by


class Star:
    def named_self(self, *args, **kw):
        return len(args) + len(kw) * 10

    def star_self(*args):  # (self goes into args: not inlined)
        return len(args)

    @logged
    def wrapped(self, x, y=2):
        return x * y


def starred(n):
    t = 0
    s = Star()
    for i in range(n):  # (a loop each: one would be too long a trace)
        t += collect(i) + collect(i, 1, 2) + collect(i, 1, z=3) + collect(i, 4, 5, sep=1, q=2, r=3)
    for i in range(n):
        t += collect(a=i, b=2) + collect(i, sep=2, seen=5)
        t += len(only_named(y=1, x=2)) + only_star() + only_star(1, 2, i) + len(only_named())
    for i in range(n):
        t += shifted(i, by=2) + shifted(value=i) + shifted(i)
    for i in range(n):
        t += s.named_self() + s.named_self(1, 2) + s.named_self(k=1) + Star.named_self(s, 5, k=i)
        t += s.star_self() + s.star_self(1) + s.wrapped(i) + s.wrapped(i, y=3)
    return t


class Stop(Exception):
    pass


@logged
def checked(value, *, limit=100):
    if value > limit:  # (a guard inside the forwarded call: its exit rebuilds both frames)
        raise Stop(value)
    return value


class Keys(dict):
    pass


def forward(function, *args, **kwargs):
    return function(*args, **kwargs)


def forwarded(n):
    t = 0
    for i in range(n):
        try:
            t += checked(i, limit=n // 2)
        except Stop as stop:
            t -= stop.args[0]
        t += forward(mix, i, 2) + forward(mix, i, d=1.0, b=i) + forward(mix, *(i, 3))
        args = (i,) if i % 3 else (i, 5)
        named = {"d": 2.0} if i % 4 else {"c": 1, "d": 3.0}
        t += forward(mix, *args, b=1, **named) if len(args) == 1 else forward(mix, *args, **named)
        t += forward(mix, *[i, 1]) + forward(mix, i, **Keys(b=2))
        t += forward(scale, i, **{"".join(["off", "set"]): i})  # (an equal key, not the same)
    return t


def forwarded_badly():
    for call in (lambda: forward(mix, 1, **{1: 2}), lambda: forward(mix, 1, 2, 3, 4, 5),
                 lambda: forward(shifted, 1, 2)):
        try:
            call()
        except TypeError as error:
            print("TypeError", error)


def make(k):
    def add(x, y=k):
        return x + y
    return add


def run(n):
    t = 0.0
    p = Point(1)
    step = p.moved  # (a bound method)
    for i in range(n):
        t += scale(i, offset=1) + scale(i, clamp=50, factor=3)
        t += mix(b=i, a=2) + mix(1, d=0.5, b=i) + mix(i, 2, 1)
        q = Point(i, z=3).moved(1, times=2)
        t += q.total() + p.moved(dy=i, dx=1).total() + Point.moved(p, i).total()
        t += step(2).total() + step(dy=1, dx=i, times=3).total()
        t += len(kind(i * 3, large="L")) + len(kind(i, small="tiny"))
        t += only(i) + only(i, 5)
    return t


def makers(n):
    adders = [make(k) for k in range(4)]
    t = 0
    for i in range(n):
        t += adders[i % 4](i) + adders[(i + 1) % 4](i, 10)
    return t


def shared(n):
    total = 0
    for i in range(n):
        total += seen(i)
    return total


print(run(400))
print(makers(400))
print(shared(300))
print(starred(300))
print(forwarded(300))
forwarded_badly()

mix.__defaults__ = (7, 0.25)
print(run(50))
scale.__kwdefaults__["offset"] = 100
print(run(50))
scale.__kwdefaults__ = {"offset": -1, "clamp": 10}
print(run(50))
Point.__init__.__defaults__ = (5,)
Point.moved.__kwdefaults__["times"] = 3
print(run(50))
seen.__defaults__ = ([1, 2, 3],)
print(shared(50))
mix.__defaults__ = (1,)
try:
    print(run(50))
except TypeError as error:
    print("TypeError", error)
mix.__defaults__ = (7, 0.25)
del scale.__kwdefaults__["offset"]


def calls_that_do_not_bind(n):
    for i in range(n):
        for call in (lambda: mix(1, 2, a=3), lambda: mix(1, e=2), lambda: mix(1),
                     lambda: only(a=i), lambda: scale(i), lambda: Point(1, 2, 3),
                     lambda: collect(), lambda: collect(1, a=2), lambda: only_star(x=1),
                     lambda: shifted(1, 2)):
            try:
                call()
            except TypeError as error:
                print(i, "TypeError", error)


calls_that_do_not_bind(3)
try:
    print(run(50))
except TypeError as error:
    print("TypeError", error)
