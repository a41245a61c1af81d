# Covers (realistic): n-queens by backtracking (count solutions for n = 4..7 and print
# the first solution board for n = 6), with sets, recursion, generators and string
# building; plus a permutation-based cross-check for small n.
import itertools


def solve(n):
    cols, diag1, diag2 = set(), set(), set()
    placement = []
    solutions = []

    def place(row):
        if row == n:
            solutions.append(placement[:])
            return
        for c in range(n):
            if c in cols or (row - c) in diag1 or (row + c) in diag2:
                continue
            cols.add(c)
            diag1.add(row - c)
            diag2.add(row + c)
            placement.append(c)
            place(row + 1)
            placement.pop()
            cols.discard(c)
            diag1.discard(row - c)
            diag2.discard(row + c)
    place(0)
    return solutions


def brute(n):
    return sum(1 for p in itertools.permutations(range(n))
               if len({p[i] + i for i in range(n)}) == n and len({p[i] - i for i in range(n)}) == n)


for n in range(4, 8):
    print(n, len(solve(n)))
print("brute force agrees:", [len(solve(n)) == brute(n) for n in range(4, 7)])
first = solve(6)[0]
for c in first:
    print(" ".join("Q" if i == c else "." for i in range(6)))
