"""`del` of locals in hot loops and the functions they call (DELETE_FAST, a
uop): temporaries deleted and bound again, a local deleted then read (its
UnboundLocalError, caught, and CPython's message), a local deleted twice, an
int and a float accumulator deleted (no unboxed copy may outlive them), a
finalizer a `del` runs, `del` in an inlined callee and in a callee with a
loop of its own, and the cleanup of `except ... as error`."""


class Noisy:
    deaths = 0

    def __init__(self, n):
        self.n = n

    def __del__(self):
        Noisy.deaths += 1


def pair_sum(i):
    pair = [i, i + 1]
    total = pair[0] + pair[1]
    del pair
    return total


def rebound(n):
    t = 0
    for i in range(n):
        tmp = i * 2
        t += tmp
        del tmp
        tmp = i
        t -= tmp
    return t


def read_after_delete(n):
    caught = 0
    last = None
    for i in range(n):
        value = i
        if i % 3 == 0:
            del value
        try:
            last = value
        except UnboundLocalError as error:
            caught += 1
            message = str(error)
    return caught, last, message


def deleted_twice(n):
    caught = []
    for i in range(n):
        x = i
        del x
        try:
            del x
        except UnboundLocalError as error:
            caught.append(str(error))
    return len(caught), caught[0]


def accumulators(n):
    total = 0
    scale = 0.5
    for i in range(n):
        total += i
        scale *= 1.0001
        if i % 100 == 99:
            kept = total, scale
            del total, scale
            total, scale = kept[0] - 1, kept[1] - 0.001
    return total, round(scale, 9)


def finalizers(n):
    made = 0
    for i in range(n):
        obj = Noisy(i)
        made += obj.n % 2
        del obj
    return made, Noisy.deaths


def with_inner_loop(k):
    items = list(range(k))
    t = 0
    for item in items:
        t += item
    del items
    return t


def calls(n):
    t = 0
    for i in range(n):
        t += pair_sum(i) + with_inner_loop(i % 5)
    return t


def named_handler(items):
    good, errors = 0, []
    for text in items:
        try:
            good += int(text)
        except ValueError as error:
            errors.append(str(error)[-4:])
    try:
        error
    except NameError as missing:
        unbound = str(missing)
    return good, len(errors), errors[:2], unbound


print(rebound(3000))
print(read_after_delete(3000))
print(deleted_twice(2000))
print(accumulators(5000))
print(finalizers(3000))
print(calls(3000))
print(named_handler([str(i) if i % 4 else f"x{i}" for i in range(2000)]))
