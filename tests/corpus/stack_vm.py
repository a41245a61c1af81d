# Covers (realistic): a tiny stack-machine interpreter written in Python — an assembler
# with labels, a dispatch dict of small functions, a run loop with a program counter,
# conditional jumps, calls/returns, and runtime error reporting; programs compute
# factorial, gcd and a prime count.
class VMError(Exception):
    pass


def assemble(src):
    code, labels = [], {}
    for line in src.strip().splitlines():
        line = line.split(";")[0].strip()
        if not line:
            continue
        if line.endswith(":"):
            labels[line[:-1]] = len(code)
            continue
        op, *args = line.split()
        code.append((op, args[0] if args else None))
    return [(op, labels.get(arg, int(arg) if arg is not None and arg.lstrip("-").isdigit() else arg))
            for op, arg in code]


class Machine:
    def __init__(self, code):
        self.code = code
        self.stack = []
        self.calls = []
        self.vars = {}
        self.pc = 0
        self.steps = 0
        self.out = []
        self.ops = {
            "push": lambda a: self.stack.append(a),
            "load": lambda a: self.stack.append(self.vars[a]),
            "store": lambda a: self.vars.__setitem__(a, self.stack.pop()),
            "add": lambda a: self.binop(lambda x, y: x + y),
            "sub": lambda a: self.binop(lambda x, y: x - y),
            "mul": lambda a: self.binop(lambda x, y: x * y),
            "mod": lambda a: self.binop(lambda x, y: x % y),
            "lt": lambda a: self.binop(lambda x, y: int(x < y)),
            "eq": lambda a: self.binop(lambda x, y: int(x == y)),
            "dup": lambda a: self.stack.append(self.stack[-1]),
            "print": lambda a: self.out.append(self.stack.pop()),
        }

    def binop(self, fn):
        if len(self.stack) < 2:
            raise VMError(f"stack underflow at pc={self.pc - 1}")
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(fn(a, b))

    def run(self, limit=100000):
        while self.pc < len(self.code):
            op, arg = self.code[self.pc]
            self.pc += 1
            self.steps += 1
            if self.steps > limit:
                raise VMError("step limit exceeded")
            if op == "jmp":
                self.pc = arg
            elif op == "jz":
                if self.stack.pop() == 0:
                    self.pc = arg
            elif op == "call":
                self.calls.append(self.pc)
                self.pc = arg
            elif op == "ret":
                self.pc = self.calls.pop()
            elif op == "halt":
                break
            elif op in self.ops:
                self.ops[op](arg)
            else:
                raise VMError(f"unknown op {op!r}")
        return self.out


FACT = """
    push 1
    store acc
    push 12
    store n
loop:
    load n
    jz done
    load acc
    load n
    mul
    store acc
    load n
    push 1
    sub
    store n
    jmp loop
done:
    load acc
    print
    halt
"""
GCD = """
    push 1071
    store a
    push 462
    store b
    call gcd
    load a
    print
    halt
gcd:
    load b
    jz gcd_done
    load a
    load b
    mod
    load b
    store a
    store b
    jmp gcd
gcd_done:
    ret
"""
PRIMES = """
    push 0
    store count
    push 2
    store n
outer:
    load n
    push 60
    lt
    jz finish
    push 2
    store d
inner:
    load d
    load d
    mul
    load n
    push 1
    add
    lt
    jz is_prime
    load n
    load d
    mod
    jz next_n
    load d
    push 1
    add
    store d
    jmp inner
is_prime:
    load count
    push 1
    add
    store count
next_n:
    load n
    push 1
    add
    store n
    jmp outer
finish:
    load count
    print
"""
for name, src in [("fact", FACT), ("gcd", GCD), ("primes", PRIMES)]:
    m = Machine(assemble(src))
    print(name, m.run(), "steps:", m.steps)
for bad in ["push 1\nadd", "bogus", "loop:\njmp loop"]:
    try:
        Machine(assemble(bad)).run(limit=500)
    except VMError as e:
        print("VMError:", e)
