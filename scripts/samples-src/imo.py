#!/usr/bin/python3
"""IMO ship identification number helper (used by make_samples.py).

An IMO number is 7 digits d1..d7 where
    d7 == (d1*7 + d2*6 + d3*5 + d4*4 + d5*3 + d6*2) mod 10

Usage:
    imo.py check 8716344 9120580 ...   # prints OK/BAD for each number
    imo.py make 871634 ...             # appends the check digit to 6-digit stems
"""
import re
import sys

WEIGHTS = (7, 6, 5, 4, 3, 2)
IMO_RE = re.compile(r"\bIMO[\s:]*(\d{7})\b")


def check_digit(stem: str) -> int:
    if len(stem) != 6 or not stem.isdigit():
        raise ValueError(f"IMO stem must be 6 digits: {stem!r}")
    return sum(int(c) * w for c, w in zip(stem, WEIGHTS)) % 10


def make(stem: str) -> str:
    return stem + str(check_digit(stem))


def is_valid(number: str) -> bool:
    return (len(number) == 7 and number.isdigit()
            and check_digit(number[:6]) == int(number[6]))


def find_all(text: str):
    """All 7-digit numbers written as 'IMO nnnnnnn' in text."""
    return IMO_RE.findall(text)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "make"):
        print(__doc__, file=sys.stderr)
        return 2
    rc = 0
    for arg in argv[2:]:
        if argv[1] == "make":
            print(make(arg))
        else:
            ok = is_valid(arg)
            rc |= 0 if ok else 1
            print(f"{arg} {'OK' if ok else 'BAD'}")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
