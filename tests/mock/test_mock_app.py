"""The mock Graph server in process: state, fields=, paging, auth, faults, persistence, conformance."""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import given
from starlette.testclient import TestClient

import adspixel
from adspixel import strategies
from adspixel.mock import MemoryStore, MockConfig, SqliteStore, create_app

TOKEN = "access_token=mock-token"


def checked(response, operation_id: str):
    """Every answer of the mock conforms to the spec."""
    body = response.json()
    result = adspixel.validate_response(operation_id, body, response.status_code)
    assert result.ok, (response.status_code, body, result.errors)
    return body


@pytest.fixture
def client():
    with TestClient(create_app(MockConfig(seed=1))) as c:
        yield c


def create(client, account="111", name="My WCA Pixel") -> str:
    response = client.post(f"/v22.0/act_{account}/adspixels?{TOKEN}", data={"name": name})
    assert response.status_code == 200
    return checked(response, "create")["id"]


def test_create_update_read(client) -> None:
    pixel = create(client)
    update = client.post(
        f"/v22.0/{pixel}/?{TOKEN}",
        data={
            "automatic_matching_fields": '["em","ph"]',
            "enable_automatic_matching": "true",
            "data_use_setting": "ANALYTICS_ONLY",
        },
    )
    assert checked(update, "update") == {"success": True}
    read = client.get(
        f"/v22.0/{pixel}?{TOKEN}&fields=name,automatic_matching_fields,enable_automatic_matching,data_use_setting"
    )
    assert checked(read, "read") == {
        "id": pixel,
        "name": "My WCA Pixel",
        "automatic_matching_fields": ["em", "ph"],
        "enable_automatic_matching": True,
        "data_use_setting": "ANALYTICS_ONLY",
    }


def test_a_second_create_on_one_account_answers_6200(client) -> None:
    create(client, "222")
    second = client.post(f"/v22.0/act_222/adspixels?{TOKEN}", data={"name": "again"})
    assert second.status_code == 400
    assert checked(second, "create")["error"]["code"] == 6200
    assert create(client, "333")  # another account is fine


def test_read_honours_fields_with_nested_selections_edges_and_aliases(client) -> None:
    pixel = create(client)
    body = checked(
        client.get(
            f"/v22.0/{pixel}?{TOKEN}&fields=name.as(pixel_name),creator{{name}},usage{{num_lift_studies}},"
            "owner_business{id},stats.limit(2).summary(true){aggregation,data{value}}"
        ),
        "read",
    )
    assert set(body) == {"id", "pixel_name", "creator", "usage", "owner_business", "stats"}
    assert body["creator"] == {"id": body["creator"]["id"], "name": "Mock Graph User"}
    assert body["owner_business"] is None
    stats = body["stats"]
    assert len(stats["data"]) == 2 and stats["summary"] == {"total_count": 30}
    assert set(stats["data"][0]) == {"aggregation", "data"} and set(
        stats["data"][0]["data"][0]
    ) == {"value"}
    assert adspixel.validate_response(
        "read",
        body,
        fields="name.as(pixel_name),creator{name},usage{num_lift_studies},owner_business{id},stats{aggregation,data{value}}",
    ).ok


def test_read_without_fields_gives_id_and_name(client) -> None:
    pixel = create(client)
    assert checked(client.get(f"/v22.0/{pixel}/?{TOKEN}"), "read") == {
        "id": pixel,
        "name": "My WCA Pixel",
    }


def test_edges_page_with_working_cursors(client) -> None:
    pixel = create(client)
    seen = []
    url = f"/v22.0/{pixel}/stats?{TOKEN}&limit=7&aggregation=event"
    pages = 0
    while url:
        body = checked(client.get(url), "list_stats")
        seen.extend(item["start_time"] for item in body["data"])
        assert len(body["data"]) <= 7
        url = body.get("paging", {}).get("next")
        pages += 1
    assert pages == 5 and len(seen) == 30 and len(set(seen)) == 30
    first = checked(client.get(f"/v22.0/{pixel}/stats?{TOKEN}&limit=7"), "list_stats")
    second = checked(client.get(first["paging"]["next"]), "list_stats")
    back = checked(client.get(second["paging"]["previous"]), "list_stats")
    assert back["data"] == first["data"]


@pytest.mark.parametrize(
    ("edge", "query"),
    [
        ("assigned_users", "&business=200000000000002"),
        ("da_checks", "&connection_method=BROWSER"),
        ("offline_event_uploads", "&order=DESCENDING"),
        ("openbridge_configurations", ""),
        ("shared_agencies", "&summary=true"),
        ("stats", "&aggregation=device_os"),
    ],
)
def test_every_edge_answers_its_node_type(client, edge, query) -> None:
    pixel = create(client)
    body = checked(client.get(f"/v22.0/{pixel}/{edge}?{TOKEN}{query}"), f"list_{edge}")
    assert "data" in body


def test_edge_fields_select_item_fields(client) -> None:
    pixel = create(client)
    body = checked(
        client.get(f"/v22.0/{pixel}/da_checks?{TOKEN}&fields=key,result"), "list_da_checks"
    )
    assert all(set(item) == {"key", "result"} for item in body["data"])


@pytest.mark.parametrize(
    ("method", "url", "data", "code", "status"),
    [
        ("GET", "/v22.0/1?fields=id", None, 190, 400),
        ("GET", "/v22.0/1?fields=id&access_token=wrong", None, 190, 400),
        ("GET", f"/v22.0/999?{TOKEN}", None, 100, 400),
        ("POST", f"/v22.0/999?{TOKEN}", {"name": "x"}, 100, 400),
        ("GET", f"/v22.0/1/nope?{TOKEN}", None, 2500, 400),
        ("DELETE", f"/v22.0/1?{TOKEN}", None, 100, 400),
        ("POST", f"/v22.0/1?{TOKEN}", {"data_use_setting": "BOGUS"}, 100, 400),
        ("GET", f"/v22.0/1?{TOKEN}&fields=id,name}}", None, 2500, 400),
        ("GET", f"/v22.0/1/assigned_users?{TOKEN}", None, 100, 400),
    ],
)
def test_errors_are_graph_envelopes(client, method, url, data, code, status) -> None:
    response = client.request(method, url, data=data)
    assert response.status_code == status
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"].startswith(f"(#{code})")
    assert adspixel.GraphError.from_response(body).code == code


def test_invalid_parameter_message_is_graphs(client) -> None:
    body = client.post(f"/v22.0/1?{TOKEN}", data={"data_use_setting": "BOGUS"}).json()
    assert body["error"]["message"] == (
        "(#100) Param data_use_setting must be one of {EMPTY, ADVERTISING_AND_ANALYTICS, ANALYTICS_ONLY}"
    )


@pytest.mark.parametrize(
    ("fault", "code", "status"),
    [("rate-limit", 80004, 400), ("abusive", 368, 400), ("transient", 2, 500)],
)
def test_faults_by_header(client, fault, code, status) -> None:
    response = client.get(f"/v22.0/1?{TOKEN}", headers={"x-adspixel-fault": fault})
    assert response.status_code == status
    error = adspixel.GraphError.from_response(response.json(), http_status=response.status_code)
    assert error.code == code
    assert error.retryable == (code != 368)


def test_faults_by_configuration() -> None:
    with TestClient(create_app(MockConfig(faults={"transient": 0.5}, seed=7))) as client:
        statuses = [client.get(f"/v22.0/1?{TOKEN}").status_code for _ in range(200)]
    assert 60 < statuses.count(500) < 140
    assert statuses.count(500) + statuses.count(400) == 200


def test_configured_tokens(client) -> None:
    with TestClient(create_app(MockConfig(tokens={"EAAB-mine": "42"}))) as other:
        assert other.get(f"/v22.0/1?{TOKEN}").json()["error"]["code"] == 190
        assert (
            other.post(
                "/v22.0/act_1/adspixels?access_token=EAAB-mine", data={"name": "x"}
            ).status_code
            == 200
        )


def test_state_survives_a_restart_in_sqlite(tmp_path) -> None:
    state = tmp_path / "mock.sqlite"
    with TestClient(create_app(MockConfig(), SqliteStore(state))) as first:
        pixel = create(first, "444")
        first.post(f"/v22.0/{pixel}?{TOKEN}", data={"name": "renamed"})
    with TestClient(create_app(MockConfig(), SqliteStore(state))) as second:
        assert (
            checked(second.get(f"/v22.0/{pixel}?{TOKEN}&fields=name"), "read")["name"] == "renamed"
        )
        assert (
            second.post(f"/v22.0/act_444/adspixels?{TOKEN}", data={"name": "x"}).json()["error"][
                "code"
            ]
            == 6200
        )
        assert create(second, "555") != pixel


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_no_lost_update_between_threads(tmp_path, store) -> None:
    import threading

    backend = MemoryStore() if store == "memory" else SqliteStore(tmp_path / "s.sqlite")
    app = create_app(MockConfig(), backend)
    with TestClient(app) as client:
        pixels = [create(client, str(900 + i)) for i in range(4)]

        def work(pixel: str) -> None:
            for n in range(25):
                client.post(f"/v22.0/{pixel}?{TOKEN}", data={"name": f"{pixel}-{n}"})

        threads = [threading.Thread(target=work, args=(p,)) for p in pixels]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for pixel in pixels:
            assert client.get(f"/v22.0/{pixel}?{TOKEN}&fields=name").json()["name"] == f"{pixel}-24"


@given(strategies.http_requests("update").filter(lambda r: "access_token" not in r.params))
def test_any_valid_update_is_applied_and_conforms(request) -> None:
    with TestClient(create_app(MockConfig())) as client:
        pixel = create(client)
        parts = urlsplit(request.url)
        segments = parts.path.split("/")  # ["", "v22.0", "<ads_pixel_id>", ...]
        segments[2] = pixel
        query = f"{parts.query}&{TOKEN}" if parts.query else TOKEN
        url = urlunsplit(("", "", "/".join(segments), query, ""))
        response = client.request(
            request.method,
            url,
            content=request.body,
            headers={"content-type": request.content_type} if request.content_type else {},
        )
        assert checked(response, "update") == {"success": True}, response.json()
        expected = {
            k: v
            for k, v in request.params.items()
            if k
            in (
                "name",
                "data_use_setting",
                "enable_automatic_matching",
                "first_party_cookie_status",
                "automatic_matching_fields",
            )
        }
        if expected:
            read = client.get(f"/v22.0/{pixel}?{TOKEN}&fields={','.join(expected)}").json()
            assert {k: read[k] for k in expected} == expected


def test_answers_are_json_with_a_trace_header(client) -> None:
    response = client.get(f"/v22.0/1?{TOKEN}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-fb-trace-id"]
    json.loads(response.text)
