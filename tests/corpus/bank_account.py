# Covers (realistic): a bank-account simulation — class hierarchy with super(), custom
# exceptions, properties, classmethods, a transaction log with dataclasses, context
# manager transactions that roll back on error, interest with Decimal, reports via
# f-strings, sorting and grouping.
from dataclasses import dataclass
from decimal import Decimal, ROUND_HALF_EVEN


class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner}: cannot withdraw {amount}, balance {account.balance}")
        self.shortfall = amount - account.balance


class AccountFrozen(Exception):
    pass


@dataclass(frozen=True)
class Txn:
    seq: int
    kind: str
    amount: Decimal
    balance: Decimal


class Account:
    _next_id = 1000
    seq = 0

    def __init__(self, owner, opening=Decimal("0")):
        self.owner = owner
        self.id = Account._next_id
        Account._next_id += 1
        self._balance = Decimal(opening)
        self.frozen = False
        self.log = []

    @property
    def balance(self):
        return self._balance

    @classmethod
    def next_seq(cls):
        Account.seq += 1
        return Account.seq

    def _record(self, kind, amount):
        self.log.append(Txn(self.next_seq(), kind, amount, self._balance))

    def deposit(self, amount):
        amount = Decimal(amount)
        if amount <= 0:
            raise ValueError("deposit must be positive")
        if self.frozen:
            raise AccountFrozen(self.owner)
        self._balance += amount
        self._record("deposit", amount)

    def withdraw(self, amount):
        amount = Decimal(amount)
        if self.frozen:
            raise AccountFrozen(self.owner)
        if amount > self.available():
            raise InsufficientFunds(self, amount)
        self._balance -= amount
        self._record("withdraw", amount)

    def available(self):
        return self._balance

    def month_end(self):
        pass

    def __repr__(self):
        return f"{type(self).__name__}({self.owner!r}, {self._balance})"


class Savings(Account):
    RATE = Decimal("0.0125")

    def month_end(self):
        interest = (self._balance * self.RATE / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        if interest:
            self._balance += interest
            self._record("interest", interest)
        super().month_end()


class Checking(Account):
    def __init__(self, owner, opening="0", overdraft="100"):
        super().__init__(owner, opening)
        self.overdraft = Decimal(overdraft)

    def available(self):
        return super().available() + self.overdraft

    def month_end(self):
        if self._balance < 0:
            fee = Decimal("15.00")
            self._balance -= fee
            self._record("fee", fee)


class Transfer:
    def __init__(self, src, dst, amount):
        self.src, self.dst, self.amount = src, dst, Decimal(amount)

    def __enter__(self):
        self.snapshot = (self.src._balance, len(self.src.log), self.dst._balance, len(self.dst.log))
        self.src.withdraw(self.amount)
        self.dst.deposit(self.amount)
        return self

    def __exit__(self, et, ev, tb):
        if et is not None:
            self.src._balance, n1, self.dst._balance, n2 = self.snapshot
            del self.src.log[n1:], self.dst.log[n2:]
            print(f"  rolled back transfer of {self.amount}: {et.__name__}")
        return False


bank = [Savings("ann", "1000.00"), Checking("bob", "50.00"), Savings("cid", "250.50"), Checking("dee")]
ann, bob, cid, dee = bank
ops = [(bob.withdraw, "120"), (bob.withdraw, "40"), (dee.deposit, "0"), (cid.deposit, "99.50"), (ann.withdraw, "1000.01")]
for op, amt in ops:
    try:
        op(amt)
        print(f"{op.__self__.owner} {op.__name__} {amt}: ok -> {op.__self__.balance}")
    except InsufficientFunds as e:
        print(f"failed: {e} (short by {e.shortfall})")
    except ValueError as e:
        print("ValueError:", e)
for amount in ("300", "5000"):
    try:
        with Transfer(ann, dee, amount):
            if dee.balance > 200:
                dee.frozen = True
                raise AccountFrozen("dee frozen mid-transfer")
    except (AccountFrozen, InsufficientFunds) as e:
        print(f"transfer {amount} failed: {type(e).__name__}")
dee.frozen = False
for month in range(3):
    for acct in bank:
        acct.month_end()
for acct in sorted(bank, key=lambda a: a.balance, reverse=True):
    print(f"{acct.id} {acct.owner:<4} {type(acct).__name__:<8} {acct.balance:>10} txns={len(acct.log)}")
print([(t.seq, t.kind, str(t.amount)) for t in ann.log])
total = sum((a.balance for a in bank), Decimal(0))
print("total holdings:", total, "kinds:", sorted({t.kind for a in bank for t in a.log}))
