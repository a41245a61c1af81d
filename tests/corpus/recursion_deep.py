# Covers: deep recursion that must work (depth 900 below the default limit of 1000):
# plain recursion, mutual recursion, recursion through methods, recursive data structure
# building and walking, and sys.getrecursionlimit().
import sys

print(sys.getrecursionlimit())


def depth_sum(n):
    if n == 0:
        return 0
    return n + depth_sum(n - 1)


print(depth_sum(900))


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print(is_even(800), is_odd(801), is_even(7))


class Chain:
    def __init__(self, n):
        self.next = Chain(n - 1) if n else None

    def length(self):
        return 1 + (self.next.length() if self.next else 0)


print(Chain(400).length())


def build(n):
    return [] if n == 0 else [n, build(n - 1)]


def walk(t):
    return 0 if not t else t[0] + walk(t[1])


print(walk(build(850)))


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(ackermann(2, 3), ackermann(3, 3))


def hanoi(n, src, dst, via, moves):
    if n:
        hanoi(n - 1, src, via, dst, moves)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src, moves)
    return moves


print(len(hanoi(10, "A", "C", "B", [])), hanoi(3, "A", "C", "B", []))
