# Covers: an uncaught exception raised inside a generator (which runs on CPython) while
# being consumed by a for-loop in a VM function, and one raised in a VM callback called
# from the generator: the traceback interleaves VM and CPython frames.
# expect-exit: 1
def parse(x):
    return int(x, 16)


def numbers(tokens, convert):
    for tok in tokens:
        yield convert(tok)


def total(tokens):
    s = 0
    for v in numbers(tokens, lambda t: parse(t.strip())):
        s += v
    return s


print(total(["a", " ff", "10 "]))
print(total(["1", "zz", "2"]))
