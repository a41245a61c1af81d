# JIT: truth tests of ints the loop keeps unboxed (`while n:`, tested in
# their scratch slot, through zero, negative values and int64's ends), and
# of values whose type changes under the same test
def countdown(n):
    total = 0
    while n:
        total += n & 7
        n -= 1
    return total


def up_to_zero(n):
    steps = 0
    while n:
        n += 1
        steps += 1 if n else 100
    return steps


def halvings(values):
    steps = 0
    for x in values:
        x = abs(x)
        while x:
            x //= 2
            steps += 1
    return steps


def truth_of_anything(values):
    seen = 0
    for x in values:
        if x:
            seen += 1
        if not x:
            seen -= 3
        seen = seen * 2 if x else seen + 1
    return seen


class Falsy(int):
    def __bool__(self):
        return False


class Sized:
    def __init__(self, size):
        self.size = size

    def __len__(self):
        return self.size


def first_true(rows):
    found = []
    for row in rows:
        i = 0
        while not row[i]:
            i += 1
        found.append(i)
    return found


def flags(n):
    odd = 0
    for i in range(n):
        bit = i & 1
        if bit:
            odd += 1
        if not bit:
            odd -= 1
        odd += 2 if i % 3 else 0
    return odd


print(countdown(5000), countdown(0), countdown(3))
print(up_to_zero(-3000), up_to_zero(-1))
print(halvings([0, 1, -5, 2**62, 2**63 - 1, -2**63, 2**64 + 1, 7] * 30))
print(truth_of_anything([0, 1, 2, -5, 2**70, 0, None, [], [1], "", "a", 0.0, 3.5, True] * 20))
print(flags(4000))
print(truth_of_anything([3, 0, Falsy(5), 7, Sized(0), Sized(2), 1.5, {}, {1: 2}, (), (0,)] * 20))
print(first_true([[0] * k + [Falsy(1), 0, k + 1] for k in range(40)]))
