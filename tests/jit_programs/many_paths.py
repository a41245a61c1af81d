# JIT: one loop with more paths than a trace tree may hold side traces for
# (MAX_SIDE_TRACES): the tree is retired and rebuilt a bounded number of times,
# then kept, and the answer is the same as CPython's.
def score(cells):
    total = 0
    for cell in cells:
        k = cell % 41
        if k < 1:
            total += 1
        elif k < 2:
            total -= 2
        elif k < 3:
            total += 3
        elif k < 4:
            total ^= 4
        elif k < 5:
            total += 5
        elif k < 6:
            total -= 6
        elif k < 7:
            total += 7
        elif k < 8:
            total |= 8
        elif k < 9:
            total += 9
        elif k < 10:
            total -= 10
        elif k < 11:
            total += 11
        elif k < 12:
            total &= 0xFFFFF
        elif k < 13:
            total += 13
        elif k < 14:
            total -= 14
        elif k < 15:
            total += 15
        elif k < 16:
            total += 16
        elif k < 17:
            total -= 17
        elif k < 18:
            total += 18
        elif k < 19:
            total += 19
        elif k < 20:
            total -= 20
        elif k < 21:
            total += 21
        elif k < 22:
            total += 22
        elif k < 23:
            total -= 23
        elif k < 24:
            total += 24
        elif k < 25:
            total += 25
        elif k < 26:
            total -= 26
        elif k < 27:
            total += 27
        elif k < 28:
            total += 28
        elif k < 29:
            total -= 29
        elif k < 30:
            total += 30
        else:
            total += k * 3
    return total


# (built at module level: a comprehension's loop would grow a tree of its own)
cells = []
for i in range(4000):
    cells.append((i * 7919) % 1000)
for round_ in range(5):
    print(round_, score(cells))
