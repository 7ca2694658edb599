"""The fields= language: parser, renderer, checks against the spec's node types, wiring."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import adspixel
from adspixel import _table
from adspixel.fields import FieldNode, FieldsSyntaxError, Modifier, check, parse, render
from adspixel.strategies import fields_trees

NODES = _table.table()["nodes"]


def test_parse_nested_selections_modifiers_and_aliases() -> None:
    tree = parse(
        "id,name.as(pixel_name),owner_business{id,name},stats.limit(10).summary(true){data{count,value}}"
    )
    assert tree == (
        FieldNode("id"),
        FieldNode("name", (Modifier("as", "pixel_name"),)),
        FieldNode("owner_business", (), (FieldNode("id"), FieldNode("name"))),
        FieldNode(
            "stats",
            (Modifier("limit", "10"), Modifier("summary", "true")),
            (FieldNode("data", (), (FieldNode("count"), FieldNode("value"))),),
        ),
    )
    assert tree[1].alias == "pixel_name" and tree[0].alias == "id"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        (" id , name ,owner_business { id , name } ", "id,name,owner_business{id,name}"),
        ("id%2Cname%2Cowner_business%7Bid%7D", "id,name,owner_business{id}"),
        (
            "stats.since(2024-03-05T00:00:00+0000).until( 1709659361 )",
            "stats.since(2024-03-05T00:00:00+0000).until(1709659361)",
        ),
        ("", ""),
        ("  ", ""),
    ],
)
def test_whitespace_and_url_encoding_as_clients_send_them(text, canonical) -> None:
    assert render(parse(text)) == canonical


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("id,name}", 7, '"," or end of string'),
        ("id,", 3, "a field name"),
        ("id,,name", 3, "a field name"),
        ("{id}", 0, "a field name"),
        ("owner_business{}", 15, "a field name"),
        ("owner_business{id", 17, '"," or "}"'),
        ("owner_business{id name}", 18, '"," or "}"'),
        ("stats.limit", 11, '"("'),
        ("stats.limit(10", 14, '")"'),
        ("stats.limit()", 12, "an argument"),
        ("stats.(10)", 6, "a modifier name"),
        ("stats.limit(f(1))", 13, '")"'),
        ("na-me", 2, '"," or end of string'),
    ],
)
def test_syntax_errors_are_2500_with_the_position(text, position, expected) -> None:
    with pytest.raises(FieldsSyntaxError) as info:
        parse(text)
    assert (info.value.position, info.value.expected) == (position, expected)
    message = info.value.error.graph_message()
    assert (
        message.startswith('(#2500) Syntax error "Expected ')
        and f"at character {position}: {text}" in message
    )
    assert info.value.error.to_graph_error("t")["error"]["code"] == 2500
    assert isinstance(info.value, adspixel.ValidationError)


def test_nesting_depth_is_bounded_without_recursion() -> None:
    deep = "owner_business{" * 100_000
    with pytest.raises(FieldsSyntaxError) as info:
        parse(deep)
    assert "nested selections" in info.value.expected
    assert len(info.value.error.graph_message()) < 300


@pytest.mark.parametrize(
    ("text", "node_type", "message"),
    [
        (
            "nmae",
            "AdsPixel",
            "(#100) Tried accessing nonexisting field (nmae) on node type (AdsPixel)",
        ),
        (
            "owner_business{id,nmae}",
            "AdsPixel",
            "(#100) Tried accessing nonexisting field (nmae) on node type (Business)",
        ),
        (
            "creator{email}",
            "AdsPixel",
            "(#100) Tried accessing nonexisting field (email) on node type (User)",
        ),
        (
            "stats{count}",
            "AdsPixel",
            "(#100) Tried accessing nonexisting field (count) on node type (AdsPixelStatsResult)",
        ),
        (
            "stats{data{count,nope}}",
            "AdsPixel",
            "(#100) Tried accessing nonexisting field (nope) on node type (AdsPixelStats)",
        ),
        (
            "assigned_users{business{id,code}}",
            "AdsPixel",
            "(#100) Tried accessing nonexisting field (code) on node type (Business)",
        ),
        (
            "key,nope",
            "DACheck",
            "(#100) Tried accessing nonexisting field (nope) on node type (DACheck)",
        ),
        (
            "name.limit(10)",
            "AdsPixel",
            "(#100) Modifier (limit) applies to edges; (name) is a field of (AdsPixel)",
        ),
        (
            "name.since(1709659361)",
            "AdsPixel",
            "(#100) Modifier (since) applies to edges; (name) is a field of (AdsPixel)",
        ),
        (
            "stats.limit(-1)",
            "AdsPixel",
            "(#100) Invalid argument (-1) of modifier (limit) on (stats): must be at least 0 (got -1)",
        ),
        (
            "stats.limit(ten)",
            "AdsPixel",
            "(#100) Invalid argument (ten) of modifier (limit) on (stats): must be an integer (got 'ten')",
        ),
        (
            "name.as(1abc)",
            "AdsPixel",
            "(#100) Invalid argument (1abc) of modifier (as) on (name): must match the pattern ^[A-Za-z_][A-Za-z0-9_]*$ (got '1abc')",
        ),
        (
            "stats.sort(x)",
            "AdsPixel",
            "(#100) Unknown modifier (sort) on (stats); known: as, limit, since, until, summary",
        ),
        (
            "name{id}",
            "AdsPixel",
            "(#100) Field (name) on node type (AdsPixel) is not a node: it has no fields to select",
        ),
    ],
)
def test_checks_against_the_node_types(text, node_type, message) -> None:
    (error,) = check(text, node_type)
    assert error.graph_message() == message
    assert error.pointer == "/fields"


def test_valid_expressions_on_every_level() -> None:
    text = (
        "id,name.as(n),owner_business{id,name},creator{id,name},usage{num_lift_studies},"
        "stats.limit(10).since(2024-03-05T00:00:00+0000).until(1709659361).summary(true){aggregation,data{value,count}},"
        "assigned_users.as(users){id,business{name}},shared_agencies.summary(total_count){id}"
    )
    assert check(text) == ()
    assert adspixel.validate_fields(text).ok
    with pytest.raises(KeyError, match="known: "):
        check(parse("id"), "Nope")


def test_every_error_is_listed() -> None:
    errors = check("nmae,name.limit(1),owner_business{x,y}")
    assert [e.rule for e in errors] == [
        "unknown_field",
        "modifier_not_allowed",
        "unknown_field",
        "unknown_field",
    ]


# ---- wiring --------------------------------------------------------------------------


def test_validate_http_request_checks_fields_on_reads_and_edges() -> None:
    result = adspixel.validate_http_request("GET", "/v22.0/123/?fields=id,nmae&access_token=t")
    assert result.to_graph_error("t")["error"]["message"] == (
        "(#100) Tried accessing nonexisting field (nmae) on node type (AdsPixel)"
    )
    result = adspixel.validate_http_request("GET", "/v22.0/123/da_checks?fields=key,result,bogus")
    assert result.errors[0].graph_message().endswith("(bogus) on node type (DACheck)")
    assert (
        adspixel.validate_http_request("GET", "/v22.0/123?fields=id,name%7D").errors[0].graph_code
        == 2500
    )
    assert adspixel.validate_http_request(
        "GET", "/v22.0/123/stats?fields=aggregation,data%7Bvalue%7D"
    ).ok


def test_validate_request_checks_fields_too() -> None:
    assert not adspixel.validate_request("read", {"fields": "nmae"}).ok
    assert adspixel.validate_request("read", {"fields": "id,name"}).ok
    assert adspixel.validate_request("update", {"fields": "anything"}).ok  # no node type on a POST


def test_response_fields_not_asked_for() -> None:
    body = {
        "id": "1",
        "name": "x",
        "code": "c",
        "owner_business": {"id": "2", "name": "b"},
        "n": "alias",
    }
    result = adspixel.validate_response("read", body, fields="name,owner_business{id},name.as(n)")
    assert [(e.pointer, e.rule) for e in result.errors] == [
        ("/code", "unrequested_field"),
        ("/owner_business/name", "unrequested_field"),
    ]
    page = {"data": [{"key": "k", "title": "t"}]}
    result = adspixel.validate_response("list_da_checks", page, fields="key")
    assert [(e.pointer, e.rule) for e in result.errors] == [("/data/0/title", "unrequested_field")]
    edge = {
        "id": "1",
        "stats": {"data": [{"aggregation": "event", "start_time": "2024-03-05T17:22:41+0000"}]},
    }
    result = adspixel.validate_response("read", edge, fields="stats{aggregation}")
    assert [e.pointer for e in result.errors] == ["/stats/data/0/start_time"]
    assert adspixel.validate_response("read", body, fields="id,}").errors[0].rule == "fields_syntax"


# ---- properties ----------------------------------------------------------------------


@given(fields_trees("AdsPixel"))
def test_round_trip_and_valid_by_construction(tree) -> None:
    assert parse(render(tree)) == tree
    assert check(tree) == ()


@pytest.mark.parametrize("node_type", sorted(NODES))
def test_round_trip_on_every_node_type(node_type) -> None:
    @given(fields_trees(node_type))
    def run(tree):
        assert parse(render(tree)) == tree
        assert check(tree, node_type) == ()

    run()


def test_every_field_and_edge_round_trips() -> None:
    def everything(node_type, depth=0):
        info = NODES[node_type]
        nodes = []
        for name, target in {**info["fields"], **info["edges"]}.items():
            children = everything(target, depth + 1) if target and depth < 2 else None
            nodes.append(FieldNode(name, (), children))
        return tuple(nodes)

    for node_type in ("AdsPixel", *sorted(NODES)):
        tree = everything(node_type)
        assert parse(render(tree)) == tree
        assert check(tree, node_type) == ()


@given(
    st.text(alphabet=st.sampled_from(list("abz_09 ,.(){}%2C")), max_size=40) | st.text(max_size=40)
)
def test_arbitrary_strings_give_a_tree_or_a_positioned_2500(text) -> None:
    error: FieldsSyntaxError | None = None
    try:
        check(parse(text))
    except FieldsSyntaxError as exc:
        error = exc
    if error is not None:
        assert 0 <= error.position <= len(text) + 2
        assert error.error.graph_code == 2500


def test_edges_embedded_in_a_read_are_checked_as_edge_pages() -> None:
    body = {"id": "1", "s": {"data": [{"aggregation": "event", "start_time": "yesterday"}]}}
    result = adspixel.validate_response(
        "read", body, fields="stats.as(s){aggregation,start_time}", strict=True
    )
    assert [(e.pointer, e.rule) for e in result.errors] == [("/s/data/0/start_time", "pattern")]
    body["s"]["data"][0]["start_time"] = "2024-03-05T17:22:41+0000"
    assert adspixel.validate_response(
        "read", body, fields="stats.as(s){aggregation,start_time}", strict=True
    ).ok
    # Without fields=, an edge in a read answer is a field the spec does not know.
    assert adspixel.validate_response("read", body, strict=True).errors[0].rule == "unknown_field"


def test_long_expressions_are_cut_around_the_error() -> None:
    text = "id," * 60 + "}" + ",name" * 40
    with pytest.raises(FieldsSyntaxError) as info:
        parse(text)
    message = info.value.error.graph_message()
    assert f"at character {text.index('}')}: ..." in message
    assert text[text.index("}") - 60 : text.index("}") + 60] in message and message.endswith("...")
    early = "id,}" + ",name" * 40
    with pytest.raises(FieldsSyntaxError) as info:
        parse(early)
    assert info.value.error.graph_message().endswith(f"at character 3: {early[:63]}...")
    short = "id,}"
    with pytest.raises(FieldsSyntaxError) as info:
        parse(short)
    assert info.value.error.graph_message().endswith(f"at character 3: {short}")
