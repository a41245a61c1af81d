# JIT: exits of a trace tree that leave Tier 1's frame in the same state (same
# instruction, stack and unboxed locals) share one side trace, and answers stay
# CPython's: fannkuch's inner loops exit to the same instructions from many
# places.
def fannkuch(n):
    permutation = list(range(n))
    count = list(range(n + 1))
    max_flips = checksum = 0
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


for n in range(3, 8):
    print(n, fannkuch(n))
