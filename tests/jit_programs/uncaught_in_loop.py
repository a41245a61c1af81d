# JIT: an exception escaping a hot loop: traceback lines and carets as CPython's
def average(rows):
    total = 0
    for row in rows:
        total += row["value"] / row["weight"]
    return total

rows = [{"value": i, "weight": 1 + i % 5} for i in range(100)]
rows[77]["weight"] = 0
print(average(rows[:50]))
print(average(rows))
