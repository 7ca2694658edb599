"""Prose for errors: one message for people, and the message Graph itself would send.

Kept apart from :mod:`adspixel.errors` so that building an error stays cheap:
text is only made when somebody reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adspixel.errors import param_label

if TYPE_CHECKING:
    from adspixel.errors import ErrorDetail

TYPE_PHRASES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def types_phrase(types: tuple[str, ...]) -> str:
    return " or ".join(TYPE_PHRASES.get(t, t) for t in types)


def _requirement(error: ErrorDetail) -> str:
    """What the rule wants, as the end of 'must be ...' / 'must ...'."""
    rule, expected = error.rule, error.expected
    if rule == "type":
        return f"be {types_phrase(tuple(expected))}"
    if rule == "enum":
        return "be one of {" + ", ".join(str(v) for v in expected) + "}"
    if rule == "const":
        return f"be {expected!r}"
    if rule == "pattern":
        return f"match the pattern {expected}"
    if rule == "anyOf":
        return "be " + " or ".join(expected)
    if rule in ("minimum", "exclusiveMinimum"):
        return f"be {'at least' if rule == 'minimum' else 'greater than'} {expected}"
    if rule in ("maximum", "exclusiveMaximum"):
        return f"be {'at most' if rule == 'maximum' else 'less than'} {expected}"
    if rule == "minLength":
        return f"be at least {expected} character{'s' * (expected != 1)} long"
    if rule == "maxLength":
        return f"be at most {expected} characters long"
    if rule == "minItems":
        return f"have at least {expected} item{'s' * (expected != 1)}"
    if rule == "maxItems":
        return f"have at most {expected} items"
    if rule == "not_json":
        return "be a JSON value (string, number, boolean, null, array or object with string keys)"
    if rule == "max_depth":
        return f"be nested at most {expected} levels deep"
    return f"satisfy {rule}"


def describe_error(error: ErrorDetail) -> str:
    where = error.pointer or "(root)"
    rule = error.rule
    if error.detail is not None:
        return f"{where}: {error.detail}"
    if rule == "required":
        return f"{where}: required but missing"
    if rule == "unknown_parameter":
        return f"{where}: not a parameter of this operation"
    if rule == "unknown_field":
        return f"{where}: not a field of this type"
    return f"{where}: must {_requirement(error)} (got {error.value})"


def graph_message(error: ErrorDetail) -> str:
    """The ``message`` of the envelope Graph answers, ``(#code) ...``."""
    code = error.graph_code
    rule = error.rule
    name = param_label(error.loc)
    if rule == "required":
        text = f"The parameter {name} is required"
    elif rule == "unknown_parameter":
        text = f"Param {name} is not a valid parameter"
    elif error.detail is not None:
        text = error.detail
    else:
        text = f"Param {name} must {_requirement(error)}"
    return f"(#{code}) {text}"
