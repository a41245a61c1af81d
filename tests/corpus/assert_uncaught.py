# Covers: a failing assert with a message that is not caught: the traceback on stderr
# (file, line, function names, source line with ^^^^ markers) and exit code 1, after
# some stdout output.
# expect-exit: 1
def validate(records):
    total = 0
    for r in records:
        total += check_record(r)
    return total


def check_record(r):
    assert "id" in r
    assert r["qty"] >= 0, f"negative quantity in record {r['id']}: {r['qty']}"
    return r["qty"]


print("validating")
print(validate([{"id": 1, "qty": 3}, {"id": 2, "qty": 4}]))
print(validate([{"id": 3, "qty": 1}, {"id": 4, "qty": -2}]))
print("unreachable")
