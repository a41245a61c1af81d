# JIT: break, continue, return, for-else and while-else inside hot loops
def first_square_over(limit):
    for i in range(1000):
        if i * i > limit:
            return i
    return None

print([first_square_over(n) for n in range(0, 400, 37)])
found = []
for i in range(100):
    if i % 7:
        continue
    found.append(i)
    if len(found) > 10:
        break
else:
    found.append("no break")
print(found)
for i in range(10):
    pass
else:
    print("for-else ran", i)
n = 0
while n < 50:
    n += 3
    if n == 31:
        break
else:
    print("while-else not reached")
print(n)
m = 0
while m < 50:
    m += 4
else:
    print("while-else ran", m)
grid = [[(r * 7 + c * 3) % 10 for c in range(10)] for r in range(10)]
hit = None
for r, row in enumerate(grid):
    for c, v in enumerate(row):
        if v == 9 and r > 3:
            hit = (r, c)
            break
    if hit:
        break
print(hit)
