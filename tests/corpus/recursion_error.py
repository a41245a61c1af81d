# Covers: unbounded recursion raising RecursionError (caught and printed), the program
# continuing to work afterwards (including further deep recursion), RecursionError
# through a method and through mutual recursion, and finally blocks during unwinding.
import sys


def forever(n):
    return forever(n + 1)


try:
    forever(0)
except RecursionError as e:
    print("RecursionError:", e)


class Loop:
    def __repr__(self):
        return repr(self)


try:
    repr(Loop())
except RecursionError as e:
    print("RecursionError in __repr__:", type(e).__name__)


def ping(n):
    return pong(n + 1)


def pong(n):
    return ping(n + 1)


try:
    ping(0)
except RecursionError as e:
    print("mutual:", e)
unwound = []


def with_finally(n):
    try:
        return with_finally(n + 1)
    finally:
        if n % 200 == 0:
            unwound.append(n)


try:
    with_finally(0)
except RecursionError:
    print("unwound through finally blocks:", unwound)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print("still works:", depth(500))
sys.setrecursionlimit(3000)
print("raised limit:", depth(2500))
sys.setrecursionlimit(1000)
try:
    depth(5000)
except RecursionError as e:
    print("lowered again:", e)
