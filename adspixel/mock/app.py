"""The mock's ASGI application: wire validation, auth, faults, then the operation's handler.

Order of the checks, as Graph answers them: a request that cannot be routed
or decoded is answered first (#2500 unknown path, #100); then the access
token (#190); then injected faults (#80004, #368, transient #2); then the
parameters (#100, #2500 for fields=); then the operation itself (#6200 on a
second create, #100 for an unknown object).
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adspixel import _table
from adspixel.errors import new_fbtrace_id
from adspixel.fields import FieldNode, parse
from adspixel.mock import data
from adspixel.mock.store import MemoryStore, Store
from adspixel.validation import validate_response
from adspixel.wire import validate_http_request

log = logging.getLogger("adspixel.mock")

FAULT_HEADER = "x-adspixel-fault"
FAULTS = {"rate-limit": 80004, "abusive": 368, "transient": 2}
_FAULT_SUBCODES = {80004: 2446079}


@dataclass
class MockConfig:
    """How the mock behaves.

    ``tokens`` maps each valid access token to the user id it stands for.
    ``faults`` maps a fault (rate-limit, abusive, transient) to the share of
    requests that meet it; a request can also ask for one with the
    ``X-Adspixel-Fault`` header.  ``check_responses`` checks every answer
    against the spec before sending it (an answer off the spec is a bug of
    the mock: it is logged and answered with a 500).
    """

    tokens: dict[str, str] = field(default_factory=lambda: {"mock-token": "100000000000001"})
    faults: dict[str, float] = field(default_factory=dict)
    seed: int | None = None
    check_responses: bool = True


class GraphFailure(Exception):
    """An answer with Graph's error envelope."""

    def __init__(self, code: int, message: str | None = None, subcode: int | None = None) -> None:
        entry = _table.error_entry(code) or {
            "type": "OAuthException",
            "http_status": 400,
            "meaning": "",
        }
        self.code = code
        self.status = int(entry["http_status"])
        self.body: dict[str, Any] = {
            "message": f"(#{code}) {message or entry['meaning']}",
            "type": entry["type"],
            "code": code,
            "fbtrace_id": new_fbtrace_id(),
        }
        if subcode is not None:
            self.body["error_subcode"] = subcode
        if entry.get("retryable") and code in (2, 80004):
            self.body["is_transient"] = True
        super().__init__(self.body["message"])


def create_app(config: MockConfig | None = None, store: Store | None = None) -> Starlette:
    """The mock Graph API as an ASGI application."""
    mock = _Mock(config or MockConfig(), store or MemoryStore())
    methods = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"]

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        mock.store.close()

    app = Starlette(routes=[Route("/{path:path}", mock.handle, methods=methods)], lifespan=lifespan)
    app.state.mock = mock
    return app


class _Mock:
    def __init__(self, config: MockConfig, store: Store) -> None:
        self.config = config
        self.store = store
        self.random = random.Random(config.seed)
        self.random_lock = threading.Lock()
        self.handlers: dict[str, Callable[..., Any]] = {
            "create": self.create,
            "update": self.update,
            "read": self.read,
        }

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        result = validate_http_request(
            request.method, url, body or None, request.headers.get("content-type")
        )
        params = dict(result.params or {})
        operation_id = result.operation_id
        try:
            if operation_id is None:
                raise _failure_of(result)
            self.authenticate(params)
            self.inject_fault(request)
            if not result.ok:
                raise _failure_of(result)
            handler: Callable[..., Any] = self.handlers.get(operation_id, self.edge)
            status, answer = 200, handler(operation_id, params, dict(result.path_params), request)
        except GraphFailure as failure:
            status, answer = failure.status, {"error": failure.body}
        if operation_id is not None and self.config.check_responses:
            checked = validate_response(operation_id, answer, status)
            if not checked.ok:
                log.error(
                    "answer of %s off the spec: %s",
                    operation_id,
                    [e.message for e in checked.errors],
                )
                bug = GraphFailure(2, "The mock answered off its spec; this is a bug of the mock")
                status, answer = 500, {"error": bug.body}
        # suppress_http_code is accepted but not acted on: Graph would answer an
        # error with HTTP 200, which no response of the spec describes (each
        # 200 is the operation's own shape), and the mock answers within its spec.
        log.info(
            "%s %s -> %s", request.method, request.url.path, status
        )  # never the query: it holds tokens
        return JSONResponse(answer, status_code=status, headers={"x-fb-trace-id": new_fbtrace_id()})

    # ---- the checks before the operation ------------------------------------------------

    def authenticate(self, params: dict[str, Any]) -> str:
        token = params.get("access_token")
        user = self.config.tokens.get(token) if isinstance(token, str) else None
        if user is None:
            raise GraphFailure(190)
        return user

    def inject_fault(self, request: Request) -> None:
        asked = request.headers.get(FAULT_HEADER)
        if asked is not None:
            if asked not in FAULTS:
                raise GraphFailure(
                    100, f"Unknown fault {asked!r}; the mock knows {', '.join(FAULTS)}"
                )
            raise GraphFailure(FAULTS[asked], subcode=_FAULT_SUBCODES.get(FAULTS[asked]))
        for name, share in self.config.faults.items():
            with self.random_lock:
                hit = self.random.random() < share
            if hit:
                code = FAULTS[name]
                raise GraphFailure(code, subcode=_FAULT_SUBCODES.get(code))

    # ---- operations ---------------------------------------------------------------------

    def create(
        self, _operation: str, params: dict[str, Any], path: dict[str, str], request: Request
    ) -> Any:
        user = self.authenticate(params)
        name = params.get("name")
        pixel = self.store.create(
            path["ad_account_id"],
            lambda pixel_id: data.new_pixel(pixel_id, name, user, time.time()),
        )
        if pixel is None:
            raise GraphFailure(6200)
        return {"id": pixel["id"]}

    def update(
        self, _operation: str, params: dict[str, Any], path: dict[str, str], request: Request
    ) -> Any:
        known = _table.table()["nodes"]["AdsPixel"]["fields"]
        changes = {k: v for k, v in params.items() if k in known}
        if self.store.update(path["ads_pixel_id"], changes) is None:
            raise _missing("post", path["ads_pixel_id"])
        return {"success": True}

    def read(
        self, _operation: str, params: dict[str, Any], path: dict[str, str], request: Request
    ) -> Any:
        pixel = self._pixel(path["ads_pixel_id"], "get")
        tree = parse(params["fields"]) if isinstance(params.get("fields"), str) else None
        if not tree:
            return {"id": pixel["id"], "name": pixel["name"]}

        def edge(node: FieldNode) -> Any:
            return self._edge_page(pixel, node.name, params, node, request, embedded=True)

        return data.select(pixel, tree, "AdsPixel", edge)

    def edge(
        self, operation_id: str, params: dict[str, Any], path: dict[str, str], request: Request
    ) -> Any:
        pixel = self._pixel(path["ads_pixel_id"], "get")
        edge_name = _table.operation(operation_id)["path"].rsplit("/", 1)[1]
        tree = parse(params["fields"]) if isinstance(params.get("fields"), str) else None
        node = FieldNode(edge_name, (), tree or None)
        return self._edge_page(pixel, edge_name, params, node, request, embedded=False)

    def _edge_page(
        self,
        pixel: dict[str, Any],
        edge_name: str,
        params: dict[str, Any],
        node: FieldNode,
        request: Request,
        *,
        embedded: bool,
    ) -> dict[str, Any]:
        node_type = _table.table()["nodes"]["AdsPixel"]["edges"][edge_name]
        items = data.edge_items(pixel, edge_name, params)
        if node.children:
            items = [data.select(item, node.children, node_type, lambda _n: None) for item in items]
        modifiers = {m.name: m.argument for m in node.modifiers}
        limit = int(modifiers["limit"]) if modifiers.get("limit", "").isdigit() else None
        summary = modifiers.get("summary") in ("true", "total_count")
        link = f"{request.base_url}v22.0/{pixel['id']}/{edge_name}"
        page_params = {} if embedded else params
        return data.page(items, page_params, link, limit=limit, summary=summary)

    def _pixel(self, pixel_id: str, verb: str) -> dict[str, Any]:
        pixel = self.store.get(pixel_id)
        if pixel is None:
            raise _missing(verb, pixel_id)
        return pixel


def _missing(verb: str, object_id: str) -> GraphFailure:
    return GraphFailure(
        100,
        f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, "
        "cannot be loaded due to missing permissions, or does not support this operation",
        subcode=33,
    )


def _failure_of(result: Any) -> GraphFailure:
    error = result.errors[0]
    failure = GraphFailure(error.graph_code)
    failure.body["message"] = error.graph_message()
    return failure
