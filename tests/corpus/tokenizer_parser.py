# Covers (realistic): a tiny tokenizer, recursive-descent parser and evaluator for an
# arithmetic language with variables, assignment, unary minus, exponent (right assoc),
# function calls and error reporting (custom exception classes, positions).
import math


class ParseError(Exception):
    def __init__(self, msg, pos):
        super().__init__(f"{msg} at position {pos}")
        self.pos = pos


TOKEN_KINDS = {"+": "PLUS", "-": "MINUS", "*": "STAR", "/": "SLASH", "^": "CARET", "(": "LP", ")": "RP", "=": "EQ", ",": "COMMA"}


def tokenize(src):
    tokens, i = [], 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or ch == ".":
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            tokens.append(("NUM", float(src[i:j]) if "." in src[i:j] else int(src[i:j]), i))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(("NAME", src[i:j], i))
            i = j
        elif ch in TOKEN_KINDS:
            tokens.append((TOKEN_KINDS[ch], ch, i))
            i += 1
        else:
            raise ParseError(f"unexpected character {ch!r}", i)
    tokens.append(("EOF", None, len(src)))
    return tokens


class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def eat(self, kind):
        tok = self.tokens[self.i]
        if tok[0] != kind:
            raise ParseError(f"expected {kind}, got {tok[0]}", tok[2])
        self.i += 1
        return tok

    def statement(self):
        if self.peek()[0] == "NAME" and self.tokens[self.i + 1][0] == "EQ":
            name = self.eat("NAME")[1]
            self.eat("EQ")
            node = ("assign", name, self.expr())
        else:
            node = self.expr()
        self.eat("EOF")
        return node

    def expr(self):
        node = self.term()
        while self.peek()[0] in ("PLUS", "MINUS"):
            op = self.eat(self.peek()[0])[1]
            node = ("bin", op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.peek()[0] in ("STAR", "SLASH"):
            op = self.eat(self.peek()[0])[1]
            node = ("bin", op, node, self.unary())
        return node

    def unary(self):
        if self.peek()[0] == "MINUS":
            self.eat("MINUS")
            return ("neg", self.unary())
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek()[0] == "CARET":
            self.eat("CARET")
            return ("bin", "^", base, self.unary())
        return base

    def atom(self):
        kind, val, pos = self.peek()
        if kind == "NUM":
            self.eat("NUM")
            return ("num", val)
        if kind == "NAME":
            self.eat("NAME")
            if self.peek()[0] == "LP":
                self.eat("LP")
                args = [] if self.peek()[0] == "RP" else [self.expr()]
                while self.peek()[0] == "COMMA":
                    self.eat("COMMA")
                    args.append(self.expr())
                self.eat("RP")
                return ("call", val, args)
            return ("var", val)
        if kind == "LP":
            self.eat("LP")
            node = self.expr()
            self.eat("RP")
            return node
        raise ParseError(f"unexpected {kind}", pos)


FUNCS = {"sqrt": math.sqrt, "max": max, "min": min, "abs": abs}


def evaluate(node, env):
    match node:
        case ("num", v):
            return v
        case ("var", name):
            if name not in env:
                raise NameError(f"undefined variable {name}")
            return env[name]
        case ("neg", inner):
            return -evaluate(inner, env)
        case ("assign", name, value):
            env[name] = evaluate(value, env)
            return env[name]
        case ("call", fname, args):
            return FUNCS[fname](*[evaluate(a, env) for a in args])
        case ("bin", op, l, r):
            a, b = evaluate(l, env), evaluate(r, env)
            return {"+": a + b, "-": a - b, "*": a * b}.get(op) if op in "+-*" else (a / b if op == "/" else a ** b)


env = {}
program = ["x = 3", "y = x * (2 + 4)", "y - -x", "2 ^ 3 ^ 2", "-2 ^ 2", "max(x, y, 7) / 4", "sqrt(16) + abs(-2.5)",
           "z = (x + y) * (x - y)", "1 +", "3 $ 4", "(1 + 2", "undefined + 1", "10 / (x - 3)", "min()"]
for line in program:
    try:
        print(f"{line!r:>24} => {evaluate(Parser(tokenize(line)).statement(), env)!r}")
    except (ParseError, NameError, ZeroDivisionError, TypeError, ValueError) as e:
        print(f"{line!r:>24} => {type(e).__name__}: {e}")
print(sorted(env.items()))
