# Covers (realistic): text processing — word frequencies with Counter-free dict code,
# longest words, caesar/rot13 ciphers, palindromes, run-length encoding/decoding,
# text wrapping/justification, anagram groups, vowel statistics.
import textwrap

TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair."""

words = [w.strip(",.").lower() for w in TEXT.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
print(len(words), len(freq), top)
print(sorted({w for w in words if len(w) == max(map(len, words))}))


def caesar(s, k):
    out = []
    for ch in s:
        if ch.isalpha():
            base = ord("a") if ch.islower() else ord("A")
            out.append(chr((ord(ch) - base + k) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)


enc = caesar("Hello, World!", 3)
print(enc, caesar(enc, -3), caesar(caesar("Rot Thirteen", 13), 13))


def is_pal(s):
    t = [c.lower() for c in s if c.isalnum()]
    return t == t[::-1]


print([s for s in ["A man, a plan, a canal: Panama", "hello", "Was it a car or a cat I saw?", "abcba", "ab"] if is_pal(s)])


def rle(s):
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{j - i}{s[i]}")
        i = j
    return "".join(out)


def unrle(s):
    out, num = [], ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            out.append(ch * int(num))
            num = ""
    return "".join(out)


r = rle("aaabccddddde")
print(r, unrle(r), unrle(rle("x" * 12 + "y")) == "x" * 12 + "y")
print(textwrap.fill(" ".join(TEXT.split()), width=40))


def justify(line_words, width):
    if len(line_words) == 1:
        return line_words[0].ljust(width)
    gaps = len(line_words) - 1
    spaces = width - sum(map(len, line_words))
    q, r = divmod(spaces, gaps)
    return "".join(w + " " * (q + (i < r)) for i, w in enumerate(line_words[:-1])) + line_words[-1]


line, lines = [], []
for w in TEXT.split()[:20]:
    if sum(map(len, line)) + len(line) + len(w) > 30:
        lines.append(justify(line, 30))
        line = []
    line.append(w)
lines.append(" ".join(line))
print("\n".join(f"|{l}|" for l in lines))
groups = {}
for w in ["listen", "silent", "enlist", "google", "gooegl", "cat", "act", "tac", "dog"]:
    groups.setdefault("".join(sorted(w)), []).append(w)
print(sorted(g for g in groups.values() if len(g) > 1))
vowels = {v: TEXT.lower().count(v) for v in "aeiou"}
print(vowels, sum(vowels.values()), TEXT.count("\n") + 1, TEXT.title()[:30])
