# Covers (fidelity): locals of VM frames seen through tracebacks — tb_frame.f_locals of
# each traceback entry (post-mortem inspection, as debuggers and test runners do) and
# traceback.TracebackException(capture_locals=True) rendering.
import traceback


def parse_record(line, sep=","):
    fields = line.split(sep)
    count = len(fields)
    return int(fields[2])


def load(lines):
    total = 0
    for lineno, line in enumerate(lines, 1):
        total += parse_record(line)
    return total


def main():
    try:
        load(["a,b,3", "c,d"])
    except IndexError as e:
        tb = e.__traceback__.tb_next  # skip main's own frame (its locals hold addresses)
        while tb is not None:
            f = tb.tb_frame
            print(f.f_code.co_name, tb.tb_lineno, sorted((k, repr(v)) for k, v in f.f_locals.items()))
            tb = tb.tb_next
        te = traceback.TracebackException.from_exception(e, capture_locals=True)
        text = "".join(te.format())
        print("\n".join(line for line in text.splitlines() if " at 0x" not in line))


main()
