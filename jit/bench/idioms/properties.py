"""Properties and a dataclass: @property getters and a setter on a class with __slots__, and a dataclass made per iteration."""
from dataclasses import dataclass

from benchtimer import Timer, workload


class Account:
    __slots__ = ("_balance",)

    def __init__(self, balance):
        self._balance = balance

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        self._balance = max(value, 0)


@dataclass
class Entry:
    amount: int
    note: str


def run(count):
    account = Account(0)
    total = 0
    for i in range(count):
        entry = Entry(i % 13 - 4, "x")
        account.balance = account.balance + entry.amount
        total += account.balance
    return total


COUNT = workload(40000, 400)
for _ in Timer(workload(10, 2)):
    result = run(COUNT)
print(result)
