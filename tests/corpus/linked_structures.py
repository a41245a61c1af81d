# Covers (realistic): linked data structures — singly linked list with __iter__ (a
# generator), __len__, __getitem__, reverse in place; a binary search tree with
# recursive insert/search/delete and in-order traversal via yield from; a LRU cache on
# a doubly linked list + dict; a min-heap class.
class ListNode:
    __slots__ = ("val", "next")

    def __init__(self, val, nxt=None):
        self.val, self.next = val, nxt


class LinkedList:
    def __init__(self, items=()):
        self.head = None
        for it in reversed(list(items)):
            self.head = ListNode(it, self.head)

    def __iter__(self):
        node = self.head
        while node:
            yield node.val
            node = node.next

    def __len__(self):
        return sum(1 for _ in self)

    def __getitem__(self, i):
        for j, v in enumerate(self):
            if j == i:
                return v
        raise IndexError("linked list index out of range")

    def reverse(self):
        prev, node = None, self.head
        while node:
            node.next, prev, node = prev, node, node.next
        self.head = prev

    def __repr__(self):
        return " -> ".join(map(str, self)) or "empty"


ll = LinkedList(range(1, 7))
print(ll, len(ll), ll[2])
ll.reverse()
print(ll, list(ll)[::2])
try:
    ll[10]
except IndexError as e:
    print("IndexError:", e)


class BST:
    class Node:
        def __init__(self, key):
            self.key, self.left, self.right = key, None, None

    def __init__(self):
        self.root = None

    def insert(self, key):
        def rec(node):
            if node is None:
                return BST.Node(key)
            if key < node.key:
                node.left = rec(node.left)
            elif key > node.key:
                node.right = rec(node.right)
            return node
        self.root = rec(self.root)

    def __contains__(self, key):
        node = self.root
        while node:
            if key == node.key:
                return True
            node = node.left if key < node.key else node.right
        return False

    def delete(self, key):
        def rec(node, key):
            if node is None:
                return None
            if key < node.key:
                node.left = rec(node.left, key)
            elif key > node.key:
                node.right = rec(node.right, key)
            else:
                if node.left is None:
                    return node.right
                if node.right is None:
                    return node.left
                succ = node.right
                while succ.left:
                    succ = succ.left
                node.key = succ.key
                node.right = rec(node.right, succ.key)
            return node
        self.root = rec(self.root, key)

    def inorder(self, node="root"):
        node = self.root if node == "root" else node
        if node:
            yield from self.inorder(node.left)
            yield node.key
            yield from self.inorder(node.right)

    def height(self, node="root"):
        node = self.root if node == "root" else node
        return 0 if node is None else 1 + max(self.height(node.left), self.height(node.right))


t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    t.insert(k)
print(list(t.inorder()), t.height(), 45 in t, 99 in t)
for k in (20, 30, 50, 99):
    t.delete(k)
print(list(t.inorder()), t.height(), t.root.key)


class LRU:
    def __init__(self, cap):
        self.cap = cap
        self.map = {}
        self.head = {"key": None}
        self.tail = {"key": None}
        self.head["next"], self.tail["prev"] = self.tail, self.head

    def _unlink(self, n):
        n["prev"]["next"], n["next"]["prev"] = n["next"], n["prev"]

    def _push_front(self, n):
        n["next"], n["prev"] = self.head["next"], self.head
        self.head["next"]["prev"] = n
        self.head["next"] = n

    def get(self, key):
        if key not in self.map:
            return -1
        n = self.map[key]
        self._unlink(n)
        self._push_front(n)
        return n["val"]

    def put(self, key, val):
        if key in self.map:
            self._unlink(self.map.pop(key))
        elif len(self.map) == self.cap:
            lru = self.tail["prev"]
            self._unlink(lru)
            del self.map[lru["key"]]
        n = {"key": key, "val": val}
        self.map[key] = n
        self._push_front(n)

    def keys(self):
        out, n = [], self.head["next"]
        while n is not self.tail:
            out.append(n["key"])
            n = n["next"]
        return out


c = LRU(3)
for op in [("put", "a", 1), ("put", "b", 2), ("put", "c", 3), ("get", "a"), ("put", "d", 4), ("get", "b"), ("put", "c", 30), ("get", "c")]:
    r = getattr(c, op[0])(*op[1:])
    print(op, "->", r, c.keys())


class MinHeap:
    def __init__(self):
        self.a = []

    def push(self, v):
        a = self.a
        a.append(v)
        i = len(a) - 1
        while i and a[(i - 1) // 2] > a[i]:
            a[(i - 1) // 2], a[i] = a[i], a[(i - 1) // 2]
            i = (i - 1) // 2

    def pop(self):
        a = self.a
        a[0], a[-1] = a[-1], a[0]
        v = a.pop()
        i = 0
        while True:
            l, r, m = 2 * i + 1, 2 * i + 2, i
            if l < len(a) and a[l] < a[m]:
                m = l
            if r < len(a) and a[r] < a[m]:
                m = r
            if m == i:
                return v
            a[i], a[m] = a[m], a[i]
            i = m


h = MinHeap()
for v in [5, 3, 8, 1, 9, 2, 7]:
    h.push(v)
print([h.pop() for _ in range(7)])
