# Covers (realistic): Conway's game of life on a small toroidal grid — set-based and
# list-based implementations cross-checked, a glider and a blinker, generations
# rendered as text, population counts, period detection with a dict of frozensets.
def step_set(live, w, h):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % w, (y + dy) % h)
                    counts[key] = counts.get(key, 0) + 1
    return {c for c, n in counts.items() if n == 3 or (n == 2 and c in live)}


def step_grid(grid):
    h, w = len(grid), len(grid[0])
    new = [[0] * w for _ in range(h)]
    for y in range(h):
        for x in range(w):
            n = sum(grid[(y + dy) % h][(x + dx) % w] for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dx or dy)
            new[y][x] = 1 if n == 3 or (n == 2 and grid[y][x]) else 0
    return new


def render(live, w, h):
    return "\n".join("".join("#" if (x, y) in live else "." for x in range(w)) for y in range(h))


W, H = 10, 8
glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
blinker = {(6, 5), (7, 5), (8, 5)}
live = glider | blinker
grid = [[1 if (x, y) in live else 0 for x in range(W)] for y in range(H)]
seen = {}
for gen in range(45):
    key = frozenset(live)
    if key in seen:
        print(f"state repeats: generation {gen} == generation {seen[key]}")
        break
    seen[key] = gen
    if gen in (0, 1, 4):
        print(f"generation {gen} population {len(live)}")
        print(render(live, W, H))
    live = step_set(live, W, H)
    grid = step_grid(grid)
    assert live == {(x, y) for y in range(H) for x in range(W) if grid[y][x]}, "implementations disagree"
print("final population", len(live), sorted(live)[:4])
