"""Demo: an ASCII Mandelbrot set, computed with float arithmetic in nested
loops, and how long it took.  Run it under `python` and `python -m jit`."""
import time

WIDTH, HEIGHT, ITERATIONS = 78, 32, 3000
SHADES = " .:-=+*#%@"


def escape_time(cr, ci):
    zr = zi = 0.0
    for n in range(ITERATIONS):
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        if zr * zr + zi * zi > 4.0:
            return n
    return ITERATIONS


def render():
    rows = []
    for y in range(HEIGHT):
        ci = (y - HEIGHT / 2) * 2.4 / HEIGHT
        row = []
        for x in range(WIDTH):
            cr = (x - WIDTH * 0.65) * 3.2 / WIDTH
            n = escape_time(cr, ci)
            # shade by the escape time's cube root: slow escapes stand out
            row.append(SHADES[int((len(SHADES) - 1) * (n / ITERATIONS) ** (1 / 3))])
        rows.append("".join(row))
    return rows


started = time.perf_counter()
picture = render()
elapsed = time.perf_counter() - started
print("\n".join(picture))
print(f"rendered {WIDTH}x{HEIGHT} (up to {ITERATIONS} iterations per point) in {elapsed:.3f} s")
