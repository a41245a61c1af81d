# JIT: constant folding (jit/optimizer/constants.py) on folded globals and
# literals: arithmetic, comparisons, identity, truth, guards on constants,
# including guards that constants fail.
DEBUG = False
VERBOSE = True
SCALE = 2.5
N = 7
BIG = 2 ** 62
NOTHING = None


def folds(n):
    total, k = 0.0, 0
    for i in range(n):
        if DEBUG:
            print("debug")
        if not VERBOSE:
            print("quiet")
        total += SCALE * 2.0 + N * 3 - (N - 10) * -1
        if N > 5 and SCALE < 3.0 and N != 7.5:
            k += 1
        if DEBUG is False and NOTHING is None and NOTHING is not N:
            k += 2
        if SCALE / 2.0 == 1.25 and (N & 3) | 8 == 11 and N ^ 1 == 6:
            k += 4
        k += BIG * 4 + BIG - BIG * 5   # past int64 on the way, 0 at the end
        k += len(str(N)) + (True + 1)  # bool is not an exact int
        k += N // 2 + N % 3 + 2 ** N + (N << 2) + int(N / 2 > 3.4) + ("a" < "b")
    return total, k


print(folds(300))


def flip(*args):
    global FLAG
    FLAG = not FLAG


def fails_a_constant_guard(n):
    count = 0
    for i in range(n):
        flip()
        if FLAG:
            count += 1
        else:
            count -= 2
    return count


FLAG = True
print(fails_a_constant_guard(301), FLAG)
ZERO = 0.0


def divides_by_a_constant_zero(n):
    out = 0.0
    for i in range(n):
        if i == n - 1:
            out += 1.0 / ZERO
        out += 1.0
    return out


try:
    divides_by_a_constant_zero(50)
except ZeroDivisionError as error:
    print("ZeroDivisionError:", error)
