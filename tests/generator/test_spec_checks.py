"""Each spec check fails on a small broken spec, naming the line and the rule."""

from __future__ import annotations

import pytest

from generator.checks import check_spec
from generator.load import load_spec
from tests.generator.helpers import ROOT, line_of, minimal_text, problems_of


def test_real_spec_passes_every_check() -> None:
    check_spec(load_spec(ROOT / "spec" / "adspixel.yaml"))


def test_minimal_fixture_passes(tmp_path) -> None:
    assert problems_of(tmp_path, minimal_text()) == []


def _only(problems, rule):
    matching = [p for p in problems if p.rule == rule]
    assert matching, f"no {rule} problem in {[str(p) for p in problems]}"
    return matching


@pytest.mark.parametrize(
    ("old", "new", "rule", "line_needle"),
    [
        ("      operationId: list_parts\n", "", "operation-id", ("    get:", 2)),
        ("      description: Renames a widget.\n", "", "operation-description", "    post:"),
        (
            "          description: Weight in grams.\n",
            "",
            "property-description",
            "        weight:",
        ),
        (
            "      description: The access token.\n",
            "",
            "parameter-description",
            "    CommonAccessToken:",
        ),
        (
            '          schema:\n            $ref: "#/components/schemas/Shade"\n',
            "          schema:\n            type: string\n            enum: [light, dark]\n",
            "inline-enum",
            "            enum: [light, dark]",
        ),
        (
            "                shade: light\n",
            "                shade: purple\n",
            "example",
            "              example:",
        ),
        ("          example: dark\n", "          example: 7\n", "example", "          example: 7"),
        ("          example: dark\n", "", "example-missing", "        - name: shade"),
        (
            "x-graph-error-codes: [100]\n",
            "x-graph-error-codes: [100, 999]\n",
            "error-codes",
            "x-graph-error-codes: [100, 999]",
        ),
        (
            "    http_status: 400\n    retryable: true\n",
            "    http_status: 400\n",
            "error-catalog",
            '  "613":',
        ),
        (
            "    applies_to: [edge]\n",
            "    applies_to: [node]\n",
            "field-modifiers",
            "    applies_to: [node]",
        ),
    ],
    ids=[
        "no-operation-id",
        "no-operation-description",
        "no-property-description",
        "no-parameter-description",
        "inline-enum",
        "media-example-mismatch",
        "parameter-example-mismatch",
        "example-missing",
        "unknown-error-code",
        "malformed-catalog-entry",
        "malformed-field-modifier",
    ],
)
def test_lint_rule_fails_with_location(tmp_path, old, new, rule, line_needle) -> None:
    text = minimal_text()
    assert old in text
    broken = text.replace(old, new, 1)
    problems = _only(problems_of(tmp_path, broken), rule)
    needle, occurrence = line_needle if isinstance(line_needle, tuple) else (line_needle, 1)
    assert problems[0].line == line_of(broken, needle, occurrence), str(problems[0])
    assert str(problems[0]).startswith(f"{tmp_path / 'spec.yaml'}:{problems[0].line}: /")


def test_unused_component_is_reported(tmp_path) -> None:
    text = minimal_text().replace(
        "  schemas:\n",
        "  schemas:\n    Orphan:\n      type: string\n      description: Nobody uses me.\n",
        1,
    )
    (problem,) = _only(problems_of(tmp_path, text), "unused-component")
    assert problem.pointer == "/components/schemas/Orphan"
    assert problem.line == line_of(text, "    Orphan:")


def test_unused_error_code_is_reported(tmp_path) -> None:
    text = minimal_text().replace("x-graph-error-codes: [100, 613]", "x-graph-error-codes: [100]")
    (problem,) = _only(problems_of(tmp_path, text), "unused-component")
    assert problem.pointer == "/x-graph-errors/613"


def test_dangling_ref_is_reported(tmp_path) -> None:
    text = minimal_text().replace(
        '$ref: "#/components/schemas/Shade"', '$ref: "#/components/schemas/Shadow"', 1
    )
    problems = problems_of(tmp_path, text)
    assert any("Shadow" in p.message for p in problems), [str(p) for p in problems]


def test_openapi_structure_error_points_at_the_place(tmp_path) -> None:
    text = minimal_text().replace("      in: path\n", "      in: body\n", 1)
    problems = _only(problems_of(tmp_path, text), "openapi")
    assert any(p.pointer.startswith("/components/parameters/WidgetId") for p in problems), [
        str(p) for p in problems
    ]


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        ("openapi: 3.1.0\ninfo: [unclosed\n", "not valid YAML", 3),
        ("openapi: 3.1.0\nopenapi: 3.1.0\n", "duplicate key 'openapi'", 2),
        ("openapi: 3.1.0\n200: x\n", "is not a string", 2),
        ("openapi: 3.1.0\nwhen: 2024-03-05\n", "quote it as a string", 2),
        ("", "the spec is empty", 1),
        ("- a list\n", "must be a mapping", 1),
    ],
)
def test_unreadable_yaml_is_reported_with_its_line(tmp_path, text, needle, line) -> None:
    (problem,) = problems_of(tmp_path, text)
    assert needle in problem.message
    assert problem.line == line


def test_openapi_version_other_than_31_is_refused(tmp_path) -> None:
    text = minimal_text().replace("openapi: 3.1.0", "openapi: 3.0.3")
    (problem,) = problems_of(tmp_path, text)
    assert problem.pointer == "/openapi" and problem.line == 1
