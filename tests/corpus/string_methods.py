# Covers: str and bytes methods (split/rsplit/partition/join/strip/replace/find/index/
# count/startswith/center/zfill/expandtabs/casefold/title/swapcase/translate/maketrans/
# splitlines/isX predicates/encode/decode/hex/fromhex), errors (ValueError from index,
# UnicodeDecodeError), str % formatting and repr of special characters.
s = "  Hello, World! Hello, Python.  "
print(s.strip(), s.lstrip(), s.rstrip(), s.strip(" .H"), sep="|")
print(s.split(), s.split(","), s.split(",", 1), s.rsplit(" ", 2), "a,b,,c".split(","), "".split(","))
print(s.partition("Hello"), s.rpartition("Hello"), s.partition("zzz"))
print("-".join(["a", "b", "c"]), ", ".join(str(i) for i in range(4)), "".join(reversed("abc")))
print(s.replace("Hello", "Bye"), s.replace("Hello", "Bye", 1), s.count("l"), s.count("Hello", 10))
print(s.find("World"), s.find("nope"), s.rfind("Hello"), s.index("o"), s.rindex("o"))
try:
    s.index("xyz")
except ValueError as e:
    print("ValueError:", e)
print("abc".startswith(("x", "a")), "abc".endswith("bc"), "abc".startswith("b", 1))
print("py".center(10, "*"), "42".zfill(6), "-42".zfill(6), "a\tb\tc".expandtabs(4), "x".ljust(3, ".") + "|")
print("ß straße".casefold(), "hello world".title(), "Hello".swapcase(), "abc".upper(), "ABC".lower(), "hi".capitalize())
table = str.maketrans("abc", "xyz", "d")
print("aabbccdd".translate(table), "hello".translate({ord("l"): "L", ord("o"): None}))
print("line1\nline2\r\nline3".splitlines(), "a\nb\n".splitlines(keepends=True))
print("123".isdigit(), "abc".isalpha(), "ab1".isalnum(), "   ".isspace(), "Title Case".istitle(), "x".isidentifier(), "Ⅻ".isnumeric())
text = "naïve café ☕"
enc = text.encode("utf-8")
print(enc, len(text), len(enc), enc.decode("utf-8") == text, text.encode("ascii", "replace"), text.encode("ascii", "ignore"))
try:
    b"\xff\xfe".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
b = b"hello bytes world"
print(b.split(), b.upper(), b.replace(b"o", b"0"), b.find(b"world"), b[0], b[:5], list(b[:3]), b.hex(), bytes.fromhex("41 42"))
print(bytes(range(5)), bytes(3), bytearray(b"ab") + b"c", b"a" * 3, b"%s=%d" % (b"k", 7), b.count(b"l"), b.startswith(b"he"))
print(repr("quote's \"double\" \\ \n\t\x00\u00e9\U0001f600"), ascii("é☕"), str(b"x"), repr(b"\x00\xff'"))
print("%-6s|%6s|%06.2f|%x|%o|%e|%c|%r|%%|%(k)s" % ("ab", "cd", 3.14159, 255, 8, 12345.678, 65, "r", ) if False else
      "%-6s|%6s|%06.2f|%x|%o|%e|%c|%r|%%" % ("ab", "cd", 3.14159, 255, 8, 12345.678, 65, "r"))
print("%(name)s is %(age)d" % {"name": "Ann", "age": 30}, "%5.1f%%" % 99.55, "%+d %+d" % (5, -5))
words = "The rain in Spain stays mainly in the plain".lower().split()
print(sorted(set(words)), max(words, key=len), [w for w in words if w.endswith("ain")])
print("abc" < "abd", "Z" < "a", "abc" * 0, "abc"[::-1], "a" in "abc", ord("A"), chr(9731), "x".join("123"))
print("{:>5}".format("ab") + "|", str(3.0), str(10 ** 20), "tab\there".split("\t"), " a  b ".split(" "))
print(s.removeprefix("  Hello"), "file.tar.gz".removesuffix(".gz"), "MiXeD".lower().islower(), "%s" % [1, 2])
