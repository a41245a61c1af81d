"""Expression parser: tokenise with a regex, parse by recursive descent, evaluate (methods, small loops, dataclasses)."""
import re
from collections import Counter
from dataclasses import dataclass

from benchtimer import Timer, workload


@dataclass
class Token:
    kind: str
    text: str


TOKEN = re.compile(r"\s*(?:(\d+\.?\d*)|([A-Za-z_]\w*)|(\S))")


def tokenize(source):
    tokens = []
    position = 0
    while position < len(source):
        match = TOKEN.match(source, position)
        if match is None:
            break
        number, name, operator = match.groups()
        if number is not None:
            tokens.append(Token("number", number))
        elif name is not None:
            tokens.append(Token("name", name))
        elif operator is not None:
            tokens.append(Token("operator", operator))
        position = match.end()
    return tokens


class Parser:
    def __init__(self, tokens, variables):
        self.tokens = tokens
        self.index = 0
        self.variables = variables

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expression(self):
        value = self.term()
        while (token := self.peek()) is not None and token.text in "+-":
            self.take()
            right = self.term()
            value = value + right if token.text == "+" else value - right
        return value

    def term(self):
        value = self.factor()
        while (token := self.peek()) is not None and token.text in "*/":
            self.take()
            right = self.factor()
            value = value * right if token.text == "*" else value / right
        return value

    def factor(self):
        token = self.take()
        if token.kind == "number":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "name":
            return self.variables[token.text]
        if token.text == "(":
            value = self.expression()
            self.take()
            return value
        if token.text == "-":
            return -self.factor()
        raise SyntaxError(token.text)


SOURCES = ["(x + y) * z - 7 / (1 + x)", "x * x * x - y / z", "-(x - 2) * (y + z * 3) + 11",
           "((x))", "1.5 * (x + y + z) - x * y * z / 4"]


def evaluate_all(count):
    variables = {"x": 3, "y": 4.5, "z": -2}
    total = 0.0
    kinds = Counter()
    for index in range(count):
        tokens = tokenize(SOURCES[index % len(SOURCES)])
        kinds.update(token.kind for token in tokens)
        total += Parser(tokens, variables).expression()
    return round(total, 6), sorted(kinds.items())


COUNT = workload(600, 20)
for _ in Timer(workload(10, 2)):
    result = evaluate_all(COUNT)
print(*result)
