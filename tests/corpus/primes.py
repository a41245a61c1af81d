# Covers (realistic): prime algorithms — sieve of Eratosthenes, trial division,
# deterministic Miller-Rabin with pow(a, d, n), prime factorisation, Goldbach pairs,
# twin primes — exercising while loops, big ints, generators and list slicing.
def sieve(n):
    is_p = [True] * (n + 1)
    is_p[0] = is_p[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            is_p[i * i::i] = [False] * len(range(i * i, n + 1, i))
    return [i for i, p in enumerate(is_p) if p]


def trial(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def miller_rabin(n):
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def factorize(n):
    factors = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors[d] = factors.get(d, 0) + 1
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors


ps = sieve(2000)
print(len(ps), ps[:15], ps[-3:])
print(all(trial(p) for p in ps[:200]), [n for n in range(100) if trial(n)] == [p for p in ps if p < 100])
print([miller_rabin(n) for n in (2 ** 61 - 1, 2 ** 64 + 1, 1000000007, 561, 10 ** 18 + 9, 2 ** 89 - 1)])
print(factorize(360), factorize(2 ** 10 * 3 ** 5 * 101), factorize(999999937), factorize(600851475143))
pset = set(ps)
print([(p, 100 - p) for p in ps if p <= 50 and (100 - p) in pset])
print([(p, p + 2) for p in ps if p + 2 in pset][:10])
print(sum(ps), max(b - a for a, b in zip(ps, ps[1:])))


def primes_gen():
    found = []
    n = 2
    while True:
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n
        n += 1


g = primes_gen()
print([next(g) for _ in range(20)])
