"""Loops that run an iteration or two per call, in functions called from a
hot loop: their root traces leave the loop (by its bottom test, a break, a
return inside it, an exception) and record on to the function's return."""


def skip_spaces(text, i):
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def words(text):
    count = i = 0
    while True:
        i = skip_spaces(text, i)
        if i >= len(text):
            return count
        count += 1
        while i < len(text) and text[i] != " ":
            i += 1


def first_negative(values):
    for index, value in enumerate(values):
        if value < 0:
            return index
    return -1


def digits_before_break(text):
    n = 0
    for ch in text:
        if not ch.isdigit():
            break
        n = n * 10 + int(ch)
    return n


def checked_halves(n):
    steps = 0
    while n % 2 == 0:
        n //= 2
        steps += 1
        if n == 3 * 2 ** 40:
            raise ValueError(f"unlucky {n}")
    return steps * 1000 + n


total = 0
for k in range(3000):
    total += words("alpha beta  gamma delta" if k % 3 else "a  b c")
    total += first_negative([k % 5 - 1, -k, 7] if k % 7 else [1, 2, 3])
    total += digits_before_break(str(k) + ("x" if k % 2 else "") + "12")
    try:
        total += checked_halves(k * 6 if k % 11 else 3 * 2 ** 42)
    except ValueError as error:
        total += len(str(error))
print(total)
