"""No pattern of the spec can backtrack catastrophically.

Two checks: structurally, no quantified group contains another quantifier
(the shape of every exponential regex); and by feeding long adversarial
strings, built from each pattern's own character classes, to both engines
the library uses (Python's re in the error path, jsonschema-rs on the hot path).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema_rs
import pytest

try:  # Python 3.11 keeps the regex parser here
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

from adspixel._checker import python_pattern

GENERATED = Path(__file__).resolve().parents[2] / "generated"


def all_patterns() -> list[str]:
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((GENERATED / "schemas").glob("*.json")):
        walk(json.loads(path.read_text()))
    walk(json.loads((GENERATED / "operations.json").read_text()))
    return sorted(found)


PATTERNS = all_patterns()
REPEATS = {
    sre_parse.MAX_REPEAT,
    sre_parse.MIN_REPEAT,
    getattr(sre_parse, "POSSESSIVE_REPEAT", None),
}


def nested_quantifier(parsed, inside: bool = False) -> bool:
    """A group that can repeat more than once around a variable-length repeat: (a+)+, (a|ab)*."""
    for op, arg in parsed:
        if op in REPEATS:
            low, high, body = arg
            if inside and low != high:
                return True
            if nested_quantifier(body, inside=inside or high > 1):
                return True
        elif op == sre_parse.SUBPATTERN:
            if nested_quantifier(arg[-1], inside):
                return True
        elif op == sre_parse.BRANCH and any(nested_quantifier(b, inside) for b in arg[1]):
            return True
    return False


def test_the_structural_check_catches_the_classic_shapes() -> None:
    for bad in ("^(a+)+$", "^([0-9]+,?)*$", "^(a|[a-z]{1,3})*$"):
        assert nested_quantifier(sre_parse.parse(bad)), bad
    for fine in ("^[0-9]+$", "^(\\.[0-9]{1,9})?$", "^([0-9]{2})*$"):
        assert not nested_quantifier(sre_parse.parse(fine)), fine


def test_patterns_were_found() -> None:
    assert len(PATTERNS) >= 4


@pytest.mark.parametrize("pattern", PATTERNS)
def test_no_nested_quantifiers(pattern) -> None:
    assert not nested_quantifier(sre_parse.parse(pattern)), pattern


def adversarial(pattern: str) -> list[str]:
    alphabet = sorted(set(re.sub(r"\\.|[\^$()\[\]{}*+?|]", "", pattern)) | set("0aZ-_:+T ")) or [
        "a"
    ]
    long = 100_000
    strings = [c * long for c in alphabet]
    strings += [c * long + "!" for c in alphabet]
    strings.append("".join(alphabet) * (long // len(alphabet)) + "\n")
    return strings


@pytest.mark.parametrize("pattern", PATTERNS)
def test_long_adversarial_strings_finish(pattern) -> None:
    python = python_pattern(pattern)
    rust = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    for text in adversarial(pattern):
        python.search(text)
        rust.is_valid(text)


def test_dollar_means_end_of_string_in_both_engines() -> None:
    rust = jsonschema_rs.validator_for({"type": "string", "pattern": "^[0-9]+$"})
    assert python_pattern("^[0-9]+$").search("123\n") is None
    assert not rust.is_valid("123\n")
