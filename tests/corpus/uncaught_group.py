# Covers: an uncaught ExceptionGroup with nested groups, notes and sub-exceptions raised
# in different VM functions: CPython's boxed group traceback rendering on stderr.
# expect-exit: 1
def validate_name(rec):
    if not rec.get("name"):
        raise ValueError(f"record {rec['id']}: empty name")


def validate_age(rec):
    if rec.get("age", 0) < 0:
        raise TypeError(f"record {rec['id']}: negative age")


def validate(records):
    errors = []
    for rec in records:
        for check in (validate_name, validate_age):
            try:
                check(rec)
            except Exception as e:
                e.add_note(f"while checking {check.__name__}")
                errors.append(e)
    if errors:
        raise ExceptionGroup("validation failed", [errors[0], ExceptionGroup("more", errors[1:])])


print("validating")
validate([{"id": 1, "name": "ok", "age": 3}, {"id": 2, "name": "", "age": -1}, {"id": 3, "age": -5}])
