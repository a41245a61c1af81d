# Covers: very deep Python-to-Python recursion with a raised recursion limit (CPython
# 3.11 does not use the C stack for these calls): depth 50000 for a function and 30000
# for a method, then RecursionError at the new limit.
import sys

sys.setrecursionlimit(60000)


def down(n):
    return 0 if n == 0 else 1 + down(n - 1)


class Node:
    def depth(self, k):
        return k if k == 0 else self.depth(k - 1)


print(down(50000), Node().depth(30000))
try:
    down(70000)
except RecursionError as e:
    print("RecursionError:", e)
print(down(10))
