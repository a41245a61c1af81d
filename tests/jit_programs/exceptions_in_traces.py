# JIT: exceptions raised inside hot loops, caught inside and outside the loop
class Custom(Exception):
    pass

def risky(i):
    if i % 17 == 16:
        raise Custom(f"bad {i}")
    return 100 // (i % 9)

caught = []
for i in range(100):
    try:
        caught.append(risky(i))
    except ZeroDivisionError as e:
        caught.append(str(e))
    except Custom as e:
        caught.append(repr(e))
print(caught[:20], len(caught))

def scan(d, keys):
    hits = 0
    for k in keys:
        hits += d[k]
    return hits

try:
    scan({i: i for i in range(50)}, list(range(60)))
except KeyError as e:
    print("KeyError", e)

def div_all(xs):
    out = []
    for x in xs:
        out.append(10 / x)
    return out

for attempt in range(3):
    try:
        div_all([5, 4, 3, 2, 1, 0, 1])
    except ZeroDivisionError as e:
        print("attempt", attempt, e)
i = 0
while True:
    try:
        if i > 20:
            raise StopIteration("done")
        i += 1
    except StopIteration as e:
        print("stopped", e, i)
        break
