# Covers: recursion that passes through native code between VM frames — map(), sorted
# key functions, dunder methods invoked by operators (__add__, __getitem__, __eq__,
# __repr__), properties and __init__ — to moderate depth (must work), and unbounded
# recursion through a dunder (RecursionError caught, message printed).
class Node:
    def __init__(self, depth):
        self.child = Node(depth - 1) if depth else None

    def __len__(self):
        return 1 + (len(self.child) if self.child is not None else 0)

    def __add__(self, other):
        return other + 1 if self.child is None else self.child + (other + 1)

    def __getitem__(self, i):
        return self if i == 0 else self.child[i - 1]

    @property
    def depth(self):
        return 0 if self.child is None else self.child.depth + 1

    def __repr__(self):
        return "N" if self.child is None else "N(" + repr(self.child) + ")"


n = Node(150)
print(len(n), n + 0, n[150].child, n.depth, repr(n)[:20], len(repr(n)))


def via_map(k):
    return 0 if k == 0 else 1 + sum(map(via_map, [k - 1]))


def via_sorted(k):
    return 0 if k == 0 else 1 + sorted([k - 1], key=via_sorted)[0]


print(via_map(120), via_sorted(100))


class Loop:
    def __getattr__(self, name):
        return self.missing_too


try:
    Loop().anything
except RecursionError as e:
    print("RecursionError:", e)


class EqLoop:
    def __eq__(self, other):
        return self == other


try:
    EqLoop() == 1
except RecursionError as e:
    print("RecursionError:", e)
print("still alive", via_map(50))
