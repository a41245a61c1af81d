"""Binary search tree: recursive inserts of pseudo-random keys, an iterative in-order walk, order statistics."""
from benchtimer import Timer, workload


class Node:
    __slots__ = ("key", "left", "right", "size")

    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None
        self.size = 1


def insert(root, key):
    if root is None:
        return Node(key)
    if key < root.key:
        root.left = insert(root.left, key)
    else:
        root.right = insert(root.right, key)
    root.size += 1
    return root


def in_order(root):
    keys, stack, node = [], [], root
    while stack or node is not None:
        while node is not None:
            stack.append(node)
            node = node.left
        node = stack.pop()
        keys.append(node.key)
        node = node.right
    return keys


def kth(root, k):
    while root is not None:
        left = root.left.size if root.left is not None else 0
        if k < left:
            root = root.left
        elif k == left:
            return root.key
        else:
            k -= left + 1
            root = root.right


def build(count):
    root, state = None, 12345
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2147483648
        root = insert(root, state >> 8)
    keys = in_order(root)
    return keys == sorted(keys), kth(root, count // 2), root.size


COUNT = workload(3000, 50)
for _ in Timer(workload(10, 2)):
    result = build(COUNT)
print(*result)
