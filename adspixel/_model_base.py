"""Base class of the generated models: JSON's rules where pydantic's differ from the spec's.

The JSON Schemas and the validators are the authority; these adjustments make
the generated pydantic models agree with them (the property tests compare all
three on the same values):

- an optional field refuses an explicit ``null`` unless the spec allows it
  (``anyOf: [..., {type: null}]``, marked ``x-nullable`` by the generator);
  pydantic would otherwise accept ``None`` for every optional field;
- an integer field accepts an integral float (``1.0``), which JSON Schema counts
  as an integer while pydantic's strict int does not;
- a secret (``format: password``, marked ``x-secret``) keeps its pattern and is
  left out of the model's repr.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, model_validator

_Rules = tuple[frozenset[str], dict[str, str]]
_RULES: dict[type, _Rules] = {}


def _extra(field: Any) -> dict[str, Any]:
    extra = field.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _int_kind(annotation: Any, depth: int = 0) -> str | None:
    """'int' when the annotation takes an integer, 'list' for a list of them, else None."""
    if depth > 6 or annotation is None:
        return None
    if annotation is int:
        return "int"
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _int_kind(annotation.model_fields["root"].annotation, depth + 1)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _int_kind(args[0], depth + 1)
    if origin is list:
        return "list" if args and _int_kind(args[0], depth + 1) == "int" else None
    if origin is typing.Union or origin is types.UnionType:
        kinds = {_int_kind(a, depth + 1) for a in args}
        return "int" if "int" in kinds else ("list" if "list" in kinds else None)
    return None


def _rules(cls: type[BaseModel]) -> _Rules:
    rules = _RULES.get(cls)
    if rules is None:
        not_null = set()
        ints: dict[str, str] = {}
        for name, field in cls.model_fields.items():
            key = field.alias or name
            if not field.is_required() and not _extra(field).get("x-nullable"):
                not_null.add(key)
            kind = _int_kind(field.annotation)
            if kind:
                ints[key] = kind
        rules = _RULES[cls] = (frozenset(not_null), ints)
    return rules


class GraphModel(BaseModel):
    """Base of every generated object model."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for field in cls.model_fields.values():
            if _extra(field).get("x-secret"):
                field.repr = False

    @model_validator(mode="before")
    @classmethod
    def _json_semantics(cls, data: Any) -> Any:
        if type(data) is not dict:
            return data
        not_null, ints = _rules(cls)
        copied: dict[str, Any] | None = None
        for key, value in data.items():
            if value is None:
                if key in not_null:
                    raise ValueError(f"{key} may be absent but not null")
            elif key in ints:
                fixed = _integral(value, ints[key])
                if fixed is not value:
                    copied = copied if copied is not None else dict(data)
                    copied[key] = fixed
        return copied if copied is not None else data


def _integral(value: Any, kind: str) -> Any:
    if kind == "int":
        return int(value) if type(value) is float and value.is_integer() else value
    if type(value) is list and any(type(v) is float for v in value):
        return [int(v) if type(v) is float and v.is_integer() else v for v in value]
    return value
