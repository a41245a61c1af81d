# JIT: calls of builtins specialised by the recorder: len, isinstance,
# list.append and C functions called through their C signature, on many
# types, with errors raised inside them and builtins shadowed mid-loop.
import builtins


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        if self.n < 0:
            raise ValueError("no size today")
        return self.n


class BadLength:
    def __len__(self):
        return -1


class Meta(type):
    def __instancecheck__(cls, instance):
        return False


class Never(metaclass=Meta):
    pass


class Stack(list):
    pass


class LoudStack(list):
    def append(self, item):
        super().append(item * 10)


def lengths(n):
    things = [[1, 2], (1,), "abc", {"k": 1}, {1, 2, 3}, range(7), b"xy", Sized(4), bytearray(2)]
    total = 0
    for i in range(n):
        total += len(things[i % len(things)])
    return total


def length_errors(n):
    values = [Sized(2), Sized(-1), BadLength(), 5]
    caught = []
    total = 0
    for i in range(n):
        try:
            total += len(values[i % 4])
        except (ValueError, TypeError) as error:
            caught.append(str(error))
    return total, caught[:3], len(caught)


def instance_checks(n):
    values = [1, "s", 2.5, Stack(), Never(), True, None]
    total = 0
    for i in range(n):
        v = values[i % len(values)]
        total += isinstance(v, int) + isinstance(v, (str, float)) + isinstance(v, list)
        total += isinstance(v, Never) + isinstance(v, Stack)
    try:
        for i in range(n):
            isinstance(i, 3)
    except TypeError as error:
        total += len(str(error))
    return total


def appends(n):
    plain, sub, loud = [], Stack(), LoudStack()
    for i in range(n):
        plain.append(i)
        sub.append(i)
        loud.append(i)
        if len(plain) > 50:
            plain.clear()
    return len(plain), sum(sub), sum(loud), type(sub).__name__


def c_functions(n):
    total = 0
    words = {"a": 1}
    for i in range(n):
        total += abs(-i) + max(i, 7) + min(i, 3, 5) + divmod(i, 7)[1]
        total += words.get("a", 0) + words.get("b", 2) + "x,y".count(",")
        total += hash(i) % 3 + ord("a") + round(i / 3)
    return total


def c_function_errors(n):
    total = 0
    for i in range(n):
        try:
            total += abs("x" if i % 100 == 99 else -i)
        except TypeError as error:
            total += len(str(error))
    return total


def shadowed(n):
    saved = builtins.len, builtins.isinstance
    total = 0
    try:
        for i in range(n):
            if i == n // 2:
                builtins.len = lambda x: 1000
                builtins.isinstance = lambda x, c: "yes"
            total += len([1]) + len(str(isinstance(i, int)))
    finally:
        builtins.len, builtins.isinstance = saved
    return total


print(lengths(3000))
print(length_errors(3000))
print(instance_checks(3000))
print(appends(3000))
print(c_functions(3000))
print(c_function_errors(3000))
print(shadowed(3000))
