"""Fannkuch-redux: pancake flips over all permutations (list slicing and swaps)."""
from benchtimer import Timer, workload


def fannkuch(n):
    permutation = list(range(n))
    count = list(range(n + 1))
    max_flips = 0
    checksum = 0
    sign = 1
    r = n
    while True:
        while r > 1:
            count[r - 1] = r
            r -= 1
        first = permutation[0]
        if first:
            flipped = permutation[:]
            flips = 0
            while first:
                flipped[:first + 1] = flipped[first::-1]
                flips += 1
                first = flipped[0]
            if flips > max_flips:
                max_flips = flips
            checksum += sign * flips
        sign = -sign
        # next permutation in the counting order
        while True:
            if r == n:
                return checksum, max_flips
            head = permutation[0]
            for i in range(r):
                permutation[i] = permutation[i + 1]
            permutation[r] = head
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


N = workload(8, 5)
for _ in Timer(workload(10, 2)):
    result = fannkuch(N)
print(*result)
