"""Mandelbrot: escape times over a grid of points (float arithmetic in nested loops)."""
from benchtimer import Timer, workload


def escape_time(cr, ci, limit):
    zr = zi = 0.0
    for n in range(limit):
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        if zr * zr + zi * zi > 4.0:
            return n
    return limit


def mandelbrot(width, height, limit):
    checksum = 0
    for y in range(height):
        ci = (y - height / 2) * 2.4 / height
        for x in range(width):
            cr = (x - width * 0.65) * 3.2 / width
            checksum = (checksum * 31 + escape_time(cr, ci, limit)) % 1000000007
    return checksum


WIDTH, HEIGHT, LIMIT = workload((64, 32, 200), (8, 4, 20))
for _ in Timer(workload(30, 2)):
    result = mandelbrot(WIDTH, HEIGHT, LIMIT)
print(result)
