# JIT: peeled loops (jit/optimizer/peel.py): exits from the preamble and
# from the body, inside inlined calls, side traces, errors, while loops.


def scale(x, k):
    if x > 1000:
        return x - k
    return x * k


def inlined_exit_in_body(n):
    total = 0
    for i in range(n):
        total += scale(i, 3)   # leaves the trace inside the callee past i == 333
    return total


print(inlined_exit_in_body(700))


def raises_in_body(n, at):
    total = 0
    for i in range(n):
        total += 100 // (at - i)
    return total


for at in (1, 2, 3, 50):
    try:
        print(raises_in_body(60, at))
    except ZeroDivisionError as error:
        print("ZeroDivisionError at", at, error)


def while_loop(n):
    i, acc = 0, 0.0
    while i < n:
        acc += i * 0.5
        i += 1
    return acc, i


print(while_loop(1000), while_loop(1), while_loop(0))


def side_traces(n):
    odd = even = 0
    for i in range(n):
        if i % 2:
            odd += i
        else:
            even += i
        if i % 7 == 0:
            even -= 1
    return odd, even


print(side_traces(2000))


def changes_type(n):
    value = 0
    for i in range(n):
        if i == n // 2:
            value = float(value)
        value = value + 1
    return value


print(changes_type(400))


def breaks_early(n, stop):
    found = None
    for i in range(n):
        if i == stop:
            found = i
            break
    return found


print([breaks_early(100, stop) for stop in (0, 1, 2, 3, 99, 100)])


def nested(n):
    total = 0
    for i in range(n):
        for j in range(i % 5):
            total += j * i
    return total


print(nested(300))
