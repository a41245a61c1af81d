"""Closures and functions with cells called from hot loops: CALL_NATIVE runs
them (the function trace's MAKE_CELL, its callers' COPY_FREE_VARS) --
comprehensions over an outer variable, a `nonlocal` counter, a cell bound
late or never (CPython's NameError), a closure rebound between calls,
recursion through a closure."""


def scaled(data, k):
    return [x * k for x in data]


def counter():
    count = 0

    def bump(step):
        nonlocal count
        for _ in range(step):
            count += 1
        return count
    return bump


def late(n):
    def read():
        return value * 2
    total = 0
    for i in range(n):
        if i == n - 1:
            value = i
    total += read()
    return total


def unbound():
    def read():
        return never
    try:
        return read()
    except NameError as error:
        return str(error)
    never = 1


def fib_closure(n):
    def fib(k):
        return k if k < 2 else fib(k - 1) + fib(k - 2)
    return fib(n)


def run(n):
    data = list(range(10))
    bump = counter()
    total = 0
    messages = set()
    for i in range(n):
        total += sum(scaled(data, i % 7))
        total += bump(i % 3)
        total += late(i % 4 + 1)
        total += fib_closure(i % 9)
        if i % 100 == 0:
            messages.add(unbound())
            bump = counter()
    return total, sorted(messages)


print(run(2000))
