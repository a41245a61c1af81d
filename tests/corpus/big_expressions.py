# Covers: large code shapes — a 800-term sum expression (deep stack use), a 5000-element
# list display, 90 levels of parentheses, and a function mixing for/try/with/finally with
# continue inside nested blocks (exception-table nesting depth).
x = 1
expr = "+".join(["x"] * 800)
print(eval(expr))
print(len(eval("[" + ",".join(str(i) for i in range(5000)) + "]")))
deep = "(" * 90 + "1" + ")" * 90
print(eval(deep))


def many_blocks(n):
    total = 0
    for i in range(n):
        try:
            with open(__file__) as f:
                for j in range(2):
                    try:
                        if j:
                            continue
                        total += 1
                    finally:
                        total += 10
        except OSError:
            pass
        finally:
            total += 100
    return total


print(many_blocks(5))
values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
          30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50]
print(sum(values), (((((((((((((((((((((x + 1) * 2) - 3) * 4) + 5) * 6) - 7) * 8) + 9) * 10) - 11) * 12) + 13) * 14) - 15) * 16) + 17) * 18) - 19) * 20) + 21))
